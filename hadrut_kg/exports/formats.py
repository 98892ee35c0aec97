"""Exports for tools beside triple stores: GeoJSON (RFC 7946), Linked Places Format (World Historical Gazetteer)
and CSV. All read the built dataset through SPARQL on the embedded store, so they say what the graph says."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from hadrut_kg.queries.embedded import execute
from hadrut_kg.queries.results import table
from hadrut_kg.exports.spreadsheet import safe_row
from hadrut_kg.exports.lpf_attestation import attested_when, latest_reported_days

LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
PREFIXES = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""

PLACES = PREFIXES + """
SELECT ?place ?label ?class WHERE {
  ?place a ?c ; rdfs:label ?label . ?c rdfs:subClassOf* hkg:Place .
  FILTER (STRSTARTS(STR(?c), STR(hkg:)))
  BIND (STRAFTER(STR(?c), "#") AS ?class)
} ORDER BY ?place"""

TYPES = PREFIXES + """
SELECT ?place ?type WHERE { ?place hkg:placeType/skos:prefLabel ?type } ORDER BY ?place ?type"""

POINTS = PREFIXES + """
SELECT ?place ?lat ?lon ?doc ?title ?section WHERE {
  ?st rdf:subject ?place ; rdf:predicate geo:hasGeometry ; rdf:object ?g ; prov:wasDerivedFrom ?sec .
  ?g wgs84:lat ?lat ; wgs84:long ?lon .
  ?sec hkg:sectionId ?section ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
} ORDER BY ?place ?lat ?lon ?section"""

NAMES = PREFIXES + """
SELECT ?place ?text ?lang ?script ?kind ?from ?until ?fromIn ?untilIn ?doc ?title ?section WHERE {
  ?place hkg:hasName ?n .
  ?n hkg:nameText ?text ; hkg:script ?script ; hkg:nameKind/skos:prefLabel ?kind ; prov:wasDerivedFrom ?sec .
  ?sec hkg:sectionId ?section ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
  OPTIONAL { ?n hkg:nameStart ?s . ?s hkg:edtf ?from . OPTIONAL { ?s hkg:earliest ?fromIn } }
  OPTIONAL { ?n hkg:nameEnd ?e . ?e hkg:edtf ?until . OPTIONAL { ?e hkg:latest ?untilIn } }
  BIND (LANG(?text) AS ?lang)
} ORDER BY ?place ?text ?lang ?section"""

RELATIONS = PREFIXES + """
SELECT ?place ?relation ?target ?targetLabel ?startIn ?endIn ?doc ?title ?section WHERE {
  VALUES ?p { hkg:partOf hkg:locatedIn hkg:administeredBy hkg:controlledBy hkg:claimedBy }
  ?st rdf:subject ?place ; rdf:predicate ?p ; rdf:object ?target ; prov:wasDerivedFrom ?sec .
  ?p rdfs:label ?relation . ?target rdfs:label ?targetLabel .
  ?sec hkg:sectionId ?section ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
  OPTIONAL { ?st hkg:start/hkg:latest ?startIn }
  OPTIONAL { ?st hkg:end/hkg:latest ?endIn }
} ORDER BY ?place ?relation ?target ?section"""

LINKS = PREFIXES + """
SELECT ?place ?type ?identifier WHERE {
  VALUES (?p ?type) { (hkg:wikipediaArticle "primaryTopicOf")
                      (skos:exactMatch "exactMatch") (skos:closeMatch "closeMatch") }
  ?place ?p ?identifier .
} ORDER BY ?place ?type ?identifier"""

RELATION_TYPES = {"part of": "gvp:broaderPartitive", "located in": "gvp:broaderPartitive",
                  "administered by": "gvp:tgn3000_related_to", "controlled by": "gvp:tgn3000_related_to",
                  "claimed by": "gvp:tgn3000_related_to"}


@dataclass
class Place:
    iri: str
    id: str
    label: str
    cls: str
    types: list[str] = field(default_factory=list)
    points: list[dict] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        found = {s for n in self.names for s in n["sources"]} | {s for p in self.points for s in p["sources"]}
        return sorted(found)


def _rows(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    return table(execute(store, query), query).values()


def _merge(items: list[dict], key: tuple, row: dict, citation: dict) -> None:
    """Group rows that differ only in their citation into one item with a list of citations and sections."""
    for item in items:
        if tuple(item[k] for k in key) == tuple(row[k] for k in key):
            if citation not in item["citations"]:
                item["citations"].append(citation)
            if row["section"] not in item["sources"]:
                item["sources"].append(row["section"])
            return
    items.append({**{k: row[k] for k in key}, "citations": [citation], "sources": [row["section"]]})


def places(store: ox.Store) -> list[Place]:
    """Every place with its types, points, names, relations and links, in id order."""
    by_iri = {r["place"]: Place(r["place"], r["place"].rsplit("/", 1)[-1], r["label"], r["class"])
              for r in _rows(store, PLACES)}
    for r in _rows(store, TYPES):
        if r["place"] in by_iri:
            by_iri[r["place"]].types.append(r["type"])
    for query, attr, key in ((POINTS, "points", ("lat", "lon")),
                             (NAMES, "names", ("text", "lang", "script", "kind", "from", "until", "fromIn", "untilIn")),
                             (RELATIONS, "relations", ("relation", "target", "targetLabel", "startIn", "endIn"))):
        for r in _rows(store, query):
            if r["place"] in by_iri:
                _merge(getattr(by_iri[r["place"]], attr), key, r, {"label": r["title"], "@id": r["doc"]})
    for r in _rows(store, LINKS):
        if r["place"] in by_iri:
            by_iri[r["place"]].links.append({"type": r["type"], "identifier": r["identifier"]})
    return list(by_iri.values())


def _point(p: dict) -> list[float]:
    return [float(p["lon"]), float(p["lat"])]


def geojson(store: ox.Store) -> dict:
    """A GeoJSON FeatureCollection (RFC 7946): one Feature per place with coordinates; several sources' points
    for one place make a MultiPoint. Each name keeps its language, script, kind, time of use and sources; each
    point says whether a seed gives it (fromSeed)."""
    seeds = {r["id"] for r in _rows(store, PREFIXES + "SELECT ?id WHERE { ?d hkg:sourceRole hkg:seed ; dcterms:identifier ?id }")}
    named = {r["d"]: r["t"] if r["p"] in r["t"] else f"{r['p']}: {r['t']}" for r in _rows(
        store, PREFIXES + "SELECT ?d ?t ?p WHERE { ?d a hkg:SourceDocument ; dcterms:title ?t ; dcterms:publisher/foaf:name ?p }")}
    features = []
    for place in places(store):
        if not place.points:
            continue
        coordinates = [_point(p) for p in place.points]
        geometry = ({"type": "Point", "coordinates": coordinates[0]} if len(coordinates) == 1
                    else {"type": "MultiPoint", "coordinates": coordinates})
        features.append({
            "type": "Feature", "id": place.iri, "geometry": geometry,
            "properties": {
                "id": place.id, "label": place.label, "class": place.cls, "placeTypes": place.types,
                "names": [{"text": n["text"], "lang": n["lang"], "script": n["script"], "kind": n["kind"],
                           "from": n["from"], "until": n["until"], "sources": n["sources"],
                           "sourceTitles": [named[c["@id"]] for c in n["citations"]]} for n in place.names],
                "points": [{"coordinates": _point(p), "sources": p["sources"],
                            "fromSeed": any(s.split("/")[0] in seeds for s in p["sources"]),
                            "sourceTitles": [named[c["@id"]] for c in p["citations"]]} for p in place.points],
                "sources": place.sources,
            },
        })
    return {"type": "FeatureCollection", "features": features}


# ---- Linked Places Format (World Historical Gazetteer) ----

LPF_RELATIONS = PREFIXES + """
SELECT ?place ?relation ?target ?targetLabel ?part ?startEdtf ?startEarliest ?startLatest ?endEdtf ?endEarliest
       ?endLatest ?startEvent ?startEventEarliest ?startEventLatest ?endEvent ?endEventEarliest ?endEventLatest
       ?doc ?title ?section WHERE {
  VALUES ?p { hkg:partOf hkg:locatedIn hkg:administeredBy hkg:controlledBy hkg:claimedBy }
  ?st rdf:subject ?place ; rdf:predicate ?p ; rdf:object ?target ; prov:wasDerivedFrom ?sec .
  ?p rdfs:label ?relation . ?target rdfs:label ?targetLabel .
  ?sec hkg:sectionId ?section ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
  OPTIONAL { ?st hkg:appliesToPart ?part }
  OPTIONAL { ?st hkg:start ?s . ?s hkg:edtf ?startEdtf .
             OPTIONAL { ?s hkg:earliest ?startEarliest } OPTIONAL { ?s hkg:latest ?startLatest } }
  OPTIONAL { ?st hkg:end ?e . ?e hkg:edtf ?endEdtf .
             OPTIONAL { ?e hkg:earliest ?endEarliest } OPTIONAL { ?e hkg:latest ?endLatest } }
  # An event that starts or ends the relation is dated as the relation's own source dates it (per source).
  OPTIONAL { ?st hkg:startEvent ?se . ?se rdfs:label ?startEvent .
             OPTIONAL { ?se hkg:sourceTimeBounds ?sd . ?sd hkg:accordingTo ?doc .
                        OPTIONAL { ?sd hkg:earliestDate ?startEventEarliest }
                        OPTIONAL { ?sd hkg:latestDate ?startEventLatest } } }
  OPTIONAL { ?st hkg:endEvent ?ee . ?ee rdfs:label ?endEvent .
             OPTIONAL { ?ee hkg:sourceTimeBounds ?ed . ?ed hkg:accordingTo ?doc .
                        OPTIONAL { ?ed hkg:earliestDate ?endEventEarliest }
                        OPTIONAL { ?ed hkg:latestDate ?endEventLatest } } }
} ORDER BY ?place ?relation ?target ?startEdtf ?endEdtf ?part ?section"""

LPF_NAME_DATES = PREFIXES + """
SELECT ?place ?text ?fromEarliest ?fromLatest ?untilEarliest ?untilLatest WHERE {
  ?place hkg:hasName ?n . ?n hkg:nameText ?text .
  OPTIONAL { ?n hkg:nameStart ?s . OPTIONAL { ?s hkg:earliest ?fromEarliest } OPTIONAL { ?s hkg:latest ?fromLatest } }
  OPTIONAL { ?n hkg:nameEnd ?e . OPTIONAL { ?e hkg:earliest ?untilEarliest } OPTIONAL { ?e hkg:latest ?untilLatest } }
  FILTER (BOUND(?s) || BOUND(?e))
}"""

# GeoNames feature classes (A admin, H water, L area, P populated place, S spot/building, T terrain) by place type,
# then by class; and the Wikidata class of a place type where ../shared/wikidata-qids.md lists one.
FCLASS_BY_TYPE = {"village": "P", "city": "P", "town": "P", "military town": "P", "district": "A",
                  "province": "A", "autonomous oblast": "A", "enclave": "L", "river": "H", "mountain": "T",
                  "peak": "T", "mountain ridge": "T", "cave": "S", "church": "S", "monastery": "S", "bridge": "S"}
FCLASS_BY_CLASS = {"Settlement": "P", "AdministrativeUnit": "A", "Polity": "A", "Area": "L", "NaturalFeature": "T",
                   "HeritageSite": "S"}
WIKIDATA_CLASS = {"human settlement": "Q486972", "village": "Q532", "town": "Q3957", "city": "Q515",
                  "monastery": "Q44613", "cave": "Q35509"}


def _bound(earliest: str | None, latest: str | None) -> dict | None:
    """An LPF date object: `in` for a known day/month/year, `earliest`/`latest` for an uncertain one (only the
    bound the source gives for an open one)."""
    if earliest and earliest == latest:
        return {"in": earliest}
    bound = {k: v for k, v in (("earliest", earliest), ("latest", latest)) if v}
    return bound or None


def _timespan(start: dict | None, end: dict | None) -> dict | None:
    """A timespan whose open end stays open: a start without an end ends no earlier than it starts, with no
    latest end (LPF reads a span with a start only as that one time)."""
    if start is None and end is None:
        return None
    span = {}
    if start:
        span["start"] = start
        span["end"] = end or {"earliest": start.get("in") or start.get("earliest") or start["latest"]}
    else:
        span["end"] = end
    return span


def _relation_when(r: dict) -> dict | None:
    start = _bound(r["startEarliest"], r["startLatest"])
    end = _bound(r["endEarliest"], r["endLatest"])
    notes = []
    if r["startEvent"]:
        notes.append(f"from {r['startEvent']}")
        start = start or _bound(r["startEventEarliest"], r["startEventLatest"])
    elif r["startEdtf"]:
        notes.append(f"from {r['startEdtf']}")
    if r["endEvent"]:
        notes.append(f"until {r['endEvent']}")
        end = end or _bound(r["endEventEarliest"], r["endEventLatest"])
    elif r["endEdtf"]:
        notes.append(f"until {r['endEdtf']}")
    elif start:
        notes.append("the source gives no end")
    span = _timespan(start, end)
    return {"timespans": [span], "label": "; ".join(notes)} if span else None


def _relation_label(r: dict) -> str:
    """The relation in words, with the part it applies to and, when they give no date, its bounding events."""
    label = f"{r['relation']} {r['targetLabel']}" + (f" ({r['part']})" if r["part"] else "")
    if _relation_when(r) is None:
        events = [f"from {r['startEvent']}" if r["startEvent"] else "", f"until {r['endEvent']}" if r["endEvent"] else ""]
        label += "".join(f"; {e}" for e in events if e)
    return label


def _lpf_relations(store: ox.Store) -> dict[str, list[dict]]:
    """Each place's part-of, located-in, administered-, controlled- and claimed-by relations, one per statement
    reading (relation, target, time, part), with the citations of every source that states it."""
    out: dict[str, list[dict]] = {}
    for r in _event_bounds_merged(_rows(store, LPF_RELATIONS)):
        relation = {"relationType": RELATION_TYPES[r["relation"]], "relationTo": r["target"],
                    "label": _relation_label(r)}
        when = _relation_when(r)
        if when:
            relation["when"] = when
        citation = {"label": r["title"], "@id": r["doc"]}
        items = out.setdefault(r["place"], [])
        same = next((i for i in items if {k: v for k, v in i.items() if k != "citations"} == relation), None)
        if same is None:
            items.append({**relation, "citations": [citation]})
        elif citation not in same["citations"]:
            same["citations"].append(citation)
    return out


def _event_bounds_merged(rows: list[dict]) -> list[dict]:
    """One row per statement reading: an event that sources date differently bounds it by the widest of its
    dates (earliest of the earliest bounds, latest of the latest; ISO dates, so compared as text)."""
    bounds = ("startEventEarliest", "startEventLatest", "endEventEarliest", "endEventLatest")
    merged: dict[tuple, dict] = {}
    for r in rows:
        key = tuple((k, v) for k, v in r.items() if k not in bounds)
        if key not in merged:
            merged[key] = dict(r)
            continue
        m = merged[key]
        for k in bounds:
            values = [v for v in (m[k], r[k]) if v]
            m[k] = (min(values) if k.endswith("Earliest") else max(values)) if values else None
    return list(merged.values())


def _types(place: Place) -> list[dict]:
    labels = place.types or (["human settlement"] if place.cls == "Settlement" else [])
    return [{"identifier": f"wd:{WIKIDATA_CLASS[t]}" if t in WIKIDATA_CLASS
             else f"https://w3id.org/hadrut-kg/ontology#{t.replace(' ', '-')}",
             "label": t, "sourceLabels": [{"label": t, "lang": "en"}]} for t in labels]


def _fclasses(place: Place) -> list[str]:
    found = sorted({FCLASS_BY_TYPE[t] for t in place.types if t in FCLASS_BY_TYPE})
    return found or ([FCLASS_BY_CLASS[place.cls]] if place.cls in FCLASS_BY_CLASS else [])


def _has_when(feature: dict) -> bool:
    return any("when" in item for key in ("names", "relations", "types") for item in feature[key])


def _feature_when(feature: dict) -> dict:
    """A feature-level `when` for a place the sources date: every timespan its names and relations carry (each
    item's own `when` says which it is), once each, in a fixed order."""
    spans, seen = [], set()
    for key in ("names", "relations", "types"):
        for item in feature[key]:
            for span in (item.get("when") or {}).get("timespans", []):
                text = json.dumps(span, sort_keys=True)
                if text not in seen:
                    seen.add(text)
                    spans.append(span)
    spans.sort(key=lambda s: json.dumps(s, sort_keys=True))
    return {"timespans": spans, "label": "the times its names and relations are dated (each says which)"}


def lpf(store: ox.Store) -> dict:
    """Linked Places Format (JSON-LD FeatureCollection) for the World Historical Gazetteer, each feature valid by
    WHG's LPF v2.0 schema: every place with cited names (their time in use as timespans with earliest/latest
    bounds), GeoNames feature classes, types (Wikidata classes where known), geometry (a GeometryCollection;
    null where no source gives a location), timed relations (open ends open, part qualifiers and event bounds in
    the label) with citations, and links. WHG wants a `when` somewhere in each feature: a place no source dates
    gets the time its documents attest it (lpf_attestation.py), nothing invented."""
    name_dates = {(r["place"], r["text"]): r for r in _rows(store, LPF_NAME_DATES)}
    reported = latest_reported_days(store)
    relations = _lpf_relations(store)
    features = []
    for place in places(store):
        names = []
        for n in place.names:
            name = {"toponym": n["text"], "lang": n["lang"], "citations": n["citations"]}
            dates = name_dates.get((place.iri, n["text"]))
            if dates:
                span = _timespan(_bound(dates["fromEarliest"], dates["fromLatest"]),
                                 _bound(dates["untilEarliest"], dates["untilLatest"]))
                if span:
                    name["when"] = {"timespans": [span]}
            names.append(name)
        geometry = None
        if place.points:
            geometry = {"type": "GeometryCollection",
                        "geometries": [{"type": "Point", "coordinates": _point(p), "citations": p["citations"]}
                                       for p in place.points]}
        properties = {"title": place.label}
        if _fclasses(place):
            properties["fclasses"] = _fclasses(place)
        feature = {
            "@id": place.iri, "type": "Feature",
            "properties": properties,
            "names": names,
            "types": _types(place),
            "geometry": geometry,
            "relations": relations.get(place.iri, []),
            "links": place.links,
        }
        if _has_when(feature):
            feature["when"] = _feature_when(feature)
        else:
            feature["when"] = attested_when([c for n in names for c in n["citations"]], reported)
        features.append(feature)
    return {"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features}


CSV_HEADERS = {
    "places.csv": ["id", "iri", "label", "class", "place_types", "latitude", "longitude", "points", "sources"],
    "points.csv": ["place_id", "latitude", "longitude", "sources"],
    "names.csv": ["place_id", "name", "lang", "script", "kind", "from", "until", "sources"],
}


def csv_rows(store: ox.Store) -> dict[str, list[tuple[str, list]]]:
    """The rows of each CSV table, each with the IRI of the place it is about (so one place's rows can be cut
    out of the same tables); cells that a spreadsheet would run as formulas are neutralised (spreadsheet.safe_cell)."""
    tables: dict[str, list[tuple[str, list]]] = {name: [] for name in CSV_HEADERS}
    for place in places(store):
        first = place.points[0] if place.points else {"lat": "", "lon": ""}
        tables["places.csv"].append((place.iri, safe_row([
            place.id, place.iri, place.label, place.cls, " ".join(place.types), first["lat"], first["lon"],
            len(place.points), " ".join(place.sources)])))
        for p in place.points:
            tables["points.csv"].append((place.iri, safe_row([place.id, p["lat"], p["lon"], " ".join(p["sources"])])))
        for n in place.names:
            tables["names.csv"].append((place.iri, safe_row([
                place.id, n["text"], n["lang"], n["script"], n["kind"], n["from"] or "", n["until"] or "",
                " ".join(n["sources"])])))
    return tables


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_tables(store: ox.Store) -> dict[str, str]:
    """places.csv (one row per place, with its first point), points.csv (one row per point of a place, every
    source's) and names.csv (one row per name), for spreadsheets."""
    return {name: csv_text(CSV_HEADERS[name], [row for _, row in rows]) for name, rows in csv_rows(store).items()}


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
