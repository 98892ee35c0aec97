"""Query results as the user asked for them: a text table, or the standard SPARQL 1.1 results formats; graphs
(CONSTRUCT/DESCRIBE) as Turtle.

JSON is pyoxigraph's writer. CSV and TSV are written here, from the terms, by the rules of "SPARQL 1.1 Query
Results CSV and TSV Formats": CSV through Python's csv module (every field holding a comma, quote, CR or LF is
quoted — pyoxigraph 0.5 leaves IRIs with a comma unquoted), values only, CRLF line ends; TSV with `?`-prefixed
headers, terms in their N-Triples form (pyoxigraph escapes tab, CR and LF inside literals), LF line ends.
Language tags come out in their BCP 47 case (az-Cyrl) in every format (see tagcase.py)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pyoxigraph as ox

from hadrut_kg.queries.tagcase import json_results, tag_term, tag_variables
from hadrut_kg.vocabulary.langtags import restore_in_rdf
from hadrut_kg.vocabulary.text import visible

FORMATS = ("table", "csv", "tsv", "json")
RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON}


@dataclass
class Table:
    """A SELECT result held in memory: variable names and rows of terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        """Rows as dicts of RDF terms (None where unbound)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def values(self, prefixes: dict[str, str] | None = None) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings: IRIs (compacted when prefixes are given) and literal values."""
        return [{v: plain(t, prefixes) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]


def plain(term, prefixes: dict[str, str] | None = None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode) and prefixes:
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns) and "/" not in term.value[len(ns):]:
                return f"{prefix}:{term.value[len(ns):]}"
    return term.value


def table(result, text: str | None = None) -> Table:
    """The solutions in memory; given the query text, the values of variables bound to LANG(?x) are tags in their
    BCP 47 case."""
    variables = [v.value for v in result.variables]
    rows = [tuple(solution[v] for v in variables) for solution in result]
    tags = tag_variables(text) & set(variables)
    if tags:
        fix = [v in tags for v in variables]
        rows = [tuple(tag_term(t) if f else t for t, f in zip(row, fix, strict=True)) for row in rows]
    return Table(variables, rows)


def render_table(tab: Table, prefixes: dict[str, str]) -> str:
    """The rows as an aligned text table for a terminal: control, bidi and zero-width characters, tabs and line
    breaks shown as U+XXXX, never raw (they could rewrite the screen or hide text)."""
    cells = [[visible(plain(t, prefixes) or "", breaks=True) for t in row] for row in tab.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(tab.variables)]
    line = lambda values: "  ".join(val.ljust(w) for val, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(tab.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def turtle_of(triples, prefixes: dict[str, str]) -> bytes:
    """Triples of a CONSTRUCT/DESCRIBE as Turtle, sorted so the same answer always prints the same."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return restore_in_rdf(ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def csv_value(term) -> str:
    """A term as a SPARQL CSV value: the IRI or the literal's lexical form; `_:` and the label for a blank node."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_csv(tab: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(tab.variables)
    writer.writerows([csv_value(t) for t in row] for row in tab.rows)
    return buffer.getvalue().encode("utf-8")


def to_tsv(tab: Table) -> bytes:
    lines = ["\t".join(f"?{v}" for v in tab.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in tab.rows]
    return restore_in_rdf(("\n".join(lines) + "\n").encode("utf-8"))  # terms in N-Triples form: their tags


def render(result, fmt: str, prefixes: dict[str, str], text: str | None = None) -> bytes:
    """Serialize a pyoxigraph query result in the chosen format; text (the query) names the variables that hold
    language tags."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return b"true\n" if bool(result) else b"false\n"
        return result.serialize(format=RESULT_FORMATS[fmt])
    if isinstance(result, (ox.QueryTriples, list)):
        return turtle_of(result, prefixes)
    if fmt == "table":
        return render_table(table(result, text), prefixes).encode()
    if fmt == "csv":
        return to_csv(table(result, text))
    if fmt == "tsv":
        return to_tsv(table(result, text))
    return json_results(result.serialize(format=RESULT_FORMATS[fmt]), tag_variables(text))
