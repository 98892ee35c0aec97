"""Dates in words (issue 22, point 2): every EDTF form the data uses and every kind of pair of bounds, each
expected string written by hand; unknown forms come back unchanged rather than guessed at."""

from __future__ import annotations

import pytest

from hadrut_kg.vocabulary.datewords import bounds_words, edtf_words, ordinal


@pytest.mark.parametrize("edtf,words", [
    ("2020-23", "autumn 2020"),
    ("2020-21", "spring 2020"),
    ("[..2020-11-09]", "on or before 9 November 2020"),
    ("[2020-11-13..]", "on or after 13 November 2020"),
    ("[2020-10-14,2020-10-15]", "14 or 15 October 2020"),
    ("12XX", "13th century"),
    ("13XX", "14th century"),
    ("199X", "the 1990s"),
    ("1241/1248", "between 1241 and 1248"),
    ("1991-05/1991-06", "between May and June 1991"),
    # an interval as a start or an event's date is the window one moment fell in: the same words as its bounds
    ("2020-12-12/2020-12-13", "12 or 13 December 2020"),
    ("2020-12-12/2020-12-14", "between 12 and 14 December 2020"),
    ("2020/2020-09-01", "between 1 January and 1 September 2020"),
    ("2020/2020-11", "between January and November 2020"),
    ("1991-09-02/2026-11-22", "between 2 September 1991 and 22 November 2026"),
    ("1991-09-02/1993-08", "between 2 September 1991 and August 1993"),
    ("../1991-11-26", "on or before 26 November 1991"),
    ("1930-08-08", "8 August 1930"),
    ("1922-12", "December 1922"),
    ("1933", "1933"),
    ("1991?", "perhaps 1991"),
    ("1991~", "about 1991"),
    ("not a date", "not a date"),
    ("2020-13", "2020-13"),  # no month 13, no season 13: left as it is
])
def test_edtf_in_words(edtf, words):
    assert edtf_words(edtf) == words


@pytest.mark.parametrize("earliest,latest,words", [
    ("2020-09-01", "2020-11-30", "in autumn 2020"),
    (None, "2020-11-09", "on or before 9 November 2020"),
    ("2020-11-13", None, "on or after 13 November 2020"),
    ("2020-10-14", "2020-10-15", "14 or 15 October 2020"),
    ("2020-12-12", "2020-12-14", "between 12 and 14 December 2020"),
    ("1200-01-01", "1299-12-31", "in the 13th century"),
    ("1241-01-01", "1248-12-31", "between 1241 and 1248"),
    ("1991-01-01", "1991-12-31", "in 1991"),
    ("1991-05-01", "1991-06-30", "between May and June 1991"),
    ("2020-11-01", "2020-11-30", "in November 2020"),
    ("1930-08-08", "1930-08-08", "on 8 August 1930"),
    ("2020-01-01", "2020-11-09", "between 1 January and 9 November 2020"),  # the year said once
    ("1991-09-02", "2026-11-22", "between 2 September 1991 and 22 November 2026"),
    (None, None, "at an unknown time"),
])
def test_bounds_in_words(earliest, latest, words):
    assert bounds_words(earliest, latest) == words


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_an_interval_reads_as_its_bounds_read():
    """The same data reads the same on every page: an EDTF interval and the pair of days it stands for."""
    for edtf, (a, b) in {"2020-12-12/2020-12-13": ("2020-12-12", "2020-12-13"),
                         "2020/2020-09-01": ("2020-01-01", "2020-09-01")}.items():
        assert edtf_words(edtf) == bounds_words(a, b).removeprefix("on ")
