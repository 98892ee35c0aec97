"""Question 3's answers for every place and every day, computed once at build time by question 3's own query.

The state of a relation on a day changes only where a day is one of its bounds (a start's or end's earliest or
latest, a path's) or the day after one: the rules compare the day with each bound by <, <=, >= and >. So the
query `queries/relations-on-date.rq` — its text unchanged but for ?unit and ?date added to what it returns and
a VALUES block of several days — is run at every such change point, in both views; the page looks the answer up
in the interval a day falls in, and cannot disagree with `hadrut-kg query relations-on-date`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyoxigraph as ox

from hadrut_kg.queries.catalogue import QueryError, named_queries

FIRST_DAY = "1923-01-01"  # the slider's first day: the year the NKAO was created in
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
VIEWS = ("source", "combined")
COLUMNS = ("resource", "relation", "object", "objectLabel", "state", "startEarliest", "startLatest",
           "endEarliest", "endLatest", "part", "source", "via", "explanation")

BOUND_DAYS = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
SELECT DISTINCT ?day WHERE {
  ?x hkg:startBounds|hkg:endBounds|hkg:combinedStartBounds|hkg:combinedEndBounds ?b .
  ?b hkg:earliestDate|hkg:latestDate ?day .
}
"""


def change_points(store: ox.Store) -> list[str]:
    """Every bound day and the day after it, from FIRST_DAY on, sorted; FIRST_DAY is the first."""
    days = {FIRST_DAY}
    for row in store.query(BOUND_DAYS):
        day = dt.date.fromisoformat(row["day"].value[:10])
        for d in (day, day + dt.timedelta(days=1)):
            if d.isoformat() > FIRST_DAY:
                days.add(d.isoformat())
    return sorted(days)


def last_day(store: ox.Store) -> str:
    """The last day any source speaks for: the latest bound of any statement or path."""
    return max(row["day"].value[:10] for row in store.query(BOUND_DAYS))


def _many_days_query(days: list[str], view: str) -> str:
    """Question 3's text, returning ?unit and ?date too, for every unit and every day given at once."""
    text = named_queries()["relations-on-date"].text
    head = "SELECT DISTINCT ?resource "
    if text.count(head) != 1:
        raise QueryError("relations-on-date.rq no longer starts its SELECT with ?resource; the time map needs it")
    text = text.replace(head, "SELECT DISTINCT ?unit ?date ?resource ", 1)
    dates = " ".join(f'"{d}"^^<{XSD_DATE}>' for d in days)
    where = text.index("WHERE {") + len("WHERE {")
    return f'{text[:where]} VALUES ?date {{ {dates} }} VALUES ?view {{ "{view}" }}{text[where:]}'


@dataclass
class Answers:
    """Rows of question 3 (each a tuple of COLUMNS, kept once) and, per unit and view, the row numbers that
    answer from each change point on (a list as long as `days`)."""
    days: list[str]
    rows: list[tuple] = field(default_factory=list)
    by_unit: dict[str, dict[str, list[list[int]]]] = field(default_factory=dict)

    def on(self, unit: str, view: str, day: str) -> list[tuple]:
        """The rows for a unit on a day, as the page looks them up: the last change point on or before it."""
        import bisect

        i = bisect.bisect_right(self.days, day) - 1
        if i < 0:
            return []
        return [self.rows[n] for n in self.by_unit.get(unit, {}).get(view, [[]] * len(self.days))[i]]


def answers(store: ox.Store, units: list[str]) -> Answers:
    """Question 3 for the given units (IRIs) at every change point, in both views."""
    days = change_points(store)
    result = Answers(days)
    index: dict[tuple, int] = {}
    wanted = set(units)
    position = {d: i for i, d in enumerate(days)}
    for view in VIEWS:
        for unit in units:
            result.by_unit.setdefault(unit, {})[view] = [[] for _ in days]
        for row in store.query(_many_days_query(days, view)):
            unit = row["unit"].value
            if unit not in wanted:
                continue
            values = tuple(None if row[c] is None else row[c].value for c in COLUMNS)
            n = index.setdefault(values, len(index))
            if n == len(result.rows):
                result.rows.append(values)
            result.by_unit[unit][view][position[row["date"].value]].append(n)
    for per_view in result.by_unit.values():
        for lists in per_view.values():
            for numbers in lists:
                numbers.sort(key=lambda n: tuple(v or "" for v in result.rows[n]))
    return result
