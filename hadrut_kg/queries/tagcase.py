"""Language tags in query results in their BCP 47 case (`az-Cyrl`, not pyoxigraph's `az-cyrl`).

Two places a tag shows up in a SELECT result: as the language of a literal (`"Һадрут"@az-Cyrl`), and as the value
of a variable bound to `LANG(…)` (a plain string). pyoxigraph lower-cases both (see vocabulary/langtags.py); so do
other stores that normalise tags, while rdflib and Jena keep the case of the file. The first kind is put right by
the writers (a literal's tag is always a tag). The second is a plain string like any other, so it is put right only
in the variables the query itself binds to `LANG(?x)` — `BIND (LANG(?name) AS ?lang)` or `(LANG(?x) AS ?l)` —
found in the query text; a tag computed some other way (`IF(…, LANG(?x), …)`) is left as the engine gave it.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox

from hadrut_kg.vocabulary.langtags import canonical_tag, restore_in_rdf

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


_XML_LANG = re.compile(rb'xml:lang="([^"<>&]*)"')


def _xml(data: bytes, tags: frozenset[str]) -> bytes:
    """RDF/XML or SPARQL XML results: the xml:lang attributes, and the literal values of the tag variables."""
    data = _XML_LANG.sub(lambda m: b'xml:lang="' + canonical_tag(m.group(1).decode()).encode() + b'"', data)
    for var in tags:
        pattern = re.compile(rb'(<binding name="' + re.escape(var.encode()) + rb'"><literal>)([^<]*)(</literal>)')
        data = pattern.sub(lambda m: m.group(1) + canonical_tag(m.group(2).decode()).encode() + m.group(3), data)
    return data


def _columns(header: list[str], tags: frozenset[str], prefix: str = "") -> list[int]:
    return [i for i, name in enumerate(header) if name.startswith(prefix) and name[len(prefix):] in tags]


def _tsv(data: bytes, tags: frozenset[str]) -> bytes:
    """SPARQL TSV: terms in N-Triples form, so literals' tags as in RDF text; tag variables' plain strings."""
    data = restore_in_rdf(data)
    lines = data.decode("utf-8").split("\n")
    columns = _columns(lines[0].split("\t"), tags, "?")
    if not columns:
        return data
    for n, line in enumerate(lines[1:], 1):
        cells = line.split("\t")
        for i in columns:
            if i < len(cells) and cells[i].startswith('"') and cells[i].endswith('"') and "\\" not in cells[i]:
                cells[i] = f'"{canonical_tag(cells[i][1:-1])}"'
        lines[n] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


def _csv(data: bytes, tags: frozenset[str]) -> bytes:
    """SPARQL CSV (values only): the tag variables' cells; rewritten only when a cell changes."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    columns = _columns(rows[0], tags) if rows else []
    changed = False
    for row in rows[1:]:
        for i in columns:
            if i < len(row) and canonical_tag(row[i]) != row[i]:
                row[i], changed = canonical_tag(row[i]), True
    if not changed:
        return data
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def restore_serialized(data: bytes, fmt, text: str | None) -> bytes:
    """A result pyoxigraph serialized (SPARQL results, or a graph), with its language tags in BCP 47 case."""
    tags = tag_variables(text)
    if fmt == ox.QueryResultsFormat.JSON:
        return json_results(data, tags)
    if fmt in (ox.QueryResultsFormat.XML, ox.RdfFormat.RDF_XML):
        return _xml(data, tags)
    if fmt == ox.QueryResultsFormat.TSV:
        return _tsv(data, tags)
    if fmt == ox.QueryResultsFormat.CSV:
        return _csv(data, tags) if tags else data
    return restore_in_rdf(data)  # Turtle, N-Triples
