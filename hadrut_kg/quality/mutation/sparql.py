"""Mutants of a SPARQL query: each one changes a single operator of the query's logic.

The text is read with a small SPARQL lexer, so an operator inside a comment, a string or an IRI is never
touched (`<` opening `<http://…>` is an IRI, `<` between two terms a comparison). What is mutated, as the
operators the date rules of question 3 turn on:
- a comparison made strict or loose (`<` and `<=`, `>` and `>=`) or negated (`=` and `!=`);
- `&&` and `||` swapped;
- a logical `!` dropped, `NOT EXISTS` turned into `EXISTS`;
- `BOUND(?x)` negated (`!BOUND(?x)`).
A mutant that no engine could parse is still listed; the caller parses it and sets it apart (stillborn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens the lexer must step over whole, in the order they are tried (SPARQL 1.1 grammar: IRIREF, the four
# string forms, comments, variables, prefixed names), then the operators to mutate.
_SKIP = re.compile(r'''
    (?P<skip>
        <[^<>"{}|^`\\\x00-\x20]*>                      # IRIREF
      | """(?:[^"\\]|\\.|"(?!""))*"""                   # long strings
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | \#[^\n]*                                        # comment
      | [?$][A-Za-z0-9_]+                               # variable
      | [A-Za-z_][A-Za-z0-9_.-]*:[A-Za-z0-9_.:%-]*      # prefixed name
    )
  | (?P<op><=|>=|!=|&&|\|\||<|>|=|!)
  | (?P<word>\bNOT\s+EXISTS\b|\bBOUND\s*\()
''', re.VERBOSE | re.IGNORECASE)

_SWAP = {"<": ["<="], "<=": ["<"], ">": [">="], ">=": [">"], "=": ["!="], "!=": ["="], "&&": ["||"],
         "||": ["&&"], "!": [""]}


@dataclass(frozen=True)
class Mutant:
    """One changed operator: where (1-based line and column), what it was and what it became, and the text."""
    ident: str
    line: int
    column: int
    original: str
    replacement: str
    text: str

    def describe(self) -> str:
        return f"line {self.line}:{self.column} {self.original!r} -> {self.replacement!r}"


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def mutants(text: str, name: str = "query") -> list[Mutant]:
    """Every single-operator mutant of the query text, in the order the operators appear."""
    out: list[Mutant] = []
    where_at = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    start_at = where_at.start() if where_at else 0  # the prologue holds no logic (PREFIX IRIs only)
    for match in _SKIP.finditer(text, start_at):
        if match.lastgroup == "skip":
            continue
        original = match.group(0)
        if match.lastgroup == "word":
            replacements = ["EXISTS"] if original.upper().startswith("NOT") else ["!" + original]
        else:
            replacements = _SWAP[original]
        for replacement in replacements:
            line, column = _where(text, match.start())
            mutated = text[:match.start()] + replacement + text[match.end():]
            out.append(Mutant(f"{name}:{line}:{column}:{original}>{replacement}", line, column, original,
                              replacement, mutated))
    return out
