"""CSV and TSV results exactly as "SPARQL 1.1 Query Results CSV and TSV Formats" says, on the embedded store and
through a real Oxigraph server (`query --endpoint`): fields with commas, quotes and line breaks quoted in CSV,
terms in N-Triples form in TSV (tabs and line breaks escaped), unbound cells empty. Read back with Python's csv
module and pyoxigraph's N-Triples parser, not with the writer's own code."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from hadrut_kg.cli.main import main
from hadrut_kg.stores.oxigraph_server import OxigraphServer

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
