"""The benchmark's synthetic data: valid in the project's own format (the build passes SHACL and every check),
as hard as the real data (four languages, three scripts, every EDTF form the data uses, facts two sources state,
figures they disagree on), and the same files for the same seed."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from hadrut_kg.build import build
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, HKG
from hadrut_kg.benchmark.synthetic import generate

pytestmark = pytest.mark.slow  # synthetic datasets built and validated


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("synthetic-*.yaml"))}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a, b, c = (generate(tmp_path / name, 12, seed) for name, seed in (("a", 7), ("b", 7), ("c", 8)))
    assert files(a) == files(b)
    assert files(a) != files(c)


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synthetic")
    result = build(tmp / "dist", DEFAULT_BASE, data_dir=generate(tmp / "data", 30, 1))
    store = ox.Store()
    store.bulk_load(path=str(result.out / "hadrut.nt"), format=ox.RdfFormat.N_TRIPLES)
    return result, store


def rows(store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(f"PREFIX hkg: <{HKG}> {query}")]


def test_it_builds_and_passes_both_gates(synthetic_build):
    result, _ = synthetic_build
    assert result.report.conforms and result.report.violations == []
    assert result.triples > 5390 + 30 * 150


def test_names_in_four_languages_and_three_scripts(synthetic_build):
    _, store = synthetic_build
    found = set((lang.lower(), script) for lang, script in rows(store, """SELECT DISTINCT ?lang ?script WHERE {
        ?place hkg:hasName ?n . ?n hkg:nameText ?text ; hkg:script ?script .
        FILTER (STRSTARTS(STR(?place), "https://w3id.org/hadrut-kg/id/syn-")) BIND (LANG(?text) AS ?lang) }"""))
    assert found == {("en", "Latn"), ("az", "Latn"), ("hy", "Armn"), ("ru", "Cyrl"), ("az-cyrl", "Cyrl")}


def test_every_edtf_form_the_data_uses(synthetic_build):
    _, store = synthetic_build
    forms = {edtf for (edtf,) in rows(store, "SELECT DISTINCT ?e WHERE { ?d a hkg:DateValue ; hkg:edtf ?e }")}
    patterns = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-(0\d|1[0-2])", "year": r"\d{4}",
                "interval": r"[^\[]+/[^\]]+", "one of two days": r"\[\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2}\]",
                "on or before": r"\[\.\.[\d-]+\]", "on or after": r"\[[\d-]+\.\.\]", "season": r"\d{4}-2[1-4]",
                "unspecified digits": r"\d{2,3}X+"}
    missing = [kind for kind, pattern in patterns.items() if not any(re.fullmatch(pattern, f) for f in forms)]
    assert missing == []


def test_facts_two_sources_state_and_figures_they_disagree_on(synthetic_build):
    _, store = synthetic_build
    cited_twice = rows(store, """SELECT ?s (COUNT(DISTINCT ?sec) AS ?n) WHERE {
        ?s a hkg:Statement ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?place ;
           <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> hkg:locatedIn ;
           <http://www.w3.org/ns/prov#wasDerivedFrom> ?sec .
        FILTER (STRSTARTS(STR(?place), "https://w3id.org/hadrut-kg/id/syn-")) } GROUP BY ?s HAVING (COUNT(DISTINCT ?sec) > 1)""")
    assert len(cited_twice) == 30
    disagreements = rows(store, """SELECT ?place WHERE { ?place hkg:population ?a , ?b .
        FILTER (STRSTARTS(STR(?place), "https://w3id.org/hadrut-kg/id/syn-") && ?a < ?b) }""")
    assert 25 <= len(disagreements) <= 30  # two random figures; equal by chance at most rarely
