"""Reconciliation, accepting, enrichment and federation against a real local SPARQL server (Oxigraph) loaded with
a fixture in Wikidata's RDF shape; plus 429 handling, the cache, and hostile names."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from hadrut_kg.build import build
from hadrut_kg.cli.main import main
from hadrut_kg.stores.gsp import Auth, put_graph
from hadrut_kg.curated.loader import load_data
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from hadrut_kg.stores.oxigraph_server import OxigraphServer, free_port
from hadrut_kg.paths import DATA, QUERIES
from hadrut_kg.errors import NetworkError
from hadrut_kg.stores.remote import fetch
from hadrut_kg.queries.results import table
from hadrut_kg import api
from hadrut_kg.links import wikidata as wikidata_module
from hadrut_kg.links.wikidata import Cache, Unlinked, ask, search_query

from scripted_http import ok, scripted_endpoint

pytestmark = pytest.mark.slow  # an Oxigraph server standing in for the Wikidata Query Service

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata" / "fixture.ttl"
TODAY = "2026-11-22"


@pytest.fixture(scope="module")
def wikidata():
    with OxigraphServer() as server:
        nt = ox.serialize(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
        put_graph(server.store_endpoint, None, nt, Auth())
        yield server


def copy_without_hadrut_qid(target: Path) -> Path:
    """data/ with Hadrut town's Wikidata link (Q157919, data/links.yaml) taken out, so the town is a candidate for
    reconciliation against the fixture's test items again."""
    shutil.copytree(DATA, target)
    links = target / "links.yaml"
    kept = [line for line in links.read_text(encoding="utf-8").splitlines(keepends=True) if "qid: Q157919" not in line]
    links.write_text("".join(kept), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """This module's build: the dataset without Hadrut town's Wikidata link."""
    folder = tmp_path_factory.mktemp("unlinked")
    return build(folder / "dist", DEFAULT_BASE, data_dir=copy_without_hadrut_qid(folder / "data"))


@pytest.fixture
def data_copy(tmp_path):
    return copy_without_hadrut_qid(tmp_path / "data")


def review_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def run_link(built, wikidata, data_copy, tmp_path, *extra):
    review = tmp_path / "review.csv"
    code = main(["link", "--endpoint", wikidata.query_endpoint, "--dataset", str(built.out), "--data", str(data_copy),
                 "--review", str(review), "--cache", str(tmp_path / "cache"), "--today", TODAY, *extra])
    return code, review


def test_link_scores_candidates_by_name_type_country_and_distance(built, wikidata, data_copy, tmp_path):
    code, review = run_link(built, wikidata, data_copy, tmp_path)
    assert code == 0
    rows = {(r["entity"], r["candidate_qid"]): r for r in review_rows(review)}
    assert {k for k in rows} == {("hadrut", "Q900000001"), ("togh", "Q900000002"), ("togh", "Q900000003"),
                                 ("togh", "Q900000004"), ("karmirkar", "Q900000005"),
                                 ("hadrut-province", "Q900000001")}
    # the province's native name and its infobox title are the town's names too: 0.4 + 0.1 (two languages) + 0.1
    # (country), a weak candidate for a reviewer to reject
    assert rows["hadrut-province", "Q900000001"]["score"] == "0.60"
    assert rows["hadrut-province", "Q900000001"]["reasons"] == "names 'Hadrut'@en, 'Հադրութ'@hy; country Q227"
    assert rows["hadrut", "Q900000001"]["score"] == "1.00"
    assert rows["hadrut", "Q900000001"]["reasons"] == (
        "names 'Hadrut'@en, 'Гадрут'@ru, 'Հադրութ'@hy; type Q3957; country Q227; 0.0 km from our coordinates")
    assert rows["togh", "Q900000002"]["score"] == "1.00"
    assert rows["togh", "Q900000003"]["score"] == "0.10"
    assert rows["togh", "Q900000003"]["reasons"] == "names 'Togh'@en; unexpected type Q5"
    assert rows["togh", "Q900000004"]["score"] == "0.40"
    assert rows["togh", "Q900000004"]["reasons"].endswith("km from our coordinates")
    assert rows["karmirkar", "Q900000005"]["score"] == "0.40"
    assert [r["entity"] for r in review_rows(review)][:3] == ["hadrut", "hadrut-province", "karmirkar"]


def test_cache_means_a_rerun_sends_nothing(built, wikidata, data_copy, tmp_path):
    code, review = run_link(built, wikidata, data_copy, tmp_path)
    first = review.read_text(encoding="utf-8")
    dead = f"http://127.0.0.1:{free_port()}/query"
    again = tmp_path / "again.csv"
    args = ["link", "--endpoint", dead, "--dataset", str(built.out), "--data", str(data_copy), "--review", str(again),
            "--today", TODAY, "--retries", "0"]
    assert main([*args, "--cache", str(tmp_path / "cache")]) == 4  # the cache is per endpoint: nothing cached
    cache_of_live = tmp_path / "cache"
    assert any(cache_of_live.iterdir())
    # the same endpoint answered from the cache with the server gone
    wikidata.stop()
    try:
        assert main(["link", "--endpoint", wikidata.query_endpoint, "--dataset", str(built.out), "--data",
                     str(data_copy), "--review", str(again), "--cache", str(cache_of_live), "--today", TODAY]) == 0
        assert again.read_text(encoding="utf-8") == first
    finally:
        wikidata.start()


def test_accept_merges_reviewed_rows_with_evidence(built, wikidata, data_copy, tmp_path, capsys):
    code, review = run_link(built, wikidata, data_copy, tmp_path)
    capsys.readouterr()
    rows = review_rows(review)
    for row in rows:
        if row["candidate_qid"] == "Q900000003":
            row["accept"] = "no"
        if row["candidate_qid"] == "Q900000005":
            row["accept"] = ""  # 0.40: not accepted without a yes
    with review.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = (data_copy / "links.yaml").read_text(encoding="utf-8")
    assert main(["link", "--accept", str(review), "--data", str(data_copy), "--today", TODAY]) == 0
    # hadrut and togh (1.00, left empty); not the family name (no) nor the 0.40/0.50 candidates (empty)
    assert capsys.readouterr().out.startswith("merged 2 reviewed link(s)")
    added = (data_copy / "links.yaml").read_text(encoding="utf-8")[len(before):].splitlines()
    assert [line.split(",")[0:2] for line in added] == [["  - {about: hadrut", " qid: Q900000001"],
                                                        ["  - {about: togh", " qid: Q900000002"]]
    data = load_data(data_copy)
    (link,) = [f for f in data.facts if f.subject == "togh" and f.prop == "exactMatch" and "wikidata" in f.obj.value]
    assert link.qualifiers["evidence"].value.startswith(f"reconciled against WDQS on {TODAY} (score 1.00: names")
    result = build(tmp_path / "dist", DEFAULT_BASE, data_dir=data_copy)
    assert result.report.conforms
    # accepting the same file again adds nothing: both entities are linked now
    assert main(["link", "--accept", str(review), "--data", str(data_copy), "--today", TODAY]) == 0
    assert (data_copy / "links.yaml").read_text(encoding="utf-8").count("Q900000002") == 1


def test_hostile_names_cannot_break_the_query(wikidata):
    hostile = ox.Literal('Quote " back\\slash\nline Հադրութ', language="hy")
    injection = ox.Literal('x" } } DELETE WHERE { ?s ?p ?o } #', language="en")
    query = search_query([Unlinked("hostile", "Settlement", [hostile, injection], None)])
    rows = ask(wikidata.query_endpoint, query, Cache(None))
    assert [(r["item"].value, r["name"].value) for r in rows] == [
        ("http://www.wikidata.org/entity/Q900000006", 'Quote " back\\slash\nline Հադրութ')]


def test_enrich_writes_wikidata_as_its_own_source(built, wikidata, data_copy, tmp_path):
    assert main(["enrich", "--endpoint", wikidata.query_endpoint, "--dataset", str(built.out), "--data",
                 str(data_copy), "--cache", str(tmp_path / "cache"), "--today", TODAY]) == 0
    data = load_data(data_copy)
    azerbaijan = {(n.text, n.lang): [str(c) for c in n.cites] for n in data.entities["azerbaijan"].names}
    assert azerbaijan[("Azərbaycan", "az")] == ["wikidata-q227/item"]
    assert azerbaijan[("Azerbaijan", "en")] == ["wikimapia/breadcrumb", "wikimapia/description", "wikidata-q227/item"]
    assert ("Aserbaidschan", "de") not in azerbaijan  # only hy, az, ru, en are fetched
    (point,) = [f for f in data.facts if f.subject == "azerbaijan" and f.prop == "coordinates"]
    assert point.obj.value[:2] == (40.5, 47.5) and [str(c) for c in point.cites] == ["wikidata-q227/item"]
    assert data.sources["wikidata-q227"].iri == "http://www.wikidata.org/entity/Q227"
    result = build(tmp_path / "dist", DEFAULT_BASE, data_dir=data_copy)
    assert result.graphs[DEFAULT_BASE + "graph/wikidata-q227"] > 0
    assert DEFAULT_BASE + "graph/wikidata-q244165" in result.graphs


def test_federated_query_joins_the_graph_with_wikidata(built, wikidata):
    with OxigraphServer() as ours:
        put_graph(ours.store_endpoint, None, (built.out / "hadrut.nt").read_bytes(), Auth())
        text = (QUERIES / "federated" / "wikidata-labels.rq").read_text(encoding="utf-8")
        text = text.replace("<https://query.wikidata.org/sparql>", f"<{wikidata.query_endpoint}>")
        rows = table(fetch(ours.query_endpoint, text, 30)).values()
    got = [(r["resource"].rsplit("/", 1)[1], r["wikidataLabel"], r["population"]) for r in rows]
    assert got == [("azerbaijan", "Azerbaijan", "1000001"), ("republic-of-artsakh", "Republic of Artsakh", "1000002")]


def test_429_is_retried_honouring_retry_after():
    with scripted_endpoint((429, {"Retry-After": "1"}, b""), ok()) as (url, calls):
        rows = ask(url, "SELECT ?x WHERE {}", Cache(None), backoff=0.01)
    assert rows == [] and len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_503_forever_is_a_clear_error():
    with scripted_endpoint((503, {}, b"")) as (url, calls):
        with pytest.raises(NetworkError) as caught:
            ask(url, "SELECT ?x WHERE {}", Cache(None), retries=2, backoff=0.01)
    assert str(caught.value) == f"{url}: HTTP 503 Service Unavailable after 3 attempts" and len(calls) == 3


def test_link_reports_each_batch_when_asked(built, wikidata, data_copy, tmp_path, capsys):
    """--progress: one line per batch of the reconciliation (the stand-in service answers every batch)."""
    store = api.load(built.out)
    unlinked = len(wikidata_module.unlinked(store))
    code, _ = run_link(built, wikidata, data_copy, tmp_path, "--batch", "10", "--progress", "--no-cache")
    assert code == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("… batch ")]
    batches = -(-unlinked // 10)
    assert [line.split()[2] for line in lines] == [f"{n}/{batches}:" for n in range(1, batches + 1)]
    code, _ = run_link(built, wikidata, data_copy, tmp_path, "--batch", "10", "--no-progress")
    assert code == 0 and "… batch" not in capsys.readouterr().err
