"""The fast EDTF parser against the edtf library: identical earliest and latest days on every form it reads
(each form the data uses, and a seeded sample of every combination), and what it leaves to the library."""

from __future__ import annotations

import math
import random
import time

import pytest
from edtf import parse_edtf

from hadrut_kg.curated.dates import DateProblem, _NotFast, fast_bounds, parse_date


def library(text: str) -> tuple[str | None, str | None]:
    parsed = parse_edtf(text)

    def day(struct):
        return None if isinstance(struct, float) and math.isinf(struct) else time.strftime("%Y-%m-%d", struct)

    return day(parsed.lower_strict()), day(parsed.upper_strict())


def fast(text: str) -> tuple[str | None, str | None]:
    return tuple(None if d is None else f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}" for d in fast_bounds(text))


# Every form the data uses (data/*.yaml), then the other forms the fast parser reads.
DATA_FORMS = ["1930-08-08", "1993-08", "1933", "1991-05/1991-06", "1241/1248", "12XX", "13XX", "2020-23",
              "[..1991-09-02]", "[..2020-11-09]", "[..2020]", "[2020-10-14,2020-10-15]", "[2020-11-13..]"]
OTHER_FORMS = ["2020-21", "2020-22", "2020-24", "199X", "2000-02-29", "1900-02", "2020-02", "1991-09-02/1993-08",
               "2020~", "2020?", "2020%", "2020-05-01~", "2020-21/2020-23", "2020/2020-24", "../2020-05", "2020-05/..",
               "[12XX,1400]", "[2020,2018]", "[2020~,2021]", "[2020-01..2020-03,2021]", "[1990..1992]",
               "{2020-01,2020-03}", "{2020-01..2020-03}", "[2020-10-14,2020-10-15,2020-10-17]",
               "[..2019,2021]", "[2018,2020..]"]


@pytest.mark.parametrize("text", DATA_FORMS + OTHER_FORMS)
def test_fast_parser_gives_the_edtf_librarys_bounds(text):
    assert fast(text) == library(text)
    value = parse_date(text)
    assert ((value.earliest and value.earliest.day), (value.latest and value.latest.day)) == library(text)


def _sample(rng: random.Random) -> str:
    year = rng.randint(1000, 2030)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    plain = [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}", f"{year // 100}XX", f"{year // 10}X"]
    point = plain + [f"{year}-{rng.randint(21, 24)}"]
    mark = lambda t: t + rng.choice(["", "", "~", "?", "%"])  # noqa: E731
    kind = rng.randrange(4)
    if kind == 0:
        return mark(rng.choice(point))
    if kind == 1:
        return f"{rng.choice(['..', mark(rng.choice(point))])}/{mark(rng.choice(point))}"
    members = [rng.choice(plain) if rng.random() < 0.7 else f"{rng.choice(plain)}..{rng.choice(plain)}"
               for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        members[0] = ".." + members[0].split("..")[-1]
    if rng.random() < 0.3:
        members[-1] = members[-1].split("..")[0] + ".."
    return ("[{}]" if kind == 2 else "{{{}}}").format(",".join(members))


@pytest.mark.slow  # 600 dates through the edtf library's slow grammar
def test_fast_parser_agrees_with_the_library_on_a_seeded_sample():
    rng = random.Random(14)
    compared = 0
    for _ in range(600):  # the library takes ~10 ms a date
        text = _sample(rng)
        try:
            expected = library(text)
        except Exception:  # noqa: BLE001 — a form the library rejects must not be read by the fast parser
            with pytest.raises((_NotFast, DateProblem)):
                fast_bounds(text)
            continue
        try:
            got = fast(text)
        except _NotFast:
            continue
        assert got == expected, text
        compared += 1
    assert compared > 150  # forms the fast parser read and the library agreed on


@pytest.mark.parametrize("text", ["2020-33", "1XXX", "12XX/1300", "20XX-05", "2020-05-XX", "-0100", "Y12345", "0000", "2020-13",
                                  "1991-5", "[2020-21,2021]", "2020/2021/2022", " 2020", "[..]", "[]"])
def test_other_forms_are_left_to_the_library(text):
    with pytest.raises(_NotFast):
        fast_bounds(text)


@pytest.mark.parametrize("text", ["1991-02-30", "2019-02-29", "[2019-02-29,2020]"])
def test_a_day_not_in_the_calendar_is_refused(text):
    with pytest.raises(DateProblem, match="not a day of the calendar"):
        parse_date(text)


@pytest.mark.parametrize("text, message", [("[..]", "not EDTF"), ("../..", "no bound at all"),
                                           ("2021/2020", "ends before it starts"), ("14 October 2020", "not EDTF")])
def test_unusable_dates_are_refused(text, message):
    with pytest.raises(DateProblem, match=message):
        parse_date(text)


@pytest.mark.parametrize("text, message", [("Y12345", "'Y12345' lies after the year 9999"),
                                           ("Y10000", "'Y10000' lies after the year 9999"),
                                           ("-0100", "'-0100' lies before the year 1"),
                                           ("Y-12345", "'Y-12345' lies before the year 1"),
                                           ("-100-01-01", "'-100-01-01' is not EDTF")])
def test_years_outside_1_to_9999_are_refused(text, message):
    """XSD 1.0 has no year 0000 and reads -0001 as 1 BCE, XSD 1.1 and EDTF read 0000 as 1 BCE; and a day's text
    orders rightly only with four-digit years. So the dataset keeps to the years 1 to 9999 (docs/dates.md)."""
    with pytest.raises(DateProblem) as caught:
        parse_date(text)
    assert str(caught.value).startswith(message)


def test_the_first_and_last_years_keep_text_order_equal_to_day_order():
    first, last, before = parse_date("0001"), parse_date("9999"), parse_date("0999-12")
    assert (first.earliest.day, first.latest.day) == ("0001-01-01", "0001-12-31")
    assert (last.earliest.day, last.latest.day) == ("9999-01-01", "9999-12-31")
    assert (before.earliest.day, before.latest.day) == ("0999-12-01", "0999-12-31")
    assert first.latest.day < before.earliest.day < parse_date("1000").earliest.day < last.earliest.day


def test_precision_follows_how_each_bound_is_written():
    value = parse_date("[..2020-11-09]")
    assert value.earliest is None and (value.latest.lexical, value.latest.xsd_type) == ("2020-11-09", "date")
    value = parse_date("2020-23")
    assert (value.earliest.lexical, value.latest.lexical, value.latest.day) == ("2020-09", "2020-11", "2020-11-30")
    value = parse_date("12XX")
    assert (value.earliest.lexical, value.earliest.xsd_type, value.latest.day) == ("1200", "gYear", "1299-12-31")
