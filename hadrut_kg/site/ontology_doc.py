"""The ontology's HTML documentation: one self-contained HTML5 page (inline CSS, no script, nothing fetched from
the network) with every class, property, concept scheme and controlled value (SKOS concept) of the ontology.

Each term is an element whose `id` is its local name, so `https://w3id.org/hadrut-kg/ontology#Statement` lands on
it; each shows its label, comment, kind, super- and sub-terms, domain and range, the other vocabularies' terms it
builds on or is aligned to, and a few resources of the data that use it, linked by their IRI. Every text and
attribute is escaped with `html.escape`; only http(s) IRIs become links.

Why not pyLODE: see docs/publishing.md ("Ontology documentation"). `hadrut-kg ontology-doc` writes the page
(`write_ontology_doc`); `serve` and the static site give it at ontology.html.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from hadrut_kg.vocabulary.namespaces import HKG, VOCABULARIES, WIKIDATA

if TYPE_CHECKING:  # the reader (and pyoxigraph) is imported when a page is rendered, not when the CLI starts
    from hadrut_kg.site.ontology_terms import OntologyDoc, Term

PROFILE = ("OWL 2 DL: each property is one kind (object, datatype or annotation) under super-properties of the same "
           "kind, and the other vocabularies' classes, properties and datatypes it uses are declared (xsd:date, "
           "which the date ranges use and OWL 2's datatype map lacks, as an rdfs:Datatype); the OWL API's OWL 2 DL "
           "profile checker finds no violation. HermiT, which reasons over the map's datatypes only, finds the "
           "ontology and the dataset consistent when told to ignore the others (--ignoreUnsupportedDatatypes): "
           "the data's xsd:date, xsd:gYearMonth and xsd:gYear values are then not reasoned over.")
SECTIONS = (("classes", "Classes", ("class",)), ("object-properties", "Object properties", ("object property",)),
            ("datatype-properties", "Datatype properties", ("datatype property",)),
            ("annotation-properties", "Annotation properties", ("annotation property",)))
PREFIXES = {"hkg": HKG, **VOCABULARIES}
STYLE = """
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:62rem;padding:0 1rem}
a{color:#0b4f9c}a:visited{color:#5a2d82}code{font-size:.92em;background:#f2f2f2;padding:0 .2em}
header,footer{border-bottom:1px solid #ccc;padding:.5rem 0 1rem}footer{border:0;border-top:1px solid #ccc}
nav ul{columns:14rem;padding-left:1.2rem}nav li{break-inside:avoid}
.term{border-top:1px solid #ddd;padding:.4rem 0 .8rem}.term h3,.term h4{margin:.4rem 0}
.kind{font-size:.85em;color:#4d4d4d;font-weight:normal}
dl{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.15rem 1rem;margin:.4rem 0}
dt{font-weight:600;color:#333}dd{margin:0}ul.inline{display:inline;padding:0}ul.inline li{display:inline}
ul.inline li+li::before{content:", "}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;
text-align:left;vertical-align:top}
"""


KINDS_SHOWN = ("class", "object property", "datatype property", "annotation property", "concept scheme", "concept")


def _count(n: int, kind: str) -> str:
    plural = {"class": "classes", "property": "properties", "concept": "controlled values"}
    if n == 1:
        return f"1 {kind}"
    head, _, last = kind.rpartition(" ")
    return f"{n} {(head + ' ') if head else ''}{plural.get(last, last + 's')}"


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _link(iri: str, text: str | None = None, lang: str | None = None) -> str:
    """An IRI as a link (an in-page anchor for the ontology's own terms), its text escaped; only http(s) IRIs
    become an href."""
    lang_attr = f' lang="{escape(lang)}"' if lang and lang != "en" else ""
    plain = escape(text if text is not None else _curie(iri))
    shown = f"<span{lang_attr}>{plain}</span>" if lang_attr else plain
    if iri.startswith(HKG):
        return f'<a href="#{escape(iri[len(HKG):])}"><code>{shown}</code></a>'
    if iri.startswith(("http://", "https://")):
        return f'<a href="{escape(iri)}">{shown if text is not None else f"<code>{shown}</code>"}</a>'
    return f"<code>{shown}</code>"


def _list(iris: list[str]) -> str:
    return '<ul class="inline">' + "".join(f"<li>{_link(i)}</li>" for i in iris) + "</ul>" if iris else ""


def _row(name: str, value: str) -> str:
    return f"<dt>{escape(name)}</dt><dd>{value}</dd>" if value else ""


def _resources(doc: OntologyDoc, count: int, iris: list[str], noun: str = "resource") -> str:
    """'N resources of the data, e.g. <links>', each link its label and IRI."""
    items = []
    for iri in iris:
        label, lang = doc.labels.get(iri, (None, None))
        items.append(f"<li>{_link(iri, f'{label} ({iri})' if label else iri, lang)}</li>")
    return f'{count} {noun}{"s" if count != 1 else ""} of the data, e.g. <ul class="inline">{"".join(items)}</ul>'


def _examples(doc: OntologyDoc, term: Term) -> str:
    if term.uses:
        return _resources(doc, term.uses, term.examples)
    if term.stated or term.kind == "concept scheme" or term.members:
        return ""
    return "<em>not used in the data</em>"


def _aligned(term: Term) -> str:
    return '<ul class="inline">' + "".join(
        f"<li>{escape(_curie(p))} {_link(o)}</li>" for p, o in term.matches) + "</ul>" if term.matches else ""


def _term(doc: OntologyDoc, term: Term, level: int = 3, inner: str = "") -> str:
    """One term's element (id = its local name): heading, comment, and its facts as a description list; `inner`
    goes inside it (a scheme's concepts)."""
    is_class, is_property = term.kind == "class", term.kind.endswith("property")
    rows = [
        _row("IRI", f"<code>{escape(term.iri)}</code>"),
        _row("Concept of", _list(term.concept_class)),
        _row("In scheme", _list(term.scheme)),
        _row("Sub-class of" if is_class else "Sub-property of", _list(term.supers)),
        _row("Super-class of" if is_class else "Super-property of", _list(term.subs)),
        _row("Domain", _list(term.domain)) if is_property else "",
        _row("Range", _list(term.range)) if is_property else "",
        _row("Domain of", _list(term.domain_of)),
        _row("Range of", _list(term.range_of)),
        _row("See also", _list(term.see_also)),
        _row("Aligned to", _aligned(term)),
        _row("Values" if term.kind == "class" else "Concepts", _list(term.members)),
        _row("Used in the data", _examples(doc, term)),
        _row("Stated in", _resources(doc, term.stated, term.statements, "statement") if term.stated else ""),
    ]
    return (f'<section class="term" id="{escape(term.local)}">\n<h{level}>{escape(term.label or term.local)} '
            f'<span class="kind">{escape(term.kind)} <code>hkg:{escape(term.local)}</code></span></h{level}>\n'
            + (f"<p>{escape(term.comment)}</p>\n" if term.comment else "")
            + f"<dl>{''.join(rows)}</dl>\n{inner}</section>\n")


def _contents(doc: OntologyDoc, schemes: list[Term]) -> str:
    parts = ['<nav aria-labelledby="contents"><h2 id="contents">Contents</h2>\n<ul>']
    for anchor, title, kinds in SECTIONS:
        links = "".join(f"<li>{_link(t.iri, t.local)}</li>" for t in doc.of_kind(*kinds))
        parts.append(f'<li><a href="#{anchor}">{escape(title)}</a><ul>{links}</ul></li>')
    parts.append('<li><a href="#controlled-values">Controlled values</a><ul>')
    for scheme in schemes:
        concepts = ", ".join(_link(c, doc.terms[c].local) for c in scheme.members)
        parts.append(f"<li>{_link(scheme.iri, scheme.local)}: {concepts}</li>")
    parts.append('</ul></li><li><a href="#other-vocabularies">Terms of other vocabularies</a></li></ul></nav>\n')
    return "".join(parts)


def _external(doc: OntologyDoc) -> str:
    rows = [f"<tr><td>{_link(iri)}</td><td>{_list(refs)}</td><td>{doc.external_use.get(iri, 0)}</td></tr>"
            for iri, refs in doc.external.items() if not iri.startswith(WIKIDATA)]
    return ('<section id="other-vocabularies" aria-labelledby="other-vocabularies-title">\n'
            '<h2 id="other-vocabularies-title">Terms of other vocabularies</h2>\n'
            "<p>The standard terms this ontology specialises, points at or takes values from; Wikidata "
            "alignments (skos:exactMatch, skos:closeMatch) are listed with each term.</p>\n"
            "<table><thead><tr><th scope=\"col\">term</th><th scope=\"col\">used by</th>"
            "<th scope=\"col\">resources of the data using it directly</th></tr></thead>\n<tbody>"
            + "\n".join(rows) + "</tbody></table>\n</section>\n")


def render_ontology(ontology_ttl: Path, dataset_dir: Path, base: str) -> str:
    """The documentation page of the ontology in `ontology_ttl`, with examples from the dataset built in
    `dataset_dir`; `base` is the namespace of the data's resources (the page names it)."""
    from hadrut_kg.site.ontology_terms import read_terms

    doc = read_terms(Path(ontology_ttl), Path(dataset_dir))
    schemes = doc.of_kind("concept scheme")
    head = [_row("IRI", f"<code>{escape(doc.iri)}</code>"),
            _row("Version IRI", f"<code>{escape(doc.version_iri)}</code>" if doc.version_iri else "none stated"),
            _row("Version", escape(doc.version_info or "none stated")),
            _row("Licence", _link(doc.licence, doc.licence) if doc.licence else "none stated"),
            _row("OWL profile", escape(PROFILE)),
            _row("Data namespace", f"<code>{escape(base)}</code> (examples below link to resources in it)"),
            _row("Terms", escape(", ".join(_count(len(doc.of_kind(k)), k) for k in KINDS_SHOWN)))]
    body = [f"<header>\n<h1>{escape(doc.label)}</h1>\n<p>{escape(doc.comment)}</p>\n<dl>{''.join(head)}</dl>\n"
            "<p>The same ontology as RDF: its IRI asked with <code>Accept: text/turtle</code> or "
            "<code>application/ld+json</code>, or the dumps <code>ontology.ttl</code> and "
            "<code>wikidata-alignment.ttl</code> (its Wikidata alignment).</p>\n</header>\n",
            _contents(doc, schemes), "<main>\n"]
    for anchor, title, kinds in SECTIONS:
        body.append(f'<section id="{anchor}" aria-labelledby="{anchor}-title">\n'
                    f'<h2 id="{anchor}-title">{escape(title)}</h2>\n')
        body.extend(_term(doc, t) for t in doc.of_kind(*kinds))
        body.append("</section>\n")
    body.append('<section id="controlled-values" aria-labelledby="controlled-values-title">\n'
                '<h2 id="controlled-values-title">Controlled values</h2>\n'
                "<p>SKOS concepts, one scheme per class of values.</p>\n")
    for scheme in schemes:
        body.append(_term(doc, scheme, inner="".join(_term(doc, doc.terms[c], level=4) for c in scheme.members)))
    body.append("</section>\n" + _external(doc) + "</main>\n<footer><p>Generated by <code>hadrut-kg ontology-doc"
                "</code> from the published ontology and the built dataset.</p></footer>\n")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(doc.label)} — documentation</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "".join(body) + "</body>\n</html>\n")


def write_ontology_doc(dataset: Path, out: Path, base: str) -> Path:
    """Render the ontology page from `dataset` (its ontology.ttl and data) into `out`; OntologyDocError when
    the dataset or its ontology cannot be read."""
    from hadrut_kg.rdf.publish import write_atomic
    from hadrut_kg.site.ontology_terms import OntologyDocError

    ontology = dataset / "ontology.ttl"
    if not ontology.is_file():
        raise OntologyDocError(f"{ontology} not found; run `hadrut-kg build` first")
    page = render_ontology(ontology, dataset, base)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, page.encode("utf-8"))
    return out
