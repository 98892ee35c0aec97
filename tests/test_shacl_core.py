"""The shapes ship as two files: shapes.ttl, SHACL Core only, which a Core-only engine such as rdf-validate-shacl
(npm, tests/js/shacl-run.mjs) uses alone, and shapes-sparql.ttl, the SHACL-SPARQL constraints and targets; the
build's gate is both (tests/test_shapes.py checks every shape of either with its fixtures)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import tools

from rdflib import RDF, Graph, Namespace

from hadrut_kg.paths import ONTOLOGY_FILE, SHAPES_FILE, SPARQL_SHAPES_FILE

pytestmark = pytest.mark.slow  # rdf-validate-shacl (Node)

SH = Namespace("http://www.w3.org/ns/shacl#")
JS = Path(__file__).resolve().parent / "js"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SPARQL_TERMS = (SH.sparql, SH.select, SH.ask, SH.prefixes, SH.declare, SH.construct)


def rdf_validate_shacl(data: Path, shapes: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "rdf-validate-shacl").is_dir():
        tools.missing("node" if node is None else "npm packages")
    return subprocess.run([node, str(JS / "shacl-run.mjs"), str(data), str(shapes)], capture_output=True,
                          text=True, timeout=300, cwd=JS)


def test_the_core_file_uses_no_sparql_and_the_other_holds_all_of_it():
    core, sparql = Graph().parse(SHAPES_FILE), Graph().parse(SPARQL_SHAPES_FILE)
    assert [t for p in SPARQL_TERMS for t in core.triples((None, p, None))] == []
    assert list(core.subjects(RDF.type, SH.SPARQLTarget)) == []
    assert len(list(sparql.objects(None, SH.sparql))) == 4 and len(list(sparql.subjects(RDF.type, SH.SPARQLTarget))) == 3


def test_built_files_are_the_two_shape_files(built):
    assert (built.out / "shapes.ttl").read_bytes() == SHAPES_FILE.read_bytes()
    assert (built.out / "shapes-sparql.ttl").read_bytes() == SPARQL_SHAPES_FILE.read_bytes()


def test_rdf_validate_shacl_finds_the_dataset_conforming_to_the_core_shapes(built):
    done = rdf_validate_shacl(built.out / "hadrut.ttl", built.out / "shapes.ttl")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"conforms": True, "results": []}


def test_rdf_validate_shacl_stops_on_the_sparql_shapes(built, tmp_path):
    both = tmp_path / "both.ttl"
    both.write_bytes((built.out / "shapes.ttl").read_bytes() + b"\n" + (built.out / "shapes-sparql.ttl").read_bytes())
    done = rdf_validate_shacl(built.out / "hadrut.ttl", both)
    assert done.returncode == 2 and "SPARQLConstraintComponent" in done.stderr


def test_rdf_validate_shacl_reports_what_the_core_shapes_forbid(tmp_path):
    data = tmp_path / "broken.ttl"
    graph = Graph()
    for path in (ONTOLOGY_FILE, FIXTURES / "_common.ttl", FIXTURES / "LabelledResourceShape-invalid-01.ttl"):
        graph.parse(path, format="turtle")
    graph.serialize(data, format="turtle")
    done = rdf_validate_shacl(data, SHAPES_FILE)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["conforms"] is False
    assert [(r["focus"], r["path"], r["component"]) for r in report["results"]] == [
        ("http://example.org/x", "http://purl.org/dc/terms/isReferencedBy",
         "http://www.w3.org/ns/shacl#MinCountConstraintComponent")]
