"""Mutation testing of the question-3 and timeline queries: every comparison, `&&`/`||`, `!`, `NOT EXISTS` and
`BOUND` of the query changed one at a time (hadrut_kg.quality.mutation.sparql), each mutant run against the
hand-written tests of that query; at least 90% of the mutants that change an answer must be killed, and the ones
that survive must be exactly those docs/mutation.md lists as equivalent, each with its reason.

Print the scores: `python -m pytest tests/test_mutation_sparql.py -q -s`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # minutes: hundreds of mutants, each run against the hand-written tests

import test_queries
import test_question3
import test_question3_bounds
from conftest import build_scope
from hadrut_kg import api
from hadrut_kg.paths import QUERIES
from hadrut_kg.quality.mutation.sparql import mutants
from mutation_runner import calls, documented_equivalents, first_failure, parses, query_replaced

# Each query with the test modules that answer for it, cheapest first.
ORACLES = {"relations-on-date": (test_question3_bounds, test_question3), "timeline": (test_queries,)}


@pytest.fixture(scope=build_scope)
def store(built):
    return api.load(built.out)


def outcome(name: str, built, store) -> dict[str, str | None]:
    """Each mutant of the query: None when it survives, else the first test that failed (or 'stillborn')."""
    fixtures = {"built": built, "store": store}
    checks = [c for module in ORACLES[name] for c in calls(module, fixtures)
              if name != "timeline" or "timeline" in c[0]]
    result = {}
    for mutant in mutants((QUERIES / f"{name}.rq").read_text(encoding="utf-8"), name):
        if not parses(mutant.text):
            result[mutant.ident] = "stillborn"
            continue
        with query_replaced(name, mutant.text):
            result[mutant.ident] = first_failure(checks)
        print(f"  {mutant.ident}: {result[mutant.ident] or 'SURVIVED'}", flush=True)
    return result


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_the_tests_kill_the_query_mutants(built, store, name):
    assert first_failure([c for module in ORACLES[name] for c in calls(module, {"built": built, "store": store})
                          if name != "timeline" or "timeline" in c[0]]) is None  # the unchanged query passes
    result = outcome(name, built, store)
    survivors = sorted(ident for ident, killer in result.items() if killer is None)
    equivalent = {k: v for k, v in documented_equivalents("sparql").items() if k.startswith(f"{name}:")}
    live = [ident for ident, killer in result.items() if killer != "stillborn"]
    killed = [ident for ident in live if result[ident] is not None]
    score = len(killed) / (len(live) - len(equivalent))
    print(f"\n{name}: {len(result)} mutants, {len(result) - len(live)} stillborn, {len(killed)} killed, "
          f"{len(survivors)} survived ({len(equivalent)} documented equivalent); "
          f"score {100 * score:.1f}% of the non-equivalent")
    for ident in survivors:
        print(f"  survived: {ident}")
    assert survivors == sorted(equivalent)
    assert score >= 0.9


def test_the_mutator_changes_operators_only_where_the_grammar_has_them():
    """Not in a comment, a string, an IRI or the prologue; `<` between terms is a comparison, `<…>` an IRI."""
    text = ('PREFIX ex: <http://example.org/a#b>\nSELECT ?a WHERE { # ?a < ?b && !BOUND(?c)\n'
            '  ?a <http://example.org/p> "x < y || !z" .\n  FILTER (?a < ?b && !BOUND(?c) || ?d != 1)\n'
            '  FILTER NOT EXISTS { ?a ex:q ?e } }')
    assert [(m.line, m.column, m.original, m.replacement) for m in mutants(text)] == [
        (4, 14, "<", "<="), (4, 19, "&&", "||"), (4, 22, "!", ""), (4, 23, "BOUND(", "!BOUND("),
        (4, 33, "||", "&&"), (4, 39, "!=", "="), (5, 10, "NOT EXISTS", "EXISTS")]
    first = mutants(text)[0]
    assert first.text.splitlines()[3] == "  FILTER (?a <= ?b && !BOUND(?c) || ?d != 1)"
