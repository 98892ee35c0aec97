"""Every IRI the project mints or reuses, in one place.

The ontology namespace is fixed (shapes and queries name its terms); the namespace of the data's own resources
derives from one base IRI, configurable per build, so a mirror can publish under its own domain.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from hadrut_kg.errors import InputError

DEFAULT_BASE = "https://w3id.org/hadrut-kg/"
BASE_ENV = "HADRUT_KG_BASE"

HKG = "https://w3id.org/hadrut-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/hadrut-kg/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
GEO = "http://www.opengis.net/ont/geosparql#"
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
TIME = "http://www.w3.org/2006/time#"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"
EDTF_DATATYPE = "http://id.loc.gov/datatypes/edtf/EDTF"
WIKIDATA = "http://www.wikidata.org/entity/"
WDQS = "https://query.wikidata.org/sparql"

VOCABULARIES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS,
    "schema": SCHEMA, "geo": GEO, "wgs84": WGS84, "time": TIME, "foaf": FOAF, "void": VOID, "dcat": DCAT,
    "sh": SH, "wd": WIKIDATA,
}


def date_slug(edtf: str) -> str:
    """A readable IRI segment for an EDTF string: [..D] -> on-or-before-D, [D..] -> on-or-after-D,
    [A,B] -> A-or-B, A/B -> A-to-B; anything else is percent-encoded."""
    slug = re.sub(r"^\[\.\.(.+)\]$", r"on-or-before-\1", edtf)
    slug = re.sub(r"^\[(.+)\.\.\]$", r"on-or-after-\1", slug)
    slug = re.sub(r"^\[(.+)\]$", lambda m: m.group(1).replace(",", "-or-"), slug)
    slug = slug.replace("/", "-to-").replace("..", "open")
    return quote(slug, safe="-")


def base_from_env() -> str:
    """The base IRI for minted resources: $HADRUT_KG_BASE or the default."""
    return os.environ.get(BASE_ENV, DEFAULT_BASE)


_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")


MAX_SEGMENT = 200  # bytes of one path segment of an own-namespace IRI: a file name (plus .html …) within 255


def unsafe_path(relative: str) -> str | None:
    """Why a path below the site's root (a resource IRI less its base) would not map to a file inside the output
    folder, or None: a '.' or '..' segment (also percent-encoded), an empty segment or a leading '/' (`//host`
    would also read as another host in a Location), a backslash or a control character. Decided on the decoded
    path, the one a file system or web server will use; a segment longer than MAX_SEGMENT bytes."""
    decoded = unquote(relative, errors="replace")
    if not decoded:
        return "it names the namespace itself, not a resource below it"
    if _UNSAFE_CHARS.search(decoded):
        return "its path holds a backslash or a control character"
    segments = decoded.split("/")
    if "." in segments or ".." in segments:
        return "its path holds a '.' or '..' segment"
    if "" in segments:
        return "its path holds an empty segment ('//') or starts with '/'"
    if any(len(seg.encode("utf-8")) > MAX_SEGMENT for seg in segments + relative.split("/")):
        return f"a segment of its path is longer than {MAX_SEGMENT} bytes (its file name would be refused)"
    return None


_READING_FOR: ContextVar[str | None] = ContextVar("reading_for", default=None)


@contextmanager
def reading_for(base: str):
    """While the data is read for a build under `base` (e.g. `build --base`), its IRIs are checked against that
    namespace too: one under it that would map outside the output folder is refused where it is read."""
    token = _READING_FOR.set(base)
    try:
        yield
    finally:
        _READING_FOR.reset(token)


def iri_problem(iri: str, bases: tuple[str, ...] = ()) -> str | None:
    """Why an http(s) IRI from the data is refused, or None: a dot segment anywhere in its path (raw or
    percent-encoded: an IRI that names another place once normalised); and for an IRI of the dataset's own
    namespace (`bases`, default: the default base, $HADRUT_KG_BASE and the base of the build reading the data),
    any path that would not map inside the output folder (unsafe_path)."""
    bases = bases or tuple(b for b in (DEFAULT_BASE, base_from_env(), _READING_FOR.get()) if b)
    for base in bases:
        if iri.startswith(base):
            return unsafe_path(iri[len(base):])
    segments = unquote(urlsplit(iri).path, errors="replace").split("/")
    if "." in segments or ".." in segments:
        return "its path holds a '.' or '..' segment"
    return None


@dataclass(frozen=True)
class Minted:
    """Builders for the IRIs of the data's own resources under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise InputError(f"base IRI must end with '/': {self.base!r}")

    @property
    def entity_ns(self) -> str:
        return self.base + "id/"

    @property
    def statement_ns(self) -> str:
        return self.base + "statement/"

    @property
    def name_ns(self) -> str:
        return self.base + "name/"

    @property
    def date_ns(self) -> str:
        return self.base + "date/"

    @property
    def geometry_ns(self) -> str:
        return self.base + "geometry/"

    @property
    def bounds_ns(self) -> str:
        return self.base + "bounds/"

    @property
    def section_ns(self) -> str:
        return self.base + "source-section/"

    @property
    def graph_ns(self) -> str:
        return self.base + "graph/"

    @property
    def dataset(self) -> str:
        return self.base + "dataset"

    def entity(self, slug: str) -> str:
        return self.entity_ns + slug

    def statement(self, slug: str) -> str:
        return self.statement_ns + slug

    def name(self, slug: str) -> str:
        return self.name_ns + slug

    def date(self, edtf: str) -> str:
        return self.date_ns + date_slug(edtf)

    def geometry(self, slug: str) -> str:
        return self.geometry_ns + slug

    def bounds(self, slug: str) -> str:
        return self.bounds_ns + slug

    def section(self, source: str, section: str) -> str:
        return self.section_ns + f"{source}--{section}"

    def graph(self, name: str) -> str:
        return self.graph_ns + name

    def publisher(self, name: str) -> str:
        """A source's publisher (a dcterms:Agent), named by its name: `Who's On First` -> publisher/who-s-on-first."""
        return self.base + "publisher/" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed")

    def rights(self, source: str) -> str:
        """The rights statement (a dcterms:RightsStatement) of one source document."""
        return self.base + "rights/" + source

    def prefixes(self) -> dict[str, str]:
        """Prefixes for serializations: the project's own first, then the vocabularies."""
        return {
            "hkg": HKG, "hk": self.entity_ns, "stmt": self.statement_ns, "name": self.name_ns,
            "date": self.date_ns, "bounds": self.bounds_ns, "geom": self.geometry_ns, "section": self.section_ns,
            "graph": self.graph_ns, **VOCABULARIES,
        }
