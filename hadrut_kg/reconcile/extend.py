"""Data extension (the 0.2 `extend` protocol): values of a reconciled place for the columns a user asks for.

Properties: its names per language-and-script tag (`name@hy`, `name@az-Cyrl`, … — one per tag the data holds),
its English label, class, coordinates (as "lat,lon" text and as latitude/longitude numbers, one per point a
source gives), Wikidata QID and GeoNames id (the data's exact matches), the units it lies in (as entities of this
service), and `relations-on-date`: question 3 for the place on the day of the `date` setting (today when
not given), one value per relation, state and source.

Work is bounded: each id and each property once, at most MAX_PLACE_DAYS (place, day) pairs of question 3 in one
request, each pair asked once, and all of them together in a forked worker stopped after Q3_SECONDS.
"""

from __future__ import annotations

from datetime import date

from hadrut_kg.errors import InputError
from hadrut_kg.queries.embedded import QueryTimeout, call_with_timeout
from hadrut_kg.reconcile import today
from hadrut_kg.reconcile.index import Index, Place
from hadrut_kg.reconcile.request import MAX_BATCH, RequestError
from hadrut_kg.vocabulary.langtags import canonical_tag

MAX_PROPERTIES = 30
MAX_PLACE_DAYS = 30  # (place, day) pairs of question 3 in one request
Q3_SECONDS = 20.0  # question 3 for all of them, at most
Q3 = "relations-on-date"
FIXED = {
    "label": ("label (English)", "the dataset's English display label"),
    "type": ("type", "the place's class in the Hadrut KG ontology"),
    "coordinates": ("coordinates", "each point a source gives, as 'lat,lon'"),
    "latitude": ("latitude", "each point's latitude in decimal degrees"),
    "longitude": ("longitude", "each point's longitude in decimal degrees"),
    "wikidata": ("Wikidata QID", "the Wikidata item the data links as an exact match"),
    "geonames": ("GeoNames id", "the GeoNames feature the data links as an exact match"),
    "parent": ("parent unit", "the units the place lies in or belongs to (locatedIn, partOf)"),
    "relations-on-date": ("controlled by / part of on a date", "question 3: what the place was part of, "
                          "administered, controlled or claimed by on the day of the 'date' setting, per source"),
}
SETTINGS = [{"name": "date", "label": "Date (YYYY-MM-DD)", "type": "text", "default": "",
             "help_text": "The day asked about by 'controlled by / part of on a date' (empty: today)"}]


def name_tags(index: Index) -> list[str]:
    return sorted({canonical_tag(n.lang) for p in index.places.values() for n in p.names})


def properties(index: Index) -> dict[str, tuple[str, str]]:
    """Every extension property: id -> (name, description)."""
    names = {f"name@{tag}": (f"names ({tag})", f"every name the data holds in the language and script {tag}")
             for tag in name_tags(index)}
    return {**FIXED, **names}


def _values(index: Index, place: Place, pid: str, settings: dict, q3: dict) -> list[dict]:
    if pid.startswith("name@"):
        tag = pid[5:].lower()
        return [{"str": n.text} for n in place.names if n.lang.lower() == tag]
    if pid == "label":
        return [{"str": place.label}]
    if pid == "type":
        return [{"str": t} for t in place.types]
    if pid == "coordinates":
        return [{"str": f"{lat},{lon}"} for lat, lon in place.points]
    if pid in ("latitude", "longitude"):
        return [{"float": p[0] if pid == "latitude" else p[1]} for p in place.points]
    if pid == "wikidata":
        return [{"str": q} for q in place.wikidata]
    if pid == "geonames":
        return [{"str": g} for g in place.geonames]
    if pid == "parent":
        return [{"id": p, "name": index.places[p].label} for p in place.parents]
    rows = q3[(place.iri, settings.get("date") or date.today().isoformat())]
    return [{"str": today.value_text(r)} for r in rows]


def _question_3(index: Index, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Question 3 for every (place IRI, day), in a forked worker stopped after Q3_SECONDS."""
    if not pairs:
        return {}
    try:
        return call_with_timeout(lambda: {pair: today.relations(index.store, index.minted, *pair) for pair in pairs},
                                 Q3_SECONDS)
    except QueryTimeout:
        raise RequestError(f"extend: question 3 for {len(pairs)} places and days took longer than {Q3_SECONDS:g} s "
                           "(the time limit); ask for fewer ids or dates at once") from None


def extend(index: Index, raw: object) -> dict:
    """The extension response for a request {"ids": [...], "properties": [{"id": …, "settings": {…}}]}."""
    known = properties(index)
    if not isinstance(raw, dict) or not isinstance(raw.get("ids"), list) or \
            not isinstance(raw.get("properties"), list):
        raise RequestError("extend: expected {\"ids\": [...], \"properties\": [{\"id\": …}]}")
    ids, props = raw["ids"], raw["properties"]
    if len(ids) > MAX_BATCH or len(props) > MAX_PROPERTIES:
        raise RequestError(f"extend: at most {MAX_BATCH} ids and {MAX_PROPERTIES} properties at once")
    for i, v in enumerate(ids):
        if not isinstance(v, str) or len(v) > 200:
            raise RequestError(f"extend: ids[{i}]: expected an id of this service, got {repr(v)[:80]}")
        if v in ids[:i]:
            raise RequestError(f"extend: ids[{i}]: {v[:80]!r} is given twice; give each id once")
    wanted = []
    for i, p in enumerate(props):
        if not isinstance(p, dict) or p.get("id") not in known:
            got = p.get("id") if isinstance(p, dict) else p
            raise RequestError(f"extend: properties[{i}].id: expected one of {', '.join(known)}, got {repr(got)[:80]}")
        settings = p.get("settings") or {}
        if not isinstance(settings, dict) or set(settings) - {"date"}:
            raise RequestError(f"extend: properties[{i}].settings: only 'date' is a setting")
        if settings.get("date"):
            try:
                today.check_day(settings["date"])
            except InputError as exc:
                raise RequestError(f"extend: properties[{i}].settings.date: {exc}") from None
        if p["id"] in [pid for pid, _ in wanted]:
            raise RequestError(f"extend: properties[{i}].id: {p['id']!r} is given twice; give each property once")
        wanted.append((p["id"], settings))
    meta = [{"id": pid, "name": known[pid][0]} for pid, _ in wanted]
    places = {eid: index.places.get(index.local(eid) or eid) for eid in ids}
    days = {s.get("date") or date.today().isoformat() for pid, s in wanted if pid == Q3}
    pairs = sorted({(place.iri, day) for place in places.values() if place for day in days})
    if len(pairs) > MAX_PLACE_DAYS:
        raise RequestError(f"extend: {len(pairs)} places × days of '{Q3}' in one request; at most "
                           f"{MAX_PLACE_DAYS} (the work limit: ask for fewer ids at once)")
    q3 = _question_3(index, pairs)
    rows = {}
    for eid, place in places.items():
        rows[eid] = {pid: (_values(index, place, pid, settings, q3) if place else []) for pid, settings in wanted}
    return {"meta": meta, "rows": rows}
