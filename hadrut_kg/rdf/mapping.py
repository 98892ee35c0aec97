"""Map the loaded records to RDF quads: one named graph per source document, plus one for the source registry.

Each fact becomes a statement node (rdf:subject/predicate/object, qualifiers, prov:wasDerivedFrom the section)
and a plain triple; each name a name node plus skos:prefLabel/altLabel. A fact citing two documents is written
into both documents' graphs, each graph naming only its own sections, so every graph stands on its own source.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from hadrut_kg.chronology.containment import Path, containment_paths
from hadrut_kg.chronology.derive import WRITING, Chronology, Window
from hadrut_kg.curated.dates import DateValue
from hadrut_kg.curated.loader import Citation, Dataset, Fact, Name, Value
from hadrut_kg.curated.names import spelling_key
from hadrut_kg.vocabulary.namespaces import DCTERMS, EDTF_DATATYPE, FOAF, GEO, HKG, PROV, RDF, RDFS, SKOS, WGS84, XSD, Minted
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


# Relations whose plain triple would claim the whole subject: a statement holding for only part of it (hkg:appliesToPart)
# is published as the statement alone. What a plain triple of these means: docs/modelling.md, "Plain triples".
PART_SENSITIVE = {"partOf", "administeredBy", "controlledBy", "claimedBy", "locatedIn"}
# Qualifiers without which a value would say something else ("more than 340", "nearly 30%", of another place):
# such a statement has no plain triple either.
WHOLE_VALUE = {"comparator", "appliesToPlace"}


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
            if src.issued:
                self.add(g, doc, DCTERMS + "issued", _typed(src.issued, "date"))
            self.add(g, doc, HKG + "sourceRole", _n(HKG + src.role))
            self.add(g, doc, DCTERMS + "identifier", Literal(src.id))
            if src.file:
                self.add(g, doc, HKG + "localFile", Literal(src.file))
            if src.copied:
                self.add(g, doc, HKG + "copiedOn", _typed(src.copied, "date"))
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
            plain = not ((fact.prop in PART_SENSITIVE and "appliesToPart" in fact.qualifiers)
                         or any(q in fact.qualifiers for q in WHOLE_VALUE))
            for g, cites in self.by_graph(fact.cites).items():
                obj = self.term(g, fact.obj, rng, fact)
                if plain:  # a plain triple must be true of the whole subject without its qualifiers
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
        """A bound rests on statements (fact ids), on a source's writing time (the source document) or, for a
        name's own stated dates, on the name."""
        if key.startswith(WRITING):
            return _n(self.data.sources[key[len(WRITING):]].iri)
        return _n(self.m.statement(key) if key in self.fact_ids else self.m.name(key))

    def bounds(self, owner: NamedNode, prop: str, slug: str, window: Window,
               according_to: NamedNode | None = None) -> None:
        g = _n(self.m.graph("chronology"))
        if not window.known():
            return
        node = _n(self.m.bounds(slug))
        self.add(g, owner, HKG + prop, node)
        self.add(g, node, RDF + "type", _n(HKG + "TimeBounds"))
        if according_to is not None:
            self.add(g, node, HKG + "accordingTo", according_to)
        for side, bound in (("earliest", window.earliest), ("latest", window.latest)):
            if bound is None:
                continue
            self.add(g, node, HKG + side + "Date", _typed(bound.day, "date"))
            basis = {"writing": "writingBound"}.get(bound.kind, bound.kind)
            self.add(g, node, HKG + side + "Basis", _n(HKG + basis))
            for key in sorted(bound.basis):
                self.add(g, node, HKG + side + "From", self.basis_node(key))

    def chronology(self) -> None:
        chron = self.chron
        self.fact_ids = {f.id for f in self.data.facts}
        graph = _n(self.m.graph("chronology"))
        for eid, window in chron.events.items():
            self.bounds(self.entity(eid), "timeBounds", f"{eid}--time", window)
            self.add(graph, self.entity(eid), HKG + "chronologicalRank", _typed(str(chron.rank[eid]), "integer"))
        for sid, windows in chron.source_events.items():
            doc = _n(self.data.sources[sid].iri)
            for eid in sorted(windows):
                self.bounds(self.entity(eid), "sourceTimeBounds", f"{eid}--time--{sid}", windows[eid], doc)
        for sid, window in chron.writing.items():
            self.bounds(_n(self.data.sources[sid].iri), "writingWindow", f"source-{sid}--written", window)
        names = {n.slug for ent in self.data.entities.values() for n in ent.names}
        for prop, table, suffix in (("startBounds", chron.starts, "start"), ("endBounds", chron.ends, "end"),
                                    ("combinedStartBounds", chron.combined_starts, "combined-start"),
                                    ("combinedEndBounds", chron.combined_ends, "combined-end")):
            for key, window in table.items():
                owner = _n(self.m.name(key) if key in names and key not in self.fact_ids else self.m.statement(key))
                self.bounds(owner, prop, f"{key}--{suffix}", window)
        self.paths(graph)

    def paths(self, graph: NamedNode) -> None:
        """The containment paths question 3 answers through (chronology.containment), each with its window, in the
        views it holds for (hkg:pathView) and, in the source view, for the rows of which documents
        (hkg:pathSource): a path walked alike for several is published once."""
        facts = {f.id: f for f in self.data.facts}
        seen: dict[str, int] = {}
        published: dict[str, NamedNode] = {}  # a path (its repr: places, statements, windows) -> its node
        walks = [("source", sid) for sid in sorted(self.data.sources)] + [("combined", None)]
        for view, sid in walks:
            for path in containment_paths(self.data, self.chron, view, sid):
                node = published.get(repr(path))
                if node is None:
                    node = published[repr(path)] = self.path(graph, path, facts, seen)
                self.add(graph, node, HKG + "pathView", Literal(view))
                if sid is not None:
                    self.add(graph, node, HKG + "pathSource", _n(self.data.sources[sid].iri))

    def path(self, graph: NamedNode, path: Path, facts: dict[str, Fact], seen: dict[str, int]) -> NamedNode:
        slug = f"{path.origin}--via--" + "--".join(s.place for s in path.steps)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug += f"--{seen[slug]}"
        node = _n(self.m.bounds("path--" + slug))
        self.add(graph, node, RDF + "type", _n(HKG + "ContainmentPath"))
        self.add(graph, node, HKG + "pathFrom", self.entity(path.origin))
        self.add(graph, node, HKG + "pathTo", self.entity(path.target))
        self.add(graph, node, HKG + "pathKind", Literal(path.kind))
        self.add(graph, node, HKG + "viaText", _en(self.via_text(path, facts)))
        for step in path.steps:
            for sid in step.statements:
                self.add(graph, node, HKG + "pathStatement", _n(self.m.statement(sid)))
        for sid in path.undated:
            self.add(graph, node, HKG + "undatedStep", _n(self.m.statement(sid)))
        if path.start:
            self.bounds(node, "startBounds", f"path--{slug}--start", path.start)
        if path.end:
            self.bounds(node, "endBounds", f"path--{slug}--end", path.end)
        return node

    def via_text(self, path: Path, facts: dict[str, Fact]) -> str:
        words = {"in": "in", "predecessor": "predecessor", "successor": "successor", "contains": "contains"}
        parts = []
        for step in path.steps:
            props = sorted({self.onto_label(facts[s].prop) for s in step.statements})
            cites = sorted({str(c) for s in step.statements for c in facts[s].cites})
            parts.append(f"{words[step.relation]} {self.data.entities[step.place].label} "
                         f"({', '.join(props)}: {'; '.join(cites)})")
        return " › ".join(parts)

    def onto_label(self, prop: str) -> str:
        return {"partOf": "part of", "locatedIn": "located in", "capital": "capital",
                "succeeds": "succeeds", "administeredBy": "administered by"}.get(prop, prop)


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
