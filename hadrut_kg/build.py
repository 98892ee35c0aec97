"""The build: load data/ → map to RDF → SHACL gate and zero-row checks → write the published files, timing
each phase. SHACL validation (the slowest phase) runs in a child process beside the checks and serialization;
nothing is written unless both gates pass."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .background import Background
from .checks import run_checks, store_of
from .chronology import derive
from .errors import BuildError
from .loader import Dataset, load_data
from .mapping import map_dataset
from .namespaces import ONTOLOGY_IRI, OWL, Minted
from .ontology import load_ontology
from .paths import ALIGNMENT_FILE, DATA, ONTOLOGY_FILE, SHAPES_FILE
from .publish import atomic_directory, jsonld, ntriples, sort_key, trig, triples_of, turtle, write_atomic
from .validation import Report, rdflib_graph, validate
from .void import describe


@dataclass
class BuildResult:
    out: Path
    files: list[str]
    triples: int
    quads: int
    graphs: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    report: Report | None = None


def ontology_quads(minted: Minted, paths: tuple[Path, ...] = (ONTOLOGY_FILE, ALIGNMENT_FILE)) -> list[ox.Quad]:
    """The ontology as published: the edited files (terms and Wikidata alignments) plus a versioned
    owl:versionIRI."""
    graph = ox.NamedNode(minted.graph("ontology"))
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
             for path in paths for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    quads.append(ox.Quad(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI"),
                         ox.NamedNode(f"{ONTOLOGY_IRI}/{__version__}"), graph))
    return quads


def report_dir(out: Path) -> Path:
    return out.parent / f"{out.name}-report"


def build(out: Path, base: str, data_dir: Path = DATA, shapes_file: Path = SHAPES_FILE,
          validate_shapes: bool = True) -> BuildResult:
    """Build into `out`; raise DataError (bad input) or BuildError (SHACL) and leave `out` as it was."""
    timings: dict[str, float] = {}
    minted = Minted(base)

    t = time.perf_counter()
    onto = load_ontology()
    data: Dataset = load_data(data_dir, onto)
    chron = derive(data)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    onto_quads = ontology_quads(minted)
    quads = sorted({*map_dataset(data, minted, onto, chron), *onto_quads}, key=sort_key)
    triples = triples_of(quads)
    timings["map"] = time.perf_counter() - t

    t = time.perf_counter()
    prefixes = minted.prefixes()
    nt = ntriples(triples)
    graph = rdflib_graph(nt)  # one parse serves SHACL and the JSON-LD compaction
    shapes = shapes_file.read_bytes()
    serialize_time = time.perf_counter() - t
    # SHACL runs in a forked child on the second core while this process runs the checks and serializes.
    validating = Background(lambda: validate(graph, shapes)) if validate_shapes else None

    t = time.perf_counter()
    failures = run_checks(store_of(triples))
    timings["checks"] = time.perf_counter() - t

    t = time.perf_counter()
    files = {
        "hadrut.ttl": turtle(triples, prefixes),
        "hadrut.nt": nt,
        "hadrut.trig": trig(quads, prefixes),
        "hadrut.jsonld": jsonld(graph, prefixes),
        "ontology.ttl": turtle(triples_of(onto_quads), prefixes),
        "shapes.ttl": shapes,
        "wikidata-alignment.ttl": ALIGNMENT_FILE.read_bytes(),
        "void.ttl": turtle(sorted(describe(quads, data, minted), key=sort_key), prefixes),
    }
    timings["serialize"] = serialize_time + time.perf_counter() - t

    report = None
    if validating is not None:
        try:
            report = validating.result()
        except Exception as exc:  # noqa: BLE001 — whatever stopped pySHACL, said plainly
            raise BuildError(f"SHACL validation could not run: {type(exc).__name__}: {exc}") from None
        timings["validate"] = validating.elapsed
        files["shacl-report.ttl"] = report.turtle
        if not report.conforms:
            rdir = report_dir(out)
            write_atomic(rdir / "shacl-report.ttl", report.turtle)
            write_atomic(rdir / "shacl-report.txt", report.text.encode())
            summary = "\n".join(str(v) for v in report.violations)
            raise BuildError(f"SHACL validation failed with {len(report.violations)} result(s); "
                             f"full report: {rdir / 'shacl-report.txt'}\n{summary}")
    if failures:
        raise BuildError(f"{len(failures)} check(s) in queries/checks returned rows:\n"
                         + "\n".join(str(f) for f in failures))

    t = time.perf_counter()
    with atomic_directory(out) as tmp:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
    shutil.rmtree(report_dir(out), ignore_errors=True)  # a failed build's report no longer describes `out`
    timings["write"] = time.perf_counter() - t

    graphs: dict[str, int] = {}
    for q in quads:
        graphs[q.graph_name.value] = graphs.get(q.graph_name.value, 0) + 1
    return BuildResult(out, sorted(files), len(triples), len(quads), graphs, timings, report)
