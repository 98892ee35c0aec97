"""`hadrut-kg link`, `enrich` and `gazetteer`: links out to Wikidata and gazetteers."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from hadrut_kg.cli import options
from hadrut_kg.paths import GAZETTEERS, in_installed_package
from hadrut_kg.vocabulary.namespaces import WDQS, WIKIDATA

WOF_FILE = GAZETTEERS / "wof-hadrut-area.geojson"  # shipped with the package, with its origin and licence


def add(commands) -> None:
    for name, func, text in (("link", run_link, "reconcile unlinked places and events with Wikidata, or --accept "
                                                "a review"),
                             ("enrich", run_enrich, "fetch labels, coordinates and parents of linked Wikidata items")):
        cmd = commands.add_parser(name, help=text)
        cmd.add_argument("--endpoint", default=None,
                         help="SPARQL endpoint of Wikidata (default: the Wikidata Query Service, sent no "
                              "credentials: --user, a password or $HADRUT_KG_TOKEN go only to an endpoint named "
                              "here)")
        options.dataset(cmd, old="--out")
        options.data(cmd, old="--data-dir")
        cmd.add_argument("--cache", default=str(Path.home() / ".cache" / "hadrut-kg" / "wikidata"),
                         help="where answers of the query service are kept, so reruns send nothing")
        cmd.add_argument("--no-cache", action="store_true", help="always ask the service")
        options.server(cmd, timeout=60.0, retries=4,
                       timeout_help="seconds per query to the service, retries and waits included")
        options.progress(cmd)
        cmd.add_argument("--today", help=argparse.SUPPRESS)
        cmd.set_defaults(func=func)
        if name == "link":
            cmd.add_argument("--review", default="link-review.csv", metavar="FILE",
                             help="the review file to write (default: ./link-review.csv)")
            cmd.add_argument("--batch", type=int, default=20, help="entities per query, 1–500 (default 20)")
            cmd.add_argument("--accept", metavar="FILE",
                             help="merge the accepted rows of a reviewed file into DATA/links.yaml")

    gz = commands.add_parser("gazetteer", help="reconcile settlements and districts with a gazetteer file offline "
                             "(Who's On First GeoJSON); --write regenerates DATA/wof*.yaml")
    gz.add_argument("--file", default=str(WOF_FILE),
                    help="the gazetteer file (default: the Who's On First extract shipped with the package, "
                         "gazetteers/wof-hadrut-area.geojson)")
    options.data(gz, old="--data-dir")
    gz.add_argument("--review", metavar="FILE", help="the review file to write (default: DATA/wof-review.csv; "
                    "./wof-review.csv when DATA is the installed package's)")
    gz.add_argument("--write", action="store_true",
                    help="also write DATA/wof-links.yaml, DATA/wof.yaml and DATA/wof-regions.geojson from the "
                         "accepted rows")
    gz.add_argument("--today", help=argparse.SUPPRESS)
    gz.set_defaults(func=run_gazetteer)


def _cache(args: argparse.Namespace):
    from hadrut_kg.links.wikidata import Cache

    return Cache(None if args.no_cache else Path(args.cache))


def _fetch_options(args: argparse.Namespace) -> tuple[str, dict]:
    """(endpoint, fetch options). Credentials only for an endpoint named with --endpoint: the built-in default
    (nobody named it) gets none — $HADRUT_KG_TOKEN is not sent to it, and --user/--password are refused."""
    from hadrut_kg.stores.credentials import Auth

    if args.endpoint is None:
        if args.user is not None or args.password is not None:
            raise options.UsageError("--user/--password are sent only to an endpoint named with --endpoint; "
                                     f"name it (e.g. --endpoint {WDQS})")
        return WDQS, {"retries": args.retries, "timeout": args.timeout, "auth": Auth()}
    endpoint, auth = options.credentials(args, args.endpoint)
    return endpoint, {"retries": args.retries, "timeout": args.timeout, "auth": auth}


def run_link(args: argparse.Namespace) -> int:
    from hadrut_kg.curated.loader import load_data
    from hadrut_kg.links import wikidata
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.rdf.publish import write_atomic

    if not 1 <= args.batch <= 500:  # 0 divided by zero, a negative number silently sent nothing
        raise options.UsageError(f"--batch must be between 1 and 500, got {args.batch}")
    data_dir = Path(args.data)
    if args.accept:
        options.writable_data(data_dir, "link --accept")
        data = load_data(data_dir)
        already = {(f.subject, f.obj.value) for f in data.facts if f.prop in ("exactMatch", "closeMatch")
                   and f.obj.value.startswith(WIKIDATA)}  # a gazetteer link is no Wikidata link
        count = wikidata.accept(Path(args.accept), data_dir / "links.yaml", set(data.entities),
                                already, args.today or datetime.date.today().isoformat())
        print(f"merged {count} reviewed link(s) into {data_dir / 'links.yaml'}; run `hadrut-kg build`")
        return 0
    endpoint, fetch = _fetch_options(args)
    candidates = wikidata.reconcile(open_store(Path(args.dataset)), endpoint, _cache(args), args.batch,
                                    progress=options.reporter(args), **fetch)
    write_atomic(Path(args.review), wikidata.review_csv(candidates).encode())
    entities = len({c.entity for c in candidates})
    print(f"wrote {args.review}: {len(candidates)} candidate(s) for {entities} unlinked resource(s); "
          f"mark 'accept' yes/no, then `hadrut-kg link --accept {args.review}`")
    return 0


def run_enrich(args: argparse.Namespace) -> int:
    from hadrut_kg.curated.loader import load_data
    from hadrut_kg.links import wikidata
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.rdf.publish import write_atomic

    data_dir = Path(args.data)
    options.writable_data(data_dir, "enrich")
    data = load_data(data_dir)
    names = {(e.id, n.lang, n.text): n.kind for e in data.entities.values() for n in e.names}
    endpoint, fetch = _fetch_options(args)
    text = wikidata.enrich(open_store(Path(args.dataset)), endpoint, _cache(args),
                           args.today or datetime.date.today().isoformat(), names,
                           progress=options.reporter(args), **fetch)
    target = data_dir / "wikidata.yaml"
    write_atomic(target, text.encode())
    print(f"wrote {target}; review it, then `hadrut-kg build`")
    return 0


def run_gazetteer(args: argparse.Namespace) -> int:
    """Reconcile with a gazetteer file offline; --write also regenerates the WOF data files from the review."""
    import json

    from hadrut_kg.links import gazetteer, wof_data
    from hadrut_kg.rdf.publish import write_atomic

    data_dir = Path(args.data)
    if args.write:
        options.writable_data(data_dir, "gazetteer --write")
    records = gazetteer.read_gazetteer(Path(args.file))
    data = wof_data.load_without_outputs(data_dir)
    rows = gazetteer.reconcile(data, records, wof_data.SOURCE)
    regions = {r.id: r.name for r in records if r.placetype == "region"}
    shipped = in_installed_package(data_dir)  # never write into site-packages: the review goes to ./ instead
    review = Path(args.review or (Path("wof-review.csv") if shipped else data_dir / "wof-review.csv"))
    written = [review]
    write_atomic(review, gazetteer.review_csv(rows, regions).encode())
    if args.write:
        today = args.today or datetime.date.today().isoformat()
        source = data.sources[wof_data.SOURCE].file if wof_data.SOURCE in data.sources else args.file
        head = lambda what: wof_data.HEADER.format(file=source, commit="e174b861", what=what)  # noqa: E731
        contributed, skipped = wof_data.contributions(rows, data)
        keep = wof_data.map_units(data)
        files = {
            "wof-links.yaml": wof_data.dump(head("Links to the WOF record and the GeoNames feature of each accepted "
                                                 "match."), "links", wof_data.links(rows, today)),
            "wof.yaml": wof_data.dump(head("Names and points WOF gives for the accepted matches, as its own source."
                                           + "".join(f"\n# {s}" for s in skipped)), "secondary", contributed),
            "wof-regions.geojson": json.dumps(wof_data.regions_geojson(rows, records, keep), ensure_ascii=False,
                                              sort_keys=True) + "\n",
        }
        for name, text in files.items():
            write_atomic(data_dir / name, text.encode())
            written.append(data_dir / name)
    counts = {d: sum(1 for r in rows if r.decision == d) for d in ("accepted", "ambiguous", "rejected", "none")}
    for path in written:
        print(f"wrote {path}")
    print(f"{len({r.target.id for r in rows})} records reconciled; rows: " +
          ", ".join(f"{v} {k}" for k, v in counts.items()) + ("; now run `hadrut-kg build`" if args.write else ""))
    return 0
