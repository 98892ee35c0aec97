"""The comparison keys: the per-script tables of docs/reconciliation.md ("Reconciling a list") give one key for
the spellings the data holds of one name, and different keys for different names."""

from __future__ import annotations

import pytest

from hadrut_kg.reconcile.keys import fold, keys, plain

SAME = [  # (names of one place, each with its language tag as in data/*.yaml)
    [("Hadrut", "en"), ("Հադրութ", "hy"), ("Гадрут", "ru"), ("Hadrut’", "hy-Latn")],
    [("Jebrail", "en"), ("Cəbrayıl", "az"), ("Джебраил", "ru")],
    [("Böyük Tağlar", "az"), ("Boyuk Taglar", None)],
    [("Mets Tagher", "en"), ("Մեծ Թաղեր", "hy"), ("Mets T’agher", "hy-Latn")],
    [("Xocavənd", "az"), ("Khojavend", "en")],
    [("Aghbulagh", "en"), ("Ağbulaq", "az")],
    [("Hin Tagher", "en"), ("Хин Тагер", "ru")],
]
BARE_SAME = [  # the same once the generic words (and the endings they govern) are dropped
    [("Հադրութի շրջան", "hy"), ("Гадрутский район", "ru"), ("Һадрут рајону", "az-Cyrl"), ("Hadrut rayonu", "az"),
     ("Hadrut District", "en"), ("Hadrut", "en")],
    [("Физулинский район", "ru"), ("Ֆիզուլիի շրջան", "hy"), ("Fizuli region", "en"), ("Fizuli", "en")],
]
DIFFERENT = [(("Böyük Tağlar", "az"), ("Köhnə Tağlar", "az")), (("Mets Tagher", "en"), ("Hin Tagher", "en")),
             (("Fizuli", "en"), ("Füzuli", "az")), (("Jrakus", "en"), ("Jrakan", "en"))]


def full(text, lang):
    return {k for k, _ in keys(text, lang)}


def bare(text, lang):
    return {b for _, b in keys(text, lang)}


@pytest.mark.parametrize("names", SAME)
def test_spellings_of_one_name_share_a_key(names):
    assert set.intersection(*(full(t, lang) for t, lang in names)), names


@pytest.mark.parametrize("names", BARE_SAME)
def test_generic_words_are_dropped_for_the_bare_key(names):
    assert set.intersection(*(bare(t, lang) for t, lang in names)), names


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_names_keep_different_keys(a, b):
    assert not full(*a) & full(*b) and not bare(*a) & bare(*b)


def test_folding():
    assert fold("Mets  T’agher-Kirs") == "mets tagher kirs"
    assert plain("Köhnə Tağlar") == "kohnə taglar"  # ə is a letter of its own, not a decorated e
    assert plain("ՄԵԾ") == "մեծ"


def test_an_unknown_latin_name_is_read_both_ways():
    """Cabrayil: English-style c, or Azerbaijani c (= j)? A query of unknown language keeps both readings."""
    assert full("Cabrayil", None) == {"cabrail", "jabrail"}
    assert full("Cabrayil", "az") == {"jabrail"}
