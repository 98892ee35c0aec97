"""Cross-record checks once every file is read: each reference (to an entity of the right class, an event, a
name, a statement) names something that exists, and each statement id is used once. The same fact from two sources
becomes one statement citing both.
"""

from __future__ import annotations

from hadrut_kg.curated.fields import Checks
from hadrut_kg.curated.records import Fact, Value


def resolve(ck: Checks) -> None:
    """Check every pending reference, then merge repeated statements or report a clashing id."""
    fact_ids = {f.id for f in ck.data.facts}
    for where, key, kind, target, spec in ck.pending_refs:
        if kind == "statement":
            if target not in fact_ids:
                ck.problem(where, key, f"unknown statement {target!r}; expected the id of a fact")
            continue
        if kind == "event":
            entity = ck.data.entities.get(target)
            if entity is None or not ck.onto.is_a(ck.onto.classes[entity.cls], ck.onto.classes["Event"]):
                ck.problem(where, key, f"'{target}' is not the id of an event")
            continue
        if kind == "name":
            if target not in ck.data.names:
                ck.problem(where, key, f"unknown name {target!r}; expected 'entity-id lang text' of a listed name")
            continue
        entity = ck.data.entities.get(target)
        if entity is None:
            ck.problem(where, key, f"unknown reference '{target}'; no record has this id")
            continue
        if spec.range and spec.range in ck.onto.superclasses and not ck.onto.is_a(
                ck.onto.classes[entity.cls], spec.range):
            ck.problem(where, key, f"'{target}' is a {entity.cls}; {spec.key} expects a "
                       f"{spec.range.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
    seen: dict[str, Fact] = {}
    for fact in ck.data.facts:
        first = seen.get(fact.id)
        if first is None:
            seen[fact.id] = fact
        elif _same_claim(first, fact):  # the same fact from another source: one statement citing both
            first.cites = [*first.cites, *(c for c in fact.cites if c not in first.cites)]
            notes = [q.value for q in (first.qualifiers.get("note"), fact.qualifiers.get("note")) if q]
            if notes:
                first.qualifiers["note"] = Value("text", " ".join(dict.fromkeys(notes)))
        else:
            ck.problem(fact.where, "id", f"statement id '{fact.id}' is already used at {first.where.file}:"
                       f"{first.where.line} for a different fact; give one an explicit 'id'")
    ck.data.facts = list(seen.values())
    _no_containment_cycle(ck)


CONTAINMENT = ("locatedIn", "partOf")


def _no_containment_cycle(ck: Checks) -> None:
    """Report each circle of locatedIn/partOf facts (c part of c, or a in b in a) once, at the fact that closes
    it: whatever the dates, a place cannot lie inside itself, and every answer about containment would say it
    does."""
    edges: dict[str, list[Fact]] = {}
    for fact in ck.data.facts:
        if fact.prop in CONTAINMENT and fact.obj.kind == "entity":
            edges.setdefault(fact.subject, []).append(fact)
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path: list[Fact] = []
        on_path = {start: 0}
        stack = [iter(edges.get(start, []))]
        while stack:
            fact = next(stack[-1], None)
            if fact is None:
                stack.pop()
                left = path.pop().obj.value if path else start
                on_path.pop(left, None)
                done.add(left)
                continue
            target = fact.obj.value
            if target in on_path:
                circle = [f.subject for f in path[on_path[target]:]] + [fact.subject, target]
                ck.problem(fact.where, fact.prop, f"{' → '.join(circle)} goes round in a circle ({'/'.join(CONTAINMENT)}"
                           "): a place cannot lie inside itself; one of these facts is wrong")
                continue
            if target in done:
                continue
            path.append(fact)
            on_path[target] = len(path)
            stack.append(iter(edges.get(target, [])))


def _same_claim(a: Fact, b: Fact) -> bool:
    """Same subject, property, value and qualifiers (a curator's note aside)."""
    strip = lambda q: {k: v for k, v in q.items() if k != "note"}  # noqa: E731
    return (a.subject, a.prop, a.obj) == (b.subject, b.prop, b.obj) and strip(a.qualifiers) == strip(b.qualifiers)
