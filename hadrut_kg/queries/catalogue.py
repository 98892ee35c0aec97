"""The named SPARQL queries in queries/: their header (question, parameters, example) and parameter values.

Parameter values are RDF terms; `bind` puts them in a VALUES block at the start of the query's WHERE group, found
on SPARQL's tokens and confirmed on a parse (queries.binding, which also says why pyoxigraph's own substitutions
cannot be used), the terms serialized by pyoxigraph, so quotes, backslashes and any script are escaped by the
library, never by hand. The embedded store and a remote endpoint run the same bound text, so both give the same
answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from hadrut_kg.errors import QueryError
from hadrut_kg.queries.binding import bind_values
from hadrut_kg.vocabulary.namespaces import XSD, Minted
from hadrut_kg.paths import CHECKS, QUERIES

__all__ = ["QueryError", "NamedQuery", "Param", "bind", "named_queries", "term"]  # QueryError: errors.py

HEADER_QUESTION = re.compile(r"^# (?:Question (\d+)|Forbids): (.+)$")
# A parameter's kind: one of the named kinds, or a choice of words written a|b|c.
HEADER_PARAM = re.compile(r"^# Param: (\w+) (iri|date|decimal|integer|string|lang|[a-z]+(?:\|[a-z]+)+) (\S+)(?: — (.*))?$")
HEADER_EXAMPLE = re.compile(r"^# Example: (.+)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str
    doc: str


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    question: str
    number: int | None
    params: list[Param] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def parse_query_file(path: Path, require_question: bool = True) -> NamedQuery:
    """A query file with its header. A file run by path (`hadrut-kg query some/file.rq`) may leave out the
    question; its `# Param:` lines still give types and defaults, exactly as for a named query."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QueryError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise QueryError(f"cannot read query file {path}: {exc.strerror}") from None
    query = NamedQuery(path.stem, path, text, "", None)
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := HEADER_QUESTION.match(line):
            query.number = int(m.group(1)) if m.group(1) else None
            query.question = m.group(2).strip()
        elif m := HEADER_PARAM.match(line):
            query.params.append(Param(m.group(1), m.group(2), m.group(3), (m.group(4) or "").strip()))
        elif m := HEADER_EXAMPLE.match(line):
            query.examples.append(m.group(1).strip())
    if not query.question and require_question:
        raise QueryError(f"{path}: the first comment lines must state '# Question N: …' or '# Forbids: …'")
    return query


def named_queries(folder: Path = QUERIES) -> dict[str, NamedQuery]:
    """The competency-question queries, by name, in question order."""
    found = [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]
    return {q.name: q for q in sorted(found, key=lambda q: (q.number or 999, q.name))}


def checks(folder: Path = CHECKS) -> dict[str, NamedQuery]:
    """The zero-row checks: queries that must return nothing on a healthy dataset."""
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


def _iri(value: str, raw: str) -> NamedNode:
    if _IRI_FORBIDDEN.search(value):
        bad = _IRI_FORBIDDEN.search(value).group(0)
        raise QueryError(f"{raw!r} is not a valid IRI: it contains {bad!r} (spaces, <>\"{{}}|^`\\ and control "
                         "characters are not allowed)")
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"{raw!r} is not a valid IRI ({exc})") from None


def _number(kind: str, raw: str) -> str:
    """The canonical lexical form of an xsd:decimal or xsd:integer parameter; NaN, infinities, exponents out of
    range and anything else a decimal cannot be are refused (a literal like "1E+3"^^xsd:decimal matches nothing)."""
    text = raw.strip()
    if kind == "integer":
        if not _INTEGER.match(text):
            raise QueryError(f"{raw!r} is not an integer (digits with an optional sign)")
        return str(int(text))
    if not _DECIMAL.match(text):
        raise QueryError(f"{raw!r} is not a decimal number (like 150 or 12.5; not NaN or Infinity)")
    number = Decimal(text)
    if abs(number.adjusted()) > 100:
        raise QueryError(f"{raw!r} is out of range for a decimal parameter")
    plain = format(number, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def term(kind: str, raw: str, minted: Minted):
    """A parameter value as an RDF term of its declared kind; QueryError when it is not one."""
    if kind == "iri":
        prefixes = minted.prefixes()
        if re.match(r"^[a-z][a-z0-9+.-]*://", raw):
            return _iri(raw, raw)
        prefix, sep, local = raw.partition(":")
        if sep and prefix in prefixes:
            return _iri(prefixes[prefix] + local, raw)
        if re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", raw):
            return _iri(minted.entity(raw), raw)
        raise QueryError(f"{raw!r} is not an IRI, a prefixed name (hk:…) or an id")
    if kind == "date":
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise QueryError(f"{raw!r} is not a date; expected YYYY-MM-DD") from None
        if not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", raw):
            raise QueryError(f"{raw!r} is not a date; expected YYYY-MM-DD")
        return Literal(raw, datatype=NamedNode(XSD + "date"))
    if kind in ("decimal", "integer"):
        return Literal(_number(kind, raw), datatype=NamedNode(XSD + kind))
    if "|" in kind and raw not in kind.split("|"):
        raise QueryError(f"{raw!r} is not one of {', '.join(kind.split('|'))}")
    return Literal(raw)


VARNAME = re.compile(r"\w+")


def bind(text: str, values: dict[str, object]) -> str:
    """The query with one VALUES block per parameter at the start of its WHERE group, placed on SPARQL's tokens
    and confirmed on a parse (queries.binding), on the same line as the brace: error line numbers stay the
    user's."""
    if not values:
        return text
    for name in values:  # pasted into the query text: a SPARQL variable name and nothing else
        if not VARNAME.fullmatch(name):
            raise QueryError(f"parameter name {name[:60]!r} is not a SPARQL variable name (letters, digits, _)")
    return bind_values(text, values)


def defaults_applied(query: NamedQuery | None, given: dict[str, str]) -> list[Param]:
    """The declared parameters the caller left out, whose defaults the query will run with."""
    return [p for p in (query.params if query else []) if p.name not in given]


def resolve_params(query: NamedQuery | None, given: dict[str, str], minted: Minted) -> dict[str, object]:
    """Declared parameters with defaults filled in; for ad-hoc queries, every given value as a plain literal
    unless it looks like an IRI or prefixed name."""
    if query is None or not query.params:
        if query is not None and given:
            raise QueryError(f"query '{query.name}' takes no parameters")
        return {k: term("iri" if (":" in v) else "string", v, minted) for k, v in given.items()}
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(f"query '{query.name}' has no parameter {', '.join(unknown)}; "
                         f"it takes {', '.join(declared)}")
    return {p.name: term(p.kind, given.get(p.name, p.default), minted) for p in query.params}
