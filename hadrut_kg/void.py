"""The dataset's own description: VoID for triple stores and linkset tools, DCAT for catalogues."""

from __future__ import annotations

from collections import Counter

from pyoxigraph import Literal, NamedNode, Quad, Triple

from . import __version__
from .loader import Dataset
from .namespaces import DCAT, DCTERMS, HKG, ONTOLOGY_IRI, PROV, RDF, SKOS, VOCABULARIES, VOID, WIKIDATA, XSD, Minted

LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"
DUMPS = {
    "hadrut.ttl": "text/turtle", "hadrut.nt": "application/n-triples", "hadrut.trig": "application/trig",
    "hadrut.jsonld": "application/ld+json",
}
EXAMPLES = ("hadrut-province", "hadrut-district", "operation-ring", "hadrut")


def describe(quads: list[Quad], data: Dataset, minted: Minted) -> list[Triple]:
    """VoID/DCAT triples for the union of `quads` (which must hold the ontology graph too)."""
    n, lit = NamedNode, Literal
    ds = n(minted.dataset)
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    per_graph = Counter(q.graph_name.value for q in quads)
    out: list[tuple] = []

    def add(s, p: str, o) -> None:
        out.append((s, n(p), o))

    def integer(value: int) -> Literal:
        return lit(str(value), datatype=n(XSD + "integer"))

    add(ds, RDF + "type", n(VOID + "Dataset"))
    add(ds, RDF + "type", n(DCAT + "Dataset"))
    add(ds, DCTERMS + "title", lit("Hadrut KG", language="en"))
    add(ds, DCTERMS + "description", lit(
        "Places, names in several languages and scripts, events, and time-bounded administrative, control and "
        "claim statements about Hadrut District (NKAO, 1930–1991) and Hadrut Province (Republic of Artsakh, "
        "1991–2020), each statement citing the source document and section it comes from.", language="en"))
    add(ds, DCTERMS + "license", n(LICENCE))
    add(ds, DCAT + "version", lit(__version__))
    add(ds, DCTERMS + "conformsTo", n(ONTOLOGY_IRI))
    attribution = []
    for src in data.sources.values():
        add(ds, DCTERMS + "source", n(src.iri))
        add(ds, PROV + "wasDerivedFrom", n(src.iri))
        licence = f"licensed {src.licence}" if src.licence else "no licence stated"
        attribution.append(f"“{src.title}”, {src.publisher}, {src.iri}, {licence}"
                           + (f" ({' '.join(src.rights.split())})" if src.rights else ""))  # e.g. WOF's attribution
    add(ds, DCTERMS + "bibliographicCitation", lit(
        "Hadrut KG " + __version__ + ". Derived from: " + "; ".join(attribution) + ".", language="en"))
    add(ds, VOID + "triples", integer(len(triples)))
    add(ds, VOID + "entities", integer(len(data.entities)))
    add(ds, VOID + "distinctSubjects", integer(len({t[0] for t in triples})))
    add(ds, VOID + "properties", integer(len({t[1] for t in triples})))
    classes = {t[2] for t in triples if t[1].value == RDF + "type"}
    add(ds, VOID + "classes", integer(len(classes)))
    add(ds, VOID + "uriSpace", lit(minted.base))
    for iri in (HKG, *VOCABULARIES.values()):
        if any(t[1].value.startswith(iri) or (isinstance(t[2], NamedNode) and t[2].value.startswith(iri))
               for t in triples):
            add(ds, VOID + "vocabulary", n(iri))
    for eid in EXAMPLES:
        add(ds, VOID + "exampleResource", n(minted.entity(eid)))
    for file, media in DUMPS.items():
        url = n(minted.base + "download/" + file)
        add(ds, VOID + "dataDump", url)
        dist = n(minted.base + "distribution/" + file.replace(".", "-"))
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", n(DCAT + "Distribution"))
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "mediaType", lit(media))
        add(dist, DCTERMS + "license", n(LICENCE))
    link_predicates = [SKOS + "exactMatch", SKOS + "closeMatch"]
    links = [t for t in triples if t[1].value in link_predicates and t[2].value.startswith(WIKIDATA)
             and t[0].value.startswith(minted.entity_ns)]
    linkset = n(minted.base + "dataset/linkset-wikidata")
    wikidata = n("http://www.wikidata.org/")
    add(ds, VOID + "subset", linkset)
    add(linkset, RDF + "type", n(VOID + "Linkset"))
    add(linkset, DCTERMS + "title", lit("Links to Wikidata items", language="en"))
    add(linkset, VOID + "subjectsTarget", ds)
    add(linkset, VOID + "objectsTarget", wikidata)
    for predicate in sorted({t[1].value for t in links}):
        add(linkset, VOID + "linkPredicate", n(predicate))
    add(linkset, VOID + "triples", integer(len(links)))
    add(wikidata, RDF + "type", n(VOID + "Dataset"))
    add(wikidata, VOID + "uriSpace", lit(WIKIDATA))
    add(wikidata, DCTERMS + "title", lit("Wikidata", language="en"))
    for graph, count in sorted(per_graph.items()):
        sub = n(graph)
        add(ds, VOID + "subset", sub)
        add(sub, RDF + "type", n(VOID + "Dataset"))
        add(sub, VOID + "triples", integer(count))
        source = next((s for s in data.sources.values() if minted.graph(s.id) == graph), None)
        if source:
            add(sub, DCTERMS + "source", n(source.iri))
            add(sub, HKG + "sourceRole", n(HKG + source.role))
            if source.rights:  # the attribution a source asks for (Who's On First, and GeoNames through it)
                add(sub, DCTERMS + "rights", lit(" ".join(source.rights.split()), language="en"))
    return [Triple(*t) for t in out]
