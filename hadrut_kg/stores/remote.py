"""Run the named queries (or any query) on a remote SPARQL endpoint (SPARQL 1.1 Protocol) through the shared HTTP
client (stores/http.py), with retries and backoff on transient failures (connection refused or reset, 429, 502,
503) and one clear line for the rest. Every call has an overall deadline and a cap on the bytes read; credentials
go only to the endpoint's origin and never appear in a message."""

from __future__ import annotations

import re
import time
import urllib.parse

import pyoxigraph as ox
import requests

from hadrut_kg.stores import http
from hadrut_kg.stores.credentials import Auth, redact, split_url
from hadrut_kg.stores.http import Client, printable
from hadrut_kg.queries.embedded import query_text
from hadrut_kg.vocabulary.namespaces import Minted
from hadrut_kg.errors import NetworkError, QueryError
from hadrut_kg.queries.catalogue import bind
from hadrut_kg.queries.results import render

USER_AGENT = http.USER_AGENT
TRANSIENT_HTTP = {429, 502, 503}  # not 504: a query past a time limit would only run out of time again
MAX_RESPONSE = 256 << 20  # bytes of an answer read at most


ACCEPT_RESULTS = "application/sparql-results+json"
ACCEPT_GRAPH = "text/turtle"


def fetch_raw(endpoint: str, text: str, timeout: float, retries: int = 3, backoff: float = 0.5,
              graph_query: bool | None = None, auth: Auth | None = None, max_bytes: int = MAX_RESPONSE) -> bytes:
    """Send one query and return the response body (SPARQL JSON results, or Turtle for CONSTRUCT/DESCRIBE),
    retrying on refused or reset connections, 429, 502 and 503 with exponential backoff (or Retry-After).

    `timeout` bounds the whole call, retries and waits included; at most `max_bytes` of the answer are read (a
    larger one is an error, not a memory blow-up). Credentials: `auth` (the same options as `load`: Basic, Digest
    when the server asks for it, or a bearer token), or a user and password in the URL — used, never shown, and
    sent only to the endpoint's own origin (stores/http.py), never to where a redirect points.
    An unknown host is not retried: retrying cannot mend it."""
    url, url_user, url_password = split_url(endpoint)
    shown = redact(endpoint)
    auth = auth or Auth()
    if url_user is not None and auth.user is None and not auth.token:
        auth = Auth(url_user, url_password, None, auth.scheme)
    client = Client(auth, (url,), timeout, retries, backoff)
    if graph_query is None:
        # the form from the query itself, comments left out ("… are added" is no ADD update)
        form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.sub(r"(?m)#.*$", "", text), re.I)
        graph_query = bool(form) and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")
    headers = {"Accept": ACCEPT_GRAPH if graph_query else ACCEPT_RESULTS}
    if len(text) > 1500:  # long queries as an HTML form POST (SPARQL 1.1 Protocol): servers cap GET at ~8 KiB
        method, target, body = "POST", url, urllib.parse.urlencode({"query": text}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        method, body = "GET", None
        target = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode({'query': text})}"
    deadline = time.monotonic() + timeout
    attempt, last, digest_tried = 0, None, auth.scheme != "auto" or auth.user is None
    while True:
        attempt += 1
        left = deadline - time.monotonic()
        if left <= 0:
            if last is not None:
                raise NetworkError(f"cannot reach {shown} within {timeout:g} s, after {attempt - 1} attempts ({last})")
            raise NetworkError(f"{shown}: no answer within {timeout:g} s" + _attempts(attempt - 1))
        try:
            answer = client.send(method, target, body, headers, max_bytes, left)
        except http.TooLarge:
            raise NetworkError(f"{shown}: the answer is larger than {max_bytes >> 20} MiB (the limit); "
                             "narrow the query or add a LIMIT") from None
        except http.BadLocation as exc:
            raise NetworkError(f"{shown}: the endpoint redirects to {_clip(exc.location)}, which is not a valid "
                             f"http(s) URL ({http.valid_url(exc.location)})") from None
        except http.Redirected as exc:
            where = f" to {_clip(exc.location)}" if exc.location else " too often"
            raise NetworkError(f"{shown}: the endpoint redirects{where}; give that URL instead") from None
        except requests.Timeout:
            raise NetworkError(f"{shown}: no answer within {timeout:g} s") from None
        except requests.ConnectionError as exc:
            if "NameResolutionError" in repr(exc) or "getaddrinfo" in repr(exc):
                raise NetworkError(f"cannot reach {shown}: its host name does not resolve; check the URL") from None
            reason = _reason(exc, timeout)
            if attempt > retries:
                raise NetworkError(f"cannot reach {shown} after {attempt} attempts ({reason})") from None
            time.sleep(max(0.0, min(backoff * 2 ** (attempt - 1), deadline - time.monotonic())))
            last = reason
            continue
        except requests.RequestException as exc:
            raise NetworkError(f"{shown}: {_clip(type(exc).__name__)}") from None
        if answer.status == 401 and not digest_tried:  # auto: Basic refused; Digest is what Virtuoso asks for
            client.use_digest(url)
            digest_tried, attempt = True, attempt - 1
            continue
        if answer.status in TRANSIENT_HTTP:
            if attempt > retries:
                raise NetworkError(f"{shown}: HTTP {answer.status} {printable(answer.reason)}{_detail(answer.body)}"
                                 + _attempts(attempt))
            wait = http.retry_after(answer.headers, backoff * 2 ** (attempt - 1))
            last = f"HTTP {answer.status}"
            time.sleep(max(0.0, min(wait, deadline - time.monotonic())))
            continue
        if answer.status == 400:
            raise QueryError(f"{shown} rejected the query as malformed: {http.error_text(answer.body)}")
        if answer.status == 401:
            raise NetworkError(f"{shown}: HTTP 401 Unauthorized (check --user/--password or $HADRUT_KG_TOKEN)")
        if answer.status == 404:
            raise NetworkError(f"{shown}: HTTP 404 Not Found (is this the query endpoint URL?)")
        if answer.status >= 300:
            raise NetworkError(f"{shown}: HTTP {answer.status} {printable(answer.reason)}{_detail(answer.body)}"
                             + _attempts(attempt))
        return answer.body


def _reason(exc: Exception, timeout: float) -> str:
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(exc))
    if found:
        return redact(found.group(1).strip())
    if "RemoteDisconnected" in str(exc) or "Connection aborted" in str(exc) or "reset" in str(exc).lower():
        return "the endpoint closed the connection"
    return type(exc).__name__


def _clip(value, limit: int = 300) -> str:
    text = printable(redact(value).replace("\n", " ").strip())
    return text[:limit] + ("…" if len(text) > limit else "")


def _detail(body: bytes) -> str:
    """The first line of an error response's body (bounded), e.g. a server's time-limit message."""
    text = body[:2000].decode("utf-8", "replace").strip()
    first = text.splitlines()[0] if text else ""
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
        raise NetworkError(f"{redact(endpoint)} sent an answer that is not whole SPARQL JSON results nor Turtle "
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
