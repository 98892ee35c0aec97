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

    print(f"median of {opts.runs} runs")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
