"""The time map page: one self-contained HTML file (inline data, style and script; no tiles, no network) with a
date slider, a source selector, the map, its legend and the events strip. The state is in the address
(`#date=2020-11-05&source=wikimapia`) so a view can be cited."""

from __future__ import annotations

import re
from html import escape
from importlib.resources import files

from hadrut_kg.exports.map import _inline

WINDOW = "1400,1060"  # the screenshot size that shows the controls, the map and the events strip
STATES = [("held", "solid: held, for certain, by that source's dates"),
          ("possibly held", "hatched: possibly held (the day falls in the uncertainty of a start or end), "
           "or held for part of the place only"),
          ("none", "grey: nothing this view's rules pass to this place on that day — not that the source is "
           "silent: a statement on part of a larger unit (Wikimapia: in autumn 2020 Azerbaijan took control of the "
           "whole region but the Khtsaberd enclave in its north-west) is not passed down to each place in it; click a place or the "
           "province to read what is said")]
WHAT = ("The fill shows “controlled by”; the ring shows “part of” / “located in”. “Administered by” (e.g. "
        "the former Jabrayil District administered by the Hadrut region after the Bishkek agreement, per "
        "Wikimapia) and claims are "
        "not coloured: they are listed in the side panel of the place they concern.")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hadrut KG — time map: who held each place, per source</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1d1d; background: #fff; }
  header, footer { padding: 6px 16px; } header { border-bottom: 1px solid #ccc; }
  h1 { font-size: 17px; margin: 2px 0 6px; } h2 { font-size: 15px; margin: 10px 0 4px; }
  .controls { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
  #slider { flex: 1 1 420px; min-width: 260px; } #source { max-width: 26em; }
  #layout { display: flex; min-height: 560px; }
  #map-box { flex: 1; } #map { width: 100%; height: 600px; background: #f7f5ef; display: block; }
  #side { width: 380px; padding: 8px 14px; border-left: 1px solid #ccc; overflow: auto; max-height: 600px; }
  #strip { width: 100%; height: 170px; display: block; background: #fbfbfb; border-top: 1px solid #ccc; }
  .shape { cursor: pointer; } .area .shape { fill-opacity: 0.55; } .hull .shape { fill-opacity: 0.35; } .tie { pointer-events: none; }
  .unit:focus { outline: none; } .unit:focus .shape { stroke: #000; stroke-width: 4; }
  .unit.chosen .shape { filter: drop-shadow(0 0 3px #000); }
  .label, .area-label { font-size: 11px; fill: #1d1d1d; pointer-events: none; font-weight: 600; }
  .area-label { font-style: italic; font-size: 12px; }
  .label.hidden { display: none; }
  .scale-text, .lane, .year { font-size: 11px; fill: #1d1d1d; } .year { text-anchor: middle; }
  .event { cursor: pointer; } .event:focus rect, .event:focus line { stroke: #000; stroke-width: 3; }
  .muted { color: #4a4a4a; font-size: 12px; }
  #legend ul { list-style: none; padding: 0; margin: 4px 0; } #legend li { margin: 2px 0; }
  #legend svg { vertical-align: middle; margin-right: 6px; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  td, th { border-top: 1px solid #e6e6e6; padding: 2px 4px; vertical-align: top; text-align: left; }
  footer { font-size: 12px; color: #4a4a4a; border-top: 1px solid #ccc; }
</style>
</head>
<body data-ready="0" data-errors="0" data-address-state="date source place">
<header>
<h1>Who controlled each place, and what it lay in, on a given day — according to each source</h1>
<div class="controls">
  <label for="day">Day</label> <input type="date" id="day" required>
  <button type="button" data-step="0,0,-1">−1 year</button><button type="button" data-step="0,-1,0">−1 month</button><button type="button" data-step="-1,0,0">−1 day</button>
  <label for="slider">Time line</label>
  <input type="range" id="slider" min="0" step="1" value="0" aria-describedby="keys">
  <button type="button" data-step="1,0,0">+1 day</button><button type="button" data-step="0,1,0">+1 month</button><button type="button" data-step="0,0,1">+1 year</button>
  <button type="button" id="play" aria-pressed="false">Play</button>
  <label for="source">Source</label> <select id="source"></select>
</div>
<p id="keys" class="muted">On the time line: ← and → move one day, ↑ and ↓ one month, Page Up and Page Down one
year, Home and End to either end. The address of the page keeps the day and source, so a view can be cited.</p>
<p id="daywords" aria-live="polite"></p>
</header>
<div id="layout">
<div role="group" aria-label="Map of the places: each coloured by who controlled it on the chosen day, ringed by what it lay in" id="map-box"><svg id="map"></svg></div>
<aside id="side" tabindex="0" aria-label="What the colours rest on, and the legend">
<div id="info"><p>Click or focus a place (Enter) to see the statements its colour rests on: each with its bounds in
words, its source section, the path it reached the place by and question 3's explanation.</p></div>
<div id="legend"><h2>How to read the map</h2>__LEGEND__</div>
</aside>
</div>
<div role="group" aria-label="Events on a time line: a tick for an event of a known day, a hatched span for an uncertain one, a tick with an arrow pointing back for one known only to have happened on or before a day; choose one to show the map on its first possible day"><svg id="strip"><defs><pattern id="ev-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"></rect><line x1="0" y1="0" x2="0" y2="4" stroke="#7a1f5c" stroke-width="2"></line></pattern></defs></svg></div>
<footer>
<p>The colours are question 3's answers (<code>hadrut-kg query relations-on-date</code>), computed when the page was
written for every day on which any answer changes. Areas: the outlines of Khojavend, Jabrayil and Fuzuli districts
are Who's On First's records of today's Azerbaijani districts (data from Who's On First,
https://whosonfirst.org/docs/licenses/), drawn the same on every day, whether or not the unit existed then;
Hadrut Province is drawn as the hull of the settlements its sources list in it, not a boundary. No other border
and no river is drawn: no cited source gives their line.
<span id="scale-words"></span> Hadrut KG, CC BY-SA 4.0, derived from Wikimapia, Wikipedia and the sources each
statement names.</p>
</footer>
<script type="application/json" id="timemap-data">__DATA__</script>
<script>__SCRIPT__</script>
</body>
</html>
"""


def legend(data: dict) -> str:
    """The legend in plain words: the three states, the ring and the hull, then one line per holder with its
    colour and the short code the labels use."""
    swatch = ('<svg width="22" height="14" aria-hidden="true"><rect width="22" height="14" fill="{fill}" '
              'stroke="{stroke}" stroke-width="{width}"{dash}></rect></svg>')
    lines = [swatch.format(fill="#777777", stroke="#555", width=1, dash="") + escape(STATES[0][1]),
             '<svg width="22" height="14" aria-hidden="true"><defs><pattern id="lg-hatch" width="6" height="6" '
             'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" '
             'fill="#ffffff"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#777777" stroke-width="3"></line>'
             '</pattern></defs><rect width="22" height="14" fill="url(#lg-hatch)" stroke="#555"></rect></svg>'
             + escape(STATES[1][1]) + "; the label adds “?” (or “(part)”)",
             swatch.format(fill="#bdbdbd", stroke="#555", width=1, dash="") + escape(STATES[2][1]),
             swatch.format(fill="#ffffff", stroke="#777777", width=4, dash="")
             + "a thick ring: what the place lay in (the outermost unit, held); dashed when only possibly",
             '<svg width="22" height="14" aria-hidden="true"><rect width="22" height="14" fill="#ffffff" stroke="#777777" '
             'stroke-width="4" stroke-dasharray="6 6"></rect><rect width="22" height="14" fill="none" stroke="#cccccc" '
             'stroke-width="4" stroke-dasharray="6 6" stroke-dashoffset="-6"></rect></svg>'
             "contested: a ring (or fill) striped in two or more colours — the answers tie (equally certain, by "
             "equally long paths) and name different units; all are shown, none chosen; the label joins them "
             "with “|” (“in RA | Aze”)",
             swatch.format(fill="#ffffff", stroke="#555", width=1.5, dash=' stroke-dasharray="6 3"')
             + "Hadrut Province: the hull of the settlements the source lists in it, not a boundary"]
    holders = [f'<svg width="22" height="14" aria-hidden="true"><rect width="22" height="14" '
               f'fill="{escape(h["colour"])}"></rect></svg><b>{escape(h["code"])}</b> {escape(h["label"])}'
               for h in data["holders"].values()]
    return (f"<p>{escape(WHAT)}</p><ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul><h2>Holders (colour, and code in the labels)"
            "</h2><ul>" + "".join(f"<li>{x}</li>" for x in holders) + "</ul>"
            '<p class="muted">A label reads “place · who controlled it in what it lay in”, e.g. '
            "“Hadrut · Aze in RA”; “–” when the source names no controller. Each code carries its own mark: "
            "“?” possibly, “(part)” for part of the place only (“Aze/ATc?/RpcK? in RA?”).</p>")


def html(data: dict) -> str:
    """The page for the gathered data (timemap.data.page_data)."""
    script = files("hadrut_kg.timemap").joinpath("script.js").read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise ValueError("script.js must not contain '</script'")
    parts = {"LEGEND": legend(data), "DATA": _inline(data), "SCRIPT": script}
    # one pass: a label holding "__DATA__" stays a label
    return re.sub(r"__(LEGEND|DATA|SCRIPT)__", lambda m: parts[m.group(1)], PAGE)
