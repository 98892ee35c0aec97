"""The `hadrut-kg site` command: its options and its handler (cli.py only registers them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..namespaces import base_from_env
from ..paths import DEFAULT_OUT


def add_parser(commands) -> None:
    p = commands.add_parser("site", help="write the static site: a page and RDF documents per resource, the index, "
                            "the dumps, void.ttl and the namespace's .htaccess")
    p.add_argument("--dataset", default=str(DEFAULT_OUT), help="folder of the built dataset (default: dist/)")
    p.add_argument("--out", help="the site's folder (default: DATASET/site)")
    p.add_argument("--site-url", help="where the site will be published; the .htaccess for the namespace "
                   "redirects there (no .htaccess without it)")
    p.add_argument("--base", default=base_from_env(),
                   help="base IRI of the data's resources (default: $HADRUT_KG_BASE or https://w3id.org/hadrut-kg/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..queries import QueryError
    from .data import SiteData
    from .redirects import check_site_url
    from .static import write_site

    out = Path(args.out) if args.out else Path(args.dataset) / "site"
    try:
        if args.site_url:
            check_site_url(args.site_url)
        data = SiteData(Path(args.dataset), args.base)
        if not data.resources:
            print(f"error: no resource of {args.dataset} lies under the base {args.base}; give the --base the "
                  "dataset was built with", file=sys.stderr)
            return 1
        counts = write_site(data, out, args.site_url, progress=sys.stderr.isatty())
    except (QueryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write the site to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}: {counts['resources']} resources, {counts['files']} files"
          + ("" if args.site_url else " (no .htaccess: give --site-url)"))
    return 0
