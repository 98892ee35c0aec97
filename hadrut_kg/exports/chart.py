"""A chart of who a place was part of, administered by, controlled by or claimed by, over time and per source.

One self-contained HTML page (inline SVG, no script, no network) per place: one row per relation statement and
source document, a bar over its span — solid where it certainly held, hatched where its start or end is uncertain,
fading out where no start is known, an arrow where no end is stated — derived bounds outlined in dashes, the
events that bound the statements as ticks (a known day) or spans (a window), a date axis, and a legend in plain words. Events of the autumn of
2020 crowd into a pixel on a ninety-year axis, so a second panel shows September–December 2020 where any bound
falls in it. Every text from the data is escaped for HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from hadrut_kg.exports import palette
from hadrut_kg.vocabulary.datewords import bounds_words
from hadrut_kg.vocabulary.documents import document_label
from hadrut_kg.vocabulary.namespaces import HKG

RELATIONS_OF = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?st ?resource ?resourceLabel ?relation ?object ?objectLabel ?part ?publisher ?docTitle ?docId ?sE ?sEb ?sL ?sLb ?eE ?eEb ?eL ?eLb
WHERE {
  VALUES ?predicate { hkg:partOf hkg:administeredBy hkg:controlledBy hkg:claimedBy }
  { ?unit (hkg:succeeds|^hkg:succeeds)* ?resource BIND ("" AS ?kind) }
  UNION
  { ?unit (hkg:succeeds|^hkg:succeeds)* ?whole . ?resource hkg:locatedIn ?whole BIND ("" AS ?kind) }
  UNION
  # what the place lay in, and what that lay in (question 3's containment paths upward): its whole history
  { ?path hkg:pathFrom ?unit ; hkg:pathTo ?resource ; hkg:pathKind ?kind . FILTER (?kind = "in") }
  ?st a hkg:Statement ; rdf:subject ?resource ; rdf:predicate ?predicate ; rdf:object ?object ;
      prov:wasDerivedFrom/dcterms:isPartOf ?doc .
  ?doc dcterms:publisher/foaf:name ?publisher ; dcterms:identifier ?docId .
  OPTIONAL { ?doc dcterms:title ?docTitle }
  OPTIONAL { ?st hkg:startBounds ?sb .
             OPTIONAL { ?sb hkg:earliestDate ?sE ; hkg:earliestBasis ?sEb }
             OPTIONAL { ?sb hkg:latestDate ?sL ; hkg:latestBasis ?sLb } }
  OPTIONAL { ?st hkg:endBounds ?eb .
             OPTIONAL { ?eb hkg:earliestDate ?eE ; hkg:earliestBasis ?eEb }
             OPTIONAL { ?eb hkg:latestDate ?eL ; hkg:latestBasis ?eLb } }
  FILTER (BOUND(?sb) || BOUND(?eb))
  # what holds for only part of a container is not passed down to what lies in it (question 3's rule)
  FILTER (?kind != "in" || NOT EXISTS { ?st hkg:appliesToPart ?containerPart })
  OPTIONAL { ?st hkg:appliesToPart ?part }
  ?resource rdfs:label ?resourceLabel . ?predicate rdfs:label ?relation . ?object rdfs:label ?objectLabel .
}
ORDER BY ?resourceLabel ?relation ?objectLabel ?sE ?sL ?publisher ?st
"""

EVENTS_OF = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?event ?label ?earliest ?latest ?rank WHERE {
  VALUES ?st { __STATEMENTS__ }
  ?st hkg:startEvent|hkg:endEvent ?event .
  ?event rdfs:label ?label ; hkg:chronologicalRank ?rank ; hkg:timeBounds ?b .
  OPTIONAL { ?b hkg:earliestDate ?earliest } OPTIONAL { ?b hkg:latestDate ?latest }
} ORDER BY ?rank
"""

UNITS = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?resource WHERE {
  VALUES ?predicate { hkg:partOf hkg:administeredBy hkg:controlledBy hkg:claimedBy }
  ?st rdf:subject ?resource ; rdf:predicate ?predicate .
  { ?st hkg:startBounds ?b } UNION { ?st hkg:endBounds ?b }
} ORDER BY ?resource
"""

WIDTH, LEFT, RIGHT, ROW, TOP = 1240, 470, 30, 36, 58
LABEL_CHARS = 56  # what fits left of the axis at 12px; the full text is in the row's tooltip
DERIVED = HKG + "derived"
HATCH = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
         '<rect width="6" height="6" fill="#f6d7a8"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c47a12" '
         'stroke-width="2.5"/></pattern>'
         '<linearGradient id="fade" x1="0" x2="1"><stop offset="0" stop-color="#c47a12" stop-opacity="0"/>'
         '<stop offset="1" stop-color="#c47a12" stop-opacity="0.7"/></linearGradient>')


@dataclass
class Row:
    statement: str
    label: str
    source: str
    part: str | None
    start: tuple[str | None, bool, str | None, bool]  # earliest, derived?, latest, derived?
    end: tuple[str | None, bool, str | None, bool] | None  # None: no end stated
    holder: str = ""  # the object: its colour is the holder's (exports.palette), as on the map and the pages


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def rows_for(store: ox.Store, unit: str) -> list[Row]:
    rows = []
    text = RELATIONS_OF.replace("WHERE {", f"WHERE {{ VALUES ?unit {{ {ox.NamedNode(unit)} }}", 1)
    for r in store.query(text):
        get = lambda name: r[name].value if r[name] is not None else None  # noqa: E731
        who = f"{get('resourceLabel')}: " if get("resource") != unit else ""
        label = f"{who}{get('relation')} {get('objectLabel')}"
        start = (get("sE"), get("sEb") == DERIVED, get("sL"), get("sLb") == DERIVED)
        end = None
        if get("eE") or get("eL"):
            end = (get("eE"), get("eEb") == DERIVED, get("eL"), get("eLb") == DERIVED)
        # the document, not only its publisher: the seed article and a secondary one are told apart
        source = document_label(get("docTitle"), get("publisher"), get("docId"))
        rows.append(Row(get("st"), label, source, get("part"), start, end, get("object")))
    return rows


def events_for(store: ox.Store, rows: list[Row]) -> list[tuple[str, str, str | None, str | None]]:
    if not rows:
        return []
    text = EVENTS_OF.replace("__STATEMENTS__", " ".join(f"<{r.statement}>" for r in rows))
    return [(r["event"].value, r["label"].value, r["earliest"] and r["earliest"].value, r["latest"] and r["latest"].value)
            for r in store.query(text)]


def units(store: ox.Store) -> list[str]:
    return [r["resource"].value for r in store.query(UNITS)]


class _Panel:
    """One date axis: maps days to x."""

    def __init__(self, first: dt.date, last: dt.date, title: str):
        self.first, self.last, self.title = first, last, title
        self.span = max((last - first).days, 1)

    def covers(self, first: str | None, last: str | None) -> bool:
        """Whether a span (open where None) reaches into this panel."""
        return (first is None or _day(first) <= self.last) and (last is None or _day(last) >= self.first)

    def x(self, day: str | None, default: float) -> float:
        if day is None:
            return default
        d = min(max(_day(day), self.first), self.last)
        return LEFT + (WIDTH - LEFT - RIGHT) * (d - self.first).days / self.span

    def ticks(self) -> list[tuple[float, str]]:
        if self.span > 800:
            step = 10 if self.span > 365 * 40 else 5 if self.span > 365 * 15 else 1
            years = range((self.first.year // step + 1) * step, self.last.year + 1, step)
            return [(self.x(f"{y:04d}-01-01", 0), str(y)) for y in years]
        months = []
        d = dt.date(self.first.year, self.first.month, 1)
        while d <= self.last:
            if d >= self.first:
                months.append((self.x(d.isoformat(), 0), d.strftime("%b %Y")))
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return months


def _rect(cls: str, a: float, b: float, y: float, fill: str, derived: bool = False) -> str:
    dash = ' stroke="#333" stroke-dasharray="3,2"' if derived else ""
    return (f'<rect class="{cls}" x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 2.0):.1f}" height="14" '
            f'fill="{fill}"{dash}/>')


def _bar(p: _Panel, row: Row, y: float, paint: tuple[str, str, str] = ("url(#hatch)", "url(#fade)", "#c47a12")) -> str:
    """Uncertain start (hatched, or fading in where no start is known), certain span (solid), uncertain end
    (hatched) or an arrow where no end is stated; dashes where a bound is derived."""
    left, right = LEFT, WIDTH - RIGHT
    se, se_d, sl, sl_d = row.start
    x_se, x_sl = (p.x(se, left) if se else None), (p.x(sl, left) if sl else None)
    if row.end:
        ee, ee_d, el, el_d = row.end
        end_from = p.x(ee, left) if ee else (x_sl or x_se or left)
    else:
        end_from = right
    start_to = x_sl if x_sl is not None else end_from
    parts = []
    if x_se is None:
        parts.append(_rect("unknown-start", left, start_to, y, paint[1]))
    elif start_to > x_se:
        parts.append(_rect("uncertain-start", x_se, start_to, y, paint[0], se_d or sl_d))
    if x_sl is not None and end_from > x_sl:
        parts.append(_rect("certain", x_sl, end_from, y, paint[2]))
    if row.end:
        parts.append(_rect("uncertain-end", end_from, p.x(el, right) if el else right, y, paint[0], ee_d or el_d))
    else:
        parts.append(f'<path class="open-end" d="M{right:.1f},{y - 2:.1f} l10,9 l-10,9 z" fill="{paint[2]}"/>')
    return "".join(parts)


def _bounds_text(row: Row) -> str:
    """The bounds in words ('starts in autumn 2020; no end stated'), the ISO days after them in brackets, and
    which bound was worked out from the order of events."""
    def side(b):
        e, e_d, l, l_d = b
        derived = " (worked out from the order of events)" if (e_d and e) or (l_d and l) else ""
        return f"{bounds_words(e, l)} [{e or '..'}/{l or '..'}]{derived}"
    start = side(row.start)
    end = f"ends {side(row.end)}" if row.end else "no end stated"
    return f"starts {start}; {end}"


def _patterns(colours: list[str]) -> str:
    """A hatch and a fade per holder colour (ids hatch-N, fade-N), in a hidden SVG the bars refer to."""
    defs = "".join(
        f'<pattern id="hatch-{i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{c}" '
        f'stroke-width="3"/></pattern><linearGradient id="fade-{i}" x1="0" x2="1"><stop offset="0" '
        f'stop-color="{c}" stop-opacity="0"/><stop offset="1" stop-color="{c}" stop-opacity="0.8"/></linearGradient>'
        for i, c in enumerate(colours))
    return f'<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>{defs}</defs></svg>'


def _spaced(ticks: list[tuple[float, str]], gap: float = 64) -> list[tuple[float, str]]:
    """Tick labels at least `gap` pixels apart (a label is about 50 pixels wide): never one over another."""
    kept: list[tuple[float, str]] = []
    for x, text in ticks:
        if not kept or x - kept[-1][0] >= gap:
            kept.append((x, text))
    return kept


def svg(store: ox.Store, unit: str, label: str) -> tuple[str, int]:
    """The chart's SVG and its number of bars (one per statement and source)."""
    rows = rows_for(store, unit)
    events = events_for(store, rows)
    days = [d for r in rows for b in (r.start, r.end or (None, False, None, False)) for d in (b[0], b[2]) if d]
    days += [d for _, _, e, l in events for d in (e, l) if d]
    if not days:
        return f'<p class="empty">No dated relation of {escape(label)} in the data.</p>', 0
    first, last = min(map(_day, days)), max(map(_day, days))
    holders = palette.holders(store)
    code_of = palette.codes({iri: label for iri, (label, _) in holders.items()})
    used = sorted({r.holder for r in rows}, key=lambda h: list(holders).index(h) if h in holders else 99)
    colour = {h: holders.get(h, ("", palette.NOTHING))[1] for h in used}
    paint = {h: (f"url(#hatch-{i})", f"url(#fade-{i})", colour[h]) for i, h in enumerate(used)}
    panels = [_Panel(dt.date(first.year - 2, 1, 1), dt.date(last.year + 2, 1, 1), "The whole span")]
    autumn = (dt.date(2020, 9, 1), dt.date(2020, 12, 31))
    if any(autumn[0] <= _day(d) <= autumn[1] for d in days):
        panels.append(_Panel(*autumn, "September – December 2020, enlarged"))
    out = []
    for panel in panels:
        height = TOP + ROW * len(rows) + 70
        g = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-label="{escape(panel.title)}">',
             f'<text x="10" y="20" class="panel">{escape(panel.title)}</text>']
        for x, text in _spaced(panel.ticks()):
            g.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 56}" class="grid"/>'
                     f'<text x="{x:.1f}" y="{TOP - 12}" class="tick">{escape(text)}</text>')
        for i, row in enumerate(rows):
            y = TOP + i * ROW
            text = row.label + (f" ({row.part})" if row.part else "")
            short = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
            src = row.source if len(row.source) <= LABEL_CHARS + 8 else row.source[:LABEL_CHARS + 7] + "…"
            end = row.end[2] if row.end else None
            shown = panel.covers(row.start[0], end if row.end else None)
            g.append(f'<g class="bar" data-statement="{escape(row.statement)}" data-holder="{escape(row.holder)}">'
                     f'<title>{escape(text)} — '
                     f'{escape(row.source)}; {escape(_bounds_text(row))}</title>'
                     f'<text x="10" y="{y + 11}" class="row">{escape(short)}</text>'
                     f'<text x="10" y="{y + 25}" class="src">{escape(src)}</text>'
                     f'{_bar(panel, row, y, paint[row.holder]) if shown else ""}</g>')
        base = TOP + ROW * len(rows) + 6
        g.append(f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" class="axis"/>')
        for n, (_, ev_label, e, l) in enumerate(events):
            if not panel.covers(e, l):
                continue
            xa, xb = panel.x(e, LEFT), panel.x(l, WIDTH - RIGHT)
            # a known day is a tick; a window is drawn whole (a mark at its middle would claim a day no source
            # gives); a window open at one side runs to the panel's edge with an arrow there
            if e and e == l:
                mark = f'<line x1="{xa:.1f}" y1="{base}" x2="{xa:.1f}" y2="{base + 12}" class="tick-mark"/>'
            else:
                mark = (f'<rect class="event-span" x="{xa:.1f}" y="{base + 3}" width="{max(xb - xa, 2.0):.1f}" '
                        f'height="6" fill="#7a1f5c" fill-opacity="0.3" stroke="#7a1f5c" stroke-width="0.8"/>')
                if not e:
                    mark += f'<path class="event-open-start" d="M{xa:.1f},{base + 6} l8,-5 v10 z" fill="#7a1f5c"/>'
                if not l:
                    mark += f'<path class="event-open-end" d="M{xb:.1f},{base + 6} l-8,-5 v10 z" fill="#7a1f5c"/>'
            g.append(f'<g class="event" data-edtf="{escape(e or "..")}/{escape(l or "..")}">'
                     f'<title>{escape(ev_label)}: {escape(bounds_words(e, l))}</title>{mark}'
                     f'<text x="{xa:.1f}" y="{base + 24 + 11 * (n % 3)}" class="event-label">{n + 1}</text></g>')
        g.append("</svg>")
        out.append("".join(g))
    key = "".join(f'<li><b>{n + 1}</b> {escape(ev_label)} (<span data-edtf="{escape(e or "..")}/{escape(l or "..")}" '
                  f'title="{escape(e or "..")}/{escape(l or "..")}">{escape(bounds_words(e, l))}</span>)</li>'
                  for n, (_, ev_label, e, l) in enumerate(events))
    swatches = "".join(f'<li><svg width="40" height="14" aria-hidden="true"><rect width="40" height="14" '
                       f'fill="{colour[h]}"/></svg><b>{escape(code_of.get(h, ""))}</b> '
                       f'{escape(holders.get(h, (h, ""))[0])}</li>' for h in used)
    return (_patterns([colour[h] for h in used]) + '<h2>Colours: who or what each row names (as on the time map)'
            f'</h2><ul class="legend holders">{swatches}</ul>' + "\n".join(out)
            + (f'<h2>Events marked on the axis</h2><ul class="events">{key}</ul>' if key else "")), len(rows)


LEGEND = """<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>__HATCH__</defs></svg>
<ul class="legend">
<li><svg width="40" height="14"><rect width="40" height="14" fill="#c47a12"/></svg> in force for certain (by that source), in the colour of whom or what the row names</li>
<li><svg width="40" height="14"><rect width="40" height="14" fill="url(#hatch)"/></svg>
  began or ended at some point in this stretch (the source's date is uncertain)</li>
<li><svg width="40" height="14"><rect width="40" height="14" fill="url(#hatch)" stroke="#333"
  stroke-dasharray="3,2"/></svg> the same, worked out from the order of events the source gives rather than a date it states</li>
<li><svg width="40" height="14"><rect width="40" height="14" fill="url(#fade)"/></svg>
  the source gives no start</li>
<li><svg width="14" height="18"><path d="M2,0 l10,9 l-10,9 z" fill="#c47a12"/></svg> the source gives no end</li>
<li>Numbered marks under the bars: the events that start or end these relations (listed below the chart) — a tick
  for an event of a known day, a span for one known only to fall within a window (the number at its start).</li>
</ul>"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 18px 0 6px; }
  .muted { color: #555; font-size: 13px; }
  .legend { list-style: none; padding: 0; margin: 8px 0 12px; } .legend li { margin: 2px 0; }
  .legend svg { vertical-align: middle; margin-right: 6px; }
  svg text { font-size: 12px; fill: #222; } .panel { font-weight: bold; font-size: 13px; }
  .src { fill: #555; font-size: 10px; } .tick { text-anchor: middle; fill: #555; font-size: 11px; }
  .grid { stroke: #e4e4e4; } .axis, .tick-mark { stroke: #333; } .event-label { text-anchor: middle; font-size: 10px; }
  .events { columns: 2; font-size: 13px; list-style: none; padding: 0; }
</style>
</head>
<body data-bars="__BARS__">
<h1>__HEADING__</h1>
<p class="muted">What __LABEL__ (and the units before or after it, and the places within it) was part of,
administered by, controlled by or claimed by, as each source states it. One row per statement and source.
From the Hadrut KG dataset (CC BY-SA 4.0, derived from Wikimapia and Wikipedia and the sources its description
lists).</p>
__LEGEND__
__CHART__
</body>
</html>
"""


def page(store: ox.Store, unit: str) -> tuple[str, int]:
    """The whole page for one place, and its number of bars."""
    found = list(store.query(f"SELECT ?l WHERE {{ {ox.NamedNode(unit)} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"))
    label = found[0]["l"].value if found else unit
    chart, bars = svg(store, unit, label)
    text = (PAGE.replace("__TITLE__", escape(f"{label} — relations over time"))
            .replace("__HEADING__", escape(f"{label}: relations over time, by source"))
            .replace("__LABEL__", escape(label)).replace("__LEGEND__", LEGEND.replace("__HATCH__", HATCH))
            .replace("__BARS__", str(bars)).replace("__CHART__", chart))
    return text, bars
