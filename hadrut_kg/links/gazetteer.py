"""Offline reconciliation against a gazetteer file in Who's On First's GeoJSON shape (by default the extract the
package ships in gazetteers/).

Every settlement and administrative unit of the curated data is compared with every record of the file on four
signals: a name (all of ours against all of the record's, in every script, after transliteration to ASCII with
anyascii), the record's parent region (the region the reconciled district of our data stands for), the distance
from a point a source already gives (WOF's own points are never used to confirm WOF), and the kind of place. A
record is accepted only when a name and a second, independent signal support it, nothing contradicts it (a point
more than REJECT_KM away, a place of another kind), and no other record is supported as well: a wrong link is
worse than none, so ties stay unlinked and are listed. The outcome is a review table with the reasons per row.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from hadrut_kg.errors import InputError
from hadrut_kg.curated.loader import Dataset
from hadrut_kg.paths import UnsafeFile, read_regular

MAX_BYTES = 64 * 1024 * 1024  # the WOF extract is 0.6 MB; anything far larger is not a gazetteer extract
NEAR_KM = 5.0  # a point this close to a point a source gives confirms the match
SIMILAR_NEAR_KM = 2.0  # a merely similar name needs a point this close (and gives a close match)
REJECT_KM = 25.0  # a point this far from every point a source gives rules the record out
SIMILAR = 0.75  # difflib ratio of two normalised names for "similar"
LANGS = {"hye": "hy", "aze": "az", "rus": "ru", "eng": "en"}  # the name fields read, ISO 639-3 -> BCP 47
SCRIPTS = {"hy": "Armn", "az": "Latn", "ru": "Cyrl", "en": "Latn"}
KINDS = {"Settlement": {"locality"}, "AdministrativeUnit": {"region"}}
GENERIC = {"district", "region", "rayon", "rayonu", "raion", "rajonu"}  # words of unit names, not of the name
ROMANISATION = [("dzh", "c"), ("sh", "s"), ("ch", "c"), ("kh", "x"), ("gh", "g"), ("zh", "j"), ("j", "c"),
                ("q", "g"), ("y", "i"), ("w", "v")]
REVIEW_COLUMNS = ["entity", "label", "wof_id", "wof_name", "placetype", "wof_region", "geonames_id", "wikidata_id",
                  "km", "signals", "decision", "match", "reasons"]


class GazetteerError(InputError):
    """The gazetteer file cannot be used; the message names the file, the feature and the field."""


@dataclass(frozen=True)
class GazName:
    field: str  # e.g. name:hye_x_variant
    lang: str  # BCP 47 of the field's language
    text: str
    preferred: bool

    @property
    def script(self) -> str:
        return script_of(self.text)

    @property
    def misplaced(self) -> bool:
        """The text is not in the script of the field's language (e.g. a Latin transliteration in an Armenian
        field): it is read as a transliteration, not as a name in that language."""
        return self.script != SCRIPTS[self.lang]


@dataclass
class Record:
    id: int
    name: str
    placetype: str
    region: int | None
    point: tuple[float, float] | None  # lat, lon
    names: list[GazName]
    geonames: int | None
    wikidata: str | None
    current: int | None
    geometry: dict | None = None
    point_source: str = ""  # src:geom, where WOF took the point from


@dataclass
class Target:
    """One of our records, as the reconciliation sees it."""

    id: str
    cls: str
    label: str
    names: list[tuple[str, str]]  # text, lang
    points: list[tuple[float, float]]
    containers: set[str] = field(default_factory=set)


@dataclass
class Row:
    target: Target
    record: Record | None
    signals: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)
    km: float | None = None
    weak_name: bool = False
    decision: str = "none"
    match: str = ""


# ---------- names ----------
def script_of(text: str) -> str:
    """The ISO 15924 script of the letters of a text: Armn, Cyrl, Latn, or Zyyy when mixed or none."""
    found = set()
    for ch in text:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            found.add("Armn" if uname.startswith("ARMENIAN") else "Cyrl" if uname.startswith("CYRILLIC")
                      else "Latn" if uname.startswith("LATIN") else "Zyyy")
    return found.pop() if len(found) == 1 else "Zyyy"


def ascii_key(text: str, unit: bool = False) -> str:
    """A name reduced for comparison: transliterated to ASCII (anyascii), lower case, apostrophes and hyphens
    dropped, Armenian 'ow' read as 'u', doubled letters single; for units the generic words (district, rayonu…)
    removed."""
    t = anyascii(unicodedata.normalize("NFC", text)).lower().replace("ow", "u")
    words = re.findall(r"[a-z0-9]+", re.sub(r"['`’]", "", t))
    if unit:
        words = [w for w in words if w not in GENERIC] or words
    return re.sub(r"(.)\1+", r"\1", " ".join(words))


def romanisation_key(key: str) -> str:
    """An ASCII key with the differences between English-style and Azerbaijani-style romanisation removed
    (sh/ş, kh/x, j/c, gh/ğ, q/g, y/ı…), so 'Khojavend' and 'Xocavənd' meet."""
    for a, b in ROMANISATION:
        key = key.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", key)


# ---------- reading the gazetteer ----------
def read_gazetteer(path: Path) -> list[Record]:
    """Every feature of a WOF GeoJSON FeatureCollection, checked; a bad one stops with feature and field named."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise GazetteerError(f"{path}: {size} bytes, more than the {MAX_BYTES} a gazetteer extract may have")
    try:
        raw = read_regular(path, MAX_BYTES)
    except UnsafeFile as exc:
        raise GazetteerError(f"{path}: {exc} (a gazetteer extract is a regular file of at most {MAX_BYTES} bytes)"
                             ) from None
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise GazetteerError(f"{path}: expected a GeoJSON FeatureCollection with a 'features' list")
    return [_record(path, i, f) for i, f in enumerate(document["features"], start=1)]


def _record(path: Path, number: int, feature: object) -> Record:
    def bad(fld: str, expected: str, got: object) -> GazetteerError:
        return GazetteerError(f"{path}: feature {number}: field '{fld}': expected {expected}, got {repr(got)[:80]}")

    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        raise bad("properties", "a mapping", props)
    wid = props.get("wof:id")
    if isinstance(wid, bool) or not isinstance(wid, int) or wid <= 0:
        raise bad("wof:id", "a positive whole number", wid)
    placetype = props.get("wof:placetype")
    if not isinstance(placetype, str):
        raise bad("wof:placetype", "a text", placetype)
    point = None
    if "geom:latitude" in props or "geom:longitude" in props:
        lat, lon = props.get("geom:latitude"), props.get("geom:longitude")
        for key, v, lim in (("geom:latitude", lat, 90), ("geom:longitude", lon, 180)):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not -lim <= v <= lim:
                raise bad(key, f"a number between -{lim} and {lim}", v)
        point = (float(lat), float(lon))
    names = []
    for key, value in sorted(props.items()):
        m = re.fullmatch(r"name:([a-z]{3})_x_(preferred|variant)", key)
        if not m or m.group(1) not in LANGS:
            continue
        if not isinstance(value, list) or not all(isinstance(t, str) and 0 < len(t) <= 200 for t in value):
            raise bad(key, "a list of names", value)
        names += [GazName(key, LANGS[m.group(1)], t.strip(), m.group(2) == "preferred") for t in value if t.strip()]
    hierarchy = props.get("wof:hierarchy") or [{}]
    region = hierarchy[0].get("region_id") if isinstance(hierarchy, list) and isinstance(hierarchy[0], dict) else None
    conc = props.get("wof:concordances") or {}
    if not isinstance(conc, dict):
        raise bad("wof:concordances", "a mapping", conc)
    gn, wd = conc.get("gn:id"), conc.get("wd:id")
    if gn is not None and (isinstance(gn, bool) or not isinstance(gn, int) or gn <= 0):
        raise bad("wof:concordances.gn:id", "a positive whole number", gn)
    if wd is not None and not (isinstance(wd, str) and re.fullmatch(r"Q[1-9][0-9]*", wd)):
        raise bad("wof:concordances.wd:id", "a Wikidata id like Q157919", wd)
    name = props.get("wof:name")
    return Record(wid, name if isinstance(name, str) else str(wid), placetype,
                  region if isinstance(region, int) and not isinstance(region, bool) else None, point, names, gn, wd,
                  props.get("mz:is_current"), feature.get("geometry"), str(props.get("src:geom", "")))


# ---------- our side ----------
def targets(data: Dataset, gazetteer_source: str) -> list[Target]:
    """Our settlements and administrative units with their names, the points sources other than the gazetteer
    give, and the units our data places them in (locatedIn, partOf)."""
    found = {}
    for ent in data.entities.values():
        if ent.cls in KINDS:
            names = [(n.text, n.lang) for n in ent.names if not all(c.source == gazetteer_source for c in n.cites)]
            found[ent.id] = Target(ent.id, ent.cls, ent.label, names, [])
    for fact in data.facts:
        target = found.get(fact.subject)
        if target is None or all(c.source == gazetteer_source for c in fact.cites):
            continue
        if fact.prop == "coordinates":
            target.points.append(fact.obj.value[:2])
        elif fact.prop in ("locatedIn", "partOf"):
            target.containers.add(fact.obj.value)
    return [t for t in found.values() if t.names]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


# ---------- scoring ----------
def _names(target: Target, record: Record, row: Row) -> None:
    unit = target.cls == "AdministrativeUnit"
    theirs = [(n, ascii_key(n.text, unit)) for n in record.names]
    exact, similar = [], []
    for text, lang in target.names:
        ours = ascii_key(text, unit)
        for n, key in theirs:
            where = f"{n.field}{' (' + n.script + ' text)' if n.misplaced else ''}"
            if not ours or not key:
                continue
            if unicodedata.normalize("NFC", text).casefold() == unicodedata.normalize("NFC", n.text).casefold():
                exact.append(f"'{text}'@{lang} = {where} '{n.text}'")
            elif ours == key:
                exact.append(f"'{text}'@{lang} ~ {where} '{n.text}' (transliterated)")
            elif romanisation_key(ours) == romanisation_key(key):
                exact.append(f"'{text}'@{lang} ~ {where} '{n.text}' (other romanisation)")
            elif difflib.SequenceMatcher(None, romanisation_key(ours), romanisation_key(key)).ratio() >= SIMILAR:
                similar.append(f"'{text}'@{lang} ≈ {where} '{n.text}'")
    if exact:
        row.signals.append("name")
        row.reasons.append("name " + "; ".join(dict.fromkeys(exact)))
    elif similar:
        row.signals.append("similar name")
        row.weak_name = True
        row.reasons.append("similar name only " + "; ".join(dict.fromkeys(similar)))


def _score(target: Target, record: Record, regions: dict[int, str], region_of: set[int]) -> Row:
    row = Row(target, record)
    _names(target, record, row)
    if not row.signals:
        return row
    if record.placetype not in KINDS[target.cls]:
        row.contradictions.append(f"a {record.placetype}, not a {' or '.join(sorted(KINDS[target.cls]))}")
    elif target.cls == "AdministrativeUnit":
        row.signals.append("type")
        row.reasons.append("type region (a first-level unit of the gazetteer, as our districts are)")
    if record.region in region_of and target.cls == "Settlement":
        row.signals.append("region")
        row.reasons.append(f"region {regions.get(record.region, record.region)} (the district our data places "
                           "it in, or one that is part of the same unit)")
    if target.points and record.point:
        row.km = round(min(km(p, record.point) for p in target.points), 1)
        if row.km > REJECT_KM:
            row.contradictions.append(f"{row.km} km from the point a source gives")
        elif row.km <= (SIMILAR_NEAR_KM if row.weak_name else NEAR_KM):
            row.signals.append("distance")
            row.reasons.append(f"{row.km} km from the point a source gives")
        else:
            row.reasons.append(f"{row.km} km from the point a source gives (neither confirms nor rules out)")
    if row.contradictions:
        row.decision = "rejected"
        row.reasons.append("ruled out: " + "; ".join(row.contradictions))
    elif len(row.signals) < 2 or (row.weak_name and "distance" not in row.signals):
        row.decision = "rejected"
        row.reasons.append("only one signal")
    else:
        row.decision = "supported"
        row.match = "close" if row.weak_name else "exact"
    return row


def _decide(rows: list[Row]) -> None:
    supported = [r for r in rows if r.decision == "supported"]
    for r in supported:
        if len(supported) == 1:
            r.decision = "accepted"
        else:
            r.decision, r.match = "ambiguous", ""
            others = ", ".join(str(o.record.id) for o in supported if o is not r)
            r.reasons.append(f"ambiguous: also supported {others}")


def _unit_regions(accepted: list[Row]) -> dict[str, int]:
    return {r.target.id: r.record.id for r in accepted if r.target.cls == "AdministrativeUnit"}


def _expected_regions(target: Target, units: dict[str, int], by_id: dict[str, Target]) -> set[int]:
    """The gazetteer regions of the units our data relates the target to: those it is in, those that are part of
    one of these, and those that contain one of these."""
    related = set(target.containers)
    for c in target.containers:
        related |= {u.id for u in by_id.values() if c in u.containers} | (by_id[c].containers if c in by_id else set())
    return {units[u] for u in related if u in units}


def reconcile(data: Dataset, records: list[Record], gazetteer_source: str = "wof") -> list[Row]:
    """Every candidate row: units first (their regions are a signal for the settlements), then settlements."""
    mine = targets(data, gazetteer_source)
    by_id = {t.id: t for t in mine}
    regions = {r.id: r.name for r in records if r.placetype == "region"}
    out: list[Row] = []
    units: dict[str, int] = {}
    for cls in ("AdministrativeUnit", "Settlement"):
        for target in sorted((t for t in mine if t.cls == cls), key=lambda t: t.id):
            expected = _expected_regions(target, units, by_id) if cls == "Settlement" else set()
            rows = [r for r in (_score(target, rec, regions, expected) for rec in records) if r.signals]
            _decide(rows)
            out += rows or [Row(target, None, reasons=["no record of the gazetteer has any of its names"])]
        if cls == "AdministrativeUnit":
            _one_to_one(out)
            units = _unit_regions([r for r in out if r.decision == "accepted"])
    _one_to_one(out)
    return sorted(out, key=lambda r: (r.target.id, _ORDER[r.decision], r.record.id if r.record else 0))


_ORDER = {"accepted": 0, "ambiguous": 1, "rejected": 2, "none": 3}


def _one_to_one(rows: list[Row]) -> None:
    """A gazetteer record accepted for two of our records is the match of neither."""
    by_record: dict[int, list[Row]] = {}
    for r in rows:
        if r.decision == "accepted":
            by_record.setdefault(r.record.id, []).append(r)
    for group in by_record.values():
        if len(group) > 1:
            for r in group:
                r.decision, r.match = "ambiguous", ""
                r.reasons.append("ambiguous: also the best match of " +
                                 ", ".join(o.target.id for o in group if o is not r))


def _cell(value: object) -> str:
    """A review cell a spreadsheet will not run as a formula: text from the gazetteer that starts with =, +, -, @,
    a tab or a carriage return gets a leading apostrophe (OWASP's advice for CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def review_csv(rows: list[Row], regions: dict[int, str]) -> str:
    """The review table: one row per candidate (or per record with none), with the signals and the reasons."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for r in rows:
        rec = r.record
        writer.writerow([_cell(v) for v in [r.target.id, r.target.label, rec.id if rec else "", rec.name if rec else "",
                         rec.placetype if rec else "", regions.get(rec.region, rec.region or "") if rec else "",
                         (rec.geonames or "") if rec else "", (rec.wikidata or "") if rec else "",
                         "" if r.km is None else f"{r.km:.1f}", " + ".join(r.signals), r.decision, r.match,
                         " | ".join(r.reasons)]])
    return out.getvalue()
