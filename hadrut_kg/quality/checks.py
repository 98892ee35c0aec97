"""The zero-row checks of queries/checks/: each must return no rows on a healthy dataset. Run by the build
after SHACL, on pyoxigraph."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from hadrut_kg.queries.catalogue import checks
from hadrut_kg.queries.results import table


@dataclass
class CheckFailure:
    name: str
    forbids: str
    rows: list[dict[str, str | None]]

    def __str__(self) -> str:
        shown = "\n".join(f"    {row}" for row in self.rows[:20])
        more = f"\n    … and {len(self.rows) - 20} more" if len(self.rows) > 20 else ""
        return f"check {self.name} failed ({self.forbids}): {len(self.rows)} row(s)\n{shown}{more}"


def store_of(triples) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store


def run_checks(store: ox.Store) -> list[CheckFailure]:
    failures = []
    for name, check in checks().items():
        rows = table(store.query(check.text)).values()
        if rows:
            failures.append(CheckFailure(name, check.question, rows))
    return failures
