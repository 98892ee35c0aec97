"""Load and check the curated data files (data/*.yaml) into plain records.

Every problem found is collected — file, line, record, field, what was expected — and raised together as a
DataError, so a curator sees all of them at once and nothing is built from data that has any.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DateProblem, DateValue, parse_date
from .errors import DataError, DataProblem
from .langtags import is_valid as tag_is_valid
from .langtags import script as tag_script
from .namespaces import WIKIDATA, date_slug
from .ontology import Ontology, load_ontology
from .paths import DATA
from .yamlfile import Located, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_FORM = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$")
ENTITY_FILES = {"places": "Place", "agents": None, "events": "Event", "secondary": None, "links": None}
QID = re.compile(r"^Q[1-9][0-9]*$")
HTTP_IRI = re.compile(r"^https?://[^\x00-\x20<>\"{}|\\^`]+$")
MAX_MESSAGE = 500  # characters of one problem's message: a value from the file is never printed unbounded
LINK_MATCH = {"exact": "exactMatch", "close": "closeMatch"}
# Gazetteers a link may point at (besides Wikidata), by the slug that names the link's statement.
GAZETTEER_IRIS = {"wof": re.compile(r"^https://spelunker\.whosonfirst\.org/id/([1-9][0-9]{0,15})/$"),
                  "geonames": re.compile(r"^https://sws\.geonames\.org/([1-9][0-9]{0,15})/$")}

# YAML field of a fact -> ontology property of the statement qualifier it becomes.
QUALIFIERS = {
    "start": "start", "end": "end", "start_event": "startEvent", "end_event": "endEvent",
    "applies_to_part": "appliesToPart", "applies_to_place": "appliesToPlace", "role": "role",
    "direction": "direction", "distance_km": "distanceKm", "comparator": "comparator", "note": "note",
    "as_of": "pointInTime", "contradicts": "contradicts",
}
NOT_FACTS = {*QUALIFIERS.values(), "evidence", "checkedOn", "hasName", "nameText", "nameKind", "script", "nameStart", "nameEnd", "edtf", "earliest",
             "latest", "earliestDate", "latestDate", "sourceRole", "sectionId", "localFile", "timeBounds", "startBounds",
             "endBounds", "earliestBasis", "latestBasis", "earliestFrom", "latestFrom", "chronologicalRank",
             "variantOf", "nameStartEvent", "nameEndEvent"}
COORDINATES = "coordinates"


@dataclass(frozen=True)
class Citation:
    source: str
    section: str

    def __str__(self) -> str:
        return f"{self.source}/{self.section}"


@dataclass
class Where:
    file: str
    line: int
    record: str


@dataclass
class Source:
    id: str
    iri: str
    title: str
    publisher: str
    licence: str
    role: str
    file: str
    sections: dict[str, tuple[str, str | None]]  # id -> (title, note)
    where: Where
    rights: str | None = None


@dataclass
class Name:
    entity: str
    text: str
    lang: str
    kind: str
    start: DateValue | None
    end: DateValue | None
    note: str | None
    cites: list[Citation]
    where: Where
    start_event: str | None = None
    end_event: str | None = None
    variant_of: str | None = None  # the text of another name of the same resource and language

    @property
    def slug(self) -> str:
        return f"{self.entity}--{self.lang.lower()}--{text_slug(self.text)}"

    @property
    def script(self) -> str:
        """ISO 15924 script: the tag's own script subtag, else the language's likely script."""
        return tag_script(self.lang)


@dataclass
class Value:
    """The object of a fact: kind is one of entity, concept, date, iri, name, integer, decimal, text, coordinates
    (lat, lon, as written), xsd-date."""

    kind: str
    value: object


@dataclass
class Fact:
    id: str
    subject: str
    prop: str  # ontology local name, or "coordinates", "exactMatch", "closeMatch"
    obj: Value
    qualifiers: dict[str, Value]
    cites: list[Citation]
    where: Where


@dataclass
class Entity:
    id: str
    cls: str  # ontology class local name
    label: str
    cites: list[Citation]
    names: list[Name]
    where: Where


@dataclass
class Dataset:
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    names: dict[str, Name] = field(default_factory=dict)  # "entity lang text" -> name


def text_slug(text: str) -> str:
    """A readable IRI segment for a name: letters and digits of any script, words joined by '-'."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return "-".join(w.replace("_", "-") for w in words)


def value_slug(value: Value) -> str:
    if value.kind == "coordinates":
        lat, lon, _ = value.value
        return text_slug(f"{lat} {lon}")
    if value.kind == "name":
        return value.value.replace(" ", "-")
    if value.kind == "date":
        return date_slug(value.value.edtf)
    text = str(value.value)
    return text_slug(text).lower()[:60] if value.kind in ("text", "iri") else text_slug(text)


class _Checker:
    """Collects problems while turning parsed YAML into records."""

    def __init__(self, onto: Ontology):
        self.onto = onto
        self.problems: list[DataProblem] = []
        self.data = Dataset()
        self.pending_refs: list[tuple] = []  # where, field, kind, target, property spec
        self.extensions: list[tuple] = []  # "about" and link records, applied after every file is read

    def problem(self, where: Where, fld: str, message: str, line: int | None = None) -> None:
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        self.problems.append(DataProblem(where.file, line or where.line, where.record, str(fld)[:80], message))

    # ---------- shared field checks ----------
    def fields(self, rec: Located, where: Where, required: set[str], optional: set[str]) -> bool:
        ok = True
        for key in rec:
            if key not in required | optional:
                self.problem(where, str(key), f"unknown field; expected one of {', '.join(sorted(required | optional))}",
                             rec.line_of(key))
                ok = False
        for key in sorted(required - rec.keys()):
            self.problem(where, key, "missing required field")
            ok = False
        return ok

    def string(self, rec: Located, key: str, where: Where) -> str | None:
        value = rec.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, key, f"expected a non-empty text, got {value!r}", rec.line_of(key))
            return None
        return value

    def cites(self, rec: Located, where: Where, default: list[Citation] | None) -> list[Citation]:
        if "cite" not in rec:
            if default:
                return default
            self.problem(where, "cite", "missing source: give 'cite: source/section' (see data/sources.yaml)")
            return []
        raw = rec["cite"]
        items = raw if isinstance(raw, list) else [raw]
        result = []
        for item in items:
            if not isinstance(item, str) or item.count("/") != 1:
                self.problem(where, "cite", f"expected 'source/section', got {item!r}", rec.line_of("cite"))
                continue
            source, section = item.split("/")
            src = self.data.sources.get(source)
            if src is None:
                self.problem(where, "cite", f"unknown source '{source}'; known: {', '.join(sorted(self.data.sources))}",
                             rec.line_of("cite"))
            elif section not in src.sections:
                self.problem(where, "cite", f"source '{source}' has no section '{section}'; known: "
                             f"{', '.join(src.sections)}", rec.line_of("cite"))
            else:
                result.append(Citation(source, section))
        if not items:
            self.problem(where, "cite", "empty citation list", rec.line_of("cite"))
        return result

    def date(self, rec: Located, key: str, where: Where) -> DateValue | None:
        if key not in rec:
            return None
        raw = rec[key]
        try:
            return parse_date(str(raw) if isinstance(raw, int) else raw)
        except DateProblem as exc:
            self.problem(where, key, str(exc), rec.line_of(key))
            return None

    def ordered(self, start: DateValue | None, end: DateValue | None, where: Where, line: int) -> None:
        if start and end and start.earliest and end.latest and start.earliest.day > end.latest.day:
            self.problem(where, "end", f"ends ({end.edtf}) before it starts ({start.edtf})", line)

    def concept(self, rng: str, value: object, where: Where, fld: str, line: int) -> str | None:
        scheme = self.onto.concepts[rng]
        if value not in scheme:
            self.problem(where, fld, f"unknown value {value!r}; expected one of {', '.join(sorted(scheme))}", line)
            return None
        return value

    # ---------- sources ----------
    def sources(self, content: object, display: str) -> None:
        where = Where(display, 1, "")
        if not isinstance(content.get("sources"), list):
            self.problem(where, "sources", "expected a mapping with a list under 'sources'")
            return
        for rec in content["sources"]:
            w = Where(display, getattr(rec, "line", 1), rec.get("id", "") if isinstance(rec, dict) else "")
            if not isinstance(rec, Located):
                self.problem(w, "", "expected a mapping")
                continue
            if not self.fields(rec, w, {"id", "iri", "title", "publisher", "licence", "role", "sections"},
                               {"file", "rights"}):
                continue
            if rec["licence"] is None and not rec.get("rights"):
                self.problem(w, "licence", "give the licence IRI, or licence: null with a 'rights' statement saying "
                             "why there is none", rec.line_of("licence"))
            elif rec["licence"] is not None and not (isinstance(rec["licence"], str) and HTTP_IRI.match(rec["licence"])):
                self.problem(w, "licence", f"expected the licence as an http(s) IRI, got {rec['licence']!r}",
                             rec.line_of("licence"))
                continue
            if not isinstance(rec["id"], str) or not SLUG.match(rec["id"]):
                self.problem(w, "id", f"expected a lower-case slug like 'wp-en-hadrut', got {rec['id']!r}",
                             rec.line_of("id"))
                continue
            if rec["id"] in self.data.sources:
                self.problem(w, "id", f"duplicate source id '{rec['id']}'", rec.line_of("id"))
                continue
            if not isinstance(rec["iri"], str) or not HTTP_IRI.match(rec["iri"]):
                self.problem(w, "iri", f"expected an http(s) IRI, got {rec['iri']!r}", rec.line_of("iri"))
                continue
            if not isinstance(rec["sections"], list):
                self.problem(w, "sections", "expected a list of sections (id, title)", rec.line_of("sections"))
                continue
            role = self.concept(self.onto.classes["SourceRole"], rec["role"], w, "role", rec.line_of("role"))
            sections: dict[str, tuple[str, str | None]] = {}
            for sec in rec["sections"]:
                sw = Where(display, getattr(sec, "line", w.line), w.record)
                if not isinstance(sec, Located):
                    self.problem(sw, "sections", f"expected a mapping with id and title, got {sec!r}")
                    continue
                if not self.fields(sec, sw, {"id", "title"}, {"note"}):
                    continue
                if not SLUG.match(str(sec["id"])) or sec["id"] in sections:
                    self.problem(sw, "id", f"section id {sec['id']!r} must be a unique lower-case slug",
                                 sec.line_of("id"))
                    continue
                sections[sec["id"]] = (str(sec["title"]), sec.get("note"))
            self.data.sources[rec["id"]] = Source(rec["id"], str(rec["iri"]), str(rec["title"]), str(rec["publisher"]),
                                                  rec["licence"] and str(rec["licence"]), role or "",
                                                  str(rec.get("file", "")), sections, w, rec.get("rights"))

    # ---------- entities ----------
    def entities(self, content: object, display: str) -> None:
        where = Where(display, 1, "")
        if not isinstance(content, Located) or len(content) != 1 or next(iter(content)) not in ENTITY_FILES:
            self.problem(where, "", f"expected 'sources' and/or one top-level list named one of {', '.join(ENTITY_FILES)}")
            return
        kind, records = next(iter(content.items()))
        if not isinstance(records, list):
            self.problem(where, kind, "expected a list of records", content.line_of(kind))
            return
        for rec in records:
            if kind == "links" and not isinstance(rec, Located):
                self.problem(Where(display, content.line_of(kind), ""), "links",
                             f"expected a mapping (about, qid, match, …), got {rec!r}")
            elif kind == "links":
                self.extensions.append((rec, display, self.link))
            elif isinstance(rec, Located) and "about" in rec:
                self.extensions.append((rec, display, self.extend))
            else:
                self.entity(rec, display, ENTITY_FILES[kind])

    def link(self, rec: object, display: str) -> None:
        """A link from a record to a Wikidata item (qid) or a gazetteer record (iri: a Who's On First or GeoNames
        identifier): skos:exactMatch or skos:closeMatch, with its evidence and check date."""
        w = Where(display, getattr(rec, "line", 0), rec.get("about", "") if isinstance(rec, dict) else "")
        if not isinstance(rec, Located):
            self.problem(w, "links", f"expected a mapping (about, qid or iri, match, …), got {str(rec)[:60]!r}")
            return
        if not self.fields(rec, w, {"about", "match", "evidence", "checked", "cite"}, {"qid", "iri", "note"}):
            return
        entity = self.data.entities.get(rec["about"])
        if entity is None:
            self.problem(w, "about", f"unknown reference '{rec['about']}'; no record has this id", rec.line_of("about"))
            return
        if ("qid" in rec) == ("iri" in rec):
            self.problem(w, "qid", "give either qid (a Wikidata item) or iri (a gazetteer record), not both or neither")
            return
        if "qid" in rec:
            qid = rec["qid"]
            if not isinstance(qid, str) or not QID.match(qid):
                self.problem(w, "qid", f"expected a Wikidata item id like Q227, got {qid!r}", rec.line_of("qid"))
                return
            target, slug = WIKIDATA + qid, qid
        else:
            iri = rec["iri"]
            found = next(((name, m) for name, pattern in GAZETTEER_IRIS.items()
                          if isinstance(iri, str) and (m := pattern.match(iri))), None)
            if found is None:
                self.problem(w, "iri", "expected a gazetteer record IRI, one of "
                             f"{', '.join(p.pattern for p in GAZETTEER_IRIS.values())}; got {str(iri)[:100]!r}",
                             rec.line_of("iri"))
                return
            target, slug = iri, f"{found[0]}-{found[1].group(1)}"
        match = rec["match"]
        if match not in LINK_MATCH:
            self.problem(w, "match", f"expected exact or close, got {match!r}", rec.line_of("match"))
            return
        evidence = self.string(rec, "evidence", w)
        checked = rec["checked"]
        try:
            import datetime
            datetime.date.fromisoformat(str(checked))
        except ValueError:
            self.problem(w, "checked", f"expected the check date as YYYY-MM-DD, got {checked!r}", rec.line_of("checked"))
            return
        if evidence is None:
            return
        qualifiers = {"evidence": Value("text", evidence), "checkedOn": Value("xsd-date", str(checked))}
        if "note" in rec:
            qualifiers["note"] = Value("text", str(rec["note"]))
        prop = LINK_MATCH[match]
        self.data.facts.append(Fact(f"{entity.id}--{prop}--{slug}", entity.id, prop, Value("iri", target),
                                    qualifiers, self.cites(rec, w, None), w))

    def extend(self, rec: Located, display: str) -> None:
        """A record that adds names and facts from another source to a record defined elsewhere."""
        target = rec.get("about")
        w = Where(display, rec.line, target if isinstance(target, str) else "")
        if not self.fields(rec, w, {"about", "cite"}, {"names", "facts"}):
            return
        entity = self.data.entities.get(target)
        if entity is None:
            self.problem(w, "about", f"unknown reference '{target}'; no record has this id", rec.line_of("about"))
            return
        view = Entity(entity.id, entity.cls, entity.label, self.cites(rec, w, None), entity.names, w)
        for raw in self.list_of(rec, "names", w):
            self.name(raw, view, display)
        for raw in self.list_of(rec, "facts", w):
            self.fact(raw, view, display)

    def entity(self, rec: object, display: str, root: str | None) -> None:
        if not isinstance(rec, Located):
            self.problem(Where(display, 0, ""), "", f"expected a mapping, got {rec!r}")
            return
        rid = rec.get("id")
        w = Where(display, rec.line, rid if isinstance(rid, str) else "")
        if not self.fields(rec, w, {"id", "type", "label", "cite"}, {"names", "facts", "date", "event_type"}):
            return
        if not isinstance(rid, str) or not SLUG.match(rid):
            self.problem(w, "id", f"expected a lower-case slug like 'hadrut-province', got {rid!r}", rec.line_of("id"))
            return
        if rid in self.data.entities:
            first = self.data.entities[rid].where
            self.problem(w, "id", f"duplicate id '{rid}' (first defined at {first.file}:{first.line})",
                         rec.line_of("id"))
            return
        cls = rec["type"]
        cls_iri = self.onto.classes.get(cls) if isinstance(cls, str) else None
        entity_roots = [self.onto.classes[r] for r in ("Place", "Event", "Organization", "Group", "Person", "Periodical")]
        if cls_iri is None or not any(self.onto.is_a(cls_iri, r) for r in entity_roots):
            self.problem(w, "type", f"unknown type {cls!r}; expected an ontology class such as Settlement, "
                         "AdministrativeUnit, Polity, Event, Organization", rec.line_of("type"))
            return
        if root and not self.onto.is_a(cls_iri, self.onto.classes[root]):
            self.problem(w, "type", f"type {cls} does not belong in this file (expected a kind of {root})",
                         rec.line_of("type"))
            return
        label = self.string(rec, "label", w) or ""
        cites = self.cites(rec, w, None)
        entity = Entity(rid, cls, label, cites, [], w)
        self.data.entities[rid] = entity
        for raw in self.list_of(rec, "names", w):
            self.name(raw, entity, display)
        is_event = self.onto.is_a(cls_iri, self.onto.classes["Event"])
        for key in ("date", "event_type"):
            if key in rec and not is_event:
                self.problem(w, key, "only events take this field", rec.line_of(key))
        if is_event and "event_type" in rec:
            self.add_fact(rec, w, entity, "eventType", Value("concept", self.concept(
                self.onto.classes["EventType"], rec["event_type"], w, "event_type", rec.line_of("event_type"))),
                rec.line_of("event_type"))
        if is_event and "date" in rec:
            date = self.date(rec, "date", w)
            if date:
                self.add_fact(rec, w, entity, "date", Value("date", date), rec.line_of("date"))
        for raw in self.list_of(rec, "facts", w):
            self.fact(raw, entity, display)

    def list_of(self, rec: Located, key: str, where: Where) -> list:
        value = rec.get(key, [])
        if not isinstance(value, list):
            self.problem(where, key, "expected a list", rec.line_of(key))
            return []
        return value

    def add_fact(self, rec: Located, w: Where, entity: Entity, prop: str, value: Value, line: int) -> None:
        fid = f"{entity.id}--{prop}--{value_slug(value)}"
        self.data.facts.append(Fact(fid, entity.id, prop, value, {}, entity.cites, Where(w.file, line, entity.id)))

    def name(self, raw: object, entity: Entity, display: str) -> None:
        w = Where(display, getattr(raw, "line", entity.where.line), entity.id)
        if not isinstance(raw, Located):
            self.problem(w, "names", f"expected a mapping with text, lang and kind, got {raw!r}")
            return
        if not self.fields(raw, w, {"text", "lang", "kind"}, {"start", "end", "cite", "note", "start_event",
                                                               "end_event", "variant_of"}):
            return
        text = self.string(raw, "text", w)
        lang = raw["lang"]
        if not isinstance(lang, str) or not LANG_FORM.match(lang) or not tag_is_valid(lang):
            self.problem(w, "lang", f"{lang!r} is not a valid BCP 47 language tag (e.g. en, hy, az, ru, az-Cyrl)",
                         raw.line_of("lang"))
            return
        kind = self.concept(self.onto.classes["NameKind"], raw["kind"], w, "kind", raw.line_of("kind"))
        start, end = self.date(raw, "start", w), self.date(raw, "end", w)
        self.ordered(start, end, w, raw.line_of("end"))
        note = self.string(raw, "note", w)
        if text is None or kind is None:
            return
        events = {}
        for key in ("start_event", "end_event"):
            if key in raw:
                ref = raw[key]
                if not isinstance(ref, str):
                    self.problem(w, key, f"expected the id of an event, got {ref!r}", raw.line_of(key))
                    continue
                self.pending_refs.append((Where(w.file, raw.line_of(key), w.record), key, "event", ref, None))
                events[key] = ref
        variant = raw.get("variant_of")
        if variant is not None:
            if not isinstance(variant, str):
                self.problem(w, "variant_of", f"expected the text of another name, got {variant!r}",
                             raw.line_of("variant_of"))
                variant = None
            else:
                self.pending_refs.append((Where(w.file, raw.line_of("variant_of"), w.record), "variant_of",
                                          "name", f"{entity.id} {lang} {variant}", None))
        name = Name(entity.id, text, lang, kind, start, end, note, self.cites(raw, w, entity.cites), w,
                    events.get("start_event"), events.get("end_event"), variant)
        key = f"{entity.id} {lang} {text}"
        clash = next((n for n in entity.names if n.slug == name.slug), None)
        if clash:
            if clash.text != text:  # e.g. 'Nor Town' / 'Nor-Town', or a ZWJ / ZWNJ: one IRI, two spellings
                self.problem(w, "text", f"name {text!r}@{lang} and {clash.text!r}@{lang} (at {clash.where.file}:"
                             f"{clash.where.line}) differ only in spaces, punctuation or invisible characters and "
                             "would get the same IRI; keep one spelling", raw.line_of("text"))
            elif (clash.kind, clash.start, clash.end) != (kind, start, end):
                self.problem(w, "text", f"name '{text}'@{lang} is already listed at {clash.where.file}:"
                             f"{clash.where.line} with another kind or time; make them agree or tell them apart",
                             raw.line_of("text"))
            else:  # the same name from another source: one name node citing both
                clash.cites = [*clash.cites, *(c for c in name.cites if c not in clash.cites)]
            return
        entity.names.append(name)
        self.data.names[key] = name

    def fact(self, raw: object, entity: Entity, display: str) -> None:
        w = Where(display, getattr(raw, "line", entity.where.line), entity.id)
        if not isinstance(raw, Located):
            self.problem(w, "facts", f"expected a mapping, got {raw!r}")
            return
        prop = raw.get("p")
        spec = self.onto.properties.get(prop) if isinstance(prop, str) else None
        object_keys = {"o", "v", "iri", "name", "lat", "lon", "as_written"}
        if prop != COORDINATES and (spec is None or prop in NOT_FACTS):
            usable = sorted(k for k in self.onto.properties if k not in NOT_FACTS)
            self.problem(w, "p", f"unknown property {prop!r}; expected one of {', '.join(usable)}, coordinates",
                         raw.line_of("p"))
            return
        if not self.fields(raw, w, {"p"}, object_keys | set(QUALIFIERS) | {"cite", "id"}):
            return
        value = self.coordinates(raw, w) if prop == COORDINATES else self.object_value(raw, spec, w)
        if value is None:
            return
        qualifiers: dict[str, Value] = {}
        for key, qprop in QUALIFIERS.items():
            if key not in raw:
                continue
            qspec = self.onto.properties[qprop]
            q = self.typed(raw, key, qspec, w)
            if q is not None:
                qualifiers[qprop] = q
        start, end = qualifiers.get("start"), qualifiers.get("end")
        self.ordered(start and start.value, end and end.value, w, raw.line_of("end"))
        fid = raw.get("id") or f"{entity.id}--{prop}--{value_slug(value)}"
        if not isinstance(fid, str) or not re.match(r"^[\w-]+$", fid):
            self.problem(w, "id", f"statement id must be letters, digits and '-', got {fid!r}", raw.line_of("id"))
            return
        self.data.facts.append(Fact(fid, entity.id, prop, value, qualifiers, self.cites(raw, w, entity.cites),
                                    Where(display, raw.line, entity.id)))

    def coordinates(self, raw: Located, w: Where) -> Value | None:
        ok = True
        for key, low, high in (("lat", -90, 90), ("lon", -180, 180)):
            v = raw.get(key)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
                self.problem(w, key, f"expected a decimal degree between {low} and {high}, got {v!r}",
                             raw.line_of(key))
                ok = False
        written = raw.get("as_written")
        return Value("coordinates", (raw["lat"], raw["lon"], written if isinstance(written, str) else None)) if ok else None

    def object_value(self, raw: Located, spec, w: Where) -> Value | None:
        key = {"entity": "o", "concept": "o", "date": "o", "iri": "iri", "name": "name"}.get(spec.value, "v")
        present = [k for k in ("o", "v", "iri", "name") if k in raw]
        if present != [key]:
            self.problem(w, key, f"property '{spec.key}' takes its value in '{key}'"
                         + (f", not in {', '.join(present)}" if present else ""), raw.line)
            return None
        return self.typed(raw, key, spec, w)

    def typed(self, raw: Located, key: str, spec, w: Where) -> Value | None:
        """Check one value against the kind of value the property takes."""
        v, line = raw[key], raw.line_of(key)
        kind = spec.value
        if kind == "integer":
            if isinstance(v, bool) or not isinstance(v, int):
                self.problem(w, key, f"expected a whole number for {spec.key}, got {v!r}", line)
                return None
        elif kind == "decimal":
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                self.problem(w, key, f"expected a finite number for {spec.key}, got {v!r}", line)
                return None
        elif kind == "text":
            if not isinstance(v, str) or not v.strip():
                self.problem(w, key, f"expected a text for {spec.key}, got {v!r}", line)
                return None
        elif kind == "date":
            v = self.date(raw, key, w)
            if v is None:
                return None
        elif kind == "concept":
            v = self.concept(spec.range, v, w, key, line)
            if v is None:
                return None
        elif kind == "iri":
            if not isinstance(v, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", v):
                self.problem(w, key, f"expected an http(s) IRI, got {v!r}", line)
                return None
            if v.startswith(WIKIDATA) and not QID.match(v[len(WIKIDATA):]):
                self.problem(w, key, f"expected a Wikidata item IRI {WIKIDATA}Q…, got {v!r}", line)
                return None
        elif kind in ("entity", "name", "statement"):
            if not isinstance(v, str):
                self.problem(w, key, f"expected a reference, got {v!r}", line)
                return None
            self.pending_refs.append((Where(w.file, line, w.record), key, kind, v, spec))
        return Value(kind, v)

    # ---------- references, after everything is read ----------
    def resolve(self) -> None:
        fact_ids = {f.id for f in self.data.facts}
        for where, key, kind, target, spec in self.pending_refs:
            if kind == "statement":
                if target not in fact_ids:
                    self.problem(where, key, f"unknown statement {target!r}; expected the id of a fact")
                continue
            if kind == "event":
                entity = self.data.entities.get(target)
                if entity is None or not self.onto.is_a(self.onto.classes[entity.cls], self.onto.classes["Event"]):
                    self.problem(where, key, f"'{target}' is not the id of an event")
                continue
            if kind == "name":
                if target not in self.data.names:
                    self.problem(where, key, f"unknown name {target!r}; expected 'entity-id lang text' of a listed name")
                continue
            entity = self.data.entities.get(target)
            if entity is None:
                self.problem(where, key, f"unknown reference '{target}'; no record has this id")
                continue
            if spec.range and spec.range in self.onto.superclasses and not self.onto.is_a(
                    self.onto.classes[entity.cls], spec.range):
                self.problem(where, key, f"'{target}' is a {entity.cls}; {spec.key} expects a "
                             f"{spec.range.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        seen: dict[str, Fact] = {}
        for fact in self.data.facts:
            first = seen.get(fact.id)
            if first is None:
                seen[fact.id] = fact
            elif _same_claim(first, fact):  # the same fact from another source: one statement citing both
                first.cites = [*first.cites, *(c for c in fact.cites if c not in first.cites)]
                notes = [q.value for q in (first.qualifiers.get("note"), fact.qualifiers.get("note")) if q]
                if notes:
                    first.qualifiers["note"] = Value("text", " ".join(dict.fromkeys(notes)))
            else:
                self.problem(fact.where, "id", f"statement id '{fact.id}' is already used at {first.where.file}:"
                             f"{first.where.line} for a different fact; give one an explicit 'id'")
        self.data.facts = list(seen.values())


def _same_claim(a: Fact, b: Fact) -> bool:
    """Same subject, property, value and qualifiers (a curator's note aside)."""
    strip = lambda q: {k: v for k, v in q.items() if k != "note"}  # noqa: E731
    return (a.subject, a.prop, a.obj) == (b.subject, b.prop, b.obj) and strip(a.qualifiers) == strip(b.qualifiers)


def load_data(data_dir: Path = DATA, onto: Ontology | None = None) -> Dataset:
    """Read every data_dir/*.yaml (sources.yaml first): source registries, then records; raise DataError listing
    every problem."""
    checker = _Checker(onto or load_ontology())
    sources = data_dir / "sources.yaml"
    files = [sources, *sorted(p for p in data_dir.glob("*.yaml") if p.name != "sources.yaml")]
    contents, unreadable = [], False
    for path in files:
        display = str(path.relative_to(data_dir.parent)) if data_dir.parent in path.parents else str(path)
        if not path.exists():
            checker.problems.append(DataProblem(display, 0, "", "", "file missing"))
            unreadable = True
            continue
        content, problems = read_yaml(path, display)
        checker.problems.extend(problems)
        if content is not None:
            contents.append((content, display))
            continue
        unreadable = True
        if path == sources and not problems:
            checker.problems.append(DataProblem(display, 1, "", "sources", "the file is empty; it must list the "
                                                "sources every record cites"))
    if unreadable:  # a file that cannot be read: its problems only, not every follow-on error
        raise DataError(checker.problems)
    for content, display in contents:  # every source first, so any record may cite any source
        if isinstance(content, Located) and "sources" in content:
            checker.sources(content, display)
    if not checker.data.sources:  # nothing could cite anything: report the root cause once
        checker.problems.append(DataProblem(str(files[0].relative_to(data_dir.parent)) if data_dir.parent in
                                            files[0].parents else str(files[0]), 1, "", "sources",
                                            "no usable source; every record cites one"))
        raise DataError(checker.problems)
    for content, display in contents:
        if isinstance(content, Located):
            rest = Located({k: v for k, v in content.items() if k != "sources"})
            rest.line, rest.key_lines = content.line, content.key_lines
            if rest:
                checker.entities(rest, display)
        else:
            checker.problems.append(DataProblem(display, 1, "", "", "expected a mapping of lists"))
    for rec, display, handler in checker.extensions:
        handler(rec, display)
    checker.resolve()
    if checker.problems:
        raise DataError(checker.problems)
    return checker.data
