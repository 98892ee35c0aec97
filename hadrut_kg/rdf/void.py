"""The dataset's own description: VoID for triple stores and linkset tools, DCAT-AP 3.0 for catalogues.

VoID counts follow VoID's definitions (void:entities: the distinct IRIs in the uriSpace that are described, i.e.
subjects; void:vocabulary: the namespaces of the properties and classes used). DCAT-AP's mandatory and
recommended classes and properties are all given (checked against SEMIC's SHACL shapes in the tests): access and
download URLs, IANA media-type IRIs and EU file-type formats, licence, description and availability per
distribution; publisher, contact point, keywords, theme, and temporal and spatial coverage computed from the data
(the earliest and latest date bounds, the bounding box of the coordinates)."""

from __future__ import annotations

import hashlib
from collections import Counter

from pyoxigraph import Literal, NamedNode, Quad, Triple

from hadrut_kg import __released__, __version__
from hadrut_kg.curated.loader import Dataset
from hadrut_kg.vocabulary.namespaces import DCAT, DCTERMS, FOAF, HKG, ONTOLOGY_IRI, PROV, RDF, RDFS, SKOS, VOID, WGS84, WIKIDATA, XSD, Minted

LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"
IANA = "http://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DCATAP = "http://data.europa.eu/r5r/"
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
PUBLISHER = "Hadrut KG developers"  # the copyright holder named in LICENSE
# file: (IANA media type, EU file type, what it holds)
DUMPS = {
    "hadrut.ttl": ("text/turtle", "RDF_TURTLE", "The whole dataset in one graph, as Turtle."),
    "hadrut.nt": ("application/n-triples", "RDF_N_TRIPLES", "The whole dataset in one graph, as N-Triples."),
    "hadrut.trig": ("application/trig", "RDF_TRIG", "The dataset as named graphs, one per source, as TriG."),
    "hadrut.jsonld": ("application/ld+json", "JSON_LD", "The whole dataset as compact JSON-LD."),
}
GZIP = IANA + "application/gzip"
SPDX = "http://spdx.org/rdf/terms#"
FIRST_ISSUED = "2026-11-22"  # the first version's day (CHANGELOG.md): dcterms:issued; dcterms:modified is this version's
KEYWORDS = ("Hadrut", "Nagorno-Karabakh", "historical gazetteer", "place names", "administrative history",
            "linked data")
THEME = (EU + "data-theme/REGI", "Regions and cities")
AVAILABILITY = (EU + "planned-availability/EXPERIMENTAL", "experimental")
EXAMPLES = ("hadrut-province", "hadrut-district", "operation-ring", "hadrut")


class _Tally:
    """What the description counts, gathered in one pass over the distinct triples (the counts used to be sets and
    scans of the triples, one per figure: a fifth of a 500k-triple build)."""

    def __init__(self, triples, minted: Minted):
        rdf_type, lat, long = RDF + "type", WGS84 + "lat", WGS84 + "long"
        bounds = {HKG + "earliestDate", HKG + "latestDate"}
        link_predicates = {SKOS + "exactMatch", SKOS + "closeMatch"}
        self.triples = 0
        subjects: set = set()
        predicates: set[str] = set()
        self.classes: set = set()
        self.links = 0
        self.link_predicates: set[str] = set()
        self.dates: list[str] = []
        self.lats: list[float] = []
        self.lons: list[float] = []
        for subject, predicate, obj in triples:
            self.triples += 1
            subjects.add(subject)
            p = predicate.value
            predicates.add(p)
            if p == rdf_type:
                self.classes.add(obj)
            elif p in bounds:
                self.dates.append(obj.value)
            elif p == lat:
                self.lats.append(float(obj.value))
            elif p == long:
                self.lons.append(float(obj.value))
            elif (p in link_predicates and obj.value.startswith(WIKIDATA)
                  and subject.value.startswith(minted.entity_ns)):
                self.links += 1
                self.link_predicates.add(p)
        self.subjects = len(subjects)
        self.entities = sum(1 for s in subjects if isinstance(s, NamedNode) and s.value.startswith(minted.base))
        self.properties = len(predicates)
        self.vocabulary = ({_namespace(p) for p in predicates}
                           | {_namespace(c.value) for c in self.classes if isinstance(c, NamedNode)})


def distributions() -> dict[str, tuple[str, str, str]]:
    """Every dump the description lists: the plain ones and, beside each, its gzip-compressed copy."""
    found = dict(DUMPS)
    for file, (media, file_type, what) in DUMPS.items():
        found[file + ".gz"] = (media, file_type, what[:-1] + ", gzip-compressed.")
    return found


def dist_of(minted: Minted, file: str) -> NamedNode:
    return NamedNode(minted.base + "distribution/" + file.replace(".", "-"))


def file_facts(files: dict[str, bytes], minted: Minted) -> list[Triple]:
    """Each listed dump's size (dcat:byteSize) and SHA-256 (spdx:checksum), from the bytes the build writes."""
    n, out = NamedNode, []
    for file in distributions():
        body = files[file]
        dist, checksum = dist_of(minted, file), n(dist_of(minted, file).value + "/sha256")
        out += [Triple(dist, n(DCAT + "byteSize"), Literal(str(len(body)), datatype=n(XSD + "nonNegativeInteger"))),
                Triple(dist, n(SPDX + "checksum"), checksum),
                Triple(checksum, n(RDF + "type"), n(SPDX + "Checksum")),
                Triple(checksum, n(SPDX + "algorithm"), n(SPDX + "checksumAlgorithm_sha256")),
                Triple(checksum, n(SPDX + "checksumValue"),
                       Literal(hashlib.sha256(body).hexdigest(), datatype=n(XSD + "hexBinary")))]
    return out


def describe(quads: list[Quad], data: Dataset, minted: Minted, triples=None) -> list[Triple]:
    """VoID/DCAT triples for the union of `quads` (which must hold the ontology graph too); `triples`: that union,
    each triple once (publish.triples_of), if the caller has it already."""
    n, lit = NamedNode, Literal
    ds = n(minted.dataset)
    tally = _Tally(triples if triples is not None else {(q.subject, q.predicate, q.object) for q in quads}, minted)
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
    add(ds, DCTERMS + "issued", lit(FIRST_ISSUED, datatype=n(XSD + "date")))
    add(ds, DCTERMS + "modified", lit(__released__, datatype=n(XSD + "date")))
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
    add(ds, VOID + "triples", integer(tally.triples))
    add(ds, VOID + "entities", integer(tally.entities))
    add(ds, VOID + "distinctSubjects", integer(tally.subjects))
    add(ds, VOID + "properties", integer(tally.properties))
    add(ds, VOID + "classes", integer(len(tally.classes)))
    add(ds, VOID + "uriSpace", lit(minted.base))
    for namespace in sorted(tally.vocabulary):
        add(ds, VOID + "vocabulary", n(namespace))
    _dcat_ap(add, ds, tally, minted)
    for eid in EXAMPLES:
        add(ds, VOID + "exampleResource", n(minted.entity(eid)))
    for file, (media, file_type, what) in distributions().items():
        url = n(minted.base + "download/" + file)
        if not file.endswith(".gz"):
            add(ds, VOID + "dataDump", url)
        else:
            add(dist_of(minted, file), DCAT + "compressFormat", n(GZIP))
            add(n(GZIP), RDF + "type", n(DCTERMS + "MediaType"))
        dist = dist_of(minted, file)
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", n(DCAT + "Distribution"))
        add(dist, DCAT + "accessURL", url)
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "mediaType", n(IANA + media))
        add(n(IANA + media), RDF + "type", n(DCTERMS + "MediaType"))
        add(dist, DCTERMS + "format", n(EU + "file-type/" + file_type))
        add(n(EU + "file-type/" + file_type), RDF + "type", n(DCTERMS + "MediaTypeOrExtent"))
        add(dist, DCTERMS + "description", lit(what, language="en"))
        add(dist, DCTERMS + "license", n(LICENCE))
        add(dist, DCATAP + "availability", n(AVAILABILITY[0]))
    linkset = n(minted.base + "dataset/linkset-wikidata")
    wikidata = n("http://www.wikidata.org/")
    add(ds, VOID + "subset", linkset)
    add(linkset, RDF + "type", n(VOID + "Linkset"))
    add(linkset, DCTERMS + "title", lit("Links to Wikidata items", language="en"))
    add(linkset, VOID + "subjectsTarget", ds)
    add(linkset, VOID + "objectsTarget", wikidata)
    for predicate in sorted(tally.link_predicates):
        add(linkset, VOID + "linkPredicate", n(predicate))
    add(linkset, VOID + "triples", integer(tally.links))
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
                rights = n(minted.rights(source.id))  # a dcterms:RightsStatement, as in the dataset
                add(sub, DCTERMS + "rights", rights)
                add(rights, RDF + "type", n(DCTERMS + "RightsStatement"))
                add(rights, RDFS + "label", lit(" ".join(source.rights.split()), language="en"))
    return [Triple(*t) for t in out]


def _namespace(iri: str) -> str:
    """The namespace of a term: its IRI up to the last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _dcat_ap(add, ds: NamedNode, tally: _Tally, minted: Minted) -> None:
    """DCAT-AP's recommended dataset properties: publisher, contact point, keywords, theme, temporal and spatial
    coverage (both computed from the data)."""
    n, lit = NamedNode, Literal
    publisher = n(minted.base + "dataset/publisher")
    add(ds, DCTERMS + "publisher", publisher)
    add(publisher, RDF + "type", n(FOAF + "Agent"))
    add(publisher, RDF + "type", n(DCTERMS + "Agent"))  # dcterms:publisher's range
    add(publisher, FOAF + "name", lit(PUBLISHER))
    contact = n(minted.base + "dataset/contact-point")
    add(ds, DCAT + "contactPoint", contact)
    add(contact, RDF + "type", n(VCARD + "Organization"))
    add(contact, VCARD + "fn", lit(PUBLISHER))
    add(contact, VCARD + "hasURL", n(minted.base))
    for keyword in KEYWORDS:
        add(ds, DCAT + "keyword", lit(keyword, language="en"))
    for iri, label in (THEME, AVAILABILITY):
        add(n(iri), RDF + "type", n(SKOS + "Concept"))
        add(n(iri), SKOS + "prefLabel", lit(label, language="en"))
    add(ds, DCAT + "theme", n(THEME[0]))
    dates = tally.dates
    if dates:
        period = n(minted.base + "dataset/temporal-coverage")
        add(ds, DCTERMS + "temporal", period)
        add(period, RDF + "type", n(DCTERMS + "PeriodOfTime"))
        add(period, DCAT + "startDate", lit(min(dates), datatype=n(XSD + "date")))
        add(period, DCAT + "endDate", lit(max(dates), datatype=n(XSD + "date")))
    lats, lons = tally.lats, tally.lons
    if lats and lons:
        area = n(minted.base + "dataset/spatial-coverage")
        add(ds, DCTERMS + "spatial", area)
        add(area, RDF + "type", n(DCTERMS + "Location"))
        w, e, s_, n_ = min(lons), max(lons), min(lats), max(lats)
        ring = f"{w} {s_}, {e} {s_}, {e} {n_}, {w} {n_}, {w} {s_}"
        add(area, DCAT + "bbox", lit(f"POLYGON(({ring}))", datatype=n(WKT)))
        add(area, DCAT + "centroid", lit(f"POINT({round((w + e) / 2, 6)} {round((s_ + n_) / 2, 6)})",
                                         datatype=n(WKT)))
