"""What the time map page carries, gathered from the built dataset: the places and their points, the district
outlines and the province hulls, question 3's answers per place, change point and view (states.py), the holders
and their colours (exports.palette), the sources, and the dated events — with every date also in words
(vocabulary.datewords), the ISO days kept beside them."""

from __future__ import annotations

import pyoxigraph as ox

from hadrut_kg.exports import formats, palette
from hadrut_kg.timemap import areas, states
from hadrut_kg.vocabulary.datewords import bounds_words, edtf_words
from hadrut_kg.vocabulary.documents import document_label
from hadrut_kg.vocabulary.namespaces import Minted, base_from_env

SEEDS = ("wikimapia", "wikipedia")  # the two seed documents come first in the source selector

SOURCES = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?id ?title ?publisher WHERE { ?section hkg:sectionId ?s ; dcterms:isPartOf ?doc .
  ?doc dcterms:identifier ?id . OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:publisher/foaf:name ?publisher } }
"""

EVENTS = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?event ?label ?earliest ?latest ?edtf WHERE {
  ?event hkg:timeBounds ?b ; rdfs:label ?label .
  OPTIONAL { ?b hkg:earliestDate ?earliest } OPTIONAL { ?b hkg:latestDate ?latest }
  OPTIONAL { ?event hkg:date/hkg:edtf ?edtf }
  FILTER (LANG(?label) = "en" || LANG(?label) = "")
} ORDER BY ?earliest ?latest ?event
"""


def _marker_point(feature: dict) -> tuple[float, float]:
    """A seed's point, else an article's, else the gazetteer's (the same choice as the places map)."""
    points = feature["properties"]["points"]
    seed = [q for q in points if q.get("fromSeed")]
    own = [q for q in points if any(not s.startswith("wof/") for s in q["sources"])]
    lon, lat = (seed or own or points)[0]["coordinates"][:2]
    return lon, lat


def _short(iri: str, base: str) -> str:
    return iri[len(base):] if iri and iri.startswith(base) else iri


def drawn(store: ox.Store, regions: dict) -> frozenset[str]:
    """The ids the map draws and can open at (`map.html#place=ID`): every place with a point, every district
    outline, and the province (as its hull). Other places (an enclave, a polity with no point) are not drawn."""
    return frozenset({f["properties"]["id"] for f in formats.geojson(store)["features"]}
                     | {r["id"] for r in areas.simplified(regions) if r["id"]} | {areas.PROVINCE})


def page_data(store: ox.Store, regions: dict, base: str | None = None) -> dict:
    """Everything the page draws and looks up, as one JSON-ready dict."""
    base = base or Minted(base_from_env()).entity_ns
    places = []
    for feature in formats.geojson(store)["features"]:
        p = feature["properties"]
        lon, lat = _marker_point(feature)
        places.append({"id": p["id"], "label": p["label"], "class": p["class"], "lon": round(lon, 5),
                       "lat": round(lat, 5)})
    at = {base + p["id"]: (p["lon"], p["lat"]) for p in places}
    outlines = areas.simplified(regions)
    units = sorted({base + p["id"] for p in places} | {base + r["id"] for r in outlines if r["id"]}
                   | {base + areas.PROVINCE})
    answers = states.answers(store, units)
    rows = []
    for r in answers.rows:
        values = dict(zip(states.COLUMNS, r))
        rows.append([_short(values["resource"], base), values["relation"], _short(values["object"], base),
                     values["state"], values["part"] or "", values["source"], values["via"] or "",
                     values["explanation"], bounds_words(values["startEarliest"], values["startLatest"]),
                     "" if values["endEarliest"] is None and values["endLatest"] is None
                     else bounds_words(values["endEarliest"], values["endLatest"]),
                     "/".join(v or ".." for v in (values["startEarliest"], values["startLatest"])),
                     "/".join(v or ".." for v in (values["endEarliest"], values["endLatest"]))])
    by_unit = {}
    for unit, views in answers.by_unit.items():
        compact = {}
        for view, lists in views.items():
            changes, last = [], None
            for i, numbers in enumerate(lists):
                if numbers != last:
                    changes.append([i, numbers])
                    last = numbers
            compact[view] = changes
        by_unit[_short(unit, base)] = compact
    used_docs = sorted({row[5].split("/", 1)[0] for row in rows})
    value = lambda term: term.value if term is not None else None  # noqa: E731
    titles = {r["id"].value: document_label(value(r["title"]), value(r["publisher"]), r["id"].value)
              for r in store.query(SOURCES)}
    docs = [d for d in SEEDS if d in used_docs] + [d for d in used_docs if d not in SEEDS]
    holders = palette.holders(store)
    codes = palette.codes({iri: label for iri, (label, _) in holders.items()})
    events: dict[str, dict] = {}
    last = states.last_day(store)
    for r in store.query(EVENTS):
        earliest = r["earliest"].value[:10] if r["earliest"] else None
        latest = r["latest"].value[:10] if r["latest"] else None
        # an event whose end is bounded only by when its source was written says too little for a strip
        if latest is None or (latest >= last and earliest != latest):
            continue
        if (latest or earliest) < states.FIRST_DAY or (earliest or "") > last:
            continue
        event = events.setdefault(_short(r["event"].value, base), {
            "id": _short(r["event"].value, base), "label": r["label"].value, "earliest": earliest,
            "latest": latest, "edtf": [], "words": bounds_words(earliest, latest)})
        if r["edtf"] is not None and r["edtf"].value not in event["edtf"]:
            event["edtf"].append(r["edtf"].value)
    for event in events.values():
        event["stated"] = "; ".join(edtf_words(e) for e in event["edtf"])
        event["edtf"] = " ".join(event["edtf"])
    return {"days": answers.days, "first": states.FIRST_DAY, "last": last, "rows": rows, "units": by_unit,
            "places": places, "regions": outlines, "hulls": areas.hulls(store, at, base + areas.PROVINCE),
            "sources": [{"id": d, "title": titles.get(d, d)} for d in docs],
            "holders": {_short(iri, base): {"label": label, "colour": colour, "code": codes[iri]}
                        for iri, (label, colour) in holders.items()},
            "events": sorted(events.values(), key=lambda e: (e["earliest"] or "", e["latest"] or "", e["id"]))}
