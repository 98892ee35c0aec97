// The time map's script: draws the places, districts and hulls once, then on each day and source looks up
// question 3's answers (computed at build time, hadrut_kg/timemap/states.py) and recolours; no network.
(function () {
  "use strict";
  var errors = 0;
  window.addEventListener("error", function () { errors += 1; document.body.dataset.errors = errors; });
  var D = JSON.parse(document.getElementById("timemap-data").textContent);
  var NS = "http://www.w3.org/2000/svg", DAY = 86400000, T0 = Date.parse(D.first + "T00:00:00Z");
  var NOTHING = "#bdbdbd";
  var slider = document.getElementById("slider"), field = document.getElementById("day");
  var select = document.getElementById("source"), play = document.getElementById("play");
  var svg = document.getElementById("map"), strip = document.getElementById("strip");
  var holders = D.holders;

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text != null) { e.textContent = text; }
    return e;
  }
  function esc(t) { var d = document.createElement("div"); d.textContent = t == null ? "" : String(t); return d.innerHTML; }
  function iso(i) { return new Date(T0 + i * DAY).toISOString().slice(0, 10); }
  function index(day) { return Math.round((Date.parse(day + "T00:00:00Z") - T0) / DAY); }
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"];
  function words(day) { var p = day.split("-"); return +p[2] + " " + MONTHS[+p[1] - 1] + " " + p[0]; }
  function last(list, day, key) {  // the last entry at or before day (list sorted by key)
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (key(list[mid]) <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; } }
    return found;
  }

  // ---- the source selector: each source, all side by side, all together (the combined view) ----
  D.sources.forEach(function (s) { select.appendChild(new Option(s.title + " (" + s.id + ")", s.id)); });
  select.appendChild(new Option("Every source, side by side", "all"));
  select.appendChild(new Option("All sources together (question 3's combined view)", "together"));
  var maxIndex = index(D.last);
  slider.max = maxIndex; field.min = D.first; field.max = D.last;

  // ---- projection: the places fill the view; districts are clipped at its edge ----
  var box = svg.getBoundingClientRect(), W = Math.max(box.width, 500), H = Math.max(box.height, 360), pad = 46;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  var lons = D.places.map(function (p) { return p.lon; }), lats = D.places.map(function (p) { return p.lat; });
  var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
  var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
  var k = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
  var s = Math.min((W - 2 * pad) / ((maxLon - minLon) * k || 1), (H - 2 * pad) / ((maxLat - minLat) || 1));
  function project(lon, lat) { return [pad + (lon - minLon) * k * s, H - pad - (lat - minLat) * s]; }
  function ringPath(rings) {
    return rings.map(function (r) {
      return "M" + r.map(function (c) { var xy = project(c[0], c[1]); return xy[0].toFixed(1) + " " + xy[1].toFixed(1); }).join("L") + "Z";
    }).join(" ");
  }
  var defs = el("defs");
  Object.keys(holders).forEach(function (id) {
    var p = el("pattern", {id: "h-" + id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"});
    p.appendChild(el("rect", {width: 6, height: 6, fill: "#ffffff"}));
    p.appendChild(el("line", {x1: 0, y1: 0, x2: 0, y2: 6, stroke: holders[id].colour, "stroke-width": 3}));
    defs.appendChild(p);
  });
  svg.appendChild(defs);
  var layerAreas = el("g"), layerMarks = el("g"), layerLabels = el("g");
  svg.appendChild(layerAreas); svg.appendChild(layerMarks); svg.appendChild(layerLabels);

  var units = [];  // {id, label, kind: "area"|"hull"|"place", shape, anchor, text}
  function clickable(g, unit, name) {
    g.setAttribute("tabindex", "0"); g.setAttribute("role", "button"); g.setAttribute("aria-label", name);
    g.addEventListener("click", function () { show(unit); });
    g.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(unit); } });
  }
  D.regions.forEach(function (r) {
    var g = el("g", {"class": "unit area", "data-id": r.id});
    var shape = el("path", {d: ringPath(r.rings), "class": "shape"});
    g.appendChild(el("title", {}, r.label + " — outline from " + r.source));
    g.appendChild(shape); layerAreas.appendChild(g);
    var c = centroid(r.rings[0]);
    var u = {id: r.id, label: r.label, kind: "area", g: g, shape: shape, anchor: c, note: "outline from " + r.source,
             rings: g.appendChild(el("g", {"class": "rings"}))};
    clickable(g, u, r.label + " (district outline, " + r.source + ")");
    units.push(u);
  });
  var hull = el("g", {"class": "unit hull", "data-id": "hadrut-province"});
  var hullShape = el("path", {"class": "shape", d: ""});
  var hullTitle = el("title", {}, "");
  hull.appendChild(hullTitle); hull.appendChild(hullShape); layerAreas.appendChild(hull);
  var hullLabel = el("text", {"class": "area-label hull-label", x: 0, y: 0}, "");
  layerLabels.appendChild(hullLabel);
  var hullUnit = {id: "hadrut-province", label: "Hadrut Province", kind: "hull", g: hull, shape: hullShape, anchor: null,
                  rings: hull.appendChild(el("g", {"class": "rings"}))};
  clickable(hull, hullUnit, "Hadrut Province (hull of the settlements its sources list, not a boundary)");
  units.push(hullUnit);
  var order = {Polity: 0, AdministrativeUnit: 1, Area: 2, NaturalFeature: 3, HeritageSite: 4, Settlement: 5};
  D.places.slice().sort(function (a, b) { return (order[a["class"]] || 0) - (order[b["class"]] || 0) || (a.id < b.id ? -1 : 1); })
    .forEach(function (p) {
      var xy = project(p.lon, p.lat);
      var g = el("g", {"class": "unit place", "data-id": p.id, transform: "translate(" + xy[0].toFixed(1) + "," + xy[1].toFixed(1) + ")"});
      var shape = el("circle", {r: p.id === "hadrut" ? 8 : 6.5, "class": "shape"});
      g.appendChild(el("title", {}, p.label)); g.appendChild(shape); layerMarks.appendChild(g);
      var u = {id: p.id, label: p.label, kind: "place", g: g, shape: shape, anchor: xy, pieces: el("g", {"class": "pieces"})};
      g.appendChild(u.pieces); u.rings = g.appendChild(el("g", {"class": "rings"}));
      clickable(g, u, p.label);
      units.push(u);
    });
  function centroid(ring) {
    var pts = ring.map(function (c) { return project(c[0], c[1]); })
      .filter(function (xy) { return xy[0] > pad && xy[0] < W - pad && xy[1] > pad && xy[1] < H - pad; });
    if (!pts.length) { return null; }
    var x = 0, y = 0; pts.forEach(function (xy) { x += xy[0]; y += xy[1]; });
    return [x / pts.length, y / pts.length];
  }

  // ---- labels: placed once where they overlap nothing (the longest holder code reserved); else on focus ----
  var taken = [], longest = Math.max.apply(null, Object.keys(holders).map(function (h) { return holders[h].code.length; }));
  units.forEach(function (u) { if (u.kind === "place") { taken.push({x: u.anchor[0] - 8, y: u.anchor[1] - 8, w: 16, h: 16}); } });
  function free(b) {
    return b.x > 2 && b.y > 2 && b.x + b.w < W - 2 && b.y + b.h < H - 2 && !taken.some(function (t) {
      return b.x - 2 < t.x + t.w && t.x < b.x + b.w + 2 && b.y - 2 < t.y + t.h && t.y < b.y + b.h + 2; });
  }
  function placeLabel(u, text, cls) {
    var t = el("text", {"class": cls, x: 0, y: 0, "data-for": u.id}, text + " · " + new Array(longest + 3).join("M"));
    layerLabels.appendChild(t);
    var bb = t.getBBox(), w = bb.width, h = bb.height, a = u.anchor;
    var spots = [[a[0] + 10, a[1] - h / 2], [a[0] - 10 - w, a[1] - h / 2], [a[0] - w / 2, a[1] - 12 - h], [a[0] - w / 2, a[1] + 10],
                 [a[0] + 10, a[1] - h - 6], [a[0] + 10, a[1] + 6], [a[0] - 10 - w, a[1] - h - 6], [a[0] - 10 - w, a[1] + 6]];
    if (cls === "area-label") { spots = [[a[0] - w / 2, a[1] - h / 2]].concat(spots); }
    for (var i = 0; i < spots.length; i += 1) {
      var b = {x: spots[i][0], y: spots[i][1], w: w, h: h};
      if (free(b)) { taken.push(b); t.setAttribute("x", b.x.toFixed(1)); t.setAttribute("y", (b.y - bb.y).toFixed(1)); u.text = t; u.name = text; return; }
    }
    t.setAttribute("x", (a[0] + 10).toFixed(1)); t.setAttribute("y", (a[1] + 4).toFixed(1));
    t.classList.add("hidden"); u.text = t; u.name = text;
    u.g.addEventListener("focus", function () { t.classList.remove("hidden"); });
    u.g.addEventListener("blur", function () { t.classList.add("hidden"); });
    u.g.addEventListener("mouseenter", function () { t.classList.remove("hidden"); });
    u.g.addEventListener("mouseleave", function () { t.classList.add("hidden"); });
  }
  units.filter(function (u) { return u.kind === "place"; })
    .sort(function (a, b) { return (a.id === "hadrut" ? 0 : 1) - (b.id === "hadrut" ? 0 : 1) || (a.id < b.id ? -1 : 1); })
    .forEach(function (u) { placeLabel(u, u.label, "label"); });
  units.filter(function (u) { return u.kind === "area" && u.anchor; }).forEach(function (u) { placeLabel(u, u.label, "area-label"); });

  // ---- scale bar: a round number of kilometres (one degree of latitude is 111.32 km) ----
  (function () {
    var kmPerPx = 111.32 / s, km = [1, 2, 5, 10, 20, 50].filter(function (n) { return n / kmPerPx <= 160; }).pop() || 1;
    var len = km / kmPerPx, x = 14, y = H - 16, g = el("g", {"class": "scale", "aria-hidden": "true"});
    g.appendChild(el("rect", {x: x - 4, y: y - 18, width: len + 40, height: 26, fill: "#ffffff", opacity: 0.8}));
    g.appendChild(el("path", {d: "M" + x + " " + (y - 6) + "v6h" + len.toFixed(1) + "v-6", fill: "none", stroke: "#222", "stroke-width": 1.5}));
    g.appendChild(el("text", {x: x + len + 4, y: y, "class": "scale-text"}, km + " km"));
    svg.appendChild(g);
    document.getElementById("scale-words").textContent = "The bar at the bottom left is " + km + " km long.";
  }());

  // ---- question 3's answers on a day, per source ----
  function rowsOf(unit, view, k) {
    var changes = D.units[unit] && D.units[unit][view];
    if (!changes) { return []; }
    var j = last(changes, k, function (c) { return c[0]; });
    return j < 0 ? [] : changes[j][1].map(function (n) { return D.rows[n]; });
  }
  function depth(via) { return via ? via.split(" › ").length : 0; }
  function rank(r) { return (r[3] === "held" ? 0 : 1) * 100 + (r[4] ? 50 : 0) - depth(r[6]); }
  function best(rows) {
    // each object's strongest row, strongest first; objects of equal rank are a tie, never decided by a name
    var by = {};
    rows.forEach(function (r) { if (!by[r[2]] || rank(r) < rank(by[r[2]])) { by[r[2]] = r; } });
    return Object.keys(by).map(function (o) { return by[o]; })
      .sort(function (a, b) { return rank(a) - rank(b) || (a[2] < b[2] ? -1 : 1); });
  }
  function tied(list) { return list.filter(function (r) { return rank(r) === rank(list[0]); }); }
  function summary(rows) {
    // what a place lying in it answers (a path down, "contains …") tells who held that place, not this one
    rows = rows.filter(function (r) { return r[6].indexOf("contains ") !== 0; });
    var control = rows.filter(function (r) { return r[1] === "controlled by"; });
    var state = "none";
    if (control.some(function (r) { return r[3] === "held" && !r[4]; })) { state = "held"; }
    else if (control.some(function (r) { return r[3] === "held"; })) { state = "held in part"; }
    else if (control.length) { state = "possibly held"; }
    var who = best(control), top = who.length ? tied(who) : [];
    var within = best(rows.filter(function (r) { return (r[1] === "part of" || r[1] === "located in") && !r[4]; }));
    var rings = within.length ? tied(within) : [];
    return {state: state, holders: who.map(function (r) { return r[2]; }), contested: top.length > 1,
            top: top.map(function (r) { return r[2]; }),
            marks: who.map(function (r) { return (r[3] === "held" ? "" : "?") + (r[4] ? " (part)" : ""); }),
            outlines: rings.map(function (r) { return r[2]; }), outlineState: rings.length ? rings[0][3] : ""};
  }
  function bySource(rows, source) {
    return rows.filter(function (r) { return r[5].split("/")[0] === source; });
  }
  function stripes(ids) {  // a fill of equal stripes, one per holder: holders tied in the answer, none first
    var id = "c-" + ids.join("-");
    if (!document.getElementById(id)) {
      var n = ids.length, p = el("pattern", {id: id, width: 5 * n, height: 5 * n, patternUnits: "userSpaceOnUse",
                                            patternTransform: "rotate(45)"});
      ids.forEach(function (h, i) { p.appendChild(el("rect", {x: 5 * i, y: 0, width: 5, height: 5 * n, fill: holders[h].colour})); });
      defs.appendChild(p);
    }
    return "url(#" + id + ")";
  }
  function fill(sum) {
    if (sum.state === "none" || !sum.holders.length) { return NOTHING; }
    if (sum.contested) { return stripes(sum.top); }
    return sum.state === "held" ? holders[sum.holders[0]].colour : "url(#h-" + sum.holders[0] + ")";
  }
  function code(sum) {
    // each holder its own mark ("?" possibly, "(part)" part of the place); holders tied at the top joined by " | "
    if (!sum.holders.length) { return "–"; }
    var each = sum.holders.map(function (h, i) { return holders[h].code + sum.marks[i]; });
    var n = sum.contested ? sum.top.length : 1;
    return [each.slice(0, n).join(" | ")].concat(each.slice(n)).join("/");
  }
  function within(sum) {  // " in RA", " in RA?" when only possibly, " in RA | Aze" when two answers tie
    if (!sum.outlines.length) { return ""; }
    return " in " + sum.outlines.map(function (o) { return holders[o].code + (sum.outlineState === "held" ? "" : "?"); }).join(" | ");
  }
  function mark(node, sum) {
    node.setAttribute("data-state", sum.state); node.setAttribute("data-holders", sum.holders.join(" "));
    node.setAttribute("data-outline", sum.outlines.join(" ")); node.setAttribute("data-outline-state", sum.outlineState);
    node.setAttribute("data-contested", (sum.contested ? "control " : "") + (sum.outlines.length > 1 ? "ring" : ""));
  }
  var current = {day: D.first, source: D.sources.length ? D.sources[0].id : "all"};
  function render() {
    var t0 = performance.now();
    var k = last(D.days, current.day, function (d) { return d; }), src = current.source;
    var view = src === "together" ? "combined" : "source";
    units.forEach(function (u) {
      var rows = rowsOf(u.id, view, k);
      if (u.kind === "hull" && u.hullKey !== (src === "all" || src === "together" ? "all" : src)) {
        var key = src === "all" || src === "together" ? "all" : src, h = D.hulls[key];
        u.hullKey = key;
        u.shape.setAttribute("d", h ? ringPath(h.coordinates) : "");
        hullLabel.textContent = h ? "Hadrut Province: hull of the settlements " + (key === "all" ? "its sources list" :
          "this source lists") + ", not a boundary" : "";
        if (h) {  // under the hull's lowest corner, where no town label sits
          var low = h.coordinates[0].map(function (c) { return project(c[0], c[1]); })
            .reduce(function (a, b) { return b[1] > a[1] ? b : a; });
          hullLabel.setAttribute("x", Math.min(Math.max(low[0] - 150, 8), W - 330).toFixed(1));
          hullLabel.setAttribute("y", Math.min(low[1] + 18, H - 30).toFixed(1));
        }
        hullTitle.textContent = h ? "Hadrut Province: hull of the " + h.count + " settlements " +
          (key === "all" ? "its sources list" : "this source lists") + " in it, not a boundary" : "";
      }
      if (src === "all") {
        var memoAll = "all|" + k;
        if (u.memo === memoAll) { return; }
        u.memo = memoAll;
        u.g.setAttribute("data-state", "side by side");
        ["data-holders", "data-outline", "data-outline-state", "data-contested"].forEach(function (a) { u.g.removeAttribute(a); });
        u.shape.setAttribute("fill", u.kind === "place" ? "#ffffff" : "none");
        u.shape.setAttribute("stroke", "#555"); u.shape.setAttribute("stroke-width", 1);
        u.shape.setAttribute("stroke-dasharray", u.kind === "hull" ? "6 3" : "none");
        while (u.rings.firstChild) { u.rings.removeChild(u.rings.firstChild); }
        if (u.pieces) {
          while (u.pieces.firstChild) { u.pieces.removeChild(u.pieces.firstChild); }
          var answering = D.sources.filter(function (so) { return bySource(rows, so.id).length; });
          answering.forEach(function (so, i) {
            var sum = summary(bySource(rows, so.id)), n = answering.length;
            var piece = el("rect", {x: -n * 4.5 + i * 9, y: -4.5, width: 8, height: 9, fill: fill(sum), stroke: "#222",
                                    "stroke-width": 0.8, "class": "piece", "data-source": so.id});
            piece.appendChild(el("title", {}, so.id + ": " + code(sum)));
            mark(piece, sum); u.pieces.appendChild(piece);
          });
        }
        if (u.text) { u.text.textContent = u.name; }
        return;
      }
      var sum = summary(src === "together" ? rows : bySource(rows, src));
      var memo = [src, sum.state, sum.holders.join(" "), sum.marks.join(" "), sum.top.join(" "), sum.outlines.join(" "),
                  sum.outlineState].join("|");
      if (u.memo === memo) { return; }  // nothing to redraw: the DOM is left alone
      u.memo = memo;
      if (u.pieces) { while (u.pieces.firstChild) { u.pieces.removeChild(u.pieces.firstChild); } }
      while (u.rings.firstChild) { u.rings.removeChild(u.rings.firstChild); }
      mark(u.g, sum);
      u.shape.setAttribute("fill", fill(sum));
      var ring = sum.outlines.length, widthOf = u.kind === "place" ? 3 : 4;
      u.shape.setAttribute("stroke", ring ? holders[sum.outlines[0]].colour : "#555");
      u.shape.setAttribute("stroke-width", ring ? widthOf : 1);
      u.shape.setAttribute("stroke-dasharray", ring > 1 ? "6 " + 6 * (ring - 1) : ring && sum.outlineState !== "held" ? "4 3" :
                                               u.kind === "hull" ? "6 3" : "none");
      sum.outlines.slice(1).forEach(function (o, i) {  // tied answers: the ring in each colour in turn, none first
        var copy = u.shape.cloneNode(false);
        ["fill", "class", "tabindex"].forEach(function (a) { copy.removeAttribute(a); });
        copy.setAttribute("fill", "none"); copy.setAttribute("stroke", holders[o].colour); copy.setAttribute("class", "tie");
        copy.setAttribute("stroke-dashoffset", String(-6 * (i + 1)));
        u.rings.appendChild(copy);
      });
      if (u.text) { u.text.textContent = u.name + " · " + code(sum) + within(sum); }
    });
    document.body.dataset.date = current.day; document.body.dataset.source = src;
    document.getElementById("daywords").textContent = words(current.day) + " — " + select.options[select.selectedIndex].text;
    var x = stripX(current.day);
    now.setAttribute("x1", x); now.setAttribute("x2", x);
    if (selected) { show(selected); }
    document.body.dataset.stepMs = (performance.now() - t0).toFixed(2);
  }

  // ---- what the answer rests on: the statements behind the clicked place ----
  var selected = null;
  function show(u) {
    if (selected !== u) {
      if (selected) { selected.g.classList.remove("chosen"); }
      selected = u; u.g.classList.add("chosen");
      if (document.body.dataset.ready === "1") { writeHash(); }
    }
    var k = last(D.days, current.day, function (d) { return d; }), src = current.source;
    var rows = rowsOf(u.id, src === "together" ? "combined" : "source", k);
    if (src !== "all" && src !== "together") { rows = bySource(rows, src); }
    var titles = {}; D.sources.forEach(function (so) { titles[so.id] = so.title; });
    var verdict = "";
    if (src !== "all" && rows.length) {  // the label's answer in words: every tied answer named, none chosen
      var sum = summary(rows), name = function (h) { return esc(holders[h].label) + " (" + esc(holders[h].code) + ")"; };
      verdict = "<p class='verdict'>Controlled by: " + (sum.holders.length ? sum.holders.map(function (h, i) {
          return name(h) + esc(sum.marks[i]); }).join(sum.contested ? "; " : ", ") : "no controller named") +
        (sum.contested ? " — <b>contested</b>: " + sum.top.map(name).join(" and ") + " answer equally; all are shown" : "") +
        ". Lay in: " + (sum.outlines.length ? sum.outlines.map(function (o) { return name(o) + (sum.outlineState === "held" ? "" : "?"); })
          .join(" and ") + (sum.outlines.length > 1 ? " — <b>contested</b>: the answers tie; all are shown" : "") : "nothing named") + ".</p>";
    }
    var body = rows.map(function (r) {
      var h = holders[r[2]];
      return "<tr><td>" + esc(r[0] === u.id ? "" : r[0]) + " " + esc(r[1]) + " <b>" + esc(h ? h.label : r[2]) + "</b>" +
        (h ? " (" + esc(h.code) + ")" : "") + (r[4] ? " — for part: " + esc(r[4]) : "") + "</td><td>" + esc(r[3]) +
        "</td><td><span data-edtf=\"" + esc(r[10]) + "\">began " + esc(r[8]) + "</span>" +
        (r[9] ? "; <span data-edtf=\"" + esc(r[11]) + "\">ended " + esc(r[9]) + "</span>" : "; no end stated") +
        "</td><td>" + esc(titles[r[5].split("/")[0]] || r[5].split("/")[0]) + " <span class='muted'>(" + esc(r[5]) + ")</span>" + (r[6] ? "<br><span class='muted'>" + esc(r[6]) + "</span>" : "") + "</td><td class='muted'>" +
        esc(r[7]) + "</td></tr>";
    }).join("");
    document.getElementById("info").innerHTML = "<h2>" + esc(u.label) + " on " + esc(words(current.day)) + "</h2>" +
      (u.kind === "hull" ? "<p class='muted'>Drawn as the hull of the settlements the source lists, not a boundary.</p>" : "") + verdict +
      (rows.length ? "<table><thead><tr><th scope='col'>statement</th><th scope='col'>state</th><th scope='col'>bounds</th>" +
      "<th scope='col'>source section and path</th><th scope='col'>explanation (question 3)</th></tr></thead><tbody>" + body +
      "</tbody></table>" : "<p>No source chosen says anything about this place on this day.</p>");
  }

  // ---- the events strip: ticks for a known day, spans for an uncertain one; a click jumps the slider ----
  var SW = Math.max(strip.getBoundingClientRect().width, 500), lanes = [[D.first, D.last, "1923 to " + D.last.slice(0, 4)],
    ["2020-09-01", "2020-12-31", "September to December 2020, enlarged"]];
  var SH = 40 + lanes.length * 62;
  strip.setAttribute("viewBox", "0 0 " + SW + " " + SH);
  function laneX(lane, day) {
    var a = Date.parse(lane[0] + "T00:00:00Z"), b = Date.parse(lane[1] + "T00:00:00Z"), d = Date.parse(day + "T00:00:00Z");
    return 120 + (SW - 140) * Math.min(Math.max((d - a) / (b - a), 0), 1);
  }
  function stripX(day) { return laneX(lanes[0], day).toFixed(1); }
  lanes.forEach(function (lane, li) {
    var y = 24 + li * 62;
    strip.appendChild(el("text", {x: 4, y: y + 4, "class": "lane"}, li === 0 ? "whole span" : "Sep–Dec 2020"));
    strip.appendChild(el("line", {x1: 120, x2: SW - 20, y1: y, y2: y, stroke: "#444"}));
    var a = +lane[0].slice(0, 4), b = +lane[1].slice(0, 4), step = b - a > 40 ? 10 : 1;
    if (li === 0) {
      for (var yr = Math.ceil(a / step) * step; yr <= b; yr += step) {
        var tx = laneX(lane, yr + "-01-01");
        strip.appendChild(el("line", {x1: tx, x2: tx, y1: y - 3, y2: y + 3, stroke: "#444"}));
        strip.appendChild(el("text", {x: tx, y: y + 44, "class": "year"}, String(yr)));
      }
    } else {
      ["2020-09-01", "2020-10-01", "2020-11-01", "2020-12-01"].forEach(function (m) {
        var mx = laneX(lane, m);
        strip.appendChild(el("line", {x1: mx, x2: mx, y1: y - 3, y2: y + 3, stroke: "#444"}));
        strip.appendChild(el("text", {x: mx, y: y + 44, "class": "year"}, MONTHS[+m.slice(5, 7) - 1].slice(0, 3)));
      });
    }
    D.events.forEach(function (e, n) {
      var from = e.earliest || e.latest, to = e.latest || lane[1];  // no earliest bound: a marker, not a span
      if (to < lane[0] || from > lane[1] || (li > 0 && from <= lane[0] && to >= lane[1])) { return; }
      var x1 = laneX(lane, from), x2 = laneX(lane, to), row = n % 4, ey = y + 6 + row * 7;
      var g = el("g", {"class": "event", "data-id": e.id, "data-edtf": e.edtf, tabindex: 0, role: "button",
                       "aria-label": e.label + ", " + e.words + ": show the map on " + (e.earliest || e.latest)});
      g.appendChild(el("title", {}, e.label + " — " + e.words + (e.stated ? " (as stated: " + e.stated + ")" : "")));
      if (e.earliest && e.earliest === e.latest) {
        g.appendChild(el("line", {x1: x1, x2: x1, y1: y - 10, y2: y + 10, stroke: "#7a1f5c", "stroke-width": 2.5}));
      } else if (!e.earliest) {  // "on or before": a tick at its latest day with an arrow pointing back, open-ended
        g.appendChild(el("line", {x1: x2, x2: x2, y1: y - 10, y2: y + 10, stroke: "#7a1f5c", "stroke-width": 2.5}));
        g.appendChild(el("path", {d: "M" + (x2 - 2).toFixed(1) + " " + (ey + 2.5) + "l-9 -5v10z", fill: "#7a1f5c",
                                  "class": "open-start"}));
      } else {
        g.appendChild(el("rect", {x: x1, y: ey, width: Math.max(x2 - x1, 3), height: 5, fill: "url(#ev-hatch)", stroke: "#7a1f5c", "stroke-width": 0.8}));
      }
      var jump = function () { setDay(e.earliest || e.latest); };
      g.addEventListener("click", jump);
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); jump(); } });
      strip.appendChild(g);
    });
  });
  var now = el("line", {x1: 0, x2: 0, y1: 8, y2: 44, stroke: "#c00", "stroke-width": 2, "class": "now"});
  strip.appendChild(now);

  // ---- controls, keyboard and the address ----
  function setDay(day, keepHash) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || isNaN(Date.parse(day))) { return; }
    if (day < D.first) { day = D.first; } if (day > D.last) { day = D.last; }
    current.day = day; slider.value = index(day); field.value = day;
    slider.setAttribute("aria-valuetext", words(day));
    render();
    if (!keepHash) { writeHash(); }
  }
  function writeHash() {
    history.replaceState(null, "", "#date=" + current.day + "&source=" + encodeURIComponent(current.source) +
      (selected ? "&place=" + encodeURIComponent(selected.id) : ""));
  }
  function setSource(src, keepHash) {
    var ok = Array.prototype.some.call(select.options, function (o) { return o.value === src; });
    if (!ok) { return; }
    current.source = src; select.value = src; render();
    if (!keepHash) { writeHash(); }
  }
  function shift(days, months, years) {
    var d = new Date(Date.parse(current.day + "T00:00:00Z"));
    d.setUTCFullYear(d.getUTCFullYear() + years, d.getUTCMonth() + months, d.getUTCDate() + days);
    setDay(d.toISOString().slice(0, 10));
  }
  slider.addEventListener("input", function () { setDay(iso(+slider.value)); });
  slider.addEventListener("keydown", function (e) {
    var steps = {ArrowRight: [1, 0, 0], ArrowLeft: [-1, 0, 0], ArrowUp: [0, 1, 0], ArrowDown: [0, -1, 0],
                 PageUp: [0, 0, 1], PageDown: [0, 0, -1]};
    if (steps[e.key]) { e.preventDefault(); shift.apply(null, steps[e.key]); }
    else if (e.key === "Home") { e.preventDefault(); setDay(D.first); }
    else if (e.key === "End") { e.preventDefault(); setDay(D.last); }
  });
  field.addEventListener("change", function () { setDay(field.value); });
  select.addEventListener("change", function () { setSource(select.value); });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-step]"), function (b) {
    b.addEventListener("click", function () { shift.apply(null, b.getAttribute("data-step").split(",").map(Number)); });
  });
  var timer = null;
  play.addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); return; }
    play.textContent = "Pause"; play.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      if (current.day >= D.last) { play.click(); return; }
      shift(0, current.day >= "2020-09-01" && current.day < "2021-01-01" ? 0 : 3, 0);
      if (current.day >= "2020-09-01" && current.day < "2021-01-01") { shift(3, 0, 0); }
    }, 250);
  });
  function fromHash() {
    var q = {}; location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      if (p.length !== 2) { return; }
      try { q[p[0]] = decodeURIComponent(p[1]); } catch (e) { /* a malformed %-escape: that pair is ignored */ } });
    if (q.source) { setSource(q.source, true); }
    var chosen = units.filter(function (u) { return u.id === q.place; })[0];
    if (chosen) { selected = chosen; chosen.g.classList.add("chosen"); }
    setDay(q.date || current.day, true);
  }
  window.addEventListener("hashchange", fromHash);
  select.value = current.source;
  fromHash();
  document.body.dataset.ready = "1";
}());
