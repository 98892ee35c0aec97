"""The ontology is OWL 2 DL, apart from the datatypes the README names: every property is one kind (object,
datatype or annotation) and its super-properties are of the same kind — so no object property sits under an
annotation property such as rdfs:seeAlso —, every class or property an axiom mentions is declared, no reserved
rdf:/rdfs: term is used as a class, and the datatypes of ranges are in OWL 2's datatype map or on the README's list.
These are the OWL 2 DL restrictions (OWL 2 Structural Specification, sections 2.4, 5.8, 9.2) this ontology's
shape can break; checked on rdflib's parse of ontology/hadrut.ttl, and with the OWL API's own OWL 2 DL profile
checker (Debian's libowlapi-java), which finds nothing in the ontology (xsd:date is declared) nor in the Wikidata
alignment, each one ontology in its own file that imports nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import tools

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, URIRef

from hadrut_kg.paths import ONTOLOGY_FILE

from jena_arq import debian_jars

README = ONTOLOGY_FILE.parent.parent / "docs" / "modelling.md"  # the datatypes are named under Modelling
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
    under_see_also = {s for s in graph.subjects(RDFS.subPropertyOf, RDFS.seeAlso)}
    assert all(kind_of(graph, p) == {OWL.AnnotationProperty} for p in under_see_also)


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


OWLAPI = "/usr/share/java"
CHECKER = Path(__file__).resolve().parent / "owl" / "ProfileCheck.java"


def owl2dl_violations(path: Path) -> list[tuple[str, str]]:
    """The OWL API's OWL 2 DL profile check (Debian's libowlapi-java, run with the JDK's source launcher):
    (violation kind, the term it names) per violation."""
    java = shutil.which("java")
    if java is None or not (Path(OWLAPI) / "owlapi-distribution.jar").exists():
        tools.missing("owlapi")
    done = subprocess.run([java, "-cp", debian_jars(), str(CHECKER), str(path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    found = []
    for line in done.stdout.splitlines():
        kind, text = line.split("\t", 1)
        term = re.search(r": (<[^>]+>|\w+:\w+)", text)
        found.append((kind, term.group(1) if term else text[:80]))
    return sorted(found)


@pytest.mark.slow  # the OWL API in Java
def test_the_owl_api_finds_the_ontology_and_its_alignment_owl2_dl(built):
    # xsd:date, outside OWL 2's datatype map, is declared an rdfs:Datatype, so the profile check accepts it
    assert owl2dl_violations(ONTOLOGY_FILE) == []
    assert owl2dl_violations(built.out / "ontology.ttl") == []
    assert owl2dl_violations(built.out / "wikidata-alignment.ttl") == []


def test_one_ontology_per_file_and_nothing_to_fetch(built):
    for name, iri in (("ontology.ttl", "https://w3id.org/hadrut-kg/ontology"),
                      ("wikidata-alignment.ttl", "https://w3id.org/hadrut-kg/ontology/wikidata-alignment")):
        graph = rdflib.Graph().parse(built.out / name, format="turtle")
        assert list(graph.subjects(RDF.type, OWL.Ontology)) == [URIRef(iri)], name
        assert list(graph.objects(None, OWL.imports)) == [], name
    # the alignment is not in the ontology's file, nor the ontology's terms in the alignment's
    ontology = rdflib.Graph().parse(built.out / "ontology.ttl", format="turtle")
    assert not any(ontology.triples((None, rdflib.SKOS.exactMatch, None)))


@pytest.mark.slow  # the OWL API in Java
def test_the_owl_api_check_bites(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(ONTOLOGY_FILE.read_text(encoding="utf-8") + "\nhkg:Statement rdfs:subClassOf rdf:Statement .\n",
                      encoding="utf-8")
    assert ("UseOfReservedVocabularyForClassIRI", "rdf:Statement") in owl2dl_violations(broken)
