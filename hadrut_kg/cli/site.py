"""`hadrut-kg site` (the static site: a page and RDF documents per resource, the index, the dumps, the
namespace's redirect rules) and `hadrut-kg ontology-doc` (the ontology's documentation page)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from hadrut_kg.cli import options


def add(commands) -> None:
    p = commands.add_parser("site", help="write the static site: a page and RDF documents per resource, the index, "
                            "the dumps, void.ttl and the namespace's .htaccess")
    options.dataset(p)
    p.add_argument("--out", metavar="DIR", help="the site's folder (default: DATASET/site)")
    p.add_argument("--site-url", help="where the site will be published; the .htaccess for the namespace "
                   "redirects there (no .htaccess without it)")
    p.add_argument("--force", action="store_true",
                   help="replace --out even when it is not a folder hadrut-kg wrote (everything in it is deleted)")
    options.base(p)
    options.progress(p)
    p.set_defaults(func=run_site)

    d = commands.add_parser("ontology-doc", help="write the ontology's HTML documentation (one self-contained page)")
    options.dataset(d)
    d.add_argument("--out", metavar="FILE", help="the HTML file (default: DATASET/ontology.html)")
    options.base(d)
    d.set_defaults(func=run_ontology_doc)


def write_site(dataset: Path, out: Path, site_url: str | None, base: str, progress=None, force: bool = False) -> str:
    """Write the site; the line to print. A HadrutKGError names what went wrong."""
    from hadrut_kg.errors import OutputError, StoreError
    from hadrut_kg.site.data import SiteData
    from hadrut_kg.site.redirects import check_site_url
    from hadrut_kg.site.static import write_site as write

    from hadrut_kg.rdf.publish import check_output

    if site_url:
        check_site_url(site_url)
    check_output(out, force, reading=(dataset,))  # before any page is rendered; again at the swap
    data = SiteData(dataset, base)
    if not data.resources:
        raise StoreError(f"no resource of {dataset} lies under the base {base}; give the --base the dataset was "
                         "built with")
    try:
        counts = write(data, out, site_url, progress=progress, force=force)
    except OSError as exc:  # the file system's refusal, where the site is written
        raise OutputError(f"cannot write the site to {out}: {exc.strerror or exc}") from None
    return (f"wrote {out}: {counts['resources']} resources, {counts['files']} files"
            + ("" if site_url else " (no .htaccess: give --site-url)"))


def run_site(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(args.dataset) / "site"
    print(write_site(Path(args.dataset), out, args.site_url, args.base, options.reporter(args), args.force))
    return 0


def run_ontology_doc(args: argparse.Namespace) -> int:
    from hadrut_kg.site.ontology_doc import write_ontology_doc

    dataset = Path(args.dataset)
    out = write_ontology_doc(dataset, Path(args.out) if args.out else dataset / "ontology.html", args.base)
    print(f"wrote {out}")
    return 0


def site_url_of(site: Path) -> str | None:
    """The site URL a previous `hadrut-kg site --site-url` wrote into its redirect rules (their first line)."""
    for rules in sorted(site.glob("**/.htaccess")):
        first = rules.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        found = re.match(r"^# Redirects of the namespace \S+ onto (\S+)$", first)
        if found:
            return found.group(1)
    return None
