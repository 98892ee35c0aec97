"""Every named query gives the same answer on every engine a user is likely to load this dataset into: the
embedded pyoxigraph store (the reference, itself checked against tests/expected/), the Oxigraph server and Debian's
Virtuoso 7 (each loaded with `hadrut-kg load`; Virtuoso also with its own bulk loader from hadrut.trig, querying
the union of its graphs), rdflib's Graph over hadrut.ttl and rdflib's Dataset(default_union=True) over
hadrut.trig, and Apache Jena ARQ (Debian's jars) over hadrut.ttl and over the union of hadrut.trig's graphs. Answers are compared as sorted SPARQL CSV rows; the items of a multi-valued cell (declared in the
query's header) are compared in sorted order, since GROUP_CONCAT's order is not defined. An answer from a store
is read as `hadrut-kg query --endpoint` reads it, with the query text, so a LANG(?x) value is compared in its BCP 47
case (az-Cyrl) whether the store lower-cases tags (Oxigraph) or keeps the file's case (rdflib, Jena)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib

from hadrut_kg import api
from hadrut_kg.cli.main import main
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, Minted
from hadrut_kg.stores.oxigraph_server import OxigraphServer
from hadrut_kg.queries.catalogue import bind, named_queries, resolve_params
from hadrut_kg.stores.remote import fetch
from hadrut_kg.queries.results import csv_value, table

from jena_arq import run_queries
from test_queries import CASES

pytestmark = [pytest.mark.slow,  # seven engines: Oxigraph server, Virtuoso, Jena ARQ (Java), rdflib
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")]

ENGINES = ["oxigraph-server", "virtuoso-load", "virtuoso-bulk", "rdflib-graph", "rdflib-dataset", "jena-graph",
           "jena-union"]
MULTI = re.compile(r"^# Multi-valued cells \(([^)]*)\)", re.MULTILINE)
# A case whose hand-written answer is empty has nothing to compare (test_queries checks it is empty).
PORTABLE = CASES + [("relations-on-date", {"unit": u, "date": d}) for u, d in (
    ("hk:hadrut", "1985-01-01"), ("hk:hadrut", "2005-01-01"), ("hk:khtsaberd-enclave", "2020-11-14"),
    ("hk:hadrut-province", "2030-01-01"))]


# Picking names by language tag: langMatches ignores case on every engine, whether the store lower-cases tags
# (Oxigraph, Virtuoso 7) or keeps the file's BCP 47 case (rdflib, Jena 4); `LANG(?x) = "az-Cyrl"` would not.
LANG_MATCHES = {f"lang-matches-{r}": 'SELECT ?name (LANG(?name) AS ?lang) WHERE { ?place '
                '<http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER (langMatches(LANG(?name), "' + r + '")) }'
                for r in ("az-Cyrl", "az-cyrl", "AZ-CYRL")}


def case_id(case) -> str:
    name, params = case
    return name + "".join(f"@{k}={v}" for k, v in params.items())


def text_of(name: str, params: dict) -> str:
    query = named_queries()[name]
    return bind(query.text, resolve_params(query, params, Minted(DEFAULT_BASE)))


def canonical(name: str, variables: list[str], rows: list[list[str]]) -> list:
    header = MULTI.search(named_queries()[name].text)
    multi = {v.strip() for v in header.group(1).split(",")} if header else set()
    cells = [[" ".join(sorted(c.split(" "))) if v in multi and c else c for v, c in zip(variables, row, strict=True)]
             for row in rows]
    return [variables, sorted(cells)]


def rows_of_table(tab) -> tuple[list[str], list[list[str]]]:
    return tab.variables, [[csv_value(t) for t in row] for row in tab.rows]


def rdflib_cell(term) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, rdflib.BNode) else str(term)


@pytest.fixture(scope="module")
def oxigraph_loaded(built):
    with OxigraphServer() as server:
        assert main(["load", "--endpoint", server.store_endpoint, "--dataset", str(built.out)]) == 0
        yield server


@pytest.fixture(scope="module")
def rdflib_graph(built):
    graph = rdflib.Graph()
    graph.parse(built.out / "hadrut.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def rdflib_dataset(built):
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(built.out / "hadrut.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def jena(built, tmp_path_factory):
    """Jena ARQ's answers to every portability case, per mode, from one JVM per mode (case id → JSON or error)."""
    queries = {f"case{i}": text_of(n, p) for i, (n, p) in enumerate(PORTABLE)} | LANG_MATCHES
    folder = tmp_path_factory.mktemp("jena")
    return {"jena-graph": run_queries(built.out / "hadrut.ttl", "graph", queries, folder / "graph"),
            "jena-union": run_queries(built.out / "hadrut.trig", "union", queries, folder / "union")}


@pytest.fixture(scope="module")
def engines(request):
    """Each engine as a function from query text to (variables, CSV rows), started only when first asked for."""
    def remote(endpoint):
        return lambda text: rows_of_table(table(fetch(endpoint, text, 120), text))

    def local(graph):
        def run(text):
            result = graph.query(text)
            variables = [str(v) for v in result.vars]
            return variables, [[rdflib_cell(row[i]) for i in range(len(variables))] for row in result]
        return run

    makers = {
        "oxigraph-server": lambda: remote(request.getfixturevalue("oxigraph_loaded").query_endpoint),
        "virtuoso-load": lambda: remote(request.getfixturevalue("virtuoso_loaded")[0].query),
        "virtuoso-bulk": lambda: remote(request.getfixturevalue("virtuoso_bulk").query),
        "rdflib-graph": lambda: local(request.getfixturevalue("rdflib_graph")),
        "rdflib-dataset": lambda: local(request.getfixturevalue("rdflib_dataset")),
        "jena-graph": lambda: answered(request.getfixturevalue("jena")["jena-graph"]),
        "jena-union": lambda: answered(request.getfixturevalue("jena")["jena-union"]),
    }
    def answered(results):
        by_text = {text_of(n, p): results[f"case{i}"] for i, (n, p) in enumerate(PORTABLE)}
        by_text |= {text: results[key] for key, text in LANG_MATCHES.items()}

        def run(text):
            answer = by_text[text]
            if isinstance(answer, str):
                raise AssertionError(f"Jena failed: {answer[:500]}")
            return rows_of_table(table(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON), text))
        return run

    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = makers[name]()
        return cache[name]
    return get


# Question 3 on Virtuoso 7 (Debian's 7.2): not answered the same, and not yet worked around. Seen here: BOUND() of a
# variable of an OPTIONAL inside a UNION branch is true in the enclosing group although the variable has no value,
# an OPTIONAL with a variable predicate bound by an earlier BIND matches as if it were unbound, and some parameter
# values end in "500 SPARQL Request Failed". The query keeps unknown bounds as "" decided inside each group, which
# the other six engines answer alike; Virtuoso still reads an open end where there is none. docs/stores.md
# ("Loading into a triple store") says so.
VIRTUOSO_UNSUPPORTED = {"relations-on-date"}
PAIRS = [(engine, case) for case in PORTABLE for engine in ENGINES
         if not (engine.startswith("virtuoso") and case[0] in VIRTUOSO_UNSUPPORTED)]


@pytest.mark.parametrize("engine,case", PAIRS, ids=lambda v: v if isinstance(v, str) else case_id(v))
def test_named_query_gives_the_embedded_answer(built, engines, engine, case):
    name, params = case
    expected = canonical(name, *rows_of_table(api.run(name, built.out, **params)))
    assert expected[1], "a portability case must have rows to compare"
    got = canonical(name, *engines(engine)(text_of(name, params)))
    assert got == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_lang_matches_picks_a_tag_in_any_case_on_every_engine(engines, engine):
    for text in LANG_MATCHES.values():
        assert engines(engine)(text) == (["name", "lang"], [["Һадрут рајону", "az-Cyrl"]]), text


def test_every_named_query_is_compared():
    assert {name for name, _ in PORTABLE} == set(named_queries())
