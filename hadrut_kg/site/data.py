"""The built dataset as the pages and documents read it: one pyoxigraph store whose default graph holds every
triple of `hadrut.nt` and of `void.ttl` (the dataset's own description, its graphs and distributions), the base
IRI that maps onto the site's root, and a readable label for any IRI.

Labels come from the data (rdfs:label, then skos:prefLabel, then dcterms:title); resources the data gives no label
(statements, names, time bounds, points, sections) get one composed from their own triples, and other
vocabularies' terms their local name — never a fact the data does not hold.
"""

from __future__ import annotations

import os
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.queries.embedded import require_built
from hadrut_kg.vocabulary.namespaces import DCTERMS, FOAF, HKG, ONTOLOGY_IRI, RDF, RDFS, SKOS, Minted
from hadrut_kg.queries.catalogue import QueryError
from hadrut_kg.site.downloads import Download, by_path, per_place

LABEL, PREF, TITLE = ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel"), ox.NamedNode(DCTERMS + "title")
DEFAULT = ox.DefaultGraph()
# Every file the site offers for download (routes.DUMPS), opened once: the dumps, their gzip copies, the VoID, the
# ontology, its alignment and both shapes files.
DUMP_FILES = ("hadrut.ttl", "hadrut.nt", "hadrut.jsonld", "hadrut.trig", "void.ttl", "ontology.ttl", "shapes.ttl",
              "shapes-sparql.ttl", "wikidata-alignment.ttl",
              *(f"hadrut.{ext}.gz" for ext in ("ttl", "nt", "jsonld", "trig")))
OUTSIDE = {  # how other sites' identifiers are named, when the data gives no label for them
    "http://www.wikidata.org/entity/": "Wikidata item {}",
    "https://sws.geonames.org/": "GeoNames feature {}",
    "https://spelunker.whosonfirst.org/id/": "Who's On First record {}",
}
LICENCES = {"https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/3.0/": "CC BY-SA 3.0",
            "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0"}


def _value(term) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


class SiteData:
    """The built dataset, read once; every lookup is a triple pattern on the default graph."""

    def __init__(self, dist: Path, base: str):
        dist = require_built(Path(dist))
        if not (dist / "void.ttl").exists() or not (dist / "ontology.ttl").exists():
            raise QueryError(f"no void.ttl or ontology.ttl in {dist}; run `hadrut-kg build` first")
        self.dist, self.minted, self.base = dist, Minted(base), base
        # The dumps as they are now, held open: a rebuild swaps the folder (a rename), so these stay the files the
        # pages below are rendered from — one snapshot, whatever the folder holds later.
        self.dumps: dict[str, int] = {}
        for name in DUMP_FILES:
            if (dist / name).is_file():
                self.dumps[name] = os.open(dist / name, os.O_RDONLY)
        self.store = ox.Store()
        self.store.bulk_load(path=str(dist / "hadrut.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=DEFAULT)
        self.store.bulk_load(path=str(dist / "void.ttl"), format=ox.RdfFormat.TURTLE, to_graph=DEFAULT)
        # Every page and document labels its neighbours, so the same labels are asked for thousands of times (two
        # thirds of writing the site); the store does not change once loaded, so they are remembered — bounded,
        # as `serve` looks up the IRIs that requests name.
        self.stored_labels = lru_cache(maxsize=1 << 16)(self._stored_labels)
        self.label = lru_cache(maxsize=1 << 16)(self._label)

    @cached_property
    def modified(self) -> float:
        """When the dataset read here was built (its N-Triples dump's time): every page's and document's
        Last-Modified."""
        fd = self.dumps.get("hadrut.nt")
        return os.fstat(fd).st_mtime if fd is not None else (self.dist / "hadrut.nt").stat().st_mtime

    def dump(self, name: str) -> bytes:
        """A whole dump as it was when this dataset was read (see __init__)."""
        fd = self.dumps[name]
        size = os.fstat(fd).st_size
        return os.pread(fd, size, 0)

    @cached_property
    def downloads(self) -> dict[str, list[Download]]:
        """Each place's GeoJSON, Linked Places and CSV files (downloads.py), by the place's IRI; made once, from
        this snapshot of the dataset."""
        return per_place(self.store)

    @cached_property
    def download_files(self) -> dict[str, Download]:
        return by_path(self.downloads)

    # --- triples -------------------------------------------------------------------------------------------
    def out(self, iri: str, predicate: str | None = None) -> list[ox.Triple]:
        p = ox.NamedNode(predicate) if predicate else None
        return [q.triple for q in self.store.quads_for_pattern(ox.NamedNode(iri), p, None, DEFAULT)]

    def into(self, iri: str, predicate: str | None = None) -> list[ox.Triple]:
        p = ox.NamedNode(predicate) if predicate else None
        return [q.triple for q in self.store.quads_for_pattern(None, p, ox.NamedNode(iri), DEFAULT)]

    def objects(self, iri: str, predicate: str) -> list:
        return sorted((t.object for t in self.out(iri, predicate)), key=str)

    def first(self, iri: str, predicate: str) -> str | None:
        found = self.objects(iri, predicate)
        return _value(found[0]) if found else None

    # --- resources -----------------------------------------------------------------------------------------
    @cached_property
    def resources(self) -> list[str]:
        """Every IRI under the base the data describes (is the subject of a triple), except the ontology and its
        terms (the ontology's documents describe them); its version IRI is not a subject, and a mapping file's
        own IRI (ontology/wikidata-alignment) is a resource like any other."""
        found = {q.subject.value for q in self.store.quads_for_pattern(None, None, None, DEFAULT)
                 if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(self.base)}
        return sorted(i for i in found if not (i == ONTOLOGY_IRI or i.startswith(ONTOLOGY_IRI + "#")))

    @cached_property
    def regions(self) -> dict:
        """The district outlines of Who's On First (paths.REGIONS_FILE), read once for the time map, the links to
        it and the mini-maps; an empty collection when the file is absent."""
        from hadrut_kg.exports.map import read_regions
        from hadrut_kg.paths import REGIONS_FILE

        return read_regions(REGIONS_FILE)

    @cached_property
    def on_the_map(self) -> frozenset[str]:
        """The ids the time map draws (hadrut_kg.timemap.data.drawn): a page links to the map only at those."""
        from hadrut_kg.timemap.data import drawn

        return drawn(self.store, self.regions)

    @cached_property
    def resource_set(self) -> frozenset[str]:
        return frozenset(self.resources)

    @cached_property
    def ontology_version(self) -> str | None:
        return self.first(ONTOLOGY_IRI, "http://www.w3.org/2002/07/owl#versionIRI")

    def kind(self, iri: str) -> str:
        """The IRI's folder under the base (id, name, statement, …), or '' outside it."""
        if not iri.startswith(self.base):
            return ""
        rest = iri[len(self.base):]
        return rest.split("/", 1)[0] if "/" in rest else rest

    def types(self, iri: str) -> list[str]:
        return [_value(o) for o in self.objects(iri, RDF + "type")]

    # --- labels --------------------------------------------------------------------------------------------
    def _stored_labels(self, iri: str) -> tuple[ox.Literal, ...]:
        """The data's own rdfs:label values, else its skos:prefLabel, else its dcterms:title values (as
        `stored_labels`, remembered)."""
        for predicate in (LABEL, PREF, TITLE):
            found = [q.object for q in self.store.quads_for_pattern(ox.NamedNode(iri), predicate, None, DEFAULT)
                     if isinstance(q.object, ox.Literal)]
            if found:
                return tuple(sorted(found, key=str))
        return ()

    def _label(self, iri: str) -> str:
        """One readable label: the data's (English first), else one composed from the resource's triples."""
        found = self.stored_labels(iri) if self.kind(iri) != "source-section" else []
        if found:
            english = [x for x in found if x.language in ("en", None)]
            return (english or found)[0].value
        return self.composed_label(iri)

    def composed_label(self, iri: str) -> str:
        kind = self.kind(iri)
        if kind == "name":
            text = self.first(iri, HKG + "nameText")
            if text:
                return text
        if kind == "statement":
            s, p = self.first(iri, RDF + "subject"), self.first(iri, RDF + "predicate")
            objects = self.objects(iri, RDF + "object")
            if s and p and objects:
                o = objects[0]
                shown = self.label(o.value) if isinstance(o, ox.NamedNode) else o.value
                return f"statement: {self.label(s)} — {self.label(p)} — {shown}"
        if kind == "source-section":
            doc, title = self.first(iri, DCTERMS + "isPartOf"), self.first(iri, DCTERMS + "title")
            if doc and title:
                agent = self.first(doc, DCTERMS + "publisher")
                publisher = self.first(agent, FOAF + "name") if agent else None
                return f"{publisher + ': ' if publisher else ''}{self.label(doc)}, section “{title}”"
        if kind == "geometry":
            wkt = self.first(iri, "http://www.opengis.net/ont/geosparql#asWKT")
            if wkt:
                return f"point {wkt}"
        if kind == "bounds":
            early, late = self.first(iri, HKG + "earliestDate"), self.first(iri, HKG + "latestDate")
            return f"time bounds: from {early or 'an unknown day'} to {late or 'an unknown day'}"
        if iri in LICENCES:
            return LICENCES[iri]
        for prefix, pattern in OUTSIDE.items():
            if iri.startswith(prefix):
                return pattern.format(iri[len(prefix):].strip("/"))
        local = iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return local or iri
