"""The build: load data/ → map to RDF → SHACL gate and zero-row checks → write the published files, timing
each phase. SHACL validation runs in a child process, started first (it imports the engine while the data loads)
and validating beside the checks and serialization; nothing is written unless both gates pass."""

from __future__ import annotations

import gc
import gzip
import itertools
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg import __version__
from hadrut_kg.quality.checks import run_checks
from hadrut_kg.chronology.derive import derive
from hadrut_kg.curated.errors import BuildError
from hadrut_kg.curated.loader import Dataset, load_data
from hadrut_kg.rdf.mapping import map_dataset
from hadrut_kg.vocabulary.namespaces import ONTOLOGY_IRI, OWL, Minted, reading_for
from hadrut_kg.vocabulary.ontology import load_ontology
from hadrut_kg.paths import ALIGNMENT_FILE, DATA, ONTOLOGY_FILE, SHAPES_FILE, SPARQL_SHAPES_FILE
from hadrut_kg.rdf.publish import (MARKER, OutputRefused, atomic_directory, jsonld, ntriples, sort_key, sorted_quads,
                                   trig, triples_of, turtle)
from hadrut_kg.quality.validation import BackgroundValidation, Report, both_shapes
from hadrut_kg.rdf.void import DUMPS, describe, file_facts


@dataclass
class BuildResult:
    out: Path
    files: list[str]
    triples: int
    quads: int
    graphs: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    report: Report | None = None


def ontology_quads(minted: Minted, path: Path = ONTOLOGY_FILE) -> list[ox.Quad]:
    """The ontology as published: the edited file plus a versioned owl:versionIRI, in the ontology's graph."""
    graph = ox.NamedNode(minted.graph("ontology"))
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
             for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    quads.append(ox.Quad(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI"),
                         ox.NamedNode(f"{ONTOLOGY_IRI}/{__version__}"), graph))
    return quads


def alignment_quads(minted: Minted, path: Path = ALIGNMENT_FILE) -> list[ox.Quad]:
    """The Wikidata alignment, an ontology of its own, in a graph of its own (one owl:Ontology per graph)."""
    graph = ox.NamedNode(minted.graph("wikidata-alignment"))
    return [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def report_dir(out: Path) -> Path:
    return out.parent / f"{out.name}-report"


def build(out: Path, base: str, data_dir: Path = DATA, shapes_file: Path = SHAPES_FILE,
          validate_shapes: bool = True, progress=None, force: bool = False,
          sparql_shapes_file: Path = SPARQL_SHAPES_FILE) -> BuildResult:
    """Build into `out`; raise DataError (bad input) or BuildError (SHACL) and leave `out` as it was.
    `progress`, if given, hears one line at the end of each phase. The gate is the SHACL Core shapes and the
    SHACL-SPARQL ones together; each is published as its own file."""
    core, sparql = shapes_file.read_bytes(), sparql_shapes_file.read_bytes()
    shapes = both_shapes(core, sparql)
    # SHACL and the zero-row checks run in a forked child on the second core: started first, so that it imports
    # the engine while this process loads and maps; it validates while this process serializes.
    gates = BackgroundValidation(shapes if validate_shapes else None, also=run_checks)
    # The build makes millions of objects and almost no reference cycles: the cyclic collector's full passes
    # over them cost a quarter of a 500k-triple build. It is paused and run once between phases instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(out, base, data_dir, {"shapes.ttl": core, "shapes-sparql.ttl": sparql}, gates,
                      progress or (lambda _text: None), force)
    finally:
        gates.close()
        if collecting:
            gc.enable()


SMALL = 50_000  # quads (or facts) below which a collection costs more than it frees


def _collect(size: int) -> None:
    """A full collection between phases, where it pays: on a large build it frees the previous phase's cycles
    before the next peak; on the real data (about 10k quads) it is 15 ms on the critical path for nothing."""
    if size >= SMALL:
        gc.collect()


def _build(out: Path, base: str, data_dir: Path, shapes: dict[str, bytes], gates: BackgroundValidation,
           progress, force: bool = False) -> BuildResult:
    timings: dict[str, float] = {}
    minted = Minted(base)

    t = time.perf_counter()
    onto = load_ontology()
    with reading_for(base):
        data: Dataset = load_data(data_dir, onto)
    progress(f"read {len(data.entities)} records, {len(data.facts)} facts from {data_dir}")
    chron = derive(data)
    _collect(len(data.facts))
    timings["load"] = time.perf_counter() - t
    progress(f"derived time bounds ({timings['load']:.2f}s)")

    t = time.perf_counter()
    onto_quads = ontology_quads(minted)
    quads = sorted_quads(itertools.chain(map_dataset(data, minted, onto, chron), onto_quads,
                                         alignment_quads(minted)))
    # Only the sources are needed from here on (VoID): the records and the chronology go before the largest
    # things are made, so those reuse their memory (peak at 500k triples).
    described = Dataset(sources=data.sources)
    del data, chron
    _collect(len(quads))
    timings["map"] = time.perf_counter() - t
    progress(f"mapped to {len(quads)} quads ({timings['map']:.2f}s)")

    # The N-Triples first: the child validates them while this process writes the other files. Then the files
    # made from the quads, which go as soon as those exist (memory at a million triples).
    t = time.perf_counter()
    triples = triples_of(quads)
    nt = ntriples(triples)
    gates.send(nt)
    prefixes = minted.prefixes()
    graphs: dict[str, int] = {}
    for q in quads:
        graph = q.graph_name.value
        graphs[graph] = graphs.get(graph, 0) + 1
    void = describe(quads, described, minted, triples)  # written last: it gives each dump's size and checksum
    files = {"hadrut.trig": trig(quads, prefixes)}
    quad_count = len(quads)
    del quads
    gc.collect()
    files |= {
        "hadrut.ttl": turtle(triples, prefixes),
        "hadrut.nt": nt,
        "hadrut.jsonld": jsonld(triples, prefixes),
        "ontology.ttl": turtle(triples_of(onto_quads), prefixes),
        **shapes,
        "wikidata-alignment.ttl": ALIGNMENT_FILE.read_bytes(),
    }
    files |= {name + ".gz": gzip.compress(files[name], compresslevel=9, mtime=0) for name in DUMPS}
    files["void.ttl"] = turtle(sorted(void + file_facts(files, minted), key=sort_key), prefixes)
    files = dict(sorted(files.items()))
    timings["serialize"] = time.perf_counter() - t
    progress(f"serialized {len(files)} files ({timings['serialize']:.2f}s); waiting for SHACL and the checks")

    t = time.perf_counter()
    try:
        report, failures = gates.result()
    except Exception as exc:  # noqa: BLE001 — whatever stopped the SHACL engine or a check, said plainly
        raise BuildError(f"SHACL validation could not run: {type(exc).__name__}: {exc}", out) from None
    timings["validate+checks"] = gates.elapsed  # in the child, beside serialization
    timings["wait"] = time.perf_counter() - t  # how long this process waited for them
    if report is not None:
        files["shacl-report.ttl"] = report.turtle
        if not report.conforms:
            rdir = report_dir(out)
            try:  # a folder of that name the tool did not write is left alone
                with atomic_directory(rdir) as tmp:
                    (tmp / "shacl-report.ttl").write_bytes(report.turtle)
                    (tmp / "shacl-report.txt").write_bytes(report.text.encode())
                where = f"full report: {rdir / 'shacl-report.txt'}"
            except OutputRefused:
                where = f"no report file: {rdir} is not a folder hadrut-kg wrote"
            summary = "\n".join(str(v) for v in report.violations)
            raise BuildError(f"SHACL validation failed with {len(report.violations)} result(s); "
                             f"{where}\n{summary}", out)
    if failures:
        raise BuildError(f"{len(failures)} check(s) in queries/checks returned rows:\n"
                         + "\n".join(str(f) for f in failures), out)

    progress("SHACL and the checks passed; writing " + str(out))
    t = time.perf_counter()
    with atomic_directory(out, force) as tmp:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
    if (report_dir(out) / MARKER).is_file():  # a failed build's report no longer describes `out`
        shutil.rmtree(report_dir(out), ignore_errors=True)
    timings["write"] = time.perf_counter() - t

    return BuildResult(out, sorted(files), len(triples), quad_count, graphs, timings, report)
