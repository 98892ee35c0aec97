"""Time bounds derived from what the sources say: the dates they give and the order they state — per source.

Every event, statement and name gets a window — earliest and latest day — for when it happened or began/ended.
A bound is *stated* when it comes straight from a date the source gives, *derived* when it follows from a stated
order ("X after Y", "X during Y"), from the event a statement starts or ends with, or from the dissolution of the
statement's subject, and *writing* when all that bounds it is the time its source was written (a document speaks
only up to the day it was written). Derivation only narrows: a derived bound never replaces or widens a stated one,
it is published beside it with the statements it rests on. Propagation runs to a fixed point; an order that leaves
a window empty is a contradiction, reported with both statements and their sources.

Per source means per source: a statement's bounds come only from its own document — the dates that document
gives, the order of events it states, its own inception and dissolution facts, its own writing window. Two sources
dating one event are two claims with two windows (`Chronology.source_events`); the combined window of an event
(`Chronology.events`, the timeline's) is labelled as such and names every statement it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hadrut_kg.chronology.rank import rank_events
from hadrut_kg.curated.dates import DateValue
from hadrut_kg.curated.errors import DataError, DataProblem
from hadrut_kg.curated.loader import Dataset, Fact

ORDER = {"precededBy": "after", "partOfEvent": "during"}  # the order properties the sources state
RELATIONS = ("partOf", "locatedIn", "administeredBy", "controlledBy", "claimedBy")  # question 3 asks of these
WRITING = "@source:"  # a basis key naming a source document: the bound is the time that source was written


@dataclass(frozen=True)
class Bound:
    """One side of a window: the day, how it is known (stated, derived, or only from when the source was
    written) and the statements it rests on (ids; `@source:ID` for a source's writing window)."""

    day: str
    derived: bool
    basis: frozenset[str]
    writing: bool = False

    @property
    def kind(self) -> str:
        return "writing" if self.writing else "derived" if self.derived else "stated"


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

    def copy(self) -> Window:
        return Window(self.earliest, self.latest)


@dataclass
class Chronology:
    """What the build publishes: a window per event (combined over the sources, and per source), start/end
    windows per statement (its own source's view) and per name, each source's writing window, and the events'
    chronological rank (certain order from the bounds and the stated order; the curated order for the rest)."""

    events: dict[str, Window] = field(default_factory=dict)
    source_events: dict[str, dict[str, Window]] = field(default_factory=dict)  # source -> event -> window
    starts: dict[str, Window] = field(default_factory=dict)  # statement id or name slug -> window
    ends: dict[str, Window] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    writing: dict[str, Window] = field(default_factory=dict)  # source -> when it was written
    # A relation's bounds from every source together (the combined view, offered apart): statement id -> window
    combined_starts: dict[str, Window] = field(default_factory=dict)
    combined_ends: dict[str, Window] = field(default_factory=dict)


def _stated(value: DateValue, basis: str) -> Window:
    ids = frozenset({basis})
    return Window(value.earliest and Bound(value.earliest.day, False, ids),
                  value.latest and Bound(value.latest.day, False, ids))


def _via(bound: Bound | None, fact_id: str) -> Bound | None:
    return bound and Bound(bound.day, True, bound.basis | {fact_id}, bound.writing)


def _writing(day: str, source: str) -> Bound:
    return Bound(day, True, frozenset({WRITING + source}), True)


def sources_of(fact: Fact) -> set[str]:
    return {c.source for c in fact.cites}


class _Deriver:
    def __init__(self, data: Dataset):
        self.data = data
        self.facts = {f.id: f for f in data.facts}
        self.problems: list[DataProblem] = []
        self.chron = Chronology()
        self.event_ids = {eid for eid, ent in data.entities.items() if ent.cls in ("Event", "Renaming")}

    # ---------- reporting ----------
    def describe(self, ids: frozenset[str]) -> str:
        parts = []
        for fid in sorted(ids):
            f = self.facts.get(fid)
            if f is not None:
                cites = ", ".join(str(c) for c in f.cites)
                parts.append(f"'{fid}' ({f.where.file}:{f.where.line}, {cites})")
            elif fid.startswith(WRITING):
                parts.append(f"the time source '{fid[len(WRITING):]}' was written")
        return "; ".join(parts)

    def contradiction(self, fact: Fact, what: str, window: Window) -> None:
        e, l = window.earliest, window.latest
        self.problems.append(DataProblem(
            fact.where.file, fact.where.line, fact.subject, fact.prop,
            f"{what}: earliest {e.day}, from {self.describe(e.basis)}; latest {l.day}, from {self.describe(l.basis)}"))

    # ---------- what each source narrates and when it was written ----------
    def narrated(self, source: str) -> list[str]:
        """The events a source tells of (their record cites it, or a fact about them does), in a fixed order: ties
        between equal days are then always broken the same way, so a rebuild names the same statements."""
        told = {eid for eid in self.event_ids if any(c.source == source for c in self.data.entities[eid].cites)}
        told |= {f.subject for f in self.data.facts if f.subject in self.event_ids and source in sources_of(f)}
        return sorted(told)

    def copy_day(self, source: str) -> str | None:
        """The last day a source can speak for: the day it was published, where known, else the day its copy
        was taken."""
        src = self.data.sources[source]
        return src.issued or src.copied

    # ---------- events ----------
    def event_windows(self, source: str | None) -> dict[str, Window]:
        """Windows of the events from the dates and the order one source states (every source when None),
        each event a source narrates ending no later than the day that source was written."""
        facts = [f for f in self.data.facts if source is None or source in sources_of(f)]
        windows = {eid: Window() for eid in self.event_ids}
        for src in ([source] if source else list(self.data.sources)):
            day = self.copy_day(src)
            if day is None:
                continue
            for eid in self.narrated(src):
                w = windows[eid]
                if source is not None:
                    w.narrow_latest(_writing(day, src))
                elif w.latest is None or (w.latest.writing and day > w.latest.day):
                    w.latest = _writing(day, src)  # combined: the last day any narrating source could speak for
        for f in facts:
            if f.prop == "date" and f.subject in windows and "alternativeTo" not in f.qualifiers:
                stated = _stated(f.obj.value, f.id)
                w = windows[f.subject]
                trial = w.copy()
                trial.narrow_earliest(stated.earliest)
                trial.narrow_latest(stated.latest)
                if trial.empty():  # two sources date the event apart: keep the hull, question 13 shows it
                    hull_e = min((b for b in (w.earliest, stated.earliest) if b), key=lambda b: b.day, default=None)
                    hull_l = max((b for b in (w.latest, stated.latest) if b), key=lambda b: b.day, default=None)
                    windows[f.subject] = Window(hull_e, hull_l)
                else:
                    windows[f.subject] = trial
        orders = [f for f in facts if f.prop in ORDER and f.subject in windows and f.obj.value in windows]
        changed = True
        while changed and not self.problems:
            changed = False
            for f in orders:
                x, y = windows[f.subject], windows[f.obj.value]
                changed |= x.narrow_earliest(_via(y.earliest, f.id))
                if f.prop == "precededBy":
                    changed |= y.narrow_latest(_via(x.latest, f.id))
                else:
                    changed |= x.narrow_latest(_via(y.latest, f.id))
                for eid, w in ((f.subject, x), (f.obj.value, y)):
                    if w.empty():
                        self.contradiction(f, f"the order '{f.subject}' {ORDER[f.prop]} '{f.obj.value}' "
                                           f"contradicts the dates, leaving '{eid}' no possible day", w)
                        return windows
        return windows

    def writing_windows(self) -> None:
        """When each source was written: no earlier than the latest event it narrates (its earliest day, by that
        source's own dates), no later than the day the copy was taken (or the publication day it states)."""
        for sid, src in self.data.sources.items():
            events = self.chron.source_events.get(sid, {})
            w = Window()
            day = self.copy_day(sid)
            if day is not None:
                w.narrow_latest(Bound(day, False, frozenset({WRITING + sid})))
            told = [events[e].earliest for e in self.narrated(sid) if e in events and events[e].earliest
                    and not events[e].earliest.writing]
            if told:
                latest_told = max(told, key=lambda b: b.day)
                trial = w.copy()
                trial.narrow_earliest(Bound(latest_told.day, True, latest_told.basis))
                if not trial.empty():
                    w = trial
            if w.known():
                self.chron.writing[sid] = w

    # ---------- statements and names ----------
    def bounded(self, key: str, fact: Fact | None, stated: DateValue | None, event: str | None,
                basis: str, events: dict[str, Window]) -> Window | None:
        w = _stated(stated, basis) if stated else Window()
        if event:
            ew = events.get(event, Window())
            trial = w.copy()
            trial.narrow_earliest(_via(ew.earliest, basis))
            trial.narrow_latest(_via(ew.latest, basis))
            if trial.empty() and fact is not None:
                self.contradiction(fact, f"the stated date of '{key}' contradicts the dates of its event '{event}'", trial)
                return None
            w = trial
        return w if w.known() else None

    def statement_windows(self) -> None:
        lifetimes = [g for g in self.data.facts if g.prop in ("inception", "dissolution")]
        for f in self.data.facts:
            srcs = sources_of(f)
            source = next(iter(srcs)) if len(srcs) == 1 else None
            events = self.chron.source_events.get(source, {}) if source else self.chron.events
            same = [g for g in lifetimes if source is None or source in sources_of(g)]
            q = f.qualifiers
            start = self.bounded(f.id, f, q["start"].value if "start" in q else None,
                                 q["startEvent"].value if "startEvent" in q else None, f.id, events)
            end = self.bounded(f.id, f, q["end"].value if "end" in q else None,
                               q["endEvent"].value if "endEvent" in q else None, f.id, events)
            if f.prop in RELATIONS:
                if source is not None:  # the combined view: every source's events and lifetimes together
                    c_start = self.bounded(f.id, f, q["start"].value if "start" in q else None,
                                           q["startEvent"].value if "startEvent" in q else None, f.id,
                                           self.chron.events)
                    c_end = self.bounded(f.id, f, q["end"].value if "end" in q else None,
                                         q["endEvent"].value if "endEvent" in q else None, f.id, self.chron.events)
                    c_start, c_end = self.relation_window(f, source, self.chron.events, lifetimes, c_start, c_end)
                    if c_start:
                        self.chron.combined_starts[f.id] = c_start
                    if c_end:
                        self.chron.combined_ends[f.id] = c_end
                start, end = self.relation_window(f, source, events, same, start, end)
            if start and end and start.earliest and end.latest and start.earliest.day > end.latest.day:
                self.contradiction(f, f"statement '{f.id}' would end before it starts",
                                   Window(start.earliest, end.latest))
            if start:
                self.chron.starts[f.id] = start
            if end:
                self.chron.ends[f.id] = end
        for ent in self.data.entities.values():
            for name in ent.names:
                start = self.bounded(name.slug, None, name.start, name.start_event, name.slug, self.chron.events)
                end = self.bounded(name.slug, None, name.end, name.end_event, name.slug, self.chron.events)
                if start:
                    self.chron.starts[name.slug] = start
                if end:
                    self.chron.ends[name.slug] = end

    def relation_window(self, f: Fact, source: str | None, events: dict[str, Window], same: list[Fact],
                        start: Window | None, end: Window | None) -> tuple[Window | None, Window | None]:
        """A relation's own source bounds it further: an event it held through ('remained'), the dissolution and
        the inception of either party (as that source gives them), and — when the source says it ended but not
        when — the time the source was written."""
        q = f.qualifiers
        attested_end = end is not None or "endAttested" in q
        if "heldThrough" in q:  # in force on the day(s) of the event, wherever in its window they fell
            ew = events.get(q["heldThrough"].value, Window())
            start = start or Window()
            start.narrow_latest(_via(ew.latest, f.id))
            if attested_end:
                end = end or Window()
                end.narrow_earliest(_via(ew.earliest, f.id))
        # the first dissolution of either party (a place is part of nothing, and nothing is part of it, once gone)
        gone = min((g for g in same if g.prop == "dissolution" and g.subject in (f.subject, f.obj.value)
                    and g.obj.value.earliest is not None), key=lambda g: (g.obj.value.earliest.day, g.id),
                   default=None)
        if (start is not None and gone is not None and start.earliest is not None
                and start.earliest.day < gone.obj.value.earliest.day):
            # A relation cannot outlast its subject or its object: with no end stated it ends with the dissolution,
            # and an end known only from below ends by it at the latest.
            dw = _stated(gone.obj.value, gone.id)
            if end is None:
                end = Window(_via(dw.earliest, f.id), _via(dw.latest, f.id))
            else:
                end.narrow_latest(_via(dw.latest, f.id))
        if start or end:
            # A relation cannot begin before its subject or its object came into being.
            for party in (f.subject, f.obj.value):
                born = [g for g in same if g.prop == "inception" and g.subject == party and g.obj.value.earliest]
                if born:
                    first = max(born, key=lambda g: g.obj.value.earliest.day)
                    bw = _stated(first.obj.value, first.id)
                    start = start or Window()
                    start.narrow_earliest(_via(bw.earliest, f.id))
        if (end is not None or "endAttested" in q) and source is not None:
            day = self.copy_day(source)
            if day is not None:
                end = end or Window()
                if end.latest is None:  # ended, the source says, but not when: by the time it was written
                    end.latest = _writing(day, source)
        if start and end:  # it began no later than it ended, and ended no earlier than it began
            start.narrow_latest(_via(end.latest, f.id))
            end.narrow_earliest(_via(start.earliest, f.id))
        return start, end

    # ---------- rank ----------
    def ranks(self) -> None:
        ranked, cycle = rank_events(self.data, self.chron.events)
        self.chron.rank = ranked
        if cycle is not None:
            f = next((f for f in self.data.facts if f.prop in ORDER and f.subject == cycle), None)
            where = (f.where.file, f.where.line, f.prop) if f else (self.data.entities[cycle].where.file,
                                                                    self.data.entities[cycle].where.line, "")
            self.problems.append(DataProblem(where[0], where[1], cycle, where[2],
                                             "the stated order of events runs in a circle through this event"))


def derive(data: Dataset) -> Chronology:
    """Derive every window and rank; raise DataError naming the statements of a contradictory order."""
    d = _Deriver(data)
    d.chron.events = d.event_windows(None)
    for source in data.sources:
        if not d.problems:
            windows = d.event_windows(source)
            d.chron.source_events[source] = {e: windows[e] for e in d.narrated(source) if windows[e].known()}
    if not d.problems:
        d.writing_windows()
        d.statement_windows()
    if not d.problems:
        d.ranks()
    if d.problems:
        raise DataError(d.problems)
    return d.chron
