"""List the mutants a mutator makes, one a line: `python -m hadrut_kg.quality.mutation sparql FILE.rq` or
`python -m hadrut_kg.quality.mutation shacl` (the two shape files together). Which tests kill them:
tests/test_mutation_sparql.py and tests/test_mutation_shacl.py (docs/mutation.md)."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if argv[:1] == ["sparql"] and len(argv) == 2:
        from hadrut_kg.quality.mutation.sparql import mutants

        path = Path(argv[1])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 1
        for mutant in mutants(text, path.stem):
            print(f"{mutant.ident}\t{mutant.describe()}")
        return 0
    if argv == ["shacl"]:
        from hadrut_kg.quality.mutation.shacl import mutants
        from hadrut_kg.quality.validation import both_shapes

        for mutant in mutants(both_shapes()):
            print(mutant.ident)
        return 0
    print("usage: python -m hadrut_kg.quality.mutation sparql FILE.rq | shacl", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
