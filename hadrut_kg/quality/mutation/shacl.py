"""The rules of the SHACL shapes, one per constraint, and their mutants.

A rule is one constraint parameter of a shape: (shape, path, component) as a validation report names them, e.g.
(hks:StatementShape, rdf:subject, sh:MaxCountConstraintComponent); a node-level constraint has no path, a
SPARQL constraint is one rule per sh:sparql node. The members of an sh:or list are part of their rule, not rules
of their own. Mutants: each rule removed, and each numeric bound loosened by one (sh:maxCount n to n + 1,
sh:minCount n to n - 1, sh:minInclusive and sh:minExclusive down by one, sh:maxInclusive up by one), which only a
fixture exactly past the bound kills.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from rdflib.namespace import SH

HKS = "https://w3id.org/hadrut-kg/shapes#"
_SH = str(SH)
# Each constraint parameter and the component a report names for it.
COMPONENTS = {name: f"{_SH}{name[0].upper()}{name[1:]}ConstraintComponent" for name in (
    "minCount", "maxCount", "class", "datatype", "nodeKind", "in", "pattern", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "uniqueLang", "languageIn", "lessThanOrEquals", "lessThan", "or", "and",
    "not", "xone", "hasValue", "minLength", "maxLength", "equals", "disjoint", "node", "qualifiedValueShape")}
COMPONENTS["sparql"] = f"{_SH}SPARQLConstraintComponent"
COMPONENTS["uniqueLang"] = f"{_SH}UniqueLangConstraintComponent"
# How a numeric bound is loosened by one.
LOOSEN = {"maxCount": 1, "minCount": -1, "minInclusive": -1, "minExclusive": -1, "maxInclusive": 1,
          "maxExclusive": 1}


@dataclass(frozen=True)
class Rule:
    shape: str  # the node shape's IRI
    path: str  # the property path's IRI, "^IRI" for an inverse path, "" for a node-level constraint
    component: str  # the constraint component's IRI
    node: Node  # the node carrying the parameter (the property shape, or the node shape)
    parameter: URIRef
    value: Node

    def key(self) -> tuple[str, str, str]:
        return self.shape, self.path, self.component

    def short(self) -> str:
        path = self.path.rsplit("/", 1)[-1].replace("#", ":") if self.path else "-"
        return f"{self.shape.removeprefix(HKS)} {path} {self.component.removeprefix(_SH)}"


@dataclass(frozen=True)
class Mutant:
    ident: str
    rule: Rule
    turtle: bytes


def _path(graph: Graph, node: Node) -> str:
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return str(node)


def rules(shapes: Graph) -> list[Rule]:
    """Every constraint of every node shape under the hks: namespace, in a stable order."""
    out = []
    parameters = {SH[name]: name for name in COMPONENTS}
    shapes_iris = sorted({s for s in shapes.subjects(RDF.type, SH.NodeShape) if str(s).startswith(HKS)}
                         | {s for s in shapes.subjects(SH.sparql, None) if str(s).startswith(HKS)})
    for shape in shapes_iris:
        owners = [(shape, "")] + sorted(((p, _path(shapes, shapes.value(p, SH.path)))
                                         for p in shapes.objects(shape, SH.property)), key=lambda t: t[1])
        for node, path in owners:
            for parameter, value in sorted(shapes.predicate_objects(node), key=lambda t: (str(t[0]), str(t[1]))):
                if parameter in parameters:
                    name = parameters[parameter]
                    out.append(Rule(str(shape), path, COMPONENTS[name], node, parameter, value))
    return out


def mutants(shapes_ttl: bytes) -> list[Mutant]:
    """Each rule removed, then each numeric bound loosened by one; each mutant is the whole shapes text."""
    out = []
    base = Graph().parse(data=shapes_ttl, format="turtle")
    for rule in rules(base):
        name = str(rule.parameter).removeprefix(_SH)
        changes = [("removed", None)]
        if name in LOOSEN and isinstance(rule.value, Literal):
            changes.append((f"{rule.value} -> {rule.value.toPython() + LOOSEN[name]}",
                            Literal(rule.value.toPython() + LOOSEN[name], datatype=rule.value.datatype)))
        for what, replacement in changes:
            graph = Graph()
            for triple in base:
                graph.add(triple)
            graph.remove((rule.node, rule.parameter, rule.value))
            if replacement is not None:
                graph.add((rule.node, rule.parameter, replacement))
            ident = f"{rule.short()} {name} {what}"
            out.append(Mutant(ident, rule, graph.serialize(format="nt", encoding="utf-8")))
    return out
