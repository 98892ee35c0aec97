"""Both gates of the build, which run in the validation child: a zero-row check that returns rows stops the build
with the check's name and the offending resource, and nothing is written."""

from __future__ import annotations

import shutil

import pytest

from hadrut_kg.build import build
from hadrut_kg.curated.errors import BuildError
from hadrut_kg.paths import DATA

ORPHAN = """places:
  - id: orphan-village
    type: Settlement
    label: Orphan village
    cite: wikipedia/settlements
    names:
      - {text: Orphan village, lang: en, kind: common}
"""


def test_a_check_returning_rows_stops_the_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "orphan.yaml").write_text(ORPHAN, encoding="utf-8")
    out = tmp_path / "dist"
    with pytest.raises(BuildError) as caught:
        build(out, "https://w3id.org/hadrut-kg/", data_dir=data)
    message = str(caught.value)
    assert message.startswith("1 check(s) in queries/checks returned rows:")
    assert "check settlement-without-parent failed" in message
    assert "https://w3id.org/hadrut-kg/id/orphan-village" in message
    assert not out.exists()


def test_the_checks_run_without_shacl_too(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "orphan.yaml").write_text(ORPHAN, encoding="utf-8")
    with pytest.raises(BuildError, match="settlement-without-parent"):
        build(tmp_path / "dist", "https://w3id.org/hadrut-kg/", data_dir=data, validate_shapes=False)
