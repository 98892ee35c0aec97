"""Benchmark: prints how long each build phase takes and how long a cold `hadrut-kg build` takes.

Run: python -m hadrut_kg.benchmark [--runs N]. Figures are medians; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(graph, text: str) -> float:
    t = time.perf_counter()
    list(graph.query(text))
    return time.perf_counter() - t


def _cold(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _import_cost(module: str, runs: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the build phases and a cold build.")
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args(argv)

    from .build import build
    from .namespaces import DEFAULT_BASE

    print(f"median of {opts.runs} runs", flush=True)
    for module in ("yaml", "edtf", "pyoxigraph", "rdflib", "pyshacl"):
        print(f"  import {module:<12} {_import_cost(module, opts.runs):7.3f} s")
    phases: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(opts.runs):
            result = build(Path(tmp) / f"run{i}", DEFAULT_BASE)
            for phase, seconds in result.timings.items():
                phases.setdefault(phase, []).append(seconds)
        print(f"build phases (in-process, warm imports; {result.triples} triples):")
        for phase, values in phases.items():
            print(f"  {phase:<10} {statistics.median(values):7.3f} s")
        cold = _cold([sys.executable, "-m", "hadrut_kg.cli", "build", "--out", str(Path(tmp) / "cold")], opts.runs)
        print(f"cold `hadrut-kg build` (new process): {cold:7.3f} s")
        _queries(Path(tmp) / "cold", opts.runs)
        _store(Path(tmp) / "cold", opts.runs)
    return 0


def _store(out: Path, runs: int) -> None:
    """Loading into a real Oxigraph server over the Graph Store Protocol, and a remote query round trip."""
    from .gsp import load
    from .oxigraph_server import OxigraphServer
    from .remote import run_remote

    with OxigraphServer() as server:
        loads = []
        for _ in range(runs):
            t = time.perf_counter()
            load(server.store_endpoint, out)
            loads.append(time.perf_counter() - t)
        print(f"`load` into the Oxigraph server (default graph + one PUT per named graph, read back): "
              f"{statistics.median(loads):7.3f} s")
        trips = []
        for _ in range(runs * 4):
            t = time.perf_counter()
            run_remote(server.query_endpoint, "relations-on-date", None, {"date": "1985-01-01"}, "csv", 10,
                       "https://w3id.org/hadrut-kg/")
            trips.append(time.perf_counter() - t)
        print(f"remote query round trip (relations-on-date, SPARQLWrapper): {statistics.median(trips) * 1000:7.1f} ms")


RDFLIB_LIMIT = 20.0  # seconds; rdflib's engine is stopped past this


def _queries(out: Path, runs: int) -> None:
    """Each named query on the embedded store (pyoxigraph) and on rdflib's engine, warm; then a cold CLI call."""
    from rdflib import Graph

    from .embedded import call_with_timeout, execute, open_store
    from .namespaces import DEFAULT_BASE, Minted
    from .queries import bind, named_queries, resolve_params

    store = open_store(out)
    graph = Graph().parse(out / "hadrut.nt", format="nt")
    print("named queries, warm (median ms): pyoxigraph  rdflib")
    for name, q in named_queries().items():
        values = resolve_params(q, {}, Minted(DEFAULT_BASE))
        text = bind(q.text, values)
        ox_times, rdf_times = [], []
        for _ in range(runs):
            t = time.perf_counter()
            list(execute(store, q.text, values))
            ox_times.append(time.perf_counter() - t)
            if rdf_times and not isinstance(rdf_times[-1], float):
                continue
            try:
                rdf_times.append(call_with_timeout(lambda text=text: _timed(graph, text), RDFLIB_LIMIT))
            except Exception as exc:  # noqa: BLE001 — rdflib's engine rejects or stalls on some valid queries
                rdf_times.append(str(exc).split(":")[0] if "stopped" not in str(exc) else f"> {RDFLIB_LIMIT:g} s")
        rdf = (f"{statistics.median(rdf_times) * 1000:9.1f}" if all(isinstance(x, float) for x in rdf_times)
               else f"  {rdf_times[-1]}")
        print(f"  {name:<28} {statistics.median(ox_times) * 1000:9.2f}  {rdf}")
    cold = _cold([sys.executable, "-m", "hadrut_kg.cli", "query", "relations-on-date", "--param", "date=1985-01-01",
                  "--out", str(out)], runs)
    print(f"cold `hadrut-kg query relations-on-date` (new process): {cold:7.3f} s")


if __name__ == "__main__":
    sys.exit(main())
