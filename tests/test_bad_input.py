"""Bad input in data/ gives one clear error per problem — file, line, record, field, what was expected — and
the build writes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hadrut_kg.build import build
from hadrut_kg.cli import main
from hadrut_kg.errors import DataError
from hadrut_kg.loader import load_data

SOURCES = textwrap.dedent("""\
    sources:
      - id: doc
        iri: https://example.org/doc
        title: A document
        publisher: Example
        licence: https://creativecommons.org/licenses/by-sa/4.0/
        role: seed
        sections:
          - id: lead
            title: Lead
    """)

GOOD_PLACES = textwrap.dedent("""\
    places:
      - id: town
        type: Settlement
        label: Town
        cite: doc/lead
        names:
          - {text: Town, lang: en, kind: common}
        facts:
          - {p: locatedIn, o: province}
      - id: province
        type: AdministrativeUnit
        label: Province
        cite: doc/lead
        names:
          - {text: Province, lang: en, kind: common}
    """)


def data_dir(tmp_path: Path, places: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "places.yaml").write_text(places, encoding="utf-8")
    return folder


def problems(tmp_path: Path, places: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_data(data_dir(tmp_path, places))
    return [str(p) for p in caught.value.problems]


def test_good_minimal_data_loads(tmp_path):
    data = load_data(data_dir(tmp_path, GOOD_PLACES))
    assert sorted(data.entities) == ["province", "town"]
    assert [(f.subject, f.prop, f.obj.value) for f in data.facts] == [("town", "locatedIn", "province")]


def test_unknown_reference(tmp_path):
    bad = GOOD_PLACES.replace("o: province}", "o: provinse}")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'o': unknown reference 'provinse'; no record has this id"]


def test_duplicate_id(tmp_path):
    bad = GOOD_PLACES.replace("  - id: province", "  - id: town")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:10: record 'town' field 'id': duplicate id 'town' (first defined at data/places.yaml:2)",
        "data/places.yaml:9: record 'town' field 'o': unknown reference 'province'; no record has this id"]


def test_malformed_date(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", "{p: locatedIn, o: province, start: 14 October 2020}")
    (problem,) = problems(tmp_path, bad)
    assert problem.startswith("data/places.yaml:9: record 'town' field 'start': '14 October 2020' is not EDTF; "
                              "expected e.g. 1991-09-02")


def test_inverted_date_range(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", '{p: locatedIn, o: province, start: "2020-11-15/2020-11-13"}')
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'start': '2020-11-15/2020-11-13' ends before it starts "
        "(2020-11-15 > 2020-11-13)"]


def test_end_before_start(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", '{p: locatedIn, o: province, start: "1993", end: "1991"}')
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'end': ends (1991) before it starts (1993)"]


def test_bad_language_tag(tmp_path):
    bad = GOOD_PLACES.replace("{text: Town, lang: en, kind: common}", "{text: Town, lang: english, kind: common}")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:7: record 'town' field 'lang': 'english' is not a valid BCP 47 language tag "
        "(e.g. en, hy, az, ru, az-Cyrl)"]


def test_missing_source(tmp_path):
    bad = GOOD_PLACES.replace("    cite: doc/lead\n", "", 1)
    assert problems(tmp_path, bad) == [
        "data/places.yaml:2: record 'town' field 'cite': missing required field"]


def test_unknown_section(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", "{p: locatedIn, o: province, cite: doc/history}")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'cite': source 'doc' has no section 'history'; known: lead"]


def test_wrong_type_of_number(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", '{p: population, v: "13,163"}')
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'v': expected a whole number for population, got '13,163'"]


def test_reference_of_the_wrong_class(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", "{p: capital, o: province}")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'o': 'province' is a AdministrativeUnit; capital expects a Settlement"]


def test_repeated_key_and_unknown_field(tmp_path):
    bad = GOOD_PLACES.replace("    label: Town\n", "    label: Town\n    label: Town again\n    colour: red\n")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:5: field 'label': key repeated in the same mapping; each key may appear once",
        "data/places.yaml:6: record 'town' field 'colour': unknown field; expected one of cite, date, event_type, "
        "facts, id, label, names, type"]


def test_every_problem_is_reported_at_once(tmp_path):
    bad = (GOOD_PLACES.replace("lang: en", "lang: e n", 1).replace("o: province}", "o: nowhere}"))
    assert len(problems(tmp_path, bad)) == 2


def test_bad_input_writes_nothing(tmp_path, capsys):
    bad = GOOD_PLACES.replace("o: province}", "o: nowhere}")
    folder = data_dir(tmp_path, bad)
    out = tmp_path / "dist"
    with pytest.raises(DataError):
        build(out, "https://example.org/", data_dir=folder)
    assert not out.exists()
    assert main(["build", "--data", str(folder), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert "data/places.yaml:9: record 'town' field 'o': unknown reference 'nowhere'" in err
