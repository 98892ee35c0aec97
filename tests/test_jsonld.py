"""hadrut.jsonld for JSON-LD processors and for plain JSON readers: pyld (the JSON-LD reference implementation's
Python port) expands it to exactly the dataset's triples, and a plain JSON reader finds every key in one shape on
every node of a class (always a list, or a language map of lists), with readable keys."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld

from hadrut_kg.rdf.publish import jsonld


def _nquads_triples(text: str) -> set:
    """Triples of N-Quads text, language tags lower-cased (processors may normalise their case)."""
    def norm(term):
        if isinstance(term, ox.Literal) and term.language:
            return ox.Literal(term.value, language=term.language.lower())
        return term
    return {(q.subject, q.predicate, norm(q.object)) for q in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)}


@pytest.fixture(scope="module")
def document(built):
    return json.loads((built.out / "hadrut.jsonld").read_text(encoding="utf-8"))


def test_pyld_expands_it_to_the_datasets_triples(built, document):
    nquads = pyld.to_rdf(document, {"format": "application/n-quads"})
    expected = (built.out / "hadrut.nt").read_text(encoding="utf-8")
    assert _nquads_triples(nquads) == _nquads_triples(expected)
    assert len(_nquads_triples(nquads)) == built.triples


def shape(value) -> str:
    """The structure a plain JSON reader sees, without the data."""
    if isinstance(value, list):
        inner = {shape(v) for v in value}
        assert len(inner) == 1, value
        return f"[{inner.pop()}]"
    if isinstance(value, dict):
        inner = {shape(v) for v in value.values()}
        assert len(inner) == 1, value
        return "{lang: " + inner.pop() + "}"
    return type(value).__name__


def test_every_key_has_one_shape_on_every_node_of_a_class(document):
    shapes: dict[tuple[str, str], set[str]] = {}
    for node in document["@graph"]:
        for cls in node.get("@type", ["(untyped)"]):
            for key, value in node.items():
                shapes.setdefault((cls, key), set()).add(shape(value))
    mixed = {k: v for k, v in shapes.items() if len(v) != 1}
    assert mixed == {}
    assert shapes[("hkg:Settlement", "locatedIn")] == {"[str]"}
    assert shapes[("hkg:Settlement", "prefLabel")] == {"{lang: [str]}"}
    assert shapes[("hkg:Statement", "object_id")] == {"[str]"}
    assert shapes[("hkg:Settlement", "@type")] == {"[str]"}


def test_keys_are_readable_and_a_property_with_several_kinds_gets_one_key_per_kind(document):
    context = document["@context"]
    assert context["locatedIn"] == {"@id": "hkg:locatedIn", "@type": "@id", "@container": "@set"}
    assert context["prefLabel"] == {"@id": "skos:prefLabel", "@container": ["@language", "@set"]}
    assert {k for k in context if k.startswith("object_")} == {"object_decimal", "object_id", "object_integer",
                                                                "object_text"}
    assert context["hkg_date"]["@id"] == "hkg:date"  # "date" is the prefix of date values
    province = next(n for n in document["@graph"] if n["@id"] == "hk:hadrut-province")
    assert province["population"] == ["13163"] and province["capital"] == ["hk:hadrut"]


def test_an_iri_that_would_read_as_a_compact_iri_is_refused():
    triple = ox.Triple(ox.NamedNode("https://w3id.org/hadrut-kg/id/x"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                       ox.NamedNode("hk:not-a-prefixed-name"))
    with pytest.raises(ValueError, match="its scheme is a prefix name"):
        jsonld([triple], {"hk": "https://w3id.org/hadrut-kg/id/"})
