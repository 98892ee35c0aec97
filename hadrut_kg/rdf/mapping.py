"""Map the loaded records to RDF quads: one named graph per source document, plus one for the source registry.

Each fact becomes a statement node (rdf:subject/predicate/object, qualifiers, prov:wasDerivedFrom the section)
and a plain triple; each name a name node plus skos:prefLabel/altLabel. A fact citing two documents is written
into both documents' graphs, each graph naming only its own sections, so every graph stands on its own source.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from hadrut_kg.chronology.derive import Chronology, Window
from hadrut_kg.curated.dates import DateValue
from hadrut_kg.curated.loader import Citation, Dataset, Fact, Name, Value
from hadrut_kg.vocabulary.namespaces import DCTERMS, EDTF_DATATYPE, FOAF, GEO, HKG, PROV, RDF, RDFS, SKOS, WGS84, XSD, Minted
from hadrut_kg.vocabulary.ontology import Ontology, load_ontology


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _typed(value: str, xsd_type: str) -> Literal:
    return Literal(value, datatype=_n(XSD + xsd_type))


# skos:prefLabel per language: the name a source gives as official, else native, else one given plainly, …
PREFERENCE = ("official", "native", "common", "variant", "transliteration", "historical", "translation",
              "abbreviation")


def _decimal(value: int | float) -> Literal:
    text = f"{value}.0" if isinstance(value, int) else repr(value)
    return _typed(text, "decimal")


class _Mapper:
    def __init__(self, data: Dataset, minted: Minted, onto: Ontology, chron: Chronology | None):
        self.data, self.m, self.onto, self.chron = data, minted, onto, chron
        self.quads: set[Quad] = set()

    def add(self, graph: NamedNode, s, p: str, o) -> None:
        self.quads.add(Quad(s, _n(p), o, graph))

    def graph(self, source: str) -> NamedNode:
        return _n(self.m.graph(source))

    def section(self, cite: Citation) -> NamedNode:
        return _n(self.m.section(cite.source, cite.section))

    def by_graph(self, cites: list[Citation]) -> dict[NamedNode, list[Citation]]:
        groups: dict[NamedNode, list[Citation]] = {}
        for cite in cites:
            groups.setdefault(self.graph(cite.source), []).append(cite)
        return groups

    def entity(self, eid: str) -> NamedNode:
        return _n(self.m.entity(eid))

    # ---------- values ----------
    def date(self, graph: NamedNode, date: DateValue) -> NamedNode:
        node = _n(self.m.date(date.edtf))
        self.add(graph, node, RDF + "type", _n(HKG + "DateValue"))
        self.add(graph, node, RDFS + "label", Literal(date.edtf))
        self.add(graph, node, HKG + "edtf", Literal(date.edtf, datatype=_n(EDTF_DATATYPE)))
        for bound, prop in ((date.earliest, "earliest"), (date.latest, "latest")):
            if bound:
                self.add(graph, node, HKG + prop, _typed(bound.lexical, bound.xsd_type))
                self.add(graph, node, HKG + prop + "Date", _typed(bound.day, "date"))
        return node

    def term(self, graph: NamedNode, value: Value, spec_range: str | None, fact: Fact):
        kind, v = value.kind, value.value
        if kind == "entity":
            return self.entity(v)
        if kind == "concept":
            return _n(self.onto.concepts[spec_range][v])
        if kind == "date":
            return self.date(graph, v)
        if kind == "iri":
            return _n(v)
        if kind == "name":
            return _n(self.m.name(self.data.names[v].slug))
        if kind == "statement":
            return _n(self.m.statement(v))
        if kind == "integer":
            return _typed(str(v), "integer")
        if kind == "decimal":
            return _decimal(v)
        if kind == "xsd-date":
            return _typed(v, "date")
        if kind == "coordinates":
            lat, lon, _ = v
            node = _n(self.m.geometry(f"{fact.subject}--{fact.cites[0].source}"))
            self.add(graph, node, RDF + "type", _n(GEO + "Geometry"))
            self.add(graph, node, GEO + "asWKT", Literal(f"POINT({lon} {lat})", datatype=_n(GEO + "wktLiteral")))
            self.add(graph, node, WGS84 + "lat", _decimal(lat))
            self.add(graph, node, WGS84 + "long", _decimal(lon))
            return node
        return _en(v)  # text

    # ---------- records ----------
    def sources(self) -> None:
        g = _n(self.m.graph("sources"))
        for src in self.data.sources.values():
            doc = _n(src.iri)
            self.add(g, doc, RDF + "type", _n(HKG + "SourceDocument"))
            self.add(g, doc, DCTERMS + "title", _en(src.title))
            publisher = _n(self.m.publisher(src.publisher))  # dcterms:publisher's range is dcterms:Agent
            self.add(g, doc, DCTERMS + "publisher", publisher)
            self.add(g, publisher, RDF + "type", _n(DCTERMS + "Agent"))
            self.add(g, publisher, RDF + "type", _n(FOAF + "Agent"))
            self.add(g, publisher, FOAF + "name", Literal(src.publisher))
            self.add(g, publisher, RDFS + "label", _en(src.publisher))
            if src.licence:
                self.add(g, doc, DCTERMS + "license", _n(src.licence))
            if src.rights:  # dcterms:rights's range is dcterms:RightsStatement
                rights = _n(self.m.rights(src.id))
                self.add(g, doc, DCTERMS + "rights", rights)
                self.add(g, rights, RDF + "type", _n(DCTERMS + "RightsStatement"))
                self.add(g, rights, RDFS + "label", _en(" ".join(src.rights.split())))
            self.add(g, doc, HKG + "sourceRole", _n(HKG + src.role))
            self.add(g, doc, DCTERMS + "identifier", Literal(src.id))
            if src.file:
                self.add(g, doc, HKG + "localFile", Literal(src.file))
            for sid, (title, note) in src.sections.items():
                sec = _n(self.m.section(src.id, sid))
                self.add(g, sec, RDF + "type", _n(HKG + "SourceSection"))
                self.add(g, sec, DCTERMS + "isPartOf", doc)
                self.add(g, sec, DCTERMS + "title", _en(title))
                self.add(g, sec, HKG + "sectionId", Literal(f"{src.id}/{sid}"))
                if note:
                    self.add(g, sec, RDFS + "comment", _en(" ".join(note.split())))

    def entities(self) -> None:
        for ent in self.data.entities.values():
            node = self.entity(ent.id)
            for g, cites in self.by_graph(ent.cites).items():
                self.add(g, node, RDF + "type", _n(self.onto.classes[ent.cls]))
                self.add(g, node, RDFS + "label", _en(ent.label))
                for cite in cites:  # a place, agent or event is described by the section, not derived from it
                    self.add(g, node, DCTERMS + "isReferencedBy", self.section(cite))
            best: dict[str, Name] = {}
            for name in ent.names:
                held = best.get(name.lang)
                if held is None or PREFERENCE.index(name.kind) < PREFERENCE.index(held.kind):
                    best[name.lang] = name
            for name in ent.names:
                self.name(node, name, best[name.lang] is name)

    def name(self, owner: NamedNode, name: Name, preferred: bool) -> None:
        node = _n(self.m.name(name.slug))
        text = Literal(name.text, language=name.lang)
        for g, cites in self.by_graph(name.cites).items():
            self.add(g, owner, HKG + "hasName", node)
            self.add(g, owner, SKOS + ("prefLabel" if preferred else "altLabel"), text)
            self.add(g, node, RDF + "type", _n(HKG + "Name"))
            self.add(g, node, HKG + "nameText", text)
            self.add(g, node, HKG + "script", Literal(name.script))
            self.add(g, node, HKG + "nameKind", _n(HKG + name.kind))
            if name.start:
                self.add(g, node, HKG + "nameStart", self.date(g, name.start))
            if name.end:
                self.add(g, node, HKG + "nameEnd", self.date(g, name.end))
            if name.start_event:
                self.add(g, node, HKG + "nameStartEvent", self.entity(name.start_event))
            if name.end_event:
                self.add(g, node, HKG + "nameEndEvent", self.entity(name.end_event))
            if name.variant_of:
                other = self.data.names[f"{name.entity} {name.lang} {name.variant_of}"]
                self.add(g, node, HKG + "variantOf", _n(self.m.name(other.slug)))
            if name.note:
                self.add(g, node, HKG + "note", _en(name.note))
            for cite in cites:
                self.add(g, node, PROV + "wasDerivedFrom", self.section(cite))

    def facts(self) -> None:
        for fact in self.data.facts:
            if fact.prop == "coordinates":
                pred, rng = GEO + "hasGeometry", None
            elif fact.prop in ("exactMatch", "closeMatch"):
                pred, rng = SKOS + fact.prop, None
            else:
                spec = self.onto.properties[fact.prop]
                pred, rng = spec.iri, spec.range
            subject = self.entity(fact.subject)
            node = _n(self.m.statement(fact.id))
            for g, cites in self.by_graph(fact.cites).items():
                obj = self.term(g, fact.obj, rng, fact)
                self.add(g, subject, pred, obj)
                self.add(g, node, RDF + "type", _n(HKG + "Statement"))
                self.add(g, node, RDF + "subject", subject)
                self.add(g, node, RDF + "predicate", _n(pred))
                self.add(g, node, RDF + "object", obj)
                for qprop, qvalue in fact.qualifiers.items():
                    qspec = self.onto.properties[qprop]
                    self.add(g, node, qspec.iri, self.term(g, qvalue, qspec.range, fact))
                for cite in cites:
                    self.add(g, node, PROV + "wasDerivedFrom", self.section(cite))


    # ---------- derived time ----------
    def basis_node(self, key: str) -> NamedNode:
        """A bound rests on statements (fact ids) or, for a name's own stated dates, on the name."""
        return _n(self.m.statement(key) if key in self.fact_ids else self.m.name(key))

    def bounds(self, owner: NamedNode, prop: str, slug: str, window: Window) -> None:
        g = _n(self.m.graph("chronology"))
        if not window.known():
            return
        node = _n(self.m.bounds(slug))
        self.add(g, owner, HKG + prop, node)
        self.add(g, node, RDF + "type", _n(HKG + "TimeBounds"))
        for side, bound in (("earliest", window.earliest), ("latest", window.latest)):
            if bound is None:
                continue
            self.add(g, node, HKG + side + "Date", _typed(bound.day, "date"))
            self.add(g, node, HKG + side + "Basis", _n(HKG + ("derived" if bound.derived else "stated")))
            for key in sorted(bound.basis):
                self.add(g, node, HKG + side + "From", self.basis_node(key))

    def chronology(self) -> None:
        chron = self.chron
        self.fact_ids = {f.id for f in self.data.facts}
        graph = _n(self.m.graph("chronology"))
        for eid, window in chron.events.items():
            self.bounds(self.entity(eid), "timeBounds", f"{eid}--time", window)
            self.add(graph, self.entity(eid), HKG + "chronologicalRank", _typed(str(chron.rank[eid]), "integer"))
        names = {n.slug for ent in self.data.entities.values() for n in ent.names}
        for prop, table, suffix in (("startBounds", chron.starts, "start"), ("endBounds", chron.ends, "end")):
            for key, window in table.items():
                owner = _n(self.m.name(key) if key in names and key not in self.fact_ids else self.m.statement(key))
                self.bounds(owner, prop, f"{key}--{suffix}", window)


def map_dataset(data: Dataset, minted: Minted, onto: Ontology | None = None,
                chron: Chronology | None = None) -> set[Quad]:
    """All quads of the data, the source registry and (given a chronology) the derived time bounds; the ontology
    graph is added when publishing."""
    mapper = _Mapper(data, minted, onto or load_ontology(), chron)
    mapper.sources()
    mapper.entities()
    mapper.facts()
    if chron is not None:
        mapper.chronology()
    return mapper.quads
