"""`hadrut-kg export`, `map` and `chart`: files for other tools made from the built dataset, written into the
build folder unless told otherwise; and the remaking of everything such a command (or `site`, `ontology-doc`)
left in the build folder, after a rebuild replaced it."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from hadrut_kg.cli import options
from hadrut_kg.paths import REGIONS_FILE

EXPORT_FILES = {"geojson": "hadrut.geojson", "lpf": "hadrut-lpf.json"}
REGIONS = str(REGIONS_FILE)


def add(commands) -> None:
    ex = commands.add_parser("export", help="write GeoJSON, Linked Places Format or CSV from the built dataset")
    ex.add_argument("format", choices=["geojson", "lpf", "csv"])
    options.dataset(ex, old="--data")
    ex.add_argument("--out", metavar="PATH", help="file (geojson, lpf) or folder (csv) to write "
                    "(default: DATASET/exports/)")
    ex.set_defaults(func=run_export)

    mp = commands.add_parser("map", help="write the self-contained HTML time map — who controlled each place, and "
                             "what it lay in, on any day, per source (and a PNG of it with --png)")
    options.dataset(mp, old="--data")
    mp.add_argument("--kind", choices=["time", "places"], default="time",
                    help="time: the time map (default); places: every place with its names and points")
    mp.add_argument("--at", metavar="DATE&SOURCE", default="",
                    help="with --png, the view to render, as in the page's address: date=2020-11-05&source=wikimapia")
    mp.add_argument("--out", metavar="FILE", help="the HTML file (default: DATASET/map.html)")
    mp.add_argument("--png", nargs="?", const="", metavar="FILE",
                    help="also render the page to a PNG with headless Chromium (default file: DATASET/map.png)")
    mp.add_argument("--regions", default=REGIONS, metavar="FILE",
                    help="district polygons to draw under the points (default: the project's data/wof-regions.geojson)")
    mp.set_defaults(func=run_map)

    ch = commands.add_parser("chart", help="write a self-contained HTML chart of a place's relations over time, "
                             "per source")
    ch.add_argument("--unit", help="the place (hk:id, full IRI or bare id); default: every place with dated relations")
    options.dataset(ch, old="--data")
    ch.add_argument("--out", metavar="FILE", help="the HTML file, with --unit (default: DATASET/charts/ID.html)")
    ch.add_argument("--png", nargs="?", const="", metavar="FILE",
                    help="with --unit, also render the page to a PNG with headless Chromium "
                         "(default file: DATASET/charts/ID.png)")
    options.base(ch)
    ch.set_defaults(func=run_chart)


def write_export(dataset: Path, fmt: str, out: Path | None = None) -> list[str]:
    """Write one export format; the lines to print."""
    from hadrut_kg.exports import formats
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.rdf.publish import write_atomic

    store = open_store(dataset)
    folder = out or dataset / "exports"
    if fmt == "csv":
        lines = []
        for name, text in formats.csv_tables(store).items():
            write_atomic(folder / name, text.encode())
            lines.append(f"wrote {folder / name}")
        return lines
    document = formats.geojson(store) if fmt == "geojson" else formats.lpf(store)
    target = folder / EXPORT_FILES[fmt] if folder.suffix == "" else folder
    write_atomic(target, formats.dumps(document).encode())
    return [f"wrote {target} ({len(document['features'])} features)"]


def check_view(at: str, sources: set[str]) -> None:
    """Refuse a --at the page would not show as asked (it would fall back to its first day and source in silence):
    only date=YYYY-MM-DD (a real day), source=ID (a source of the map, all or together) and place=ID."""
    import urllib.parse

    from hadrut_kg.errors import InputError
    from hadrut_kg.reconcile.today import check_day

    if not at:
        return
    for key, value in urllib.parse.parse_qsl(at, keep_blank_values=True, max_num_fields=3):
        if key == "date":
            try:
                check_day(value)
            except InputError as exc:
                raise InputError(f"--at: date: {exc}") from None
        elif key == "source" and value not in sources:
            raise InputError(f"--at: source={value[:60]!r} is not a source of the map; one of "
                             + ", ".join(sorted(sources)))
        elif key not in ("date", "source", "place"):
            raise InputError(f"--at: {key[:40]!r} is not a part of the map's address (date, source, place)")


def write_map(dataset: Path, page: Path, regions: Path, png: Path | None, kind: str = "time",
              at: str = "") -> list[str]:
    from hadrut_kg.exports.map import WINDOW, read_regions, screenshot
    from hadrut_kg.timemap.page import WINDOW as TIME_WINDOW
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.rdf.publish import write_atomic

    store = open_store(dataset)
    if kind == "places":
        from hadrut_kg.exports import formats
        from hadrut_kg.exports.map import html

        document = formats.geojson(store)
        write_atomic(page, html(document, read_regions(regions)).encode())
        lines = [f"wrote {page} ({len(document['features'])} places with coordinates)"]
    else:
        from hadrut_kg.timemap.data import page_data
        from hadrut_kg.timemap.page import html as time_html

        data = page_data(store, read_regions(regions))
        check_view(at, {s["id"] for s in data["sources"]} | {"all", "together"})
        text = time_html(data).encode()
        write_atomic(page, text)
        lines = [f"wrote {page} (time map: {len(data['units'])} places and areas, {len(data['days'])} change "
                 f"points, {len(data['sources'])} sources; {len(text) // 1024} KiB)"]
    if png is not None:
        screenshot(page, png, size=WINDOW if kind == "places" else TIME_WINDOW, fragment=at)
        lines.append(f"wrote {png}")
    return lines


def write_charts(dataset: Path, chosen: list[str] | None, base: str, out: Path | None = None,
                 png: str | None = None) -> list[str]:
    """Chart pages of the given units (IRIs), or of every unit with dated relations."""
    from hadrut_kg.exports.chart import page, units
    from hadrut_kg.exports.map import screenshot
    from hadrut_kg.queries.catalogue import QueryError
    from hadrut_kg.queries.embedded import open_store
    from hadrut_kg.rdf.publish import write_atomic

    store = open_store(dataset)
    chosen = chosen or units(store)
    lines = []
    for unit in chosen:
        text, bars = page(store, unit)
        if bars == 0:
            raise QueryError(f"{unit} has no dated part-of, administered-by, controlled-by or claimed-by "
                             "statement; try hk:hadrut-province")
        name = unit.rsplit("/", 1)[-1]
        target = out if out and len(chosen) == 1 else dataset / "charts" / f"{name}.html"
        write_atomic(target, text.encode())
        lines.append(f"wrote {target} ({bars} bar{'' if bars == 1 else 's'})")
        if png is not None and len(chosen) == 1:
            picture = Path(png) if png else target.with_suffix(".png")
            screenshot(target, picture, size="1240,1500")
            lines.append(f"wrote {picture}")
    return lines


def run_export(args: argparse.Namespace) -> int:
    lines = write_export(Path(args.dataset), args.format, Path(args.out) if args.out else None)
    print("\n".join(lines))
    return 0


def run_map(args: argparse.Namespace) -> int:
    dataset = Path(args.dataset)
    page = Path(args.out or dataset / "map.html")
    png = None if args.png is None else Path(args.png or dataset / "map.png")
    from hadrut_kg.errors import InputError

    if args.at and (png is None or args.kind != "time"):
        raise InputError("--at picks the view a PNG of the time map shows: give it with --png (and --kind time)")
    if args.regions != REGIONS and not Path(args.regions).exists():  # the default may be absent: no outlines
        raise InputError(f"--regions {args.regions}: no such file")
    print("\n".join(write_map(dataset, page, Path(args.regions), png, args.kind, args.at)))
    return 0


def run_chart(args: argparse.Namespace) -> int:
    from hadrut_kg.queries.catalogue import term
    from hadrut_kg.vocabulary.namespaces import Minted

    chosen = [term("iri", args.unit, Minted(args.base)).value] if args.unit else None
    print("\n".join(write_charts(Path(args.dataset), chosen, args.base, Path(args.out) if args.out else None,
                                 args.png)))
    return 0


def derived_files(dataset: Path) -> dict[str, list[str]]:
    """What the build folder holds beyond the build's own files: exports, the map and chart pages (and their
    PNGs). A rebuild replaces the folder, so these are made again from the new dataset afterwards."""
    found: dict[str, list[str]] = {}
    exports = dataset / "exports"
    formats = [f for f, name in EXPORT_FILES.items() if (exports / name).exists()]
    if exports.is_dir() and any(p.suffix == ".csv" for p in exports.iterdir()):
        formats.append("csv")
    if formats:
        found["exports"] = formats
    if (dataset / "map.html").exists():
        found["map"] = ["png"] if (dataset / "map.png").exists() else []
    charts = sorted(p.stem for p in (dataset / "charts").glob("*.html")) if (dataset / "charts").is_dir() else []
    if charts:
        found["charts"] = charts
    if (dataset / "ontology.html").exists():
        found["ontology-doc"] = []
    if (dataset / "site" / "index.html").exists():
        from hadrut_kg.cli.site import site_url_of

        url = site_url_of(dataset / "site")
        found["site"] = [url] if url else []
    return found


def regenerate(dataset: Path, found: dict[str, list[str]], base: str, progress=None) -> int:
    """Make again, from the new dataset, what the previous build folder held (see derived_files); `progress`
    hears how far the site has got (its longest part)."""
    from hadrut_kg.errors import HadrutKGError
    from hadrut_kg.vocabulary.namespaces import Minted

    try:
        for fmt in found.get("exports", []):
            print("\n".join(write_export(dataset, fmt)))
        if "map" in found:
            png = dataset / "map.png" if "png" in found["map"] and shutil.which("chromium") else None
            if "png" in found["map"] and png is None:
                print(f"note: {dataset / 'map.png'} was not remade (no Chromium here); run `hadrut-kg map --png`",
                      file=sys.stderr)
            print("\n".join(write_map(dataset, dataset / "map.html", REGIONS_FILE, png)))
        if found.get("charts"):
            minted = Minted(base)
            print("\n".join(write_charts(dataset, [minted.entity(c) for c in found["charts"]], base)))
        if "ontology-doc" in found:
            from hadrut_kg.site.ontology_doc import write_ontology_doc

            print(f"wrote {write_ontology_doc(dataset, dataset / 'ontology.html', base)}")
        if "site" in found:
            from hadrut_kg.cli.site import write_site

            print(write_site(dataset, dataset / "site", (found["site"] or [None])[0], base, progress))
    except HadrutKGError as exc:  # the same error and status, saying the dataset itself was built
        exc.args = (f"the dataset was built, but remaking what the previous build folder held failed: {exc}",)
        raise
    print("(remade from the new dataset what the previous build folder held: "
          + ", ".join(found) + ")")
    return 0
