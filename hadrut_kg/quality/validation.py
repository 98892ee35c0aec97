"""The SHACL gate: validate the dataset and summarise each violation for a person to read.

The build validates with pyshacl-turbo (a SHACL engine in Rust with pySHACL's API, MIT OR Apache-2.0) on the
same pyoxigraph store the zero-row checks use; pySHACL stays the reference: tests/test_validation_agreement.py
runs both on every shape fixture, on the real dataset and on it with violations injected, and requires the same
results (focus node, path, component, shape, severity). Why this engine: docs/speed.md, "SHACL engine".
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass

from hadrut_kg.paths import SHAPES_FILE, SPARQL_SHAPES_FILE
from hadrut_kg.vocabulary.namespaces import SH

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


def both_shapes(core: bytes | None = None, sparql: bytes | None = None) -> bytes:
    """The build's gate as one Turtle text: the SHACL Core shapes, then the SHACL-SPARQL ones (two Turtle
    documents one after the other are one document: their prefixes agree and they name no blank node).
    Defaults: ontology/shapes.ttl and ontology/shapes-sparql.ttl."""
    core = SHAPES_FILE.read_bytes() if core is None else core
    sparql = SPARQL_SHAPES_FILE.read_bytes() if sparql is None else sparql
    return core + b"\n" + sparql


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


class Prepared:
    """The shapes parsed and compiled for pyshacl-turbo once, ahead of the data: the validation child does this
    while the build still loads and maps (0.04–0.06 s of the real build's critical path)."""

    def __init__(self, shapes_ttl: bytes):
        import pyshacl_turbo

        self.shapes_ttl = shapes_ttl
        self.graph = _shapes_graph(shapes_ttl)
        self.program = pyshacl_turbo.compile_shapes(self.graph, advanced=True)

    def validate(self, data):
        """pyshacl_turbo.validate(data, shacl_graph=…, inference="none", advanced=True, allow_warnings=True),
        without its second copy of a store's data (it dumps a store once to keep and once to validate)."""
        return self.program.validate(data, inference=None, allow_warnings=True, _normalize_report_literals=True)


def validate(data, shapes_ttl: bytes, engine: str = "turbo", prepared: Prepared | None = None) -> Report:
    """Validate the data (a pyoxigraph Store, or an rdflib graph; with the ontology in it, so class hierarchies
    count) against the shapes, with the build's engine or the reference ("pyshacl"). `prepared`: the shapes
    already compiled for the build's engine."""
    from rdflib import RDF, URIRef

    if engine == "turbo":
        prepared = prepared if prepared is not None and prepared.shapes_ttl == shapes_ttl else Prepared(shapes_ttl)
        shapes = prepared.graph
        conforms, results, text = prepared.validate(data)
    elif engine == "pyshacl":
        import pyshacl

        shapes = _shapes_graph(shapes_ttl)
        options = dict(shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
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


def _worker(conn, shapes_ttl: bytes, also, parent: int) -> None:
    """The validation child: import the engine while the parent loads and maps, then validate what it is sent
    (and run `also` on the same store)."""
    from hadrut_kg.sandbox import die_with_parent

    die_with_parent(parent)  # a killed build takes its worker with it
    try:
        import pyoxigraph as ox

        # the engine's import (with rdflib's) and the shapes' compilation: most of a small build's SHACL time
        try:
            prepared = Prepared(shapes_ttl) if shapes_ttl is not None else None
        except Exception as exc:  # noqa: BLE001 — reported once the data is taken (the parent is sending it)
            prepared = exc
        nt = conn.recv_bytes()
        if isinstance(prepared, Exception):
            raise prepared
        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        del nt
        report = validate(store, shapes_ttl, prepared=prepared) if shapes_ttl is not None else None
        extra = also(store) if also else None
        conn.send((True, (report, extra), time.perf_counter() - started))
    except BaseException as exc:  # noqa: BLE001 — handed to the parent, as text if it cannot be pickled
        try:
            conn.send((False, exc, 0.0))
        except Exception:  # noqa: BLE001
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}"), 0.0))
    finally:
        conn.close()


class BackgroundValidation:
    """SHACL validation (none if shapes_ttl is None) in a forked child on the second core. Start it first: it imports the engine (and rdflib)
    while the build loads and maps; `send` hands it the dataset as N-Triples; `result` waits for the Report and
    what `also(store)` returned (the build's zero-row checks, on the same store). `elapsed` is the child's time
    from receiving the data to its answer."""

    def __init__(self, shapes_ttl: bytes, also=None):
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_worker, args=(child, shapes_ttl, also, os.getpid()), daemon=True)
        self._proc.start()
        child.close()
        self.elapsed = 0.0

    def send(self, nt: bytes) -> None:
        self._conn.send_bytes(nt)

    def result(self) -> tuple[Report, object]:
        try:
            ok, value, self.elapsed = self._conn.recv()
        except EOFError:
            raise RuntimeError("the validation process stopped without a report") from None
        finally:
            self.close()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the child if it still runs (a build that failed before validating)."""
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()
        self._conn.close()
