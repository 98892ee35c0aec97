"""The SHACL gate: validate the dataset with pySHACL and summarise each violation for a person to read."""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import SH


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    component: str
    shape: str
    message: str
    severity: str

    def __str__(self) -> str:
        return (f"{self.severity}: {self.focus}\n  path: {self.path or '-'}\n  shape: {self.shape}\n"
                f"  constraint: {self.component}\n  message: {self.message}")


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]
    text: str
    turtle: bytes


def _short(term) -> str:
    return "" if term is None else str(term)


def _shape_name(graph, shape) -> str:
    """A named shape's IRI; for a blank property shape, the named node shape that holds it."""
    from rdflib import BNode, URIRef

    if not isinstance(shape, BNode):
        return str(shape)
    parents = list(graph.subjects(URIRef(SH + "property"), shape))
    return f"{parents[0]} (property shape)" if parents else "(blank shape)"


def rdflib_graph(nt: bytes):
    """Parse N-Triples into an rdflib graph (pySHACL and the JSON-LD compaction both work on one)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=nt, format="nt")
    return graph


def _path(graph, path) -> str:
    """A result path as text: an IRI, or ^IRI for an inverse path."""
    from rdflib import BNode, URIRef

    if isinstance(path, BNode):
        inverse = graph.value(path, URIRef(SH + "inversePath"))
        return f"^{inverse}" if inverse is not None else "(complex path)"
    return _short(path)


def validate(data, shapes_ttl: bytes) -> Report:
    """Validate an rdflib graph (with the ontology in it, so class hierarchies count) against the shapes."""
    import pyshacl
    from rdflib import RDF, Graph, URIRef

    shapes = Graph()
    shapes.parse(data=shapes_ttl, format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                               allow_warnings=True, inplace=True)  # no inference: nothing to copy
    violations = []
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        def get(local: str, result=result):
            return results.value(result, URIRef(SH + local))
        violations.append(Violation(
            focus=_short(get("focusNode")), path=_path(results, get("resultPath")),
            component=_short(get("sourceConstraintComponent")).replace(SH, "sh:"),
            shape=_shape_name(shapes, get("sourceShape")),
            message=_short(get("resultMessage")), severity=_short(get("resultSeverity")).replace(SH, "sh:")))
    violations.sort(key=lambda v: (v.shape, v.focus, v.path, v.component, v.message))
    return Report(conforms, violations, text, results.serialize(format="turtle").encode())
