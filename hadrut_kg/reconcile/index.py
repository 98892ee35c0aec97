"""The places of the built dataset as reconciliation sees them: every name in every script with its comparison
keys, the classes, the points, the links out (Wikidata, GeoNames) and the units each place lies in.

Read once from dist/ with fixed SPARQL on an in-memory pyoxigraph store; only what the data holds. A place is an
instance of hkg:Place or of one of its subclasses, as the ontology in the built dataset says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.queries.embedded import open_store
from hadrut_kg.reconcile import keys as K
from hadrut_kg.vocabulary.namespaces import HKG, WIKIDATA, Minted

GEONAMES = "https://sws.geonames.org/"
PREFIXES = """PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""
CLASSES = PREFIXES + """SELECT ?class ?label ?comment ?broader WHERE {
  ?class rdfs:subClassOf* hkg:Place . ?class rdfs:label ?label . FILTER (LANG(?label) = "en")
  OPTIONAL { ?class rdfs:comment ?comment . FILTER (LANG(?comment) = "en") }
  OPTIONAL { ?class rdfs:subClassOf ?broader . ?broader rdfs:subClassOf* hkg:Place }
}"""
PLACES = PREFIXES + """SELECT ?place ?class ?label WHERE {
  ?class rdfs:subClassOf* hkg:Place . ?place a ?class .
  OPTIONAL { ?place rdfs:label ?label . FILTER (LANG(?label) = "en") }
}"""
NAMES = PREFIXES + """SELECT ?place ?text ?script ?preferred WHERE {
  ?class rdfs:subClassOf* hkg:Place . ?place a ?class ; hkg:hasName ?n . ?n hkg:nameText ?text .
  OPTIONAL { ?n hkg:script ?script }
  BIND (EXISTS { ?place skos:prefLabel ?text } AS ?preferred)
}"""
POINTS = PREFIXES + """SELECT ?place ?lat ?lon WHERE {
  ?place geo:hasGeometry ?g . ?g wgs:lat ?lat ; wgs:long ?lon .
}"""
LINKS = PREFIXES + """SELECT ?place ?target WHERE { ?place skos:exactMatch ?target }"""
# Only locatedIn and partOf: a predecessor or successor (hkg:succeeds) is another place, not a unit above it.
PARENTS = PREFIXES + """SELECT ?place ?parent WHERE {
  { ?place hkg:locatedIn ?parent } UNION { ?place hkg:partOf ?parent }
}"""


@dataclass(frozen=True)
class Name:
    text: str
    lang: str
    script: str
    preferred: bool
    plain: str  # the folded spelling
    keys: tuple[tuple[str, str], ...]  # (full key, bare key) per reading


@dataclass
class Place:
    id: str  # the local id below the base's id/ namespace
    iri: str
    label: str
    types: list[str] = field(default_factory=list)  # class local names (Settlement, …)
    names: list[Name] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)  # lat, lon
    wikidata: list[str] = field(default_factory=list)  # QIDs
    geonames: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)  # ids of the units it lies in or belongs to (direct)
    within: set[str] = field(default_factory=set)  # ids of every unit above it (transitive), and itself

    def first_name(self, lang: str) -> str | None:
        own = [n for n in self.names if n.lang.split("-")[0] == lang]
        own.sort(key=lambda n: (not n.preferred, n.lang != lang, n.text))
        return own[0].text if own else None


@dataclass(frozen=True)
class PlaceType:
    id: str
    name: str
    description: str
    broader: tuple[str, ...]


class Index:
    """Every place of one built dataset, with the comparison keys of all its names."""

    def __init__(self, dist: Path, base: str, store: ox.Store | None = None):
        self.dist, self.minted = Path(dist), Minted(base)
        self.store = store if store is not None else open_store(self.dist)
        self.types = self._types()
        self.places: dict[str, Place] = {}
        self._read()

    def local(self, iri: str) -> str | None:
        ns = self.minted.entity_ns
        return iri[len(ns):] if iri.startswith(ns) else None

    def _types(self) -> dict[str, PlaceType]:
        found: dict[str, dict] = {}
        for s in self.store.query(CLASSES):
            cid = s["class"].value[len(HKG):]
            entry = found.setdefault(cid, {"name": s["label"].value, "description": "", "broader": set()})
            if s["comment"] is not None:
                entry["description"] = s["comment"].value
            if s["broader"] is not None and s["broader"].value != s["class"].value:
                entry["broader"].add(s["broader"].value[len(HKG):])
        return {cid: PlaceType(cid, e["name"], e["description"], tuple(sorted(e["broader"])))
                for cid, e in sorted(found.items())}

    def _read(self) -> None:
        for s in self.store.query(PLACES):
            pid = self.local(s["place"].value)
            if pid is None:
                continue
            place = self.places.setdefault(pid, Place(pid, s["place"].value, pid))
            if s["label"] is not None:
                place.label = s["label"].value
            cid = s["class"].value[len(HKG):]
            if cid not in place.types:
                place.types.append(cid)
        for s in self.store.query(NAMES):
            place = self.places.get(self.local(s["place"].value) or "")
            if place is None:
                continue
            text, lang = s["text"].value, s["text"].language or ""
            if any(n.text == text and n.lang == lang for n in place.names):
                continue
            place.names.append(Name(text, lang, s["script"].value if s["script"] else "", s["preferred"].value ==
                                    "true", K.plain(text), tuple(K.keys(text, lang))))
        for s in self.store.query(POINTS):
            place = self.places.get(self.local(s["place"].value) or "")
            if place is not None:
                place.points.append((float(s["lat"].value), float(s["lon"].value)))
        for s in self.store.query(LINKS):
            place, target = self.places.get(self.local(s["place"].value) or ""), s["target"].value
            if place is not None and target.startswith(WIKIDATA):
                place.wikidata.append(target[len(WIKIDATA):])
            elif place is not None and target.startswith(GEONAMES):
                place.geonames.append(target[len(GEONAMES):].strip("/"))
        for s in self.store.query(PARENTS):
            pid, parent = self.local(s["place"].value), self.local(s["parent"].value)
            if pid in self.places and parent in self.places and parent not in self.places[pid].parents:
                self.places[pid].parents.append(parent)
        for place in self.places.values():
            place.types.sort()
            place.names.sort(key=lambda n: (n.lang, not n.preferred, n.text))
            place.points.sort()
            place.wikidata.sort()
            place.geonames.sort()
            place.parents.sort()
            place.within = self._above(place.id)

    def _above(self, pid: str) -> set[str]:
        seen, todo = {pid}, [pid]
        while todo:
            for parent in self.places[todo.pop()].parents:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen
