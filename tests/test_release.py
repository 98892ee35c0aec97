"""`hadrut-kg release` writes a folder a harvester or an archive can verify: `sha256sum -c SHA256SUMS` (GNU
coreutils) passes, and fails on a changed byte; every gzip dump passes `gzip -t` and Jena's riot reads from it
the triples of the plain dump; void.ttl gives each dump's real size and SHA-256; CITATION.cff, void.ttl and
CHANGELOG.md agree on the version and its day."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from hadrut_kg import __released__, __version__
from hadrut_kg.cli import main
from hadrut_kg.paths import ROOT
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from jena_arq import classpath

pytestmark = pytest.mark.slow  # a fresh build and Jena riot (Java)

SPDX = Namespace("http://spdx.org/rdf/terms#")
DUMPS = ["hadrut.jsonld", "hadrut.nt", "hadrut.trig", "hadrut.ttl"]
FILES = sorted([*DUMPS, *(d + ".gz" for d in DUMPS), "ontology.ttl", "shapes.ttl", "shapes-sparql.ttl", "void.ttl",
                "wikidata-alignment.ttl", "CHANGELOG.md", "LICENSE", "CITATION.cff", "SHA256SUMS"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    work = tmp_path_factory.mktemp("release")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["release", "--out", str(work / "release")])
    assert code == 0
    out = work / "release" / f"hadrut-kg-{__version__}"
    assert f"wrote {out / 'SHA256SUMS'}" in printed.getvalue()
    return out


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing (GNU coreutils / gzip, on every Debian machine)")
    return found


def test_the_folder_holds_what_an_archive_needs(folder):
    # besides the marker that lets the next release replace this folder (and nothing else) — in no checksum
    assert sorted(p.name for p in folder.iterdir()) == [".hadrut-kg-output", *FILES]
    assert ".hadrut-kg-output" not in (folder / "SHA256SUMS").read_text()


def test_sha256sum_checks_every_file_and_sees_a_changed_byte(folder, tmp_path):
    done = subprocess.run([tool("sha256sum"), "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(line.rsplit(": ", 1) for line in done.stdout.splitlines()) == \
        [[name, "OK"] for name in FILES if name != "SHA256SUMS"]
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "hadrut.nt").write_bytes((copy / "hadrut.nt").read_bytes().replace(b"Hadrut", b"Hadruf", 1))
    done = subprocess.run([tool("sha256sum"), "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 1 and "hadrut.nt: FAILED" in done.stdout


def riot_count(path: Path, fix_folder: Path) -> int:
    done = subprocess.run(["java", "-cp", classpath(fix_folder), "riotcmd.riot", "--count", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(re.search(r"(?:Triples|Quads) = ([\d,]+)", done.stdout + done.stderr).group(1).replace(",", ""))


def test_gzip_dumps_are_the_plain_dumps_and_riot_reads_them(folder, tmp_path):
    for dump in DUMPS:
        assert subprocess.run([tool("gzip"), "-t", str(folder / (dump + ".gz"))]).returncode == 0
        assert gzip.decompress((folder / (dump + ".gz")).read_bytes()) == (folder / dump).read_bytes()
    for dump in ("hadrut.ttl", "hadrut.nt", "hadrut.trig"):
        plain = riot_count(folder / dump, tmp_path)
        assert plain > 9000 and riot_count(folder / (dump + ".gz"), tmp_path) == plain


def test_void_gives_each_dump_its_size_and_sha256(folder):
    void = Graph().parse(folder / "void.ttl", format="turtle")
    dataset = URIRef(DEFAULT_BASE + "dataset")
    found = {}
    for dist in void.objects(dataset, DCAT.distribution):
        name = str(void.value(dist, DCAT.downloadURL)).rsplit("/", 1)[1]
        checksum = void.value(dist, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        found[name] = (int(void.value(dist, DCAT.byteSize)), str(void.value(checksum, SPDX.checksumValue)))
        if name.endswith(".gz"):
            assert void.value(dist, DCAT.compressFormat) == URIRef("http://www.iana.org/assignments/media-types/application/gzip")
    assert found == {name: ((folder / name).stat().st_size, hashlib.sha256((folder / name).read_bytes()).hexdigest())
                     for name in FILES if name.startswith("hadrut.")}


def changelog_days() -> dict[str, str]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", text, flags=re.M))


def test_citation_void_and_changelog_agree_on_the_version_and_its_day(folder):
    days = changelog_days()
    assert days[__version__] == __released__
    cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
    assert (cff["cff-version"], cff["version"], str(cff["date-released"])) == ("1.2.0", __version__, __released__)
    assert cff["title"] == "Hadrut KG" and cff["authors"] == [{"name": "Hadrut KG developers"}]
    assert cff["license"] == "CC-BY-SA-4.0" and cff["message"]
    void = Graph().parse(folder / "void.ttl", format="turtle")
    dataset = URIRef(DEFAULT_BASE + "dataset")
    assert str(void.value(dataset, URIRef("http://www.w3.org/ns/dcat#version"))) == __version__
    assert str(void.value(dataset, DCTERMS.modified)) == __released__
    assert str(void.value(dataset, DCTERMS.issued)) == min(days.values())
