"""Source documents are named by the document (issue 22's review, point 2): the label is written by hand from
data/sources.yaml's titles and publishers."""

import pytest

from hadrut_kg.vocabulary.documents import document_label


@pytest.mark.parametrize("title, publisher, label", [
    ("Hadrut Province", "Wikipedia", "Wikipedia: Hadrut Province"),
    ("Hadrut District", "Wikimapia", "Wikimapia: Hadrut District"),
    ("Azerbaijan Soviet Socialist Republic — English Wikipedia", "Wikipedia",
     "English Wikipedia: Azerbaijan Soviet Socialist Republic"),
    ("Böyük Kirs — Azerbaijani Wikipedia", "Wikipedia", "Azerbaijani Wikipedia: Böyük Kirs"),
    ("Azokh Cave — showcaves.com (the page's own address was not recorded; the site's address stands for it)",
     "showcaves.com", "showcaves.com: Azokh Cave"),
    ("azatutyun.am report of 16 December 2020 on Hin Tagher", "azatutyun.am",
     "azatutyun.am report of 16 December 2020 on Hin Tagher"),
    (None, None, "wikimapia"),
])
def test_a_document_is_named_by_its_title_and_publisher(title, publisher, label):
    assert document_label(title, publisher, "wikimapia") == label
