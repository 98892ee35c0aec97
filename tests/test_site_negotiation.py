"""Choosing a representation from an Accept header (hadrut_kg/site/negotiation.py): q-values, specificity,
refusals, and headers sent by real clients."""

from __future__ import annotations

import pytest

from hadrut_kg.site.negotiation import ALL, RDF_FORMATS, choose


@pytest.mark.parametrize("accept,ext", [
    # Firefox and Chromium's navigation headers
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
     "application/signed-exchange;v=b3;q=0.7", "html"),
    # RDF/XML first, then N3 (not offered), XHTML at 0.5, anything at 0.1: RDF/XML, as the q-values say
    ("application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1", "rdf"),
    ("text/rdf+n3, application/xhtml+xml;q=0.5, */*;q=0.1", "html"),  # N3 is not offered: the page at 0.5
    ("application/rdf+xml, */*;q=0.1", "rdf"),
    ("application/rdf+xml;q=0, */*", "ttl"),
    ("text/turtle;q=0, */*", "nt"),                 # q=0 refuses Turtle; the server's next choice
    ("TEXT/TURTLE", "ttl"),                         # media types are case-insensitive
    ("application/ld+json; profile=\"http://www.w3.org/ns/json-ld#compacted\"", "jsonld"),
    ("text/turtle;q=abc, application/n-triples;q=0.2", "nt"),  # a malformed q counts as 0
    ("text/*;q=0.3, application/n-triples;q=0.2", "ttl"),
    ("", "ttl"), ("   ", "ttl"),
])
def test_choose(accept, ext):
    assert choose(accept).ext == ext


def test_nothing_acceptable_is_none():
    assert choose("image/png, application/pdf") is None
    assert choose("*/*;q=0") is None
    assert choose("text/html", RDF_FORMATS) is None  # the ontology without its HTML page


def test_a_header_of_thousands_of_ranges_is_read_only_in_part():
    header = ",".join(["image/png"] * 5000 + ["text/turtle"])
    assert choose(header) is None  # the 50 first ranges only: bounded work per request
    assert [f.ext for f in ALL] == ["ttl", "nt", "jsonld", "rdf", "html"]
