"""Run the named queries (or any query) on a remote SPARQL endpoint through SPARQLWrapper, with retries and
backoff on transient failures (connection refused, 429, 503) and clear errors for the rest."""

from __future__ import annotations

import time
import urllib.error

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed, SPARQLWrapperException, Unauthorized

from . import __version__
from .embedded import query_text
from .namespaces import Minted
from .queries import QueryError, bind
from .results import render

USER_AGENT = f"hadrut-kg/{__version__} (https://w3id.org/hadrut-kg/; SPARQLWrapper)"
TRANSIENT_HTTP = {429, 502, 503, 504}


def _retry_after(exc: urllib.error.HTTPError, default: float) -> float:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return min(float(value), 60.0) if value is not None else default
    except ValueError:
        return default


def fetch_raw(endpoint: str, text: str, timeout: float, retries: int = 3, backoff: float = 0.5,
              graph_query: bool | None = None, user: str | None = None, password: str | None = None) -> bytes:
    """Send one query and return the response body (SPARQL JSON results, or Turtle for CONSTRUCT/DESCRIBE),
    retrying on refused connections, 429 and 5xx gateway errors with exponential backoff (or Retry-After)."""
    sparql = SPARQLWrapper(endpoint, agent=USER_AGENT)
    sparql.setQuery(text)
    sparql.setTimeout(int(max(1, timeout)))
    if len(text) > 1500:  # long queries as an HTML form POST (SPARQL 1.1 Protocol): servers cap GET at ~8 KiB of headers
        sparql.setMethod(POST)
        sparql.setRequestMethod(URLENCODED)
    if user is not None:
        sparql.setCredentials(user, password or "")
    if graph_query is None:
        graph_query = sparql.queryType in ("CONSTRUCT", "DESCRIBE")
    sparql.setReturnFormat(TURTLE if graph_query else JSON)
    attempt = 0
    while True:
        attempt += 1
        try:
            return sparql.query().response.read()
        except urllib.error.HTTPError as exc:
            if exc.code not in TRANSIENT_HTTP or attempt > retries:
                raise QueryError(f"{endpoint}: HTTP {exc.code} {exc.reason}"
                                 + (f" after {attempt} attempts" if attempt > 1 else "")) from None
            time.sleep(_retry_after(exc, backoff * 2 ** (attempt - 1)))
        except urllib.error.URLError as exc:
            if attempt > retries:
                raise QueryError(f"cannot reach {endpoint} after {attempt} attempts ({exc.reason})") from None
            time.sleep(backoff * 2 ** (attempt - 1))
        except QueryBadFormed as exc:
            raise QueryError(f"{endpoint} rejected the query as malformed: {str(exc)[:300]}") from None
        except Unauthorized:
            raise QueryError(f"{endpoint}: HTTP 401 Unauthorized (check the credentials)") from None
        except EndPointNotFound:
            raise QueryError(f"{endpoint}: HTTP 404 Not Found (is this the query endpoint URL?)") from None
        except SPARQLWrapperException as exc:
            raise QueryError(f"{endpoint}: {str(exc)[:300]}") from None
        except TimeoutError:
            raise QueryError(f"{endpoint}: no answer within {timeout:g} s") from None


def fetch(endpoint: str, text: str, timeout: float, retries: int = 3, backoff: float = 0.5,
          user: str | None = None, password: str | None = None):
    """Send one query; return a pyoxigraph result (solutions or boolean), or a list of triples."""
    data = fetch_raw(endpoint, text, timeout, retries, backoff, None, user, password)
    if data.lstrip().startswith((b"{", b"[")):
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return list(ox.parse(data, format=ox.RdfFormat.TURTLE))


def run_remote(endpoint: str, target: str | None, expr: str | None, given: dict[str, str], fmt: str,
               timeout: float, base: str, retries: int = 3, backoff: float = 0.5) -> bytes:
    text, values = query_text(target, expr, given, base)
    result = fetch(endpoint, bind(text, values), timeout, retries, backoff)
    return render(result, fmt, Minted(base).prefixes())
