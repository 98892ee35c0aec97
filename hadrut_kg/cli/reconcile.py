"""`hadrut-kg reconcile FILE.csv --column NAME`: the reconciliation service offline, for a CSV file."""

from __future__ import annotations

import argparse
from pathlib import Path

from hadrut_kg.cli import options


def add(commands) -> None:
    r = commands.add_parser("reconcile", help="match a CSV column of place names (any script) against the dataset")
    r.add_argument("file", help="the CSV file (UTF-8, a header line)")
    r.add_argument("--column", required=True, help="the column holding the names")
    r.add_argument("--type", action="append", default=[], metavar="T",
                   help="only places of this class (Settlement, AdministrativeUnit, …; repeatable)")
    r.add_argument("--located-in", metavar="COLUMN",
                   help="a column naming a unit each place lies in (a district, the province), to tell namesakes apart")
    r.add_argument("--extend", action="append", default=[], metavar="PROPERTY",
                   help="add a column of this property of the place found (wikidata, geonames, coordinates, "
                        "parent, name@hy, name@ru, relations-on-date, …; repeatable)")
    r.add_argument("--date", help="the day for --extend relations-on-date (YYYY-MM-DD; default today)")
    r.add_argument("--out", help="the CSV file to write (default: FILE-reconciled.csv beside FILE)")
    options.dataset(r)
    options.base(r)
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hadrut_kg.reconcile import batch, today
    from hadrut_kg.reconcile.index import Index
    from hadrut_kg.reconcile.service import Service

    source = Path(args.file)
    out = Path(args.out) if args.out else source.with_name(source.stem + "-reconciled.csv")
    if args.date:
        today.check_day(args.date)
    service = Service(Index(Path(args.dataset), args.base))
    unknown = [t for t in args.type if t not in service.index.types]
    if unknown:
        raise options.UsageError(f"--type {unknown[0]!r}: expected one of {', '.join(service.index.types)}")
    summary = batch.run(service, source, args.column, out, args.type, args.extend, args.date, args.located_in)
    print(f"wrote {summary.out}: {summary.rows} rows, {summary.matched} matched")
    return 0
