"""The SHACL gate: validate the dataset and summarise each violation for a person to read.

The build validates with pyshacl-turbo (a SHACL engine in Rust with pySHACL's API, MIT OR Apache-2.0) on the
same pyoxigraph store the zero-row checks use; pySHACL stays the reference: tests/test_validation_agreement.py
runs both on every shape fixture, on the real dataset and on it with violations injected, and requires the same
results (focus node, path, component, shape, severity). Why this engine: README.md, "SHACL engine".
"""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import SH

ENGINES = ("turbo", "pyshacl")  # the build's engine first; pySHACL is the reference


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    component: str
    shape: str
    message: str
    severity: str
    value: str = ""

    def __str__(self) -> str:
        value = f"\n  value: {self.value}" if self.value else ""
        return (f"{self.severity}: {self.focus}\n  path: {self.path or '-'}\n  shape: {self.shape}\n"
                f"  constraint: {self.component}{value}\n  message: {self.message}")

    def key(self) -> tuple[str, str, str, str, str, str]:
        """What two engines must agree on (the default message of a shape without sh:message may differ)."""
        return self.focus, self.path, self.component, self.shape, self.severity, self.value


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]
    text: str
    turtle: bytes


def _short(term) -> str:
    return "" if term is None else str(term)


def rdflib_graph(nt: bytes):
    """Parse N-Triples into an rdflib graph (what pySHACL, the reference engine, validates)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=nt, format="nt")
    return graph


def _shapes_graph(shapes_ttl: bytes):
    from rdflib import Graph

    return Graph().parse(data=shapes_ttl, format="turtle")


def _shape_name(shapes, results, shape) -> str:
    """A named shape's IRI; for a blank property shape, the named node shape that holds it, found by its path
    (blank node labels need not survive from the shapes graph into an engine's report)."""
    from rdflib import BNode, URIRef

    if not isinstance(shape, BNode):
        return str(shape)
    parents = list(shapes.subjects(URIRef(SH + "property"), shape))
    if not parents:  # the report's copy of the blank shape: match it by its path and constraints
        path = results.value(shape, URIRef(SH + "path"))
        parents = [s for s, prop in shapes.subject_objects(URIRef(SH + "property"))
                   if path is not None and shapes.value(prop, URIRef(SH + "path")) == path]
    return f"{parents[0]} (property shape)" if len(set(parents)) == 1 else "(blank shape)"


def _path(graph, path) -> str:
    """A result path as text: an IRI, or ^IRI for an inverse path."""
    from rdflib import BNode, URIRef

    if isinstance(path, BNode):
        inverse = graph.value(path, URIRef(SH + "inversePath"))
        return f"^{inverse}" if inverse is not None else "(complex path)"
    return _short(path)


def validate(data, shapes_ttl: bytes, engine: str = "turbo") -> Report:
    """Validate the data (a pyoxigraph Store, or an rdflib graph; with the ontology in it, so class hierarchies
    count) against the shapes, with the build's engine or the reference ("pyshacl")."""
    from rdflib import RDF, URIRef

    shapes = _shapes_graph(shapes_ttl)
    options = dict(shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    if engine == "turbo":
        import pyshacl_turbo

        conforms, results, text = pyshacl_turbo.validate(data, **options)
    elif engine == "pyshacl":
        import pyshacl

        if not hasattr(data, "serialize"):  # pySHACL reads rdflib graphs only
            from pyoxigraph import RdfFormat, serialize

            data = rdflib_graph(serialize(data, format=RdfFormat.N_TRIPLES))
        conforms, results, text = pyshacl.validate(data, inplace=True, **options)  # no inference: nothing to copy
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {', '.join(ENGINES)}")
    violations = []
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        def get(local: str, result=result):
            return results.value(result, URIRef(SH + local))
        violations.append(Violation(
            focus=_short(get("focusNode")), path=_path(results, get("resultPath")),
            component=_short(get("sourceConstraintComponent")).replace(SH, "sh:"),
            shape=_shape_name(shapes, results, get("sourceShape")),
            message=_short(get("resultMessage")), severity=_short(get("resultSeverity")).replace(SH, "sh:"),
            value=_short(get("value"))))
    violations.sort(key=lambda v: (v.shape, v.focus, v.path, v.component, v.message))
    return Report(bool(conforms), violations, text, results.serialize(format="turtle").encode())
