"""The language-tag table of hadrut_kg.vocabulary.langtags gives langcodes' own answers, and other tags go to langcodes."""

import langcodes
import pytest

from hadrut_kg.vocabulary import langtags

TABLE_TAGS = sorted({*langtags.LIKELY_SCRIPT,
                     *(f"{lang}-{script}" for lang in langtags.LIKELY_SCRIPT for script in langtags.SCRIPTS)})


@pytest.mark.parametrize("tag", TABLE_TAGS)
def test_the_table_agrees_with_langcodes(tag):
    assert langtags._known(tag) is not None
    assert langtags.is_valid(tag) is True
    assert langtags.is_valid(tag) == langcodes.tag_is_valid(tag)
    assert langtags.script(tag) == (langcodes.Language.get(tag).maximize().script or "Zyyy")


def test_the_likely_scripts_are_cldrs():
    assert {lang: langtags.script(lang) for lang in ("hy", "az", "ru", "en", "ka")} == \
        {"hy": "Armn", "az": "Latn", "ru": "Cyrl", "en": "Latn", "ka": "Geor"}


@pytest.mark.parametrize("tag, valid, script", [
    ("az-Arab-IR", True, "Arab"),   # a region: not the table's form, langcodes answers
    ("el", True, "Grek"),           # a language outside the table
    ("HY", True, "Armn"),           # not in canonical case
    ("hy-Qaaa", True, "Qaaa"),      # a script outside the table (private use)
    ("xx-Latn", False, None),       # no such language
    ("en-Zzzzz", False, None),      # a malformed script subtag
])
def test_other_tags_go_to_langcodes(tag, valid, script):
    assert langtags._known(tag) is None
    assert langtags.is_valid(tag) is valid
    if valid:
        assert langtags.script(tag) == script


@pytest.mark.parametrize("tag", TABLE_TAGS)
def test_the_fast_canonical_case_is_langcodes_case(tag):
    """canonical_tag answers table tags without langcodes; the answer is the one langcodes gives."""
    expected = langcodes.Language.get(tag.lower(), normalize=False).to_tag()
    assert langtags.canonical_tag(tag.lower()) == langtags.canonical_tag(tag.upper()) == expected
