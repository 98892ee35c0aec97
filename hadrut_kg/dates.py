"""Dates as precise as the sources give them: EDTF strings and their earliest/latest bounds.

The `edtf` library parses and computes the bounds (plain ISO dates, EDTF level 0, go through the standard
library instead: same bounds, a thousand times faster); this module decides the precision each bound is published
at (day, month or year, as written) and rejects what EDTF allows but a fact cannot mean.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

_LEVEL0 = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{2}XX|\d{3}X|\d{4}")


@dataclass(frozen=True)
class Bound:
    """One bound: its lexical form at the source's precision, that precision's XSD type, and the widened day."""

    lexical: str
    xsd_type: str  # "date", "gYearMonth" or "gYear"
    day: str  # xsd:date


@dataclass(frozen=True)
class DateValue:
    edtf: str
    earliest: Bound | None
    latest: Bound | None


class DateProblem(ValueError):
    """The string is not a date this dataset can use; the message says what is expected."""


def _precision(token: str) -> str:
    """Day, month (a season counts as months) or year, from how the bound was written."""
    return {10: "date", 7: "gYearMonth"}.get(len(token), "gYear")


def _bound(struct: time.struct_time, precision: str) -> Bound:
    day = f"{struct.tm_year:04d}-{struct.tm_mon:02d}-{struct.tm_mday:02d}"
    return Bound(day[: {"date": 10, "gYearMonth": 7, "gYear": 4}[precision]], precision, day)


def _iso_bounds(token: str) -> tuple[time.struct_time, time.struct_time] | None:
    """First and last day of a plain ISO 8601 date, month or year (EDTF level 0), from the standard library;
    None if it is not a real date."""
    year, month, day = (int(x) for x in (token.split("-") + ["0", "0"])[:3])
    try:
        first = datetime.date(year, month or 1, day or 1)
        last = datetime.date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    except ValueError:
        return None
    return first.timetuple(), last.timetuple()


def _level0(text: str):
    """Bounds of a level-0 date or interval (1991-09-02, 1993-08, 1991-05/1991-06) without the EDTF grammar,
    which costs milliseconds a date; None for anything else (the edtf library decides)."""
    parts = text.split("/")
    if len(parts) > 2 or not all(_LEVEL0.fullmatch(p) for p in parts):
        return None
    bounds = [_iso_bounds(p) for p in parts]
    if None in bounds:
        return None
    return bounds[0][0], bounds[-1][1]


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateValue:
    """Parse an EDTF string; raise DateProblem for a malformed, unbounded or inverted date."""
    if not isinstance(text, str) or not text.strip():
        raise DateProblem("expected an EDTF date string such as 1991-09-02, 1991-05/1991-06 or [2020-10-14,2020-10-15]")
    fast = _level0(text)
    if fast is not None:
        return _value(text, *fast)
    from edtf import parse_edtf  # imported only for dates beyond level 0
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        raise DateProblem(f"'{text}' is not EDTF; expected e.g. 1991-09-02, 1993-08, 1991-05/1991-06, "
                          "[2020-10-14,2020-10-15], 2020-23 (autumn), 12XX (1200s), [..2020-11-09]") from None
    return _value(text, parsed.lower_strict(), parsed.upper_strict())


def _value(text: str, lower, upper) -> DateValue:
    lower_open = isinstance(lower, float) and math.isinf(lower)
    upper_open = isinstance(upper, float) and math.isinf(upper)
    if lower_open and upper_open:
        raise DateProblem(f"'{text}' has no bound at all; give at least an earliest or a latest date")
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise DateProblem(f"'{text}' has no year in it")
    earliest = None if lower_open else _bound(lower, _precision(tokens[0]))
    latest = None if upper_open else _bound(upper, _precision(tokens[-1]))
    if earliest and latest and earliest.day > latest.day:
        raise DateProblem(f"'{text}' ends before it starts ({earliest.day} > {latest.day})")
    return DateValue(text, earliest, latest)
