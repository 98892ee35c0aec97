"""Bad input in data/ gives one clear error per problem — file, line, record, field, what was expected — and
the build writes nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hadrut_kg.build import build
from hadrut_kg.cli.main import main
from hadrut_kg.curated.errors import DataError
from hadrut_kg.curated.loader import load_data

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


# --- hostile data files (issue 10, items 8–10): each a clear file:line error, bounded in time and output ---------

def bomb(levels: int = 9) -> str:
    """The 'billion laughs': nine levels of nine aliases, ~500 bytes that expand to 9**9 values."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "extra:\n" + "\n".join("  " + line for line in lines) + "\n" \
        "places:\n  - id: town\n    type: Settlement\n    label: Town\n    cite: doc/lead\n    names: *a8\n"


def test_alias_bomb_is_refused_at_once(tmp_path, capsys):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "bomb.yaml").write_text(bomb(), encoding="utf-8")
    assert len((folder / "bomb.yaml").read_bytes()) < 600
    started = time.monotonic()
    assert main(["build", "--data", str(folder), "--out", str(tmp_path / "dist")]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert len(err) < 1000 and not (tmp_path / "dist").exists()
    assert "data/bomb.yaml:3: alias *a0 inside the anchored block &a1: nested aliases are refused" in err


def test_merges_of_defaults_stay_allowed(tmp_path):
    sources = SOURCES.replace("  - id: doc\n", "  - &d\n    id: doc\n") + \
        "  - {<<: *d, id: doc2, iri: https://example.org/doc2}\n"
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "sources.yaml").write_text(sources, encoding="utf-8")
    assert set(load_data(folder).sources) == {"doc", "doc2"}


def test_deep_nesting_is_refused_without_a_crash(tmp_path, capsys):
    cases = {"flow-1000": "deep: " + "[" * 1000 + "]" * 1000, "flow-50000": "deep: " + "[" * 50_000 + "]" * 50_000,
             "block-200": "deep:\n" + "- " * 200 + "x"}
    for name, text in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        data = data_dir(folder, GOOD_PLACES)
        (data / "deep.yaml").write_text(text + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "hadrut_kg.cli", "build", "--data", str(data),
                               "--out", str(folder / "dist")], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr[-500:]
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 2 and not (folder / "dist").exists()
        reason = "nested deeper than 32 levels" if name.startswith("block") else \
            "not valid YAML: exceeded maximum nesting depth"  # libyaml's own limit comes first in flow style
        assert f"  data/deep.yaml:{2 if name.startswith('block') else 1}: {reason}\n" in done.stderr


def test_non_utf8_file_is_a_clear_error(tmp_path):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "places.yaml").write_bytes(GOOD_PLACES.replace("label: Town", "label: Caf\xe9").encode("latin-1"))
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert [str(p) for p in caught.value.problems] == [
        "data/places.yaml:4: not UTF-8 text: byte 0xe9 at offset 56; save the file as UTF-8"]


@pytest.mark.parametrize("field, value, message", [
    ("iri", "https://example.org/a b>", "expected an http(s) IRI, got 'https://example.org/a b>'"),
    ("licence", "not a licence <x>", "expected the licence as an http(s) IRI, got 'not a licence <x>'"),
    ("id", "../../x", "expected a lower-case slug like 'wp-en-hadrut', got '../../x'"),
    ("id", "doc x", "expected a lower-case slug like 'wp-en-hadrut', got 'doc x'"),
])
def test_bad_characters_in_a_source_are_a_clear_error(tmp_path, field, value, message):
    folder = data_dir(tmp_path, GOOD_PLACES)
    original = {"iri": "https://example.org/doc", "licence": "https://creativecommons.org/licenses/by-sa/4.0/",
                "id": "doc"}[field]
    (folder / "sources.yaml").write_text(SOURCES.replace(f"{field}: {original}", f"{field}: '{value}'"))
    with pytest.raises(DataError) as caught:
        load_data(folder)
    line = {"id": 2, "iri": 3, "licence": 6}[field]
    record = "doc" if field != "id" else value
    first = [str(p) for p in caught.value.problems][0]
    assert first == f"data/sources.yaml:{line}: record '{record}' field '{field}': {message}"


@pytest.mark.parametrize("value, shown", [("2020-12-32", "'2020-12-32'"), ("16 December 2020", "'16 December 2020'")])
def test_a_bad_day_of_a_source_is_a_clear_error(tmp_path, value, shown):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "sources.yaml").write_text(SOURCES.replace("    role: seed", f"    issued: '{value}'\n    role: seed"))
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"data/sources.yaml:7: record 'doc' field 'issued': expected a day written YYYY-MM-DD, got {shown}"]


def test_nan_elevation_is_refused(tmp_path):
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", "{p: elevationMetres, v: .nan}")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:9: record 'town' field 'v': expected a finite number for elevationMetres, got nan"]


def test_non_mapping_entries_are_reported_not_skipped(tmp_path):
    bad = GOOD_PLACES.replace("      - {text: Town, lang: en, kind: common}", "      - Town")
    assert problems(tmp_path, bad) == [
        "data/places.yaml:2: record 'town' field 'names': expected a mapping with text, lang and kind, got 'Town'"]
    (tmp_path / "s").mkdir()
    folder = data_dir(tmp_path / "s", GOOD_PLACES)
    (folder / "sources.yaml").write_text(SOURCES.replace("      - id: lead\n        title: Lead", "      - lead"))
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert str(caught.value.problems[0]) == \
        "data/sources.yaml:2: record 'doc' field 'sections': expected a mapping with id and title, got 'lead'"
    (folder / "links.yaml").write_text("links:\n  - Q42\n")
    (folder / "sources.yaml").write_text(SOURCES)
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert [str(p) for p in caught.value.problems] == [
        "data/links.yaml:1: field 'links': expected a mapping (about, qid, match, …), got 'Q42'"]


@pytest.mark.parametrize("first, second", [("Nor Town", "Nor-Town"), ("Նոր\u200dգյուղ", "Նոր\u200cգյուղ")])
def test_spellings_that_share_an_iri_are_an_error_naming_both(tmp_path, first, second):
    bad = GOOD_PLACES.replace("      - {text: Town, lang: en, kind: common}",
                              f"      - {{text: '{first}', lang: hy, kind: common}}\n"
                              f"      - {{text: '{second}', lang: hy, kind: common}}")
    assert problems(tmp_path, bad) == [
        f"data/places.yaml:8: record 'town' field 'text': name {second!r}@hy and {first!r}@hy (at data/places.yaml:7) "
        "differ only in spaces, punctuation or invisible characters and would get the same IRI; keep one spelling"]


def test_a_malformed_file_is_reported_once_not_with_its_follow_on_errors(tmp_path):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "events.yaml").write_text("events:\n  - id: ev\n    type: Event\n    facts: [{p: locatedIn, o: town}\n")
    (folder / "places.yaml").write_text(GOOD_PLACES + "\n  - {id: v, type: Settlement, label: V, cite: doc/lead,"
                                        " facts: [{p: locatedIn, o: ev}]}\n")
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].file == "data/events.yaml"


def test_empty_sources_file_is_named_once(tmp_path):
    folder = data_dir(tmp_path, GOOD_PLACES)
    (folder / "sources.yaml").write_text("")
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert [str(p) for p in caught.value.problems] == [
        "data/sources.yaml:1: field 'sources': the file is empty; it must list the sources every record cites"]
    (folder / "sources.yaml").write_text("sources: []\n")
    with pytest.raises(DataError) as caught:
        load_data(folder)
    assert [str(p) for p in caught.value.problems] == [
        "data/sources.yaml:1: field 'sources': no usable source; every record cites one"]
