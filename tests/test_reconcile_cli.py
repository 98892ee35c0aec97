"""`hadrut-kg reconcile FILE.csv --column NAME`: the service's answers written into the file, and bad input as
one error naming file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hadrut_kg.cli.main import main

NAMES = Path(__file__).resolve().parent / "fixtures" / "reconcile" / "names.csv"


def read(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8", newline="")))


def test_the_fixture_names_offline_give_the_expected_places(built, tmp_path, capsys):
    rows = read(NAMES)
    typed = [r for r in rows if r["type"] == "Settlement"]
    out = tmp_path / "out.csv"
    source = tmp_path / "settlements.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["query", "expected", "expected_match"]] +
                                [[r["query"], r["expected"], r["match"]] for r in typed])
    assert main(["reconcile", str(source), "--column", "query", "--type", "Settlement", "--out", str(out),
                 "--dataset", str(built.out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}: {len(typed)} rows, {sum(r['match'] == 'true' for r in typed)} " \
                                      "matched\n"
    got = read(out)
    assert [(g["hk_id"] in g["expected"].split("|"), g["match"]) for g in got] == [(True, r["match"]) for r in typed]


def test_properties_and_extension_columns(built, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("village,unit\nJebrail,Jabrayil District\nHadrut,Hadrut Province\nGoris,\n"
                      "Böyük Tağlar,\n", encoding="utf-8")
    assert main(["reconcile", str(source), "--column", "village", "--located-in", "unit", "--extend", "wikidata",
                 "--extend", "name@ru", "--extend", "relations-on-date", "--date", "2021-01-01",
                 "--dataset", str(built.out)]) == 0
    got = read(tmp_path / "list-reconciled.csv")
    assert list(got[0]) == ["village", "unit", "hk_id", "hk_name", "score", "match", "wikidata", "name@ru",
                            "relations-on-date"]
    assert [(g["hk_id"], g["match"]) for g in got] == [("jabrayil", "true"), ("hadrut", "true"),
                                                      ("hogher", "false"), ("mets-tagher", "true")]
    assert got[0]["wikidata"] == "Q2394006" and got[0]["name@ru"] == "Джебраил"
    # The town's own statements, then those that hold through a unit it lies in, marked "via".
    q3 = got[1]["relations-on-date"].split(" | ")
    assert q3[:2] == ["controlled by Azerbaijan (held; wikipedia/history)",
                      "located in Khojavend District (held; wp-en-hadrut-district-nkao/article)"]
    assert "part of Republic of Artsakh (held; wikimapia/description; via in Hadrut Province (capital, located in: " \
           "wikipedia/lead; wikipedia/settlements))" in q3
    assert all("; via in " in v for v in q3[2:])
    # Goris is not in the data: the nearest name is offered, not matched, and gets no extension values.
    assert got[2]["match"] == "false" and float(got[2]["score"]) < 90
    assert got[2]["wikidata"] == got[2]["name@ru"] == got[2]["relations-on-date"] == ""
    assert (tmp_path / "list-reconciled.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("content, args, message", [
    ("village\nHadrut\n", ["--column", "name"], ":1: no column 'name' (--column)"),
    ("village\n" + "x" * 301 + "\n", ["--column", "village"], ":2: column 'village': 301 characters"),
    ("village,match\nHadrut,\n", ["--column", "village"], ":1: the file already has the column 'match'"),
    (b"village\n\xff\n", ["--column", "village"], ": not UTF-8 (byte 8)"),
    ("village\nHadrut\n", ["--column", "village", "--extend", "population"], "--extend 'population'"),
    ("village\nHadrut\n", ["--column", "village", "--date", "2021-02-30"], "not a calendar date"),
    ("village\nHadrut\n", ["--column", "village", "--date", "２０２１-01-01"], "is not a date"),
    ("village,unit\nHadrut,Hadrut Province,extra\n", ["--column", "village"],
     ":2: 3 cells, but the header names 2 columns"),
    ("village\nHadrut\n", ["--column", "village", "--out", "/proc/version"], "under /proc"),
    ("village\nHadrut\n", ["--column", "village", "--out", "/dev/zero"], "under /dev"),
])
def test_bad_input_is_one_line(built, tmp_path, capsys, content, args, message):
    source = tmp_path / "in.csv"
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(["reconcile", str(source), *args, "--dataset", str(built.out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "in-reconciled.csv").exists()


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_an_input_that_is_no_regular_file_is_one_line(built, tmp_path, capsys, kind):
    import os
    source = {"folder": tmp_path / "in", "fifo": tmp_path / "in.csv", "device": Path("/dev/zero")}[kind]
    if kind == "folder":
        source.mkdir()
    elif kind == "fifo":
        os.mkfifo(source)  # opened without blocking and refused, never read
    out = tmp_path / "out.csv"
    assert main(["reconcile", str(source), "--column", "village", "--out", str(out), "--dataset", str(built.out)]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_output_folder_is_one_line(built, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("village\nHadrut\n", encoding="utf-8")
    assert main(["reconcile", str(source), "--column", "village", "--out", str(tmp_path),
                 "--dataset", str(built.out)]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
