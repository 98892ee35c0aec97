"""The formats of a resource and the site's one rule on top of the shared negotiation (hadrut_kg.web.negotiation):
HTML comes first in the order for ties only when the client names it, so a browser's usual header
(`text/html,…,*/*;q=0.8`) gets the page while `*/*` alone (curl, most RDF libraries' fallbacks) gets Turtle.
None acceptable: None (the caller answers 406).
"""

from __future__ import annotations

from hadrut_kg.web import negotiation as shared
from hadrut_kg.web.negotiation import MAX_RANGES, Format, parse  # noqa: F401 — the site's names for them

TURTLE = Format("ttl", "text/turtle", ("application/x-turtle",))
NTRIPLES = Format("nt", "application/n-triples")
JSONLD = Format("jsonld", "application/ld+json", ("application/json",))
RDFXML = Format("rdf", "application/rdf+xml")
HTML = Format("html", "text/html", ("application/xhtml+xml",))
RDF_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
ALL = (*RDF_FORMATS, HTML)  # the server's order for ties
BY_EXT = {f.ext: f for f in ALL}


def choose(accept: str | None, formats: tuple[Format, ...] = ALL) -> Format | None:
    """The format to send for this Accept header; no header or an empty one means */* (Turtle)."""
    named_html = shared.names(accept, HTML)
    order = sorted(formats, key=lambda f: 0 if (f is HTML and named_html) else 1 + ALL.index(f))
    return shared.choose(accept, order)
