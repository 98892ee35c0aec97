"""Data-driven writes outside the output folder and open redirects (issue 21, serious item 3), performed for
real: a source IRI of the dataset's own namespace that climbs out (`..`, `%2e%2e`) or names another host (`//`),
refused where the data is read; and the same IRIs slipped into a built dataset past the data checks, refused
again where the site is written and where `serve` answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hadrut_kg.cli.main import main
from site_helpers import get, serving as serving_dataset
from test_abuse import data_copy  # noqa: F401 — a fixture

WIKIMAPIA = "iri: http://wikimapia.org/41531854/Hadrut-District"
ESCAPES = ["https://w3id.org/hadrut-kg/../../../../{target}/escaped",
           "https://w3id.org/hadrut-kg/%2e%2e/%2E%2E/%2e%2e/%2e%2e/{target}/escaped",
           "https://w3id.org/hadrut-kg/id/.%2e/..%2F..%2F..%2F{target}/escaped",
           "https://w3id.org/hadrut-kg//evil.example/phish"]


def written_outside(root: Path, inside: Path) -> list[Path]:
    return [p for p in root.rglob("escaped*") if not p.is_relative_to(inside)] + list(root.rglob("phish*"))


@pytest.mark.parametrize("iri", ESCAPES)
def test_an_own_namespace_iri_that_leaves_the_output_folder_is_refused_in_the_data(data_copy, tmp_path, capsys,
                                                                                    iri):
    hostile = iri.format(target=str(tmp_path).strip("/"))
    sources = data_copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    line = text.splitlines().index(f"    {WIKIMAPIA}") + 1
    sources.write_text(text.replace(WIKIMAPIA, f"iri: '{hostile}'"), encoding="utf-8")
    out = tmp_path / "out" / "dist"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    problems = [p.strip() for p in err.splitlines()[1:]]
    assert problems == [f"data/sources.yaml:{line}: record 'wikimapia' field 'iri': {hostile!r} is refused: "
                        + problems[0].split(" is refused: ", 1)[1]], err
    assert not out.exists() and written_outside(tmp_path, out) == []


def test_the_namespace_given_with_base_is_checked_too(data_copy, tmp_path, capsys):
    """Third attacker review: under `build --base B`, an IRI `B/<path>` that would map outside the site folder
    passed the build (only the default base and $HADRUT_KG_BASE were checked); it is refused where it is read."""
    hostile = f"https://example.org/kg//{str(tmp_path).strip('/')}/escaped"
    sources = data_copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    line = text.splitlines().index(f"    {WIKIMAPIA}") + 1
    sources.write_text(text.replace(WIKIMAPIA, f"iri: '{hostile}'"), encoding="utf-8")
    out = tmp_path / "out" / "dist"
    assert main(["build", "--data", str(data_copy), "--out", str(out), "--base", "https://example.org/kg/"]) == 2
    err = capsys.readouterr().err
    assert f"data/sources.yaml:{line}: record 'wikimapia' field 'iri': {hostile!r} is refused: " in err
    assert not out.exists()
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0  # another base: an outside IRI


def hostile_dataset(built, tmp_path: Path, iri: str) -> Path:
    """A copy of the built dataset with one more resource, `iri`, as a later edit or an older build might leave."""
    dist = tmp_path / "dist"
    shutil.copytree(built.out, dist)
    triple = f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "hostile" .\n'
    for name in ("hadrut.nt", "hadrut.trig"):
        with open(dist / name, "a", encoding="utf-8") as f:
            f.write(triple)
    return dist


@pytest.mark.slow  # the static site or a real `serve`
@pytest.mark.parametrize("iri", ESCAPES)
def test_the_site_writer_refuses_an_iri_that_maps_outside_its_folder(built, tmp_path, capsys, iri):
    dist = hostile_dataset(built, tmp_path, iri.format(target=str(tmp_path).strip("/")))
    site = tmp_path / "a" / "b" / "site"
    assert main(["site", "--dataset", str(dist), "--out", str(site)]) == 5
    err = capsys.readouterr().err
    assert err.startswith("error: the dataset's resource ") and "maps outside the site" in err
    assert err.count("\n") == 1
    assert not site.exists() and written_outside(tmp_path, site) == []


@pytest.mark.slow  # the static site or a real `serve`
def test_serve_gives_no_redirect_to_another_host_nor_a_path_outside(built, tmp_path):
    dist = hostile_dataset(built, tmp_path, "https://w3id.org/hadrut-kg//evil.example/phish")
    with serving_dataset(dist) as server:
        for path in ("//evil.example/phish", "//evil.example/phish.html", "/%2Fevil.example/phish",
                     "/%2e%2e/%2e%2e/etc/passwd", "/id/..%2F..%2Fhadrut.nt"):
            for accept in ("text/html", "text/turtle"):
                status, headers, _ = get(server, path, accept)
                assert status == 404 and "location" not in headers, (path, accept, status, headers)
        status, headers, _ = get(server, "/id/hadrut-district", "text/html")
        assert status == 303 and headers["location"] == "/id/hadrut-district.html"


@pytest.mark.slow  # the static site or a real `serve`
def test_serve_answers_downloads_and_pages_from_one_snapshot(built, data_copy, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(built.out, dist)
    before = {name: (dist / name).read_bytes() for name in ("hadrut.nt", "hadrut.ttl", "void.ttl")}
    places = data_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("label: Hadrut District (NKAO)",
                                                                 "label: Renamed After Start", 1), encoding="utf-8")
    with serving_dataset(dist) as server:
        assert get(server, "/download/hadrut.nt")[2] == before["hadrut.nt"]
        assert main(["build", "--data", str(data_copy), "--out", str(dist)]) == 0  # a rebuild under the server
        assert b"Renamed After Start" in (dist / "hadrut.nt").read_bytes()
        for path, name in (("/download/hadrut.nt", "hadrut.nt"), ("/download/hadrut.ttl", "hadrut.ttl"),
                           ("/void.ttl", "void.ttl")):
            status, _, body = get(server, path)
            assert status == 200 and body == before[name], path  # the dumps the pages were rendered from
        page = get(server, "/id/hadrut-district.html")[2]
        assert b"Hadrut District (NKAO)" in page and b"Renamed After Start" not in page
        shutil.rmtree(dist)  # nothing is read from the folder any more
        assert get(server, "/download/hadrut.nt")[2] == before["hadrut.nt"]
