"""`hadrut-kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built dataset, hard to knock over.

The dataset sits in an in-memory pyoxigraph store (the same engine and layout as the embedded `query`). Each query
runs in its own forked worker (sandbox.py) under a wall-clock limit, a CPU limit, a memory cap and an output cap,
without network access, so a runaway query is killed — its CPU and memory freed within moments of the limit — the
client gets an HTTP error status, and the server goes on answering. SERVICE (federation) is refused unless its
endpoint is allow-listed (decided on the parsed query); a server whose workers cannot be cut off the network
refuses to start unless told to run without that cut. At most `workers` queries run at once, at most half of them
for one client address; more get 503 with Retry-After. Open connections, the bytes of answers waiting for slow
readers, request bodies, query strings and slow clients (admission.REQUEST_SECONDS for a whole request: line, headers
and body, however slowly they trickle in) are bounded too (admission.py), and only the Host names
the server was bound for are answered (421 otherwise). Updates and the Graph Store Protocol are refused (403).

Status codes: 400 malformed request or query, 403 refused (update, SERVICE not allowed), 404 unknown path,
406 no acceptable format (one negotiation module, hadrut_kg.web.negotiation, for /query and the pages),
413 request too large, 421 a Host this server was not bound for, 500 result larger than the output cap, 503 busy,
504 time limit, 507 memory limit.

HTTP/1.1 with persistent connections (a connection whose request body was not read is closed after its answer).
Reads are open to other origins (CORS, hadrut_kg.web.cors): /query (GET, POST, and the OPTIONS preflight) and the
documents and pages, never with credentials; refusals of writes, and the 421 of a foreign Host, carry no CORS
header. Documents, pages and files carry ETag, Last-Modified and Cache-Control; If-None-Match and
If-Modified-Since get 304 (hadrut_kg.web.caching).

Every other path is an IRI of the dataset's namespace (the base maps onto the root), answered by the `site` object
the caller hands in (hadrut_kg.site's Responder, made by the command line, so this module need not import the
layer above it): content negotiation from the built files (303 to a document, 404, 406), with fixed code and no
user SPARQL. Paths under /reconcile go to the `reconcile` object the caller hands in the same way (hadrut_kg's
reconciliation Service: the W3C Reconciliation API 0.2), under the same limits on request size and slow clients.
"""

from __future__ import annotations

import ipaddress
import json
import re
import signal
import socket
import time
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.queries import federation

from hadrut_kg import sandbox
from hadrut_kg.stores.admission import Budget, Gate, RequestDeadline, client_key, fair_share, host_names
from hadrut_kg.queries.embedded import open_store
from hadrut_kg.errors import NetworkError, QueryError
from hadrut_kg.queries.results import table, to_csv, to_tsv
from hadrut_kg.queries.tagcase import restore_serialized
from hadrut_kg.web import cors
from hadrut_kg.web.caching import not_modified
from hadrut_kg.web.negotiation import Format, choose

MAX_REQUEST = 1 << 20  # bytes of query text or request body
MAX_CONNECTIONS, CONNECTIONS_PER_CLIENT = 64, 16  # open connections (one thread each), in total and per address
SEND_SECONDS = 120  # a client must take a whole answer within this time
CHUNK = 1 << 16
# The formats of each kind of answer, in the server's order for ties (the first one for `*/*` or no Accept).
RESULT_FORMATS = {Format("json", "application/sparql-results+json", ("application/json",)): ox.QueryResultsFormat.JSON,
                  Format("xml", "application/sparql-results+xml", ("application/xml",)): ox.QueryResultsFormat.XML,
                  Format("csv", "text/csv"): ox.QueryResultsFormat.CSV,
                  Format("tsv", "text/tab-separated-values"): ox.QueryResultsFormat.TSV}
WRITTEN_HERE = {ox.QueryResultsFormat.CSV: to_csv, ox.QueryResultsFormat.TSV: to_tsv}
HOST = re.compile(r"^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$")
GRAPH_FORMATS = {Format("ttl", "text/turtle", ("application/x-turtle",)): ox.RdfFormat.TURTLE,
                 Format("nt", "application/n-triples"): ox.RdfFormat.N_TRIPLES,
                 Format("rdf", "application/rdf+xml"): ox.RdfFormat.RDF_XML}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def answer(store: ox.Store, text: str, accept: str) -> bytes:
    """Run the query in the worker; return b"<media type>\\n" + the serialized result, or b"\\n" + a message
    naming the formats there are when the Accept header takes none of them (406)."""
    try:
        result = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    formats = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else RESULT_FORMATS
    chosen = choose(accept, list(formats))
    if chosen is None:
        return ("\nnone of the formats of this answer is acceptable: " +
                ", ".join(f.media for f in formats) + "\n").encode()
    fmt = formats[chosen]
    if isinstance(result, ox.QuerySolutions) and fmt in WRITTEN_HERE:
        # pyoxigraph 0.5's CSV writer leaves an IRI holding a comma unquoted: CSV and TSV are written by
        # results.py, as for the embedded `query`, so both give the same bytes (tags in BCP 47 case there too).
        return fmt.media_type.encode() + b"\n" + WRITTEN_HERE[fmt](table(result, text))
    # pyoxigraph lower-cases language tags: their BCP 47 case (az-Cyrl) restored in every other format.
    return fmt.media_type.encode() + b"\n" + restore_serialized(result.serialize(format=fmt), fmt, text)


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, store: ox.Store, timeout: float, memory_mb: int, max_result_mb: int,
                 workers: int, allowed_services: frozenset[str], site=None, require_cut: bool = True,
                 reconcile=None):
        self.store, self.query_timeout, self.site, self.reconcile = store, timeout, site, reconcile
        self.memory_bytes, self.max_output = memory_mb << 20, max_result_mb << 20
        self.slots = Gate(workers, fair_share(workers))
        self.connections = Gate(MAX_CONNECTIONS, CONNECTIONS_PER_CLIENT)
        self.held = Budget(2 * self.max_output)  # finished answers not yet taken by their clients
        self.allowed_services, self.require_cut = allowed_services, require_cut
        if ":" in address[0]:  # an IPv6 address (`--host ::1`): the socket of its family
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.hosts = host_names(address[0], self.server_address[1])

    def process_request(self, request, client_address):
        """One thread per connection, within the bounds; a connection over them gets a short 503 and is closed."""
        if not self.connections.enter(client_key(client_address[0])):
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
                                b"Connection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.leave(client_key(client_address[0]))
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.leave(client_key(client_address[0]))

    def handle_error(self, request, client_address):
        """A client that went away mid-answer is its own business: no traceback on stderr (an unread stderr pipe
        would fill and stop the server). Anything else is a bug, logged with its traceback."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            log_internal_error(f"a request from {client_address[0]} failed")


def printable_path(path: str) -> str:
    """A request path as logged: bounded, control and bidi characters shown as U+XXXX."""
    from hadrut_kg.vocabulary.text import visible

    return visible(path[:300])


def log_internal_error(what: str) -> None:
    """A bug met while answering: one line saying where, then the traceback, on stderr — never a silent 500."""
    import traceback

    print(f"error: internal error (HTTP 500): {what}", file=sys.stderr)
    traceback.print_exc(file=sys.stderr)
    sys.stderr.flush()


class Handler(BaseHTTPRequestHandler):
    server: Endpoint
    timeout = 15  # seconds a client may take to send its request (slow clients are dropped)
    server_version = "hadrut-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    _open = False  # this request reads something published: CORS headers on its answer
    _body_read = False
    command, requestline, request_version = None, "", "HTTP/1.1"  # until a request line is parsed (a 408 before)

    def log_message(self, format, *args):  # noqa: A002 — no request log: nothing to fill an unread stderr pipe
        pass

    def _unread_body(self) -> bool:
        """The request came with a body this handler did not read: the connection cannot carry another request."""
        if self._body_read or self.headers is None:
            return False
        length = (self.headers.get("Content-Length") or "0").strip()
        return bool(self.headers.get("Transfer-Encoding")) or not length.isdigit() or int(length) > 0

    def _head(self, code: int, extra: dict | None):
        self.send_response(code)
        if self._open:
            extra = {**cors.READ, **(extra or {})}
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self._unread_body():
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")

    def _send(self, code: int, body: bytes, media: str = "text/plain; charset=utf-8", extra: dict | None = None):
        if code == 200 and "ETag" in (extra or {}) and self.command in ("GET", "HEAD") and not_modified(
                self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), extra["ETag"],
                extra.get("Last-Modified", "")):
            self._head(304, {k: v for k, v in extra.items() if k in ("ETag", "Last-Modified", "Cache-Control",
                                                                        "Vary")})
            self.end_headers()
            return
        self._head(code, {"Content-Type": media, "Content-Length": str(len(body)), **(extra or {})})
        self.end_headers()
        if self.command != "HEAD":
            deadline, view = time.monotonic() + SEND_SECONDS, memoryview(body)
            for start in range(0, len(view), CHUNK):
                if time.monotonic() > deadline:  # a reader too slow to take its answer: dropped
                    self.close_connection = True
                    raise ConnectionError("the client did not take its answer in time")
                self.wfile.write(view[start:start + CHUNK])

    def _held_send(self, code: int, body: bytes, media: str, extra: dict | None = None):
        """Send a large answer only when the budget of bytes held for slow readers has room for it."""
        if not self.server.held.take(len(body)):
            return self._error(503, "too many answers waiting for their readers; try again shortly",
                               {"Retry-After": "1"})
        try:
            return self._send(code, body, media, extra)
        finally:
            self.server.held.give(len(body))

    def handle_one_request(self):
        """One request, read within one total deadline (admission.RequestDeadline) from when its reading starts."""
        self._open = self._body_read = self._host_ok = False
        self.headers = None
        self._deadline = RequestDeadline(self.connection)
        try:
            super().handle_one_request()
        finally:
            self._deadline.done()

    def _late(self) -> bool:
        """The request did not arrive whole within the deadline: 408, connection closed."""
        if not self._deadline.expired:
            return False
        self.close_connection = True
        self._send(408, b"the request did not arrive within the time allowed\n")
        return True

    def parse_request(self) -> bool:
        """The request line and headers, and the Host checked against the names the server was bound for."""
        if self._late() or not super().parse_request() or self._late():
            return False
        if len(self.headers.get_all("Host") or []) > 1:  # which one counts would be a guess: none does
            self.close_connection = True
            self._error(400, "more than one Host header")
            return False
        framing = self._framing_problem()
        if framing:  # where the body ends would be a guess, and a proxy might guess otherwise (smuggling)
            self.close_connection = True
            self._error(400, framing)
            return False
        if self.command not in ("POST", "PUT"):
            self._deadline.done()  # no body to wait for
        host = (self.headers.get("Host") or "").strip().lower()
        if self.server.hosts is not None and host not in self.server.hosts:
            self.close_connection = True
            self._error(421, f"this server does not answer for the host {host[:100]!r}")
            return False
        self._host_ok = True
        return True

    def _framing_problem(self) -> str | None:
        """Why the request's length cannot be read one way only (RFC 9112 6.1, 6.3, 5.1): both Content-Length and
        Transfer-Encoding, Content-Length twice or not plain digits, or a header line that is no field (whitespace before its colon)."""
        if getattr(self.headers, "defects", None) or any(name != name.strip() for name in self.headers.keys()):
            # e.g. `Content-Length : 45`, which the parser drops, taking the rest as the body
            return "a header line that is no 'name: value' field (whitespace before a colon?)"
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            return "more than one Content-Length header"
        if lengths and not re.fullmatch(r"[0-9]{1,19}", lengths[0].strip()):
            return "a Content-Length that is not a number of plain digits"
        if lengths and self.headers.get("Transfer-Encoding") is not None:
            return "both Content-Length and Transfer-Encoding"
        return None

    def _error(self, code: int, message: str, extra: dict | None = None):
        if self._reconciling(urllib.parse.urlsplit(self.path).path):  # the reconciliation API's errors are JSON
            body = json.dumps({"status": "error", "message": message}).encode()
            shared = {"Access-Control-Allow-Origin": "*"} if self._host_ok else {}  # none before the Host check
            return self._send(code, body, "application/json", {**shared, **(extra or {})})
        self._send(code, (message + "\n").encode("utf-8", "replace"), extra=extra)

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if len(url.query) > MAX_REQUEST:
            return self._error(413, "query string too long")
        if url.path == "/" and not self._wants_html():
            return self._send(200, b"hadrut-kg read-only SPARQL endpoint: GET or POST /query\n",
                              extra={"Vary": "Accept"})
        if self._reconciling(url.path):
            try:
                params = urllib.parse.parse_qs(url.query, max_num_fields=20)
            except ValueError:
                return self._error(400, "too many query string fields")
            return self._reconcile(url.path, params)
        if url.path != "/query":
            return self._resource(url.path)
        self._run(urllib.parse.parse_qs(url.query, max_num_fields=20))

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/query" and not self._reconciling(url.path):
            return self._refuse(url.path)
        self._open = url.path == "/query"  # its refusals (411, 413, 415) readable by a page on another origin
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._error(411, "a Content-Length is required")
        if length < 0 or length > MAX_REQUEST:
            return self._error(413, f"request body larger than {MAX_REQUEST} bytes")
        body = self.rfile.read(length)
        self._body_read = len(body) == length
        if self._late():
            return
        self._deadline.done()
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, max_num_fields=20)
        if media == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif media == "application/x-www-form-urlencoded":
            try:
                params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), max_num_fields=20))
            except ValueError:
                return self._error(400, "too many form fields")
        elif self._reconciling(url.path):
            return self._error(415, "POST reconciliation requests as application/x-www-form-urlencoded")
        else:
            return self._error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if self._reconciling(url.path):
            return self._reconcile(url.path, params)
        self._run(params)

    def do_OPTIONS(self):  # noqa: N802 — CORS preflight of a browser calling /query, a document or the reconciliation
        path = urllib.parse.urlsplit(self.path).path
        if self._reconciling(path):
            return self._send(204, b"", extra={
                "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600"})
        if path == "/query":
            return self._send(204, b"", extra=cors.preflight("GET, HEAD, POST, OPTIONS"))
        if self.server.site is not None and not self._writes(path) and (
                path in ("/", "/index.html") or self.server.site.knows(path)):
            return self._send(204, b"", extra=cors.preflight("GET, HEAD, OPTIONS"))
        return self._refuse(path)

    def _reconciling(self, path: str) -> bool:
        return self.server.reconcile is not None and self.server.reconcile.handles(path)

    def _reconcile(self, path: str, params: dict[str, list[str]]):
        """The reconciliation service's answer; the root URL (in the manifest's preview and suggest URLs) from the
        Host header when the server was bound to a name or address (parse_request has checked it is one of that
        address's names), else — bound to a wildcard, where any Host gets in — the local address the client
        reached, so an arbitrary Host is never echoed."""
        host = self.headers.get("Host", "")
        if self.server.hosts is None or not HOST.fullmatch(host):
            address = self.connection.getsockname()
            host = f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
        try:
            reply = self.server.reconcile.answer(self.command if self.command != "HEAD" else "GET", path, params,
                                                 f"http://{host}")
        except Exception:  # noqa: BLE001 — a bug must not drop the connection without an answer
            log_internal_error(f"{self.command} {printable_path(path)}")
            return self._send(500, b'{"status":"error","message":"internal error"}', "application/json")
        return self._send(reply.status, reply.body, reply.content_type, reply.headers)

    def do_PUT(self):  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        if self._reconciling(path):
            return self._error(405, f"{path[:100]} answers GET, POST and OPTIONS only", {"Allow": "GET, POST, OPTIONS"})
        self._refuse(path)

    do_DELETE = do_PATCH = do_PUT

    def _wants_html(self) -> bool:
        return self.server.site is not None and self.server.site.prefers_html(self.headers.get("Accept"))

    @staticmethod
    def _writes(path: str) -> bool:
        """A path of the update or Graph Store protocols, refused here (and never opened to other origins)."""
        return path in ("/update", "/store") or path.startswith("/store")

    def _resource(self, path: str):
        """An IRI of the namespace, its documents, the index page: answered by hadrut_kg/site."""
        if self.server.site is None or self._writes(path):
            return self._refuse(path)
        self._open = True
        try:
            if path in ("/", "/index.html"):
                found = self.server.site.ok(self.server.site.index(), "text/html; charset=utf-8")
                return self._send(200, found.body, found.content_type, {**found.headers, "Vary": "Accept"})
            if path == "/map.html":
                found = self.server.site.ok(self.server.site.time_map(), "text/html; charset=utf-8")
                return self._held_send(200, found.body, found.content_type, found.headers)
            found = self.server.site.answer(path, self.headers.get("Accept"))
        except self.server.site.Busy:
            return self._error(503, "too many pages being rendered; try again shortly", {"Retry-After": "1"})
        except Exception:  # noqa: BLE001 — a bug in a page must not drop the connection without an answer
            log_internal_error(f"{self.command} {printable_path(path)}")
            return self._error(500, "this page could not be rendered")
        if len(found.body) > CHUNK:  # a dump, a large page: within the budget for slow readers, as query answers
            return self._held_send(found.status, found.body, found.content_type, found.headers)
        return self._send(found.status, found.body, found.content_type, found.headers)

    def _refuse(self, path: str):
        self._open = False
        if self._writes(path):
            return self._error(403, "this endpoint is read-only: no updates, no Graph Store Protocol")
        return self._error(404, "not found: the query endpoint is /query")

    def _run(self, params: dict[str, list[str]]):
        self._open = "update" not in params
        if "update" in params:
            return self._error(403, "this endpoint is read-only: no updates")
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._error(400, "give exactly one 'query' parameter")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported; use GRAPH in the query")
        text, client = queries[0], client_key(self.client_address[0])
        if not self.server.slots.enter(client):
            return self._error(503, "too many queries running (for this client or in all); try again shortly",
                               {"Retry-After": "1"})
        try:
            try:
                services = federation.check(text, self.server.allowed_services)
            except QueryError as exc:
                return self._error(403, str(exc))
            store, accept, limit = self.server.store, self.headers.get("Accept", ""), self.server.query_timeout
            outcome = sandbox.run(lambda: answer(store, text, accept), limit, self.server.memory_bytes,
                                  self.server.max_output, network=bool(services), quiet=True,
                                  require_cut=self.server.require_cut)
        finally:
            self.server.slots.leave(client)
        if outcome.status == "ok":
            media, _, body = outcome.body.partition(b"\n")
            outcome.body = b""  # the answer is held once, in `body`
            if not media:
                return self._error(406, body.decode("utf-8", "replace").strip(), {"Vary": "Accept"})
            return self._held_send(200, body, media.decode("ascii"), {"Vary": "Accept", "Cache-Control": "no-cache"})
        if outcome.status == "error":
            return self._error(400, outcome.body.decode("utf-8", "replace"))
        if outcome.status == "timeout":
            return self._error(504, f"query stopped after {limit:g} s (the endpoint's time limit)")
        if outcome.status == "too-large":
            return self._error(500, f"the result is larger than {self.server.max_output >> 20} MiB (the endpoint's cap)")
        return self._error(507, f"query stopped: it needed more than {self.server.memory_bytes >> 20} MiB "
                                "(the endpoint's memory limit)")


def serve(out: Path, host: str, port: int, timeout: float, memory_mb: int = 1024, max_result_mb: int = 64,
          workers: int = 4, allowed_services: frozenset[str] = frozenset(), site=None,
          without_network_cut: bool = False, reconcile=None) -> int:
    """Serve the built dataset until SIGINT, SIGTERM or SIGHUP; return the exit code. `site`, when given,
    answers every path other than /query (the IRIs of the namespace, their documents and pages). Refuses to
    start where query workers cannot be cut off the network, unless `without_network_cut`."""
    cut = sandbox.network_cut_available()
    if not cut and not without_network_cut:
        raise QueryError("query workers cannot be cut off the network here (user namespaces are refused); "
                         "serve anyway with --without-network-cut, SERVICE then being refused by the query "
                         "check alone")
    store = open_store(out)
    federation.preload()
    try:
        server = Endpoint((host, port), store, timeout, memory_mb, max_result_mb, workers, allowed_services, site,
                          require_cut=cut, reconcile=reconcile)
    except OSError as exc:
        raise NetworkError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if not is_loopback(host):
        print(f"warning: listening on {host}: the endpoint is reachable from other machines", file=sys.stderr,
              flush=True)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    shown_host = f"[{host}]" if ":" in host else host
    federated = f"; SERVICE allowed to {', '.join(sorted(allowed_services))}" if allowed_services else \
        "; SERVICE refused"
    if not cut:
        federated += " by the query check only"
        print("WARNING: query workers are NOT cut off the network on this host (user namespaces refused): only "
              "the check of each parsed query stands between a query and your network", file=sys.stderr,
              flush=True)
    print(f"SPARQL endpoint: http://{shown_host}:{server.server_address[1]}/query  (read-only, {timeout:g} s query "
          f"limit, {memory_mb} MiB per query{federated}; Ctrl-C stops)", flush=True)
    if reconcile is not None:
        print(f"Reconciliation service (OpenRefine): http://{shown_host}:{server.server_address[1]}/reconcile",
              flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    print("stopped", flush=True)
    return 0
