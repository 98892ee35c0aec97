"""The records of places, agents and events (data/places.yaml, agents.yaml, events.yaml, secondary.yaml): each
an entity with an id, an ontology class, a label and its citations, and the names and facts listed under it.

A record with 'about' adds names and facts from another source to an entity defined elsewhere, and a links file
lists links to Wikidata or a gazetteer; both are kept aside and applied once every entity is known.
"""

from __future__ import annotations

from hadrut_kg.curated.facts import read_fact
from hadrut_kg.curated.fields import Checks
from hadrut_kg.curated.fields import SLUG
from hadrut_kg.curated.links import read_link
from hadrut_kg.curated.names import read_name
from hadrut_kg.curated.records import Entity, Fact, Value, Where, value_slug
from hadrut_kg.curated.yamlfile import Located

ENTITY_FILES = {"places": "Place", "agents": None, "events": "Event", "secondary": None, "links": None}


def read_records(ck: Checks, content: object, display: str) -> None:
    """Read one file's top-level list: entities now, 'about' and link records kept for later."""
    where = Where(display, 1, "")
    if not isinstance(content, Located) or len(content) != 1 or next(iter(content)) not in ENTITY_FILES:
        ck.problem(where, "", f"expected 'sources' and/or one top-level list named one of {', '.join(ENTITY_FILES)}")
        return
    kind, records = next(iter(content.items()))
    if not isinstance(records, list):
        ck.problem(where, kind, "expected a list of records", content.line_of(kind))
        return
    for rec in records:
        if kind == "links" and not isinstance(rec, Located):
            ck.problem(Where(display, content.line_of(kind), ""), "links",
                       f"expected a mapping (about, qid, match, …), got {rec!r}")
        elif kind == "links":
            ck.extensions.append((rec, display, read_link))
        elif isinstance(rec, Located) and "about" in rec:
            ck.extensions.append((rec, display, extend))
        else:
            read_entity(ck, rec, display, ENTITY_FILES[kind])


def extend(ck: Checks, rec: Located, display: str) -> None:
    """A record that adds names and facts from another source to a record defined elsewhere."""
    target = rec.get("about")
    w = Where(display, rec.line, target if isinstance(target, str) else "")
    if not ck.fields(rec, w, {"about", "cite"}, {"names", "facts"}):
        return
    if isinstance(target, (list, dict)):  # a scalar that names no record is an unknown reference, below
        ck.problem(w, "about", f"expected the id of a record, got {target!r}", rec.line_of("about"))
        return
    entity = ck.data.entities.get(target)
    if entity is None:
        ck.problem(w, "about", f"unknown reference '{target}'; no record has this id", rec.line_of("about"))
        return
    view = Entity(entity.id, entity.cls, entity.label, ck.cites(rec, w, None), entity.names, w)
    for raw in ck.list_of(rec, "names", w):
        read_name(ck, raw, view, display)
    for raw in ck.list_of(rec, "facts", w):
        read_fact(ck, raw, view, display)


def read_entity(ck: Checks, rec: object, display: str, root: str | None) -> None:
    """An entity with its class (one that belongs in this file), label, citations, names and facts;
    an event may also give its date and event type."""
    if not isinstance(rec, Located):
        ck.problem(Where(display, 0, ""), "", f"expected a mapping, got {rec!r}")
        return
    rid = rec.get("id")
    w = Where(display, rec.line, rid if isinstance(rid, str) else "")
    if not ck.fields(rec, w, {"id", "type", "label", "cite"}, {"names", "facts", "date", "event_type"}):
        return
    if not isinstance(rid, str) or not SLUG.match(rid):
        ck.problem(w, "id", f"expected a lower-case slug like 'hadrut-province', got {rid!r}", rec.line_of("id"))
        return
    if rid in ck.data.entities:
        first = ck.data.entities[rid].where
        ck.problem(w, "id", f"duplicate id '{rid}' (first defined at {first.file}:{first.line})",
                   rec.line_of("id"))
        return
    cls = rec["type"]
    cls_iri = ck.onto.classes.get(cls) if isinstance(cls, str) else None
    entity_roots = [ck.onto.classes[r] for r in ("Place", "Event", "Organization", "Group", "Person", "Periodical")]
    if cls_iri is None or not any(ck.onto.is_a(cls_iri, r) for r in entity_roots):
        ck.problem(w, "type", f"unknown type {cls!r}; expected an ontology class such as Settlement, "
                   "AdministrativeUnit, Polity, Event, Organization", rec.line_of("type"))
        return
    if root and not ck.onto.is_a(cls_iri, ck.onto.classes[root]):
        ck.problem(w, "type", f"type {cls} does not belong in this file (expected a kind of {root})",
                   rec.line_of("type"))
        return
    label = ck.string(rec, "label", w) or ""
    cites = ck.cites(rec, w, None)
    entity = Entity(rid, cls, label, cites, [], w)
    ck.data.entities[rid] = entity
    for raw in ck.list_of(rec, "names", w):
        read_name(ck, raw, entity, display)
    is_event = ck.onto.is_a(cls_iri, ck.onto.classes["Event"])
    for key in ("date", "event_type"):
        if key in rec and not is_event:
            ck.problem(w, key, "only events take this field", rec.line_of(key))
    if is_event and "event_type" in rec:
        add_fact(ck, rec, w, entity, "eventType", Value("concept", ck.concept(
            ck.onto.classes["EventType"], rec["event_type"], w, "event_type", rec.line_of("event_type"))),
                 rec.line_of("event_type"))
    if is_event and "date" in rec:
        date = ck.date(rec, "date", w)
        if date:
            add_fact(ck, rec, w, entity, "date", Value("date", date), rec.line_of("date"))
    for raw in ck.list_of(rec, "facts", w):
        read_fact(ck, raw, entity, display)


def add_fact(ck: Checks, rec: Located, w: Where, entity: Entity, prop: str, value: Value, line: int) -> None:
    """A fact given by a field of the entity itself (an event's date or type), citing the entity's sources."""
    fid = f"{entity.id}--{prop}--{value_slug(value)}"
    ck.data.facts.append(Fact(fid, entity.id, prop, value, {}, entity.cites, Where(w.file, line, entity.id)))
