"""Language tags of names: whether a tag is valid BCP 47 and the script it is written in.

langcodes answers both, but importing it (its registry data) was the largest import of `hadrut-kg build`: 50 ms
of the real build's 0.3 s of imports, 140 ms with the machine busy. The tags the curated data uses are answered
from the small table below, every other tag by langcodes, imported only then. tests/test_langtags.py checks that
the table gives langcodes' own answers, so it cannot drift from it.
"""

from __future__ import annotations

# Language subtag -> its likely script (CLDR, as langcodes.Language.maximize gives it).
LIKELY_SCRIPT = {"az": "Latn", "en": "Latn", "hy": "Armn", "it": "Latn", "ka": "Geor", "ru": "Cyrl", "tr": "Latn",
                 "und": "Latn"}
# Script subtags the table answers for "language-Script" tags (ISO 15924).
SCRIPTS = {"Arab", "Armn", "Cyrl", "Geor", "Latn"}


def _known(tag: str) -> tuple[str, str] | None:
    """(language, script) for a tag of the table's form: a language of the table, alone or with a script of the
    table, in canonical case; None for any other tag."""
    language, _, script = tag.partition("-")
    if language not in LIKELY_SCRIPT:
        return None
    if not script:
        return language, LIKELY_SCRIPT[language]
    return (language, script) if script in SCRIPTS else None


def is_valid(tag: str) -> bool:
    """Whether `tag` is a valid BCP 47 language tag (langcodes.tag_is_valid)."""
    if _known(tag):
        return True
    import langcodes

    return langcodes.tag_is_valid(tag)


def script(tag: str) -> str:
    """ISO 15924 script of a valid tag: its own script subtag, else the language's likely script; "Zyyy"
    (undetermined) when langcodes knows none."""
    known = _known(tag)
    if known:
        return known[1]
    import langcodes

    return langcodes.Language.get(tag).maximize().script or "Zyyy"
