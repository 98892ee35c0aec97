"""The index of all resources, by kind, with a filter that matches any of a resource's names in any script.

The filter is a few lines of inline script (nothing from the network): it compares the typed text with each
entry's label, names and identifier after Unicode decomposition, with accents dropped and case folded, so
"hadrut", "Հադրութ" and "Гадрут" each find their place, and "xocavend" finds "Xocavənd rayonu"'s district
only as far as its letters decompose (ə is a letter of its own). Without script the whole list shows.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from markupsafe import Markup

from hadrut_kg.vocabulary.langtags import canonical_tag
from hadrut_kg.vocabulary.namespaces import HKG
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.html import Linker, frame
from hadrut_kg.site.negotiation import HTML
from hadrut_kg.site.routes import document_href

KINDS = [("id", "Places, units, events, agents and other resources"), ("name", "Names"),
         ("statement", "Statements"), ("source-section", "Source sections"), ("date", "Dates"),
         ("bounds", "Time bounds"), ("geometry", "Points"), ("graph", "Named graphs (one per source)"),
         ("dataset", "The dataset"), ("distribution", "Distributions"), ("ontology", "Ontology files")]

SCRIPT = """
(function () {
  var fold = function (s) { return s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase(); };
  var items = Array.prototype.slice.call(document.querySelectorAll('li[data-k]'));
  items.forEach(function (li) { li.k = fold(li.getAttribute('data-k')); });
  var box = document.getElementById('filter'), count = document.getElementById('count');
  box.addEventListener('input', function () {
    var q = fold(box.value.trim()), shown = 0;
    items.forEach(function (li) { var hit = !q || li.k.indexOf(q) >= 0; li.hidden = !hit; if (hit) shown++; });
    document.querySelectorAll('section.group').forEach(function (s) {
      s.hidden = !s.querySelector('li[data-k]:not([hidden])'); });
    count.textContent = q ? shown + ' matching' : '';
  });
})();
"""


def _names(data: SiteData, iri: str) -> list:
    """Every name of a resource, as literals (its names' texts, its labels)."""
    found = [o for n in data.objects(iri, HKG + "hasName") for o in data.objects(n.value, HKG + "nameText")]
    found += data.stored_labels(iri)
    return found


def index_page(data: SiteData) -> bytes:
    link = Linker(data, "", False)
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for iri in data.resources:
        kind = data.kind(iri)
        types = data.types(iri)
        sub = data.label(types[0]) if kind == "id" and types else ""
        names = _names(data, iri)
        key = " ".join([data.label(iri), iri[len(data.base):], *(n.value for n in names)])
        others = sorted({n.value: n for n in names if n.value != data.label(iri)}.values(), key=str)
        shown = "".join(f' · <span lang="{escape(canonical_tag(n.language))}">{escape(n.value)}</span>' if n.language
                        else f" · {escape(n.value)}" for n in others[:8])
        groups[kind][sub].append(f'<li data-k="{escape(key)}"><a href="{document_href(data, iri, HTML)}">'
                                 f'{link.label_html(iri)}</a><span class="muted">{shown}</span></li>')
    parts = ['<h1>Hadrut KG</h1>'
             '<section aria-labelledby="start"><h2 id="start">Start here</h2>'
             '<p>An open linked-data knowledge graph of Hadrut District and Hadrut Province (Nagorno-Karabakh): its '
             'places and their names in several languages and scripts, the events of their history, and who '
             'administered, controlled or claimed each place when — every statement with its source, its section '
             'and how certain its dates are. The sources disagree; the dataset records what each says.</p>'
             '<p><b>Question 3</b> asks what a place lay in, who administered, controlled or claimed it on a given '
             'day, according to which source and how certainly; <a href="map.html">the time map</a> answers it on '
             'a map for any day from 1923, per source.</p>'
             '<iframe src="map.html" title="The time map: who controlled each place, and what it lay in, on a day, '
             'per source" style="width:100%;height:1080px;border:1px solid #ccc"></iframe>'
             '<p><a href="map.html">Open the time map on its own page</a> (its address keeps the day, the source and '
             'the place, so a view can be cited).</p>'
             '<p>The data: the downloads below, a page per resource (listed below) and RDF behind each of them.</p>'
             '</section>'
             '<h2>Every resource</h2><p>Places, names, events, agents, sources and the statements that '
             'link them, each with a page and RDF documents. The whole dataset: '
             '<a href="download/hadrut.ttl">Turtle</a>, <a href="download/hadrut.nt">N-Triples</a>, '
             '<a href="download/hadrut.jsonld">JSON-LD</a>, <a href="download/hadrut.trig">TriG</a> '
             '(named graphs per source); its description: <a href="void.ttl">void.ttl</a>; the ontology: '
             '<a href="ontology.ttl">ontology.ttl</a>.</p>',
             # the documentation site (mkdocs.yml) is published at the site URL's docs/, which the namespace's
             # rules already redirect to (docs/publishing.md); absolute, so a site copied elsewhere still finds it
             f'<p>How it is built, queried, loaded and published: <a href="{escape(data.base)}docs/index.html">'
             'the documentation</a>.</p>',
             '<p><label for="filter">Filter by any name, in any script: </label>'
             '<input type="search" id="filter" autocomplete="off"> <span id="count" class="muted" aria-live="polite">'
             '</span></p>']
    known = {k for k, _ in KINDS}
    for kind, title in KINDS + [(k, f"Other: {k}") for k in sorted(groups) if k not in known]:
        if kind not in groups:
            continue
        total = sum(len(v) for v in groups[kind].values())
        parts.append(f'<section class="group"><h2>{escape(title)} ({total})</h2>')
        for sub in sorted(groups[kind]):
            if sub:
                parts.append(f"<h3>{escape(sub)}</h3>")
            parts.append("<ul>" + "".join(groups[kind][sub]) + "</ul>")
        parts.append("</section>")
    parts.append(f"<script>{SCRIPT}</script>")
    return frame("All resources", Markup("".join(parts)), "")  # the helpers' Markup and escaped text
