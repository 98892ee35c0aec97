"""The site ties the time map in (issue 22, points 2 and 4): the index opens with it and a short "start here",
every place page links to the map at that place and to its chart, its mini-map labels its neighbours and draws
the district outlines, its dates read in words (EDTF kept in data-edtf) and its language tags in BCP 47 case.
Rendered by the same code the static site and `serve` use."""

from __future__ import annotations

import json
import re

import pytest

from hadrut_kg.site import pages
from hadrut_kg.site.data import SiteData
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE

pytestmark = pytest.mark.slow  # the static site

ID = DEFAULT_BASE + "id/"


@pytest.fixture(scope="module")
def data(built):
    return SiteData(built.out, DEFAULT_BASE)


@pytest.fixture(scope="module")
def town(data):
    return pages.page(data, ID + "hadrut").decode()


def test_the_index_opens_with_the_time_map_and_a_start_here(data):
    index = pages.index_page(data).decode()
    main = index.split("<main>", 1)[1]
    assert main.startswith('\n<h1>Hadrut KG</h1><section aria-labelledby="start"><h2 id="start">Start here</h2>')
    start = main.split("</section>", 1)[0]
    assert "<b>Question 3</b> asks what a place lay in, who administered, controlled or claimed it on a given day" \
        in start
    assert '<iframe src="map.html" title="The time map' in start and '<a href="map.html">' in start
    assert '<a href="download/hadrut.ttl">' in main  # where the data is


def test_a_place_page_links_to_the_map_at_the_place_and_to_its_chart(town, data):
    assert ('<p class="see">See Hadrut <a href="../map.html#place=hadrut">on the time map</a> (who controlled it, '
            'and what it lay in, on any day, per source) and <a href="#chart">its chart</a>') in town
    assert 'id="chart"' in town
    cave = pages.page(data, ID + "azokh-cave").decode()
    assert '<a href="../map.html#place=azokh-cave">on the time map</a>' in cave
    event = pages.page(data, ID + "operation-ring").decode()
    assert 'class="see"' not in event  # not a place


def test_every_map_link_names_a_place_the_map_draws(data, built):
    """No page links to the map at a place the map does not draw (issue 22's review, point 7): the ids a link
    names are those the map's own data draws (its places, outlines and the province's hull), read back from the
    page the site carries; the Khtsaberd enclave (no point of its own) and the NKAO get no map link, Hadrut and
    the province do."""
    page_data = json.loads(pages.time_map(data).decode().split('id="timemap-data">', 1)[1].split("</script>", 1)[0])
    on_map = {p["id"] for p in page_data["places"]} | {r["id"] for r in page_data["regions"]} | {"hadrut-province"}
    linked = {}
    for iri in data.resources:
        if iri.startswith(ID):
            for target in re.findall(r'href="[./]*map\.html#place=([^"]+)"', pages.page(data, iri).decode()):
                linked[target] = iri
    assert linked and set(linked) <= on_map, sorted(set(linked) - on_map)
    assert {"hadrut", "hadrut-province", "azokh-cave", "khojavend-district"} <= set(linked)
    for absent in ("khtsaberd-enclave", "nkao", "republic-of-artsakh"):
        assert absent not in on_map and "map.html" not in pages.page(data, ID + absent).decode(), absent


def test_the_time_map_the_site_carries_is_the_one_the_command_writes(data, built, tmp_path):
    from hadrut_kg.cli.main import main

    assert main(["map", "--dataset", str(built.out), "--out", str(tmp_path / "map.html")]) == 0

    def inlined(text: str) -> dict:
        return json.loads(text.split('id="timemap-data">', 1)[1].split("</script>", 1)[0])
    assert inlined(pages.time_map(data).decode()) == inlined((tmp_path / "map.html").read_text(encoding="utf-8"))


def test_the_mini_map_labels_neighbours_and_draws_the_district_outline(town):
    position = town.split('<h2 id="position">', 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r'class="neighbour">([^<]+)</text>', position)
    assert {"Tsor", "Norashen", "Melikashen", "Tumi", "Jabrayil"} <= set(labels)
    assert len(labels) == len(set(labels))  # one label per place
    assert "<title>Khojavend District — outline from Who&#x27;s On First record 85668611</title>" in position


def test_dates_read_in_words_and_tags_in_bcp47_case(town):
    # the town's capture per Wikipedia: on or before 15 October 2020 (EDTF [..2020-10-15])
    assert '<span data-edtf="[..2020-10-15]" title="EDTF: [..2020-10-15]">on or before 15 October 2020</span>' \
        in town
    # held for certain from the latest day of that start, possibly from the first of the war's year
    assert 'certainly from <time datetime="2020-10-15" title="2020-10-15">15 October 2020</time> (no end stated)' \
        '<br>possibly from <time datetime="2020-01-01" title="2020-01-01">1 January 2020</time>' in town
    assert "<td>hy-Latn</td>" in town and 'lang="hy-Latn"' in town
    assert not re.search(r'lang="[a-z]+-[a-z]{4}"', town) and "<td>hy-latn</td>" not in town
