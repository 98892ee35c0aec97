"""The embedded store: the built dataset in an in-memory pyoxigraph store — the whole dataset (hadrut.nt) in the
default graph, each triple once, and one named graph per source (hadrut.trig) for GRAPH queries. Queries can run
under a time limit in a forked worker process, the only way to stop a query that runs inside the engine."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pyoxigraph as ox

from .namespaces import Minted
from .paths import DEFAULT_OUT
from .queries import QueryError, bind, named_queries, parse_query_file, resolve_params
from .results import render


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was stopped."""


def open_store(out: Path = DEFAULT_OUT) -> ox.Store:
    out = Path(out)
    if not (out / "hadrut.trig").exists() or not (out / "hadrut.nt").exists():
        raise QueryError(f"no built dataset in {out}; run `hadrut-kg build` first")
    store = ox.Store()
    store.bulk_load(path=str(out / "hadrut.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    store.bulk_load(path=str(out / "hadrut.trig"), format=ox.RdfFormat.TRIG)
    return store


def check_syntax(text: str) -> None:
    """Raise QueryError with line and column (and the offending line) if the query does not parse."""
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        message = str(exc)
        line_col = message.split("error at ", 1)[-1].split(":", 2)
        detail = ""
        if len(line_col) >= 2 and line_col[0].isdigit():
            line_no, col = int(line_col[0]), int(line_col[1]) if line_col[1].isdigit() else 1
            lines = text.splitlines()
            if 1 <= line_no <= len(lines):
                detail = f"\n  line {line_no}: {lines[line_no - 1]}\n  {' ' * (len(str(line_no)) + 7 + col - 1)}^"
        raise QueryError(f"SPARQL syntax error: {message}{detail}") from None


def execute(store: ox.Store, text: str):
    """Run a query on the default graph (the whole dataset); named graphs stay reachable with GRAPH."""
    return store.query(text)


def _worker(conn, store, text, render) -> None:
    try:
        conn.send((True, render(execute(store, text))))
    except Exception as exc:  # noqa: BLE001 — reported to the parent as a message
        conn.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def execute_with_timeout(store: ox.Store, text: str, render, timeout: float) -> bytes:
    """Run and render the query in a forked child; stop it after `timeout` seconds."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(sender, store, text, render), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"query stopped after {timeout:g} s (the time limit; raise it with --timeout)")
        ok, payload = receiver.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if not ok:
        raise QueryError(f"query failed: {payload}")
    return payload


def query_text(target: str | None, expr: str | None, given: dict[str, str], base: str) -> str:
    """The query to run, parameters bound: a named query, a .rq file, or an expression."""
    minted = Minted(base)
    if bool(target) == bool(expr):
        raise QueryError("give one query: a name from queries/ (see --list), a .rq file, or -e 'SPARQL'")
    named = None
    if expr:
        text = expr
    elif target.endswith(".rq") or "/" in target:
        path = Path(target)
        if not path.exists():
            raise QueryError(f"no query file {path}")
        text = path.read_text(encoding="utf-8")
    else:
        queries = named_queries()
        if target not in queries:
            raise QueryError(f"no query named {target!r}; known: {', '.join(queries)}")
        named = queries[target]
        text = named.text
    check_syntax(text)
    return bind(text, resolve_params(named, given, minted))


def run_named_or_text(out: Path, target: str | None, expr: str | None, given: dict[str, str], fmt: str,
                      timeout: float, base: str) -> bytes:
    text = query_text(target, expr, given, base)
    store = open_store(out)
    prefixes = Minted(base).prefixes()
    return execute_with_timeout(store, text, lambda result: render(result, fmt, prefixes), timeout)
