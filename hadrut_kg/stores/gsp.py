"""Push the built dataset into any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph, Fuseki,
GraphDB, Virtuoso …), then read each graph's triple count back.

Two ways to load:
- atomic, when the store's SPARQL Update endpoint is given: every graph is PUT into a fresh staging graph, each
  staging graph is counted back, then ONE Update request moves them all into place (`MOVE … TO …`). A store that
  runs one Update request as one transaction (Oxigraph, Virtuoso) leaves all graphs old or all new whatever
  happens before the swap; staging graphs are dropped after a failure.
- per graph (the fallback): one PUT per graph, each replacing that graph whole in one request.

A store without a default-graph target (Virtuoso's GSP endpoint refuses `?default`) gets the named graphs only;
its query endpoint reads the union of its graphs, which the named queries are written to answer alike.

HTTP goes through the shared client (stores/http.py): credentials only to the origins of the endpoints the user
named, no proxy variables, one deadline for each whole request. Transient failures (refused or reset
connections, 429, 502–504) are retried with exponential backoff, honouring Retry-After; an answer is read only up
to a bound (ten times what was sent, plus 1 MiB). A failure after some graphs were replaced names them.
"""

from __future__ import annotations

import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests

from hadrut_kg.queries.embedded import require_built
from hadrut_kg.errors import InputError, StoreError
from hadrut_kg.stores import http
from hadrut_kg.stores.credentials import Auth  # noqa: F401 — part of this module's interface
from hadrut_kg.stores.http import origin, printable  # noqa: F401 — part of this module's interface
from hadrut_kg.vocabulary.langtags import restore_in_rdf

NT = "application/n-triples"
TRANSIENT = {429, 502, 503, 504}
USER_AGENT = http.USER_AGENT
STAGING = "urn:hadrut-kg:staging:"


class LoadError(StoreError):
    """A graph could not be loaded or read back; the message names the graph and the HTTP status."""


class NoDefaultGraph(LoadError):
    """The store's Graph Store endpoint has no default-graph target (Virtuoso)."""


def graph_url(endpoint: str, graph: str | None) -> str:
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _reason(exc: Exception, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} s"
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(exc))
    if found:
        return found.group(1).strip()
    if "RemoteDisconnected" in str(exc) or "Connection aborted" in str(exc):
        return "the store closed the connection"
    return type(exc).__name__


class Client(http.Client):
    """The shared HTTP client (stores/http.py) with the load's retries and messages."""

    def request(self, method: str, url: str, body: bytes | None = None, accept: str | None = None,
                content_type: str = NT, limit: int = 1 << 20, idempotent: bool = True) -> bytes:
        """Send one request (retrying transient failures) and return the answer's body, read up to `limit` bytes."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(method, url, body, accept, content_type, limit)
            except _Transient as exc:
                if attempt > self.retries:
                    raise LoadError(f"{method} {url}: {exc.message} after {attempt} attempts") from None
                time.sleep(exc.wait if exc.wait is not None else self.backoff * 2 ** (attempt - 1))
            except (requests.ConnectionError, requests.Timeout) as exc:
                if "NameResolutionError" in repr(exc) or "getaddrinfo" in repr(exc):  # retrying cannot mend it
                    raise LoadError(f"{method} {url}: the host name does not resolve; check the URL") from None
                sent = not isinstance(exc, requests.ConnectTimeout) and "NewConnectionError" not in repr(exc)
                if sent and not idempotent:
                    raise LoadError(f"{method} {url}: the connection failed after the request was sent "
                                    f"({_reason(exc, self.timeout)}); it may or may not have been applied — "
                                    "run the load again") from None
                if attempt > self.retries:
                    suffix = f" after {attempt} attempts" if attempt > 1 else ""
                    raise LoadError(f"{method} {url}: cannot reach the store ({_reason(exc, self.timeout)}){suffix}"
                                    ) from None
                time.sleep(self.backoff * 2 ** (attempt - 1))

    def _once(self, method, url, body, accept, content_type, limit) -> bytes:
        headers = {"Accept": accept} if accept else {}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            answer = self.send(method, url, body, headers, limit)
        except http.TooLarge:
            raise LoadError(f"{method} {url}: the answer is larger than {limit} bytes; stopped reading") from None
        except http.Redirected as exc:
            if exc.location is None:
                raise LoadError(f"{method} {url}: more than {http.MAX_REDIRECTS} redirects") from None
            raise LoadError(f"{method} {url}: the store redirects to {printable(exc.location)}; give that URL "
                            "instead") from None
        if answer.status in TRANSIENT:
            raise _Transient(f"HTTP {answer.status} {printable(answer.reason)}", http.retry_after(answer.headers, None))
        if answer.status >= 400:
            hint = " (check --user/--password or $HADRUT_KG_TOKEN)" if answer.status in (401, 403) else ""
            text = http.error_text(answer.body)
            error = NoDefaultGraph if re.search(r"default graph", text, re.I) else LoadError
            raise error(f"{method} {url}: HTTP {answer.status} {printable(answer.reason)}{hint}"
                        + (f": {text}" if text else ""))
        return answer.body


class _Transient(Exception):
    def __init__(self, message: str, wait: float | None):
        super().__init__(message)
        self.message, self.wait = message, wait


def put_graph(endpoint: str, graph: str | None, payload: bytes, auth: Auth, timeout: float = 60.0,
              client: Client | None = None) -> None:
    """Replace one graph (None: the default graph) with an N-Triples payload, in one request."""
    client = client or Client(auth, (endpoint,), timeout)
    try:
        client.request("PUT", graph_url(endpoint, graph), payload, limit=1 << 20)
    except LoadError as exc:
        raise type(exc)(f"graph {graph or '(default)'}: {exc}") from None


def count_graph(endpoint: str, graph: str | None, auth: Auth, timeout: float = 60.0, limit: int = 1 << 30,
                client: Client | None = None) -> int:
    """Read a graph back and count its distinct triples (0 for a graph the store does not have)."""
    client = client or Client(auth, (endpoint,), timeout)
    try:
        data = client.request("GET", graph_url(endpoint, graph), accept=NT, limit=limit)
    except LoadError as exc:
        if "HTTP 404" in str(exc):
            return 0
        raise
    try:
        return len(set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
    except (SyntaxError, ValueError) as exc:
        raise LoadError(f"graph {graph or '(default)'}: the store's read-back is not whole N-Triples (cut short?): "
                        f"{printable(str(exc))[:200]}") from None


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
        # pyoxigraph lower-cases language tags: restored to their BCP 47 case, as in the published files.
        result[name] = (restore_in_rdf(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)), len(triples))
    return result


def has_default_graph(client: Client, endpoint: str, limit: int) -> bool:
    """Whether the store's Graph Store endpoint has a default-graph target (Virtuoso's has none)."""
    try:
        client.request("GET", graph_url(endpoint, None), accept=NT, limit=limit)
    except NoDefaultGraph:
        return False
    except LoadError as exc:
        if "HTTP 404" not in str(exc):
            raise
    return True


@dataclass
class LoadReport:
    """Triple counts read back per graph (None: the default graph), how the load ran, and what was skipped."""

    counts: dict[str | None, int]
    atomic: bool
    skipped_default: bool = False


def _check(graph: str | None, got: int, expected: int, where: str = "") -> None:
    if got != expected:
        raise LoadError(f"graph {graph or '(default)'}: the store holds {got} triples{where} after loading "
                        f"{expected}")


def load(endpoint: str, out: Path, single_graph: str | None = None, auth: Auth | None = None,
         timeout: float = 60.0, update: str | None = None, retries: int = 3, backoff: float = 0.5,
         progress=None) -> LoadReport:
    """Load the built dataset (atomically through staging graphs when `update`, the store's SPARQL Update
    endpoint, is given); return the triple count of each graph as read back from the store."""
    if single_graph is not None:  # goes into a URL and into SPARQL Update text: an absolute IRI, nothing else
        try:
            ox.NamedNode(single_graph)
        except ValueError as exc:
            raise InputError(f"--graph {printable(single_graph[:100])!r} is not an absolute IRI ({exc}); nothing was "
                             "sent") from None
    client = Client(auth or Auth(), (endpoint, *([update] if update else [])), timeout, retries, backoff)
    todo = payloads(require_built(out), single_graph)
    limit = 10 * max(len(p) for p, _ in todo.values()) + (1 << 20)
    skipped = False
    try:
        if single_graph is None and not has_default_graph(client, endpoint, limit):
            del todo[None]
            skipped = True
    except LoadError as exc:
        raise LoadError(f"{exc}\nno graph was changed") from None
    if update is None:
        counts, replaced = {}, []
        try:
            for number, (graph, (payload, expected)) in enumerate(todo.items(), 1):
                if progress:
                    progress(f"graph {number}/{len(todo)} {graph or '(default)'}: {expected} triples")
                put_graph(endpoint, graph, payload, client.auth, timeout, client)
                replaced.append(graph)
                counts[graph] = count_graph(endpoint, graph, client.auth, timeout, limit, client)
                _check(graph, counts[graph], expected)
        except LoadError as exc:  # what the user must know: which graphs already hold the new content
            done = ", ".join(g or "(default graph)" for g in replaced) or "none"
            raise LoadError(f"{exc}\ngraphs replaced before the failure: {done}; every other graph is unchanged"
                            ) from None
        return LoadReport(counts, False, skipped)
    return LoadReport(_load_atomic(client, endpoint, update, todo, limit, progress), True, skipped)


def _load_atomic(client: Client, endpoint: str, update: str, todo: dict, limit: int,
                 progress=None) -> dict[str | None, int]:
    token = uuid.uuid4().hex
    staging = {graph: f"{STAGING}{token}:{i}" for i, graph in enumerate(todo)}
    swapped = False
    try:
        for number, (graph, (payload, expected)) in enumerate(todo.items(), 1):
            if progress:
                progress(f"staging graph {number}/{len(todo)} for {graph or '(default)'}: {expected} triples")
            put_graph(endpoint, staging[graph], payload, client.auth, client.timeout, client)
            _check(graph, count_graph(endpoint, staging[graph], client.auth, client.timeout, limit, client),
                   expected, f" in its staging graph {staging[graph]}")
        if progress:
            progress(f"moving {len(todo)} staging graphs into place in one update")
        moves = " ;\n".join(f"MOVE GRAPH {ox.NamedNode(staging[g])} TO "
                            f"{'DEFAULT' if g is None else f'GRAPH {ox.NamedNode(g)}'}" for g in todo)
        client.request("POST", update, moves.encode(), content_type="application/sparql-update",
                       idempotent=False)
        swapped = True
    except LoadError as exc:
        if "may or may not have been applied" in str(exc):
            raise
        raise LoadError(f"{exc}; no graph was changed (the staging graphs were dropped)") from None
    finally:
        if not swapped:
            drops = " ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in staging.values())
            try:
                client.request("POST", update, drops.encode(), content_type="application/sparql-update")
            except LoadError:
                pass  # the original failure is the one to report; staging graphs carry an urn:hadrut-kg: name
    counts = {}
    try:
        for graph, (_, expected) in todo.items():
            counts[graph] = count_graph(endpoint, graph, client.auth, client.timeout, limit, client)
            _check(graph, counts[graph], expected)
    except LoadError as exc:
        every = ", ".join(g or "(default graph)" for g in todo)
        raise LoadError(f"{exc}\nevery graph was replaced in one update before the failure: {every}") from None
    return counts
