"""Scoring places against one query, and the choice of a match.

A name of a place scores (0–100): 100 for the same spelling (after folding case, diacritics and apostrophes),
97 for the same comparison key (another script or romanisation of the same name: Cəbrayıl / Jebrail / Джебраил),
94 for the same key without generic words (Hadrut rayonu / Гадрутский район / Hadrut), else 0.9 × rapidfuzz's
normalised Indel similarity of the keys (ratio, or token_sort_ratio when words are reordered), so a misspelling
scores below any spelling the data holds. A place scores with its best name. Properties then weigh in: a place
whose units, point or Wikidata item contradict what the query gives loses 15–20 points; one they support keeps
its score and says so in its features.

`match` is true for the first candidate only, when it holds the name (score at least SAME_BARE), nothing the query
gave contradicts it, and no other candidate comes as close: none reaches its score or SURE (same spelling or same
key), whichever is lower — unless the first is supported by a property (its point, unit or Wikidata item) and
those others are not. A name two places hold (Hadrut the town and the province's infobox title) is never matched
without a type or property that tells them apart; a misspelling is offered first but never matched.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from hadrut_kg.reconcile import keys as K
from hadrut_kg.reconcile.index import Index, Place
from hadrut_kg.reconcile.request import Query

SAME_SPELLING, SAME_KEY, SAME_BARE = 100.0, 97.0, 94.0
FUZZY_WEIGHT = 0.9
CUTOFF = 60.0  # similarity below which a name is no candidate at all
SURE = 97.0
NEAR_KM, FAR_KM = 5.0, 25.0  # a point within NEAR_KM supports, beyond FAR_KM contradicts (as the gazetteer link)
CONTRADICTED, TYPE_SHOULD = 20.0, 10.0
PROPERTIES = {
    "locatedIn": ("located in", "a unit the place lies in or belongs to (its name in any script, or its id), at "
                                "any level"),
    "coordinates": ("coordinates", "a point 'lat,lon' in decimal degrees: within 5 km supports, beyond 25 km "
                                   "contradicts; 'lat,lon,km' sets the distance that supports and beyond which it "
                                   "contradicts"),
    "wikidata": ("Wikidata item", "a QID such as Q157919"),
    "geonames": ("GeoNames id", "a GeoNames feature id such as 148105"),
    "parent": ("parent unit", "the unit the place lies in or belongs to directly (a name in any script, or an id)"),
}
NAME_PROPERTY = "name@"  # name@hy, name@az-Cyrl, …: a name in that language and script, compared by key
NUMBER = r"([+-]?[0-9]{1,3}(?:\.[0-9]+)?)"
POINT = re.compile(rf"^\s*{NUMBER}\s*[,; ]\s*{NUMBER}\s*(?:[,; ]\s*([0-9]{{1,4}}(?:\.[0-9]+)?)\s*(?:km)?\s*)?$")


@dataclass
class Candidate:
    place: Place
    score: float
    name: str  # the name of the place that scored best
    features: dict[str, float | bool] = field(default_factory=dict)
    contradicted: bool = False
    supported: bool = False
    match: bool = False


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


class Matcher:
    """All the comparison keys of one index, laid out for rapidfuzz's batch scorer."""

    def __init__(self, index: Index):
        self.index = index
        self.owners: list[tuple[str, str]] = []  # (place id, name text) per key below
        self.full: list[str] = []
        self.bare: list[str] = []
        self.spelling: dict[str, set[tuple[str, str]]] = {}
        for place in index.places.values():
            for name in place.names:
                self.spelling.setdefault(name.plain, set()).add((place.id, name.text))
                for full, bare in name.keys:
                    self.owners.append((place.id, name.text))
                    self.full.append(full)
                    self.bare.append(bare)

    # --- names ------------------------------------------------------------------------------------------------
    def name_scores(self, text: str) -> dict[str, tuple[float, str]]:
        """Each place with a name like `text`: its best score and that name."""
        best: dict[str, tuple[float, str]] = {}

        def offer(pid: str, score: float, name: str) -> None:
            held, shown = best.get(pid, (-1.0, ""))
            label = self.index.places[pid].label
            if score > held or score == held and (name != label, name) < (shown != label, shown):
                best[pid] = (score, name)

        for pid, name in self.spelling.get(K.plain(text), ()):
            offer(pid, SAME_SPELLING, name)
        for full, bare in K.keys(text):
            for choices, query, exact in ((self.full, full, SAME_KEY), (self.bare, bare, SAME_BARE)):
                if not query:
                    continue
                for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
                    for _, similarity, i in process.extract(query, choices, scorer=scorer, limit=None,
                                                            score_cutoff=CUTOFF):
                        pid, name = self.owners[i]
                        same = similarity >= 100 and scorer is fuzz.ratio  # reordered words are not the same key
                        offer(pid, exact if same else round(FUZZY_WEIGHT * similarity, 1), name)
        return best

    # --- properties ---------------------------------------------------------------------------------------------
    def places_named(self, value: object) -> set[str]:
        """The places a property value names: an id of the data, or a name (same full key first, else bare)."""
        if isinstance(value, dict):
            value = value["id"]
        if not isinstance(value, str):
            return set()
        if value in self.index.places:
            return {value}
        local = self.index.local(value)
        if local in self.index.places:
            return {local}
        wanted = K.keys(value)
        for position in (0, 1):
            found = {self.owners[i][0] for i, key in enumerate(self.full if position == 0 else self.bare)
                     if any(key == w[position] for w in wanted)}
            if found:
                return found
        return set()

    def weigh(self, candidate: Candidate, query: Query) -> None:
        place = candidate.place
        for prop in query.properties:
            support = contradict = False
            if prop.pid in ("locatedIn", "parent"):
                named = set().union(*(self.places_named(v) for v in prop.values))
                above = place.within - {place.id} if prop.pid == "locatedIn" else set(place.parents)
                if above or place.id in named:  # a place is not located in itself
                    support = bool(named & above)
                    contradict = not support
            elif prop.pid == "coordinates":
                points = [p for p in (_point(v) for v in prop.values) if p]
                if points and place.points:
                    distance, radius = min((km(a[:2], b), a[2]) for a in points for b in place.points)
                    candidate.features["distance_km"] = round(distance, 2)
                    support = distance <= (radius if radius is not None else NEAR_KM)
                    contradict = distance > (radius if radius is not None else FAR_KM)
            elif prop.pid in ("wikidata", "geonames"):
                held = place.wikidata if prop.pid == "wikidata" else place.geonames
                wanted = {str(v.get("id") if isinstance(v, dict) else v).strip().upper() for v in prop.values}
                if held:
                    support = bool(wanted & set(held))
                    contradict = not support
            elif prop.pid.startswith(NAME_PROPERTY):
                tag = prop.pid[len(NAME_PROPERTY):].lower()
                held = {k for n in place.names if n.lang.lower() == tag for k, _ in n.keys}
                wanted = {k for v in prop.values if isinstance(v, str) for k, _ in K.keys(v)}
                if held:
                    support = bool(wanted & held)
                    contradict = not support
            if support or contradict:
                candidate.features[prop.pid] = support
            candidate.supported |= support
            if contradict:
                candidate.score -= CONTRADICTED
                candidate.contradicted = True

    # --- one query ----------------------------------------------------------------------------------------------
    def candidates(self, query: Query) -> list[Candidate]:
        """The candidates for one query, best first, `match` set on at most the first."""
        if not query.text:
            return []
        found = []
        for pid, (score, name) in self.name_scores(query.text).items():
            place = self.index.places[pid]
            candidate = Candidate(place, score, name, {"name": score})
            if query.types:
                fits = [t == "Place" or t in place.types for t in query.types]
                ok = all(fits) if query.type_strict == "all" else any(fits)
                if not ok and query.type_strict != "should":
                    continue
                candidate.features["type"] = ok
                if not ok:
                    candidate.score -= TYPE_SHOULD
                    candidate.contradicted = True
            self.weigh(candidate, query)
            candidate.score = round(max(0.0, min(100.0, candidate.score)), 1)
            found.append(candidate)
        found.sort(key=lambda c: (-c.score, not c.supported, c.place.label, c.place.id))
        if found and found[0].score >= SAME_BARE and not found[0].contradicted:
            close = [c for c in found[1:] if c.score >= min(found[0].score, SURE)]
            if found[0].supported:
                close = [c for c in close if c.supported]
            found[0].match = not close
        return found[:query.limit]


def _point(value: object) -> tuple[float, float, float | None] | None:
    """'lat,lon' or 'lat,lon,km' (a distance of the user's own), else None."""
    m = POINT.match(value) if isinstance(value, str) else None
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    radius = float(m.group(3)) if m.group(3) else None
    return (lat, lon, radius) if -90 <= lat <= 90 and -180 <= lon <= 180 else None
