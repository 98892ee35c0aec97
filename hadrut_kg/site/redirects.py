"""The redirect rules of the namespace for a static host: a w3id.org-style `.htaccess` (Apache mod_rewrite, as in
the perma-id/w3id.org repository) that answers each IRI under the base with 303 See Other to the document the
Accept header asks for on the site, the same choice `serve` makes as far as substring tests allow.

Apache cannot weigh q-values, so the rules test the media types in a fixed order: Turtle, JSON-LD, N-Triples,
RDF/XML, then HTML, else Turtle (so `*/*` and no header get Turtle, a browser gets the page, and an RDF client
that also lists text/html at a lower q still gets RDF). Documents, dumps and the index redirect as they are.
"""

from __future__ import annotations

import re

from hadrut_kg.errors import InputError
from hadrut_kg.site.negotiation import HTML, JSONLD, NTRIPLES, RDFXML, TURTLE

SITE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$")
FOLDERS = ("id", "name", "statement", "date", "bounds", "geometry", "source-section", "graph", "dataset",
           "distribution", "ontology")  # ontology/X: resources such as the Wikidata alignment; the ontology's
# version IRI (ontology/0.1.0) has a dot, so its own rule catches it
ORDER = [(TURTLE, r"text/turtle|application/x-turtle"), (JSONLD, r"application/ld\+json|application/json"),
         (NTRIPLES, r"application/n-triples"), (RDFXML, r"application/rdf\+xml"),
         (HTML, r"text/html|application/xhtml\+xml")]


def check_site_url(url: str) -> str:
    """The site URL, ending with '/', or ValueError: it goes into a server configuration, so only plain URL
    characters are allowed (no spaces, quotes or line breaks that could end a rule)."""
    if not SITE_URL.match(url):
        raise InputError(f"--site-url must be an http(s) URL of letters, digits and -._~%/ only: {url[:200]!r}")
    return url if url.endswith("/") else url + "/"


def htaccess(site_url: str, base: str, version_path: str | None) -> str:
    """The rules: each IRI (the ontology's too) to its page or RDF document by Accept, with 303."""
    site = check_site_url(site_url)
    things = "(" + "|".join(re.escape(f) for f in FOLDERS) + r")/[^.]+|dataset"
    ontology = "ontology" + (f"(/{re.escape(version_path)})?" if version_path else "")
    lines = [f"# Redirects of the namespace {base} onto {site}",
             "# (for the perma-id/w3id.org repository; written by `hadrut-kg site`)",
             "Options +FollowSymLinks", "RewriteEngine on", "",
             "# The documents, the dumps and the index are files of the site.",
             r"RewriteRule ^$ " + site + "index.html [R=302,L]",
             r"RewriteRule ^((.+)\.(ttl|nt|jsonld|rdf|html)|download/.+|void\.ttl)$ " + site + "$1 [R=302,L]", ""]
    for fmt, pattern in ORDER:
        lines += [f"# {fmt.media}",
                  f"RewriteCond %{{HTTP:Accept}} ({pattern}) [NC]",
                  f"RewriteRule ^({things})$ {site}$1.{fmt.ext} [R=303,L]",
                  f"RewriteCond %{{HTTP:Accept}} ({pattern}) [NC]",
                  f"RewriteRule ^{ontology}$ {site}ontology.{fmt.ext} [R=303,L]", ""]
    lines += ["# Anything else (*/*, no Accept header): Turtle",
              f"RewriteRule ^({things})$ {site}$1.ttl [R=303,L]",
              f"RewriteRule ^{ontology}$ {site}ontology.ttl [R=303,L]", "",
              "<IfModule mod_headers.c>", "Header always append Vary Accept", "</IfModule>", ""]
    return "\n".join(lines)


def site_headers() -> str:
    """The site's own `.htaccess` (at its root; no redirects, so nothing can point a file at itself): the media
    types of its files (served as `serve` sends them) and cross-origin reads, for an Apache host. Other hosts
    ignore it. Apache itself answers conditional requests on static files (ETag, Last-Modified, 304)."""
    types = {"text/turtle": ".ttl", "application/n-triples": ".nt", "application/ld+json": ".jsonld .json",
             "application/rdf+xml": ".rdf", "application/trig": ".trig", "application/geo+json": ".geojson",
             "text/csv": ".csv"}
    lines = ["# Media types and cross-origin reads for the files of the Hadrut KG site (written by `hadrut-kg site`)",
             "<IfModule mod_mime.c>"]
    lines += [f"AddType {media} {ext}" for media, ext in types.items()]
    lines += ["AddCharset utf-8 .ttl .nt .jsonld .rdf .trig .geojson .json .csv .html", "</IfModule>",
              "<IfModule mod_headers.c>", 'Header set Access-Control-Allow-Origin "*"',
              'Header set Access-Control-Expose-Headers "ETag"', "</IfModule>", ""]
    return "\n".join(lines)
