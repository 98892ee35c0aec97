"""The README's shell examples, executed as written, so they cannot go stale: every `.venv/bin/…` line of the
sections that run offline, in a fresh working folder holding the built dataset (`./dist`) and the project's
`queries/`; and the Oxigraph block whole, with a real server (on a free port instead of 7878, which CI may not
have free). Left out, with their reason: the set-up block (it is what `.ci/run` runs), Fuseki and GraphDB
(documented, not installed here), Virtuoso (its commands are the ones tests/test_virtuoso.py runs), link/enrich
(they need the Wikidata Query Service; tests/test_wikidata.py runs them against a local stand-in) and
`gazetteer --write` (it rewrites the project's data/; tests/test_gazetteer.py runs it on a copy)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hadrut_kg.paths import QUERIES, ROOT
from hadrut_kg.stores.oxigraph_server import free_port, wait_until_up

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
OFFLINE_SECTIONS = ("Querying", "Exports and map")


def sections() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def shell_blocks(section: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", sections()[section], flags=re.M | re.S)


def offline_commands() -> list[str]:
    lines = [line for s in OFFLINE_SECTIONS for block in shell_blocks(s) for line in block.splitlines()]
    return [line.split("   #")[0].split("  #")[0].strip() for line in lines if line.startswith(".venv/bin/")]


@pytest.fixture
def workdir(built, tmp_path):
    shutil.copytree(built.out, tmp_path / "dist")
    (tmp_path / "queries").symlink_to(QUERIES)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "bin").symlink_to(BIN)
    return tmp_path


def test_the_examples_are_found():
    commands = offline_commands()
    assert any(c.startswith(".venv/bin/hadrut-kg query relations-on-date") for c in commands)
    assert any(c.startswith(".venv/bin/hadrut-kg export lpf") for c in commands)
    assert len(commands) >= 10


@pytest.mark.parametrize("command", offline_commands())
def test_offline_example_runs_as_written(workdir, command):
    if "--png" in command and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("chromium not installed (CI installs it)")
    done = subprocess.run(["bash", "-c", command], cwd=workdir, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "warning" not in done.stderr and "Traceback" not in done.stderr
    for written in re.findall(r"^wrote (\S+)", done.stdout, flags=re.M):
        assert (workdir / written).is_file() and (workdir / written).resolve().is_relative_to(workdir.resolve())


def test_oxigraph_block_runs_as_written(built, workdir):
    """Start the server as the README does (in the background), load, query; stop the server."""
    block = next(b for b in shell_blocks("Loading into a triple store") if "oxigraph serve" in b)
    port = str(free_port())
    script = block.replace("7878", port)
    server_line, rest = script.split("\n", 1)
    assert server_line.rstrip().split("#")[0].rstrip().endswith("&")
    server = subprocess.Popen(["bash", "-c", server_line.split("#")[0].rstrip().rstrip("&")], cwd=workdir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", server)
        done = subprocess.run(["bash", "-ec", rest], cwd=workdir, capture_output=True, text=True, timeout=300)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert f"(default graph): {built.triples} triples" in done.stdout.splitlines()
    with open(Path(__file__).parent / "expected" / "timeline.csv", newline="", encoding="utf-8") as f:
        expected_rows = len(list(csv.reader(f))) - 1  # the hand-written timeline (tests/test_queries.py)
    assert done.stdout.splitlines()[-1] == f"({expected_rows} rows)"
    assert (workdir / "hadrut-db").is_dir()
