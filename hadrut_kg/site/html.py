"""Small HTML helpers shared by the pages: escaping, a term as a link or a text in its language, the page frame.

Which helper returns HTML is a type, not a convention: `lang_text`, `Linker.label_html`, `Linker.link` and
`Linker.term` return MarkupSafe's `Markup` (the data's text escaped once, inside), `Linker.url` returns plain text
(a URL, escaped by whoever puts it in an attribute), and `frame` takes its body only as `Markup`, so a page says
where it declares its assembled text to be HTML. Escaping a `Markup` again changes nothing, and `Markup + text`
escapes the text: nothing is escaped twice or left out. A literal with a language tag sits in an element with its
`lang` attribute, so Armenian, Azerbaijani or Russian names are rendered and read aloud in their language. Links
between pages are relative (the site works from any folder and from `serve`); the page carries its own style and
nothing from the network.
"""

from __future__ import annotations

import pyoxigraph as ox
from markupsafe import Markup, escape

from hadrut_kg.vocabulary.datewords import edtf_words
from hadrut_kg.vocabulary.langtags import canonical_tag
from hadrut_kg.vocabulary.namespaces import ONTOLOGY_IRI
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.negotiation import HTML
from hadrut_kg.site.routes import document_href

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fff}
header,main,footer{max-width:1280px;margin:0 auto;padding:8px 24px}
header{border-bottom:1px solid #ddd} header a{color:#1d1d1d;font-weight:600;text-decoration:none}
footer{border-top:1px solid #ddd;color:#444;font-size:13px;margin-top:24px}
h1{font-size:24px;margin:12px 0 4px} h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #eee}
a{color:#0645ad} code{font-size:13px;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:14px} th,td{text-align:left;vertical-align:top;
padding:4px 8px;border-bottom:1px solid #e6e6e6} th{background:#f5f5f5}
.muted{color:#4a4a4a;font-size:13px} .chart{overflow-x:auto} .kind{color:#4a4a4a}
.cite{background:#f7f7f7;padding:8px 12px;border-left:3px solid #999}
ul.formats{list-style:none;padding:0} ul.formats li{display:inline;margin-right:16px}
svg text{font-size:12px;fill:#222}
.panel{font-weight:bold;font-size:13px}.src{text-anchor:end;fill:#555;font-size:11px}
.tick{text-anchor:middle;fill:#4a4a4a;font-size:11px}.grid{stroke:#e4e4e4}.axis,.tick-mark{stroke:#333}
.event-label{text-anchor:middle;font-size:10px}.legend{list-style:none;padding:0}.legend svg{vertical-align:middle}
.events{font-size:13px;list-style:none;padding:0}
"""


def root_of(path: str) -> str:
    """The relative way up from a file at `path` (below the site's root) to the root."""
    return "../" * path.count("/")


def lang_text(literal: ox.Literal) -> Markup:
    """A literal's text, escaped, in an element with its language, the tag in BCP 47 case (the store lower-cases
    it)."""
    if literal.language:
        return Markup('<span lang="{}">{}</span>').format(canonical_tag(literal.language), literal.value)
    return escape(literal.value)


def date_words(edtf: str) -> Markup:
    """An EDTF date in words for a reader; the EDTF itself in a data- attribute and the tooltip."""
    return Markup('<span data-edtf="{0}" title="EDTF: {0}">{1}</span>').format(edtf, edtf_words(edtf))


def day_words(day: str) -> Markup:
    """An ISO day in words; the ISO day in a data- attribute and the tooltip."""
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(day, edtf_words(day))


class Linker:
    """Terms as HTML for a page at a given depth below the root."""

    def __init__(self, data: SiteData, root: str, ontology_page: bool):
        self.data, self.root, self.ontology_page = data, root, ontology_page

    def url(self, iri: str) -> str | None:
        """The link's target as text (not HTML): the caller escapes it for its attribute."""
        if iri in self.data.resource_set:
            return self.root + document_href(self.data, iri, HTML)
        if iri.startswith(ONTOLOGY_IRI + "#") and self.ontology_page:
            return self.root + "ontology.html#" + iri.split("#", 1)[1]
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def label_html(self, iri: str) -> Markup:
        stored = self.data.stored_labels(iri) if self.data.kind(iri) != "source-section" else []
        english = [x for x in stored if x.language in ("en", None)]
        if stored and self.data.kind(iri) == "date":  # a date's label is its EDTF: shown in words
            return date_words(stored[0].value)
        if stored:
            return lang_text((english or stored)[0])
        return escape(self.data.label(iri))

    def link(self, iri: str) -> Markup:
        url = self.url(iri)
        text = self.label_html(iri)
        return Markup('<a href="{}">{}</a>').format(url, text) if url else text

    def term(self, term) -> Markup:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.Literal):
            return lang_text(term)
        return escape(str(term))


def frame(title: str, body: Markup, root: str) -> bytes:
    """The whole page: `title` is text (escaped here), `body` is HTML and must say so by being Markup."""
    if not isinstance(body, Markup):
        raise TypeError(f"frame() takes the body as Markup (HTML), not {type(body).__name__}: wrap the assembled "
                        "HTML in Markup() where it is made")
    head_title, root = escape(title), escape(root)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{head_title} — Hadrut KG</title>\n<style>{STYLE}</style>\n</head>\n<body>\n'
            f'<header><a href="{root}index.html">Hadrut KG</a> <span class="muted">— places, names, events and '
            f'sourced statements of Hadrut District and Hadrut Province</span></header>\n'
            f'<main>\n{body}\n</main>\n<footer>Hadrut KG, an open dataset under CC BY-SA 4.0, derived from the '
            f'Wikimapia page “Hadrut District” and the English Wikipedia article “Hadrut Province” and the '
            f'secondary sources each statement names. Each side’s wording stays its source’s.</footer>\n'
            f'</body>\n</html>\n').encode()
