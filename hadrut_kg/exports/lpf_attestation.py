"""When a place that no source dates is attested, for its Linked Places feature.

WHG's LPF schema wants a `when` somewhere in every feature (on the feature, a name, a geometry, a type or a
relation). For a place whose names, relations and types carry no date, nothing about the place itself can be
given without inventing it. What the sources do give is their own date: a document is written no earlier than
the latest day it reports as certain (the largest earliest bound of the dates it states; "14 or 15 October 2020"
counts as 14 October). So such a feature's `when` is the attestation by the documents that name it: one timespan
per document with a known day, starting no earlier than that day and left open (LPF reads a start alone as one
time), labelled with the document and the fact that no source dates the place. No document in the registry
carries a publication date of its own, so there is no citation year to use instead. A place named only by
documents that report no date keeps an empty list of timespans, labelled as undated: WHG's schema accepts it, and
it claims no time."""

from __future__ import annotations

import pyoxigraph as ox

from hadrut_kg.queries.embedded import execute
from hadrut_kg.queries.results import table

UNDATED = "the sources give no date for this place"

LATEST_REPORTED = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc (MAX(?day) AS ?latest) WHERE {
  { ?st prov:wasDerivedFrom ?section ; rdf:object ?date . ?date a hkg:DateValue ; hkg:earliestDate ?earliest . }
  UNION
  { ?name a hkg:Name ; prov:wasDerivedFrom ?section ; hkg:nameStart|hkg:nameEnd ?date . ?date hkg:earliest ?earliest . }
  ?section dcterms:isPartOf ?doc .
  BIND (STR(?earliest) AS ?day)
} GROUP BY ?doc"""


def latest_reported_days(store: ox.Store) -> dict[str, str]:
    """Source document IRI → the latest day (YYYY-MM-DD) it states as certain, for documents stating any date."""
    return {r["doc"]: r["latest"] for r in table(execute(store, LATEST_REPORTED)).values() if r["latest"]}


def attested_when(citations: list[dict], days: dict[str, str]) -> dict:
    """The `when` of a feature no source dates, from the documents that cite its names ({"label", "@id"})."""
    documents = sorted({(c["@id"], c["label"]) for c in citations if c["@id"] in days},
                       key=lambda d: (days[d[0]], d[0]))
    if not documents:
        return {"timespans": [], "label": UNDATED}
    said = "; ".join(f"{label} ({iri}) was written on or after {days[iri]}, the latest day it reports"
                     for iri, label in documents)
    return {"timespans": [{"start": {"earliest": days[iri]}} for iri, _ in documents],
            "label": f"when the place is attested: {said}; {UNDATED}"}
