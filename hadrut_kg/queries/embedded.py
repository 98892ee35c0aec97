"""The embedded store: the built dataset in an in-memory pyoxigraph store — the whole dataset (hadrut.nt) in the
default graph, each triple once, and one named graph per source (hadrut.trig) for GRAPH queries. Queries can run
under a time limit in a forked worker process, the only way to stop a query that runs inside the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.queries import federation

from hadrut_kg import sandbox
from hadrut_kg.background import Background, ChildTimeout
from hadrut_kg.errors import StoreError
from hadrut_kg.vocabulary.namespaces import Minted
from hadrut_kg.paths import DEFAULT_OUT
from hadrut_kg.queries.catalogue import (NamedQuery, QueryError, bind, named_queries, parse_query_file,
                                        resolve_params)
from hadrut_kg.queries.results import render


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was stopped."""


def require_built(out: Path) -> Path:
    """The output folder of a build, or a StoreError saying to run the build first."""
    out = Path(out)
    if not (out / "hadrut.trig").exists() or not (out / "hadrut.nt").exists():
        raise StoreError(f"no built dataset in {out}; run `hadrut-kg build` first")
    return out


def open_store(out: Path = DEFAULT_OUT) -> ox.Store:
    out = require_built(out)
    store = ox.Store()
    store.bulk_load(path=str(out / "hadrut.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    store.bulk_load(path=str(out / "hadrut.trig"), format=ox.RdfFormat.TRIG)
    return store


def syntax_error(text: str, exc: SyntaxError, show_lines: bool = True,
                 known: dict[str, str] | None = None) -> QueryError:
    """A QueryError naming the line and column of a parse error, with the offending line and a caret — the
    position alone when `show_lines` is off (a file that is no query file: its content is no one's to print).
    A prefix the engine does not know is named, with the ones it does (`known`), instead of the grammar's list."""
    message = str(exc)
    line_col = message.split("error at ", 1)[-1].split(":", 2)
    detail = ""
    if not show_lines:
        found = re.match(r"error at (\d+:\d+)", message)
        return QueryError(f"SPARQL syntax error at {found.group(1) if found else 'an unknown position'} (the file is "
                          "not a .rq query file, so its content is not shown)")
    if len(line_col) >= 2 and line_col[0].isdigit():
        line_no, col = int(line_col[0]), int(line_col[1]) if line_col[1].isdigit() else 1
        lines = text.splitlines()
        if 1 <= line_no <= len(lines):
            detail = f"\n  line {line_no}: {lines[line_no - 1]}\n  {' ' * (len(str(line_no)) + 7 + col - 1)}^"
            unknown = _unknown_prefix(message, lines[line_no - 1][:col - 1])
            if unknown is not None:
                offered = ", ".join(f"{p}:" for p in (known or {}))
                return QueryError(f"SPARQL syntax error at {line_no}:{col}: unknown prefix {unknown}: (declare it "
                                  f"with PREFIX {unknown}: <…>" + (f"; known without one: {offered}" if offered
                                                                   else "") + f"){detail}")
    return QueryError(f"SPARQL syntax error: {message}{detail}")


_PREFIXED_END = re.compile(r"(?:^|[^\w.:-])((?:[A-Za-z][\w.-]*)?):[^\s]*$")


def _unknown_prefix(message: str, before: str) -> str | None:
    """The prefix of the prefixed name that ends where the engine stopped, when it stopped for an undeclared
    prefix (Oxigraph: "Prefix not found"); None otherwise."""
    if "Prefix not found" not in message:
        return None
    found = _PREFIXED_END.search(before)
    return found.group(1) if found else None


def execute(store: ox.Store, text: str, values: dict[str, object] | None = None, show_lines: bool = True,
            prefixes: dict[str, str] | None = None):
    """Run a query on the default graph (the whole dataset); named graphs stay reachable with GRAPH. Parameter
    values are bound with a VALUES block (see queries.bind), exactly as for a remote endpoint. `prefixes`: known
    to the parser without a PREFIX line (the query's own declarations win). A parse error is a QueryError
    pointing at the line and column."""
    bound = bind(text, values or {})
    try:
        return store.query(bound, prefixes=prefixes) if prefixes else store.query(bound)
    except SyntaxError as exc:
        raise syntax_error(bound, exc, show_lines, prefixes) from None


def call_with_timeout(fn, timeout: float):
    """Call fn() in a forked child and return its (picklable) result; stop it after `timeout` seconds."""
    try:
        return Background(fn).result(timeout)
    except ChildTimeout:
        raise QueryTimeout(f"query stopped after {timeout:g} s (the time limit; raise it with --timeout)") from None
    except QueryError:
        raise
    except Exception as exc:  # noqa: BLE001 — anything else the engine raised, e.g. a SERVICE call refused
        raise QueryError(f"query failed: {exc}") from None


def execute_with_timeout(store: ox.Store, text: str, values: dict[str, object], render, timeout: float,
                         allowed_services: frozenset[str] = frozenset(), memory_mb: int | None = None,
                         show_lines: bool = True, prefixes: dict[str, str] | None = None) -> bytes:
    """Run and render the query in a forked worker (sandbox.py) that dies with this process; stop it after
    `timeout` seconds or at `memory_mb` MiB. SERVICE is refused unless allow-listed; without it the worker has
    no network."""
    services = federation.check(bind(text, values or {}), allowed_services, show_lines, prefixes)  # as parsed
    outcome = sandbox.run(lambda: render(execute(store, text, values, show_lines, prefixes)), timeout,
                          memory_mb << 20 if memory_mb else None, network=bool(services), quiet=bool(memory_mb))
    if outcome.status == "ok":
        return outcome.body
    if outcome.status == "error":
        raise QueryError(outcome.body.decode("utf-8", "replace"))
    if outcome.status == "timeout":
        raise QueryTimeout(f"query stopped after {timeout:g} s (the time limit; raise it with --timeout)")
    if memory_mb:
        raise QueryError(f"query stopped: it needed more than {memory_mb} MiB (the memory limit; raise it with "
                         "--memory-mb)")
    raise QueryError(f"the query worker died (signal {outcome.signal}), most likely out of memory")


MAX_QUERY_FILE = 1 << 20  # bytes of a .rq file read at most


def find_query(target: str | None, expr: str | None) -> tuple[str, NamedQuery | None]:
    """The text of the query to run and its header (a named query, or a .rq file with `# Param:` lines), or the
    expression with no header."""
    if bool(target) == bool(expr):
        raise QueryError("give one query: a name from queries/ (see --list), a .rq file, or -e 'SPARQL'")
    if expr:
        return expr, None
    if target.endswith(".rq") or "/" in target or Path(target).is_file():
        path = Path(target)
        if not path.is_file():
            raise QueryError(f"no query file {path}")
        if path.stat().st_size > MAX_QUERY_FILE:
            raise QueryError(f"{path}: larger than {MAX_QUERY_FILE >> 20} MiB; not a query file")
        query = parse_query_file(path, require_question=False)
        return query.text, (query if query.params or query.question else None)
    queries = named_queries()
    if target not in queries:
        raise QueryError(f"no query named {target!r}; known: {', '.join(queries)}")
    return queries[target].text, queries[target]


def query_text(target: str | None, expr: str | None, given: dict[str, str], base: str) -> tuple[str, dict]:
    """The query to run and its parameter values (RDF terms): a named query, a .rq file, or an expression."""
    text, query = find_query(target, expr)
    return text, resolve_params(query, given, Minted(base))


def unknown_resources(store: ox.Store, values: dict[str, object], base: str) -> list[str]:
    """The IRI parameter values in the dataset's own namespace that name no resource of the store (a query
    about them can only answer with nothing)."""
    missing = []
    for name, value in values.items():
        if isinstance(value, ox.NamedNode) and value.value.startswith(base):
            if not store.query(f"ASK {{ {{ {value} ?p ?o }} UNION {{ ?s ?p {value} }} }}"):
                missing.append(f"{name}={value.value}")
    return missing


def _query_file(target: str) -> bool:
    """A path to a .rq file, decided on the file it resolves to: a link named x.rq to another file is no query
    file, and its content is not echoed."""
    try:
        return Path(target).resolve().suffix == ".rq"
    except (OSError, RuntimeError):
        return False


def run_named_or_text(out: Path, target: str | None, expr: str | None, given: dict[str, str], fmt: str,
                      timeout: float, base: str, allowed_services: frozenset[str] = frozenset(),
                      memory_mb: int | None = None, notes: list[str] | None = None) -> bytes:
    """Run a named query, a .rq file or an expression on the built dataset in `out`; the rendered answer.
    `notes`, if given, receives what the caller should tell the user (e.g. an hk: value naming nothing)."""
    text, values = query_text(target, expr, given, base)
    store = open_store(out)
    prefixes = Minted(base).prefixes()
    if notes is not None:
        notes.extend(f"{v} names no resource of the dataset; the answer is about nothing"
                     for v in unknown_resources(store, values, base))
    show_lines = bool(expr) or not target or target in named_queries() or _query_file(target)
    return execute_with_timeout(store, text, values, lambda result: render(result, fmt, prefixes, text), timeout,
                                allowed_services, memory_mb, show_lines, prefixes)
