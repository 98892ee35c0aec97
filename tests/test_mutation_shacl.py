"""Mutation testing of the shapes: each rule of shapes.ttl and shapes-sparql.ttl removed, and each numeric bound
loosened by one (hadrut_kg.quality.mutation.shacl), against every shape fixture at once. A mutant is killed when
the build's SHACL engine reports anything other than what the fixtures' `# expect:` lines say; at least 90% of the
non-equivalent mutants must be killed, and the survivors must be exactly the ones docs/mutation.md lists as
equivalent, with their reasons.

All fixtures are validated as one graph: each file (with its own copy of _common.ttl) gets its own namespace, so
the focus nodes of two files never meet. Print the score: `python -m pytest tests/test_mutation_shacl.py -q -s`."""

from __future__ import annotations

import pytest
from rdflib import Graph

from hadrut_kg.paths import ONTOLOGY_FILE
from hadrut_kg.quality.mutation.shacl import mutants
from hadrut_kg.quality.validation import both_shapes, validate
from mutation_runner import documented_equivalents
from test_shape_rules import RULES, expectations
from test_shapes import FIXTURES

pytestmark = pytest.mark.slow  # minutes: every rule removed or loosened, each run against the shape fixtures

EX, DOC = "http://example.org/", "https://en.wikipedia.org/wiki/Example"


def fixtures() -> list:
    return sorted(FIXTURES.glob("*Shape-*.ttl")) + sorted(RULES.glob("*.ttl"))


def _own(text: str, stem: str) -> str:
    return text.replace(EX, f"{EX}{stem}/").replace(DOC, f"{DOC}-{stem}")


def merged() -> tuple[Graph, list[tuple[str, str, str, str]]]:
    """The ontology and every fixture, each in its own namespace, with every violation they must give."""
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    common = (FIXTURES / "_common.ttl").read_text(encoding="utf-8")
    expected = []
    for path in fixtures():
        stem = ("rules-" if path.parent == RULES else "") + path.stem
        graph.parse(data=_own(common, stem), format="turtle")
        graph.parse(data=_own(path.read_text(encoding="utf-8"), stem), format="turtle")
        expected += [(_own(focus, stem), shape, rule_path, component)
                     for focus, shape, rule_path, component in expectations(path)]
    return graph, sorted(expected)


def reported(graph: Graph, shapes: bytes) -> list[tuple[str, str, str, str]]:
    return sorted((v.focus, v.shape.replace(" (property shape)", ""), v.path, v.component.replace("sh:", SH))
                  for v in validate(graph, shapes).violations)


SH = "http://www.w3.org/ns/shacl#"


def test_the_fixtures_kill_the_shape_mutants():
    graph, expected = merged()
    assert reported(graph, both_shapes()) == expected  # the fixtures together give exactly their own reports
    result = {}
    for mutant in mutants(both_shapes()):
        result[mutant.ident] = reported(graph, mutant.turtle) != expected
    survivors = sorted(ident for ident, killed in result.items() if not killed)
    equivalent = documented_equivalents("shacl")
    score = (len(result) - len(survivors)) / (len(result) - len(equivalent))
    print(f"\nshapes: {len(result)} mutants, {len(result) - len(survivors)} killed, {len(survivors)} survived "
          f"({len(equivalent)} documented equivalent); score {100 * score:.1f}% of the non-equivalent")
    for ident in survivors:
        print(f"  survived: {ident}")
    assert survivors == sorted(equivalent)
    assert score >= 0.9
