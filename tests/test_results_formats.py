"""CSV and TSV results exactly as "SPARQL 1.1 Query Results CSV and TSV Formats" says, on the embedded store,
through a real Oxigraph server (`query --endpoint`) and from a real `hadrut-kg serve` (the same bytes as the
embedded `query`, directly and through `query --endpoint`): fields with commas, quotes and line breaks quoted in CSV,
terms in N-Triples form in TSV (tabs and line breaks escaped), unbound cells empty. Read back with Python's csv
module and pyoxigraph's N-Triples parser, not with the writer's own code."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from hadrut_kg.cli.main import main
from hadrut_kg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.slow  # a real `serve`

QUERY = r'''SELECT ?iri ?text ?lang ?number ?none WHERE {
  VALUES (?iri ?text ?lang ?number) {
    (<https://example.org/a,b> "tab\there\nand a line, with \"quotes\"" "Հադրութ"@hy 2724.6)
    (<https://example.org/plain> " leading space" "x"@en 16)
  }
} ORDER BY ?iri'''
ROWS = [["https://example.org/a,b", 'tab\there\nand a line, with "quotes"', "Հադրութ", "2724.6", ""],
        ["https://example.org/plain", " leading space", "x", "16", ""]]
TERMS = [[ox.NamedNode("https://example.org/a,b"), ox.Literal('tab\there\nand a line, with "quotes"'),
          ox.Literal("Հադրութ", language="hy"), ox.Literal("2724.6", datatype=ox.NamedNode(
              "http://www.w3.org/2001/XMLSchema#decimal")), None],
         [ox.NamedNode("https://example.org/plain"), ox.Literal(" leading space"), ox.Literal("x", language="en"),
          ox.Literal("16", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), None]]


@pytest.fixture(scope="module")
def server():
    with OxigraphServer() as srv:
        yield srv


def run(capsys, fmt, *where):
    assert main(["query", "-e", QUERY, "--format", fmt, *where]) == 0
    return capsys.readouterr().out


def parse_tsv_term(cell: str):
    if cell == "":
        return None
    (triple,) = ox.parse(f"<urn:s> <urn:p> {cell} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object


@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_csv_quotes_every_field_that_needs_it(built, capsys, server, where):
    target = ["--dataset", str(built.out)] if where == "embedded" else ["--endpoint", server.query_endpoint]
    out = run(capsys, "csv", *target)
    assert out.startswith("iri,text,lang,number,none\r\n")
    assert '"https://example.org/a,b"' in out  # an IRI with a comma is quoted too
    assert list(csv.reader(io.StringIO(out, newline=""))) == [["iri", "text", "lang", "number", "none"], *ROWS]


@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_tsv_writes_terms_escaped_one_row_per_line(built, capsys, server, where):
    target = ["--dataset", str(built.out)] if where == "embedded" else ["--endpoint", server.query_endpoint]
    out = run(capsys, "tsv", *target)
    lines = out.split("\n")
    assert lines[0] == "?iri\t?text\t?lang\t?number\t?none" and lines[-1] == "" and len(lines) == 4
    assert [[parse_tsv_term(c) for c in line.split("\t")] for line in lines[1:-1]] == TERMS


@pytest.fixture(scope="module")
def served(built):
    """`hadrut-kg serve` over the built dataset on 127.0.0.1 and a free port; yields its query endpoint."""
    import signal
    import subprocess
    import sys

    from hadrut_kg.stores.oxigraph_server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port),
                             "--dataset", str(built.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query"), line
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def fetch_from(endpoint: str, query: str, media_type: str) -> tuple[str, bytes]:
    """POST a query to a SPARQL endpoint asking for one media type; (Content-Type, body)."""
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": media_type})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers["Content-Type"], response.read()


SERVED_CASES = {"values": ["-e", QUERY], "source-differences": ["source-differences"]}


@pytest.mark.parametrize("fmt,media_type", [("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
@pytest.mark.parametrize("case", sorted(SERVED_CASES))
def test_serve_gives_the_embedded_bytes(built, capsys, served, case, fmt, media_type):
    """The endpoint's CSV and TSV are byte for byte the embedded `query`'s, and so is `query --endpoint` against
    it: an IRI holding a comma (source-differences cites https://en.wikipedia.org/wiki/Spitakashen,_Hadrut) and a
    string with quotes, a tab and a line break (the VALUES query) included."""
    from hadrut_kg.queries.catalogue import named_queries

    def cli(*where):
        assert main(["query", *SERVED_CASES[case], "--format", fmt, *where]) == 0
        return capsys.readouterr().out

    embedded = cli("--dataset", str(built.out))
    content_type, body = fetch_from(served, QUERY if case == "values" else named_queries()[case].text, media_type)
    assert content_type.split(";")[0] == media_type
    assert body.decode("utf-8") == embedded
    assert cli("--endpoint", served) == embedded
    if fmt == "csv" and case == "source-differences":
        assert '\r\nonly-in,,,1,"https://en.wikipedia.org/wiki/Spitakashen,_Hadrut",,\r\n' in embedded
    if fmt == "csv" and case == "values":
        assert '"tab\there\nand a line, with ""quotes"""' in embedded
