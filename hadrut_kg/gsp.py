"""Push the built dataset into any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph, Fuseki,
GraphDB, Virtuoso …): one HTTP PUT per graph, each replacing that graph whole, then the count read back."""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .embedded import require_built
from .queries import QueryError

TOKEN_ENV = "HADRUT_KG_TOKEN"
NT = "application/n-triples"


class LoadError(QueryError):
    """A graph could not be loaded or read back; the message names the graph and the HTTP status."""


@dataclass
class Auth:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            raw = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
        return {}

    @classmethod
    def from_args(cls, user: str | None, password: str | None) -> "Auth":
        return cls(user, password, None if user else os.environ.get(TOKEN_ENV))


def graph_url(endpoint: str, graph: str | None) -> str:
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _request(method: str, url: str, auth: Auth, body: bytes | None = None, timeout: float = 60.0,
             accept: str | None = None) -> bytes:
    headers = auth.headers()
    if body is not None:
        headers["Content-Type"] = NT
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        hint = " (check --user/--password or $HADRUT_KG_TOKEN)" if exc.code in (401, 403) else ""
        raise LoadError(f"{method} {url}: HTTP {exc.code} {exc.reason}{hint}"
                        + (f": {detail[0][:300]}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise LoadError(f"{method} {url}: cannot reach the store ({exc.reason})") from None


def put_graph(endpoint: str, graph: str | None, payload: bytes, auth: Auth, timeout: float = 60.0) -> None:
    """Replace one graph (None: the default graph) with an N-Triples payload, in one request."""
    try:
        _request("PUT", graph_url(endpoint, graph), auth, payload, timeout)
    except LoadError as exc:
        raise LoadError(f"graph {graph or '(default)'}: {exc}") from None


def count_graph(endpoint: str, graph: str | None, auth: Auth, timeout: float = 60.0) -> int:
    """Read a graph back and count its triples (0 for a graph the store does not have)."""
    try:
        data = _request("GET", graph_url(endpoint, graph), auth, timeout=timeout, accept=NT)
    except LoadError as exc:
        if "HTTP 404" in str(exc):
            return 0
        raise
    return len(set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))


def payloads(out: Path, single_graph: str | None) -> dict[str | None, tuple[bytes, int]]:
    """What to PUT where, with the triple count to expect back: each named graph of hadrut.trig, plus the whole
    dataset as the default graph — or the whole dataset into one graph when single_graph is given."""
    nt = (out / "hadrut.nt").read_bytes()
    whole = (nt, len(set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))))
    if single_graph:
        return {single_graph: whole}
    graphs: dict[str, set] = {}
    for quad in ox.parse(path=str(out / "hadrut.trig"), format=ox.RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name.value, set()).add(ox.Triple(quad.subject, quad.predicate, quad.object))
    result: dict[str | None, tuple[bytes, int]] = {None: whole}
    for name in sorted(graphs):
        triples = sorted(graphs[name], key=str)
        result[name] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples))
    return result


def load(endpoint: str, out: Path, single_graph: str | None = None, auth: Auth | None = None,
         timeout: float = 60.0) -> dict[str | None, int]:
    """Load the built dataset; return the triple count of each graph as read back from the store."""
    auth = auth or Auth()
    counts = {}
    for graph, (payload, expected) in payloads(require_built(out), single_graph).items():
        put_graph(endpoint, graph, payload, auth, timeout)
        counts[graph] = count_graph(endpoint, graph, auth, timeout)
        if counts[graph] != expected:
            raise LoadError(f"graph {graph or '(default)'}: the store holds {counts[graph]} triples after loading "
                            f"{expected}")
    return counts
