"""Each place page offers that place as GeoJSON, Linked Places Format and CSV (issue 23, point 7), in the static
site and from `serve`: the town of Hadrut's page links its files, and they hold exactly that place. Expected values
read by hand from data/: places.yaml (`hadrut`: "Hadrut"@en, locatedIn hadrut-province, controlledBy azerbaijan),
secondary.yaml (wp-en-hadrut: Հադրութ, Гадрут, the point 39.516667 N 47.03 E; wp-en-hadrut-district-nkao:
locatedIn khojavend-district) and wof.yaml (Hadrut az/en, Հադրութ, Hadrut’ hy-Latn, Гадрут, the point 39.52002 N
47.0318 E). Every place's LPF file passes WHG's schema, every GeoJSON file the `geojson` package's check."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from html.parser import HTMLParser

import geojson as geojson_lib
import pytest

from hadrut_kg.cli import main
from site_helpers import get, serving
from test_exports import whg_validator

pytestmark = pytest.mark.slow  # the static site and a real `serve`

TOWN = "https://w3id.org/hadrut-kg/id/hadrut"
NAMES = {("Hadrut", "en"), ("Hadrut", "az"), ("Հադրութ", "hy"), ("Hadrut’", "hy-Latn"), ("Гадрут", "ru")}
POINTS = [[47.03, 39.516667], [47.0318, 39.52002]]  # [lon, lat], in order of latitude
LINKS = {"download/places/hadrut.geojson": "GeoJSON", "download/places/hadrut.lpf.json": "Linked Places Format "
         "(JSON-LD)", "download/places/hadrut.places.csv": "CSV, places",
         "download/places/hadrut.names.csv": "CSV, names", "download/places/hadrut.points.csv": "CSV, points"}


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["site", "--dataset", str(built.out), "--out", str(out)]) == 0
    return out


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = {}, None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links[self._href] = self._text
            self._href = None


def test_the_town_page_links_its_downloads(site):
    links = _Links()
    links.feed((site / "id" / "hadrut.html").read_text(encoding="utf-8"))
    found = {href[len("../"):]: text for href, text in links.links.items() if href.startswith("../download/places/")}
    assert found == LINKS
    for path in LINKS:
        assert (site / path).is_file(), path


def test_the_town_files_hold_exactly_the_town(site):
    (feature,) = json.loads((site / "download/places/hadrut.geojson").read_text(encoding="utf-8"))["features"]
    assert (feature["id"], feature["properties"]["label"]) == (TOWN, "Hadrut")
    assert feature["geometry"] == {"type": "MultiPoint", "coordinates": POINTS}
    assert {(n["text"], n["lang"]) for n in feature["properties"]["names"]} == NAMES

    lpf = json.loads((site / "download/places/hadrut.lpf.json").read_text(encoding="utf-8"))
    (place,) = lpf["features"]
    assert (lpf["type"], place["@id"], place["properties"]["title"]) == ("FeatureCollection", TOWN, "Hadrut")
    assert {(n["toponym"], n["lang"]) for n in place["names"]} == NAMES
    assert [g["coordinates"] for g in place["geometry"]["geometries"]] == POINTS
    hk = "https://w3id.org/hadrut-kg/id/"
    assert sorted(r["relationTo"] for r in place["relations"]) == [hk + "azerbaijan", hk + "hadrut-province",
                                                                   hk + "khojavend-district"]
    assert "when" in place  # the town is dated: taken on or before 15 October 2020 per Wikipedia

    def rows(name):
        return list(csv.DictReader(io.StringIO((site / f"download/places/hadrut.{name}").read_text("utf-8"))))
    (row,) = rows("places.csv")
    assert (row["id"], row["iri"], row["label"], row["points"]) == ("hadrut", TOWN, "Hadrut", "2")
    assert {(r["place_id"], r["name"], r["lang"]) for r in rows("names.csv")} == {("hadrut", *n) for n in NAMES}
    assert len(rows("names.csv")) == len(NAMES)
    assert [(r["place_id"], float(r["longitude"]), float(r["latitude"])) for r in rows("points.csv")] == \
        [("hadrut", *p) for p in POINTS]


def test_every_place_lpf_file_passes_whg_schema_and_every_geojson_file_is_valid(site):
    validator = whg_validator()
    lpf_files = sorted((site / "download" / "places").glob("*.lpf.json"))
    geojson_files = sorted((site / "download" / "places").glob("*.geojson"))
    # 93 places, 46 of them located by a source (test_exports counts the same in the whole-dataset exports)
    assert (len(lpf_files), len(geojson_files)) == (93, 46)
    errors = {}
    for path in lpf_files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert len(document["features"]) == 1 and document["features"][0]["@id"].endswith("/" + path.name[:-9])
        errors[path.name] = [e.message[:200] for e in validator.iter_errors(document)]
    assert {k: v for k, v in errors.items() if v} == {}
    for path in geojson_files:
        parsed = geojson_lib.loads(path.read_text(encoding="utf-8"))
        assert parsed.is_valid, (path.name, parsed.errors())
        assert len(parsed["features"]) == 1 and parsed["features"][0]["id"].endswith("/" + path.name[:-8])


def test_serve_sends_the_same_files_and_links_them_on_the_page(built, site):
    with serving(built.out) as server:
        status, _, page = get(server, "/id/hadrut.html")
        assert status == 200 and page == (site / "id" / "hadrut.html").read_bytes()
        for path, media in (("hadrut.geojson", "application/geo+json"), ("hadrut.lpf.json", "application/ld+json"),
                            ("hadrut.names.csv", "text/csv; charset=utf-8")):
            status, headers, body = get(server, "/download/places/" + path)
            assert (status, headers["content-type"]) == (200, media), path
            assert body == (site / "download" / "places" / path).read_bytes(), path
        assert get(server, "/download/places/no-such-place.geojson")[0] == 404
        assert get(server, "/download/places/../hadrut.trig")[0] == 404


def test_a_place_no_source_locates_gets_no_geojson_but_the_rest(site):
    """The Khtsaberd enclave (places.yaml: no coordinates from any source; the whole-dataset GeoJSON leaves it out
    too): its page links its LPF and CSV files only."""
    links = _Links()
    links.feed((site / "id" / "khtsaberd-enclave.html").read_text(encoding="utf-8"))
    found = sorted(h for h in links.links if h.startswith("../download/places/"))
    assert found == ["../download/places/khtsaberd-enclave." + s
                     for s in ("lpf.json", "names.csv", "places.csv", "points.csv")]
    assert not (site / "download/places/khtsaberd-enclave.geojson").exists()
    (place,) = json.loads((site / "download/places/khtsaberd-enclave.lpf.json").read_text("utf-8"))["features"]
    assert (place["@id"], place["geometry"]) == ("https://w3id.org/hadrut-kg/id/khtsaberd-enclave", None)
