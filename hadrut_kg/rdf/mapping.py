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
from hadrut_kg.curated.names import spelling_key
from hadrut_kg.vocabulary.namespaces import DCTERMS, EDTF_DATATYPE, GEO, HKG, PROV, RDF, RDFS, SKOS, WGS84, XSD, Minted
from hadrut_kg.vocabulary.ontology import Ontology, load_ontology


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _typed(value: str, xsd_type: str) -> Literal:
    return Literal(value, datatype=_n(XSD + xsd_type))


# skos:prefLabel per language tag. First the name's best source: a seed's beats a secondary source's, which beats a
# gazetteer's (and among a gazetteer's, one spelled as another source spells a name of the same resource, in any
# script, beats one no other source gives). Then its kind: official, else native, else one given plainly, …; among
# equals, the first in the data. A name the data marks as a spelling variant of another name in the same language
# (variant_of: Kohne Taglar of Köhnə Tağlar, Xocavend of Xocavənd rayonu) gives way to that name. A misspelling is
# never preferred: it is a skos:hiddenLabel.
PREFERENCE = ("official", "native", "common", "variant", "transliteration", "historical", "translation",
              "abbreviation")
SOURCE_TIER = {"seed": 0, "secondary": 1, "gazetteer": 2}
HIDDEN = "misspelling"


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
            self.add(g, doc, DCTERMS + "publisher", Literal(src.publisher))
            if src.licence:
                self.add(g, doc, DCTERMS + "license", _n(src.licence))
            if src.rights:
                self.add(g, doc, DCTERMS + "rights", _en(src.rights))
            if src.issued:
                self.add(g, doc, DCTERMS + "issued", _typed(src.issued, "date"))
            if src.read_on:
                self.add(g, doc, HKG + "readOn", _typed(src.read_on, "date"))
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
                for cite in cites:
                    self.add(g, node, PROV + "wasDerivedFrom", self.section(cite))
            best = self.preferred_names(ent.names)
            for name in ent.names:
                self.name(node, name, "prefLabel" if best.get(name.lang) is name
                          else "hiddenLabel" if name.kind == HIDDEN else "altLabel")

    def tier(self, name: Name) -> int:
        """0 for a name a seed gives, 1 for a secondary source's, 2 for a gazetteer's only."""
        return min(SOURCE_TIER.get(self.data.sources[c.source].role, 1) for c in name.cites)

    def preferred_names(self, names: list[Name]) -> dict[str, Name]:
        """The skos:prefLabel of each language tag (see PREFERENCE); a tag with only misspellings has none."""
        others = {spelling_key(n.text) for n in names if self.tier(n) < SOURCE_TIER["gazetteer"]}
        best: dict[str, tuple[tuple[int, int, int, int], Name]] = {}
        for order, name in enumerate(names):
            if name.kind == HIDDEN:
                continue
            tier = self.tier(name)
            unsupported = int(tier == SOURCE_TIER["gazetteer"] and spelling_key(name.text) not in others)
            rank = (tier, unsupported, PREFERENCE.index(name.kind), order)
            if name.lang not in best or rank < best[name.lang][0]:
                best[name.lang] = (rank, name)
        chosen = {lang: name for lang, (_, name) in best.items()}
        by_text = {(n.lang, n.text): n for n in names if n.kind != HIDDEN}
        for lang, name in chosen.items():
            seen = {name.text}
            while name.variant_of and (lang, name.variant_of) in by_text and name.variant_of not in seen:
                name = by_text[(lang, name.variant_of)]  # the data says it is a spelling of that name
                seen.add(name.text)
            chosen[lang] = name
        return chosen

    def name(self, owner: NamedNode, name: Name, label: str) -> None:
        node = _n(self.m.name(name.slug))
        text = Literal(name.text, language=name.lang)
        for g, cites in self.by_graph(name.cites).items():
            self.add(g, owner, HKG + "hasName", node)
            self.add(g, owner, SKOS + label, text)
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
