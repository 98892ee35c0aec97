"""The records of places, agents and events (data/places.yaml, agents.yaml, events.yaml, secondary.yaml): each
an entity with an id, an ontology class, a label and its citations, and the names and facts listed under it.

A record with 'about' adds names and facts from another source to an entity defined elsewhere, and a links file
lists links to Wikidata or a gazetteer; both are kept aside and applied once every entity is known.
"""

from __future__ import annotations

from hadrut_kg.curated.fields import SLUG
from hadrut_kg.curated.records import Entity, Value, Where, value_slug, Fact
from hadrut_kg.curated.yamlfile import Located

ENTITY_FILES = {"places": "Place", "agents": None, "events": "Event", "secondary": None, "links": None}


class EntityChecks:
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

    def add_fact(self, rec: Located, w: Where, entity: Entity, prop: str, value: Value, line: int) -> None:
        fid = f"{entity.id}--{prop}--{value_slug(value)}"
        self.data.facts.append(Fact(fid, entity.id, prop, value, {}, entity.cites, Where(w.file, line, entity.id)))
