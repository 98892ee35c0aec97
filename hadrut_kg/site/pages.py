"""The HTML page of one resource, as a historian reads it, and the index of all resources.

A place or unit shows every name (language, script, kind, time of use, source; each name in an element with its
`lang`), its part-of / administered-by / controlled-by / claimed-by relations per source with when each held for
certain and when possibly (with the chronology chart of chart.py, inline), the events it took part in or was
affected by, a small offline map where it has a point, its links to Wikidata, GeoNames and Who's On First with
their evidence, and its statements with the source section each comes from. Every resource — event, agent,
source, name, statement, date — gets the same frame: its own triples, what points at it, links to its RDF
documents and how to cite it. Labels are the data's (neutral by the project's rule; each side's wording is a
name or a characterisation attributed to its source).
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from .. import chart
from ..namespaces import DCTERMS, GEO, HKG, PROV, RDF, SKOS, ONTOLOGY_IRI
from .data import SiteData
from .html import Linker, frame, lang_text, root_of
from .minimap import svg as map_svg
from .negotiation import HTML, RDF_FORMATS
from .routes import document_href, file_path

RELATIONS = [HKG + p for p in ("partOf", "administeredBy", "controlledBy", "claimedBy")]
MATCHES = (SKOS + "exactMatch", SKOS + "closeMatch")
PLACE_TYPES = {HKG + t for t in ("Place", "AdministrativeUnit", "Settlement", "Polity", "NaturalFeature",
                                 "HeritageSite", "Area")}
EVENT_TYPES = {HKG + "Event", HKG + "Renaming"}
SECTION_OF = {"id": "resource", "name": "name", "statement": "statement", "date": "date", "bounds": "time bounds",
              "geometry": "point", "source-section": "source section", "graph": "named graph",
              "dataset": "dataset", "distribution": "distribution"}


def ontology_page_available() -> bool:
    try:
        from hadrut_kg.site.ontology_doc import render_ontology  # noqa: F401 — written separately (issue 16)
    except ModuleNotFoundError:
        return False
    return True


def ontology_page(data: SiteData) -> bytes:
    from hadrut_kg.site.ontology_doc import render_ontology

    return render_ontology(data.dist / "ontology.ttl", data.dist, data.base).encode()


class _Page:
    def __init__(self, data: SiteData, iri: str):
        self.data, self.iri = data, iri
        self.path = file_path(data, iri, HTML)
        self.root = root_of(self.path)
        self.link = Linker(data, self.root, ontology_page_available())
        self.label = data.label(iri)
        self.types = set(data.types(iri))
        self.about = sorted({t.subject.value for t in data.into(iri, RDF + "subject")})

    def value(self, st: str, predicate: str) -> str:
        found = self.data.objects(st, predicate)
        return ", ".join(self.link.term(o) for o in found)

    def when(self, st: str) -> str:
        """The statement's stated time: start – end, a date, or a point in time, as the source gives it."""
        parts = []
        for p, word in ((HKG + "start", "from"), (HKG + "end", "until"), (HKG + "date", "on"),
                        (HKG + "pointInTime", "at"), (HKG + "startEvent", "from"), (HKG + "endEvent", "until")):
            shown = self.value(st, p)
            if shown:
                parts.append(f"{word} {shown}")
        return "; ".join(parts)

    def sources(self, iri: str) -> str:
        return "<br>".join(self.link.link(s.value) for s in self.data.objects(iri, PROV + "wasDerivedFrom"))

    # --- sections ------------------------------------------------------------------------------------------
    def names(self) -> str:
        names = self.data.objects(self.iri, HKG + "hasName")
        if not names:
            return ""
        rows = []
        for name in names:
            n = name.value
            text = self.data.objects(n, HKG + "nameText")
            shown = lang_text(text[0]) if text and isinstance(text[0], ox.Literal) else escape(self.data.label(n))
            language = text[0].language if text and isinstance(text[0], ox.Literal) and text[0].language else ""
            time = "; ".join(f"{w} {self.value(n, p)}" for p, w in (
                (HKG + "nameStart", "from"), (HKG + "nameStartEvent", "from"), (HKG + "nameEnd", "until"),
                (HKG + "nameEndEvent", "until")) if self.value(n, p))
            rows.append(f'<tr><td><a href="{escape(self.link.url(n) or "")}">{shown}</a></td><td>{escape(language)}</td>'
                        f'<td>{escape(self.data.first(n, HKG + "script") or "")}</td>'
                        f'<td>{self.value(n, HKG + "nameKind")}</td><td>{time}</td><td>{self.sources(n)}</td></tr>')
        return ('<h2 id="names">Names</h2><table><thead><tr><th scope="col">Name</th><th scope="col">Language</th>'
                '<th scope="col">Script</th><th scope="col">Kind</th><th scope="col">In use</th>'
                '<th scope="col">Source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")

    def relations(self) -> str:
        rows = []
        for st in self.about:
            predicate = self.data.first(st, RDF + "predicate")
            if predicate not in RELATIONS:
                continue
            held = self._held(st)
            part = self.value(st, HKG + "appliesToPart")
            rows.append(f'<tr><td>{self.link.link(predicate)}</td><td>{self.value(st, RDF + "object")}'
                        f'{" (" + part + ")" if part else ""}</td><td>{self.when(st) or "no time stated"}</td>'
                        f'<td>{held}</td><td>{self.sources(st)}</td>'
                        f'<td><a href="{escape(self.link.url(st) or "")}">statement</a></td></tr>')
        drawn = ""
        if self.types & PLACE_TYPES:
            picture, bars = chart.svg(self.data.store, self.iri, self.label)
            if bars:
                legend = chart.LEGEND.replace("__HATCH__", chart.HATCH)
                drawn = (f'<p class="muted">The chart covers {escape(self.label)}, the units before or after it and '
                         f'the places within it; one row per statement and source.</p>{legend}'
                         f'<div class="chart">{picture}</div>')
        if not rows and not drawn:
            return ""
        table = ('<table><thead><tr><th scope="col">Relation</th><th scope="col">With</th><th scope="col">Stated time'
                 '</th><th scope="col">In force</th><th scope="col">Source</th><th scope="col"></th></tr></thead>'
                 '<tbody>' + "".join(rows) + "</tbody></table>") if rows else ""
        return ('<h2 id="relations">Part of, administered, controlled or claimed by — per source</h2>'
                '<p class="muted">Each source’s statement is its own row: where sources disagree, both are shown. '
                '“Certainly” is the span in which the statement held for sure by its source; “possibly” adds the '
                'days on which its start or end is uncertain; outside both, it did not hold.</p>' + table + drawn)

    def _held(self, st: str) -> str:
        def bounds(predicate):
            b = self.data.first(st, predicate)
            if not b:
                return None, None
            return self.data.first(b, HKG + "earliestDate"), self.data.first(b, HKG + "latestDate")
        (s_early, s_late), (e_early, e_late) = bounds(HKG + "startBounds"), bounds(HKG + "endBounds")
        has_end = bool(self.data.first(st, HKG + "endBounds"))
        if not self.data.first(st, HKG + "startBounds") and not has_end:
            return "no time known"
        if s_late:
            certain = f"certainly from {s_late}" + (
                f" until {e_early}" if e_early else " (no end stated)" if not has_end else " until an unknown day")
        else:
            certain = "never for certain (no latest start is known)"
        possible = f"possibly from {s_early or 'an unknown day'}" + (
            f" until {e_late}" if e_late else "" if not has_end else " until an unknown day")
        return escape(certain) + "<br>" + escape(possible)

    def events(self) -> str:
        found = set()
        for t in self.data.into(self.iri):
            if isinstance(t.subject, ox.NamedNode) and set(self.data.types(t.subject.value)) & EVENT_TYPES:
                found.add((t.subject.value, t.predicate.value))
        if not found:
            return ""
        items = "".join(f"<li>{self.link.link(e)} <span class=\"kind\">— {self.link.label_html(p)} — "
                        f"{escape(self.label)}</span></li>"
                        for e, p in sorted(found, key=lambda x: (self._rank(x[0]), x)))
        return f'<h2 id="events">Events</h2><ul>{items}</ul>'

    def _rank(self, event: str) -> int:
        rank = self.data.first(event, HKG + "chronologicalRank")
        return int(rank) if rank and rank.isdigit() else 10**6

    def position(self) -> str:
        drawn = map_svg(self.data, self.iri, self.label)
        if not drawn:
            return ""
        rows = []
        for geometry in self.data.objects(self.iri, GEO + "hasGeometry"):
            g = geometry.value
            stmts = [t.subject.value for t in self.data.into(g, RDF + "object")]
            src = "<br>".join(self.sources(s) for s in stmts)
            rows.append(f"<li>{self.link.link(g)} — {src}</li>")
        return (f'<h2 id="position">Position</h2><p class="muted">A red dot for each point a source gives; grey dots '
                f'are other places of the dataset. No map tiles: a plain latitude/longitude grid.</p>{drawn}'
                f'<ul>{"".join(rows)}</ul>')

    def links_out(self) -> str:
        rows = []
        for st in self.about:
            if self.data.first(st, RDF + "predicate") not in MATCHES:
                continue
            target = self.data.first(st, RDF + "object")
            rows.append(f'<tr><td>{self.link.link(target)}</td><td><code>{escape(target)}</code></td>'
                        f'<td>{self.value(st, HKG + "evidence")}</td><td>{self.value(st, HKG + "checkedOn")}</td>'
                        f'<td>{self.sources(st)}</td></tr>')
        if not rows:
            return ""
        return ('<h2 id="links">Links to other datasets</h2><table><thead><tr><th scope="col">Record</th>'
                '<th scope="col">Address</th><th scope="col">Evidence</th><th scope="col">Checked</th>'
                '<th scope="col">Source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")

    def statements(self) -> str:
        if not self.about:
            return ""
        rows = []
        for st in self.about:
            note = self.value(st, HKG + "note")
            rows.append(f'<tr><td><a href="{escape(self.link.url(st) or "")}">{self.link.label_html(self.data.first(st, RDF + "predicate"))}'
                        f'</a></td><td>{self.value(st, RDF + "object")}</td><td>{self.when(st)}</td>'
                        f'<td>{self.sources(st)}</td><td>{note}</td></tr>')
        return ('<h2 id="statements">Statements, with the source section each comes from</h2><table><thead><tr>'
                '<th scope="col">Property</th><th scope="col">Value</th><th scope="col">Time</th>'
                '<th scope="col">Source section</th><th scope="col">Note</th></tr></thead><tbody>' +
                "".join(rows) + "</tbody></table>")

    def own(self) -> str:
        rows = [f"<tr><th scope=\"row\">{self.link.link(t.predicate.value)}</th><td>{self.link.term(t.object)}</td></tr>"
                for t in sorted(self.data.out(self.iri), key=lambda t: (str(t.predicate), str(t.object)))]
        if not rows:
            return ""
        return f'<h2 id="triples">All it says</h2><table><tbody>{"".join(rows)}</tbody></table>'

    def incoming(self) -> str:
        skip = {RDF + "subject"}
        rows = [(t.predicate.value, t.subject.value) for t in self.data.into(self.iri)
                if isinstance(t.subject, ox.NamedNode) and t.predicate.value not in skip]
        if not rows:
            return ""
        items = "".join(f"<li>{self.link.link(s)} <span class=\"kind\">{self.link.label_html(p)}</span> this</li>"
                        for p, s in sorted(set(rows)))
        return f'<h2 id="referred">Referred to by</h2><ul>{items}</ul>'

    def documents(self) -> str:
        items = "".join(f'<li><a href="{self.root}{document_href(self.data, self.iri, f)}">{escape(f.ext)}</a> '
                        f'<span class="muted">{escape(f.media)}</span></li>' for f in RDF_FORMATS)
        return (f'<h2 id="data">This resource as data</h2><ul class="formats">{items}</ul>'
                f'<p class="muted">Its IRI <code>{escape(self.iri)}</code> answers with this page in a browser and '
                f'with RDF by content negotiation (Accept: text/turtle, application/n-triples, application/ld+json).</p>')

    def cite(self) -> str:
        docs = set()
        for st in [self.iri, *self.about]:
            for section in self.data.objects(st, PROV + "wasDerivedFrom"):
                doc = self.data.first(section.value, DCTERMS + "isPartOf")
                if doc:
                    docs.add(doc)
        based = "; ".join(self.link.label_html(d) + f" (<code>{escape(d)}</code>)" for d in sorted(docs))
        return (f'<h2 id="cite">How to cite</h2><p class="cite">“{escape(self.label)}”, in <i>Hadrut KG</i> '
                f'(dataset, CC BY-SA 4.0), <code>{escape(self.iri)}</code>.'
                + (f" Based on: {based}." if based else "") + "</p>")

    def render(self) -> bytes:
        kind = SECTION_OF.get(self.data.kind(self.iri), "resource")
        types = ", ".join(self.link.link(t) for t in sorted(self.types))
        stored = self.data.stored_labels(self.iri)
        heading = lang_text(stored[0]) if stored and not [x for x in stored if x.language in ("en", None)] \
            else escape(self.label)
        head = (f'<h1>{heading}</h1><p class="muted">A {escape(kind)} of the Hadrut KG dataset'
                f'{": " + types if types else ""}. IRI: <code>{escape(self.iri)}</code></p>')
        if self.data.kind(self.iri) == "statement":
            when = self.when(self.iri)
            head += (f'<p>According to {self.sources(self.iri).replace("<br>", " and ")}: '
                     f'{self.value(self.iri, RDF + "subject")} — {self.value(self.iri, RDF + "predicate")} — '
                     f'{self.value(self.iri, RDF + "object")}{" (" + when + ")" if when else ""}.</p>')
        body = "".join([head, self.names(), self.relations(), self.events(), self.position(), self.links_out(),
                        self.statements(), self.own(), self.incoming(), self.documents(), self.cite()])
        return frame(self.label, body, self.root)


def page(data: SiteData, iri: str) -> bytes:
    """The HTML page of one resource of the dataset."""
    return _Page(data, iri).render()


def index_page(data: SiteData) -> bytes:
    from .index_page import index_page as render

    return render(data)
