"""The system tools the tests drive for real, and how each is brought: one place for the message of a test that
cannot run. Outside CI a missing tool skips the test, naming the tool and the command that installs it; under
CI=true (where `.ci/setup` has installed everything) it fails the test instead."""

from __future__ import annotations

import os

import pytest

SETUP = ".ci/setup"  # installs every tool below (as root, from Debian), then the npm packages and the venv
INSTALL = {
    "chromium": "apt-get install chromium",
    "apache2": "apt-get install apache2",
    "rapper": "apt-get install raptor2-utils",
    "virtuoso": "apt-get install virtuoso-opensource",
    "java": "apt-get install default-jdk-headless",
    "jena": "apt-get install libapache-jena-java default-jdk-headless",
    "owlapi": "apt-get install libowlapi-java default-jdk-headless",
    "node": "apt-get install nodejs npm",
    "npm packages": "cd tests/js && npm ci",
    "linkchecker": "pip install -e '.[test]'",
    "mkdocs": "pip install -e '.[test]'",
}
SHARED = "../shared (the project's shared folder beside the checkout: seeds, validators; not in the repository)"


def reason(tool: str) -> str:
    """'TOOL is not installed: COMMAND (or .ci/setup, ...)' for a skip or a failure."""
    return f"{tool} is not installed: {INSTALL[tool]} (or run {SETUP}, which installs every tool the tests use)"


def missing(tool: str) -> None:
    """Stop the test for a missing tool: a skip naming it and its install command, a failure under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason(tool)}", pytrace=False)
    pytest.skip(reason(tool))


def missing_shared(what: str) -> None:
    """Stop the test for a missing file of ../shared: a skip saying what it is, a failure under CI=true."""
    message = f"{what} is absent: it comes from {SHARED}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)
