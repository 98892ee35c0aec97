"""One invalid fixture per rule of the shapes: every constraint of ontology/shapes.ttl and shapes-sparql.ttl
(each sh:minCount, sh:maxCount, sh:class, sh:datatype, sh:nodeKind, sh:in, sh:pattern, range, language and SPARQL
constraint, as hadrut_kg.quality.mutation.shacl lists them) has a focus node that breaks it, in the shape's own
fixtures (tests/fixtures/shapes/<Shape>-invalid-*.ttl) or in tests/fixtures/shapes/rules/<Shape>.ttl, which holds
one focus node per remaining rule. Each rule file must give exactly the violations its `# expect:` lines name
(focus, shape, path, component), no more and no fewer."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from hadrut_kg.quality.mutation.shacl import rules
from hadrut_kg.quality.validation import both_shapes
from test_shapes import EXPECT, FIXTURES, expand, run

RULES = FIXTURES / "rules"
SPARQL = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"


def expectations(path: Path) -> list[tuple[str, str, str, str]]:
    return sorted((expand(f), expand(s), expand(p), expand(c)) for f, s, p, c in EXPECT.findall(path.read_text("utf-8")))


def report(path: Path) -> list[tuple[str, str, str, str]]:
    return sorted((v.focus, v.shape.replace(" (property shape)", ""), v.path, expand(v.component))
                  for v in run(path).violations)


@pytest.mark.parametrize("path", sorted(RULES.glob("*.ttl")), ids=lambda p: p.stem)
def test_each_rule_fixture_breaks_exactly_the_rules_it_names(path):
    expected = expectations(path)
    assert expected and all(shape.endswith("#" + path.stem) or shape.endswith("Shape") for _, shape, _, _ in expected)
    assert report(path) == expected


def covered() -> Counter:
    """(shape, path, component) of every expected violation of every invalid fixture; a SPARQL constraint's
    report may name a path of its own (?path), so it counts for the rule without one."""
    keys = Counter()
    for path in sorted(FIXTURES.glob("*-invalid-*.ttl")) + sorted(RULES.glob("*.ttl")):
        for _, shape, rule_path, component in expectations(path):
            keys[shape, "" if component == SPARQL else rule_path, component] += 1
    return keys


def test_every_rule_of_the_shapes_has_an_invalid_fixture():
    declared = {rule.key() for rule in rules(Graph().parse(data=both_shapes(), format="turtle"))}
    missing = sorted(declared - set(covered()))
    assert missing == []
    assert sorted(set(covered()) - declared) == []  # and no fixture expects a rule the shapes do not have


def test_the_rules_are_the_constraints_written_in_the_shape_files():
    """The rule list is read from the files, not assumed: spot checks against the Turtle as written."""
    found = {rule.short() for rule in rules(Graph().parse(data=both_shapes(), format="turtle"))}
    assert {"StatementShape 22-rdf-syntax-ns:subject MaxCountConstraintComponent",
            "StatementShape 22-rdf-syntax-ns:predicate NodeKindConstraintComponent",
            "NameShape ontology:hasName MinCountConstraintComponent",  # the inverse path ^hkg:hasName
            "SourceDocumentShape - PatternConstraintComponent",
            "TimeBoundsShape - SPARQLConstraintComponent"} <= found
    assert len(rules(Graph().parse(data=both_shapes(), format="turtle"))) == len(_written_constraints())


def _written_constraints() -> list[str]:
    """The constraint parameters as written in the Turtle text, read with regular expressions instead of an RDF
    parser: strings and comments blanked, the members of each sh:or list folded into their sh:or."""
    text = both_shapes().decode("utf-8")
    text = re.sub(r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"', '""', text)
    text = re.sub(r"(?m)#.*$", "", re.sub(r"<[^<>\\s]*>", "<>", text))  # IRIs first: their '#' is no comment
    text = re.sub(r"sh:or\s*\([^()]*\)", "sh:or ()", text)
    return re.findall(r"\bsh:(minCount|maxCount|class|datatype|nodeKind|in|pattern|minInclusive|maxInclusive|"
                      r"minExclusive|uniqueLang|languageIn|lessThanOrEquals|or|sparql)\b", text)
