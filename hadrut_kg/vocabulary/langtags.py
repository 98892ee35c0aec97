"""Language tags in the case BCP 47 recommends (RFC 5646 section 2.1.1): language lower case, script title case,
region upper case — `az-Cyrl`, `hy-Latn`, `und-Latn`, `ru`.

Why this is needed: language tags are case-insensitive (RFC 5646; RDF 1.1 compares them so), and pyoxigraph
lower-cases every tag when it makes a literal (`Literal("x", language="az-Cyrl").language == "az-cyrl"`), so what
it serializes and what `LANG()` returns in its store are lower case. rdflib and Jena keep the case they read. The
published files, query results and exports restore the recommended case on the way out, with the functions here:
`canonical_tag` for one tag, `restore_in_rdf` for N-Triples, Turtle or TriG text written by pyoxigraph.

Only the case ever changes: a tag that langcodes cannot read, or would rewrite beyond its case (a deprecated code,
a redundant script), is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

import langcodes


@lru_cache(maxsize=4096)
def canonical_tag(tag: str) -> str:
    """The tag in the recommended case (`az-cyrl` → `az-Cyrl`); any other string unchanged."""
    if not tag or not langcodes.tag_is_valid(tag):
        return tag
    try:
        formatted = langcodes.Language.get(tag, normalize=False).to_tag()
    except (ValueError, LookupError):
        return tag
    return formatted if formatted.lower() == tag.lower() else tag


# A string literal as pyoxigraph writes it in N-Triples, Turtle and TriG: short form, with `"` and `\` escaped,
# optionally followed by a language tag. Every string is matched whole, so the scan never starts inside one: a
# `"@xx-yy` inside a literal's text is left alone. (IRIs cannot hold a `"`, and pyoxigraph writes no comments.)
_STRING = re.compile(rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"(@[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)?')
# Only a tag with a subtag can change case (a lone language subtag is lower case already).
_MAY_CHANGE = re.compile(rb'"@[A-Za-z]{1,8}-')


def restore_in_rdf(data: bytes) -> bytes:
    """N-Triples, Turtle or TriG text (as pyoxigraph writes it) with every language tag in the recommended case."""
    if not _MAY_CHANGE.search(data):
        return data

    def fix(match: re.Match) -> bytes:
        tag = match.group(1)
        if tag is None or b"-" not in tag:
            return match.group(0)
        text = match.group(0)
        return text[:-len(tag) + 1] + canonical_tag(tag[1:].decode("ascii")).encode("ascii")

    return _STRING.sub(fix, data)
