"""The build's SHACL engine (pyshacl-turbo, on the build's pyoxigraph store) against the reference, pySHACL (on an
rdflib graph): the same results — focus node, path, constraint component, source shape, severity, value — on every
shape fixture, on the real dataset, and on the real dataset with violations of each kind injected (both SPARQL
constraints, the SPARQL target, xsd:date comparison, sh:or, sh:in, ranges, counts)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from hadrut_kg.vocabulary.namespaces import HKG
from hadrut_kg.paths import ONTOLOGY_FILE
from hadrut_kg.quality.validation import both_shapes, rdflib_graph, validate

pytestmark = pytest.mark.slow  # pySHACL, the reference engine, on the real dataset: minutes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SHAPES = both_shapes()


def _value(text: str) -> str:
    """A number by its value: a pyoxigraph store keeps a decimal's value, not its spelling ("14.0" reads "14")."""
    try:
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return text


def both(nt: bytes):
    """(reference keys, build keys): pySHACL on rdflib, pyshacl-turbo on a pyoxigraph store, as the build runs it."""
    store = ox.Store()
    store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    reference = validate(rdflib_graph(nt), SHAPES, engine="pyshacl")
    fast = validate(store, SHAPES, engine="turbo")
    assert fast.conforms == reference.conforms
    keys = lambda report: [(*v.key()[:5], _value(v.value)) for v in report.violations]  # noqa: E731
    return keys(reference), keys(fast)


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*Shape-*.ttl")), ids=lambda p: p.stem)
def test_engines_agree_on_every_shape_fixture(fixture):
    graph = Graph()
    for path in (ONTOLOGY_FILE, FIXTURES / "_common.ttl", fixture):
        graph.parse(path, format="turtle")
    reference, fast = both(graph.serialize(format="nt", encoding="utf-8"))
    assert fast == reference
    assert bool(reference) == ("-invalid-" in fixture.name)


def test_engines_agree_on_the_real_dataset(built):
    reference, fast = both((built.out / "hadrut.nt").read_bytes())
    assert reference == fast == []


EX = "http://example.org/"
INJECTED = f"""
<{EX}s1> a <{HKG}Statement> ; <{HKG}start> <{EX}d2020> ; <{HKG}end> <{EX}d2019> .
<{EX}n1> a <{HKG}Name> ; <{HKG}nameStart> <{EX}d2020> ; <{HKG}nameEnd> <{EX}d2019> .
<{EX}d2020> a <{HKG}DateValue> ; <{HKG}edtf> "2020"^^<http://id.loc.gov/datatypes/edtf/EDTF> ;
    <{HKG}earliestDate> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <{HKG}latestDate> "2020-12-31"^^<http://www.w3.org/2001/XMLSchema#date> .
<{EX}d2019> a <{HKG}DateValue> ; <{HKG}edtf> "2019"^^<http://id.loc.gov/datatypes/edtf/EDTF> ;
    <{HKG}earliestDate> "2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <{HKG}latestDate> "2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <{HKG}earliest> "December 2019" .
<{EX}link> a <{HKG}Statement> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>
    <http://www.w3.org/2004/02/skos/core#exactMatch> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{EX}Q1> .
"""


def test_engines_agree_on_injected_violations(built):
    graph = rdflib_graph((built.out / "hadrut.nt").read_bytes())
    graph.parse(data=INJECTED, format="turtle")
    reference, fast = both(graph.serialize(format="nt", encoding="utf-8"))
    assert fast == reference
    found = sorted({(focus.removeprefix(EX), shape.rsplit("#", 1)[1], component)
                    for focus, _, component, shape, _, _ in reference})
    assert found == [
        ("d2019", "DateValueShape (property shape)", "sh:LessThanOrEqualsConstraintComponent"),  # xsd:date order
        ("d2019", "DateValueShape (property shape)", "sh:OrConstraintComponent"),  # "December 2019"
        ("link", "StatementShape (property shape)", "sh:MinCountConstraintComponent"),  # subject, source
        ("link", "WikidataLinkShape (property shape)", "sh:MinCountConstraintComponent"),  # SPARQL target
        ("link", "WikidataLinkShape (property shape)", "sh:PatternConstraintComponent"),
        ("n1", "NameShape (property shape)", "sh:MinCountConstraintComponent"),
        ("n1", "NameTimeSpanShape", "sh:SPARQLConstraintComponent"),  # SPARQL constraint
        ("s1", "StatementShape (property shape)", "sh:MinCountConstraintComponent"),
        ("s1", "StatementTimeSpanShape", "sh:SPARQLConstraintComponent"),  # SPARQL constraint
    ]
