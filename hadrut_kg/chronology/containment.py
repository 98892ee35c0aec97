"""The places whose relations answer for a place: what it lay in (upward, through every step), what came before and
after it, and what lay in it — each reached by a path of statements, with the window in which the whole path held.

Question 3 asks what a place was part of on a day; the town of Hadrut was in Hadrut District, which was in the
NKAO, which was in the Azerbaijan SSR. Each step is a statement of some source: `partOf` or `locatedIn` (bounded in
time by its own source's chronology where it is dated), or `capital`. A path holds on a day when every dated step
does: its window is the intersection of theirs, each bound naming the statements it rests on. A predecessor answers
up to the succession, a successor from it on; nothing lies in a place, and a place lies in nothing, before it came
into being. A capital lies in its unit for as long as the unit's own relations hold, and so does a place in a unit
whose extent no source says changed; but an undated step into a unit that took in territory later (Hadrut
Province: the Jebrail region and part of Fizuli after the Bishkek agreement) leaves the path's start unknown — a
place on its list of settlements may have come to lie in it only then —, so rows through it are at most "possibly
held", unless a source says when the place came under the unit's administration: it lies in the unit while it is
administered by it. Steps through a statement that holds for only part of a place are not taken, up or down. Rows reached
through a path say so (the `via` column), so no answer passes for the place's own.

Paths are walked per view of question 3. In the *source* view a row rests on its statement's document and on the
documents of the path's steps, and on nothing else: each step is bounded by its own statement's dates and events,
and when a place came into being or a unit took in territory is taken from those documents only — so a path is
walked once for each document whose statements it may lead to. A Wikipedia row reached through Wikipedia's list of
settlements is not given Wikimapia's founding date of the province nor made uncertain by Wikimapia's account of its
growth; a Wikimapia row reached through the same list is, as Wikimapia tells both. In the *combined* view every
source's dates, events, births and growth bound every step.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadrut_kg.chronology.derive import RELATIONS, Bound, Chronology, Window, sources_of
from hadrut_kg.curated.loader import Dataset, Fact

MAX_DEPTH = 6  # containment deeper than town < district < oblast < republic < union is not in the data
VIEWS = ("source", "combined")  # question 3's views (its ?view parameter)


@dataclass(frozen=True)
class Step:
    place: str  # the place this step reaches
    relation: str  # "in" (part of / located in / capital of), "predecessor", "successor", "contains"
    statements: tuple[str, ...]  # the statements (ids) that make the step
    dated: str | None  # the one dated statement (part of, located in, succeeds) bounding the step, if any


@dataclass
class Path:
    origin: str
    steps: tuple[Step, ...]
    start: Window | None
    end: Window | None
    undated: tuple[str, ...] = ()  # statements of steps that leave the latest day of the path's start unknown

    @property
    def target(self) -> str:
        return self.steps[-1].place

    @property
    def kind(self) -> str:
        kinds = {s.relation for s in self.steps}
        for k in ("predecessor", "successor", "contains"):
            if k in kinds:
                return k
        return "in"


def _later(a: Bound | None, b: Bound | None) -> Bound | None:
    return b if a is None else a if b is None else (a if a.day >= b.day else b)


def _sooner(a: Bound | None, b: Bound | None) -> Bound | None:
    return b if a is None else a if b is None else (a if a.day <= b.day else b)


def _joined(path: Path, s: Window | None, e: Window | None) -> tuple[Window | None, Window | None] | None:
    """The path's windows once a dated step (its start and end windows s, e) is added; None when the two never
    hold together. The path starts when its last step starts (a step whose start has no latest bound is marked
    undated by the caller)."""
    start, end = path.start, path.end
    if s is not None:
        start = Window(_later(start.earliest if start else None, s.earliest),
                       _later(start.latest if start else None, s.latest))
    if e is not None:
        earliest = None if (e.earliest is None or (end is not None and end.earliest is None and end.known())) \
            else _sooner(end.earliest if end else None, e.earliest)
        end = Window(earliest, _sooner(end.latest if end else None, e.latest))
    if start and end and start.earliest and end.latest and start.earliest.day > end.latest.day:
        return None
    return start, end


class _Walker:
    def __init__(self, data: Dataset, chron: Chronology, view: str, source: str | None = None):
        if view not in VIEWS or (view == "source") != (source is not None):
            raise ValueError(f"view {view!r} with source {source!r}: the source view needs a source, the combined none")
        self.data, self.chron, self.view, self.source = data, chron, view, source
        self.facts = {f.id: f for f in data.facts}
        # A step's bounds: its statement's own (source view), or every source's together where the chronology has
        # them (combined view; it has them for relations, the rest are their own source's).
        self.starts = chron.starts if view == "source" else {**chron.starts, **chron.combined_starts}
        self.ends = chron.ends if view == "source" else {**chron.ends, **chron.combined_ends}
        self._born: dict[str | None, dict[str, Bound]] = {}
        self._grew: dict[str | None, set[str]] = {}
        self.up: dict[str, list[tuple[str, Fact]]] = {}
        self.administered: dict[tuple[str, str], list[Fact]] = {}  # (place, unit) -> "administered by" statements
        self.succession: dict[str, list[tuple[str, str, Fact]]] = {}
        self.down: dict[str, list[tuple[str, Fact]]] = {}
        for f in data.facts:
            if f.obj.kind != "entity":
                continue
            if f.prop in ("partOf", "locatedIn") and "appliesToPart" not in f.qualifiers:
                # only a part of this place lies in that one: no step either way
                self.up.setdefault(f.subject, []).append((f.obj.value, f))
                self.down.setdefault(f.obj.value, []).append((f.subject, f))
            elif f.prop == "capital" and "appliesToPart" not in f.qualifiers:
                self.up.setdefault(f.obj.value, []).append((f.subject, f))
                self.down.setdefault(f.subject, []).append((f.obj.value, f))
            elif f.prop == "administeredBy" and "appliesToPart" not in f.qualifiers:
                self.administered.setdefault((f.subject, f.obj.value), []).append(f)
            elif f.prop == "succeeds":
                self.succession.setdefault(f.subject, []).append((f.obj.value, "predecessor", f))
                self.succession.setdefault(f.obj.value, []).append((f.subject, "successor", f))

    def sources(self, f: Fact) -> frozenset[str] | None:
        """The documents whose word bounds a step: the row's and the step's statement's (source view); None, every
        source, in the combined view."""
        return None if self.source is None else frozenset(sources_of(f) | {self.source})

    def told(self, source: str | None) -> list[Fact]:
        return self.data.facts if source is None else [f for f in self.data.facts if source in sources_of(f)]

    def born(self, sources: frozenset[str] | None) -> dict[str, Bound]:
        """When each place came into being, the latest day any of the documents gives (every source for None)."""
        if sources is None:
            return self.born_per(None)
        born: dict[str, Bound] = {}
        for source in sorted(sources):
            for place, bound in self.born_per(source).items():
                born[place] = _later(born.get(place), bound)
        return born

    def born_per(self, source: str | None) -> dict[str, Bound]:
        """When each place came into being, as one source tells it (every source for None): an inception date, or
        an establishment event that affected it. Nothing lies in a place, and a place lies in nothing, before it
        exists."""
        if source in self._born:
            return self._born[source]
        facts = self.told(source)
        events = self.chron.events if source is None else self.chron.source_events.get(source, {})
        established = {f.subject for f in facts if f.prop == "eventType" and f.obj.value == "establishment"}
        born: dict[str, Bound] = {}
        for f in facts:
            if f.prop == "inception" and f.obj.value.earliest:
                place, bound = f.subject, Bound(f.obj.value.earliest.day, True, frozenset({f.id}))
            elif (f.prop == "affected" and f.subject in established and f.obj.kind == "entity"
                  and events.get(f.subject) and events[f.subject].earliest):
                day = events[f.subject].earliest
                place, bound = f.obj.value, Bound(day.day, True, day.basis | {f.id})
            else:
                continue
            born[place] = _later(born.get(place), bound)
        self._born[source] = born
        return born

    def grew(self, sources: frozenset[str] | None) -> set[str]:
        """Units that took in territory at some time, as any of the documents tells it (every source for None):
        something came under their administration, so their extent changed and an undated "lies in" them says
        nothing of since when."""
        out: set[str] = set()
        for source in (None,) if sources is None else sorted(sources):
            if source not in self._grew:
                self._grew[source] = {f.obj.value for f in self.told(source) if f.prop == "administeredBy"
                                      and f.obj.kind == "entity" and f.id in self.starts}
            out |= self._grew[source]
        return out

    def dated(self, f: Fact) -> bool:
        return f.prop in ("partOf", "locatedIn", "succeeds") and (f.id in self.starts or f.id in self.ends)

    def extend(self, path: Path, place: str, relation: str, f: Fact) -> Path | None:
        """The path one step longer. A dated step bounds it: in and contains by the step's window; a successor
        answers from the succession on; a predecessor up to it (its relations after that are not the place's).
        Stepping into a place also starts the path no earlier than that place came into being."""
        start, end = path.start, path.end
        dated = None
        unknown = path.undated
        if self.dated(f) and relation in ("in", "contains", "successor"):
            joined = _joined(path, self.starts.get(f.id), self.ends.get(f.id))
            if joined is None:
                return None
            (start, end), dated = joined, f.id
            s = self.starts.get(f.id)
            if s is not None and s.latest is None:
                unknown = unknown + (f.id,)  # began on or after a day, how much later not told
        elif relation == "in" and (taken := self.taken_in(path, place, f)) is not None:
            # the unit took this place in: it lies in the unit while it is under the unit's administration
            joined = _joined(path, self.starts[taken.id], self.ends.get(taken.id))
            if joined is None:
                return None
            (start, end), dated = joined, taken.id
        elif relation == "predecessor" and f.id in self.starts:
            succession = self.starts[f.id]
            end = Window(_sooner(end.earliest if end else None, succession.earliest),
                         _sooner(end.latest if end else None, succession.latest))
            dated = f.id
        born = self.born(self.sources(f))
        floors = [born[place]] if relation in ("in", "successor") and place in born else []
        if not path.steps and relation in ("in", "contains") and path.origin in born:
            floors.append(born[path.origin])  # the place asked about lies in, or holds, nothing before it exists
        for floor in floors:
            start = Window(_later(start.earliest if start else None, floor), start.latest if start else None)
        if start and (start.empty() or (end and start.earliest and end.latest and start.earliest.day > end.latest.day)):
            return None
        statements = (f.id,) if dated in (None, f.id) else (f.id, dated)
        return Path(path.origin, path.steps + (Step(place, relation, statements, dated),), start, end, unknown)

    def taken_in(self, path: Path, place: str, f: Fact) -> Fact | None:
        """The statement that the place a step leaves came under the administration of the unit it steps into,
        with a start, by the documents the step rests on (the whole place, not a part of it); None if there is
        none."""
        here = path.steps[-1].place if path.steps else path.origin
        allowed = self.sources(f)
        found = [g for g in self.administered.get((here, place), []) if g.id in self.starts
                 and (allowed is None or sources_of(g) <= allowed)]
        return min(found, key=lambda g: g.id) if found else None

    def upward(self, path: Path, seen: set[str], out: list[Path]) -> None:
        here = path.steps[-1].place if path.steps else path.origin
        if len(path.steps) >= MAX_DEPTH:
            return
        edges = [(place, f) for place, f in self.up.get(here, []) if place not in seen]
        dated_to = {place for place, f in edges if self.dated(f)}
        for place, f in sorted(edges, key=lambda pf: (pf[0], pf[1].id)):
            if place in dated_to and not self.dated(f):
                continue  # an undated statement of a step some source dates adds no answer of its own
            longer = self.extend(path, place, "in", f)
            if longer is not None:
                out.append(longer)
                self.upward(longer, seen | {place}, out)

    def paths(self, origin: str) -> list[Path]:
        out: list[Path] = []
        root = Path(origin, (), None, None)
        self.upward(root, {origin}, out)
        for other, relation, f in sorted(self.succession.get(origin, []), key=lambda x: (x[0], x[2].id)):
            step = self.extend(root, other, relation, f)
            if step is not None:
                out.append(step)
                self.upward(step, {origin, other}, out)
        for place, f in sorted(self.down.get(origin, []), key=lambda pf: (pf[0], pf[1].id)):
            step = self.extend(root, place, "contains", f)  # one level down, from the place itself
            if step is not None:
                out.append(step)
        return [self.with_undated(p) for p in _merged(out)]

    def with_undated(self, path: Path) -> Path:
        """Mark the statements of undated steps that leave the start unknown: an upward step no source dates into a
        unit that took in territory (as the row's or the step's document tells it, in the source view), unless one
        of its statements is a capital's (a capital lies in its unit as long as the unit holds) or rests on
        documents that tell of no such change."""
        undated = {sid for s in path.steps if s.dated is None and s.relation == "in"
                   and all(self.facts[x].prop != "capital" and s.place in self.grew(self.sources(self.facts[x]))
                           for x in s.statements)
                   for sid in s.statements}
        return Path(path.origin, path.steps, path.start, path.end, tuple(sorted(undated | set(path.undated))))


def _merged(paths: list[Path]) -> list[Path]:
    """One path per sequence of places and dated steps; the undated statements of steps it shares are merged."""
    merged: dict[tuple, Path] = {}
    for p in paths:
        # paths through the same places whose windows differ (their steps' sources tell different births) stay apart
        key = (tuple((s.place, s.relation, s.dated) for s in p.steps), repr(p.start), repr(p.end))
        held = merged.get(key)
        if held is None:
            merged[key] = p
            continue
        steps = tuple(Step(a.place, a.relation, tuple(sorted(set(a.statements) | set(b.statements))), a.dated)
                      for a, b in zip(held.steps, p.steps))
        merged[key] = Path(held.origin, steps, held.start, held.end, tuple(sorted(set(held.undated) | set(p.undated))))
    return list(merged.values())


def containment_paths(data: Dataset, chron: Chronology, view: str = "combined",
                      source: str | None = None) -> list[Path]:
    """Every path from every place (anything with a statement about it) to the places whose relations answer
    question 3 for it, with their windows in the given view: "combined", or "source" for the rows of one source
    (its id), which the path's windows then rest on with the steps' own sources."""
    # the source's rows: only paths to places it states a relation of (one question 3 asks about)
    speaks = None if source is None else {f.subject for f in data.facts
                                          if f.prop in RELATIONS and source in sources_of(f)}
    if speaks == set():
        return []
    walker = _Walker(data, chron, view, source)
    origins = sorted({f.subject for f in data.facts if f.subject in data.entities
                      and data.entities[f.subject].cls not in ("Event", "Renaming")})
    return [p for origin in origins for p in walker.paths(origin) if speaks is None or p.target in speaks]
