"""Question 3 for one place on one day, through the named-query catalogue (`relations-on-date`, params unit and
date): what the place was part of, administered by, controlled by or claimed by, per source.

Columns are read by name (?relation ?objectLabel ?state ?source), so the query may gain columns without breaking
this; a ?resource column, where the query has one, keeps the rows about the place itself (the query also answers
for its predecessors and the places inside it).
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from hadrut_kg.queries.catalogue import QueryError, named_queries, resolve_params
from hadrut_kg.queries.embedded import execute
from hadrut_kg.queries.results import table
from hadrut_kg.vocabulary.namespaces import Minted

QUERY = "relations-on-date"
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def check_day(text: object) -> str:
    """A day as YYYY-MM-DD (a real calendar day), else QueryError."""
    if not isinstance(text, str) or not DAY.match(text):
        raise QueryError(f"{str(text)[:40]!r} is not a date; expected YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{text!r} is not a calendar date") from None
    return text


def relations(store: ox.Store, minted: Minted, place_iri: str, day: str) -> list[dict[str, str]]:
    """Rows {relation, objectLabel, state, source} about the place on the day, deduplicated, in query order."""
    named = named_queries()[QUERY]
    values = resolve_params(named, {"unit": place_iri, "date": check_day(day)}, minted)
    rows = table(execute(store, named.text, values), named.text).values()
    seen, found = set(), []
    for row in rows:
        if row.get("resource") not in (None, place_iri):
            continue
        item = {k: row.get(k) or "" for k in ("relation", "objectLabel", "state", "source")}
        if tuple(item.values()) not in seen:
            seen.add(tuple(item.values()))
            found.append(item)
    return found


def one_line(rows: list[dict[str, str]]) -> str:
    """The rows as one readable line: "controlled by Azerbaijan (held; wikipedia/history)", joined by "; "."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for r in rows:
        grouped.setdefault((r["relation"], r["objectLabel"], r["state"]), []).append(r["source"])
    return "; ".join(f"{rel} {obj} ({state}: {', '.join(sorted(set(src)))})"
                     for (rel, obj, state), src in grouped.items()) or "no dated relation in the data"
