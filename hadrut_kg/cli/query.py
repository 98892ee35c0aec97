"""`hadrut-kg query` (a named query, a .rq file or an expression, embedded or on an endpoint) and `hadrut-kg
serve` (the built dataset as a read-only SPARQL endpoint)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hadrut_kg.cli import options
from hadrut_kg.queries.results import FORMATS
from hadrut_kg.vocabulary.namespaces import base_from_env


def add(commands) -> None:
    q = commands.add_parser("query", help="run a named query, a .rq file or a SPARQL string on the built dataset")
    q.add_argument("target", nargs="?", help="a query name from queries/ (see --list) or a path to a .rq file")
    q.add_argument("-e", "--expr", help="a SPARQL query given on the command line")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter (repeatable); IRIs as hk:id, full IRIs or bare ids; dates as YYYY-MM-DD")
    q.add_argument("--format", choices=FORMATS, default="table",
                   help="table (default), or SPARQL 1.1 results CSV, TSV or JSON; CONSTRUCT/DESCRIBE give Turtle")
    q.add_argument("--list", action="store_true", help="list the named queries with their questions")
    options.dataset(q, old="--out")
    q.add_argument("--memory-mb", type=int, default=2048,
                   help="embedded store: memory cap of the query in MiB (default 2048)")
    q.add_argument("--allow-service", action="append", default=[], metavar="IRI",
                   help="embedded store: allow SERVICE calls to this endpoint (repeatable; refused otherwise)")
    q.add_argument("--endpoint", help="send the query to this SPARQL endpoint instead of the embedded store")
    q.add_argument("--max-response-mb", type=int, default=256,
                   help="--endpoint: largest answer read, in MiB (default 256); a larger one is an error")
    options.server(q, timeout=30.0, retries=3, timeout_help="seconds before the query is stopped, on the embedded "
                   "store or the endpoint (retries and waits included)")
    options.base(q)
    q.set_defaults(func=run_query)

    s = commands.add_parser("serve", help="serve the built dataset as a read-only SPARQL endpoint (Oxigraph)")
    options.dataset(s, old="--out")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    s.add_argument("--timeout", type=float, default=30, help="query time limit in seconds (default 30)")
    s.add_argument("--memory-mb", type=int, default=1024, help="memory cap per query in MiB (default 1024)")
    s.add_argument("--max-result-mb", type=int, default=64, help="largest result sent, in MiB (default 64)")
    s.add_argument("--workers", type=int, default=4, help="queries run at once; more get 503 (default 4)")
    s.add_argument("--allow-service", action="append", default=[], metavar="IRI",
                   help="allow SERVICE calls to this endpoint (repeatable); federated queries are refused otherwise")
    s.add_argument("--without-network-cut", action="store_true",
                   help="start even where query workers cannot be cut off the network (containers without user "
                        "namespaces): SERVICE is then refused by the check of the parsed query alone")
    s.add_argument("--base", default=base_from_env(), metavar="IRI",
                   help="base IRI that maps onto the server's root (default: $HADRUT_KG_BASE or "
                        "https://w3id.org/hadrut-kg/)")
    s.set_defaults(func=run_serve)


def _params(pairs: list[str]) -> dict[str, str]:
    from hadrut_kg.errors import QueryError

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes name=value, got {pair!r}")
        params[name] = value
    return params


def _list_queries() -> int:
    from hadrut_kg.queries.catalogue import named_queries

    for q in named_queries().values():
        params = ", ".join(f"{p.name} ({p.kind}, default {p.default})" for p in q.params)
        print(f"{q.name}\n    Q{q.number}: {q.question}" + (f"\n    parameters: {params}" if params else ""))
    return 0


def run_query(args: argparse.Namespace) -> int:
    from hadrut_kg.queries.catalogue import defaults_applied
    from hadrut_kg.queries.embedded import find_query

    if args.list:
        return _list_queries()
    notes: list[str] = []
    given = _params(args.param)
    _, header = find_query(args.target, args.expr)
    notes += [f"{p.name} not given; using its default {p.name}={p.default} (--param {p.name}=… to choose)"
              for p in defaults_applied(header, given)]
    if args.endpoint:
        from hadrut_kg.stores.remote import run_remote

        endpoint, auth = options.credentials(args, args.endpoint)
        output = run_remote(endpoint, args.target, args.expr, given, args.format, args.timeout, args.base,
                            retries=args.retries, max_bytes=args.max_response_mb << 20, auth=auth, notes=notes)
    else:
        from hadrut_kg.queries.embedded import run_named_or_text

        output = run_named_or_text(Path(args.dataset), args.target, args.expr, given, args.format,
                                   args.timeout, args.base, frozenset(args.allow_service), args.memory_mb,
                                   notes=notes)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    sys.stdout.buffer.write(output if output.endswith(b"\n") else output + b"\n")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from hadrut_kg.reconcile.index import Index
    from hadrut_kg.reconcile.service import Service
    from hadrut_kg.site.data import SiteData
    from hadrut_kg.site.responses import Responder
    from hadrut_kg.stores.endpoint import serve

    site = Responder(SiteData(Path(args.dataset), args.base))
    reconcile = Service(Index(Path(args.dataset), args.base))  # its own store: the named graphs too
    return serve(Path(args.dataset), args.host, args.port, args.timeout, args.memory_mb, args.max_result_mb,
                 args.workers, frozenset(args.allow_service), site, args.without_network_cut, reconcile)
