"""The RDF document of one resource: what a reader needs without a second request.

It holds the resource's own triples; every triple pointing at it (a settlement located in a province, a statement
naming it); its names and the statements about it, whole; the nodes those hang on — dates, time bounds, points,
source sections and their source documents — whole; an rdfs:label for every IRI mentioned (the data's own label,
or one composed from the resource's triples, see data.py); and a description of the document itself in each of
its formats (foaf:primaryTopic, void:inDataset, dcterms:license), the same in every format, so Turtle, N-Triples
JSON-LD and RDF/XML hold the same triples. Sorted and serialized by publish.py, so the bytes depend only on the dataset:
`serve` and the static site send the same file.
"""

from __future__ import annotations

import pyoxigraph as ox

from hadrut_kg.queries.tagcase import restore_serialized
from hadrut_kg.vocabulary.namespaces import DCTERMS, FOAF, HKG, RDF, RDFS, VOID
from hadrut_kg.rdf.publish import jsonld, ntriples, triples_of, turtle
from hadrut_kg.site.data import LICENCES, SiteData
from hadrut_kg.site.negotiation import ALL, Format
from hadrut_kg.site.routes import file_path

HEADER = "# One resource of the Hadrut KG dataset (CC BY-SA 4.0), with what describes it; written by `hadrut-kg`.\n"
LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"
DEPENDENTS = ("date", "bounds", "geometry", "source-section")  # nodes shown whole wherever they are mentioned
NAMES = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML", "html": "HTML"}


def _iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def triples(data: SiteData, iri: str) -> list[ox.Triple]:
    """The document's triples, each once, sorted."""
    found: list[ox.Triple] = []
    found += data.out(iri)
    incoming = [t for t in data.into(iri) if isinstance(t.subject, ox.NamedNode)]
    found += incoming
    whole = {t.object.value for t in data.out(iri, HKG + "hasName")}  # its names
    whole |= {t.subject.value for t in incoming if t.predicate.value in (RDF + "subject", RDF + "object")}
    for node in sorted(whole):
        found += data.out(node)
    shown = {iri} | whole
    for t in list(found):  # one level of dependent nodes: dates, bounds, points, sections
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and term.value not in shown and data.kind(term.value) in DEPENDENTS:
                shown.add(term.value)
                found += data.out(term.value)
    for t in list(found):  # a section's source document: title, publisher, licence
        if t.predicate.value == DCTERMS + "isPartOf" and data.kind(t.subject.value) == "source-section":
            if t.object.value not in shown:
                shown.add(t.object.value)
                found += data.out(t.object.value)
    found += _about_documents(data, iri)
    found += _labels(data, found)
    return triples_of(ox.Quad(t.subject, t.predicate, t.object) for t in found)


def _about_documents(data: SiteData, iri: str) -> list[ox.Triple]:
    dataset, licence = _iri(data.minted.dataset), _iri(LICENCE)
    label = data.label(iri)
    out = []
    for fmt in ALL:
        doc = _iri(data.base + file_path(data, iri, fmt))
        out += [ox.Triple(doc, _iri(FOAF + "primaryTopic"), _iri(iri)),
                ox.Triple(doc, _iri(VOID + "inDataset"), dataset),
                ox.Triple(doc, _iri(DCTERMS + "license"), licence),
                ox.Triple(doc, _iri(RDFS + "label"), ox.Literal(f"{label} ({NAMES[fmt.ext]})", language="en"))]
    out.append(ox.Triple(licence, _iri(RDFS + "label"), ox.Literal(LICENCES[LICENCE])))
    return out


def _labels(data: SiteData, found: list[ox.Triple]) -> list[ox.Triple]:
    """An rdfs:label for every IRI mentioned that has none among the triples yet."""
    labelled = {t.subject.value for t in found if t.predicate.value == RDFS + "label"}
    mentioned = set()
    for t in found:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                mentioned.add(term.value)
        if isinstance(t.object, ox.Literal):
            mentioned.add(t.object.datatype.value)
    mentioned.discard(RDF + "langString")
    mentioned.discard("http://www.w3.org/2001/XMLSchema#string")
    out = []
    for iri in sorted(mentioned - labelled):
        # rdfs:label, else skos:prefLabel or dcterms:title, language kept; a section's title alone ("Lead") says
        # too little, so it gets the composed label naming its document
        own = data.stored_labels(iri) if data.kind(iri) != "source-section" else []
        if own:
            out += [ox.Triple(_iri(iri), _iri(RDFS + "label"), x) for x in own]
        else:
            out.append(ox.Triple(_iri(iri), _iri(RDFS + "label"), ox.Literal(data.label(iri))))
    return out


def rdfxml(found: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """RDF/XML as pyoxigraph writes it, language tags back in their BCP 47 case (pyoxigraph lower-cases them)."""
    return restore_serialized(ox.serialize(found, format=ox.RdfFormat.RDF_XML, prefixes=prefixes),
                              ox.RdfFormat.RDF_XML, None)


def _written(found: list[ox.Triple], fmt: Format, prefixes: dict[str, str]) -> bytes:
    if fmt.ext == "ttl":
        return turtle(found, prefixes, HEADER)
    if fmt.ext == "nt":
        return ntriples(found)
    if fmt.ext == "jsonld":
        return jsonld(found, prefixes)
    if fmt.ext == "rdf":
        return rdfxml(found, prefixes)
    raise ValueError(f"not an RDF format: {fmt.ext}")


def serialize(data: SiteData, iri: str, fmt: Format, found: list[ox.Triple] | None = None) -> bytes:
    """The document in one RDF format (Turtle, N-Triples, JSON-LD or RDF/XML); `found`: its triples, when the
    caller already has them (the static site writes every format from one gathering)."""
    return _written(triples(data, iri) if found is None else found, fmt, data.minted.prefixes())


def ontology(data: SiteData, fmt: Format) -> bytes:
    """The ontology's documents: the published ontology.ttl as it is, or its triples as N-Triples, JSON-LD or
    RDF/XML."""
    text = (data.dist / "ontology.ttl").read_bytes()
    if fmt.ext == "ttl":
        return text
    parsed = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    found = triples_of(ox.Quad(t.subject, t.predicate, t.object) for t in parsed)
    return _written(found, fmt, data.minted.prefixes())
