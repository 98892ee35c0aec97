"""Request paths and file paths of the resources: the base IRI maps onto the site's root.

`/id/X` is the resource itself (`<base>id/X`); `/id/X.ttl`, `.nt`, `.jsonld` and `.html` are its documents.
`/ontology` (and the versioned ontology IRI) is the ontology; its documents are `/ontology.ttl`, `.nt`,
`.jsonld`, `.html`. A handful of whole files (the dumps, `void.ttl`) sit at the paths the dataset's VoID
description gives them, and each place's downloads under download/places/ (downloads.py). The same relative paths are the static site's files, so the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from hadrut_kg.errors import OutputError
from hadrut_kg.vocabulary.namespaces import ONTOLOGY_IRI, unsafe_path
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.downloads import FOLDER
from hadrut_kg.site.negotiation import BY_EXT, Format

DUMPS = {"download/hadrut.ttl": "hadrut.ttl", "download/hadrut.nt": "hadrut.nt",
         "download/hadrut.jsonld": "hadrut.jsonld", "download/hadrut.trig": "hadrut.trig",
         "void.ttl": "void.ttl", "download/ontology.ttl": "ontology.ttl", "download/shapes.ttl": "shapes.ttl",
         "download/shapes-sparql.ttl": "shapes-sparql.ttl",
         **{f"download/hadrut.{ext}.gz": f"hadrut.{ext}.gz" for ext in ("ttl", "nt", "jsonld", "trig")}}
DUMP_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
              "trig": "application/trig", "gz": "application/gzip"}
TIME_MAP = "map.html"  # the time map page, at the site's root (static site and `serve` alike)
ONTOLOGY = "ontology"  # the relative path of the ontology (its documents: ontology.ttl, …)
URI_SAFE = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True)
class Target:
    """What a request path names: a resource (iri) with or without a document format, or a whole file."""
    iri: str | None = None
    fmt: Format | None = None
    dump: str | None = None  # a file of dist/
    download: str | None = None  # a place's GeoJSON, Linked Places or CSV file (downloads.py)


def relative(data: SiteData, iri: str) -> str:
    """The resource's path below the root, as its IRI spells it (so non-ASCII letters stay letters)."""
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#") or iri == data.ontology_version:
        return ONTOLOGY
    return iri[len(data.base):]


class OutsideSite(OutputError):
    """A resource IRI whose path would not map to a file inside the site's folder."""


def file_path(data: SiteData, iri: str, fmt: Format) -> str:
    """The document's file below the site's root: the name a web server finds when it decodes the request URI.
    Raises OutsideSite for an IRI that would map anywhere else (a dot segment, `//`, a backslash)."""
    problem = unsafe_path(relative(data, iri))
    if problem:
        raise OutsideSite(f"the dataset's resource {iri!r} maps outside the site: {problem}")
    return unquote(relative(data, iri)) + "." + fmt.ext


def href(path: str) -> str:
    """A file path below the root as a URI path (percent-encoded UTF-8)."""
    return quote(path, safe=URI_SAFE)


def document_href(data: SiteData, iri: str, fmt: Format) -> str:
    return href(file_path(data, iri, fmt))


def resolve(data: SiteData, path: str) -> Target | None:
    """The target of a request path (already split from its query string), or None when the data holds nothing
    there. The path is tried as sent and percent-decoded, since an IRI may itself hold a %-escape."""
    if not path.startswith("/"):
        return None
    raw = path[1:]
    for rest in dict.fromkeys((raw, unquote(raw, errors="strict") if _decodes(raw) else raw)):
        if unsafe_path(rest) and rest not in DUMPS:  # never a path (or a Location) off the site's root
            continue
        if rest in DUMPS:
            return Target(dump=DUMPS[rest])
        if rest.startswith(FOLDER) and rest in data.download_files:
            return Target(download=rest)
        stem, dot, ext = rest.rpartition(".")
        if dot and ext in BY_EXT:
            if stem == ONTOLOGY:
                return Target(iri=ONTOLOGY_IRI, fmt=BY_EXT[ext])
            if data.base + stem in data.resource_set:
                return Target(iri=data.base + stem, fmt=BY_EXT[ext])
        if data.base + rest in data.resource_set:
            return Target(iri=data.base + rest)
        if rest == ONTOLOGY or (data.ontology_version and ONTOLOGY_IRI + rest[len(ONTOLOGY):] ==
                                data.ontology_version and rest.startswith(ONTOLOGY + "/")):
            return Target(iri=ONTOLOGY_IRI)
    return None


def _decodes(text: str) -> bool:
    try:
        unquote(text, errors="strict")
    except UnicodeDecodeError:
        return False
    return True
