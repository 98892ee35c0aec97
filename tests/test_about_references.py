"""An 'about' field (of a record that extends another, or of a link) that is not an id is one clear error naming
file, line, record and field, not a traceback (found by mutating data/ at random: `about: [a, b]` raised
TypeError)."""

from __future__ import annotations

import pytest

from hadrut_kg.curated.errors import DataError
from hadrut_kg.curated.loader import load_data
from test_bad_input import GOOD_PLACES, data_dir


def problems(folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_data(folder)
    return [str(p) for p in caught.value.problems]


def test_an_extension_about_a_list(tmp_path):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "secondary.yaml").write_text("secondary:\n  - about: [town, province]\n    cite: doc/lead\n"
                                           "    names:\n      - {text: Burg, lang: de, kind: common}\n")
    assert problems(folder) == [
        "data/secondary.yaml:2: field 'about': expected the id of a record, got ['town', 'province']"]


def test_a_link_about_a_mapping(tmp_path):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "links.yaml").write_text("links:\n  - about: {id: town}\n    qid: Q42\n    match: exact\n"
                                       "    evidence: same name\n    checked: 2026-01-01\n    cite: doc/lead\n")
    assert problems(folder) == [
        "data/links.yaml:2: field 'about': expected the id of a record, got {'id': 'town'}"]
