"""Shared fixtures: one build of the real dataset per test session, in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hadrut_kg.build import build
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared"


def build_scope(fixture_name: str, config) -> str:
    """Once per session; per test only while mutmut records which tests reach which function (it credits a
    session fixture's work to the first test alone, and would then run too few tests against a mutant)."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "session"


@pytest.fixture(scope=build_scope)
def built(tmp_path_factory):
    """The dataset built once into a fresh folder; returns the BuildResult."""
    out = tmp_path_factory.mktemp("build") / "dist"
    return build(out, DEFAULT_BASE)


@pytest.fixture(scope=build_scope)
def published(built):
    """read(name, format): a file of the build read by rdflib (a parser other than the writer; a Dataset for
    TriG), parsed once per session and shared: the tests only read it."""
    parsed = {}

    def read(name: str, fmt: str):
        if (name, fmt) not in parsed:
            from rdflib import Dataset, Graph

            graph = Dataset() if fmt == "trig" else Graph()
            graph.parse(built.out / name, format=fmt)
            parsed[name, fmt] = graph
        return parsed[name, fmt]

    return read


@pytest.fixture(scope="session")
def virtuoso_loaded(built):
    """Debian's Virtuoso, loaded with `hadrut-kg load` over its Digest-authenticated Graph Store endpoint, as
    the README says (the named graphs only: Virtuoso has no default-graph target); yields (server, stdout)."""
    import contextlib
    import io

    from hadrut_kg.cli.main import main
    from virtuoso import PASSWORD, USER, Virtuoso

    with Virtuoso() as server:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["load", "--endpoint", server.gsp, "--update", server.update, "--user", USER,
                         "--password", PASSWORD, "--dataset", str(built.out)])
        assert code == 0, out.getvalue()
        yield server, out.getvalue()


@pytest.fixture(scope="session")
def virtuoso_bulk(built):
    """Debian's Virtuoso, loaded from hadrut.trig with its own bulk loader (ld_dir + rdf_loader_run)."""
    from virtuoso import Virtuoso

    with Virtuoso() as server:
        server.bulk_load(built.out / "hadrut.trig")
        yield server
