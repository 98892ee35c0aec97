"""Each SHACL shape against its fixtures: the valid one conforms, each invalid one fails with exactly the
expected focus node, path, constraint component and source shape (stated in the fixture's header)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from hadrut_kg.vocabulary.namespaces import HKG, SH
from hadrut_kg.paths import ONTOLOGY_FILE
from hadrut_kg.quality.validation import Prepared, both_shapes, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
PREFIXES = {"ex": "http://example.org/", "hks": "https://w3id.org/hadrut-kg/shapes#", "hkg": HKG, "sh": SH,
            "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "dcterms": "http://purl.org/dc/terms/",
            "geo": "http://www.opengis.net/ont/geosparql#", "wgs84": "http://www.w3.org/2003/01/geo/wgs84_pos#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
EXPECT = re.compile(r"^# expect: focus=(\S+) shape=(\S+) path=(\S*) component=(\S+)$", re.M)


def expand(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    inverse = term.startswith("^")
    prefix, _, local = term.lstrip("^").partition(":")
    if prefix not in PREFIXES:
        return term
    return ("^" if inverse else "") + PREFIXES[prefix] + local


@cache
def _common() -> tuple[Graph, Prepared]:
    """The ontology with the fixtures' common nodes, and the shapes compiled: read once per session, not once per
    fixture (each fixture is validated on a fresh copy)."""
    graph = Graph()
    for path in (ONTOLOGY_FILE, FIXTURES / "_common.ttl"):
        graph.parse(path, format="turtle")
    return graph, Prepared(both_shapes())


def run(fixture: Path):
    common, prepared = _common()
    graph = Graph()
    graph += common
    graph.parse(fixture, format="turtle")
    return validate(graph, both_shapes(), prepared=prepared)


def shape_names() -> set[str]:
    shapes = Graph().parse(data=both_shapes(), format="turtle")
    return {str(s).split("#")[1] for s in shapes.subjects(predicate=None, object=None)
            if str(s).startswith(PREFIXES["hks"]) and (s, None, None) in shapes}


VALID = sorted(FIXTURES.glob("*-valid.ttl"))
INVALID = sorted(FIXTURES.glob("*-invalid-*.ttl"))


def test_every_shape_has_a_valid_and_an_invalid_fixture():
    names = {p.name.split("-")[0] for p in FIXTURES.glob("*Shape-*.ttl")}
    declared = shape_names()
    assert names == declared
    for name in declared:
        assert (FIXTURES / f"{name}-valid.ttl").exists(), name
        assert list(FIXTURES.glob(f"{name}-invalid-*.ttl")), name


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(fixture):
    report = run(fixture)
    assert report.violations == [] and report.conforms


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_with_the_expected_shape(fixture):
    text = fixture.read_text(encoding="utf-8")
    assert text.startswith("# Invalid: ")
    (focus, shape, path, component), = EXPECT.findall(text)
    report = run(fixture)
    assert not report.conforms
    got = [(v.focus, v.shape.replace(" (property shape)", ""), v.path, v.component) for v in report.violations]
    assert got == [(expand(focus), expand(shape), expand(path), component)]
