"""Run the named queries (or any query) on a remote SPARQL endpoint through SPARQLWrapper, with retries and
backoff on transient failures (connection refused or reset, 429, 502, 503) and one clear line for the rest.
Every call has an overall deadline and a cap on the bytes read; credentials never appear in a message."""

from __future__ import annotations

import ast
import http.client
import math
import re
import socket
import threading
import time
import urllib.error

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed, SPARQLWrapperException, Unauthorized

from hadrut_kg import __version__
from hadrut_kg.stores.credentials import Auth, redact, split_url
from hadrut_kg.queries.embedded import query_text
from hadrut_kg.vocabulary.namespaces import Minted
from hadrut_kg.queries.catalogue import QueryError, bind
from hadrut_kg.queries.results import render

USER_AGENT = f"hadrut-kg/{__version__} (https://w3id.org/hadrut-kg/; SPARQLWrapper)"
TRANSIENT_HTTP = {429, 502, 503}  # not 504: a query past a time limit would only run out of time again
MAX_RESPONSE = 256 << 20  # bytes of an answer read at most


def _retry_after(exc: urllib.error.HTTPError, default: float) -> float:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return min(float(value), 60.0) if value is not None else default
    except ValueError:
        return default


def fetch_raw(endpoint: str, text: str, timeout: float, retries: int = 3, backoff: float = 0.5,
              graph_query: bool | None = None, auth: Auth | None = None, max_bytes: int = MAX_RESPONSE) -> bytes:
    """Send one query and return the response body (SPARQL JSON results, or Turtle for CONSTRUCT/DESCRIBE),
    retrying on refused or reset connections, 429, 502 and 503 with exponential backoff (or Retry-After).

    `timeout` bounds the whole call, retries and waits included; at most `max_bytes` of the answer are read (a
    larger one is an error, not a memory blow-up). Credentials: `auth` (the same options as `load`: Basic, Digest
    when the server asks for it, or a bearer token), or a user and password in the URL — used, never shown.
    An unknown host is not retried: retrying cannot mend it."""
    url, url_user, url_password = split_url(endpoint)
    shown = redact(endpoint)
    auth = auth or Auth()
    if url_user is not None and auth.user is None and not auth.token:
        auth = Auth(url_user, url_password, None, auth.scheme)
    sparql = SPARQLWrapper(url, agent=USER_AGENT)
    sparql.setQuery(text)
    # SPARQLWrapper guesses the query form from keywords anywhere in the text, comments included ("… are added"
    # reads as an ADD update, which it then sends as `update=`): take the form from the query itself instead.
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.sub(r"(?m)#.*$", "", text), re.I)
    if form:
        sparql.queryType = form.group(1).upper()
    if len(text) > 1500:  # long queries as an HTML form POST (SPARQL 1.1 Protocol): servers cap GET at ~8 KiB of headers
        sparql.setMethod(POST)
        sparql.setRequestMethod(URLENCODED)
    if auth.user is not None:
        sparql.setCredentials(auth.user, auth.password or "")
        sparql.setHTTPAuth(DIGEST if auth.scheme == "digest" else BASIC)
    elif auth.token:
        sparql.addCustomHttpHeader("Authorization", f"Bearer {auth.token}")
    digest_tried = auth.scheme != "auto" or auth.user is None
    if graph_query is None:
        graph_query = sparql.queryType in ("CONSTRUCT", "DESCRIBE")
    sparql.setReturnFormat(TURTLE if graph_query else JSON)
    deadline = time.monotonic() + timeout
    attempt, last = 0, None
    while True:
        attempt += 1
        left = deadline - time.monotonic()
        if left <= 0:
            if last is not None:
                raise QueryError(f"cannot reach {shown} within {timeout:g} s, after {attempt - 1} attempts ({last})")
            raise QueryError(f"{shown}: no answer within {timeout:g} s" + _attempts(attempt - 1))
        sparql.setTimeout(max(1, math.ceil(left)))
        try:
            return _read_bounded(sparql, left, max_bytes, shown)
        except urllib.error.HTTPError as exc:
            if exc.code not in TRANSIENT_HTTP or attempt > retries:
                raise QueryError(f"{shown}: HTTP {exc.code} {exc.reason}{_detail(exc)}" + _attempts(attempt)) from None
            wait, last = _retry_after(exc, backoff * 2 ** (attempt - 1)), f"HTTP {exc.code}"
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, TimeoutError):
                raise QueryError(f"{shown}: no answer within {timeout:g} s") from None
            if isinstance(reason, socket.gaierror):
                raise QueryError(f"cannot reach {shown}: its host name does not resolve ({redact(reason)}); "
                                 "check the URL") from None
            if attempt > retries:
                raise QueryError(f"cannot reach {shown} after {attempt} attempts ({redact(reason)})") from None
            wait, last = backoff * 2 ** (attempt - 1), redact(reason)
        except QueryBadFormed as exc:
            raise QueryError(f"{shown} rejected the query as malformed: {_server_says(exc)}") from None
        except Unauthorized:
            if not digest_tried:  # auto: the server refused Basic; Digest is what Virtuoso and others ask for
                sparql.setHTTPAuth(DIGEST)
                digest_tried, attempt = True, attempt - 1
                continue
            raise QueryError(f"{shown}: HTTP 401 Unauthorized (check --user/--password or $HADRUT_KG_TOKEN)"
                             ) from None
        except EndPointNotFound:
            raise QueryError(f"{shown}: HTTP 404 Not Found (is this the query endpoint URL?)") from None
        except SPARQLWrapperException as exc:
            raise QueryError(f"{shown}: {_server_says(exc)}") from None
        except (TimeoutError, _Deadline):
            raise QueryError(f"{shown}: no answer within {timeout:g} s") from None
        except OSError as exc:
            raise QueryError(f"{shown}: {redact(exc)}") from None
        time.sleep(max(0.0, min(wait, deadline - time.monotonic())))


class _Deadline(Exception):
    """The call's overall time limit passed."""


def _read_bounded(sparql: SPARQLWrapper, left: float, max_bytes: int, shown: str) -> bytes:
    """Run the request in a daemon thread, so a server that trickles its answer cannot hold us past the
    deadline; read at most max_bytes + 1 bytes."""
    box: dict = {}

    def work():
        try:
            response = sparql.query().response
            try:
                box["data"] = response.read(max_bytes + 1)
            finally:
                response.close()
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(left)
    if worker.is_alive():
        raise _Deadline()
    if "error" in box:
        raise box["error"]
    if len(box["data"]) > max_bytes:
        raise QueryError(f"{shown}: the answer is larger than {max_bytes >> 20} MiB (the limit); "
                         "narrow the query or add a LIMIT")
    return box["data"]


def _clip(value, limit: int = 300) -> str:
    text = redact(value).replace("\n", " ").strip()
    return text[:limit] + ("…" if len(text) > limit else "")


def _server_says(exc: SPARQLWrapperException) -> str:
    """What the server answered, as text: SPARQLWrapper puts the response body into its message as a Python
    bytes literal (`Response: b'…'`), which is decoded here rather than shown raw."""
    message = str(exc)
    found = re.search(r"Response:\s*(b(['\"]).*\2)\s*$", message, re.S)
    if not found:
        return _clip(message)
    try:
        body = ast.literal_eval(found.group(1)).decode("utf-8", "replace").strip()
    except (ValueError, SyntaxError):
        return _clip(message)
    return _clip(body or message[:found.start()])


def _detail(exc: urllib.error.HTTPError) -> str:
    """The first line of an error response's body (bounded), e.g. a server's time-limit message."""
    try:
        body = exc.read(2000).decode("utf-8", "replace").strip()
    except Exception:  # noqa: BLE001 — the body is a courtesy
        return ""
    first = body.splitlines()[0] if body else ""
    return f": {_clip(first, 200)}" if first else ""


def _attempts(n: int) -> str:
    return f" after {n} attempts" if n > 1 else ""


def fetch(endpoint: str, text: str, timeout: float, retries: int = 3, backoff: float = 0.5,
          auth: Auth | None = None, max_bytes: int = MAX_RESPONSE):
    """Send one query; return a pyoxigraph result (solutions or boolean), or a list of triples."""
    data = fetch_raw(endpoint, text, timeout, retries, backoff, None, auth, max_bytes)
    try:
        if data.lstrip().startswith((b"{", b"[")):
            result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QuerySolutions):
                # The parser reads lazily: read it through once here, so an answer the server broke off
                # midway (an error after the first rows) is an error now, not in whoever reads it later.
                for _ in result:
                    pass
                result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return result
        return list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{redact(endpoint)} sent an answer that is not whole SPARQL JSON results nor Turtle "
                         f"(cut off by an error on the server?): {_clip(exc)}") from None


def run_remote(endpoint: str, target: str | None, expr: str | None, given: dict[str, str], fmt: str,
               timeout: float, base: str, retries: int = 3, backoff: float = 0.5,
               max_bytes: int = MAX_RESPONSE, auth: Auth | None = None, notes: list[str] | None = None) -> bytes:
    """Run a named query, a .rq file or an expression on a remote endpoint; the rendered result. `notes`, if
    given, receives the hk: parameter values that name no resource of the store."""
    text, values = query_text(target, expr, given, base)
    result = fetch(endpoint, bind(text, values), timeout, retries, backoff, auth, max_bytes)
    if notes is not None:
        for name, value in values.items():
            if isinstance(value, ox.NamedNode) and value.value.startswith(base):
                found = fetch(endpoint, f"ASK {{ {{ {value} ?p ?o }} UNION {{ ?s ?p {value} }} }}", timeout,
                              retries, backoff, auth, max_bytes)
                if isinstance(found, ox.QueryBoolean) and not bool(found):
                    notes.append(f"{name}={value.value} names no resource of the store; the answer is about nothing")
    return render(result, fmt, Minted(base).prefixes(), text)
