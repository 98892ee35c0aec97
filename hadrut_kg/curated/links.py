"""A link from an entity to a Wikidata item or a gazetteer record (Who's On First, GeoNames): skos:exactMatch or
skos:closeMatch, with the evidence for it and the day it was checked. Becomes a fact of its own, citing its source.
"""

from __future__ import annotations

import re

from hadrut_kg.curated.fields import QID, Checks
from hadrut_kg.curated.records import Fact, Value, Where
from hadrut_kg.curated.yamlfile import Located
from hadrut_kg.vocabulary.namespaces import WIKIDATA

LINK_MATCH = {"exact": "exactMatch", "close": "closeMatch"}
# Gazetteers a link may point at (besides Wikidata), by the slug that names the link's statement.
GAZETTEER_IRIS = {"wof": re.compile(r"^https://spelunker\.whosonfirst\.org/id/([1-9][0-9]{0,15})/$"),
                  "geonames": re.compile(r"^https://sws\.geonames\.org/([1-9][0-9]{0,15})/$")}


def read_link(ck: Checks, rec: object, display: str) -> None:
    """A link from a record to a Wikidata item (qid) or a gazetteer record (iri: a Who's On First or GeoNames
    identifier): skos:exactMatch or skos:closeMatch, with its evidence and check date."""
    about = rec.get("about", "") if isinstance(rec, dict) else ""
    w = Where(display, getattr(rec, "line", 0), "" if isinstance(about, (list, dict)) else about)
    if not isinstance(rec, Located):
        ck.problem(w, "links", f"expected a mapping (about, qid or iri, match, …), got {str(rec)[:60]!r}")
        return
    if not ck.fields(rec, w, {"about", "match", "evidence", "checked", "cite"}, {"qid", "iri", "note"}):
        return
    if isinstance(rec["about"], (list, dict)):  # a scalar that names no record is an unknown reference, below
        ck.problem(w, "about", f"expected the id of a record, got {rec['about']!r}", rec.line_of("about"))
        return
    entity = ck.data.entities.get(rec["about"])
    if entity is None:
        ck.problem(w, "about", f"unknown reference '{rec['about']}'; no record has this id", rec.line_of("about"))
        return
    if ("qid" in rec) == ("iri" in rec):
        ck.problem(w, "qid", "give either qid (a Wikidata item) or iri (a gazetteer record), not both or neither")
        return
    if "qid" in rec:
        qid = rec["qid"]
        if not isinstance(qid, str) or not QID.match(qid):
            ck.problem(w, "qid", f"expected a Wikidata item id like Q227, got {qid!r}", rec.line_of("qid"))
            return
        target, slug = WIKIDATA + qid, qid
    else:
        iri = rec["iri"]
        found = next(((name, m) for name, pattern in GAZETTEER_IRIS.items()
                      if isinstance(iri, str) and (m := pattern.match(iri))), None)
        if found is None:
            ck.problem(w, "iri", "expected a gazetteer record IRI, one of "
                       f"{', '.join(p.pattern for p in GAZETTEER_IRIS.values())}; got {str(iri)[:100]!r}",
                       rec.line_of("iri"))
            return
        target, slug = iri, f"{found[0]}-{found[1].group(1)}"
    match = rec["match"]
    if match not in LINK_MATCH:
        ck.problem(w, "match", f"expected exact or close, got {match!r}", rec.line_of("match"))
        return
    evidence = ck.string(rec, "evidence", w)
    checked = rec["checked"]
    try:
        import datetime
        datetime.date.fromisoformat(str(checked))
    except ValueError:
        ck.problem(w, "checked", f"expected the check date as YYYY-MM-DD, got {checked!r}", rec.line_of("checked"))
        return
    if evidence is None:
        return
    qualifiers = {"evidence": Value("text", evidence), "checkedOn": Value("xsd-date", str(checked))}
    if "note" in rec:
        qualifiers["note"] = Value("text", str(rec["note"]))
    prop = LINK_MATCH[match]
    ck.data.facts.append(Fact(f"{entity.id}--{prop}--{slug}", entity.id, prop, Value("iri", target),
                              qualifiers, ck.cites(rec, w, None), w))
