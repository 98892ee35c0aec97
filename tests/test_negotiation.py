"""The one negotiation module (hadrut_kg/web/negotiation.py) both `/query` and the pages use (issue 26: the
endpoint's own parser sent JSON for `text/*` and ignored `q=0`). Expected formats worked out by hand from RFC 9110's
rules: the most specific matching range gives a format its q; q=0 refuses it; ties go to the server's order."""

from __future__ import annotations

import pytest

from hadrut_kg.stores.endpoint import GRAPH_FORMATS, RESULT_FORMATS
from hadrut_kg.web.negotiation import choose

RESULTS, GRAPHS = list(RESULT_FORMATS), list(GRAPH_FORMATS)


@pytest.mark.parametrize("accept,ext", [
    (None, "json"), ("", "json"), ("*/*", "json"),
    ("text/*", "csv"),                                   # the first text/ format of the server's order
    ("text/csv;q=0, */*", "json"),                       # CSV refused, anything else welcome
    ("text/csv;q=0, text/*", "tsv"),                     # the specific q=0 beats the wildcard for CSV only
    ("text/*;q=0.2, application/sparql-results+xml;q=0.1", "csv"),
    ("application/json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/tab-separated-values;q=0.5, text/csv;q=0.4", "tsv"),
    ("TEXT/CSV", "csv"),
])
def test_select_answers(accept, ext):
    assert choose(accept, RESULTS).ext == ext


@pytest.mark.parametrize("accept", ["text/csv;q=0", "image/png", "*/*;q=0", "text/*;q=0, application/*;q=0",
                                    "text/html"])
def test_nothing_acceptable_for_a_select(accept):
    assert choose(accept, RESULTS) is None


@pytest.mark.parametrize("accept,ext", [
    ("*/*", "ttl"), ("text/*", "ttl"), ("application/rdf+xml", "rdf"), ("application/*", "nt"),
    ("text/turtle;q=0, application/rdf+xml;q=0.5, */*;q=0.1", "rdf"),
])
def test_construct_answers(accept, ext):
    assert choose(accept, GRAPHS).ext == ext


def test_nothing_acceptable_for_a_construct():
    assert choose("application/sparql-results+json", GRAPHS) is None
    assert choose("text/turtle;q=0, application/n-triples;q=0, application/rdf+xml;q=0", GRAPHS) is None
