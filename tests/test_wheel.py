"""The package as a user installs it from a wheel: built with `pip wheel`, installed into a fresh virtual
environment, then `hadrut-kg build`, a named query and `hadrut-kg gazetteer` run in an empty folder, far from any
checkout: nothing is read from beside the checkout (../shared) and nothing is written into site-packages."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # pip wheel, a fresh virtual environment and a build: about a minute

ROOT = Path(__file__).resolve().parent.parent


def run(*cmd, cwd=None, timeout=600):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


def test_a_wheel_builds_and_queries_in_an_empty_folder(tmp_path):
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "dist-report", "build",
                                                                "*.egg-info", "__pycache__", ".pytest_cache"))
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, source)
    (wheel,) = wheels.glob("hadrut_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("hadrut_kg/resources/ontology/hadrut.ttl", "hadrut_kg/resources/ontology/shapes.ttl",
                    "hadrut_kg/resources/ontology/shapes-sparql.ttl",
                    "hadrut_kg/resources/queries/timeline.rq", "hadrut_kg/resources/queries/checks/dangling-reference.rq",
                    "hadrut_kg/resources/data/sources.yaml", "hadrut_kg/resources/data/events.yaml",
                    "hadrut_kg/resources/gazetteers/wof-hadrut-area.geojson",
                    "hadrut_kg/resources/gazetteers/README.md"):
        assert shipped in names, shipped

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel)
    work = tmp_path / "empty"
    work.mkdir()
    run(env_dir / "bin" / "hadrut-kg", "build", cwd=work)
    assert (work / "dist" / "hadrut.ttl").is_file()
    listed = run(env_dir / "bin" / "hadrut-kg", "query", "--list", cwd=work)
    assert "timeline" in listed and "relations-on-date" in listed
    out = run(env_dir / "bin" / "hadrut-kg", "query", "relations-on-date", "--param", "unit=hk:khtsaberd-enclave",
              "--param", "date=2020-10-01", "--format", "csv", cwd=work)
    rows = list(csv.reader(io.StringIO(out)))
    # by hand (tests/test_question3.py): the holdout "remained" through October 2020, per Wikimapia
    own = [(r[2], r[4], r[10]) for r in rows[1:] if not r[11]]
    assert own == [("https://w3id.org/hadrut-kg/id/armenian-resistance", "held", "wikimapia/description")]
    assert not (work / "data").exists() and not (ROOT / "hadrut_kg" / "resources").exists()

    # gazetteer: the shipped WOF extract by default; the review into the current folder, not site-packages
    site = next(env_dir.glob("lib/python*/site-packages/hadrut_kg"))
    before = sorted(p for p in site.rglob("*") if "__pycache__" not in p.parts)
    out = run(env_dir / "bin" / "hadrut-kg", "gazetteer", cwd=work)
    assert out.splitlines()[0] == "wrote wof-review.csv"
    assert (work / "wof-review.csv").read_bytes() == (ROOT / "data" / "wof-review.csv").read_bytes()
    refused = subprocess.run([env_dir / "bin" / "hadrut-kg", "gazetteer", "--write"], cwd=work,
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and refused.stdout == ""
    (line,) = refused.stderr.splitlines()
    assert line.startswith("error: gazetteer --write writes into the curated data folder") and "--data DIR" in line
    assert sorted(p for p in site.rglob("*") if "__pycache__" not in p.parts) == before
