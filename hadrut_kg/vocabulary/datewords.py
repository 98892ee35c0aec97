"""Dates in English words for people: the EDTF forms the data uses ("2020-23", "[..2020-11-09]", "12XX",
"1241/1248", "[2020-10-14,2020-10-15]") and pairs of earliest/latest days ("2020-09-01".."2020-11-12").

The data keeps EDTF and ISO days; pages, the chart, the map and the index show these words and keep the EDTF in a
`data-edtf` attribute or a tooltip. A form this module does not know is returned as it is, never guessed at.
"""

from __future__ import annotations

import calendar
import re

SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_DAY = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_SEASON = re.compile(r"^([0-9]{4})-(2[1-4])$")
_UNSPECIFIED = re.compile(r"^([0-9]{2})XX$|^([0-9]{3})X$")
_MARK = re.compile(r"^(.*?)([~?%])$")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _level0(text: str) -> str | None:
    """One day, month, year, season, century (12XX) or decade (199X) in words; None for any other form."""
    found = _SEASON.match(text)
    if found:
        return f"{SEASONS[int(found.group(2))]} {int(found.group(1))}"
    found = _DAY.match(text)
    if found and (found.group(2) is None or 1 <= int(found.group(2)) <= 12):
        year, month, day = found.groups()
        if day:
            return f"{int(day)} {calendar.month_name[int(month)]} {int(year)}"
        if month:
            return f"{calendar.month_name[int(month)]} {int(year)}"
        return str(int(year))
    found = _UNSPECIFIED.match(text)
    if found:
        if found.group(1):
            return f"{ordinal(int(found.group(1)) + 1)} century"
        return f"the {int(found.group(2))}0s"
    return None


def _one(text: str) -> str | None:
    """A level-0 form with an optional uncertainty mark."""
    mark = _MARK.match(text)
    if mark:
        inner = _level0(mark.group(1))
        return None if inner is None else {"?": f"perhaps {inner}", "~": f"about {inner}",
                                           "%": f"perhaps about {inner}"}[mark.group(2)]
    return _level0(text)


def _same_month(a: str, b: str) -> str | None:
    """'14 or 15 October 2020' / '12–13 December 2020' style, when two days share month and year."""
    da, db = _DAY.match(a), _DAY.match(b)
    if da and db and da.group(3) and db.group(3) and da.group(1, 2) == db.group(1, 2):
        return f"{int(da.group(3))}", f"{int(db.group(3))} {calendar.month_name[int(db.group(2))]} {int(db.group(1))}"
    return None


def edtf_words(edtf: str) -> str:
    """An EDTF string in words: '2020-23' → 'autumn 2020', '[..2020-11-09]' → 'on or before 9 November 2020',
    '[2020-10-14,2020-10-15]' and '2020-12-12/2020-12-13' → '14 or 15 October 2020' / '12 or 13 December 2020'
    (one day of two), '2020/2020-09-01' → 'between 1 January and 1 September 2020', '12XX' → '13th century',
    '1241/1248' → 'between 1241 and 1248'. Unknown forms come back unchanged."""
    text = edtf.strip()
    single = _one(text)
    if single is not None:
        return single
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        if inner.startswith("..") and "," not in inner:
            end = _one(inner[2:])
            return f"on or before {end}" if end else edtf
        if inner.endswith("..") and "," not in inner:
            start = _one(inner[:-2])
            return f"on or after {start}" if start else edtf
        items = [i.strip() for i in inner.split(",")]
        words = [_one(i) for i in items]
        if len(items) == 2 and all(words):
            short = _same_month(*items)
            if short:
                return f"{short[0]} or {short[1]}"
        if items and all(words):
            return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
        return edtf
    if "/" in text:
        a, b = text.split("/", 1)
        if a in ("", "..") and _one(b):
            return f"on or before {_one(b)}"
        if b in ("", "..") and _one(a):
            return f"on or after {_one(a)}"
        wa, wb = _one(a), _one(b)
        # in this data an interval as a start, an end or an event's date is the window one moment fell in, read
        # as the window's first and last days read (the map, the chart and the pages then say the same)
        days = _window(a, b)
        if wa and wb and days:
            return _bare(bounds_words(*days))
        if wa and wb:
            ma, mb = re.match(r"^([0-9]{4})-([0-9]{2})$", a), re.match(r"^([0-9]{4})-([0-9]{2})$", b)
            if ma and mb and ma.group(1) == mb.group(1):
                return f"between {calendar.month_name[int(ma.group(2))]} and {wb}"
            return f"between {wa} and {wb}"
    return edtf


def _window(a: str, b: str) -> tuple[str, str] | None:
    """The first and last days of A/B when both are days, or A is a year that B's day or month lies in; else
    None (other mixes read best as they are written)."""
    da, db = _DAY.match(a), _DAY.match(b)
    if not (da and db and db.group(2)) or (da.group(2) and not da.group(3)):
        return None
    if not da.group(2) and da.group(1) != db.group(1):
        return None
    if da.group(3) and not db.group(3):  # a day to a month ('2 September 1991 and August 1993') reads as written
        return None
    first = a if da.group(3) else f"{a}-01-01"
    last = b if db.group(3) else f"{b}-{calendar.monthrange(int(db.group(1)), int(db.group(2)))[1]:02d}"
    return first, last


def _bare(words: str) -> str:
    """bounds_words without its leading 'on' / 'in' (an EDTF value reads as a bare date)."""
    for lead in ("on ", "in "):
        if words.startswith(lead):
            return words[len(lead):]
    return words


def _day_words(day: str) -> str:
    return _level0(day) or day


def _no_year(day: str) -> str:
    """'1 January' for 2020-01-01."""
    year, month, d = day.split("-")
    return f"{int(d)} {calendar.month_name[int(month)]}"


def bounds_words(earliest: str | None, latest: str | None) -> str:
    """A pair of ISO days in words: the same day → 'on 14 October 2020'; one side unknown → 'on or after …' /
    'on or before …'; a whole month, season or year → 'in October 2020' / 'in autumn 2020' / 'in 1991';
    otherwise 'between … and …'. Both unknown → 'at an unknown time'."""
    if not earliest and not latest:
        return "at an unknown time"
    if not earliest:
        return f"on or before {_day_words(latest)}"
    if not latest:
        return f"on or after {_day_words(earliest)}"
    if earliest == latest:
        return f"on {_day_words(earliest)}"
    whole = _whole_period(earliest, latest)
    if whole:
        return whole if whole.startswith("between ") else f"in {whole}"
    short = _same_month(earliest, latest)
    if short:
        a, b = short
        return f"{a} or {b}" if _next_day(earliest) == latest else f"between {a} and {b}"
    if earliest[:4] == latest[:4] and _DAY.match(earliest) and _DAY.match(latest):
        return f"between {_no_year(earliest)} and {_day_words(latest)}"  # the year said once
    return f"between {_day_words(earliest)} and {_day_words(latest)}"


def _next_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _whole_period(earliest: str, latest: str) -> str | None:
    """The month, season, year or century the two days exactly span, in words; None otherwise."""
    ya, ma, da = (int(x) for x in earliest.split("-"))
    yb, mb, db = (int(x) for x in latest.split("-"))
    if da != 1 or db != calendar.monthrange(yb, mb)[1]:
        return None
    if ya == yb and ma == mb:
        return f"{calendar.month_name[ma]} {ya}"
    if ya == yb and ma == 1 and mb == 12:
        return str(ya)
    if ya == yb:
        for code, (first, last) in {21: (3, 5), 22: (6, 8), 23: (9, 11)}.items():
            if (ma, mb) == (first, last):
                return f"{SEASONS[code]} {ya}"
        return f"between {calendar.month_name[ma]} and {calendar.month_name[mb]} {ya}"
    if ma == 1 and mb == 12 and ya % 100 == 0 and yb == ya + 99:
        return f"the {ordinal(ya // 100 + 1)} century"
    if ma == 1 and mb == 12:
        return f"between {ya} and {yb}"
    return None
