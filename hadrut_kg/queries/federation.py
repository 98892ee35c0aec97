"""Federated queries (SPARQL `SERVICE`) are refused unless their endpoint is on an explicit allow-list.

A SERVICE clause makes the engine fetch from any host and port it names — from the machine that runs the query,
so a public endpoint could be used to probe or read services behind it (SSRF). `hadrut-kg serve` and the embedded
`hadrut-kg query` therefore refuse every SERVICE clause unless its endpoint is given with `--allow-service`.

The decision is taken on the parsed query, not its text: the query is parsed by rdflib's SPARQL parser and the
algebra walked for every SERVICE node, whatever the spacing, prefixes, BASE or escapes that spell its endpoint.
The endpoint must then be a constant IRI on the allow-list, exactly (a variable endpoint is refused). A query
whose text, after `\\u` escapes are decoded, holds no `service` at all cannot have a SERVICE clause and is not
parsed twice; one that does but does not parse is refused. Parsing runs in a killable worker with a time limit,
so a huge query cannot stall the server. Where the two parsers could disagree (rdflib keeps a `\\#` escape in a
prefixed name that Oxigraph decodes; BASE resolution, where rdflib drops the empty path segments that Oxigraph keeps),
the result is a refusal, never a call. The served endpoint also runs each
query in a worker without network access when no SERVICE is allowed (see sandbox.py).
"""

from __future__ import annotations

import json
import re

from hadrut_kg import sandbox
from hadrut_kg.queries.catalogue import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
PARSE_SECONDS = 10.0  # the parse of a query that names SERVICE, at most
PARSE_MEMORY = 512 << 20


def _unescape(text: str) -> str:
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _ESCAPE.sub(char, text)


def _parsed_endpoints(text: str, prefixes: dict[str, str] | None = None) -> bytes:
    """In the worker: the SERVICE endpoints of the parsed query as JSON (an IRI, or null for a variable)."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = parseQuery(text)
        algebra = translateQuery(parsed, initNs=prefixes or {}).algebra
    except Exception as exc:  # noqa: BLE001 — any parse failure refuses the query
        raise QueryError(f"unparsable: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}"
                         ) from None
    found: list[str | None] = []
    todo = [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            todo.extend(node)
        elif isinstance(node, dict):
            todo.extend(node.values())
    if found and any(getattr(decl, "name", None) == "Base" for decl in parsed[0]):
        # rdflib resolves a relative IRI against BASE with urljoin, which drops empty path segments; Oxigraph
        # follows RFC 3986 and keeps them: <a//../allowed> is "allowed" to one and "a/allowed" to the other.
        raise QueryError("BASE is refused in a query with SERVICE: its relative IRIs resolve differently in "
                         "the checking parser and the engine; write the endpoint as an absolute IRI")
    return json.dumps(found).encode()


def preload() -> None:
    """Import the parser now, in a server's parent process, so each checking worker forks with it loaded."""
    import rdflib.plugins.sparql.algebra  # noqa: F401
    import rdflib.plugins.sparql.parser  # noqa: F401


NOT_SHOWN = "the file is not a .rq query file, so its content is not shown"


def service_endpoints(text: str, show: bool = True, prefixes: dict[str, str] | None = None) -> list[str | None]:
    """Each SERVICE clause's endpoint IRI as the parsed query has it; None for one that is not a constant IRI.
    Raises QueryError when the query names SERVICE but cannot be parsed within the limits (the parser's message,
    which quotes the text, only when `show`)."""
    if "service" not in _unescape(text).lower():
        return []
    outcome = sandbox.run(lambda: _parsed_endpoints(text, prefixes), PARSE_SECONDS, PARSE_MEMORY, quiet=True)
    if outcome.status != "ok":
        why = outcome.body.decode('utf-8', 'replace') if outcome.body else outcome.status
        raise QueryError(f"SERVICE is refused: the query could not be checked ({why if show else NOT_SHOWN})")
    return json.loads(outcome.body)


def check(text: str, allowed: frozenset[str] | set[str] = frozenset(), show: bool = True,
          prefixes: dict[str, str] | None = None) -> list[str]:
    """Raise QueryError unless every SERVICE endpoint in the parsed query is in `allowed`; return those
    endpoints. `show` off: no message quotes the text (a file that is not a .rq query file). `prefixes`: those
    the engine knows without a PREFIX line."""
    endpoints = service_endpoints(text, show, prefixes)
    for endpoint in endpoints:
        if endpoint is None:
            raise QueryError("SERVICE with an endpoint that is not a constant IRI is refused (federated queries "
                             "are off; allow an endpoint with --allow-service IRI)")
        if endpoint not in allowed:
            named = f"SERVICE <{endpoint}>" if show else f"a SERVICE endpoint ({NOT_SHOWN})"
            raise QueryError(f"{named} is refused: federated queries are off "
                             "(allow this endpoint with --allow-service)")
    return endpoints
