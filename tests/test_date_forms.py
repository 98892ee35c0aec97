"""Every date form curated/dates.py reads itself, with the first and last day it covers and the precision each
bound is published at, written by hand from the EDTF specification (Library of Congress, levels 0-2): a year runs
from 1 January to 31 December, a month to its last day (28 or 29 February by the Gregorian leap rule), a season
21-24 is spring, summer, autumn, winter (March-May, June-August, September-November and, as the edtf library reads
it, December), 12XX is 1200-1299, an interval runs from its start's first day to its end's last, a set [one of] or
{all of} from its earliest member's first day to its latest member's last, ".." leaves that end open, and the
marks ~ ? % move no bound. Each bound keeps the precision it is written at (its XSD type: date, gYearMonth or
gYear). tests/test_dates.py compares the same parser with the edtf library instead."""

from __future__ import annotations

import pytest

from hadrut_kg.curated.dates import DateProblem, parse_date

D, M, Y = "date", "gYearMonth", "gYear"

# form -> (earliest day, its lexical form and type), (latest day, lexical form, type); None for an open end
FORMS = {
    # days, months, years
    "1930-08-08": (("1930-08-08", "1930-08-08", D), ("1930-08-08", "1930-08-08", D)),
    "2000-02-29": (("2000-02-29", "2000-02-29", D), ("2000-02-29", "2000-02-29", D)),
    "1993-08": (("1993-08-01", "1993-08", M), ("1993-08-31", "1993-08", M)),
    "1993-04": (("1993-04-01", "1993-04", M), ("1993-04-30", "1993-04", M)),
    "1922-12": (("1922-12-01", "1922-12", M), ("1922-12-31", "1922-12", M)),
    "2020-02": (("2020-02-01", "2020-02", M), ("2020-02-29", "2020-02", M)),  # a leap year
    "1900-02": (("1900-02-01", "1900-02", M), ("1900-02-28", "1900-02", M)),  # a century, no leap year
    "2000-02": (("2000-02-01", "2000-02", M), ("2000-02-29", "2000-02", M)),  # divisible by 400: a leap year
    "1933": (("1933-01-01", "1933", Y), ("1933-12-31", "1933", Y)),
    "0001": (("0001-01-01", "0001", Y), ("0001-12-31", "0001", Y)),
    # seasons
    "2020-21": (("2020-03-01", "2020-03", M), ("2020-05-31", "2020-05", M)),
    "2020-22": (("2020-06-01", "2020-06", M), ("2020-08-31", "2020-08", M)),
    "2020-23": (("2020-09-01", "2020-09", M), ("2020-11-30", "2020-11", M)),
    "2020-24": (("2020-12-01", "2020-12", M), ("2020-12-31", "2020-12", M)),
    # unspecified digits
    "12XX": (("1200-01-01", "1200", Y), ("1299-12-31", "1299", Y)),
    "199X": (("1990-01-01", "1990", Y), ("1999-12-31", "1999", Y)),
    # uncertainty marks
    "2020~": (("2020-01-01", "2020", Y), ("2020-12-31", "2020", Y)),
    "2020?": (("2020-01-01", "2020", Y), ("2020-12-31", "2020", Y)),
    "2020-05%": (("2020-05-01", "2020-05", M), ("2020-05-31", "2020-05", M)),
    "2020-05-01~": (("2020-05-01", "2020-05-01", D), ("2020-05-01", "2020-05-01", D)),
    # intervals, closed and open
    "1991-05/1991-06": (("1991-05-01", "1991-05", M), ("1991-06-30", "1991-06", M)),
    "1241/1248": (("1241-01-01", "1241", Y), ("1248-12-31", "1248", Y)),
    "1991-09-02/1993-08": (("1991-09-02", "1991-09-02", D), ("1993-08-31", "1993-08", M)),
    "2020/2020-09-01": (("2020-01-01", "2020", Y), ("2020-09-01", "2020-09-01", D)),
    "2020-12-12/2020-12-13": (("2020-12-12", "2020-12-12", D), ("2020-12-13", "2020-12-13", D)),
    "2020-21/2020-23": (("2020-03-01", "2020-03", M), ("2020-11-30", "2020-11", M)),
    "2020/2020-24": (("2020-01-01", "2020", Y), ("2020-12-31", "2020-12", M)),
    "1990~/1992?": (("1990-01-01", "1990", Y), ("1992-12-31", "1992", Y)),
    "../2020-05": (None, ("2020-05-31", "2020-05", M)),
    "2020-05/..": (("2020-05-01", "2020-05", M), None),
    # sets: one of [..], all of {..}, ranges and open ends
    "[..1991-09-02]": (None, ("1991-09-02", "1991-09-02", D)),
    "[..2020]": (None, ("2020-12-31", "2020", Y)),
    "[2020-11-13..]": (("2020-11-13", "2020-11-13", D), None),
    "[2020-10-14,2020-10-15]": (("2020-10-14", "2020-10-14", D), ("2020-10-15", "2020-10-15", D)),
    "[2020-10-14,2020-10-15,2020-10-17]": (("2020-10-14", "2020-10-14", D), ("2020-10-17", "2020-10-17", D)),
    "[2020,2018]": (("2018-01-01", "2018", Y), ("2020-12-31", "2020", Y)),  # members in any order
    "[12XX,1400]": (("1200-01-01", "1200", Y), ("1400-12-31", "1400", Y)),
    "[1990..1992]": (("1990-01-01", "1990", Y), ("1992-12-31", "1992", Y)),
    "[2020-01..2020-03,2021]": (("2020-01-01", "2020-01", M), ("2021-12-31", "2021", Y)),
    "[..2019,2021]": (None, ("2021-12-31", "2021", Y)),
    "[2018,2020..]": (("2018-01-01", "2018", Y), None),
    "[2020~,2021]": (("2020-01-01", "2020", Y), ("2021-12-31", "2021", Y)),
    "{2020-01,2020-03}": (("2020-01-01", "2020-01", M), ("2020-03-31", "2020-03", M)),
    "{2020-01..2020-03}": (("2020-01-01", "2020-01", M), ("2020-03-31", "2020-03", M)),
    # forms the edtf library reads for it: an unspecified day, a marked season with an open end
    "2020-05-XX": (("2020-05-01", "2020-05", M), ("2020-05-31", "2020-05", M)),
    "2020-05-XX/2020-06": (("2020-05-01", "2020-05", M), ("2020-06-30", "2020-06", M)),
    "2020-21~/..": (("2020-03-01", "2020-03", M), None),
    "../2020-21~": (None, ("2020-05-31", "2020-05", M)),
}
NOT_EDTF = ("' is not EDTF; expected e.g. 1991-09-02, 1993-08, 1991-05/1991-06, [2020-10-14,2020-10-15], "
            "2020-23 (autumn), 12XX (1200s), [..2020-11-09]")


@pytest.fixture(autouse=True)
def parsed_afresh():
    """parse_date keeps an LRU cache: each test parses its form again, so what it checks is the code as it is now
    (a process that parsed the form before, e.g. mutmut's, would otherwise answer from the cache)."""
    parse_date.cache_clear()


def _bound(bound):
    return None if bound is None else (bound.day, bound.lexical, bound.xsd_type)


@pytest.mark.parametrize("text", FORMS)
def test_first_and_last_day_of_each_form(text):
    value = parse_date(text)
    assert (value.edtf, _bound(value.earliest), _bound(value.latest)) == (text, *FORMS[text])


@pytest.mark.parametrize("text, message", [
    ("2019-02-29", "'2019-02-29' is not a day of the calendar"),  # not a leap year
    ("1900-02-29", "'1900-02-29' is not a day of the calendar"),  # a century, not a leap year
    ("1991-04-31", "'1991-04-31' is not a day of the calendar"),
    ("1991-09-02/1991-09-01", "'1991-09-02/1991-09-01' ends before it starts (1991-09-02 > 1991-09-01)"),
    ("[1992..1990]", "'[1992..1990]' ends before it starts (1992-01-01 > 1990-12-31)"),
    ("../..", "'../..' has no bound at all; give at least an earliest or a latest date"),
    ("", "expected an EDTF date string such as 1991-09-02, 1991-05/1991-06 or [2020-10-14,2020-10-15]"),
    # an open end only at the start of the first member or the end of the last; a set closes; a range takes
    # no marks (EDTF level 2)
    ("[2020,..2021]", "'[2020,..2021]" + NOT_EDTF),
    ("[2020..,2021]", "'[2020..,2021]" + NOT_EDTF),
    ("[..2020", "'[..2020" + NOT_EDTF),
    ("[..20200", "'[..20200" + NOT_EDTF),  # unclosed: ..2020 and a stray digit, not a set
    ("[2020~..2021]", "'[2020~..2021]" + NOT_EDTF),
    ("[2020..2021~]", "'[2020..2021~]" + NOT_EDTF),
    ("X", "'X" + NOT_EDTF),
    ("14 October 2020", "'14 October 2020" + NOT_EDTF),
])
def test_what_no_day_can_mean_is_refused_with_its_reason(text, message):
    with pytest.raises(DateProblem) as caught:
        parse_date(text)
    assert str(caught.value) == message
