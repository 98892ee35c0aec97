"""Cross-record checks once every file is read: each reference (to an entity of the right class, an event, a
name, a statement) names something that exists, and each statement id is used once. The same fact from two sources
becomes one statement citing both.
"""

from __future__ import annotations

from hadrut_kg.curated.records import Fact, Value

class Resolver:
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
