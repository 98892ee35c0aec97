"""The HTML map opened in a real headless Chromium (Debian's chromium; under CI=true it must be there): the
district polygons are drawn and named, one marker per place with coordinates, no two visible labels overlap (their
boxes measured in the browser by a script this test adds, not by the page's own code), Hadrut town is the element
under its own marker and opens its popup when clicked, and the console shows no error."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

import tools

from hadrut_kg import api

from hadrut_kg.exports import formats as exports
from hadrut_kg.cli.main import main
from hadrut_kg.exports.map import CHROMIUM_FLAGS, WINDOW, html
from hadrut_kg.paths import DATA

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CI") == "true":
    pytest.fail(f"CI=true but {tools.reason('chromium')}", pytrace=False)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true", reason=tools.reason("chromium"))]

MEASURE = """<script>
(function () {
  function box(e) { var r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  function visible(e) { return getComputedStyle(e).display !== "none" && getComputedStyle(e).visibility !== "hidden"; }
  var out = {labels: [], markers: [], polygons: []};
  document.querySelectorAll("svg text").forEach(function (t) {
    if (visible(t)) { var b = box(t); b.text = t.textContent; out.labels.push(b); } });
  document.querySelectorAll(".marker").forEach(function (m) { out.markers.push(m.getAttribute("data-id")); });
  document.querySelectorAll("path.region").forEach(function (p) {
    out.polygons.push([p.getAttribute("data-id"), p.querySelector("title").textContent, p.getAttribute("d").length]); });
  var town = box(document.querySelector('.marker[data-id="hadrut"]'));
  var hit = document.elementFromPoint(town.x + town.w / 2, town.y + town.h / 2);
  out.hit = hit && hit.getAttribute("data-id");
  hit.dispatchEvent(new MouseEvent("click", {bubbles: true}));
  out.popup = document.getElementById("popup").innerText;
  out.legend = document.getElementById("legend").innerText;
  var pre = document.createElement("pre"); pre.id = "measured"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}());
</script>
"""


@pytest.fixture(scope="module")
def measured(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("map")
    page, png = folder / "map.html", folder / "map.png"
    assert main(["map", "--kind", "places", "--dataset", str(built.out), "--out", str(page), "--png", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    probe = folder / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                               "--v=0", f"--window-size={WINDOW}", "--dump-dom", probe.as_uri()],
                              capture_output=True, text=True, timeout=120)
    dom = done.stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, done.stderr[-2000:]
    return dom, done.stderr, json.loads(html_lib.unescape(found.group(1)))


def test_polygons_are_drawn_and_named(measured):
    _, _, m = measured
    assert [(p[0], p[1]) for p in m["polygons"]] == [
        ("fuzuli-district", "Fuzuli District — boundary from Who's On First record 85668351"),
        ("jabrayil-district", "Jabrayil District — boundary from Who's On First record 85668323"),
        ("khojavend-district", "Khojavend District — boundary from Who's On First record 85668611")]
    assert all(p[2] > 1000 for p in m["polygons"])  # real outlines, not boxes
    assert {"Xocavənd (district boundary, Who's On First)", "Füzuli (district boundary, Who's On First)",
            "Cəbrayıl (district boundary, Who's On First)"} <= {b["text"] for b in m["labels"]}


def test_one_marker_per_place_with_coordinates(measured, built):
    _, _, m = measured
    places = {f["properties"]["id"] for f in exports.geojson(api.load(built.out))["features"]}
    assert len(places) == 46 and sorted(m["markers"]) == sorted(places)  # each once, however many points


def test_no_two_visible_labels_overlap(measured):
    _, _, m = measured
    labels = m["labels"]
    assert len(labels) >= 40
    clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]
    assert clashes == []
    assert "Hadrut" in {b["text"] for b in labels}


def test_hadrut_town_is_clickable_beside_the_district(measured):
    _, _, m = measured
    assert m["hit"] == "hadrut"
    popup = m["popup"]
    assert popup.startswith("Hadrut\nTown or village · city")
    # each name with its language, script, kind and sources, in plain words
    wof = "Who's On First, Azerbaijan administrative records (whosonfirst-data-admin-az, commit e174b861, 2024-03-05)"
    assert f"Հադրութ\tArmenian\tArmenian\tcommon\t\t{wof}; Hadrut — English Wikipedia" in popup
    assert f"Hadrut’\tArmenian (in Latin letters)\tLatin\ttransliteration\t\t{wof}" in popup
    assert "Hadrut\tEnglish\tLatin\tcommon\t\tWikimapia: Hadrut District; Wikipedia: Hadrut Province; " in popup
    assert popup.endswith("Points:\n\n39.51667 N, 47.03000 E — Hadrut — English Wikipedia\n"
                          f"39.52002 N, 47.03180 E — {wof}")


def test_legend_in_plain_words_and_no_console_error(measured):
    dom, stderr, m = measured
    assert m["legend"].splitlines() == [
        "District, province or oblast", "Mountain, cave or other natural feature", "Monastery, church or bridge",
        "Town or village", "The same place where another source puts it", "District boundary (Who's On First)"]
    assert not re.search(r"hkg:|https://w3id|wof/|wikipedia/", m["legend"])
    assert re.search(r'<body data-markers="46" data-errors="0"', dom)
    assert "Uncaught" not in stderr and ":ERROR:CONSOLE" not in stderr


def test_the_map_opens_with_no_network(built, tmp_path):
    assert main(["map", "--kind", "places", "--dataset", str(built.out), "--out", str(tmp_path / "map.html")]) == 0
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?https?://""", page) and "@import" not in page
    assert json.loads(page.split('id="regions">', 1)[1].split("</script>", 1)[0]) == json.loads(
        (DATA / "wof-regions.geojson").read_text(encoding="utf-8"))


def test_a_label_that_opens_an_html_comment_cannot_blank_the_map(built, tmp_path):
    """Issue 10, item 17, on this page: the data is escaped for the script element it sits in."""
    document = exports.geojson(api.load(built.out))
    document["features"][0]["properties"]["label"] = "<!--<script>"
    document["features"][1]["properties"]["names"][0]["text"] = "</script><img src=x onerror=alert(1)>"
    page = tmp_path / "hostile.html"
    page.write_text(html(document), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}",
                               "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert re.search(r'<body data-markers="46" data-errors="0"', done.stdout)
    assert "<img" not in done.stdout.split("</aside>", 1)[0]


@pytest.mark.parametrize("args, message", [
    (["--regions", "/nonexistent/regions.geojson"], "--regions /nonexistent/regions.geojson: no such file"),
    (["--at", "date=2020-10-16&source=wikipedia"], "--at picks the view a PNG of the time map shows"),
    (["--png", "PNG", "--at", "date=2020-13-40&source=wikipedia"], "--at: date: '2020-13-40' is not a calendar date"),
    (["--png", "PNG", "--at", "date=2020-10-16&source=nosuch"], "--at: source='nosuch' is not a source of the map"),
    (["--png", "PNG", "--at", "day=2020-10-16"], "--at: 'day' is not a part of the map's address"),
])
def test_map_options_the_page_would_ignore_are_refused(built, tmp_path, capsys, args, message):
    """The newcomer's review: a missing --regions file drew a map without outlines, and --at with an unknown source,
    an impossible day or without --png was ignored in silence. One line, status 2, nothing written."""
    out = tmp_path / "m.html"
    args = [str(tmp_path / "m.png") if a == "PNG" else a for a in args]
    assert main(["map", "--dataset", str(built.out), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: " + message) and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []
