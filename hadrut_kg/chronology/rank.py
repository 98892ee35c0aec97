"""The timeline's order of events: a topological order over what is certainly earlier, the curated order last.

"A before B" is stated (an earlier event before a later one, a containing event before its parts) or certain
from the bounds (A's latest day before B's earliest). Among the events free to come next, the one with the
earliest day goes first (an undated event borrows the day of the events the sources place after or inside it,
else of those before it); the curated order (the sources' narrative) breaks ties.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from hadrut_kg.curated.loader import Dataset

if TYPE_CHECKING:
    from hadrut_kg.chronology.derive import Window

ORDER = ("precededBy", "partOfEvent")


def rank_events(data: Dataset, windows: dict[str, Window]) -> tuple[dict[str, int], str | None]:
    """Rank 1… for every event of `windows`; the second value names an event on a cycle of the stated order
    (then not every event is ranked), else None."""
    events = [e for e in data.entities if e in windows]
    pos = {e: i for i, e in enumerate(events)}
    stated: dict[str, set[str]] = {e: set() for e in events}  # the earlier / the container -> the events after it
    for f in data.facts:
        if f.prop in ORDER and f.subject in pos and f.obj.value in pos:
            stated[f.obj.value].add(f.subject)
    edges = {e: set(later) for e, later in stated.items()}
    dated = sorted((w.latest.day, e) for e, w in windows.items() if w.latest and not w.latest.writing and e in pos)
    starts = [(w.earliest.day, e) for e, w in windows.items() if w.earliest and e in pos]
    for day, later in starts:  # every event certainly over before this one began
        for latest, earlier in dated:
            if latest >= day:
                break
            edges[earlier].add(later)
    key: dict[str, str | None] = {}
    for e in events:
        w = windows[e]
        latest = w.latest.day if w.latest and not w.latest.writing else None
        key[e] = w.earliest.day if w.earliest else latest
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

    # An event neither dated nor ordered by any source keeps its place in the narrative: it borrows the day of
    # the next event the curated order tells of that has one.
    for i, e in enumerate(events):
        if key[e] is None:
            key[e] = next((key[n] for n in events[i + 1:] if key[n] is not None), None)

    def priority(e: str):
        return (key[e] is None, key[e] or "", pos[e])

    indegree = {e: 0 for e in events}
    for later in edges.values():
        for b in later:
            indegree[b] += 1
    heap = [(priority(e), e) for e in events if indegree[e] == 0]
    heapq.heapify(heap)
    rank: dict[str, int] = {}
    while heap:
        _, e = heapq.heappop(heap)
        rank[e] = len(rank) + 1
        for b in edges[e]:
            indegree[b] -= 1
            if indegree[b] == 0:
                heapq.heappush(heap, (priority(b), b))
    left = [e for e in events if e not in rank]
    # An unranked event on a cycle of the stated order: one whose stated predecessors are unranked too.
    cycle = next((e for e in left if any(a in left for a in earlier[e])), left[0] if left else None)
    return rank, cycle
