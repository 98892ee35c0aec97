"""Federated queries (SPARQL `SERVICE`) are refused unless their endpoint is on an explicit allow-list.

A SERVICE clause makes the engine fetch from any host and port it names — from the machine that runs the query,
so a public endpoint could be used to probe or read services behind it (SSRF). `hadrut-kg serve` and the embedded
`hadrut-kg query` therefore refuse every SERVICE clause unless its endpoint is given with `--allow-service`.

The check is lexical and errs on the side of refusing: comments, strings and IRIs are blanked, codepoint escapes
(\\uXXXX) are decoded first, and every SERVICE keyword left must be followed by an allowed endpoint written as a
full IRI `<…>` (optionally after SILENT). A variable or prefixed-name endpoint is refused. The served endpoint also
runs each query in a worker without network access when no SERVICE is allowed (see sandbox.py).
"""

from __future__ import annotations

import re

from hadrut_kg.queries.catalogue import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Long strings first, then short ones (with backslash escapes), IRIs, comments: each blanked to spaces.
_OPAQUE = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\s]*>|#[^\n]*",
                     re.DOTALL)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:.-])", re.IGNORECASE)
_TARGET = re.compile(r"\s*(?:SILENT\s*)?(<[^<>\"{}|^`\\\s]*>)?", re.IGNORECASE)


def _unescape(text: str) -> str:
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _ESCAPE.sub(char, text)


def service_endpoints(text: str) -> list[str | None]:
    """Each SERVICE clause's endpoint IRI, in order; None where it is not written as a full IRI."""
    text = _unescape(text)
    blanked = _OPAQUE.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " " * len(m.group(0)), text)
    blanked_iris = _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for m in _SERVICE.finditer(blanked_iris):
        target = _TARGET.match(blanked, m.end())
        found.append(target.group(1)[1:-1] if target and target.group(1) else None)
    return found


def check(text: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Raise QueryError unless every SERVICE endpoint in the query is in `allowed`; return those endpoints."""
    endpoints = service_endpoints(text)
    for endpoint in endpoints:
        if endpoint is None:
            raise QueryError("SERVICE with an endpoint that is not a full <IRI> is refused (federated queries are "
                             "off; allow an endpoint with --allow-service IRI and write it as <IRI>)")
        if endpoint not in allowed:
            raise QueryError(f"SERVICE <{endpoint}> is refused: federated queries are off "
                             "(allow this endpoint with --allow-service)")
    return endpoints
