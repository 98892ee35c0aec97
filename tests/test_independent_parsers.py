"""Every published file read by parsers other than the one that wrote it: pyoxigraph and rdflib always, and
Raptor's `rapper` (Debian package raptor2-utils) where it is installed. Same triple counts, isomorphic graphs."""

from __future__ import annotations

import os
import shutil
import subprocess

import pyoxigraph as ox
import pytest

import tools

from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

pytestmark = pytest.mark.slow  # rapper and rdflib reading every dump

FILES = {"hadrut.ttl": ("turtle", ox.RdfFormat.TURTLE, "turtle"),
         "hadrut.nt": ("nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
         "hadrut.jsonld": ("json-ld", ox.RdfFormat.JSON_LD, None),
         "hadrut.trig": ("trig", ox.RdfFormat.TRIG, "trig")}


def rdflib_union(built, name) -> Graph:
    fmt = FILES[name][0]
    if fmt == "trig":
        ds = Dataset()
        ds.parse(built.out / name, format="trig")
        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return Graph().parse(built.out / name, format=fmt)


@pytest.fixture(scope="module")
def reference(built):
    return Graph().parse(built.out / "hadrut.nt", format="nt")


@pytest.mark.parametrize("name", sorted(FILES))
def test_rdflib_reads_an_isomorphic_graph(built, reference, name):
    graph = rdflib_union(built, name)
    assert len(graph) == built.triples
    assert isomorphic(graph, reference)


@pytest.mark.parametrize("name", sorted(FILES))
def test_pyoxigraph_reads_the_same_triples(built, name):
    quads = list(ox.parse(path=str(built.out / name), format=FILES[name][1]))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    expected = set(ox.parse(path=str(built.out / "hadrut.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert triples == {(t.subject, t.predicate, t.object) for t in expected}


@pytest.mark.skipif(shutil.which("rapper") is None and os.environ.get("CI") != "true", reason=tools.reason("rapper"))
@pytest.mark.parametrize("name", [n for n, f in sorted(FILES.items()) if f[2]])
def test_rapper_reads_the_same_number_of_triples(built, name):
    fmt = FILES[name][2]
    done = subprocess.run(["rapper", "-i", fmt, "-c", str(built.out / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = built.quads if fmt == "trig" else built.triples
    assert f"returned {expected} " in done.stderr
