"""The sections of a page that read a place's own structure: its names, its relations per source with when each
held, the events it took part in, its position, its links to other datasets. Each function takes the page being
rendered (pages._Page) and returns HTML, or "" when there is nothing to show.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import pyoxigraph as ox

from hadrut_kg.exports import chart
from hadrut_kg.vocabulary.namespaces import DCTERMS, GEO, HKG, RDF, SKOS
from hadrut_kg.site.html import day_words, lang_text
from hadrut_kg.vocabulary.langtags import canonical_tag
from hadrut_kg.site.minimap import svg as map_svg

RELATIONS = [HKG + p for p in ("partOf", "administeredBy", "controlledBy", "claimedBy")]
MATCHES = (SKOS + "exactMatch", SKOS + "closeMatch")
PLACE_TYPES = {HKG + t for t in ("Place", "AdministrativeUnit", "Settlement", "Polity", "NaturalFeature",
                                 "HeritageSite", "Area")}
EVENT_TYPES = {HKG + "Event", HKG + "Renaming"}


def names(page) -> str:
    names = page.data.objects(page.iri, HKG + "hasName")
    if not names:
        return ""
    rows = []
    for name in names:
        n = name.value
        text = page.data.objects(n, HKG + "nameText")
        shown = lang_text(text[0]) if text and isinstance(text[0], ox.Literal) else escape(page.data.label(n))
        language = canonical_tag(text[0].language) if text and isinstance(text[0], ox.Literal) and text[0].language \
            else ""
        time = "; ".join(f"{w} {page.value(n, p)}" for p, w in (
            (HKG + "nameStart", "from"), (HKG + "nameStartEvent", "from"), (HKG + "nameEnd", "until"),
            (HKG + "nameEndEvent", "until")) if page.value(n, p))
        rows.append(f'<tr><td><a href="{escape(page.link.url(n) or "")}">{shown}</a></td><td>{escape(language)}</td>'
                    f'<td>{escape(page.data.first(n, HKG + "script") or "")}</td>'
                    f'<td>{page.value(n, HKG + "nameKind")}</td><td>{time}</td><td>{page.sources(n)}</td></tr>')
    return ('<h2 id="names">Names</h2><table><thead><tr><th scope="col">Name</th><th scope="col">Language</th>'
            '<th scope="col">Script</th><th scope="col">Kind</th><th scope="col">In use</th>'
            '<th scope="col">Source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def relations(page) -> str:
    rows = []
    for st in page.about:
        predicate = page.data.first(st, RDF + "predicate")
        if predicate not in RELATIONS:
            continue
        held = held_text(page, st)
        part = page.value(st, HKG + "appliesToPart")
        rows.append(f'<tr><td>{page.link.link(predicate)}</td><td>{page.value(st, RDF + "object")}'
                    f'{" (" + part + ")" if part else ""}</td><td>{page.when(st) or "no time stated"}</td>'
                    f'<td>{held}</td><td>{page.sources(st)}</td>'
                    f'<td><a href="{escape(page.link.url(st) or "")}">statement</a></td></tr>')
    drawn = ""
    if page.types & PLACE_TYPES:
        picture, bars = chart.svg(page.data.store, page.iri, page.label)
        if bars:
            legend = chart.LEGEND.replace("__HATCH__", chart.HATCH)
            drawn = (f'<p id="chart" class="muted">The chart covers {escape(page.label)}, the units before or after it and '
                     f'the places within it; one row per statement and source.</p>{legend}'
                     f'<div class="chart" tabindex="0" role="region" aria-label="Chart of the relations over time">'
                     f'{picture}</div>')
    if not rows and not drawn:
        return ""
    table = ('<table><thead><tr><th scope="col">Relation</th><th scope="col">With</th><th scope="col">Stated time'
             '</th><th scope="col">In force</th><th scope="col">Source</th><th scope="col">Statement</th></tr></thead>'
             '<tbody>' + "".join(rows) + "</tbody></table>") if rows else ""
    return ('<h2 id="relations">Part of, administered, controlled or claimed by — per source</h2>'
            '<p class="muted">Each source’s statement is its own row: where sources disagree, both are shown. '
            '“Certainly” is the span in which the statement held for sure by its source; “possibly” adds the '
            'days on which its start or end is uncertain; outside both, it did not hold.</p>' + table + drawn)


def see_also(page, charted: bool) -> str:
    """For a place: a link to the time map at it, and to its chart on this page when it has one."""
    if not page.types & PLACE_TYPES or not page.iri.startswith(page.data.minted.entity_ns):
        return ""
    ident = page.iri[len(page.data.minted.entity_ns):]
    place = quote(ident, safe="")
    chart_link = '<a href="#chart">its chart</a> (its whole history, per source)'
    if ident not in page.data.on_the_map:  # the map has no point or outline for it: no link to where it is not
        return (f'<p class="see">See {chart_link}.</p>' if charted else "")
    return (f'<p class="see">See {escape(page.label)} <a href="{page.root}map.html#place={escape(place)}">on the '
            f'time map</a> (who controlled it, and what it lay in, on any day, per source)'
            + (f" and {chart_link}" if charted else "") + ".</p>")


def held_text(page, st: str) -> str:
    def bounds(predicate):
        b = page.data.first(st, predicate)
        if not b:
            return None, None
        return page.data.first(b, HKG + "earliestDate"), page.data.first(b, HKG + "latestDate")
    (s_early, s_late), (e_early, e_late) = bounds(HKG + "startBounds"), bounds(HKG + "endBounds")
    has_end = bool(page.data.first(st, HKG + "endBounds"))
    if not page.data.first(st, HKG + "startBounds") and not has_end:
        return "no time known"
    if s_late:
        certain = f"certainly from {day_words(s_late)}" + (
            f" until {day_words(e_early)}" if e_early else " (no end stated)" if not has_end
            else " until an unknown day")
    else:
        certain = "never for certain (no latest start is known)"
    possible = f"possibly from {day_words(s_early) if s_early else 'an unknown day'}" + (
        f" until {day_words(e_late)}" if e_late else "" if not has_end else " until an unknown day")
    return certain + "<br>" + possible


def events(page) -> str:
    found = set()
    for t in page.data.into(page.iri):
        if isinstance(t.subject, ox.NamedNode) and set(page.data.types(t.subject.value)) & EVENT_TYPES:
            found.add((t.subject.value, t.predicate.value))
    if not found:
        return ""
    items = "".join(f"<li>{page.link.link(e)} <span class=\"kind\">— {page.link.label_html(p)} — "
                    f"{escape(page.label)}</span></li>"
                    for e, p in sorted(found, key=lambda x: (rank(page, x[0]), x)))
    return f'<h2 id="events">Events</h2><ul>{items}</ul>'


def rank(page, event: str) -> int:
    rank = page.data.first(event, HKG + "chronologicalRank")
    return int(rank) if rank and rank.isdigit() else 10**6


def position(page) -> str:
    drawn = map_svg(page.data, page.iri, page.label)
    if not drawn:
        return ""
    rows = []
    for geometry in page.data.objects(page.iri, GEO + "hasGeometry"):
        g = geometry.value
        stmts = [t.subject.value for t in page.data.into(g, RDF + "object")]
        src = "<br>".join(page.sources(s) for s in stmts)
        rows.append(f"<li>{page.link.link(g)} — {src}</li>")
    return (f'<h2 id="position">Position</h2><p class="muted">A red dot for each point a source gives; grey dots '
            f'are other places of the dataset. No map tiles: a plain latitude/longitude grid.</p>{drawn}'
            f'<ul>{"".join(rows)}</ul>')


def links_out(page) -> str:
    rows = []
    for st in page.about:
        if page.data.first(st, RDF + "predicate") not in MATCHES:
            continue
        target = page.data.first(st, RDF + "object")
        rows.append(f'<tr><td>{page.link.link(target)}</td><td><code>{escape(target)}</code></td>'
                    f'<td>{page.value(st, HKG + "evidence")}</td><td>{page.value(st, HKG + "checkedOn")}</td>'
                    f'<td>{page.sources(st)}</td></tr>')
    if not rows:
        return ""
    return ('<h2 id="links">Links to other datasets</h2><table><thead><tr><th scope="col">Record</th>'
            '<th scope="col">Address</th><th scope="col">Evidence</th><th scope="col">Checked</th>'
            '<th scope="col">Source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def source_document(page) -> str:
    """For a named graph (one per source) or a source section: the source document — its title, publisher,
    licence, address — with all its sections and the graph of what the dataset takes from it."""
    data = page.data
    kind = data.kind(page.iri)
    predicate = DCTERMS + ("source" if kind == "graph" else "isPartOf" if kind == "source-section" else "")
    if predicate == DCTERMS:
        return ""
    out = []
    for doc in data.objects(page.iri, predicate):
        doc = doc.value
        facts = "".join(f'<tr><th scope="row">{page.link.link(t.predicate.value)}</th><td>{page.link.term(t.object)}'
                        f'</td></tr>' for t in sorted(data.out(doc), key=lambda t: (str(t.predicate), str(t.object))))
        parts = sorted(t.subject.value for t in data.into(doc, DCTERMS + "isPartOf"))
        graphs = sorted(t.subject.value for t in data.into(doc, DCTERMS + "source")
                        if data.kind(t.subject.value) == "graph")
        out.append(f'<h2 id="source">Source document: {page.link.label_html(doc)}</h2>'
                   f'<p>Address: <a href="{escape(doc)}"><code>{escape(doc)}</code></a></p>'
                   f'<table><tbody>{facts}</tbody></table>'
                   + (f'<p>Its sections: {", ".join(page.link.link(s) for s in parts)}.</p>' if parts else "")
                   + (f'<p>What the dataset takes from it: {", ".join(page.link.link(g) for g in graphs)}.</p>'
                      if graphs and kind != "graph" else ""))
    return "".join(out)
