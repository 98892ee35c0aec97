"""A self-contained HTML map of the places with coordinates (no network needed to open it): an SVG drawn by a
small inline script from the GeoJSON export, markers coloured by class, a popup with every name and the sources.
A PNG of the same page is taken with headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .queries import QueryError

COLOURS = {"Settlement": "#1b6ca8", "AdministrativeUnit": "#b5651d", "HeritageSite": "#7b2d8b",
           "NaturalFeature": "#2e7d32", "Area": "#c62828", "Polity": "#555555"}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hadrut KG — places with coordinates</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; display: flex; height: 100vh; }
  #map { flex: 1; background: #f4f1ea; }
  #side { width: 340px; padding: 12px 16px; overflow: auto; border-left: 1px solid #ccc; background: #fff; }
  .marker { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
  .marker:hover, .marker.selected { stroke: #000; }
  .label { font-size: 11px; fill: #222; pointer-events: none; }
  .legend span { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 10px; }
  h1 { font-size: 16px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 12px 0 4px; }
  table { border-collapse: collapse; width: 100%; } td { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top; }
  .muted { color: #666; font-size: 12px; }
</style>
</head>
<body data-markers="0" data-errors="0">
<svg id="map" role="img" aria-label="Map of places"></svg>
<aside id="side">
  <h1>Hadrut KG</h1>
  <div class="legend" id="legend"></div>
  <div id="popup" class="muted">Click a marker to see the place's names, in every language, and their sources.</div>
  <p class="muted">Positions as the cited sources give them; a place with points from several sources shows each.
  Data: CC BY-SA 4.0, derived from Wikimapia and Wikipedia (see the dataset description).</p>
</aside>
<script type="application/json" id="data">__DATA__</script>
<script>
(function () {
  "use strict";
  var errors = 0;
  window.addEventListener("error", function () { errors += 1; document.body.dataset.errors = errors; });
  var colours = __COLOURS__;
  var data = JSON.parse(document.getElementById("data").textContent);
  var svg = document.getElementById("map"), NS = "http://www.w3.org/2000/svg";
  var W = 1000, H = 760, pad = 40;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  var pts = [];
  data.features.forEach(function (f) {
    var g = f.geometry, list = g.type === "Point" ? [g.coordinates] : g.coordinates;
    list.forEach(function (c) { pts.push(c); });
  });
  var lons = pts.map(function (c) { return c[0]; }), lats = pts.map(function (c) { return c[1]; });
  var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
  var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
  var k = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
  var sx = (W - 2 * pad) / ((maxLon - minLon) * k || 1), sy = (H - 2 * pad) / ((maxLat - minLat) || 1);
  var s = Math.min(sx, sy);
  function project(c) { return [pad + (c[0] - minLon) * k * s, H - pad - (c[1] - minLat) * s]; }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text) { e.textContent = text; }
    return e;
  }
  function escape(t) { var d = document.createElement("div"); d.textContent = t; return d.innerHTML; }
  function show(f, marker) {
    Array.prototype.forEach.call(document.querySelectorAll(".marker.selected"), function (m) { m.classList.remove("selected"); });
    marker.classList.add("selected");
    var p = f.properties, rows = p.names.map(function (n) {
      return "<tr><td>" + escape(n.text) + "</td><td>" + escape(n.lang) + " (" + escape(n.script) + ")</td><td>" +
        escape(n.kind) + "</td><td class='muted'>" + escape(n.sources.join(", ")) + "</td></tr>";
    }).join("");
    document.getElementById("popup").innerHTML = "<h2>" + escape(p.label) + "</h2><div class='muted'>" +
      escape(p["class"]) + (p.placeTypes.length ? " · " + escape(p.placeTypes.join(", ")) : "") +
      "</div><table>" + rows + "</table><p class='muted'>Sources: " + escape(p.sources.join(", ")) + "</p>";
  }
  var markers = 0;
  data.features.forEach(function (f) {
    var g = f.geometry, list = g.type === "Point" ? [g.coordinates] : g.coordinates;
    list.forEach(function (c, i) {
      var xy = project(c);
      var m = el("circle", {cx: xy[0], cy: xy[1], r: 6, fill: colours[f.properties["class"]] || "#000",
                            "class": "marker", "data-id": f.properties.id});
      m.appendChild(el("title", {}, f.properties.label));
      m.addEventListener("click", function () { show(f, m); });
      svg.appendChild(m);
      svg.appendChild(el("text", {x: xy[0] + 8, y: xy[1] + 4, "class": "label"},
                         f.properties.label + (list.length > 1 ? " (" + f.properties.points[i].sources.join(", ") + ")" : "")));
    });
    markers += 1;
  });
  document.getElementById("legend").innerHTML = Object.keys(colours).map(function (c) {
    return "<span style='background:" + colours[c] + "'></span>" + c;
  }).join(" ");
  document.body.dataset.markers = markers;
}());
</script>
</body>
</html>
"""


def html(geojson: dict) -> str:
    """The page, with the GeoJSON inlined. Inside a <script> element "</script" closes it and "<!--" can make the
    parser swallow the rest of the page, so every <, > and & in the JSON is written as its \\u escape (the same
    text to JSON.parse, inert to the HTML parser)."""
    data = (json.dumps(geojson, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return PAGE.replace("__DATA__", data).replace("__COLOURS__", json.dumps(COLOURS))


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise QueryError("no Chromium found; install Debian's chromium package to render the PNG")


def screenshot(page: Path, png: Path, size: str = "1340,760") -> None:
    """Render the page to a PNG in headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
                               "--hide-scrollbars", f"--screenshot={png}", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not png.exists():
        raise QueryError(f"Chromium could not render {page}: {done.stderr.strip()[-500:]}")
