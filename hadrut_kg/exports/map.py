"""A self-contained HTML map of the places with coordinates (no network needed to open it): an SVG drawn by a
small inline script from the GeoJSON export, over the district polygons of Who's On First (data/wof-regions.geojson,
each named with its source). One marker per place, at the point a seed or an article gives (other sources' points
for the same place are drawn as hollow dots); towns are drawn last so they stay clickable beside a district's
point; labels are placed so they never overlap (a label with no free spot shows on hover instead); a popup lists
every name with its language, script, kind, time of use and sources. A PNG of the page comes from headless Chromium.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from hadrut_kg.paths import UnsafeFile, read_regular
from hadrut_kg.queries.catalogue import QueryError

MAX_REGIONS = 64 << 20  # bytes of a regions GeoJSON read at most

# Plain-words legend: one entry per class of place, in drawing order (the last drawn is on top).
KINDS = [("Polity", "Country", "#555555", "square"), ("AdministrativeUnit", "District, province or oblast",
         "#b5651d", "square"), ("Area", "Area (enclave)", "#c62828", "square"),
         ("NaturalFeature", "Mountain, cave or other natural feature", "#2e7d32", "triangle"),
         ("HeritageSite", "Monastery, church or bridge", "#7b2d8b", "diamond"),
         ("Settlement", "Town or village", "#1b6ca8", "circle")]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WINDOW = "1340,760"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hadrut KG — places with coordinates</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; display: flex; height: 100vh; }
  #map { flex: 1; background: #f7f5ef; overflow: hidden; }
  #side { width: 360px; padding: 12px 16px; overflow: auto; border-left: 1px solid #ccc; background: #fff; }
  .region { stroke-width: 1.2; fill-opacity: 0.35; }
  .region-label { font-size: 12px; fill: #6b5a3a; font-style: italic; pointer-events: none; }
  .marker { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
  .marker:hover, .marker.selected { stroke: #000; stroke-width: 2; }
  .alt-point { fill: none; stroke-width: 1.2; pointer-events: none; }
  .label { font-size: 11px; fill: #222; pointer-events: none; paint-order: stroke; stroke: #f7f5ef; stroke-width: 3px; }
  .label.hidden, .region-label.hidden { display: none; }
  .label.hover { display: inline; fill: #000; font-weight: bold; }
  .leader { stroke: #999; stroke-width: 0.7; }
  #legend div { margin: 2px 0; } #legend svg { vertical-align: middle; margin-right: 6px; }
  h1 { font-size: 16px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 12px 0 4px; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  td, th { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top; text-align: left; }
  .muted { color: #666; font-size: 12px; }
</style>
</head>
<body data-markers="0" data-errors="0" data-hidden-labels="0">
<svg id="map" role="img" aria-label="Map of places"></svg>
<aside id="side">
  <h1>Hadrut KG</h1>
  <div id="legend"></div>
  <div id="popup" class="muted">Click a marker to see the place's names — each with its language, script, kind and
  time of use — and the sources of each name and point.</div>
  <p class="muted">Positions as the cited sources give them: a marker at the point of a seed or an article, a hollow dot
  wherever another source puts the same place. Labels that have no free room appear when the pointer is on the
  marker. Data: CC BY-SA 4.0, derived from Wikimapia, Wikipedia and the other sources listed in the dataset
  description; district boundaries and many points: Data from Who's On First (https://whosonfirst.org/docs/licenses/),
  with points from GeoNames (CC BY 4.0).</p>
</aside>
<script type="application/json" id="data">__DATA__</script>
<script type="application/json" id="regions">__REGIONS__</script>
<script type="application/json" id="kinds">__KINDS__</script>
<script>
(function () {
  "use strict";
  var errors = 0;
  window.addEventListener("error", function () { errors += 1; document.body.dataset.errors = errors; });
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = json("data"), regions = json("regions"), kinds = json("kinds");
  var kindOf = {}; kinds.forEach(function (k, i) { kindOf[k[0]] = {label: k[1], colour: k[2], shape: k[3], order: i}; });
  var svg = document.getElementById("map"), NS = "http://www.w3.org/2000/svg";
  var box = svg.getBoundingClientRect(), W = Math.max(box.width, 400), H = Math.max(box.height, 300), pad = 40;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  function rings(g) {
    if (g.type === "Point") { return [[g.coordinates]]; }
    if (g.type === "MultiPoint") { return [g.coordinates]; }
    if (g.type === "Polygon") { return g.coordinates; }
    return [].concat.apply([], g.coordinates);  // MultiPolygon
  }
  var pts = [];  // the view fits the places; the district polygons around them are clipped at its edge
  data.features.forEach(function (f) {
    rings(f.geometry).forEach(function (r) { r.forEach(function (c) { pts.push(c); }); });
  });
  var lons = pts.map(function (c) { return c[0]; }), lats = pts.map(function (c) { return c[1]; });
  var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
  var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
  var k = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
  var s = Math.min((W - 2 * pad) / ((maxLon - minLon) * k || 1), (H - 2 * pad) / ((maxLat - minLat) || 1));
  function project(c) { return [pad + (c[0] - minLon) * k * s, H - pad - (c[1] - minLat) * s]; }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text) { e.textContent = text; }
    return e;
  }
  function shape(kind, xy, r, attrs) {
    var x = xy[0], y = xy[1], e;
    if (kind.shape === "circle") { e = el("circle", {cx: x, cy: y, r: r}); }
    else if (kind.shape === "square") { e = el("rect", {x: x - r, y: y - r, width: 2 * r, height: 2 * r}); }
    else if (kind.shape === "diamond") { e = el("path", {d: "M" + x + " " + (y - r - 1) + "l" + (r + 1) + " " + (r + 1) + "l-" + (r + 1) + " " + (r + 1) + "l-" + (r + 1) + "-" + (r + 1) + "z"}); }
    else { e = el("path", {d: "M" + x + " " + (y - r - 1) + "l" + (r + 1) + " " + (2 * r) + "h-" + (2 * r + 2) + "z"}); }
    Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    return e;
  }
  function escape(t) { var d = document.createElement("div"); d.textContent = t == null ? "" : String(t); return d.innerHTML; }
  var langNames, scriptNames;
  try { langNames = new Intl.DisplayNames(["en"], {type: "language"}); scriptNames = new Intl.DisplayNames(["en"], {type: "script"}); }
  catch (e) { langNames = scriptNames = null; }
  function language(tag) {
    var parts = tag.split("-"), name = tag;
    try { name = langNames ? langNames.of(parts[0]) : tag; } catch (e) { name = tag; }
    return name + (parts[1] && parts[1].length === 4 ? " (in " + script(parts[1]) + " letters)" : "");
  }
  function script(code) {
    code = code.charAt(0).toUpperCase() + code.slice(1).toLowerCase();  // tags come lower-cased from the store
    try { return scriptNames ? scriptNames.of(code) : code; } catch (e) { return code; }
  }
  function when(n) {
    if (!n.from && !n.until) { return ""; }
    return (n.from ? "from " + n.from : "") + (n.from && n.until ? " " : "") + (n.until ? "until " + n.until : "");
  }
  function show(f, marker) {
    Array.prototype.forEach.call(document.querySelectorAll(".marker.selected"), function (m) { m.classList.remove("selected"); });
    marker.classList.add("selected");
    var p = f.properties, rows = p.names.map(function (n) {
      return "<tr><td>" + escape(n.text) + "</td><td>" + escape(language(n.lang)) + "</td><td>" + escape(script(n.script)) +
        "</td><td>" + escape(n.kind) + "</td><td>" + escape(when(n)) + "</td><td class='muted'>" +
        escape(n.sourceTitles.join("; ")) + "</td></tr>";
    }).join("");
    var points = p.points.map(function (q) {
      return "<li>" + escape(q.coordinates[1].toFixed(5) + " N, " + q.coordinates[0].toFixed(5) + " E") + " — " +
        escape(q.sourceTitles.join("; ")) + "</li>";
    }).join("");
    document.getElementById("popup").innerHTML = "<h2>" + escape(p.label) + "</h2><div class='muted'>" +
      escape(kindOf[p["class"]] ? kindOf[p["class"]].label : "") + (p.placeTypes.length ? " · " + escape(p.placeTypes.join(", ")) : "") +
      "</div><table><tr><th>name</th><th>language</th><th>script</th><th>kind</th><th>time</th><th>source</th></tr>" +
      rows + "</table><p class='muted'>Points:</p><ul class='muted'>" + points + "</ul>";
  }
  // ---- district polygons, under everything ----
  var taken = [];  // boxes labels must not overlap: markers and placed labels
  function overlaps(b) {  // with a 2-pixel margin, as italics and halos reach past the measured box
    var m = 2;
    return b.x < pad / 3 || b.y < pad / 3 || b.x + b.w > W - pad / 3 || b.y + b.h > H - pad / 3 ||
      taken.some(function (t) {
        return b.x - m < t.x + t.w && t.x < b.x + b.w + m && b.y - m < t.y + t.h && t.y < b.y + b.h + m; });
  }
  var labelsLater = [];
  regions.features.forEach(function (f, i) {
    var d = rings(f.geometry).map(function (r) {
      return "M" + r.map(function (c) { var xy = project(c); return xy[0].toFixed(1) + " " + xy[1].toFixed(1); }).join("L") + "Z";
    }).join(" ");
    var fill = ["#e8d9b5", "#d9e4c8", "#e6cfcf", "#d3dbe8"][i % 4];
    var path = el("path", {d: d, "class": "region", fill: fill, stroke: "#b09a6a", "data-id": f.properties.id});
    path.appendChild(el("title", {}, f.properties.label + " — boundary from " + f.properties.source));
    svg.appendChild(path);
    var inside = rings(f.geometry)[0].map(project).filter(function (xy) {
      return xy[0] > pad && xy[0] < W - pad && xy[1] > pad && xy[1] < H - pad; });
    if (inside.length) {  // the label near the middle of the part of the boundary in view, else nearer its edge
      var cx = 0, cy = 0, anchors = [];
      inside.forEach(function (xy) { cx += xy[0]; cy += xy[1]; });
      cx /= inside.length; cy /= inside.length;
      anchors.push([cx, cy]);
      inside.forEach(function (xy, j) {
        if (j % 8 === 0) { anchors.push([xy[0] + (cx - xy[0]) * 0.3, xy[1] + (cy - xy[1]) * 0.3]); }
      });
      labelsLater.push({text: f.properties.wof_name + " (district boundary, Who's On First)", anchors: anchors});
    }
  });
  // ---- one marker per place; towns last, so they sit on top ----
  function markerPoint(f) {  // a seed's point, else an article's, else the gazetteer's
    var ps = f.properties.points, seed = ps.filter(function (q) { return q.fromSeed; });
    var own = ps.filter(function (q) { return q.sources.some(function (s) { return s.indexOf("wof/") !== 0; }); });
    return (seed[0] || own[0] || ps[0]).coordinates;
  }
  var features = data.features.slice().sort(function (a, b) {
    var ka = kindOf[a.properties["class"]], kb = kindOf[b.properties["class"]];
    return ((ka ? ka.order : 0) - (kb ? kb.order : 0)) || (a.properties.id < b.properties.id ? -1 : 1);
  });
  var markers = 0, placed = [];
  features.forEach(function (f) {
    var kind = kindOf[f.properties["class"]] || {colour: "#000", shape: "circle", order: 0};
    var main = markerPoint(f), xy = project(main);
    f.properties.points.forEach(function (q) {
      if (q.coordinates[0] !== main[0] || q.coordinates[1] !== main[1]) {
        var other = project(q.coordinates);
        svg.appendChild(el("line", {x1: xy[0], y1: xy[1], x2: other[0], y2: other[1], "class": "leader"}));
        svg.appendChild(el("circle", {cx: other[0], cy: other[1], r: 3, "class": "alt-point", stroke: kind.colour}));
      }
    });
    var m = shape(kind, xy, f.properties.id === "hadrut" ? 7 : 5.5,
                  {fill: kind.colour, "class": "marker", "data-id": f.properties.id, tabindex: 0});
    m.appendChild(el("title", {}, f.properties.label));
    m.addEventListener("click", function () { show(f, m); });
    svg.appendChild(m);
    taken.push({x: xy[0] - 7, y: xy[1] - 7, w: 14, h: 14});
    placed.push({f: f, m: m, xy: xy});
    markers += 1;
  });
  // ---- labels: the capital and towns first, each at the first free spot around its marker ----
  var rank = function (p) { return p.f.properties.id === "hadrut" ? 0 : p.f.properties["class"] === "Settlement" ? 1 : 2; };
  placed.sort(function (a, b) { return rank(a) - rank(b) || (a.f.properties.id < b.f.properties.id ? -1 : 1); });
  var hidden = 0;
  function place(text, anchors, cls) {
    var t = el("text", {x: 0, y: 0, "class": cls}, text);
    svg.appendChild(t);
    var bb = t.getBBox(), w = bb.width, h = bb.height, spots = [], x = anchors[0][0], y = anchors[0][1];
    anchors.forEach(function (a) {
      [1, 2, 3].forEach(function (g) {
        var o = 8 * g, ax = a[0], ay = a[1];
        [[ax + o, ay - h / 2], [ax - o - w, ay - h / 2], [ax - w / 2, ay - o - h], [ax - w / 2, ay + o],
         [ax + o, ay - o - h], [ax - o - w, ay - o - h], [ax + o, ay + o], [ax - o - w, ay + o]].forEach(function (xy) {
          spots.push({x: xy[0], y: xy[1], far: g > 1, from: a});
        });
      });
    });
    for (var i = 0; i < spots.length; i += 1) {
      var b = {x: spots[i].x, y: spots[i].y, w: w, h: h};
      if (!overlaps(b)) {
        t.setAttribute("x", b.x); t.setAttribute("y", b.y - bb.y);
        taken.push(b);
        if (spots[i].far && cls === "label") {  // a label set apart from its marker: a thin line joins them
          var a = spots[i].from, tx = Math.max(b.x, Math.min(a[0], b.x + w)), ty = Math.max(b.y, Math.min(a[1], b.y + h));
          svg.insertBefore(el("line", {x1: a[0], y1: a[1], x2: tx, y2: ty, "class": "leader"}), svg.querySelector(".marker"));
        }
        return t;
      }
    }
    t.setAttribute("x", x + 8); t.setAttribute("y", y + 4);
    t.classList.add("hidden");
    hidden += 1;
    return t;
  }
  placed.forEach(function (p) {
    var t = place(p.f.properties.label, [p.xy], "label");
    p.m.addEventListener("mouseenter", function () { t.classList.add("hover"); });
    p.m.addEventListener("mouseleave", function () { t.classList.remove("hover"); });
    p.m.addEventListener("focus", function () { t.classList.add("hover"); });
    p.m.addEventListener("blur", function () { t.classList.remove("hover"); });
  });
  labelsLater.forEach(function (r) { place(r.text, r.anchors, "region-label"); });
  // ---- legend, in plain words ----
  var used = {}; data.features.forEach(function (f) { used[f.properties["class"]] = true; });
  document.getElementById("legend").innerHTML = kinds.filter(function (k) { return used[k[0]]; }).map(function (k) {
    var icon = document.createElementNS(NS, "svg"); icon.setAttribute("width", 14); icon.setAttribute("height", 14);
    icon.appendChild(shape(kindOf[k[0]], [7, 7], 5, {fill: k[2]}));
    return "<div>" + icon.outerHTML + escape(k[1]) + "</div>";
  }).join("") + "<div><svg width='14' height='14'><circle cx='7' cy='7' r='3' fill='none' stroke='#1b6ca8'></circle></svg>" +
    "The same place where another source puts it</div><div><svg width='14' height='14'><rect x='1' y='3' width='12' height='8' " +
    "fill='#e8d9b5' stroke='#b09a6a'></rect></svg>District boundary (Who's On First)</div>";
  document.body.dataset.markers = markers;
  document.body.dataset.hiddenLabels = hidden;
}());
</script>
</body>
</html>
"""


def _inline(document: dict) -> str:
    """JSON for a <script> element. Inside one, "</script" closes it and "<!--" can make the parser swallow the
    rest of the page, so every <, > and & is written as its \\u escape (the same text to JSON.parse, inert to the
    HTML parser)."""
    return (json.dumps(document, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def html(geojson: dict, regions: dict | None = None) -> str:
    """The page, with the places' GeoJSON and the district polygons inlined."""
    return (PAGE.replace("__DATA__", _inline(geojson))
            .replace("__REGIONS__", _inline(regions or {"type": "FeatureCollection", "features": []}))
            .replace("__KINDS__", _inline(KINDS)))


def read_regions(path: Path) -> dict:
    """The district polygons written by `hadrut-kg gazetteer --write`; none when the file is absent."""
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    try:
        document = json.loads(read_regular(path, MAX_REGIONS).decode("utf-8"))
    except (UnsafeFile, OSError) as exc:
        raise QueryError(f"{path}: {getattr(exc, 'strerror', None) or exc}; refused") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QueryError(f"{path}: not a GeoJSON file: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise QueryError(f"{path}: expected a GeoJSON FeatureCollection")
    return document


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise QueryError("no Chromium found; install Debian's chromium package to render the PNG")


def screenshot(page: Path, png: Path, size: str = WINDOW, fragment: str = "") -> None:
    """Render the page to a PNG in headless Chromium (at `#fragment`, for a page that keeps its state there)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
                               "--hide-scrollbars", f"--screenshot={png}",
                               page.resolve().as_uri() + (f"#{fragment}" if fragment else "")],
                              capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not png.exists():
        raise QueryError(f"Chromium could not render {page}: {done.stderr.strip()[-500:]}")
