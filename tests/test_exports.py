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

import tools

from hadrut_kg import api

from hadrut_kg.exports import formats as exports
from hadrut_kg.cli.main import main
from hadrut_kg.exports.map import html

from conftest import SHARED

HK = "https://w3id.org/hadrut-kg/id/"


@pytest.fixture(scope="module")
def store(built):
    return api.load(built.out)


@pytest.fixture(scope="module")
def rdflib_graph(published):
    """The published Turtle read by a second parser (rdflib), to say which items the exports must hold."""
    return published("hadrut.ttl", "turtle")


PLACES_BY_RDFLIB = ("SELECT DISTINCT ?p WHERE { ?p a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                    "<https://w3id.org/hadrut-kg/ontology#Place> }")


NAMES_BY_RDFLIB = ("SELECT ?p ?text WHERE { ?p a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                   "<https://w3id.org/hadrut-kg/ontology#Place> ; <https://w3id.org/hadrut-kg/ontology#hasName>/"
                   "<https://w3id.org/hadrut-kg/ontology#nameText> ?text }")


@pytest.fixture(scope="module")
def places(rdflib_graph):
    return {str(row[0]) for row in rdflib_graph.query(PLACES_BY_RDFLIB)}


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


def test_lpf_has_every_required_field(store, places):
    document = exports.lpf(store)
    assert document["type"] == "FeatureCollection"
    assert document["@context"] == exports.LPF_CONTEXT
    assert {f["@id"] for f in document["features"]} == places and HK + "khtsaberd-enclave" in places
    for feature in document["features"]:
        assert feature["@id"].startswith(HK) and feature["type"] == "Feature"
        assert feature["properties"]["title"]
        assert feature["names"] and any(n["citations"] for n in feature["names"])
        for name in feature["names"]:
            assert name["toponym"] and name["lang"]
            assert all(c["label"] and c["@id"].startswith("http") for c in name["citations"])
            if "when" in name:
                assert all("start" in span or "end" in span for span in name["when"]["timespans"])
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
    province = {(r["label"], str(r.get("when"))) for r in features[HK + "hadrut-province"]["relations"]}
    # the Wikimapia breadcrumb is a filing (hkg:filedUnder), not a part-of relation
    assert not any(label.startswith("part of Khojavend District") for label, _ in province)
    # "autumn 2020": both bounds of an uncertain start, not its latest one; the open end stays open (no latest
    # end, the end no earlier than the start)
    assert ("controlled by Azerbaijan (the whole region except the Khtsaberd enclave in the north-west)",
            str({"timespans": [{"start": {"earliest": "2020-09", "latest": "2020-11"}, "end": {"earliest": "2020-09"}}],
                 "label": "from Azerbaijan takes control of the Hadrut region; the source gives no end"})) in province
    # a part qualifier is kept with the relation it qualifies, and an event that ends it is named
    assert ("controlled by Azerbaijan (the south of the region)",
            str({"timespans": [{"start": {"earliest": "1991-09-02", "latest": "1993-08"}, "end": {"in": "1993-08"}}],
                 "label": "from 1991-09-02/1993-08; until Azerbaijani troops leave the Lachin, Qubadli and Jabrayil "
                          "districts and part of Fuzuli District (Wikimapia's account)"})) in province
    # Wikimapia's present tense ("is … within the unrecognized Republic of Artsakh") gives no end; Wikipedia's "was"
    # ends with the capture, dated as Wikipedia alone dates it: during its 2020 war, by 9 November
    assert ("part of Republic of Artsakh",
            str({"timespans": [{"start": {"earliest": "1991-09-02", "latest": "1993-08"},
                                "end": {"earliest": "1991-09-02"}}],
                 "label": "from Declaration of independence of the Nagorno-Karabakh Republic; the source gives no "
                          "end"})) in province
    assert ("part of Republic of Artsakh",
            str({"timespans": [{"end": {"earliest": "2020-01-01", "latest": "2020-11-09"}}],
                 "label": "until Azerbaijan takes control of the Hadrut region"})) in province


def test_lpf_keeps_event_bounds_types_and_feature_classes(store):
    features = {f["@id"]: f for f in exports.lpf(store)["features"]}
    fuzuli = {(r["label"], (r.get("when") or {}).get("label")) for r in features[HK + "fuzuli-district"]["relations"]}
    assert ("administered by Hadrut Province (part of the Fizuli region)",
            "from Jabrayil District and part of Fuzuli District put under the Hadrut region's administration "
            "(Wikimapia's account); until Azerbaijan takes control of the Hadrut region") in fuzuli  # undated bounds
    village = features[HK + "aknaghbyur"]
    assert village["properties"]["fclasses"] == ["P"]
    assert [t["identifier"] for t in village["types"]] == ["wd:Q486972"]  # human settlement
    # no source dates Aknaghbyur: its `when` is the attestation by the Wikipedia article that lists it, which
    # reports the city of Hadrut taken "on either 14 or 15 October 2020" (seed 001, History), so it was written on
    # or after 14 October 2020; Who's On First, which names it too, states no date
    assert village["when"] == {"timespans": [{"start": {"earliest": "2020-10-14"}}], "label": (
        "when the place is attested: Hadrut Province (https://en.wikipedia.org/wiki/Hadrut_Province) was written on "
        "or after 2020-10-14, the latest day it reports; the sources give no date for this place")}
    # Djamal peak is named only in Wikimapia's nearby list; the page's latest certain day is November 13 (2020),
    # when Russian peacekeepers took the Khtsaberd section (seed 000, description)
    assert features[HK + "djamal-peak"]["when"]["timespans"] == [{"start": {"earliest": "2020-11-13"}}]
    assert all("when" not in f or f["when"]["timespans"] for f in features.values())  # every feature has a time
    monastery = features[HK + "gtichavank"]
    assert monastery["properties"]["fclasses"] == ["S"] and monastery["types"][0]["identifier"] == "wd:Q44613"
    assert features[HK + "big-kirs"]["properties"]["fclasses"] == ["T"]
    # only a place the data types as nothing narrower (Lankaran: the source's list may mean the city or the
    # district) gets no feature class rather than a guessed one
    assert [i for i, f in features.items() if not f["properties"].get("fclasses")] == [HK + "lankaran"]


def test_a_place_only_undated_documents_name_gets_no_time():
    from hadrut_kg.exports.lpf_attestation import UNDATED, attested_when

    citations = [{"label": "A list", "@id": "https://example.org/list"}]
    assert attested_when(citations, {}) == {"timespans": [], "label": UNDATED}
    assert attested_when(citations, {"https://example.org/list": "2001-02-03"})["timespans"] == [
        {"start": {"earliest": "2001-02-03"}}]


def whg_validator():
    """WHG's LPF v2.0 schema (../shared/validators/, from WorldHistoricalGazetteer/whg3
    validation/static/lpf_v2.0.jsonld) as WHG applies it: Draft 7. Its $refs to https://whgazetteer.org/schema/…
    (the CSL citation schema) cannot be fetched offline; they resolve to the empty schema, which accepts anything
    — so the collection-level `citation` is not checked (this export has none)."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    path = SHARED / "validators" / "whg-lpf_v2.0.schema.json"
    if not path.exists():
        tools.missing_shared("WHG's LPF schema (validators/whg-lpf_v2.0.schema.json)")
    schema = json.loads(path.read_text(encoding="utf-8"))
    registry = Registry(retrieve=lambda uri: Resource.from_contents({}, default_specification=DRAFT7))
    return Draft7Validator(schema, registry=registry)


def test_every_lpf_feature_passes_whg_validation(store):
    validator = whg_validator()
    features = exports.lpf(store)["features"]
    errors = {f["@id"]: [e.message[:200] for e in validator.iter_errors({"type": "FeatureCollection",
                                                                          "features": [f]})]
              for f in features}
    assert {k: v for k, v in errors.items() if v} == {}
    broken = {**features[0], "names": [], "properties": {"title": "x"}}
    broken.pop("when", None)
    assert list(validator.iter_errors({"type": "FeatureCollection", "features": [broken]}))  # the check bites


def test_csv_lists_places_and_names(store, places, rdflib_graph):
    tables = exports.csv_tables(store)
    rows = list(csv.DictReader(io.StringIO(tables["places.csv"])))
    names = list(csv.DictReader(io.StringIO(tables["names.csv"])))
    assert sorted(HK + p["id"] for p in rows) == sorted(places)  # each place once
    # each name of each place once, as rdflib reads them from the Turtle
    expected = sorted((str(p).removeprefix(HK), str(text), text.language or "")
                      for p, text in rdflib_graph.query(NAMES_BY_RDFLIB))
    assert sorted((n["place_id"], n["name"], n["lang"]) for n in names) == expected
    places = rows
    togh = next(p for p in places if p["id"] == "togh")
    assert (togh["latitude"], togh["longitude"], togh["class"]) == ("39.585", "46.965278", "Settlement")
    assert {("Տող", "hy"), ("Tuğ", "az"), ("Тог", "ru"), ("Tugh", "en"), ("Togh", "en"), ("Togh", "hy-Latn"),
            ("Туг", "ru")} == {(n["name"], n["lang"]) for n in names if n["place_id"] == "togh"}
    points = list(csv.DictReader(io.StringIO(tables["points.csv"])))
    assert [(p["latitude"], p["longitude"], p["sources"]) for p in points if p["place_id"] == "togh"] == [
        ("39.585", "46.965278", "wp-en-togh/article"), ("39.585", "46.96528", "wof/localities")]
    assert togh["points"] == "2" and len(points) == sum(int(p["points"]) for p in places)


def test_export_command_writes_files(built, tmp_path, capsys):
    assert main(["export", "geojson", "--dataset", str(built.out), "--out", str(tmp_path / "x.geojson")]) == 0
    assert main(["export", "csv", "--dataset", str(built.out), "--out", str(tmp_path / "csv")]) == 0
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


def test_every_feature_the_sources_date_has_a_feature_level_when(store):
    """Issue 23, point 7: the places the sources date (the town, the province, the district, the enclave) carry a
    feature-level `when` gathering their names' and relations' timespans — e.g. Dizak district, the district's
    name from its formation (8 August 1930) to its renaming (17 September 1939)."""
    features = {f["@id"]: f for f in exports.lpf(store)["features"]}
    for place in ("hadrut", "hadrut-province", "hadrut-district", "khtsaberd-enclave"):
        assert features[HK + place]["when"]["timespans"], place
    assert {"start": {"in": "1930-08-08"}, "end": {"in": "1939-09-17"}} in \
        features[HK + "hadrut-district"]["when"]["timespans"]
    assert all("when" in f for f in features.values())
