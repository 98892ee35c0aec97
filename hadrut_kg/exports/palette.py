"""One colour per holder, shared by the time map, the chart and the pages, so the same country, unit or group
has the same colour wherever a reader meets it.

Holders are every object of a part-of, located-in, administered-by, controlled-by or claimed-by statement, in
the order of their IRIs; each gets the next colour of a fixed list (Okabe and Ito's colour-blind-safe set, then
Paul Tol's "muted" set). Colour is never the only cue: the map hatches and labels, the chart labels each row.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288",
           "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
NOTHING = "#bdbdbd"  # no statement answers: grey

HOLDERS = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?holder ?label WHERE {
  VALUES ?p { hkg:partOf hkg:locatedIn hkg:administeredBy hkg:controlledBy hkg:claimedBy }
  ?st a hkg:Statement ; rdf:predicate ?p ; rdf:object ?holder .
  OPTIONAL { ?holder rdfs:label ?label0 FILTER (LANG(?label0) = "en" || LANG(?label0) = "") }
  BIND (COALESCE(?label0, STR(?holder)) AS ?label)
} ORDER BY ?holder ?label
"""


def holders(store: ox.Store) -> dict[str, tuple[str, str]]:
    """{holder IRI: (English label, colour)}, in IRI order; a holder beyond the list's length reuses its colours
    (the label still tells them apart)."""
    found: dict[str, str] = {}
    for row in store.query(HOLDERS):
        found.setdefault(row["holder"].value, row["label"].value)
    return {iri: (label, COLOURS[i % len(COLOURS)]) for i, (iri, label) in enumerate(found.items())}


def colour(store: ox.Store, holder: str) -> str:
    """The colour of one holder; grey for one that is no holder."""
    return holders(store).get(holder, ("", NOTHING))[1]


def codes(labels: dict[str, str]) -> dict[str, str]:
    """A short code per holder for readers without colour: the initials of its label's words, its remark in
    parentheses left out ('Republic of Artsakh' → 'RA', 'Azerbaijani–Turkish coalition' → 'ATc'), a one-word
    label's first three letters ('Azerbaijan' → 'Aze'); a code already taken gets more letters of its label."""
    found: dict[str, str] = {}
    for iri, label in labels.items():
        plain = label.split(" (", 1)[0]
        words = [w for w in re.split(r"[\s\-–]+", plain) if w and w.lower() not in ("of", "in", "the", "and")]
        code = words[0][:3] if len(words) == 1 else "".join(w[0] for w in words)
        letters = re.sub(r"\W", "", plain)
        n = len(code)
        while code in found.values() and n < len(letters):
            n += 1
            code = letters[:n]
        found[iri] = code
    return found
