"""Offline reconciliation against a gazetteer file: exact outcomes on a small fixture gazetteer (right match, a
homonym in another region, a transliteration-only match, a wrong-language name field, an ambiguous name), the
data files written from it, the loader's gazetteer links, bad input, and the committed review being what the tool
gives on the WOF extract the package ships (gazetteers/), also by default, with nothing beside the checkout."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from hadrut_kg.links import gazetteer

from hadrut_kg.links import wof_data
from hadrut_kg.cli.main import main
from hadrut_kg.curated.errors import DataError
from hadrut_kg.curated.loader import load_data
from hadrut_kg.paths import DATA, ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gazetteer"
SHIPPED_WOF = ROOT / "gazetteers" / "wof-hadrut-area.geojson"


@pytest.fixture(scope="module")
def rows():
    records = gazetteer.read_gazetteer(FIXTURES / "wof-fixture.geojson")
    return gazetteer.reconcile(load_data(FIXTURES / "data"), records)


def outcomes(rows):
    return {(r.target.id, r.record.id if r.record else None): (r.decision, r.match, tuple(r.signals)) for r in rows}


def test_each_candidate_gets_its_exact_outcome(rows):
    assert outcomes(rows) == {
        ("north-district", 101): ("accepted", "exact", ("name", "type")),
        ("south-district", 102): ("accepted", "exact", ("name", "type")),
        ("province", None): ("none", "", ()),
        ("aygestan", 201): ("accepted", "exact", ("name", "region")),
        ("tumi", 202): ("accepted", "exact", ("name", "region", "distance")),
        ("tumi", 203): ("rejected", "", ("name",)),
        ("vank", 204): ("accepted", "exact", ("name", "region")),
        ("vank", 205): ("rejected", "", ("name",)),
        ("fizuli", 206): ("accepted", "exact", ("name", "region", "distance")),
        ("fizuli", 207): ("rejected", "", ("name", "region")),
        ("tsakuri", 208): ("accepted", "exact", ("name", "region")),
        ("karaglukh", 209): ("ambiguous", "", ("name", "region")),
        ("karaglukh", 210): ("ambiguous", "", ("name", "region")),
        ("arevshat", None): ("none", "", ()),
    }


def reasons(rows, target, record):
    return next(" | ".join(r.reasons) for r in rows if r.target.id == target and (r.record and r.record.id) == record)


def test_the_reasons_say_why(rows):
    # transliteration only: our Latin spelling meets the gazetteer's Armenian and Russian names through anyascii
    assert reasons(rows, "aygestan", 201).startswith(
        "name 'Aygestan'@en ~ name:hye_x_preferred 'Այգեստան' (transliterated); "
        "'Aygestan'@en ~ name:rus_x_preferred 'Айгестан' (transliterated) | region Nor")
    # the homonym in the other region: far from the point a source gives, or with nothing but the name
    assert reasons(rows, "tumi", 203).endswith("ruled out: 54.7 km from the point a source gives")
    assert reasons(rows, "vank", 205).endswith("only one signal")
    # a neighbour's record holds this town's Armenian name: name and region, but 26 km off
    assert reasons(rows, "fizuli", 207) == (
        "name 'Վարանդա'@hy = name:hye_x_preferred 'Վարանդա' | region Nor (the district our data places it in, or one "
        "that is part of the same unit) | ruled out: 26.1 km from the point a source gives")
    # the Latin text in the Russian field is named as such
    assert "'Tsakuri'@en = name:rus_x_preferred (Latn text) 'Tsakuri'" in reasons(rows, "tsakuri", 208)
    assert reasons(rows, "karaglukh", 209).endswith("ambiguous: also supported 210")


def test_a_latin_name_in_the_russian_field_becomes_a_transliteration(rows):
    records, skipped = wof_data.contributions(rows, load_data(FIXTURES / "data"))
    tsakuri = next(r for r in records if r["about"] == "tsakuri")
    assert tsakuri["names"] == [
        {"text": "Ծակուռի", "lang": "hy", "kind": "common"},
        {"text": "Tsakuri", "lang": "ru-Latn", "kind": "transliteration",
         "note": "In WOF's name:rus_x_preferred field, written in Latin script."}]
    assert tsakuri["facts"] == [{"p": "coordinates", "lat": 39.56984, "lon": 46.98511,
                                 "note": "WOF record 208, point from geonames."}]
    assert {r["about"] for r in records} == {"north-district", "south-district", "aygestan", "tumi", "vank",
                                             "fizuli", "tsakuri"}
    assert skipped == []


def test_links_name_the_wof_record_and_the_geonames_feature(rows):
    links = wof_data.links(rows, "2026-12-01")
    assert [(x["about"], x["iri"], x["match"]) for x in links if x["about"] == "tumi"] == [
        ("tumi", "https://spelunker.whosonfirst.org/id/202/", "exact"),
        ("tumi", "https://sws.geonames.org/148188/", "exact")]
    assert not any(x["about"] in ("karaglukh", "arevshat") for x in links)
    north = next(x for x in links if x["about"] == "north-district")
    assert north["evidence"].startswith("WOF region 101 'Nor' reconciled offline (name + type); name 'Nor District'@en")


def test_write_then_build_loads_the_links(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    assert main(["gazetteer", "--file", str(FIXTURES / "wof-fixture.geojson"), "--data", str(data), "--write",
                 "--today", "2026-12-01"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "10 records reconciled; rows: 7 accepted, 2 ambiguous, 3 rejected, 2 none; now run `hadrut-kg build`")
    loaded = load_data(data)
    links = sorted((f.subject, f.prop, f.obj.value) for f in loaded.facts if f.prop.endswith("Match"))
    assert ("vank", "exactMatch", "https://spelunker.whosonfirst.org/id/204/") in links and len(links) == 14
    review = list(csv.DictReader(io.StringIO((data / "wof-review.csv").read_text(encoding="utf-8"))))
    assert [(r["entity"], r["wof_id"], r["decision"]) for r in review if r["entity"] == "tumi"] == [
        ("tumi", "202", "accepted"), ("tumi", "203", "rejected")]
    regions = json.loads((data / "wof-regions.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in regions["features"]] == ["north-district"]  # part of the province


@pytest.mark.parametrize("iri,message", [
    ("https://spelunker.whosonfirst.org/id/../../x/", "expected a gazetteer record IRI"),
    ("https://example.org/id/1/", "expected a gazetteer record IRI"),
    ("https://sws.geonames.org/0/", "expected a gazetteer record IRI"),
])
def test_a_bad_gazetteer_link_is_one_clear_error(tmp_path, iri, message):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    (data / "links.yaml").write_text(
        f'links:\n  - {{about: tumi, iri: "{iri}", match: exact, checked: "2026-12-01", cite: wof/localities, '
        'evidence: test}\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(data)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.record, problem.field) == ("data/links.yaml", 2, "tumi", "iri")
    assert problem.message.startswith(message)


def test_qid_and_iri_together_are_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    (data / "links.yaml").write_text(
        'links:\n  - {about: tumi, qid: Q1, iri: "https://sws.geonames.org/1/", match: exact, checked: "2026-12-01", '
        'cite: wof/localities, evidence: test}\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(data)
    assert [p.message for p in caught.value.problems] == [
        "give either qid (a Wikidata item) or iri (a gazetteer record), not both or neither"]


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfe", "not UTF-8 (byte 0)"),
    (b'{"type": "FeatureCollection", "features": [', ":1: not JSON: Expecting value"),
    (b'{"type": "FeatureCollection"}', "expected a GeoJSON FeatureCollection with a 'features' list"),
    (b'{"features": [{"properties": {"wof:id": "1", "wof:placetype": "locality"}}]}',
     "feature 1: field 'wof:id': expected a positive whole number, got '1'"),
    (b'{"features": [{"properties": {"wof:id": 1, "wof:placetype": "locality", "geom:latitude": 91, '
     b'"geom:longitude": 0}}]}', "feature 1: field 'geom:latitude': expected a number between -90 and 90, got 91"),
    (b'{"features": [{"properties": {"wof:id": 1, "wof:placetype": "locality", '
     b'"wof:concordances": {"wd:id": "Q1/../x"}}}]}',
     "feature 1: field 'wof:concordances.wd:id': expected a Wikidata id like Q157919, got 'Q1/../x'"),
])
def test_a_bad_gazetteer_file_is_one_clear_error(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(content)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    assert main(["gazetteer", "--file", str(bad), "--data", str(data), "--write"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}") and message in err and err.count("\n") == 1
    assert sorted(p.name for p in data.iterdir()) == ["places.yaml", "sources.yaml"]  # nothing written


def test_a_formula_in_a_gazetteer_name_is_neutralised_in_the_review(tmp_path):
    feature = {"type": "Feature", "geometry": None, "properties": {
        "wof:id": 7, "wof:name": '=HYPERLINK("http://127.0.0.1:9/","x")', "wof:placetype": "locality",
        "name:eng_x_preferred": ["Tumi"], "wof:hierarchy": [{"region_id": 101}]}}
    path = tmp_path / "g.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    rows = gazetteer.reconcile(load_data(FIXTURES / "data"), gazetteer.read_gazetteer(path))
    table = list(csv.DictReader(io.StringIO(gazetteer.review_csv(rows, {}))))
    (tumi,) = [r for r in table if r["entity"] == "tumi"]
    assert tumi["wof_name"] == "'" + feature["properties"]["wof:name"] and tumi["decision"] == "rejected"


def test_an_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.geojson"
    big.write_bytes(b" " * 2048)
    monkeypatch.setattr(gazetteer, "MAX_BYTES", 1024)
    with pytest.raises(gazetteer.GazetteerError, match="2048 bytes, more than the 1024"):
        gazetteer.read_gazetteer(big)


@pytest.mark.slow  # the whole WOF extract against every place: about 20 s on a busy machine
def test_the_committed_review_is_what_the_tool_gives(tmp_path):
    """data/wof-review.csv and the generated data files are reproducible from the shipped WOF extract, read by
    default (no --file)."""
    assert SHIPPED_WOF.is_file()
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert main(["gazetteer", "--data", str(data), "--write", "--today", "2026-12-01"]) == 0
    for name in ("wof-review.csv", "wof-links.yaml", "wof.yaml", "wof-regions.geojson"):
        assert (data / name).read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8"), name


def test_wikipedia_settlements_linked_or_explained():
    """At least 40 of the 49 settlements of the Wikipedia list have a cited point and a gazetteer link; each other
    one has a row in the review saying why no candidate was good enough."""
    data = load_data()
    listed = {f.subject for f in data.facts if f.prop == "locatedIn" and f.obj.value == "hadrut-province"
              and any(str(c) == "wikipedia/settlements" for c in f.cites)}
    assert len(listed) == 49
    pointed = {f.subject for f in data.facts if f.prop == "coordinates"}
    linked = {f.subject for f in data.facts if f.prop.endswith("Match") and "whosonfirst" in str(f.obj.value)}
    done = listed & pointed & linked
    assert len(done) == 40
    review = list(csv.DictReader(io.StringIO((DATA / "wof-review.csv").read_text(encoding="utf-8"))))
    why = {}
    for r in review:
        if r["entity"] in listed - done:
            why.setdefault(r["entity"], set()).add(r["decision"])
    assert why == {
        "arevshat": {"none"}, "arpagetik": {"none"}, "mokhrenes": {"none"}, "tsaghkavank": {"none"},
        "spitakashen": {"none"},
        "jrakan": {"ambiguous"},  # Jebrail and Chereken both carry the name in Cəbrayıl
        "karaglukh": {"ambiguous", "rejected"},  # Dashbashy and Karakend both carry it in Xocavənd
        "khalynbulakh": {"rejected"}, "kovshat": {"rejected"},  # similar names only, and no point to confirm
    }
