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
from markupsafe import Markup

from hadrut_kg.vocabulary.namespaces import DCTERMS, HKG, PROV, RDF
from hadrut_kg.site import sections
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.html import Linker, frame, lang_text, root_of
from hadrut_kg.site.negotiation import HTML, RDF_FORMATS
from hadrut_kg.site.routes import document_href, file_path, href

SECTION_OF = {"id": "resource", "name": "name", "statement": "statement", "date": "date", "bounds": "time bounds",
              "geometry": "point", "source-section": "source section", "graph": "named graph",
              "dataset": "dataset", "distribution": "distribution"}


def ontology_page(data: SiteData) -> bytes:
    """The ontology's documentation page (hadrut_kg.site.ontology_doc), at ontology.html like other documents."""
    from hadrut_kg.site.ontology_doc import render_ontology

    return render_ontology(data.dist / "ontology.ttl", data.dist, data.base).encode()


class _Page:
    def __init__(self, data: SiteData, iri: str):
        self.data, self.iri = data, iri
        self.path = file_path(data, iri, HTML)
        self.root = root_of(self.path)
        self.link = Linker(data, self.root, True)
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
        """The sections a statement or name is derived from, or that describe a place, agent or event."""
        cited = self.data.objects(iri, PROV + "wasDerivedFrom") or self.data.objects(iri, DCTERMS + "isReferencedBy")
        return "<br>".join(self.link.link(s.value) for s in cited)

    # --- sections ------------------------------------------------------------------------------------------
    def statements(self) -> str:
        if not self.about:
            return ""
        rows = []
        for st in self.about:
            note = self.value(st, HKG + "note")
            predicate = self.link.label_html(self.data.first(st, RDF + "predicate"))
            rows.append(f'<tr><td><a href="{escape(self.link.url(st) or "")}">{predicate}'
                        f'</a></td><td>{self.value(st, RDF + "object")}</td><td>{self.when(st)}</td>'
                        f'<td>{self.sources(st)}</td><td>{note}</td></tr>')
        return ('<h2 id="statements">Statements, with the source section each comes from</h2><table><thead><tr>'
                '<th scope="col">Property</th><th scope="col">Value</th><th scope="col">Time</th>'
                '<th scope="col">Source section</th><th scope="col">Note</th></tr></thead><tbody>' +
                "".join(rows) + "</tbody></table>")

    def own(self) -> str:
        rows = [f'<tr><th scope="row">{self.link.link(t.predicate.value)}</th><td>{self.link.term(t.object)}</td></tr>'
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
        downloads = "".join(f'<li><a href="{self.root}{href(d.path)}" download>{escape(d.label)}</a></li>'
                            for d in self.data.downloads.get(self.iri, []))
        if downloads:
            downloads = (f'<p>This place for gazetteers, maps and spreadsheets (cut from the dataset\'s exports):'
                         f'</p><ul class="formats">{downloads}</ul>')
        return (f'<h2 id="data">This resource as data</h2><ul class="formats">{items}</ul>{downloads}'
                f'<p class="muted">Its IRI <code>{escape(self.iri)}</code> answers with this page in a browser and '
                f'with RDF by content negotiation (Accept: text/turtle, application/n-triples, '
                f'application/ld+json, application/rdf+xml).</p>')

    def cite(self) -> str:
        docs = set()
        for st in [self.iri, *self.about]:
            for section in self.data.objects(st, PROV + "wasDerivedFrom"):
                doc = self.data.first(section.value, DCTERMS + "isPartOf")
                if doc:
                    docs.add(doc)
        based = "; ".join(self.link.label_html(d) + Markup(" (<code>{}</code>)").format(d) for d in sorted(docs))
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
        relations = sections.relations(self)
        head += sections.see_also(self, 'id="chart"' in relations)
        body = "".join([head, sections.names(self), relations, sections.events(self),
                        sections.position(self), sections.links_out(self), sections.source_document(self),
                        self.statements(), self.own(), self.incoming(), self.documents(), self.cite()])
        return frame(self.label, Markup(body), self.root)  # assembled from the helpers' Markup and escaped text


def page(data: SiteData, iri: str) -> bytes:
    """The HTML page of one resource of the dataset."""
    return _Page(data, iri).render()


def time_map(data: SiteData) -> bytes:
    """The time map (hadrut_kg.timemap) at map.html: the same page `hadrut-kg map` writes, from this data."""
    from hadrut_kg.timemap.data import page_data
    from hadrut_kg.timemap.page import html

    return html(page_data(data.store, data.regions, data.minted.entity_ns)).encode()


def index_page(data: SiteData) -> bytes:
    from hadrut_kg.site.index_page import index_page as render

    return render(data)
