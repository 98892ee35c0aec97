"""Second round of attacks through the command line's own input (issue 21), performed for real: parameter
names and graph IRIs that would rewrite the SPARQL they are pasted into (against listeners that record whether
anything reached them), and a query file that is not a query (a password file) whose content must not be echoed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hadrut_kg.cli.main import main
from test_abuse import data_copy, raw_server, run_cli, run_main  # noqa: F401 — data_copy is a fixture
from test_abuse_clients import answer_empty

INJECTED_NAMES = ["x } BIND(1 AS ?q) {", "x}INSERT", "a b", "x\u202e", "?x"]


@pytest.mark.parametrize("name", INJECTED_NAMES)
def test_a_parameter_name_must_be_a_sparql_variable(built, capsys, name):
    with raw_server(answer_empty) as (url, seen):
        for where in (["--dataset", str(built.out)], ["--endpoint", url, "--timeout", "5"]):
            code = main(["query", "-e", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "--param", f"{name}=1", *where])
            err = capsys.readouterr().err
            assert code == 1 and err.startswith("error: parameter name ") and err.count("\n") == 1, err
            assert "not a SPARQL variable name" in err
    assert seen == []  # nothing was sent


@pytest.mark.parametrize("graph", ["http://example.org/g> ; CLEAR ALL ; INSERT DATA { <a:a> <a:b> <a:c> } #",
                                   "no-scheme", "http://example.org/a b"])
def test_load_graph_must_be_an_iri(built, capsys, monkeypatch, graph):
    with raw_server(answer_empty) as (url, seen):
        done = run_main(capsys, monkeypatch, "load", "--endpoint", url.replace("/sparql", "/store"), "--update",
                        url.replace("/sparql", "/update"), "--graph", graph, "--dataset", str(built.out),
                        "--timeout", "5")
    assert done.returncode == 2 and done.stderr.startswith("error: --graph ") and done.stderr.count("\n") == 1
    assert "is not an absolute IRI" in done.stderr and "nothing was sent" in done.stderr
    assert seen == []


def test_a_syntax_error_in_a_file_that_is_not_a_query_shows_no_content(built, tmp_path, capsys):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$salt$S3CRETHASH:19000:0:99999:7:::\n", encoding="utf-8")
    assert main(["query", str(secret), "--dataset", str(built.out)]) == 1
    err = capsys.readouterr().err
    assert "S3CRETHASH" not in err and "root" not in err
    assert err == "error: SPARQL syntax error at 1:10 (the file is not a .rq query file, so its content is not " \
                  "shown)\n"
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x ?p ?o } LIMT 1\n", encoding="utf-8")
    assert main(["query", str(query), "--dataset", str(built.out)]) == 1
    assert "line 1: SELECT ?x WHERE { ?x ?p ?o } LIMT 1" in capsys.readouterr().err  # a .rq file: its line helps


@pytest.mark.slow  # the static site
def test_build_and_site_refuse_a_folder_they_did_not_write(built, tmp_path, capsys, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "notes.txt").write_text("a user's notes", encoding="utf-8")
    for command in (["build", "--out", str(reports)], ["site", "--dataset", str(built.out), "--out", str(reports)]):
        assert main(command) == 5  # the output layer's status
        err = capsys.readouterr().err
        assert err.startswith(f"error: refusing to replace {reports}: it is not a folder hadrut-kg wrote")
        assert err.count("\n") == 1 and "--force" in err
        assert [p.name for p in reports.iterdir()] == ["notes.txt"]  # nothing of the user's deleted
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reports.")]  # no temporary folder left
    assert main(["build", "--out", str(reports), "--force"]) == 0  # asked for: replaced, and marked as ours
    assert (reports / ".hadrut-kg-output").exists() and not (reports / "notes.txt").exists()
    capsys.readouterr()
    assert main(["build", "--out", str(reports)]) == 0  # a folder the tool wrote: replaced without asking


@pytest.mark.parametrize("out", [".", "..", "/"])
def test_build_refuses_the_current_folder_or_one_holding_it(tmp_path, capsys, monkeypatch, out):
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("a user's notes", encoding="utf-8")
    monkeypatch.chdir(work)
    assert main(["build", "--out", out, "--force"]) == 5
    err = capsys.readouterr().err
    assert err.startswith(f"error: refusing to replace {out}: it is the root, the home folder or holds the current ")
    assert err.count("\n") == 1 and (work / "notes.txt").exists()


def hostile_files(folder: Path, outside: Path) -> dict[str, str]:
    """Make a FIFO, a folder, a link to a device and a link out of `folder`, each named like a data file;
    return their names and the reason each must be refused for."""
    os.mkfifo(folder / "fifo.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "zero.yaml").symlink_to("/dev/zero")
    outside.write_text("places: []\n", encoding="utf-8")
    (folder / "outside.yaml").symlink_to(outside)
    return {"fifo.yaml": "a FIFO, not a regular file", "folder.yaml": "a folder, not a regular file",
            "zero.yaml": "a link to /dev/zero, outside ", "outside.yaml": f"a link to {outside}, outside "}


def test_data_files_that_are_no_regular_files_are_refused(data_copy, tmp_path, capsys):
    reasons = hostile_files(data_copy, tmp_path / "elsewhere.yaml")
    started = time.monotonic()
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    assert time.monotonic() - started < 30  # nothing read forever
    problems = capsys.readouterr().err.splitlines()[1:]
    for name, reason in reasons.items():
        found = [p for p in problems if p.strip().startswith(f"data/{name}:0: ")]
        assert len(found) == 1 and reason in found[0], (name, problems)
    assert not (tmp_path / "dist").exists()


def test_input_files_that_are_no_regular_files_are_refused(built, data_copy, tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    for path, reason in (("/dev/zero", "a character device"), (str(tmp_path / "fifo"), "a FIFO"),
                         (str(tmp_path / "folder"), "a folder")):
        for args, status in ((["gazetteer", "--file", path, "--data", str(data_copy)], 2),
                             (["map", "--regions", path, "--dataset", str(built.out), "--out", str(tmp_path / "m.html")],
                              1),
                             (["link", "--accept", path, "--data", str(data_copy), "--today", "2026-12-01"], 2)):
            done, seconds = run_cli(*args, limit=60)
            assert done.returncode == status and seconds < 30, (args, done.stderr)
            assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, (args, done.stderr)
            assert reason in done.stderr and path in done.stderr, (args, done.stderr)
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("spelled, code", [("\\e[2J", "U+001B"), ("\\a", "U+0007"), ("\\0", "U+0000"),
                                           ("\\u202E", "U+202E"), ("\\u200B", "U+200B")])
def test_control_and_bidi_characters_in_labels_are_refused(data_copy, tmp_path, capsys, spelled, code):
    places = data_copy / "places.yaml"
    lines = places.read_text(encoding="utf-8").splitlines()
    line = lines.index("    label: Hadrut District (NKAO)") + 1
    lines[line - 1] = f'    label: "Hadrut{spelled}District"'
    places.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    problems = err.splitlines()[1:]
    assert len(problems) == 1 and problems[0].strip().startswith(
        f"data/places.yaml:{line}: record 'hadrut-district' field 'label': holds the control, bidi or invisible "
        f"character {code}"), err
    assert not any(c in err for c in "\x1b\x07\x00\u202e\u200b")


def test_query_table_never_prints_control_characters_raw(built, capsys):
    query = 'SELECT ?x WHERE { BIND("a\\u001B]0;owned\\u0007b\\u202Ec\\u200Bd\\ne" AS ?x) }'
    assert main(["query", "-e", query, "--dataset", str(built.out)]) == 0
    out = capsys.readouterr().out
    assert "aU+001B]0;ownedU+0007bU+202EcU+200BdU+000Ae" in out
    assert not any(c in out for c in "\x1b\x07\u202e\u200b") and out.count("\n") == 4  # header, rule, row, count


def load_problems(tmp_path: Path, places: str, extra: dict[str, bytes] | None = None) -> list[str]:
    from hadrut_kg.curated.errors import DataError
    from hadrut_kg.curated.loader import load_data
    from test_bad_input import data_dir

    folder = data_dir(tmp_path, places)
    for name, content in (extra or {}).items():
        (folder / name).write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_data(folder)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf# only a comment\n\n", b"\n\n"])
def test_an_empty_extra_data_file_is_one_clear_problem(tmp_path, content):
    from test_bad_input import GOOD_PLACES
    assert load_problems(tmp_path, GOOD_PLACES, {"extra.yaml": content}) == [
        "data/extra.yaml:1: the file is empty (nothing but comments, blank lines or a byte-order mark); give it "
        "records or remove it"]


@pytest.mark.parametrize("date", ["-0001", "0000", "-0500/1930", "[-0001,1930]"])
def test_a_date_before_the_year_1_is_refused_where_it_is_read(tmp_path, date):
    from test_bad_input import GOOD_PLACES
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", f'{{p: locatedIn, o: province, start: "{date}"}}')
    found = load_problems(tmp_path, bad)
    assert len(found) == 1 and found[0].startswith("data/places.yaml:9: record 'town' field 'start': "), found


@pytest.mark.parametrize("date, reason", [
    ("Y12345", "'Y12345' lies after the year 9999; dates of this dataset are years 1 to 9999"),
    ("1990/Y10000", "'1990/Y10000' is not EDTF; expected"),
    ("-0100", "'-0100' lies before the year 1; dates of this dataset are years 1 to 9999"),
    ("-100-01-01", "'-100-01-01' is not EDTF; expected")])
def test_a_year_outside_1_to_9999_is_one_problem_naming_file_record_and_field(tmp_path, date, reason):
    """Days are compared as their YYYY-MM-DD text: a five-digit or negative year would sort wrongly, so it never
    gets that far."""
    from test_bad_input import GOOD_PLACES
    bad = GOOD_PLACES.replace("{p: locatedIn, o: province}", f'{{p: locatedIn, o: province, start: "{date}"}}')
    found = load_problems(tmp_path, bad)
    assert len(found) == 1 and found[0].startswith(f"data/places.yaml:9: record 'town' field 'start': {reason}"), found


def test_a_date_before_the_year_1_fails_the_build_with_one_line_not_shacl(data_copy, tmp_path, capsys):
    places = data_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace('start: "1939-09-17"}', 'start: "-0001"}', 1),
                      encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert "lies before the year 1" in err and "SHACL" not in err and "Traceback" not in err


def test_a_containment_cycle_is_refused(tmp_path):
    from test_bad_input import GOOD_PLACES
    itself = GOOD_PLACES.replace("{p: locatedIn, o: province}", "{p: locatedIn, o: town}")
    round_trip = GOOD_PLACES + "    facts:\n      - {p: partOf, o: town}\n"  # province (last) part of town
    for n, (places, circle) in enumerate(((itself, "town → town"), (round_trip, "province → town → province"))):
        (tmp_path / str(n)).mkdir()
        found = load_problems(tmp_path / str(n), places)
        assert len(found) == 1 and f"{circle} goes round in a circle (locatedIn/partOf)" in found[0], found
