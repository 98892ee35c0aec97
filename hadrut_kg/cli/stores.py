"""`hadrut-kg load`: push the built dataset into a store over the Graph Store Protocol."""

from __future__ import annotations

import argparse
from pathlib import Path

from hadrut_kg.cli import options


def add(commands) -> None:
    ld = commands.add_parser("load", help="push the built dataset into a store over the Graph Store Protocol")
    ld.add_argument("--endpoint", required=True,
                    help="the store's Graph Store Protocol URL, e.g. http://localhost:7878/store")
    ld.add_argument("--graph", help="load the whole dataset into this one graph instead of one graph per source")
    ld.add_argument("--update", help="the store's SPARQL Update endpoint: load atomically (staging graphs, then "
                    "one MOVE request), e.g. http://localhost:7878/update")
    options.dataset(ld, old="--out")
    options.server(ld, timeout=60.0, retries=3)
    options.progress(ld)
    ld.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hadrut_kg.stores.gsp import load

    endpoint, auth = options.credentials(args, args.endpoint)
    # A LoadError's message says which graphs changed (per graph) or that none did (atomic).
    report = load(endpoint, Path(args.dataset), args.graph, auth, args.timeout, args.update, args.retries,
                  progress=options.reporter(args))
    if report.skipped_default:
        print("(default graph): not loaded — the store has no default-graph target; its query endpoint reads the "
              "union of the named graphs")
    for graph, count in report.counts.items():
        print(f"{graph or '(default graph)'}: {count} triples")
    return 0
