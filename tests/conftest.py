"""Shared fixtures: one build of the real dataset per test session, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from hadrut_kg.build import build
from hadrut_kg.namespaces import DEFAULT_BASE

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The dataset built once into a fresh folder; returns the BuildResult."""
    out = tmp_path_factory.mktemp("build") / "dist"
    return build(out, DEFAULT_BASE)
