"""The ontology is OWL 2 DL, apart from the datatypes the README names: every property is one kind (object,
datatype or annotation) and its super-properties are of the same kind — so no object property sits under an
annotation property such as rdfs:seeAlso —, every class or property an axiom mentions is declared, no reserved
rdf:/rdfs: term is used as a class, and the datatypes of ranges are in OWL 2's datatype map or on the README's list.
These are the OWL 2 DL restrictions (OWL 2 Structural Specification, sections 2.4, 5.8, 9.2) this ontology's
shape can break; checked on rdflib's parse of ontology/hadrut.ttl."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, URIRef

from hadrut_kg.paths import ONTOLOGY_FILE

README = ONTOLOGY_FILE.parent.parent / "README.md"
KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}
OWL2_DATATYPES = {XSD[n] for n in ("decimal", "integer", "nonNegativeInteger", "string", "boolean", "double",
                                   "float", "dateTime", "dateTimeStamp", "anyURI", "normalizedString", "token")} | {
    RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal}
NAMED_IN_README = {XSD.date, XSD.gYear, XSD.gYearMonth, RDF.langString}


def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


def kind_of(graph, prop) -> set:
    found = {k for k in KINDS if (prop, RDF.type, k) in graph}
    return found | ({OWL.AnnotationProperty} if prop in BUILT_IN_ANNOTATIONS else set())


def test_every_property_has_one_kind_and_its_super_properties_share_it():
    graph = ontology()
    props = {s for k in KINDS for s in graph.subjects(RDF.type, k)}
    assert props
    assert {p: kind_of(graph, p) for p in props if len(kind_of(graph, p)) != 1} == {}
    wrong = [(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subPropertyOf)
             if kind_of(graph, s) != kind_of(graph, o)]
    assert wrong == []
    see_also = URIRef("https://w3id.org/hadrut-kg/ontology#seeAlsoArticle")
    assert kind_of(graph, see_also) == {OWL.AnnotationProperty}


def test_every_class_an_axiom_mentions_is_declared_and_none_is_reserved():
    graph = ontology()
    classes = set(graph.subjects(RDF.type, OWL.Class)) | {OWL.Thing}
    mentioned = {o for o in graph.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    mentioned |= set(graph.subjects(RDFS.subClassOf))
    mentioned |= {o for p in graph.subjects(RDF.type, OWL.ObjectProperty) for o in graph.objects(p, RDFS.range)}
    mentioned |= {o for k in KINDS if k != OWL.AnnotationProperty
                  for p in graph.subjects(RDF.type, k) for o in graph.objects(p, RDFS.domain)}
    assert sorted(mentioned - classes) == []
    reserved = [c for c in classes if str(c).startswith((str(RDF), str(RDFS)))]
    assert reserved == []


def test_datatypes_outside_the_owl2_map_are_the_ones_the_readme_names():
    graph = ontology()
    used = {o for p in graph.subjects(RDF.type, OWL.DatatypeProperty) for o in graph.objects(p, RDFS.range)}
    outside = used - OWL2_DATATYPES
    assert outside and outside <= NAMED_IN_README
    readme = README.read_text(encoding="utf-8")
    for datatype in NAMED_IN_README:
        assert f"`{graph.namespace_manager.normalizeUri(datatype)}`" in readme
