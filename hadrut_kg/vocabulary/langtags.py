"""Language tags in the case BCP 47 recommends (RFC 5646 section 2.1.1): language lower case, script title case,
region upper case — `az-Cyrl`, `hy-Latn`, `und-Latn`, `ru`.

Why this is needed: language tags are case-insensitive (RFC 5646; RDF 1.1 compares them so), and pyoxigraph
lower-cases every tag when it makes a literal (`Literal("x", language="az-Cyrl").language == "az-cyrl"`), so what
it serializes and what `LANG()` returns in its store are lower case. rdflib and Jena keep the case they read. The
published files, query results and exports restore the recommended case on the way out, with the functions here:
`canonical_tag` for one tag, `restore_in_rdf` for N-Triples, Turtle or TriG text written by pyoxigraph.

Only the case ever changes: a tag that langcodes cannot read, or would rewrite beyond its case (a deprecated code,
a redundant script), is left as it is.

Also here: whether a tag is valid BCP 47 and the script it is written in (`is_valid`, `script`). langcodes answers
all of it, but importing it (its registry data) was the largest import of `hadrut-kg build` (50 ms of 0.3 s): the
tags the curated data uses are answered from a small table, every other tag by langcodes, imported only then.
tests/test_langtags.py checks that the table gives langcodes' own answers, so it cannot drift from it.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)
def canonical_tag(tag: str) -> str:
    """The tag in the recommended case (`az-cyrl` → `az-Cyrl`); any other string unchanged."""
    language, _, rest = tag.partition("-")
    if _known(f"{language.lower()}-{rest.title()}" if rest else language.lower()):
        return f"{language.lower()}-{rest.title()}" if rest else language.lower()
    import langcodes

    if not tag or not langcodes.tag_is_valid(tag):
        return tag
    try:
        formatted = langcodes.Language.get(tag, normalize=False).to_tag()
    except (ValueError, LookupError):
        return tag
    return formatted if formatted.lower() == tag.lower() else tag


# A string literal as pyoxigraph writes it in N-Triples, Turtle and TriG: short form on one line, with `"` and `\`
# escaped (it writes no long strings and no comments; IRIs cannot hold a `"`).
_STRING = re.compile(rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
# Where a tag that can change case may follow a literal: a tag with a subtag (a lone language subtag is lower case
# already). Found with one fast search over the text; each hit is then checked against the strings of its line, so a
# `"@az-cyrl` inside a literal's text is left alone.
_CANDIDATE = re.compile(rb'"@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})+)')


def _ends_a_string(data: bytes, quote: int) -> bool:
    """Whether the `"` at `quote` closes a string literal (rather than opening one, or sitting inside one)."""
    start = data.rfind(b"\n", 0, quote) + 1
    return any(m.end() == quote + 1 for m in _STRING.finditer(data, start, quote + 1))


def restore_in_rdf(data: bytes) -> bytes:
    """N-Triples, Turtle or TriG text (as pyoxigraph writes it) with every language tag in the recommended case."""
    parts, done = [], 0
    for match in _CANDIDATE.finditer(data):
        tag = match.group(1).decode("ascii")
        fixed = canonical_tag(tag)
        if fixed != tag and _ends_a_string(data, match.start()):
            parts += [data[done:match.start(1)], fixed.encode("ascii")]
            done = match.end(1)
    return b"".join(parts) + data[done:] if parts else data


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
