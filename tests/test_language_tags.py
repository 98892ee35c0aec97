"""Every output carries language tags in their BCP 47 case (RFC 5646 section 2.1.1: az-Cyrl, hy-Latn, und-Latn),
never pyoxigraph's lower-cased form (az-cyrl): the published files, the exports and the map, `hadrut-kg query` in
every format, and the served endpoint. Each output is read back with a reader other than the writer (rdflib keeps
the case it reads; json, csv), and the tags found are compared with the tags data/*.yaml gives."""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox
import pytest
import rdflib

from hadrut_kg.cli.main import main
from hadrut_kg.stores.gsp import payloads
from hadrut_kg.vocabulary.langtags import canonical_tag, restore_in_rdf
from test_abuse import post, serving

# The tags data/*.yaml gives names (grep 'lang:' data/*.yaml), plus English for labels and notes.
DATA_TAGS = {"az", "az-Cyrl", "en", "hy", "hy-Latn", "ru", "ru-Latn", "und-Latn"}  # no "it": Metz Kirs is und-Latn
LOWERED = {"az-cyrl", "hy-latn", "ru-latn", "und-latn"}
DISTRICT_AZ_CYRL = "Һадрут рајону"  # Hadrut District's Azerbaijani name in Cyrillic (data/secondary.yaml)


def test_canonical_tag_changes_the_case_only():
    assert [canonical_tag(t) for t in ["az-cyrl", "AZ-CYRL", "und-latn", "hy", "ru", "sr-latn-rs", "de-ch-1996"]] == [
        "az-Cyrl", "az-Cyrl", "und-Latn", "hy", "ru", "sr-Latn-RS", "de-CH-1996"]
    # langcodes.standardize_tag would rewrite these (hy-Armn -> hy, iw -> he): here only the case may change.
    assert [canonical_tag(t) for t in ["hy-armn", "iw", "2020-10-20", "not a tag", ""]] == [
        "hy-Armn", "iw", "2020-10-20", "not a tag", ""]


def test_restore_in_rdf_leaves_the_text_of_literals_alone():
    # A literal whose text looks like a tagged literal's end, an escaped quote and backslash before a tag.
    graph = [ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), o) for o in (
        ox.Literal('x "@az-cyrl y', language="az-Cyrl"), ox.Literal('\\"@hy-latn'), ox.Literal('q\\', language="hy-Latn"))]
    for fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
        text = restore_in_rdf(ox.serialize(graph, format=fmt)).decode()
        assert '"x \\"@az-cyrl y"@az-Cyrl' in text and '"\\\\\\"@hy-latn"' in text and '"q\\\\"@hy-Latn' in text
        parsed = rdflib.Graph().parse(data=text, format="nt" if fmt == ox.RdfFormat.N_TRIPLES else "turtle")
        assert sorted((str(o), o.language) for o in parsed.objects()) == [
            ('\\"@hy-latn', None), ('q\\', "hy-Latn"), ('x "@az-cyrl y', "az-Cyrl")]


@pytest.mark.parametrize("name, fmt", [("hadrut.ttl", "turtle"), ("hadrut.nt", "nt"), ("hadrut.trig", "trig"),
                                       ("hadrut.jsonld", "json-ld")])
def test_published_files_carry_the_bcp47_case(built, published, name, fmt):
    graph = published(name, fmt)  # a Dataset for TriG
    objects = (q[2] for q in graph.quads((None, None, None, None))) if fmt == "trig" else graph.objects()
    assert {o.language for o in objects if isinstance(o, rdflib.Literal)} - {None} == DATA_TAGS
    text = (built.out / name).read_text(encoding="utf-8")
    assert '@az-Cyrl' in text or '"az-Cyrl":' in text
    assert not re.search(r'"@(az-cyrl|hy-latn|ru-latn|und-latn)\b|"(az-cyrl|hy-latn|ru-latn|und-latn)":', text)


def test_jsonld_language_maps_use_the_bcp47_case(built):
    doc = json.loads((built.out / "hadrut.jsonld").read_text(encoding="utf-8"))
    keys = {lang for node in doc["@graph"] for value in node.values() if isinstance(value, dict) for lang in value}
    assert keys == DATA_TAGS
    found = {(node["@id"], key) for node in doc["@graph"] for key, value in node.items()
             if isinstance(value, dict) and DISTRICT_AZ_CYRL in value.get("az-Cyrl", [])}
    assert found == {("hk:hadrut-district", "prefLabel"), ("name:hadrut-district--az-cyrl--Һадрут-рајону", "nameText")}


def test_exports_and_map_carry_the_bcp47_case(built, tmp_path, capsys):
    for kind, target in (("geojson", "p.geojson"), ("lpf", "p.lpf"), ("csv", "csv")):
        assert main(["export", kind, "--dataset", str(built.out), "--out", str(tmp_path / target)]) == 0
    assert main(["map", "--kind", "places", "--dataset", str(built.out), "--out", str(tmp_path / "map.html")]) == 0
    capsys.readouterr()
    geojson = json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))
    lpf = json.loads((tmp_path / "p.lpf").read_text(encoding="utf-8"))
    names_csv = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "names.csv").read_text(encoding="utf-8"))))
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    inlined = json.loads(page.split('id="data">', 1)[1].split("</script>", 1)[0])
    found = {
        "geojson": {n["lang"] for f in geojson["features"] for n in f["properties"]["names"]},
        "lpf": {n["lang"] for f in lpf["features"] for n in f["names"]},
        "csv": {row["lang"] for row in names_csv},
        "map": {n["lang"] for f in inlined["features"] for n in f["properties"]["names"]},
    }
    for output, tags in found.items():
        assert {"az-Cyrl", "hy-Latn", "ru-Latn"} <= tags <= DATA_TAGS, output
    assert (DISTRICT_AZ_CYRL, "az-Cyrl") in {(row["name"], row["lang"]) for row in names_csv}


def district_names(built, capsys, fmt: str) -> str:
    assert main(["query", "names-of-place", "--param", "place=hk:hadrut-district", "--format", fmt,
                 "--dataset", str(built.out)]) == 0
    return capsys.readouterr().out


def test_query_results_carry_the_bcp47_case(built, capsys):
    outputs = {fmt: district_names(built, capsys, fmt) for fmt in ("csv", "json", "tsv", "table")}
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert {(r["name"], r["lang"], r["script"]) for r in rows if r["lang"] != r["lang"].lower()} == {
        (DISTRICT_AZ_CYRL, "az-Cyrl", "Cyrl")}
    doc = json.loads(outputs["json"])
    row = next(b for b in doc["results"]["bindings"] if b["name"]["value"] == DISTRICT_AZ_CYRL)
    assert (row["name"]["xml:lang"], row["lang"]["value"]) == ("az-Cyrl", "az-Cyrl")
    assert f'"{DISTRICT_AZ_CYRL}"@az-Cyrl\t"az-Cyrl"\t"Cyrl"' in outputs["tsv"]
    assert re.search(rf"{DISTRICT_AZ_CYRL}\s+az-Cyrl\s+Cyrl", outputs["table"])
    for out in outputs.values():
        assert not LOWERED & set(re.findall(r"[a-z]+-[a-z]+", out.replace("hadrut-district", "")))


def test_comparing_tags_case_insensitively_works_on_the_embedded_store_and_rdflib(built, published, capsys):
    """The portable way to pick a tag: langMatches (case-insensitive), on the store that lower-cases and on the
    one that keeps the case; `LANG(?x) = "az-Cyrl"` is a plain string comparison and differs between them."""
    query = ('SELECT ?name WHERE { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?name '
             'FILTER (langMatches(LANG(?name), "az-Cyrl")) }')
    assert main(["query", "-e", query, "--format", "csv", "--dataset", str(built.out)]) == 0
    assert capsys.readouterr().out.split("\r\n")[1:] == [DISTRICT_AZ_CYRL, ""]
    graph = published("hadrut.ttl", "turtle")
    assert [str(r[0]) for r in graph.query(query)] == [DISTRICT_AZ_CYRL]


@pytest.mark.slow  # a real `serve`
def test_served_endpoint_carries_the_bcp47_case(built):
    select = ('SELECT ?name (LANG(?name) AS ?lang) WHERE { <https://w3id.org/hadrut-kg/id/hadrut-district> '
              '<http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER (langMatches(LANG(?name), "az-Cyrl")) }')
    construct = ('CONSTRUCT { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } WHERE { '
                 '?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER (langMatches(LANG(?name), "az-Cyrl")) }')
    with serving(built) as (_, endpoint):
        answers = {accept: post(endpoint, select, accept) for accept in (
            "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
            "text/tab-separated-values")}
        graphs = {accept: post(endpoint, construct, accept) for accept in (
            "text/turtle", "application/n-triples", "application/rdf+xml")}
    assert all(code == 200 for code, _, _ in [*answers.values(), *graphs.values()])
    doc = json.loads(answers["application/sparql-results+json"][1])
    assert [(b["name"]["xml:lang"], b["lang"]["value"]) for b in doc["results"]["bindings"]] == [("az-Cyrl", "az-Cyrl")]
    xml = answers["application/sparql-results+xml"][1].decode()
    assert 'xml:lang="az-Cyrl"' in xml and '<binding name="lang"><literal>az-Cyrl</literal>' in xml
    assert answers["text/csv"][1].decode().split("\r\n")[1] == f"{DISTRICT_AZ_CYRL},az-Cyrl"
    assert answers["text/tab-separated-values"][1].decode().split("\n")[1] == f'"{DISTRICT_AZ_CYRL}"@az-Cyrl\t"az-Cyrl"'
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")):
        parsed = rdflib.Graph().parse(data=graphs[accept][1], format=fmt)
        assert [(str(o), o.language) for o in parsed.objects()] == [(DISTRICT_AZ_CYRL, "az-Cyrl")], accept
    for _, body, _ in [*answers.values(), *graphs.values()]:
        assert b"az-cyrl" not in body


def test_what_load_sends_carries_the_bcp47_case(built):
    """`hadrut-kg load` PUTs each named graph re-serialized by pyoxigraph, and the whole dataset."""
    sent = payloads(built.out, None)
    tagged = {graph for graph, (body, _) in sent.items() if b'"@az-Cyrl ' in body}
    assert tagged == {None, "https://w3id.org/hadrut-kg/graph/wp-en-hadrut-district-nkao"}
    assert not any(re.search(rb'"@(az-cyrl|hy-latn|ru-latn|und-latn) ', body) for body, _ in sent.values())
