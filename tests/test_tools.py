"""The message of a test that cannot run for a missing tool: outside CI a skip naming the tool and the command
that installs it; under CI=true a failure. And no test skips for a tool in its own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tools

HERE = Path(__file__).resolve().parent


def test_a_missing_tool_skips_naming_it_and_its_install_command(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        tools.missing("chromium")
    assert str(skipped.value) == ("chromium is not installed: apt-get install chromium "
                                  "(or run .ci/setup, which installs every tool the tests use)")


def test_under_ci_a_missing_tool_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^CI=true but virtuoso is not installed: apt-get install "
                                                     r"virtuoso-opensource"):
        tools.missing("virtuoso")


def test_every_install_command_is_one_setup_knows():
    setup = (HERE.parent / ".ci" / "setup").read_text(encoding="utf-8")
    for tool, command in tools.INSTALL.items():
        if command.startswith("apt-get install "):
            for package in command.split()[2:]:
                assert f"need+=({package})" in setup, (tool, package)


def test_no_test_skips_for_a_tool_in_its_own_words():
    """Skips go through tools.py; the only other skips are for something no command brings (a platform, a
    checkout that is not a git clone)."""
    allowed = {"not a git checkout (an unpacked sdist)"}
    found = []
    for path in sorted(HERE.glob("*.py")):
        if path.name in ("tools.py", "test_tools.py"):
            continue
        for reason in re.findall(r"pytest\.skip\(\s*f?\"([^\"]*)\"", path.read_text(encoding="utf-8")):
            if reason not in allowed:
                found.append(f"{path.name}: {reason}")
    assert found == []
