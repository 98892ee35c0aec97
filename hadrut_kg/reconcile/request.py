"""Reconciliation queries as they arrive from outside (OpenRefine, a CSV file), checked before any use.

One `RequestError` names the query key and the field and says what was expected; nothing else reaches the
matcher. Sizes are bounded: a batch holds at most MAX_BATCH queries, a query text at most MAX_TEXT characters,
at most MAX_TYPES types and MAX_PROPERTIES properties of at most MAX_VALUES values each, each property once; and
the whole batch at most MAX_WORK property values (the work a request may ask for: every value is looked up
against every candidate of its query).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from hadrut_kg.errors import InputError

MAX_BATCH = 100  # OpenRefine sends 10 at a time
MAX_TEXT = 300
MAX_TYPES = 10
MAX_PROPERTIES = 10
MAX_VALUES = 10
MAX_WORK = 200  # property values in one batch, over all its queries
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")  # matched whole (fullmatch: "$" would let "q0\n" through)
QUERY_FIELDS = {"query", "type", "type_strict", "limit", "properties"}


class RequestError(InputError):
    """A query that cannot be used; the message names the query key and the field."""


@dataclass(frozen=True)
class PropertyValue:
    pid: str
    values: tuple[object, ...]  # strings, numbers, booleans, or ids given as {"id": …}


@dataclass(frozen=True)
class Query:
    text: str
    types: tuple[str, ...] = ()
    type_strict: str = "any"
    limit: int = DEFAULT_LIMIT
    properties: tuple[PropertyValue, ...] = field(default_factory=tuple)


def _bad(key: str, fld: str, expected: str, got: object) -> RequestError:
    shown = repr(got)
    return RequestError(f"query {key!r}: field '{fld}': expected {expected}, got {shown[:80]}"
                        + ("…" if len(shown) > 80 else ""))


def _value(key: str, fld: str, v: object) -> object:
    if isinstance(v, bool) or isinstance(v, str) and len(v) <= MAX_TEXT:
        return v
    if isinstance(v, (int, float)) and math.isfinite(v):
        return v
    if isinstance(v, dict) and isinstance(v.get("id"), str) and len(v["id"]) <= MAX_TEXT:
        return {"id": v["id"]}
    raise _bad(key, fld, f"a text (at most {MAX_TEXT} characters), a number, true/false or {{\"id\": …}}", v)


def parse_query(key: str, raw: object, known_types: set[str], known_properties: set[str]) -> Query:
    """One query of a batch, checked against the 0.2 query schema and this service's types and properties."""
    if not isinstance(raw, dict):
        raise _bad(key, "(query)", "an object", raw)
    unknown = sorted(set(raw) - QUERY_FIELDS)
    if unknown:
        raise _bad(key, unknown[0], f"only the fields {', '.join(sorted(QUERY_FIELDS))}", unknown[0])
    text = raw.get("query", "")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise _bad(key, "query", f"a text of at most {MAX_TEXT} characters", text)
    types = raw.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or len(types) > MAX_TYPES or not all(isinstance(t, str) for t in types):
        raise _bad(key, "type", f"a type id or a list of at most {MAX_TYPES}", raw.get("type"))
    for t in types:
        if t not in known_types:
            raise _bad(key, "type", f"one of {', '.join(sorted(known_types))}", t)
    strict = raw.get("type_strict", "any")
    if strict not in ("any", "should", "all"):
        raise _bad(key, "type_strict", "any, should or all", strict)
    limit = raw.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not math.isfinite(limit) or limit < 0:
        raise _bad(key, "limit", "a number of candidates", limit)
    props = raw.get("properties", [])
    if not isinstance(props, list) or len(props) > MAX_PROPERTIES:
        raise _bad(key, "properties", f"a list of at most {MAX_PROPERTIES} {{pid, v}} objects", props)
    parsed, seen = [], set()
    for i, p in enumerate(props):
        where = f"properties[{i}]"
        if not isinstance(p, dict) or not isinstance(p.get("pid"), str) or "v" not in p:
            raise _bad(key, where, "an object with 'pid' and 'v'", p)
        if p["pid"] not in known_properties:
            raise _bad(key, where + ".pid", f"one of {', '.join(sorted(known_properties))}", p["pid"])
        if p["pid"] in seen:
            raise _bad(key, where + ".pid", "each property once (give its values as one list)", p["pid"])
        seen.add(p["pid"])
        values = p["v"] if isinstance(p["v"], list) else [p["v"]]
        if len(values) > MAX_VALUES:
            raise _bad(key, where + ".v", f"at most {MAX_VALUES} values", p["v"])
        parsed.append(PropertyValue(p["pid"], tuple(_value(key, where + ".v", v) for v in values)))
    return Query(text.strip(), tuple(types), strict, min(int(limit) or DEFAULT_LIMIT, MAX_LIMIT), tuple(parsed))


def parse_batch(raw: object, known_types: set[str], known_properties: set[str]) -> dict[str, Query]:
    """A batch {"q0": {...}, …}: at most MAX_BATCH queries under short plain keys."""
    if not isinstance(raw, dict):
        raise RequestError("queries: expected a JSON object of queries (\"q0\": {\"query\": …}, …)")
    if len(raw) > MAX_BATCH:
        raise RequestError(f"queries: {len(raw)} queries in one batch; at most {MAX_BATCH}")
    for key in raw:
        if not KEY.fullmatch(key):
            raise RequestError(f"queries: key {key[:80]!r} is not a short plain key like q0")
    batch = {key: parse_query(key, value, known_types, known_properties) for key, value in raw.items()}
    work = sum(len(p.values) for q in batch.values() for p in q.properties)
    if work > MAX_WORK:
        raise RequestError(f"queries: {work} property values in one batch; at most {MAX_WORK} (the work limit: "
                           "send fewer queries or values at once)")
    return batch
