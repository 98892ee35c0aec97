"""Time bounds derived from what the sources say: the dates they give and the order they state.

Every event, statement and name gets a window — earliest and latest day — for when it happened or began/ended.
A bound is *stated* when it comes straight from a date the source gives, *derived* when it follows from a stated
order ("X after Y", "X during Y"), from the event a statement starts or ends with, or from the dissolution of the
statement's subject. Derivation only narrows: a derived bound never replaces or widens a stated one, it is
published beside it with the statements it rests on. Propagation runs to a fixed point; an order that leaves a
window empty is a contradiction, reported with both statements and their sources.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from hadrut_kg.curated.dates import DateValue
from hadrut_kg.curated.errors import DataError, DataProblem
from hadrut_kg.curated.loader import Dataset, Fact

ORDER = {"precededBy": "after", "partOfEvent": "during"}  # the order properties the sources state
RELATIONS = ("partOf", "administeredBy", "controlledBy", "claimedBy")


@dataclass(frozen=True)
class Bound:
    """One side of a window: the day, whether a source states it or it was derived, and the statements it
    rests on (ids)."""

    day: str
    derived: bool
    basis: frozenset[str]


@dataclass
class Window:
    earliest: Bound | None = None
    latest: Bound | None = None

    def empty(self) -> bool:
        return bool(self.earliest and self.latest and self.earliest.day > self.latest.day)

    def narrow_earliest(self, bound: Bound | None) -> bool:
        if bound and (self.earliest is None or bound.day > self.earliest.day):
            self.earliest = bound
            return True
        return False

    def narrow_latest(self, bound: Bound | None) -> bool:
        if bound and (self.latest is None or bound.day < self.latest.day):
            self.latest = bound
            return True
        return False

    def known(self) -> bool:
        return self.earliest is not None or self.latest is not None


@dataclass
class Chronology:
    """What the build publishes: a window per event, start/end windows per statement and name, and the events'
    chronological rank (certain order from the bounds and the stated order; the curated order for the rest)."""

    events: dict[str, Window] = field(default_factory=dict)
    starts: dict[str, Window] = field(default_factory=dict)  # statement id or name slug -> window
    ends: dict[str, Window] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)


def _stated(value: DateValue, basis: str) -> Window:
    ids = frozenset({basis})
    return Window(value.earliest and Bound(value.earliest.day, False, ids),
                  value.latest and Bound(value.latest.day, False, ids))


def _via(bound: Bound | None, fact_id: str) -> Bound | None:
    return bound and Bound(bound.day, True, bound.basis | {fact_id})


class _Deriver:
    def __init__(self, data: Dataset):
        self.data = data
        self.facts = {f.id: f for f in data.facts}
        self.problems: list[DataProblem] = []
        self.chron = Chronology()

    # ---------- reporting ----------
    def describe(self, ids: frozenset[str]) -> str:
        parts = []
        for fid in sorted(ids):
            f = self.facts.get(fid)
            if f is not None:
                cites = ", ".join(str(c) for c in f.cites)
                parts.append(f"'{fid}' ({f.where.file}:{f.where.line}, {cites})")
        return "; ".join(parts)

    def contradiction(self, fact: Fact, what: str, window: Window) -> None:
        e, l = window.earliest, window.latest
        self.problems.append(DataProblem(
            fact.where.file, fact.where.line, fact.subject, fact.prop,
            f"{what}: earliest {e.day}, from {self.describe(e.basis)}; latest {l.day}, from {self.describe(l.basis)}"))

    # ---------- events ----------
    def event_windows(self) -> None:
        events = {eid for eid, ent in self.data.entities.items() if self._is_event(ent.cls)}
        for eid in events:
            self.chron.events[eid] = Window()
        for f in self.data.facts:
            if f.prop == "date" and f.subject in events:
                stated = _stated(f.obj.value, f.id)
                w = self.chron.events[f.subject]
                trial = Window(w.earliest, w.latest)
                trial.narrow_earliest(stated.earliest)
                trial.narrow_latest(stated.latest)
                if trial.empty():  # two sources date the event apart: keep the hull, question 13 shows it
                    hull_e = min((b for b in (w.earliest, stated.earliest) if b), key=lambda b: b.day, default=None)
                    hull_l = max((b for b in (w.latest, stated.latest) if b), key=lambda b: b.day, default=None)
                    self.chron.events[f.subject] = Window(hull_e, hull_l)
                else:
                    self.chron.events[f.subject] = trial
        orders = [f for f in self.data.facts if f.prop in ORDER and f.subject in events and f.obj.value in events]
        changed = True
        while changed and not self.problems:
            changed = False
            for f in orders:
                x, y = self.chron.events[f.subject], self.chron.events[f.obj.value]
                changed |= x.narrow_earliest(_via(y.earliest, f.id))
                if f.prop == "precededBy":
                    changed |= y.narrow_latest(_via(x.latest, f.id))
                else:
                    changed |= x.narrow_latest(_via(y.latest, f.id))
                for eid, w in ((f.subject, x), (f.obj.value, y)):
                    if w.empty():
                        self.contradiction(f, f"the order '{f.subject}' {ORDER[f.prop]} '{f.obj.value}' "
                                           f"contradicts the dates, leaving '{eid}' no possible day", w)
                        return

    def _is_event(self, cls: str) -> bool:
        return cls in ("Event", "Renaming")

    # ---------- statements and names ----------
    def bounded(self, key: str, fact: Fact | None, stated: DateValue | None, event: str | None,
                basis: str) -> Window | None:
        w = _stated(stated, basis) if stated else Window()
        if event:
            ew = self.chron.events.get(event, Window())
            trial = Window(w.earliest, w.latest)
            trial.narrow_earliest(_via(ew.earliest, basis))
            trial.narrow_latest(_via(ew.latest, basis))
            if trial.empty() and fact is not None:
                self.contradiction(fact, f"the stated date of '{key}' contradicts the dates of its event '{event}'", trial)
                return None
            w = trial
        return w if w.known() else None

    def statement_windows(self) -> None:
        dissolved = {f.subject: f for f in self.data.facts if f.prop == "dissolution"}
        born: dict[str, Fact] = {}
        for f in self.data.facts:
            if f.prop == "inception" and f.obj.value.earliest and (
                    f.subject not in born or f.obj.value.earliest.day > born[f.subject].obj.value.earliest.day):
                born[f.subject] = f
        for f in self.data.facts:
            q = f.qualifiers
            start = self.bounded(f.id, f, q["start"].value if "start" in q else None,
                                 q["startEvent"].value if "startEvent" in q else None, f.id)
            end = self.bounded(f.id, f, q["end"].value if "end" in q else None,
                               q["endEvent"].value if "endEvent" in q else None, f.id)
            gone = dissolved.get(f.subject)
            if (end is None and start is not None and gone is not None and f.prop in RELATIONS
                    and start.earliest is not None and gone.obj.value.earliest is not None
                    and start.earliest.day < gone.obj.value.earliest.day):
                # A relation with no stated end cannot outlast its subject: it ends with the dissolution.
                dw = _stated(gone.obj.value, gone.id)
                end = Window(_via(dw.earliest, f.id), _via(dw.latest, f.id))
            if (start or end) and f.prop in RELATIONS:
                # A relation cannot begin before its subject or its object came into being.
                for party in (f.subject, f.obj.value):
                    if party in born:
                        bw = _stated(born[party].obj.value, born[party].id)
                        start = start or Window()
                        start.narrow_earliest(_via(bw.earliest, f.id))
            if start and end and start.earliest and end.latest and start.earliest.day > end.latest.day:
                self.contradiction(f, f"statement '{f.id}' would end before it starts",
                                   Window(start.earliest, end.latest))
            if start:
                self.chron.starts[f.id] = start
            if end:
                self.chron.ends[f.id] = end
        for ent in self.data.entities.values():
            for name in ent.names:
                start = self.bounded(name.slug, None, name.start, name.start_event, name.slug)
                end = self.bounded(name.slug, None, name.end, name.end_event, name.slug)
                if start:
                    self.chron.starts[name.slug] = start
                if end:
                    self.chron.ends[name.slug] = end

    # ---------- rank ----------
    def ranks(self) -> None:
        """The timeline order: a topological order over "A before B" — stated (an earlier event before a later
        one, a containing event before its parts) or certain from the bounds (A's latest day before B's earliest)
        — taking at each step the available event with the earliest day (an undated one borrows the day of the
        events the sources place after it), the curated order (the sources' narrative) breaking ties."""
        order = list(self.data.entities)
        events = [e for e in order if e in self.chron.events]
        pos = {e: i for i, e in enumerate(events)}
        stated: dict[str, set[str]] = {e: set() for e in events}  # the earlier / the container -> the events after it
        for f in self.data.facts:
            if f.prop in ORDER and f.subject in pos and f.obj.value in pos:
                stated[f.obj.value].add(f.subject)
        edges = {e: set(later) for e, later in stated.items()}
        dated = sorted((w.latest.day, e) for e, w in self.chron.events.items() if w.latest and e in pos)
        starts = [(w.earliest.day, e) for e, w in self.chron.events.items() if w.earliest and e in pos]
        for day, later in starts:  # every event certainly over before this one began
            for latest, earlier in dated:
                if latest >= day:
                    break
                edges[earlier].add(later)
        # The sort key among available events: the earliest day, stated or derived; an undated event borrows
        # the smallest key of the events after or inside it (it came no later), else of those before it.
        key: dict[str, str | None] = {}
        for e in events:
            w = self.chron.events[e]
            key[e] = w.earliest.day if w.earliest else w.latest.day if w.latest else None
        earlier: dict[str, set[str]] = {e: set() for e in events}
        for a, later in stated.items():
            for b in later:
                earlier[b].add(a)
        for neighbours in (stated, earlier):
            changed = True
            while changed:
                changed = False
                for e in events:
                    known = [key[n] for n in neighbours[e] if key[n] is not None]
                    if key[e] is None and known:
                        key[e] = min(known)
                        changed = True

        def priority(e: str):
            return (key[e] is None, key[e] or "", pos[e])

        indegree = {e: 0 for e in events}
        for later in edges.values():
            for b in later:
                indegree[b] += 1
        heap = [(priority(e), e) for e in events if indegree[e] == 0]
        heapq.heapify(heap)
        rank = 0
        while heap:
            _, e = heapq.heappop(heap)
            rank += 1
            self.chron.rank[e] = rank
            for b in edges[e]:
                indegree[b] -= 1
                if indegree[b] == 0:
                    heapq.heappush(heap, (priority(b), b))
        for e in events:  # a cycle in the stated order: report it
            if e not in self.chron.rank:
                f = next(f for f in self.data.facts if f.prop in ORDER and f.subject == e)
                self.problems.append(DataProblem(f.where.file, f.where.line, e, f.prop,
                                                 "the stated order of events runs in a circle through this event"))
                return


def derive(data: Dataset) -> Chronology:
    """Derive every window and rank; raise DataError naming the statements of a contradictory order."""
    d = _Deriver(data)
    d.event_windows()
    if not d.problems:
        d.statement_windows()
    if not d.problems:
        d.ranks()
    if d.problems:
        raise DataError(d.problems)
    return d.chron
