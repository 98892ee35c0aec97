"""Benchmark of reconciliation: 1,000 rows (by default) reconciled against the built dataset, the way OpenRefine
sends them (batches of 10), in-process through the Service that /reconcile and `hadrut-kg reconcile` share, and
over HTTP through a real `hadrut-kg serve`.

Run: python -m hadrut_kg.benchmark.reconcile [--rows 1000] [--runs 5] [--dataset dist]

The rows are the dataset's own names, cycled, each written one of four ways (as given, upper case, stripped to
ASCII, one letter dropped), from a fixed seed: the same rows every run. The comparison-key cache is emptied
before each run, so every run computes every query's keys. Medians of the runs; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from anyascii import anyascii

from hadrut_kg.paths import DEFAULT_OUT
from hadrut_kg.reconcile import keys
from hadrut_kg.reconcile.index import Index
from hadrut_kg.reconcile.service import Service
from hadrut_kg.vocabulary.namespaces import base_from_env

BATCH = 10


def rows(index: Index, count: int, seed: int = 24) -> list[str]:
    names = sorted({n.text for p in index.places.values() for n in p.names})
    rng = random.Random(seed)
    found = []
    for i in range(count):
        name = names[i % len(names)]
        way = rng.randrange(4)
        if way == 1:
            name = name.upper()
        elif way == 2:
            name = anyascii(name)
        elif way == 3 and len(name) > 3:
            cut = rng.randrange(1, len(name) - 1)
            name = name[:cut] + name[cut + 1:]
        found.append(name)
    return found


def batches(texts: list[str]) -> list[dict]:
    return [{f"q{i}": {"query": t} for i, t in enumerate(texts[s:s + BATCH])} for s in range(0, len(texts), BATCH)]


def in_process(service: Service, texts: list[str]) -> float:
    keys.key.cache_clear()
    start = time.perf_counter()
    for batch in batches(texts):
        service.reconcile(batch)
    return time.perf_counter() - start


def over_http(port: int, texts: list[str]) -> float:
    start = time.perf_counter()
    for batch in batches(texts):
        body = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/reconcile", data=body, timeout=60) as answer:
            answer.read()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hadrut_kg.benchmark.reconcile")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dataset", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    index = Index(Path(args.dataset), base_from_env())
    service = Service(index)
    loaded = time.perf_counter() - start
    texts = rows(index, args.rows)
    local = [in_process(service, texts) for _ in range(args.runs)]
    from hadrut_kg.stores.oxigraph_server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port), "--dataset",
                             args.dataset], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        proc.stdout.readline()
        proc.stdout.readline()
        over_http(port, texts[:BATCH])  # warm: the server's first request
        remote = [over_http(port, texts) for _ in range(args.runs)]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"index: {len(index.places)} places, {sum(len(p.names) for p in index.places.values())} names, "
          f"loaded in {loaded:.2f} s")
    print(f"{args.rows} rows in batches of {BATCH}, median of {args.runs}: in-process {statistics.median(local):.2f} s "
          f"(min {min(local):.2f}), over HTTP {statistics.median(remote):.2f} s (min {min(remote):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
