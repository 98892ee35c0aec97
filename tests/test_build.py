"""The build's published files: complete, deterministic, atomic (independent parsers: test_independent_parsers)."""

from __future__ import annotations

import re
import shutil
import tomllib

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph

import hadrut_kg
from hadrut_kg.build import build, report_dir
from hadrut_kg.cli.main import main
from hadrut_kg.curated.errors import BuildError
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, HKG
from hadrut_kg.vocabulary.ontology import load_ontology
from hadrut_kg.paths import DATA, ROOT, SHAPES_FILE

FILES = ["hadrut.jsonld", "hadrut.jsonld.gz", "hadrut.nt", "hadrut.nt.gz", "hadrut.trig", "hadrut.trig.gz",
         "hadrut.ttl", "hadrut.ttl.gz", "ontology.ttl", "shacl-report.ttl", "shapes-sparql.ttl", "shapes.ttl",
         "void.ttl", "wikidata-alignment.ttl"]


def test_build_writes_every_file(built):
    assert built.files == FILES
    assert sorted(p.name for p in built.out.iterdir()) == [".hadrut-kg-output", *FILES]  # the marker: ours to replace
    seeds = {DEFAULT_BASE + "graph/" + g for g in ("ontology", "sources", "chronology", "wikimapia", "wikipedia")}
    assert seeds < set(built.graphs)
    assert all(g.rsplit("/", 1)[1].startswith(("wp-", "showcaves-", "wikidata-", "wof", "azatutyun-")) for g in set(built.graphs) - seeds)


def test_trig_holds_one_graph_per_source_and_the_ontology(built, published):
    quads = list(ox.parse(path=str(built.out / "hadrut.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == built.quads
    counts: dict[str, int] = {}
    for q in quads:
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    assert counts == built.graphs
    # which graphs, from the registry read as plain YAML: one per source something in data/ cites, beside the
    # ontology, the source registry, the derived time and the Wikidata alignment
    registry = [s["id"] for s in yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))["sources"]]
    curated = "".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.yaml")) if p.name != "sources.yaml")
    cited = {s for s in registry if re.search(rf"(?<![\w-]){re.escape(s)}/\w", curated)}
    assert "wikimapia" in cited and "azatutyun-2020-12-16" in cited and "wdqs-reconciliation" not in cited
    assert set(counts) == {DEFAULT_BASE + "graph/" + g for g in cited | {"ontology", "sources", "chronology",
                                                                          "wikidata-alignment"}}
    # and how many quads each holds, counted again from the TriG by a second parser (rdflib)
    dataset = published("hadrut.trig", "trig")
    second: dict[str, int] = {}
    for _, _, _, g in dataset.quads((None, None, None, None)):
        second[str(g)] = second.get(str(g), 0) + 1
    assert second == counts
    union = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(union) == built.triples


def test_jsonld_is_compacted_with_a_context(built):
    import json

    doc = json.loads((built.out / "hadrut.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["hkg"] == HKG
    province = next(n for n in doc["@graph"] if n["@id"] == "hk:hadrut-province")
    assert province["capital"] == ["hk:hadrut"] and doc["@context"]["capital"]["@id"] == "hkg:capital"


def test_rebuild_is_byte_identical(built, tmp_path):
    again = build(tmp_path / "again", DEFAULT_BASE)
    for name in FILES:
        assert (again.out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_void_counts_match_the_dump(built, published):
    void = Graph().parse(built.out / "void.ttl", format="turtle")
    rows = list(void.query("""
        PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?triples ?entities ?licence WHERE {
            <https://w3id.org/hadrut-kg/dataset> void:triples ?triples ; void:entities ?entities ;
                dcterms:license ?licence }"""))
    dump = published("hadrut.nt", "nt")
    described = {s for s in dump.subjects() if str(s).startswith(DEFAULT_BASE)}  # VoID: entities in the uriSpace
    assert [(int(t), int(e), str(lic)) for t, e, lic in rows] == [
        (built.triples, len(described), "https://creativecommons.org/licenses/by-sa/4.0/")]
    assert len(described) > 800
    sources = {str(o) for o in void.objects(ox_iri(DEFAULT_BASE + "dataset"), ox_iri("http://purl.org/dc/terms/source"))}
    assert {"http://wikimapia.org/41531854/Hadrut-District", "https://en.wikipedia.org/wiki/Hadrut_Province",
            "https://en.wikipedia.org/wiki/Hadrut_District_(NKAO)"} <= sources
    from hadrut_kg.curated.loader import load_data
    assert sources == {src.iri for src in load_data().sources.values()}  # every document of the registry


def ox_iri(iri):
    from rdflib import URIRef
    return URIRef(iri)


def test_base_iri_is_configurable(tmp_path):
    other = build(tmp_path / "other", "https://example.org/hkg/", validate_shapes=False)
    text = (other.out / "hadrut.ttl").read_text(encoding="utf-8")
    assert "@prefix hk: <https://example.org/hkg/id/> ." in text
    assert "w3id.org/hadrut-kg/id/" not in text


def test_failed_build_leaves_previous_output_and_writes_a_report(built, tmp_path):
    out = tmp_path / "dist"
    shutil.copytree(built.out, out)  # a previous good build's output (its marker included)
    before = {name: (out / name).read_bytes() for name in FILES}
    strict = tmp_path / "strict.ttl"
    strict.write_text(SHAPES_FILE.read_text(encoding="utf-8") + """
hks:EveryPlaceHasCoordinatesShape a sh:NodeShape ; sh:targetClass hkg:Settlement ;
    sh:property [ sh:path geo:hasGeometry ; sh:minCount 1 ] .
""", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(out, DEFAULT_BASE, shapes_file=strict)
    assert "EveryPlaceHasCoordinatesShape" in str(caught.value)
    assert "https://w3id.org/hadrut-kg/id/arevshat" in str(caught.value)
    assert {name: (out / name).read_bytes() for name in FILES} == before
    assert (report_dir(out) / "shacl-report.txt").read_text().startswith("Validation Report\nConforms: False")


def test_cli_prints_files_and_triple_count(built, tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path / "cli")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("wrote ")] == [f"wrote {tmp_path / 'cli' / f}" for f in FILES]
    assert (f"{built.triples} triples, {built.quads} quads in {len(built.graphs)} named graphs "
            "(each graph's count in void.ttl)") in lines


def test_versions_agree():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "hadrut_kg.__version__"}
    onto = Graph().parse(ROOT / "ontology" / "hadrut.ttl", format="turtle")
    versions = [str(v) for v in onto.objects(predicate=ox_iri("http://www.w3.org/2002/07/owl#versionInfo"))]
    assert versions == [hadrut_kg.__version__]


def test_every_ontology_term_has_label_and_comment():
    onto = load_ontology()
    missing = [term for term, (label, comment) in onto.labelled.items() if not (label and comment)]
    assert missing == []
    assert len(onto.labelled) > 100


@pytest.mark.slow  # two more builds in fresh processes
def test_two_processes_with_different_hash_seeds_build_the_same_bytes(tmp_path):
    """Sets iterate in a different order under each PYTHONHASHSEED: the build must not depend on it (a tie between
    equal days once named different statements as a bound's basis from one run to the next)."""
    import os
    import subprocess
    import sys
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"dist{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "hadrut_kg.cli", "build", "--out", str(out)], env=env, check=True,
                       capture_output=True)
        outs.append((out / "hadrut.nt").read_bytes())
    assert outs[0] == outs[1]


def test_every_file_a_build_writes_is_known_as_one(built):
    """A folder from before the output marker is replaced only when it holds nothing but a build's files: the list
    must name every file a build writes (a new dump left off it would make old builds need --force)."""
    from hadrut_kg.rdf.publish import BUILD_FILES, MARKER
    written = {p.name for p in built.out.iterdir() if p.is_file()} - {MARKER}
    assert written <= BUILD_FILES, written - BUILD_FILES
    assert {"hadrut.ttl.gz", "shapes-sparql.ttl"} <= written
