"""The state of one check of data/*.yaml, and the field checks every kind of record shares.

A `Checks` holds the problems found so far (each with file, line, record and field), the records read so far and
the references to resolve once every file is read. Its field checks (allowed fields, a non-empty text, citations,
EDTF dates and their order, a value from a controlled vocabulary, a list) report a problem and return None or a
default instead of raising, so one run lists every problem in the data.
"""

from __future__ import annotations

import re

from hadrut_kg.curated.dates import DateProblem, DateValue, parse_date
from hadrut_kg.curated.errors import DataProblem
from hadrut_kg.curated.records import Citation, Dataset, Where
from hadrut_kg.curated.yamlfile import Located
from hadrut_kg.vocabulary.ontology import Ontology
from hadrut_kg.vocabulary.text import hidden_character, visible

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
MAX_MESSAGE = 500  # characters of one problem's message: a value from the file is never printed unbounded


class Checks:
    """Collects problems while turning parsed YAML into records: one run's problems, the records read so far, and
    the field checks that report into it."""

    def __init__(self, onto: Ontology):
        self.onto = onto
        self.problems: list[DataProblem] = []
        self.data = Dataset()
        self.pending_refs: list[tuple] = []  # where, field, kind, target, property spec
        self.extensions: list[tuple] = []  # "about" and link records, applied after every file is read

    def problem(self, where: Where, fld: str, message: str, line: int | None = None) -> None:
        """Record one problem; the message is cut to MAX_MESSAGE characters and the field name to 80."""
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        self.problems.append(DataProblem(where.file, line or where.line, where.record, str(fld)[:80], message))

    def fields(self, rec: Located, where: Where, required: set[str], optional: set[str]) -> bool:
        """Report every unknown and every missing field of a mapping; False if there was any."""
        ok = True
        for key in rec:
            if key not in required | optional:
                self.problem(where, str(key), f"unknown field; expected one of {', '.join(sorted(required | optional))}",
                             rec.line_of(key))
                ok = False
        for key in sorted(required - rec.keys()):
            self.problem(where, key, "missing required field")
            ok = False
        return ok

    def string(self, rec: Located, key: str, where: Where) -> str | None:
        """The text under key, or None (reported) when it is not a non-empty text; None when absent."""
        value = rec.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, key, f"expected a non-empty text, got {visible(repr(value))}", rec.line_of(key))
            return None
        if hidden_character(value):  # it would reorder, hide or rewrite text wherever the value is shown
            self.problem(where, key, f"holds the control, bidi or invisible character {hidden_character(value)}: "
                         f"{visible(value)[:80]!r}; remove it", rec.line_of(key))
            return None
        return value

    def cites(self, rec: Located, where: Where, default: list[Citation] | None) -> list[Citation]:
        """The record's citations ('source/section', one or a list), each checked against the registry;
        default (the enclosing record's) when the record gives none."""
        if "cite" not in rec:
            if default:
                return default
            self.problem(where, "cite", "missing source: give 'cite: source/section' (see data/sources.yaml)")
            return []
        raw = rec["cite"]
        items = raw if isinstance(raw, list) else [raw]
        result = []
        for item in items:
            if not isinstance(item, str) or item.count("/") != 1:
                self.problem(where, "cite", f"expected 'source/section', got {item!r}", rec.line_of("cite"))
                continue
            source, section = item.split("/")
            src = self.data.sources.get(source)
            if src is None:
                self.problem(where, "cite", f"unknown source '{source}'; known: {', '.join(sorted(self.data.sources))}",
                             rec.line_of("cite"))
            elif section not in src.sections:
                self.problem(where, "cite", f"source '{source}' has no section '{section}'; known: "
                             f"{', '.join(src.sections)}", rec.line_of("cite"))
            else:
                result.append(Citation(source, section))
        if not items:
            self.problem(where, "cite", "empty citation list", rec.line_of("cite"))
        return result

    def date(self, rec: Located, key: str, where: Where) -> DateValue | None:
        """The EDTF date under key, or None when absent or (reported) malformed."""
        if key not in rec:
            return None
        raw = rec[key]
        try:
            return parse_date(str(raw) if isinstance(raw, int) else raw)
        except DateProblem as exc:
            self.problem(where, key, str(exc), rec.line_of(key))
            return None

    def ordered(self, start: DateValue | None, end: DateValue | None, where: Where, line: int) -> None:
        """Report an end that is certainly before the start."""
        if start and end and start.earliest and end.latest and start.earliest.day > end.latest.day:
            self.problem(where, "end", f"ends ({end.edtf}) before it starts ({start.edtf})", line)

    def concept(self, rng: str, value: object, where: Where, fld: str, line: int) -> str | None:
        """The value if it names a concept of the scheme of class rng, else None (reported)."""
        scheme = self.onto.concepts[rng]
        if value not in scheme:
            self.problem(where, fld, f"unknown value {value!r}; expected one of {', '.join(sorted(scheme))}", line)
            return None
        return value

    def list_of(self, rec: Located, key: str, where: Where) -> list:
        """The list under key ([] when absent, or reported when it is not a list)."""
        value = rec.get(key, [])
        if not isinstance(value, list):
            self.problem(where, key, "expected a list", rec.line_of(key))
            return []
        return value
