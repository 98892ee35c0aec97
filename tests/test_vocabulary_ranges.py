"""Other vocabularies' terms are used within their ranges: dcterms:publisher points at a dcterms:Agent and
dcterms:rights at a dcterms:RightsStatement (never a literal), in the dataset and in void.ttl; and
hkg:wikipediaArticle is not under FOAF's inverse-functional foaf:isPrimaryTopicOf, so HermiT, given FOAF's axiom,
does not merge two places that a source links to one article."""

from __future__ import annotations

import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, FOAF

import pytest

from test_owl_reasoner import hermit, verdict

pytestmark = pytest.mark.slow  # HermiT (Java)

RANGES = {DCTERMS.publisher: DCTERMS.Agent, DCTERMS.rights: DCTERMS.RightsStatement}


def out_of_range(graph: rdflib.Graph) -> list[tuple[str, str]]:
    return sorted((str(p), str(o)) for p, cls in RANGES.items() for o in graph.objects(None, p)
                  if not isinstance(o, URIRef) or (o, RDF.type, cls) not in graph)


def test_publishers_and_rights_are_nodes_of_their_range(built):
    dataset = rdflib.Graph().parse(built.out / "hadrut.nt", format="nt")
    documents = set(dataset.subjects(RDF.type, URIRef("https://w3id.org/hadrut-kg/ontology#SourceDocument")))
    assert len(documents) > 30 and {d for d, _ in dataset.subject_objects(DCTERMS.publisher)} == documents
    assert len(list(dataset.objects(None, DCTERMS.rights))) >= 2
    assert out_of_range(dataset) == []
    assert {"Who's On First", "Wikidata", "Wikimapia", "Wikipedia"} <= {str(n) for n in dataset.objects(None, FOAF.name)}
    void = rdflib.Graph().parse(built.out / "void.ttl", format="turtle")
    assert len(list(void.objects(None, DCTERMS.rights))) >= 1 and out_of_range(void) == []


SHARED_ARTICLE = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix hkg: <https://w3id.org/hadrut-kg/ontology#> .
foaf:isPrimaryTopicOf a owl:InverseFunctionalProperty .  # FOAF's own axiom
<https://example.org/district> a hkg:AdministrativeUnit ; hkg:wikipediaArticle <https://en.wikipedia.org/wiki/X> .
<https://example.org/province> a hkg:AdministrativeUnit ; hkg:wikipediaArticle <https://en.wikipedia.org/wiki/X> ;
    owl:differentFrom <https://example.org/district> .
"""


def two_places_one_article(ontology_text: str, out) -> str:
    graph = rdflib.Graph().parse(data=ontology_text, format="turtle").parse(data=SHARED_ARTICLE, format="turtle")
    graph.serialize(out, format="nt", encoding="utf-8")
    return verdict(hermit(out, "--ignoreUnsupportedDatatypes"))


def test_hermit_keeps_two_places_that_share_a_wikipedia_article_apart(built, tmp_path):
    text = (built.out / "ontology.ttl").read_text(encoding="utf-8")
    assert two_places_one_article(text, tmp_path / "now.nt") == "consistent"
    before = text + "\nhkg:wikipediaArticle rdfs:subPropertyOf foaf:isPrimaryTopicOf .\n"
    assert two_places_one_article(before, tmp_path / "before.nt") == "inconsistent"
