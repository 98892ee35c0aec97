"""The HTTP answer for a path under the base namespace, independent of the server that sends it.

Cool URIs for the Semantic Web, the 303 pattern: the resource's IRI (`/id/X`) is not a document, so it answers
303 See Other to the document chosen by Accept (`/id/X.ttl`, `.nt`, `.jsonld`, `.html`) with `Vary: Accept`;
each document answers 200 at its own address, the same bytes for everyone (and the same bytes as the static
site's file). An IRI the data does not hold is 404 with a short page; an Accept header no format satisfies is
406 naming the documents there are. Answers are rendered from the built dataset by fixed code; nothing in a
request reaches a query. Every 200 carries a strong ETag of its bytes, the dataset's build time as Last-Modified
and a Cache-Control (hadrut_kg.web.caching); the server answers conditional requests from them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from html import escape
from threading import BoundedSemaphore, Lock

from hadrut_kg.vocabulary.namespaces import ONTOLOGY_IRI
from hadrut_kg.web.caching import CACHE_CONTROL, validators
from hadrut_kg.site import documents, negotiation, pages
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.routes import DUMP_TYPES, document_href, resolve

CACHED = 256  # rendered documents kept in memory (a page of the province takes tens of milliseconds)
RENDERING = 2  # renders at once; a flood of distinct pages waits its turn instead of taking every core
WAIT = 10.0  # seconds a request waits for a turn before it gets 503


class Busy(Exception):
    """Every render slot stayed taken for WAIT seconds."""


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Responder:
    """Answers for one built dataset, with a small cache of rendered documents and a bound on renders at once."""

    Busy = Busy

    def __init__(self, data: SiteData):
        self.data = data
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = Lock()
        self._slots = BoundedSemaphore(RENDERING)
        self._dump_tags: dict[str, dict[str, str]] = {}  # a dump's validators, computed once

    @staticmethod
    def prefers_html(accept: str | None) -> bool:
        """Whether an Accept header asks for a page rather than data (a browser's usual header does)."""
        return negotiation.choose(accept) is negotiation.HTML

    def formats(self, iri: str) -> tuple[negotiation.Format, ...]:
        return negotiation.ALL  # every resource, the ontology included, has a page and three RDF documents

    def body(self, iri: str, fmt: negotiation.Format) -> bytes:
        key = (iri, fmt.ext)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        if not self._slots.acquire(timeout=WAIT):
            raise Busy
        try:
            if iri == ONTOLOGY_IRI:
                text = pages.ontology_page(self.data) if fmt is negotiation.HTML else documents.ontology(self.data, fmt)
            elif fmt is negotiation.HTML:
                text = pages.page(self.data, iri)
            else:
                text = documents.serialize(self.data, iri, fmt)
        finally:
            self._slots.release()
        with self._lock:
            self._cache[key] = text
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return text

    def knows(self, path: str) -> bool:
        """Whether the path names something of the site (a resource, a document, a file), without rendering it."""
        return resolve(self.data, path) is not None

    def answer(self, path: str, accept: str | None) -> Response:
        target = resolve(self.data, path)
        if target is None:
            return not_found(path)
        if target.dump:  # from the snapshot taken at start, within the render slots like every other answer
            if target.dump not in self.data.dumps:
                return not_found(path)
            ext = target.dump.rsplit(".", 1)[-1]
            if not self._slots.acquire(timeout=WAIT):
                raise Busy
            try:
                body = self.data.dump(target.dump)
            finally:
                self._slots.release()
            if target.dump not in self._dump_tags:
                self._dump_tags[target.dump] = validators(body, self.data.modified)
            return Response(200, body, DUMP_TYPES[ext] + ("" if ext == "gz" else "; charset=utf-8"),
                            dict(self._dump_tags[target.dump]))
        if target.download:
            found = self.data.download_files[target.download]
            return self.ok(found.body, found.content_type)
        available = self.formats(target.iri)
        if target.fmt is not None:
            if target.fmt not in available:
                return not_found(path)
            return self.ok(self.body(target.iri, target.fmt), target.fmt.content_type)
        wanted = negotiation.choose(accept, negotiation.ALL)
        chosen = wanted if wanted in available else None if wanted is negotiation.HTML else \
            negotiation.choose(accept, available)
        if chosen is None:
            links = "".join(f'<li><a href="/{document_href(self.data, target.iri, f)}">{escape(f.media)}</a></li>'
                            for f in available)
            return Response(406, _short_page("Not acceptable", "This resource is available as:</p><ul>" + links +
                                             "</ul><p>"), "text/html; charset=utf-8", {"Vary": "Accept"})
        location = "/" + document_href(self.data, target.iri, chosen)
        return Response(303, f"See {location}\n".encode(), headers={"Location": location, "Vary": "Accept",
                                                                      "Cache-Control": CACHE_CONTROL})

    def ok(self, body: bytes, content_type: str) -> Response:
        """A 200 with the validators of its bytes."""
        return Response(200, body, content_type, validators(body, self.data.modified))

    def index(self) -> bytes:
        return self._whole_page("index", pages.index_page)

    def time_map(self) -> bytes:
        """The time map (map.html), made once."""
        return self._whole_page("map", pages.time_map)

    def _whole_page(self, key: str, render) -> bytes:
        with self._lock:
            if ("", key) in self._cache:
                return self._cache[("", key)]
        text = render(self.data)
        with self._lock:
            self._cache[("", key)] = text
        return text


def _short_page(title: str, text: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body><main><h1>{escape(title)}</h1><p>{text}</p><p><a href="/index.html">All resources of Hadrut '
            f'KG</a></p></main></body></html>\n').encode()


def not_found(path: str) -> Response:
    shown = escape(path[:200])
    return Response(404, _short_page("Not found", f"The Hadrut KG dataset holds no resource at <code>{shown}</code>."),
                    "text/html; charset=utf-8")
