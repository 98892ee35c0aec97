"""The Python API for notebooks: load the built dataset and run the named queries with keyword parameters."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.queries.embedded import execute, open_store
from hadrut_kg.vocabulary.namespaces import Minted, base_from_env
from hadrut_kg.paths import DEFAULT_OUT
from hadrut_kg.queries.catalogue import QueryError, named_queries, resolve_params
from hadrut_kg.queries.results import Table, table

_stores: dict[Path, ox.Store] = {}


def load(out: str | Path = DEFAULT_OUT) -> ox.Store:
    """The built dataset (run `hadrut-kg build` first) as an in-memory pyoxigraph Store, loaded once per folder."""
    key = Path(out).resolve()
    if key not in _stores:
        _stores[key] = open_store(key)
    return _stores[key]


def run(name: str, out: str | Path = DEFAULT_OUT, **params: str) -> Table:
    """Run a named query; parameters are given as strings, as on the command line (hk:ids, dates, numbers)."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known: {', '.join(queries)}")
    named = queries[name]
    values = resolve_params(named, {k: str(v) for k, v in params.items()}, Minted(base_from_env()))
    return table(execute(load(out), named.text, values), named.text)


def query(name: str, out: str | Path = DEFAULT_OUT, **params: str) -> list[dict[str, str | None]]:
    """Run a named query and return its rows as dicts of plain strings (IRIs and literal values)."""
    return run(name, out, **params).values()
