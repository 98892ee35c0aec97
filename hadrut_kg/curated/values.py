"""The value of a fact or qualifier, checked against the kind of value its property takes (a whole or decimal
number, a text, an EDTF date, a concept of the property's scheme, an http(s) IRI, or a reference to an entity,
name or statement, resolved later), and coordinates in decimal degrees.
"""

from __future__ import annotations

import math
import re

from hadrut_kg.curated.fields import QID, Checks
from hadrut_kg.curated.records import Value, Where
from hadrut_kg.curated.yamlfile import Located
from hadrut_kg.vocabulary.namespaces import WIKIDATA, iri_problem


def coordinates(ck: Checks, raw: Located, w: Where) -> Value | None:
    """Latitude and longitude in decimal degrees, and the coordinates as the source writes them."""
    ok = True
    for key, low, high in (("lat", -90, 90), ("lon", -180, 180)):
        v = raw.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
            ck.problem(w, key, f"expected a decimal degree between {low} and {high}, got {v!r}",
                       raw.line_of(key))
            ok = False
    written = raw.get("as_written")
    return Value("coordinates", (raw["lat"], raw["lon"], written if isinstance(written, str) else None)) if ok else None


def object_value(ck: Checks, raw: Located, spec, w: Where) -> Value | None:
    """The value of a fact, in the one field its property's kind of value takes (o, v, iri or name)."""
    key = {"entity": "o", "concept": "o", "date": "o", "iri": "iri", "name": "name"}.get(spec.value, "v")
    present = [k for k in ("o", "v", "iri", "name") if k in raw]
    if present != [key]:
        ck.problem(w, key, f"property '{spec.key}' takes its value in '{key}'"
                   + (f", not in {', '.join(present)}" if present else ""), raw.line)
        return None
    return typed(ck, raw, key, spec, w)


def typed(ck: Checks, raw: Located, key: str, spec, w: Where) -> Value | None:
    """Check one value against the kind of value the property takes."""
    v, line = raw[key], raw.line_of(key)
    kind = spec.value
    if kind == "integer":
        if isinstance(v, bool) or not isinstance(v, int):
            ck.problem(w, key, f"expected a whole number for {spec.key}, got {v!r}", line)
            return None
    elif kind == "decimal":
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            ck.problem(w, key, f"expected a finite number for {spec.key}, got {v!r}", line)
            return None
    elif kind == "text":
        if not isinstance(v, str) or not v.strip():
            ck.problem(w, key, f"expected a text for {spec.key}, got {v!r}", line)
            return None
    elif kind == "date":
        v = ck.date(raw, key, w)
        if v is None:
            return None
    elif kind == "concept":
        v = ck.concept(spec.range, v, w, key, line)
        if v is None:
            return None
    elif kind == "iri":
        if not isinstance(v, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", v):
            ck.problem(w, key, f"expected an http(s) IRI, got {v!r}", line)
            return None
        if v.startswith(WIKIDATA) and not QID.match(v[len(WIKIDATA):]):
            ck.problem(w, key, f"expected a Wikidata item IRI {WIKIDATA}Q…, got {v!r}", line)
            return None
        if iri_problem(v):
            ck.problem(w, key, f"{_clip(v)!r} is refused: {iri_problem(v)}", line)
            return None
    elif kind in ("entity", "name", "statement"):
        if not isinstance(v, str):
            ck.problem(w, key, f"expected a reference, got {v!r}", line)
            return None
        ck.pending_refs.append((Where(w.file, line, w.record), key, kind, v, spec))
    return Value(kind, v)


def _clip(iri: str, limit: int = 300) -> str:
    """An IRI shown in a problem: its start, so the reason after it is never cut off."""
    return iri if len(iri) <= limit else iri[:limit] + "…"
