"""Language tags in query results in their BCP 47 case (`az-Cyrl`, not pyoxigraph's `az-cyrl`).

Two places a tag shows up in a SELECT result: as the language of a literal (`"Һадрут"@az-Cyrl`), and as the value
of a variable bound to `LANG(…)` (a plain string). pyoxigraph lower-cases both (see vocabulary/langtags.py); so do
other stores that normalise tags, while rdflib and Jena keep the case of the file. The first kind is put right by
the writers (a literal's tag is always a tag). The second is a plain string like any other, so it is put right only
in the variables the query itself binds to `LANG(?x)` — `BIND (LANG(?name) AS ?lang)` or `(LANG(?x) AS ?l)` —
found in the query text; a tag computed some other way (`IF(…, LANG(?x), …)`) is left as the engine gave it.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from hadrut_kg.vocabulary.langtags import canonical_tag

_LANG_BOUND = re.compile(r"\bLANG\s*\(\s*[?$]\w+\s*\)\s+AS\s+[?$](\w+)", re.IGNORECASE)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def tag_variables(text: str | None) -> frozenset[str]:
    """The variables the query binds to LANG(?x)."""
    return frozenset(_LANG_BOUND.findall(text)) if text else frozenset()


def tag_term(term):
    """A plain string holding a language tag, with the tag in its BCP 47 case; any other term unchanged."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == _XSD_STRING:
        fixed = canonical_tag(term.value)
        if fixed != term.value:
            return ox.Literal(fixed)
    return term


def json_results(data: bytes, tags: frozenset[str]) -> bytes:
    """SPARQL JSON results (as pyoxigraph writes them) with every language tag in its BCP 47 case: the
    `xml:lang` of literals, and the values of the variables in `tags`. Unchanged bytes when nothing changes."""
    doc = json.loads(data)
    changed = False
    for binding in doc.get("results", {}).get("bindings", []):
        for var, value in binding.items():
            if "xml:lang" in value:
                fixed = canonical_tag(value["xml:lang"])
                changed |= fixed != value["xml:lang"]
                value["xml:lang"] = fixed
            elif var in tags and value.get("type") == "literal" and value.get("datatype", _XSD_STRING) == _XSD_STRING:
                fixed = canonical_tag(value["value"])
                changed |= fixed != value["value"]
                value["value"] = fixed
    if not changed:
        return data
    # The same compact form pyoxigraph writes.
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
