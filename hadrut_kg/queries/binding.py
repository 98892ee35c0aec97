"""Where a parameter's VALUES block goes: at the start of the query's WHERE group, found on SPARQL's own tokens
and confirmed on a parse of the bound query, never on the raw text.

Why not the engine's binding: pyoxigraph's `substitutions` follow SEP-0007 and refuse a variable that is not in
the SELECT projection ("does not contains variable ?x in its SELECT projection"), and our parameters (?date,
?unit) are not projected. So the block is placed in the text, the same text for the embedded store and for a
remote endpoint, and the place is decided as follows:

1. rdflib's SPARQL terminals (strings of the four kinds, IRIs, prefixed names, variables) and comments are
   scanned with pyparsing, so a `WHERE {` inside a comment (`SELECT ?v  # … WHERE {`), a string or an IRI is
   skipped, exactly as the grammar skips it;
2. the query with an `UNDEF` block per parameter at that place is parsed by rdflib's SPARQL parser, and the
   first parts of the query's WHERE group must be those blocks, in order; otherwise the query is refused rather
   than run with its parameters silently unbound. A query rdflib cannot parse is left to the engine, whose own
   syntax error (line and column) the user then sees.

Both steps depend on the text and the parameter names only, so they are cached per query. The queries the
package ships (`queries/*.rq`, `queries/checks/*.rq`) are confirmed by the tests (tests/test_query_cli.py parses
each with its parameters placed), not again on every run: rdflib's parse of question 3 alone takes over half a
second, paid by every command that runs it. A text that differs from a shipped file by a byte is parsed as any.
"""

from __future__ import annotations

from functools import lru_cache

import pyparsing as pp

from hadrut_kg.errors import QueryError


class BindingError(QueryError):
    """The parameters have no place in this query (no WHERE group, or one the parse does not confirm)."""


@lru_cache(maxsize=1)
def _scanner() -> pp.ParserElement:
    """A token scanner on rdflib's own terminals; the first alternative matching at a position wins, so a
    `#` or a quote inside a string, IRI or prefixed name (`ex:a\\#b`) never starts a comment or a string."""
    from rdflib.plugins.sparql import parser as grammar

    comment = pp.Regex(r"#[^\r\n]*")
    where = (pp.CaselessKeyword("WHERE") + pp.Literal("{")).ignore(comment).set_results_name("where")
    skipped = [grammar.STRING_LITERAL_LONG1, grammar.STRING_LITERAL_LONG2, grammar.STRING_LITERAL1,
               grammar.STRING_LITERAL2, grammar.IRIREF, grammar.PNAME_LN, grammar.PNAME_NS, grammar.VAR1,
               grammar.VAR2, comment]
    return pp.MatchFirst([where] + [t.copy().set_parse_action(lambda: []) for t in skipped])


def where_group_start(text: str) -> int | None:
    """The offset just after the `{` that opens the first WHERE group outside comments, strings and IRIs."""
    for tokens, _, end in _scanner().scan_string(text):
        if tokens.get("where") is not None:
            return end
    return None


def _confirmed(bound: str, names: tuple[str, ...]) -> bool | None:
    """Whether the WHERE group of the parsed query starts with one UNDEF block per name, in order; None when
    rdflib cannot parse the query at all."""
    from rdflib import Variable
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(bound)
    except Exception:  # noqa: BLE001 — any parse failure: the engine reports its own syntax error
        return None
    where = parsed[1].get("where")
    parts = list(where.get("part", [])) if where is not None else []
    found = [list(p.get("var", [])) for p in parts[: len(names)] if getattr(p, "name", "") == "InlineData"]
    return found == [[Variable(n)] for n in names]


def _splice(text: str, at: int, blocks: list[str]) -> str:
    """The blocks on the line of the brace, so the line numbers of a syntax error stay the user's."""
    return text[:at] + "".join(f" {b}" for b in blocks) + " " + text[at:]


@lru_cache(maxsize=1)
def shipped() -> frozenset[str]:
    """The texts of the queries the package ships, whose placement the tests confirm on a parse."""
    from hadrut_kg.paths import CHECKS, QUERIES

    return frozenset(p.read_text(encoding="utf-8") for folder in (QUERIES, CHECKS) for p in folder.glob("*.rq"))


@lru_cache(maxsize=256)
def place(text: str, names: tuple[str, ...]) -> int:
    """The offset where the VALUES blocks of `names` go; BindingError when there is none the parse confirms."""
    at = where_group_start(text)
    if at is None:
        raise BindingError("parameters need a query with a WHERE { … } clause to bind them in")
    if text in shipped():
        return at
    if _confirmed(_splice(text, at, [f"VALUES ?{n} {{ UNDEF }}" for n in names]), names) is False:
        raise BindingError("the parameters cannot be placed at the start of this query's WHERE group (a parse "
                           "of the query does not find them there); write the query with WHERE { … }")
    return at


def bind_values(text: str, values: dict[str, object]) -> str:
    """The query with one single-value VALUES block per parameter at the start of its WHERE group (one block per
    variable, not one row of all: Oxigraph's optimizer treats a single-variable block as a constant, which keeps
    property paths from the parameter fast). The terms are serialized by pyoxigraph, never by hand."""
    if not values:
        return text
    at = place(text, tuple(values))
    return _splice(text, at, [f"VALUES ?{name} {{ {term} }}" for name, term in values.items()])
