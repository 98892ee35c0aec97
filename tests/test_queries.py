"""Each competency question's query, run on the built dataset, gives exactly the answer worked out from the seeds
(tests/expected/*.csv, IRIs written with the dataset's prefixes); parameterised queries are tried with several
values. Also: the zero-row checks pass on the dataset and fail on their broken fixtures."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest

from hadrut_kg import api
from hadrut_kg.quality.checks import run_checks
from hadrut_kg.vocabulary.namespaces import Minted
from hadrut_kg.queries.catalogue import checks, named_queries
from hadrut_kg.queries.results import table

EXPECTED = Path(__file__).resolve().parent / "expected"
CHECK_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
PREFIXES = Minted().prefixes()

CASES = [
    ("settlements-of-province", {}),
    ("names-of-hadrut-unit", {"unit": "hk:hadrut-province"}),
    ("names-of-hadrut-unit", {"unit": "hk:hadrut-district"}),
    # Question 3 (relations-on-date): tests/test_question3.py, answers written by hand per rule.
    ("bishkek-territories", {}),
    ("renamings", {}),
    ("timeline", {}),
    ("khtsaberd-enclave", {}),
    ("heritage-sites", {}),
    ("mountains-near-centre", {}),
    ("units-within-distance", {"maxKm": "150"}),
    ("units-within-distance", {"maxKm": "100"}),
    ("units-within-distance", {"maxKm": "30"}),
    ("population-and-communities", {}),
    ("statements-about", {"resource": "hk:hadrut-province"}),
    ("statements-about", {"resource": "hk:operation-ring"}),
    ("statements-about", {"resource": "hk:togh"}),
    ("source-differences", {}),
    ("operation-ring", {}),
    ("wikidata-links", {}),
    ("names-of-place", {"place": "hk:hadrut"}),
    ("names-of-place", {"place": "hk:arajamugh"}),
    ("names-of-place", {"place": "hk:hin-tagher"}),
    ("names-of-place", {"place": "hk:fuzuli"}),
]


def expected_file(name: str, params: dict[str, str]) -> Path:
    suffix = "".join(f"@{k}={v.replace(':', '_')}" for k, v in params.items())
    return EXPECTED / f"{name}{suffix}.csv"


LIST_COLUMNS = {"sources", "capitalSource", "elevationSources"}  # GROUP_CONCAT cells: the order of their items is not significant


def rows_of(name, params, out):
    result = api.run(name, out, **params)
    rows = [[" ".join(sorted((v or "").split())) if var in LIST_COLUMNS else (v or "") for var, v in row.items()]
            for row in result.values(PREFIXES)]
    if name == "source-differences":  # the per-source counts are checked against the curated data instead
        rows = [r for r in rows if r[0] != "only-in"]
    return [list(result.variables)] + rows


@pytest.mark.parametrize("name,params", CASES, ids=lambda v: v if isinstance(v, str) else
                         ",".join(f"{k}={x}" for k, x in v.items()))
def test_query_gives_the_expected_answer(built, name, params):
    with expected_file(name, params).open(encoding="utf-8", newline="") as handle:
        expected = list(csv.reader(handle))
    assert rows_of(name, params, built.out) == expected


def test_every_question_has_a_query_and_an_answer_file():
    queries = named_queries()
    assert sorted(q.number for q in queries.values()) == list(range(1, 17))
    tested = {name for name, _ in CASES} | {"relations-on-date"}  # question 3: tests/test_question3.py
    assert tested == set(queries)
    for q in queries.values():
        assert q.examples and q.examples[0].startswith(f"hadrut-kg query {q.name}")
    used = {expected_file(n, p).name for n, p in CASES}
    assert used == {p.name for p in EXPECTED.glob("*.csv")}


def test_only_in_counts_statements_citing_one_document(built):
    """Question 13's "only-in" rows, recounted from the curated records: facts whose citations all lie in one
    source document."""
    from collections import Counter

    from hadrut_kg.curated.loader import load_data

    data = load_data()
    expected = Counter(data.sources[next(iter({c.source for c in f.cites}))].iri
                       for f in data.facts if len({data.sources[c.source].iri for c in f.cites}) == 1)
    result = api.run("source-differences", built.out)
    got = {row["sourceA"]: int(row["valueA"]) for row in result.values(PREFIXES) if row["kind"] == "only-in"}
    assert got == dict(expected) and got


def test_both_hadrut_units_give_the_same_names(built):
    assert rows_of("names-of-hadrut-unit", {"unit": "hk:hadrut-province"}, built.out) == \
        rows_of("names-of-hadrut-unit", {"unit": "hk:hadrut-district"}, built.out)


def test_checks_pass_on_the_dataset(built):
    assert run_checks(api.load(built.out)) == []


@pytest.mark.parametrize("name", sorted(checks()))
def test_check_fails_on_its_broken_fixture(name):
    fixture = CHECK_FIXTURES / f"{name}.ttl"
    text = fixture.read_text(encoding="utf-8")
    assert text.startswith("# Broken: ")
    expected = [line.removeprefix("# row: ").split(" | ") for line in text.splitlines() if line.startswith("# row: ")]
    store = ox.Store()
    store.load(path=str(fixture), format=ox.RdfFormat.TURTLE)
    result = table(store.query(checks()[name].text))
    got = [[v or "" for v in row.values()] for row in result.values({**PREFIXES, "ex": "http://example.org/"})]
    assert sorted(got) == sorted(expected) and got
