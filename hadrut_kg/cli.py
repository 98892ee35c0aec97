"""The `hadrut-kg` command line. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .namespaces import WDQS, WIKIDATA, base_from_env
from .paths import DATA, DEFAULT_OUT
from .results import FORMATS


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .errors import BuildError, DataError

    started = time.perf_counter()
    out = Path(args.out)
    try:
        result = build(out, args.base, data_dir=Path(args.data))
    except DataError as exc:
        print(f"error: {args.data} has {len(exc.problems)} problem(s); nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"nothing was written to {out}", file=sys.stderr)
        return 1
    for name in result.files:
        print(f"wrote {out / name}")
    print(f"{result.triples} triples, {result.quads} quads in {len(result.graphs)} named graphs "
          "(each graph's count in void.ttl)")
    phases = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"SHACL: conforms; built in {time.perf_counter() - started:.2f}s ({phases})")
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    from .queries import QueryError

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes name=value, got {pair!r}")
        params[name] = value
    return params


def _list_queries() -> int:
    from .queries import named_queries

    for q in named_queries().values():
        params = ", ".join(f"{p.name} ({p.kind}, default {p.default})" for p in q.params)
        print(f"{q.name}\n    Q{q.number}: {q.question}" + (f"\n    parameters: {params}" if params else ""))
    return 0


def _query(args: argparse.Namespace) -> int:
    from .queries import QueryError

    if args.list:
        return _list_queries()
    try:
        if args.endpoint:
            from .remote import run_remote

            output = run_remote(args.endpoint, args.target, args.expr, _params(args.param), args.format,
                                args.timeout, args.base, max_bytes=args.max_response_mb << 20)
        else:
            from .embedded import run_named_or_text

            output = run_named_or_text(Path(args.out), args.target, args.expr, _params(args.param), args.format,
                                       args.timeout, args.base, frozenset(args.allow_service), args.memory_mb)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(output)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .endpoint import serve
    from .queries import QueryError

    try:
        return serve(Path(args.out), args.host, args.port, args.timeout, args.memory_mb, args.max_result_mb,
                     args.workers, frozenset(args.allow_service), args.base)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _load(args: argparse.Namespace) -> int:
    from .credentials import password_for, split_url
    from .gsp import Auth, LoadError, load
    from .queries import QueryError

    if args.password is not None and args.user is None:
        print("error: --password needs --user", file=sys.stderr)
        return 2
    endpoint, url_user, url_password = split_url(args.endpoint)  # credentials in the URL: used, never shown
    user = args.user if args.user is not None else url_user
    password = password_for(args.user, args.password) if args.user is not None else url_password
    try:
        report = load(endpoint, Path(args.out), args.graph, Auth.from_args(user, password, args.auth),
                      args.timeout, args.update, args.retries)
    except LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if not args.update:
            print("graphs loaded before the failure keep their new content; every other graph is unchanged",
                  file=sys.stderr)
        return 1
    except QueryError as exc:  # no built dataset: nothing was sent
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if report.skipped_default:
        print("(default graph): not loaded — the store has no default-graph target; its query endpoint reads the "
              "union of the named graphs")
    for graph, count in report.counts.items():
        print(f"{graph or '(default graph)'}: {count} triples")
    return 0


def _export(args: argparse.Namespace) -> int:
    from . import exports
    from .embedded import open_store
    from .publish import write_atomic
    from .queries import QueryError

    try:
        store = open_store(Path(args.data))
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out or Path(args.data) / "exports")
    if args.format == "csv":
        for name, text in exports.csv_tables(store).items():
            write_atomic(out / name, text.encode())
            print(f"wrote {out / name}")
        return 0
    document = exports.geojson(store) if args.format == "geojson" else exports.lpf(store)
    target = out / ("hadrut.geojson" if args.format == "geojson" else "hadrut-lpf.json") if out.suffix == "" else out
    write_atomic(target, exports.dumps(document).encode())
    print(f"wrote {target} ({len(document['features'])} features)")
    return 0


def _map(args: argparse.Namespace) -> int:
    from . import exports
    from .embedded import open_store
    from .map import html, read_regions, screenshot
    from .publish import write_atomic
    from .queries import QueryError

    try:
        page = Path(args.out or Path(args.data) / "map.html")
        document = exports.geojson(open_store(Path(args.data)))
        write_atomic(page, html(document, read_regions(Path(args.regions))).encode())
        print(f"wrote {page} ({len(document['features'])} places with coordinates)")
        if args.png:
            screenshot(page, Path(args.png))
            print(f"wrote {args.png}")
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _chart(args: argparse.Namespace) -> int:
    from .chart import page, units
    from .embedded import open_store
    from .map import screenshot
    from .namespaces import Minted
    from .publish import write_atomic
    from .queries import QueryError, term

    try:
        store = open_store(Path(args.data))
        if args.unit:
            chosen = [term("iri", args.unit, Minted(args.base)).value]
        else:
            chosen = units(store)
        folder = Path(args.data) / "charts"
        for unit in chosen:
            text, bars = page(store, unit)
            if bars == 0:
                print(f"error: {unit} has no dated part-of, administered-by, controlled-by or claimed-by "
                      "statement; try hk:hadrut-province", file=sys.stderr)
                return 1
            target = Path(args.out) if args.out and len(chosen) == 1 else folder / f"{unit.rsplit('/', 1)[-1]}.html"
            write_atomic(target, text.encode())
            print(f"wrote {target} ({bars} bars)")
            if args.png and len(chosen) == 1:
                screenshot(target, Path(args.png), size="1240,1500")
                print(f"wrote {args.png}")
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cache(args: argparse.Namespace):
    from .wikidata import Cache

    return Cache(None if args.no_cache else Path(args.cache))


def _link(args: argparse.Namespace) -> int:
    import datetime

    from . import wikidata
    from .embedded import open_store
    from .loader import load_data
    from .publish import write_atomic
    from .queries import QueryError

    try:
        if args.accept:
            data = load_data(Path(args.data_dir))
            already = {(f.subject, f.obj.value) for f in data.facts if f.prop in ("exactMatch", "closeMatch")
                       and f.obj.value.startswith(WIKIDATA)}  # a gazetteer link is no Wikidata link
            count = wikidata.accept(Path(args.accept), Path(args.data_dir) / "links.yaml", set(data.entities),
                                    already, args.today or datetime.date.today().isoformat())
            print(f"merged {count} reviewed link(s) into {Path(args.data_dir) / 'links.yaml'}; run `hadrut-kg build`")
            return 0
        candidates = wikidata.reconcile(open_store(Path(args.out)), args.endpoint, _cache(args), args.batch,
                                        retries=args.retries, timeout=args.timeout)
        write_atomic(Path(args.review), wikidata.review_csv(candidates).encode())
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    entities = len({c.entity for c in candidates})
    print(f"wrote {args.review}: {len(candidates)} candidate(s) for {entities} unlinked resource(s); "
          f"mark 'accept' yes/no, then `hadrut-kg link --accept {args.review}`")
    return 0


def _enrich(args: argparse.Namespace) -> int:
    import datetime

    from . import wikidata
    from .embedded import open_store
    from .loader import load_data
    from .publish import write_atomic
    from .queries import QueryError

    try:
        data = load_data(Path(args.data_dir))
        names = {(e.id, n.lang, n.text): n.kind for e in data.entities.values() for n in e.names}
        text = wikidata.enrich(open_store(Path(args.out)), args.endpoint, _cache(args),
                               args.today or datetime.date.today().isoformat(), names, retries=args.retries,
                               timeout=args.timeout)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    target = Path(args.data_dir) / "wikidata.yaml"
    write_atomic(target, text.encode())
    print(f"wrote {target}; review it, then `hadrut-kg build`")
    return 0


def _gazetteer(args: argparse.Namespace) -> int:
    """Reconcile with a gazetteer file offline; --write also regenerates the WOF data files from the review."""
    import datetime
    import json

    from . import gazetteer, wof_data
    from .errors import DataError
    from .publish import write_atomic

    data_dir = Path(args.data_dir)
    try:
        records = gazetteer.read_gazetteer(Path(args.file))
        data = wof_data.load_without_outputs(data_dir)
    except gazetteer.GazetteerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"error: {data_dir} has {len(exc.problems)} problem(s); nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    rows = gazetteer.reconcile(data, records, wof_data.SOURCE)
    regions = {r.id: r.name for r in records if r.placetype == "region"}
    review = Path(args.review or data_dir / "wof-review.csv")
    written = [review]
    write_atomic(review, gazetteer.review_csv(rows, regions).encode())
    if args.write:
        today = args.today or datetime.date.today().isoformat()
        source = f"../shared/{data.sources[wof_data.SOURCE].file}" if wof_data.SOURCE in data.sources else args.file
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="hadrut-kg", description="Build and query the Hadrut KG linked dataset.")
    commands = top.add_subparsers(dest="command", required=True)

    b = commands.add_parser("build", help="validate data/ and write the published RDF files")
    b.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: dist/)")
    b.add_argument("--data", default=str(DATA), help="folder of curated data files (default: data/)")
    b.add_argument("--base", default=base_from_env(),
                   help="base IRI for the data's own resources (default: $HADRUT_KG_BASE or https://w3id.org/hadrut-kg/)")
    b.set_defaults(func=_build)

    q = commands.add_parser("query", help="run a named query, a .rq file or a SPARQL string on the built dataset")
    q.add_argument("target", nargs="?", help="a query name from queries/ (see --list) or a path to a .rq file")
    q.add_argument("-e", "--expr", help="a SPARQL query given on the command line")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter (repeatable); IRIs as hk:id, full IRIs or bare ids; dates as YYYY-MM-DD")
    q.add_argument("--format", choices=FORMATS, default="table",
                   help="table (default), or SPARQL 1.1 results CSV, TSV or JSON; CONSTRUCT/DESCRIBE give Turtle")
    q.add_argument("--timeout", type=float, default=30.0, help="seconds before the query is stopped (default 30)")
    q.add_argument("--memory-mb", type=int, default=2048,
                   help="embedded store: memory cap of the query in MiB (default 2048)")
    q.add_argument("--allow-service", action="append", default=[], metavar="IRI",
                   help="embedded store: allow SERVICE calls to this endpoint (repeatable; refused otherwise)")
    q.add_argument("--list", action="store_true", help="list the named queries with their questions")
    q.add_argument("--out", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    q.add_argument("--endpoint", help="send the query to this SPARQL endpoint instead of the embedded store")
    q.add_argument("--max-response-mb", type=int, default=256,
                   help="--endpoint: largest answer read, in MiB (default 256); a larger one is an error")
    q.add_argument("--base", default=base_from_env(), help="base IRI used to expand hk: parameter values")
    q.set_defaults(func=_query)

    s = commands.add_parser("serve", help="serve the built dataset as a read-only SPARQL endpoint (Oxigraph)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    s.add_argument("--timeout", type=float, default=30, help="query time limit in seconds (default 30)")
    s.add_argument("--memory-mb", type=int, default=1024, help="memory cap per query in MiB (default 1024)")
    s.add_argument("--max-result-mb", type=int, default=64, help="largest result sent, in MiB (default 64)")
    s.add_argument("--workers", type=int, default=4, help="queries run at once; more get 503 (default 4)")
    s.add_argument("--allow-service", action="append", default=[], metavar="IRI",
                   help="allow SERVICE calls to this endpoint (repeatable); federated queries are refused otherwise")
    s.add_argument("--out", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    s.add_argument("--base", default=base_from_env(), help="base IRI that maps onto the server's root (default: "
                   "$HADRUT_KG_BASE or https://w3id.org/hadrut-kg/)")
    s.set_defaults(func=_serve)

    ld = commands.add_parser("load", help="push the built dataset into a store over the Graph Store Protocol")
    ld.add_argument("--endpoint", required=True, help="the store's Graph Store Protocol URL, e.g. http://localhost:7878/store")
    ld.add_argument("--graph", help="load the whole dataset into this one graph instead of one graph per source")
    ld.add_argument("--update", help="the store's SPARQL Update endpoint: load atomically (staging graphs, then "
                    "one MOVE request), e.g. http://localhost:7878/update")
    ld.add_argument("--user", help="user for HTTP authentication (Basic, or Digest when the store asks for it); the "
                    "password comes from $HADRUT_KG_PASSWORD, else a prompt")
    ld.add_argument("--password", help="UNSAFE (visible to every user in `ps`): password for HTTP authentication; "
                    "prefer $HADRUT_KG_PASSWORD, or the prompt")
    ld.add_argument("--auth", choices=["auto", "basic", "digest"], default="auto",
                    help="HTTP authentication scheme (default auto: Digest when the store asks for it, else Basic)")
    ld.add_argument("--timeout", type=float, default=60.0, help="seconds per HTTP request, in all (default 60)")
    ld.add_argument("--retries", type=int, default=3, help="retries of refused connections, 429 and 502-504 (default 3)")
    ld.add_argument("--out", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    ld.set_defaults(func=_load)

    ex = commands.add_parser("export", help="write GeoJSON, Linked Places Format or CSV from the built dataset")
    ex.add_argument("format", choices=["geojson", "lpf", "csv"])
    ex.add_argument("--out", help="file (geojson, lpf) or folder (csv); default: dist/exports/")
    ex.add_argument("--data", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    ex.set_defaults(func=_export)

    mp = commands.add_parser("map", help="write a self-contained HTML map (and a PNG of it with --png)")
    mp.add_argument("--out", help="the HTML file (default: dist/map.html)")
    mp.add_argument("--png", help="also render the page to this PNG with headless Chromium")
    mp.add_argument("--data", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    mp.add_argument("--regions", default=str(DATA / "wof-regions.geojson"),
                    help="district polygons to draw under the points (default: data/wof-regions.geojson)")
    mp.set_defaults(func=_map)

    ch = commands.add_parser("chart", help="write a self-contained HTML chart of a place's relations over time, per source")
    ch.add_argument("--unit", help="the place (hk:id, full IRI or bare id); default: every place with dated relations")
    ch.add_argument("--out", help="the HTML file, with --unit (default: dist/charts/ID.html)")
    ch.add_argument("--png", help="with --unit, also render the page to this PNG with headless Chromium")
    ch.add_argument("--data", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    ch.add_argument("--base", default=base_from_env(), help="base IRI of the data's resources (for hk: ids)")
    ch.set_defaults(func=_chart)
    from .site.command import add_parser as add_site_parser
    add_site_parser(commands)
    gz = commands.add_parser("gazetteer", help="reconcile settlements and districts with a gazetteer file offline "
                             "(Who's On First GeoJSON); --write regenerates data/wof*.yaml")
    gz.add_argument("--file", default=str(Path(DATA).parent.parent / "shared" / "gazetteers" / "wof-hadrut-area.geojson"),
                    help="the gazetteer file (default: ../shared/gazetteers/wof-hadrut-area.geojson)")
    gz.add_argument("--data-dir", default=str(DATA), help="the data folder to read and write (default: data/)")
    gz.add_argument("--review", help="the review file to write (default: data/wof-review.csv)")
    gz.add_argument("--write", action="store_true",
                    help="also write data/wof-links.yaml, data/wof.yaml and data/wof-regions.geojson from the accepted rows")
    gz.add_argument("--today", help=argparse.SUPPRESS)
    gz.set_defaults(func=_gazetteer)

    for name, func, text in (("link", _link, "reconcile unlinked places and events with Wikidata, or --accept a review"),
                             ("enrich", _enrich, "fetch labels, coordinates and parents of linked Wikidata items")):
        cmd = commands.add_parser(name, help=text)
        cmd.add_argument("--endpoint", default=WDQS,
                         help="SPARQL endpoint of Wikidata (default: the Wikidata Query Service)")
        cmd.add_argument("--out", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
        cmd.add_argument("--data-dir", default=str(DATA), help="the data folder to read and write (default: data/)")
        cmd.add_argument("--cache", default=str(Path.home() / ".cache" / "hadrut-kg" / "wikidata"),
                         help="where answers of the query service are kept, so reruns send nothing")
        cmd.add_argument("--no-cache", action="store_true", help="always ask the service")
        cmd.add_argument("--retries", type=int, default=4,
                         help="retries on refused connections, 429 and 5xx, with exponential backoff (default 4)")
        cmd.add_argument("--timeout", type=float, default=60.0,
                         help="seconds per query to the service, retries included (default 60)")
        cmd.add_argument("--today", help=argparse.SUPPRESS)
        cmd.set_defaults(func=func)
        if name == "link":
            cmd.add_argument("--review", default=str(DEFAULT_OUT.parent / "link-review.csv"),
                             help="the review file to write (default: link-review.csv)")
            cmd.add_argument("--batch", type=int, default=20, help="entities per query (default 20)")
            cmd.add_argument("--accept", metavar="FILE", help="merge the accepted rows of a reviewed file into data/links.yaml")
    return top


class _Redacting:
    """stderr with every password written in a URL (scheme://user:password@…) masked, whichever command
    printed it."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from .credentials import redact

        return self._stream.write(redact(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    stderr = sys.stderr
    sys.stderr = _Redacting(stderr)
    try:
        return args.func(args)
    except KeyboardInterrupt:  # Ctrl-C: workers die with this process; no traceback
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        sys.stderr = stderr


if __name__ == "__main__":
    sys.exit(main())
