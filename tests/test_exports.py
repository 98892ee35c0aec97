"""The exports (GeoJSON, Linked Places Format, CSV) checked against their formats, and the map page's inlined
data (the map in a real browser: test_map.py)."""

from __future__ import annotations

import csv
import os
import json
import io
import re

import geojson as geojson_lib
import pytest

from hadrut_kg import api, exports
from hadrut_kg.cli import main
from hadrut_kg.map import html

HK = "https://w3id.org/hadrut-kg/id/"


@pytest.fixture(scope="module")
def store(built):
    return api.load(built.out)


@pytest.fixture(scope="module")
def places_with_points(store):
    query = ("SELECT DISTINCT ?p WHERE { ?p <http://www.opengis.net/ont/geosparql#hasGeometry> ?g }")
    return {s["p"].value for s in store.query(query)}


def test_geojson_is_valid_rfc7946(store, places_with_points):
    document = exports.geojson(store)
    parsed = geojson_lib.loads(exports.dumps(document))
    assert parsed.is_valid, parsed.errors()
    assert {f["id"] for f in document["features"]} == places_with_points and len(places_with_points) == 46  # 13 from the seeds and articles, 33 more from WOF
    town = next(f for f in document["features"] if f["id"] == HK + "hadrut")
    assert town["geometry"] == {"type": "MultiPoint",  # longitude first; English Wikipedia's point, then WOF's
                                "coordinates": [[47.03, 39.516667], [47.0318, 39.52002]]}
    district = next(f for f in document["features"] if f["id"] == HK + "hadrut-district")
    assert district["geometry"]["type"] == "MultiPoint"
    assert sorted(district["geometry"]["coordinates"]) == [[46.885833, 39.545], [47.03, 39.516667]]
    names = {(n["text"], n["lang"], n["script"]) for n in
             next(f for f in document["features"] if f["id"] == HK + "hin-tagher")["properties"]["names"]}
    assert {("Հին Թաղեր", "hy", "Armn"), ("Köhnə Tağlar", "az", "Latn"), ("Хин Тагер", "ru", "Cyrl"),
            ("Hin Tager", "en", "Latn")} <= names


def test_lpf_has_every_required_field(store):
    document = exports.lpf(store)
    assert document["type"] == "FeatureCollection"
    assert document["@context"] == exports.LPF_CONTEXT
    assert len(document["features"]) == 93
    for feature in document["features"]:
        assert feature["@id"].startswith(HK) and feature["type"] == "Feature"
        assert feature["properties"]["title"]
        assert feature["names"] and any(n["citations"] for n in feature["names"])
        for name in feature["names"]:
            assert name["toponym"] and name["lang"]
            assert all(c["label"] and c["@id"].startswith("http") for c in name["citations"])
            if "when" in name:
                assert all("start" in span for span in name["when"]["timespans"])
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "GeometryCollection"
            assert all(g["type"] == "Point" and len(g["coordinates"]) == 2 for g in geometry["geometries"])
        for relation in feature["relations"]:
            assert relation["relationType"].startswith("gvp:") and relation["relationTo"].startswith("http")
            assert relation["citations"]
        for link in feature["links"]:
            assert link["type"] in {"exactMatch", "closeMatch", "primaryTopicOf", "seeAlso", "subjectOf"}


def test_lpf_keeps_time_on_names_and_relations(store):
    features = {f["@id"]: f for f in exports.lpf(store)["features"]}
    dizak = next(n for n in features[HK + "hadrut-district"]["names"] if n["toponym"] == "Dizak district")
    assert dizak["when"] == {"timespans": [{"start": {"in": "1930-08-08"}, "end": {"in": "1939-09-17"}}]}
    in_artsakh = [r for r in features[HK + "hadrut-province"]["relations"] if r["relationTo"] == HK + "republic-of-artsakh"]
    assert {str(r.get("when")) for r in in_artsakh} == {"None", str({"timespans": [{"start": {"in": "1991-09-02"}}]})}


def test_csv_lists_places_and_names(store):
    tables = exports.csv_tables(store)
    places = list(csv.DictReader(io.StringIO(tables["places.csv"])))
    names = list(csv.DictReader(io.StringIO(tables["names.csv"])))
    assert len(places) == 93
    count = sum(1 for _ in store.query("SELECT ?n WHERE { ?p a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                                       "<https://w3id.org/hadrut-kg/ontology#Place> ; "
                                       "<https://w3id.org/hadrut-kg/ontology#hasName> ?n }"))
    assert len(names) == count
    togh = next(p for p in places if p["id"] == "togh")
    assert (togh["latitude"], togh["longitude"], togh["class"]) == ("39.585", "46.965278", "Settlement")
    assert {("Տող", "hy"), ("Tuğ", "az"), ("Тог", "ru"), ("Tugh", "en"), ("Togh", "en"), ("Togh", "hy-latn"),
            ("Туг", "ru")} == {(n["name"], n["lang"]) for n in names if n["place_id"] == "togh"}
    points = list(csv.DictReader(io.StringIO(tables["points.csv"])))
    assert [(p["latitude"], p["longitude"], p["sources"]) for p in points if p["place_id"] == "togh"] == [
        ("39.585", "46.965278", "wp-en-togh/article"), ("39.585", "46.96528", "wof/localities")]
    assert togh["points"] == "2" and len(points) == sum(int(p["points"]) for p in places)


def test_export_command_writes_files(built, tmp_path, capsys):
    assert main(["export", "geojson", "--data", str(built.out), "--out", str(tmp_path / "x.geojson")]) == 0
    assert main(["export", "csv", "--data", str(built.out), "--out", str(tmp_path / "csv")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'x.geojson'} (46 features)" in out
    assert (tmp_path / "csv" / "places.csv").exists() and (tmp_path / "csv" / "names.csv").exists()


def test_map_page_is_self_contained(store):
    document = exports.geojson(store)
    document["features"][0]["properties"]["label"] = "</script><script>alert(1)</script>"
    page = html(document)
    assert not re.search(r"""(src|href)=["']https?://""", page)
    inlined = page.split('id="data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(inlined) == document  # a hostile label cannot close the data element
