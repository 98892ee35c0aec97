"""Data extension (the 0.2 `extend` protocol): values of a reconciled place for the columns a user asks for.

Properties: its names per language-and-script tag (`name@hy`, `name@az-Cyrl`, … — one per tag the data holds),
its English label, class, coordinates (as "lat,lon" text and as latitude/longitude numbers, one per point a
source gives), Wikidata QID and GeoNames id (the data's exact matches), the units it lies in (as entities of this
service), and `relations-on-date`: question 3 for the place on the day of the `date` setting (today when
not given), one value per relation, state and source.
"""

from __future__ import annotations

from datetime import date

from hadrut_kg.queries.catalogue import QueryError
from hadrut_kg.reconcile import today
from hadrut_kg.reconcile.index import Index, Place
from hadrut_kg.reconcile.request import MAX_BATCH, RequestError
from hadrut_kg.vocabulary.langtags import canonical_tag

MAX_PROPERTIES = 30
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


def _values(index: Index, place: Place, pid: str, settings: dict) -> list[dict]:
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
    day = settings.get("date") or date.today().isoformat()
    rows = today.relations(index.store, index.minted, place.iri, day)
    return [{"str": f"{r['relation']} {r['objectLabel']} ({r['state']}; {r['source']})"} for r in rows]


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
            except QueryError as exc:
                raise RequestError(f"extend: properties[{i}].settings.date: {exc}") from None
        wanted.append((p["id"], settings))
    meta = [{"id": pid, "name": known[pid][0]} for pid, _ in wanted]
    rows = {}
    for eid in ids:
        place = index.places.get(index.local(eid) or eid)
        rows[eid] = {pid: (_values(index, place, pid, settings) if place else []) for pid, settings in wanted}
    return {"meta": meta, "rows": rows}
