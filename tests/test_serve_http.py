"""`hadrut-kg serve` for HTTP clients (issue 23, point 6; issue 26's two Accept parsers): one negotiation for
/query and the pages, RDF/XML, CORS for browser clients on other origins, HTTP/1.1 with validators and 304 —
against a real server on 127.0.0.1. Expected answers are worked out by hand: the town of Hadrut's label is
"Hadrut"@en (data/places.yaml), its documents are those of /id/hadrut."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from site_helpers import get, serving

LABEL = "SELECT ?label WHERE { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
CONSTRUCT = ("CONSTRUCT { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
             "WHERE { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
JSON = {"head": {"vars": ["label"]},
        "results": {"bindings": [{"label": {"type": "literal", "xml:lang": "en", "value": "Hadrut"}}]}}


@pytest.fixture(scope="module")
def server(built):
    with serving(built.out) as address:
        yield address


def query(server, text: str, accept: str | None, method: str = "GET"):
    return get(server, "/query?query=" + quote(text), accept, method)


# --- one negotiation for /query and the pages (issue 26) -------------------------------------------------------

@pytest.mark.parametrize("accept,media,body", [
    ("text/*", "text/csv", b"label\r\nHadrut\r\n"),  # was JSON: a wildcard over text/ takes a text/ format
    ("*/*", "application/sparql-results+json", JSON),
    (None, "application/sparql-results+json", JSON),
    ("text/csv;q=0, text/*", "text/tab-separated-values", b'?label\n"Hadrut"@en\n'),
    ("text/csv;q=0, */*", "application/sparql-results+json", JSON),
    ("text/tab-separated-values;q=0.4, text/csv;q=0.5", "text/csv", b"label\r\nHadrut\r\n"),
])
def test_query_answers_in_the_format_the_accept_header_ranks_first(server, accept, media, body):
    status, headers, got = query(server, LABEL, accept)
    if media.endswith("json"):
        got = json.loads(got)
    assert (status, headers["content-type"].split(";")[0], got) == (200, media, body)


@pytest.mark.parametrize("accept", ["text/csv;q=0", "image/png", "*/*;q=0", "text/html"])
def test_query_answers_406_when_no_format_is_acceptable(server, accept):
    status, headers, body = query(server, LABEL, accept)
    assert status == 406, body  # `text/csv;q=0` used to get CSV all the same
    assert body == (b"none of the formats of this answer is acceptable: application/sparql-results+json, "
                    b"application/sparql-results+xml, text/csv, text/tab-separated-values\n")


def test_a_construct_is_negotiated_by_the_same_rules(server):
    status, headers, body = query(server, CONSTRUCT, "application/rdf+xml")
    assert (status, headers["content-type"].split(";")[0]) == (200, "application/rdf+xml")
    assert b'xml:lang="en">Hadrut</' in body
    status, headers, body = query(server, CONSTRUCT, "text/*")
    assert (status, headers["content-type"].split(";")[0]) == (200, "text/turtle")
    assert query(server, CONSTRUCT, "text/csv")[0] == 406


@pytest.mark.parametrize("accept,ext", [("text/*", "ttl"), ("*/*", "ttl"), ("application/rdf+xml", "rdf"),
                                        ("text/turtle;q=0, */*", "nt")])
def test_pages_negotiate_with_the_same_rules(server, accept, ext):
    status, headers, _ = get(server, "/id/hadrut", accept)
    assert (status, headers["location"]) == (303, f"/id/hadrut.{ext}")


def test_pages_answer_406_when_no_format_is_acceptable(server):
    for accept in ("text/turtle;q=0, application/n-triples;q=0, application/ld+json;q=0, application/rdf+xml;q=0, "
                   "text/html;q=0", "image/png", "*/*;q=0"):
        assert get(server, "/id/hadrut", accept)[0] == 406, accept
