"""void.ttl as a catalogue and a triple store read it: DCAT-AP 3.0.1's SHACL shapes (mandatory and recommended, from
SEMICeu/DCAT-AP releases/3.0.1/html/shacl/shapes.ttl and shapes_recommended.ttl, commit 7c531da, copied into
../shared/validators/ — see its README) checked with pySHACL, and VoID's counts and vocabulary list recomputed
from the dump with rdflib."""

from __future__ import annotations

import pyshacl

import tools

from rdflib import RDF, Graph, Namespace, URIRef

from conftest import SHARED

SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef("https://w3id.org/hadrut-kg/dataset")


def results(void_file, shapes_file: str) -> list[tuple[str, str, str]]:
    path = SHARED / "validators" / shapes_file
    if not path.exists():
        tools.missing_shared(f"DCAT-AP's shapes (validators/{shapes_file})")
    data = Graph().parse(void_file, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(path, format="turtle"), inference="none",
                                    allow_warnings=True)
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath))) for r in report.subjects(RDF.type, SH.ValidationResult))


def test_void_has_every_mandatory_dcat_ap_property(built):
    assert results(built.out / "void.ttl", "dcat-ap-3.0.1-shapes.ttl") == []


def test_void_has_every_recommended_dcat_ap_property_but_the_publisher_type(built):
    # The one gap left on purpose: dct:type of the publisher wants a class from the ADMS publisher-type list
    # (company, non-profit, authority, …), and no document of this project says what kind of body its
    # developers are.
    assert results(built.out / "void.ttl", "dcat-ap-3.0.1-shapes_recommended.ttl") == [
        ("Warning", "https://w3id.org/hadrut-kg/dataset/publisher", "http://purl.org/dc/terms/type")]


def test_the_shapes_catch_a_missing_access_url(built, tmp_path):
    broken = Graph().parse(built.out / "void.ttl", format="turtle")
    broken.remove((None, DCAT.accessURL, None))
    (tmp_path / "void.ttl").write_text(broken.serialize(format="turtle"), encoding="utf-8")
    assert {(sev, path) for sev, _, path in results(tmp_path / "void.ttl", "dcat-ap-3.0.1-shapes.ttl")} == {
        ("Violation", str(DCAT.accessURL))}


def test_distributions_use_iana_media_type_iris(built):
    void = Graph().parse(built.out / "void.ttl", format="turtle")
    media = {str(m) for m in void.objects(None, DCAT.mediaType)}
    assert media == {"http://www.iana.org/assignments/media-types/" + m for m in
                     ("text/turtle", "application/n-triples", "application/trig", "application/ld+json")}


def namespace(iri: str) -> str:
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def test_void_vocabularies_are_the_namespaces_of_the_properties_and_classes_used(built, published):
    void = Graph().parse(built.out / "void.ttl", format="turtle")
    dump = published("hadrut.nt", "nt")
    used = {namespace(str(p)) for p in dump.predicates()} | {namespace(str(c)) for c in dump.objects(None, RDF.type)}
    assert {str(v) for v in void.objects(DATASET, VOID.vocabulary)} == used
    assert "http://www.wikidata.org/entity/" not in used  # items are linked to, not a vocabulary used
    assert int(void.value(DATASET, VOID.properties)) == len(set(dump.predicates()))
    assert int(void.value(DATASET, VOID.classes)) == len(set(dump.objects(None, RDF.type)))
    assert int(void.value(DATASET, VOID.distinctSubjects)) == len(set(dump.subjects()))
