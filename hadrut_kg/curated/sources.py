"""The source registry (data/sources.yaml): each source a record cites, with its IRI, licence (or the rights
statement saying why there is none), role and the sections a citation may name. Read before any other record, so
every record may cite every source.
"""

from __future__ import annotations

import datetime
import re

from hadrut_kg.curated.fields import SLUG, Checks
from hadrut_kg.curated.records import Source, Where
from hadrut_kg.curated.yamlfile import Located
from hadrut_kg.vocabulary.namespaces import iri_problem

HTTP_IRI = re.compile(r"^https?://[^\x00-\x20<>\"{}|\\^`]+$")


def read_sources(ck: Checks, content: object, display: str) -> None:
    """Check and register each source of a `sources:` list, with its sections."""
    where = Where(display, 1, "")
    if not isinstance(content.get("sources"), list):
        ck.problem(where, "sources", "expected a mapping with a list under 'sources'")
        return
    for rec in content["sources"]:
        w = Where(display, getattr(rec, "line", 1), rec.get("id", "") if isinstance(rec, dict) else "")
        if not isinstance(rec, Located):
            ck.problem(w, "", "expected a mapping")
            continue
        if not ck.fields(rec, w, {"id", "iri", "title", "publisher", "licence", "role", "sections"},
                         {"file", "rights", "copied", "issued"}):
            continue
        if rec["licence"] is None and not rec.get("rights"):
            ck.problem(w, "licence", "give the licence IRI, or licence: null with a 'rights' statement saying "
                       "why there is none", rec.line_of("licence"))
        elif rec["licence"] is not None and not (isinstance(rec["licence"], str) and HTTP_IRI.match(rec["licence"])):
            ck.problem(w, "licence", f"expected the licence as an http(s) IRI, got {rec['licence']!r}",
                       rec.line_of("licence"))
            continue
        if not isinstance(rec["id"], str) or not SLUG.match(rec["id"]):
            ck.problem(w, "id", f"expected a lower-case slug like 'wp-en-hadrut', got {rec['id']!r}",
                       rec.line_of("id"))
            continue
        if rec["id"] in ck.data.sources:
            ck.problem(w, "id", f"duplicate source id '{rec['id']}'", rec.line_of("id"))
            continue
        if not isinstance(rec["iri"], str) or not HTTP_IRI.match(rec["iri"]):
            ck.problem(w, "iri", f"expected an http(s) IRI, got {rec['iri']!r}", rec.line_of("iri"))
            continue
        if iri_problem(rec["iri"]):  # it would be written (site) or redirected to (serve) where it points; the
            # source is still registered, so its citations raise no further problems: this one names the cause
            ck.problem(w, "iri", f"{_clip(rec['iri'])!r} is refused: {iri_problem(rec['iri'])}", rec.line_of("iri"))
        if not isinstance(rec["sections"], list):
            ck.problem(w, "sections", "expected a list of sections (id, title)", rec.line_of("sections"))
            continue
        role = ck.concept(ck.onto.classes["SourceRole"], rec["role"], w, "role", rec.line_of("role"))
        sections: dict[str, tuple[str, str | None]] = {}
        for sec in rec["sections"]:
            sw = Where(display, getattr(sec, "line", w.line), w.record)
            if not isinstance(sec, Located):
                ck.problem(sw, "sections", f"expected a mapping with id and title, got {sec!r}")
                continue
            if not ck.fields(sec, sw, {"id", "title"}, {"note"}):
                continue
            if not SLUG.match(str(sec["id"])) or sec["id"] in sections:
                ck.problem(sw, "id", f"section id {sec['id']!r} must be a unique lower-case slug",
                           sec.line_of("id"))
                continue
            sections[sec["id"]] = (str(sec["title"]), sec.get("note"))
        days = {}
        for key in ("copied", "issued"):
            if key in rec:
                days[key] = _day(ck, rec, key, w)
        ck.data.sources[rec["id"]] = Source(rec["id"], str(rec["iri"]), str(rec["title"]), str(rec["publisher"]),
                                            rec["licence"] and str(rec["licence"]), role or "",
                                            str(rec.get("file", "")), sections, w, rec.get("rights"),
                                            days.get("copied"), days.get("issued"))


def _day(ck: Checks, rec: Located, key: str, w: Where) -> str | None:
    """A day of the source record (copy taken, published), written YYYY-MM-DD."""
    value = rec[key]
    text = value.isoformat() if isinstance(value, datetime.date) else value
    try:
        if isinstance(text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            datetime.date.fromisoformat(text)
            return text
    except ValueError:
        pass
    ck.problem(w, key, f"expected a day written YYYY-MM-DD, got {value!r}", rec.line_of(key))
    return None


def _clip(iri: str, limit: int = 300) -> str:
    """An IRI shown in a problem: its start, so the reason after it is never cut off."""
    return iri if len(iri) <= limit else iri[:limit] + "…"
