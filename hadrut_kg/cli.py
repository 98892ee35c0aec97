"""The `hadrut-kg` command line. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .namespaces import base_from_env
from .paths import DATA, DEFAULT_OUT


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .errors import BuildError, DataError

    started = time.perf_counter()
    out = Path(args.out)
    try:
        result = build(out, args.base, data_dir=Path(args.data))
    except DataError as exc:
        print(f"error: data/ has {len(exc.problems)} problem(s); nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"nothing was written to {out}", file=sys.stderr)
        return 1
    for name in result.files:
        print(f"wrote {out / name}")
    graphs = ", ".join(f"{g.rsplit('/', 1)[-1]} {n}" for g, n in sorted(result.graphs.items()))
    print(f"{result.triples} triples ({result.quads} quads in {len(result.graphs)} graphs: {graphs})")
    phases = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"SHACL: conforms; built in {time.perf_counter() - started:.2f}s ({phases})")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="hadrut-kg", description="Build and query the Hadrut KG linked dataset.")
    commands = top.add_subparsers(dest="command", required=True)

    b = commands.add_parser("build", help="validate data/ and write the published RDF files")
    b.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: dist/)")
    b.add_argument("--data", default=str(DATA), help="folder of curated data files (default: data/)")
    b.add_argument("--base", default=base_from_env(),
                   help="base IRI for the data's own resources (default: $HADRUT_KG_BASE or https://w3id.org/hadrut-kg/)")
    b.set_defaults(func=_build)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
