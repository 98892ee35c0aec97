"""Run a test module's own test functions, in this process, against a query or shapes text changed by a mutator.

A mutant is killed when one of the hand-written tests fails on it (the first failure stops it; the cheapest tests
run first). The tests are called as plain functions with the fixtures they name (`built`, `store`) and each row of
their `parametrize` marks, so no expectation is copied here: the mutants meet exactly the tests pytest runs.
Used by tests/test_mutation_sparql.py and tests/test_mutation_shacl.py; the scores are in docs/mutation.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg import api

DOC = Path(__file__).resolve().parent.parent / "docs" / "mutation.md"
EQUIVALENT = re.compile(r"^- `([^`]+)`: (.+)$", re.M)


def calls(module, fixtures: dict[str, object]) -> Iterator[tuple[str, Callable[[], object]]]:
    """Every test of the module as (id, a call with its arguments), skipping tests that need other fixtures."""
    for name, fn in vars(module).items():
        if not (name.startswith("test_") and inspect.isfunction(fn)):
            continue
        params = list(inspect.signature(fn).parameters)
        grids = []
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                names = [n.strip() for n in mark.args[0].split(",")] if isinstance(mark.args[0], str) else mark.args[0]
                rows = [row if len(names) > 1 else (row,) for row in mark.args[1]]
                grids.append([dict(zip(names, row)) for row in rows])
        for combo in itertools.product(*grids) if grids else [()]:
            given = {k: v for part in combo for k, v in part.items()}
            if not all(p in given or p in fixtures for p in params):
                continue
            args = {p: given[p] if p in given else fixtures[p] for p in params}
            yield f"{name}[{'-'.join(map(str, given.values()))}]", (lambda fn=fn, args=args: fn(**args))


@contextlib.contextmanager
def query_replaced(name: str, text: str):
    """api.run (and every test that goes through it) reads the named query `name` as `text` meanwhile."""
    original = api.named_queries

    def patched(*args, **kwargs):
        queries = original(*args, **kwargs)
        queries[name] = dataclasses.replace(queries[name], text=text)
        return queries

    api.named_queries = patched
    try:
        yield
    finally:
        api.named_queries = original


def first_failure(checks: list[tuple[str, Callable[[], object]]]) -> str | None:
    """The id of the first check that fails (an assertion or any error), or None when all pass."""
    for ident, check in checks:
        try:
            check()
        except Exception:  # noqa: BLE001 — a mutant may fail a test by an error as well as by an assertion
            return ident
    return None


def parses(text: str) -> bool:
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    return True


def documented_equivalents(kind: str) -> dict[str, str]:
    """The mutants docs/mutation.md lists as equivalent under the heading naming `kind`, with their reasons."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"<!-- equivalent {kind} -->", 1)[1].split("<!-- end -->", 1)[0]
    return dict(EQUIVALENT.findall(section))
