"""What the ontology declares, read from ontology/hadrut.ttl: the single source of truth for which classes,
properties and concepts the data files may use and what kind of value each property takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.vocabulary.namespaces import FOAF, HKG, OWL, RDF, RDFS, SKOS, XSD
from hadrut_kg.paths import ONTOLOGY_FILE

LITERAL_RANGES = {XSD + "integer": "integer", XSD + "decimal": "decimal", RDF + "langString": "text",
                  XSD + "string": "string"}


@dataclass(frozen=True)
class PropertySpec:
    key: str
    iri: str
    value: str  # integer | decimal | text | string | date | concept | iri | name | entity | statement
    range: str | None


@dataclass
class Ontology:
    classes: dict[str, str] = field(default_factory=dict)  # local name -> IRI (hkg classes)
    superclasses: dict[str, set[str]] = field(default_factory=dict)  # IRI -> all superclasses, itself included
    properties: dict[str, PropertySpec] = field(default_factory=dict)
    concepts: dict[str, dict[str, str]] = field(default_factory=dict)  # concept class IRI -> local name -> IRI
    labelled: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # term -> (has label, has comment)

    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor in self.superclasses.get(cls, {cls})


def _local(iri: str) -> str:
    return iri[len(HKG):] if iri.startswith(HKG) else iri


@cache
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    onto = Ontology()
    rdf_type, sub = ox.NamedNode(RDF + "type"), ox.NamedNode(RDFS + "subClassOf")

    direct: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, sub, None):
        direct.setdefault(q.subject.value, set()).add(q.object.value)

    def closure(cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in direct.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(OWL + "Class")):
        iri = q.subject.value
        if iri.startswith(HKG):
            onto.classes[_local(iri)] = iri
            onto.superclasses[iri] = closure(iri)

    concept_classes = {iri for iri in onto.classes.values() if SKOS + "Concept" in onto.superclasses[iri]}
    for cls in concept_classes:
        onto.concepts[cls] = {
            _local(q.subject.value): q.subject.value
            for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(cls))
        }

    range_pred = ox.NamedNode(RDFS + "range")
    for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty"):
        for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(OWL + kind)):
            iri = q.subject.value
            if not iri.startswith(HKG):
                continue  # another vocabulary's term, declared only for OWL 2 DL
            ranges = [r.object.value for r in store.quads_for_pattern(q.subject, range_pred, None)]
            rng = ranges[0] if ranges else None
            if rng in LITERAL_RANGES:
                value = LITERAL_RANGES[rng]
            elif rng == HKG + "DateValue":
                value = "date"
            elif rng in concept_classes:
                value = "concept"
            elif rng in (FOAF + "Document", RDFS + "Resource", OWL + "Thing"):
                value = "iri"
            elif rng == HKG + "Name":
                value = "name"
            elif rng == HKG + "Statement":
                value = "statement"
            elif kind == "DatatypeProperty":
                value = "string"
            else:
                value = "entity"
            onto.properties[_local(iri)] = PropertySpec(_local(iri), iri, value, rng)

    label, comment = ox.NamedNode(RDFS + "label"), ox.NamedNode(RDFS + "comment")
    for term in [*onto.classes.values(), *(p.iri for p in onto.properties.values()),
                 *(c for scheme in onto.concepts.values() for c in scheme.values())]:
        node = ox.NamedNode(term)
        onto.labelled[term] = (any(store.quads_for_pattern(node, label, None)),
                               any(store.quads_for_pattern(node, comment, None)))
    return onto
