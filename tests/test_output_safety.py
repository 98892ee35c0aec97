"""What an output may replace, found by the third attacker review of issue 21: a release folder the tool did not
write (an unpacked source release has the same name), a sibling `<out>-report` folder, and an output folder that is
or holds what the command reads (the dataset of `site`, the data of `build`). Each refused, nothing deleted."""

from __future__ import annotations

import shutil

import pytest

from hadrut_kg import __version__
from hadrut_kg.build import build, report_dir
from hadrut_kg.curated.errors import BuildError
from hadrut_kg.paths import DATA, SHAPES_FILE
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from test_abuse import run_main


def refused_in_one_line(done, what) -> None:
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: refusing to replace {what}") and done.stderr.count("\n") == 1, done.stderr


def test_release_keeps_a_folder_it_did_not_write(tmp_path, capsys, monkeypatch):
    mine = tmp_path / "release" / f"hadrut-kg-{__version__}"
    mine.mkdir(parents=True)
    (mine / "my-notes.txt").write_text("precious\n")
    done = run_main(capsys, monkeypatch, "release", "--out", str(tmp_path / "release"))
    refused_in_one_line(done, mine)
    assert (mine / "my-notes.txt").read_text() == "precious\n"
    assert sorted(p.name for p in mine.iterdir()) == ["my-notes.txt"]


def test_a_report_folder_of_the_same_name_is_not_deleted(tmp_path):
    thesis, report = tmp_path / "thesis", tmp_path / "thesis-report"
    report.mkdir()
    (report / "chapter1.tex").write_text("mine\n")
    assert report_dir(thesis) == report
    build(thesis, DEFAULT_BASE)  # a successful build leaves a report folder it did not write
    assert (report / "chapter1.tex").read_text() == "mine\n"
    strict = tmp_path / "strict.ttl"  # a failed build writes no report into it either
    strict.write_text(SHAPES_FILE.read_text(encoding="utf-8") + """
hks:EveryPlaceHasCoordinatesShape a sh:NodeShape ; sh:targetClass hkg:Settlement ;
    sh:property [ sh:path geo:hasGeometry ; sh:minCount 1 ] .
""", encoding="utf-8")
    with pytest.raises(BuildError, match=f"no report file: {report} is not a folder hadrut-kg wrote"):
        build(thesis, DEFAULT_BASE, shapes_file=strict)
    assert sorted(p.name for p in report.iterdir()) == ["chapter1.tex"]


def test_site_refuses_to_replace_the_dataset_it_reads(built, tmp_path, capsys, monkeypatch):
    dataset = tmp_path / "dist"
    shutil.copytree(built.out, dataset, ignore=shutil.ignore_patterns("site"))
    before = sorted(p.name for p in dataset.iterdir())
    done = run_main(capsys, monkeypatch, "site", "--dataset", str(dataset), "--out", str(dataset), "--no-progress")
    refused_in_one_line(done, dataset)
    assert "which this command reads" in done.stderr
    assert sorted(p.name for p in dataset.iterdir()) == before


def test_build_refuses_an_output_holding_its_data(built, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(built.out, out, ignore=shutil.ignore_patterns("site"))  # a marked build: replaceable …
    shutil.copytree(DATA, out / "data")  # … but it now holds the data being read
    done = run_main(capsys, monkeypatch, "build", "--data", str(out / "data"), "--out", str(out), "--no-progress")
    refused_in_one_line(done, out)
    assert (out / "data" / "sources.yaml").read_bytes() == (DATA / "sources.yaml").read_bytes()
