"""Shared by the site tests: a real `hadrut-kg serve` on a free port, plain HTTP requests that do not follow
redirects, and RDF parsed by two parsers into comparable triples."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
from contextlib import contextmanager

import pyoxigraph as ox
import rdflib

from hadrut_kg.stores.oxigraph_server import free_port

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
MEDIA = {"ttl": (ox.RdfFormat.TURTLE, "turtle"), "nt": (ox.RdfFormat.N_TRIPLES, "nt"),
         "jsonld": (ox.RdfFormat.JSON_LD, "json-ld"), "rdf": (ox.RdfFormat.RDF_XML, "xml")}


@contextmanager
def serving(out):
    """`hadrut-kg serve` on 127.0.0.1 and a free port; yields its root URL's host and port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port), "--dataset", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query"), line + proc.stderr.read()
        yield ("127.0.0.1", port)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def get(server, path: str, accept: str | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    """One request, redirects not followed: (status, lower-cased headers, body)."""
    conn = http.client.HTTPConnection(*server, timeout=30)
    try:
        conn.request(method, path, headers={"Accept": accept} if accept is not None else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _ox_key(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        # RDF 1.1 compares language tags case-insensitively; pyoxigraph reads them lower-cased, rdflib as written
        return ("lit", term.value, (term.language or "").lower(), "" if term.language else term.datatype.value)
    raise AssertionError(f"unexpected term {term!r}")


def _rdflib_key(term) -> tuple:
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else "http://www.w3.org/2001/XMLSchema#string"
        return ("lit", str(term), (term.language or "").lower(), "" if term.language else datatype)
    raise AssertionError(f"unexpected term {term!r}")


def oxigraph_triples(body: bytes, ext: str) -> set[tuple]:
    return {(_ox_key(t.subject), _ox_key(t.predicate), _ox_key(t.object))
            for t in ox.parse(body, format=MEDIA[ext][0])}


def rdflib_triples(body: bytes, ext: str) -> set[tuple]:
    graph = rdflib.Graph()
    graph.parse(data=body, format=MEDIA[ext][1])
    return {(_rdflib_key(s), _rdflib_key(p), _rdflib_key(o)) for s, p, o in graph}
