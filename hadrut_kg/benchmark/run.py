"""Benchmark: the build at every size against the naive path, each phase, peak memory, and the named queries.

Run: python -m hadrut_kg.benchmark [--scale N ...] [--runs R] [--plot FILE] [--json FILE]
     python -m hadrut_kg.benchmark --from-json FILE [--from-json FILE ...] [--plot FILE]

`--scale 0` is the real data; `--scale N` adds N synthetic settlements (hadrut_kg.benchmark.synthetic; about 280 triples
each). For each size, each run is a fresh process: the build (`build()` as `hadrut-kg build` calls it: imports,
YAML, mapping, SHACL, checks, every file written) and, on the build's own output, the naive path — rdflib parses
hadrut.nt, pySHACL validates it against the same shapes, rdflib serializes Turtle, N-Triples and JSON-LD.
Figures are medians of the runs, ratios taken in the same round; peak memory is the largest resident set of
the process tree's processes (the build validates in a forked child). Then every named query, warm, on the
embedded store (pyoxigraph) over each size's output. Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("load", "map", "serialize", "validate+checks", "wait", "write")
NAIVE_PHASES = ("parse", "shacl", "serialize")


def _child_build(data: str, out: str) -> None:
    """In a fresh process: one build, its phases as JSON on stdout."""
    from hadrut_kg.build import build
    from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE

    result = build(Path(out), DEFAULT_BASE, data_dir=Path(data))
    print(json.dumps({"triples": result.triples, **result.timings}))


def _child_naive(out: str, *shapes: str) -> None:
    """In a fresh process: rdflib parse + pySHACL + rdflib serialize of the build's output."""
    import pyshacl
    from rdflib import Graph

    phases = {}
    t = time.perf_counter()
    graph = Graph().parse(Path(out) / "hadrut.nt", format="nt")
    shapes_graph = Graph()
    for path in shapes:  # the SHACL Core shapes and the SHACL-SPARQL ones
        shapes_graph.parse(path, format="turtle")
    phases["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none", advanced=True,
                                      allow_warnings=True, inplace=True)
    phases["shacl"] = time.perf_counter() - t
    t = time.perf_counter()
    prefixes = {str(p): str(ns) for p, ns in graph.namespaces()}
    with tempfile.TemporaryDirectory() as tmp:
        graph.serialize(Path(tmp) / "x.ttl", format="turtle")
        graph.serialize(Path(tmp) / "x.nt", format="nt", encoding="utf-8")
        graph.serialize(Path(tmp) / "x.jsonld", format="json-ld", context=prefixes, auto_compact=True)
    phases["serialize"] = time.perf_counter() - t
    print(json.dumps({"conforms": bool(conforms), **phases}))


def _run(args: list[str]) -> tuple[float, float, float, dict]:
    """Wall time, CPU time (user + system, the process and its children), peak resident memory (MB, the largest
    process of the tree) and the JSON the child printed."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.benchmark", *args], stdout=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    output = proc.stdout.read()
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child {args[0]} failed with status {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, json.loads(output.decode().strip().splitlines()[-1])


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def measure(scale: int, runs: int, work: Path, naive: bool) -> dict:
    """One size: `runs` builds and (if `naive`) naive runs, alternating so both see the same machine load."""
    from hadrut_kg.paths import DATA, SHAPES_FILE, SPARQL_SHAPES_FILE
    from hadrut_kg.benchmark.synthetic import generate

    data = DATA if scale == 0 else generate(work / f"data-{scale}", scale)
    builds, naives = [], []
    for i in range(runs):
        out = work / f"out-{scale}-{i}"
        wall, cpu, peak, phases = _run(["_build", str(data), str(out)])
        builds.append({"wall": wall, "cpu": cpu, "peak": peak, **phases})
        if naive:
            wall, cpu, peak, phases = _run(["_naive", str(out), str(SHAPES_FILE), str(SPARQL_SHAPES_FILE)])
            naives.append({"wall": wall, "cpu": cpu, "peak": peak, **phases})
        if i < runs - 1:
            subprocess.run(["rm", "-rf", str(out)], check=True)
    row = {"scale": scale, "triples": builds[0]["triples"], "runs": runs,
           "build": {k: _median(builds, k) for k in ("wall", "cpu", "peak", *PHASES)}}
    if naives:
        row["naive"] = {k: _median(naives, k) for k in ("wall", "cpu", "peak", *NAIVE_PHASES)}
        row["ratio"] = statistics.median(b["wall"] / n["wall"] for b, n in zip(builds, naives))
    row["out"] = str(work / f"out-{scale}-{runs - 1}")
    return row


def _compile_package() -> None:
    """Write the package's bytecode before timing, as installing it from a wheel does: with
    PYTHONDONTWRITEBYTECODE set (as on the machine this was measured on), an editable checkout would otherwise
    compile every module of the package in every run (about 0.09 s of the real data's build). Python still reads
    bytecode that exists."""
    import compileall

    compileall.compile_dir(str(Path(__file__).parent), quiet=1)


def print_table(rows: list[dict]) -> None:
    print("\n| triples | build (cold) | CPU | load · map · serialize · validate+checks · wait · write | build peak | "
          "naive path (parse · pySHACL · serialize) | naive CPU | naive peak | build / naive | µs per triple (wall · CPU) |")
    print("|---:|---:|---:|---|---:|---|---:|---:|---:|---:|")
    for r in rows:
        b = r["build"]
        phases = " · ".join(f"{b[p]:.2f}" for p in PHASES)
        if "naive" in r:
            n = r["naive"]
            naive = f"{n['wall']:.2f} s ({n['parse']:.2f} · {n['shacl']:.2f} · {n['serialize']:.2f})"
            npeak, ncpu, ratio = f"{n['peak']:.0f} MB", f"{n['cpu']:.2f} s", f"{r['ratio']:.3f}"
        else:
            naive, npeak, ncpu, ratio = "not run", "", "", ""
        print(f"| {r['triples']:,} | {b['wall']:.2f} s | {b['cpu']:.2f} s | {phases} | {b['peak']:.0f} MB | {naive} | "
              f"{ncpu} | {npeak} | {ratio} | {b['wall'] / r['triples'] * 1e6:.0f} · {b['cpu'] / r['triples'] * 1e6:.0f} |")


QUERY_LIMIT = 30.0  # seconds; a query slower than this is reported as such, not waited for


def queries(out: Path, runs: int) -> list[tuple[str, float, int]]:
    """Each named query on the embedded store over `out`, warm (one run first, then the median of `runs`)."""
    from hadrut_kg.queries.embedded import execute, open_store
    from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, Minted
    from hadrut_kg.queries.catalogue import named_queries, resolve_params

    from hadrut_kg.background import Background, ChildTimeout

    store = open_store(out)
    timings = []
    for name, q in named_queries().items():
        values = resolve_params(q, {}, Minted(DEFAULT_BASE))
        try:  # the first (warming) run in a child, stopped past the limit
            first = Background(lambda q=q, values=values: (time.perf_counter(), len(list(execute(store, q.text, values))),
                                                           time.perf_counter()))
            _, rows, _ = first.result(QUERY_LIMIT)
        except ChildTimeout:
            timings.append((name, float("inf"), -1))
            continue
        rows = len(list(execute(store, q.text, values)))
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            list(execute(store, q.text, values))
            times.append(time.perf_counter() - t)
        timings.append((name, statistics.median(times), rows))
    return timings


def plot(rows: list[dict], path: Path) -> None:
    """Time per triple against size, build and naive path, log-log (matplotlib: pip install '.[benchmark]')."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.4), dpi=110)
    xs = [r["triples"] for r in rows]
    ax.plot(xs, [r["build"]["wall"] / r["triples"] * 1e6 for r in rows], "o-", label="hadrut-kg build (cold), wall")
    ax.plot(xs, [r["build"]["cpu"] / r["triples"] * 1e6 for r in rows], "^:", label="hadrut-kg build, CPU")
    naive = [r for r in rows if "naive" in r]
    if naive:
        ax.plot([r["triples"] for r in naive], [r["naive"]["wall"] / r["triples"] * 1e6 for r in naive], "s--",
                label="rdflib + pySHACL + rdflib, wall")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples")
    ax.set_ylabel("µs per triple")
    ax.set_title("Time per triple against size (2-core machine)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_build"]:
        _child_build(*argv[1:])
        return 0
    if argv[:1] == ["_naive"]:
        _child_naive(*argv[1:])
        return 0
    parser = argparse.ArgumentParser(description="Time the build against the naive path at several sizes.")
    parser.add_argument("--scale", type=int, action="append",
                        help="synthetic settlements to add (0 = the real data); repeat for several sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-up-to", type=int, default=200_000,
                        help="run the naive path only up to this many triples (it takes minutes beyond)")
    parser.add_argument("--query-runs", type=int, default=5)
    parser.add_argument("--plot", type=Path, help="write a PNG of time per triple against size")
    parser.add_argument("--json", type=Path, help="write the measurements as JSON")
    parser.add_argument("--from-json", type=Path, action="append", default=[],
                        help="measure nothing: print the tables (and --plot) of measurements saved with --json; "
                             "repeat to join runs made separately (e.g. the largest size once)")
    opts = parser.parse_args(argv)
    if opts.from_json:
        rows = sorted((row for path in opts.from_json for row in json.loads(path.read_text())),
                      key=lambda r: r["triples"])
        report(rows, opts)
        return 0
    scales = opts.scale or [0, 180]
    _compile_package()
    print(f"{os.cpu_count()} cores, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])} "
          "(other work on the machine slows every figure)", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="hadrut-kg-bench-") as tmp:
        for scale in scales:
            expected = 9_300 + 280 * scale
            row = measure(scale, opts.runs, Path(tmp), naive=expected <= opts.naive_up_to)
            rows.append(row)
            print(f"scale {scale}: {row['triples']} triples, build {row['build']['wall']:.2f} s"
                  + (f", naive {row['naive']['wall']:.2f} s, ratio {row['ratio']:.3f}" if "naive" in row else ""),
                  flush=True)
            row["queries"] = queries(Path(row["out"]), opts.query_runs)
            row["query_runs"] = opts.query_runs
            subprocess.run(["rm", "-rf", row.pop("out")], check=True)
    if opts.json:
        opts.json.write_text(json.dumps(rows, indent=1) + "\n")
    report(rows, opts)
    return 0


def report(rows: list[dict], opts: argparse.Namespace) -> None:
    """The tables of `rows` on stdout, and the plot if asked for."""
    print_table(rows)
    runs = sorted({r.get("query_runs", opts.query_runs) for r in rows})
    print(f"\nnamed queries, warm, on the embedded store (pyoxigraph), median of {'/'.join(map(str, runs))} "
          "ms (rows):")
    print("| query | " + " | ".join(f"{r['triples']:,} triples" for r in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for i, (name, _, _) in enumerate(rows[0]["queries"]):
        cells = [f"{r['queries'][i][1] * 1000:.1f} ({r['queries'][i][2]})" if r["queries"][i][2] >= 0
                 else f"> {QUERY_LIMIT:g} s" for r in rows]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if opts.plot:
        plot(rows, opts.plot)
        print(f"wrote {opts.plot}")


if __name__ == "__main__":
    sys.exit(main())
