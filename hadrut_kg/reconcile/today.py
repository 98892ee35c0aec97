"""Question 3 for one place on one day, through the named-query catalogue (`relations-on-date`, params unit and
date): what the place was part of, administered by, controlled by or claimed by, per source.

Columns are read by name (?relation ?objectLabel ?state ?source ?via), so the query may gain columns without
breaking this. A row with an empty ?via is a statement about the place itself; a row with a ?via holds for the place
through the unit it names (the place lies in a unit that was part of, or controlled by, …) and is shown with
"via …", never as a statement about the place.
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from hadrut_kg.errors import InputError
from hadrut_kg.queries.catalogue import named_queries, resolve_params
from hadrut_kg.queries.embedded import execute
from hadrut_kg.queries.results import table
from hadrut_kg.vocabulary.namespaces import Minted

QUERY = "relations-on-date"
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only, matched whole (fullmatch)


def check_day(text: object) -> str:
    """A day as YYYY-MM-DD (a real calendar day), else InputError."""
    if not isinstance(text, str) or not DAY.fullmatch(text):
        raise InputError(f"{str(text)[:40]!r} is not a date; expected YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a calendar date") from None
    return text


def relations(store: ox.Store, minted: Minted, place_iri: str, day: str) -> list[dict[str, str]]:
    """Rows {relation, objectLabel, state, source, via} for the place on the day (via empty for the place's own
    statements), deduplicated, in query order."""
    named = named_queries()[QUERY]
    values = resolve_params(named, {"unit": place_iri, "date": check_day(day)}, minted)
    rows = table(execute(store, named.text, values), named.text).values()
    seen, found = set(), []
    for row in rows:
        item = {k: row.get(k) or "" for k in ("relation", "objectLabel", "state", "source", "via")}
        if tuple(item.values()) not in seen:
            seen.add(tuple(item.values()))
            found.append(item)
    return found


def value_text(row: dict[str, str]) -> str:
    """One row as text: "controlled by Azerbaijan (held; wikipedia/history)", or with "; via in Hadrut Province
    (…)" when it holds through a unit the place lies in."""
    via = f"; via {row['via']}" if row.get("via") else ""
    return f"{row['relation']} {row['objectLabel']} ({row['state']}; {row['source']}{via})"


def one_line(rows: list[dict[str, str]]) -> str:
    """The rows as one readable line: "controlled by Azerbaijan (held: wikipedia/history)", the sources of one
    relation, object, state and path together, joined by "; "; rows that hold through a unit say "via …"."""
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for r in rows:
        grouped.setdefault((r["relation"], r["objectLabel"], r["state"], r.get("via", "")), []).append(r["source"])
    return "; ".join(f"{rel} {obj} ({state}: {', '.join(sorted(set(src)))}{'; via ' + via if via else ''})"
                     for (rel, obj, state, via), src in grouped.items()) or "no dated relation in the data"
