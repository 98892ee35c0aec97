"""Dates as precise as the sources give them: EDTF strings and their earliest/latest bounds.

A small parser of its own reads the EDTF forms the data uses — days, months, years, seasons, unspecified digits
(12XX), uncertainty marks, intervals with open ends, and sets with ranges and open ends ([..2020-11-09],
[2020-10-14,2020-10-15]) — and computes their bounds with the standard library: the same bounds as the `edtf`
library (tests/test_dates.py compares every form), about a thousand times faster (the library's grammar costs
5–26 ms a date). Any other form goes to the `edtf` library, imported only then. This module also decides the
precision each bound is published at (day, month or year, as written) and rejects what EDTF allows but a fact
cannot mean (no bound at all, an end before the start, a day that is not in the calendar, a year outside 1–9999:
see docs/dates.md).
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}|[0-9]{2}XX|[0-9]{3}X|[0-9]{4}")
# The fast forms, kept inside what the edtf library's grammar accepts (tests/test_dates.py checks that):
# a level-0 date (day, month or year), optionally marked uncertain/approximate (the mark does not move the bounds);
# a year with unspecified last digits (12XX, 199X); a season (2020-21 … 2020-24).
_LEVEL0 = re.compile(r"([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)([~?%]?)")
_UNSPECIFIED = re.compile(r"[0-9]{2}XX|[0-9]{3}X")
_SEASON = re.compile(r"([0-9]{4})-(2[1-4])")
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}  # the edtf library's reading: winter is December
_OPEN = None  # an open end ("..")
FIRST_YEAR, LAST_YEAR = 1, 9999  # the years a date may fall in: four digits, the same year in XSD 1.0, 1.1 and EDTF

Day = tuple[int, int, int]  # year, month, day


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


class _NotFast(Exception):
    """A form the fast parser does not read: the edtf library decides."""


def _precision(token: str) -> str:
    """Day, month (a season counts as months) or year, from how the bound was written."""
    return {10: "date", 7: "gYearMonth"}.get(len(token), "gYear")


def _bound(day: Day, precision: str) -> Bound:
    if not FIRST_YEAR <= day[0] <= LAST_YEAR:  # parse_date refuses these first; the text order needs four digits
        raise DateProblem(f"year {day[0]} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    text = f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"
    return Bound(text[: {"date": 10, "gYearMonth": 7, "gYear": 4}[precision]], precision, text)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(token: str, season: bool = False, unspecified: bool = False, mark: bool = True) -> tuple[Day, Day]:
    """First and last day of one date of the fast forms; which forms count depends on where the date stands."""
    if season and (match := _SEASON.fullmatch(token)):
        year, (first, last) = int(match[1]), _SEASONS[int(match[2])]
        return (year, first, 1), (year, last, _last_day(year, last))
    if unspecified and _UNSPECIFIED.fullmatch(token):
        return (int(token.replace("X", "0")), 1, 1), (int(token.replace("X", "9")), 12, 31)
    match = _LEVEL0.fullmatch(token)
    if match is None or (match[2] and not mark):
        raise _NotFast
    parts = [int(x) for x in match[1].split("-")]
    year = parts[0]
    if year < 1:
        raise _NotFast  # year 0 (1 BC) is outside the standard library's calendar
    if len(parts) == 1:
        return (year, 1, 1), (year, 12, 31)
    month = parts[1]
    if not 1 <= month <= 12:
        raise _NotFast  # the edtf library decides (seasons elsewhere, or a refusal)
    if len(parts) == 2:
        return (year, month, 1), (year, month, _last_day(year, month))
    try:
        datetime.date(year, month, parts[2])
    except ValueError:
        raise DateProblem(f"'{token}' is not a day of the calendar") from None
    return (year, month, parts[2]), (year, month, parts[2])


def _set(body: str, open_ends: bool) -> tuple[Day | None, Day | None]:
    """A set ([one of] or {all of}) of two or more members, or of one range: a member is a date, or a range a..b
    of two unmarked level-0 dates of the same precision; in a [one of] set the first may be ..b and the last a..
    (open)."""
    members = body.split(",")
    firsts, lasts = [], []
    for i, member in enumerate(members):
        if ".." in member:
            a, _, b = member.partition("..")
            if (".." in b or (not (a and b) and not open_ends) or (not a and i != 0) or (not b and i != len(members) - 1) or not (a or b)
                    or (a and b and len(a) != len(b))):
                raise _NotFast
            firsts.append(_span(a, mark=False)[0] if a else _OPEN)
            lasts.append(_span(b, mark=False)[1] if b else _OPEN)
        elif len(members) < 2:
            raise _NotFast
        else:
            first, last = _span(member, unspecified=True)
            firsts.append(first)
            lasts.append(last)
    lower = _OPEN if _OPEN in firsts else min(firsts)
    upper = _OPEN if _OPEN in lasts else max(lasts)
    return lower, upper


def fast_bounds(text: str) -> tuple[Day | None, Day | None]:
    """Earliest and latest day of an EDTF string of the fast forms (None for an open end); raises _NotFast for
    any other form."""
    if text[:1] in "[{":
        if text[-1:] != {"[": "]", "{": "}"}[text[0]] or len(text) < 3:
            raise _NotFast
        return _set(text[1:-1], open_ends=text[0] == "[")
    if "/" in text:
        start, sep, end = text.partition("/")
        if "/" in end:
            raise _NotFast
        lower = _OPEN if start == ".." else _span(start, season=True)[0]
        upper = _OPEN if end == ".." else _span(end, season=True)[1]
        return lower, upper
    return _span(text, season=True, unspecified=True)


def _library_bounds(text: str) -> tuple[Day | None, Day | None]:
    from edtf import parse_edtf  # imported only for forms the fast parser does not read
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        raise DateProblem(f"'{text}' is not EDTF; expected e.g. 1991-09-02, 1993-08, 1991-05/1991-06, "
                          "[2020-10-14,2020-10-15], 2020-23 (autumn), 12XX (1200s), [..2020-11-09]") from None

    def day(struct) -> Day | None:
        if isinstance(struct, float) and math.isinf(struct):
            return None
        return struct.tm_year, struct.tm_mon, struct.tm_mday

    return day(parsed.lower_strict()), day(parsed.upper_strict())


@lru_cache(maxsize=65536)
def parse_date(text: str) -> DateValue:
    """Parse an EDTF string; raise DateProblem for a malformed, unbounded or inverted date."""
    if not isinstance(text, str) or not text.strip():
        raise DateProblem("expected an EDTF date string such as 1991-09-02, 1991-05/1991-06 or [2020-10-14,2020-10-15]")
    try:
        lower, upper = fast_bounds(text)
    except _NotFast:
        lower, upper = _library_bounds(text)
    if lower is None and upper is None:
        raise DateProblem(f"'{text}' has no bound at all; give at least an earliest or a latest date")
    # Years 1 to 9999 only (docs/dates.md): a year before 1 means another year under XSD 1.0 than under XSD 1.1 and
    # EDTF, and a day is compared as its YYYY-MM-DD text, which orders days rightly only with four-digit years.
    if any(bound is not None and bound[0] < FIRST_YEAR for bound in (lower, upper)):
        raise DateProblem(f"'{text}' lies before the year 1; dates of this dataset are years 1 to 9999")
    if any(bound is not None and bound[0] > LAST_YEAR for bound in (lower, upper)):
        raise DateProblem(f"'{text}' lies after the year 9999; dates of this dataset are years 1 to 9999")
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise DateProblem(f"'{text}' has no year in it")
    earliest = None if lower is None else _bound(lower, _precision(tokens[0]))
    latest = None if upper is None else _bound(upper, _precision(tokens[-1]))
    if earliest and latest and earliest.day > latest.day:
        raise DateProblem(f"'{text}' ends before it starts ({earliest.day} > {latest.day})")
    return DateValue(text, earliest, latest)
