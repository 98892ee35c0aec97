"""The facts of an entity: a property of the ontology (or coordinates), its value and the qualifiers that bound it
in time or scope (start, end, the events that start or end it, a role, a note, …). Each becomes a statement with
its own id and citations.
"""

from __future__ import annotations

import re

from hadrut_kg.curated.fields import Checks
from hadrut_kg.curated.records import Entity, Fact, Value, Where, value_slug
from hadrut_kg.curated.values import coordinates
from hadrut_kg.curated.values import object_value
from hadrut_kg.curated.values import typed
from hadrut_kg.curated.yamlfile import Located

# YAML field of a fact -> ontology property of the statement qualifier it becomes.
QUALIFIERS = {
    "start": "start", "end": "end", "start_event": "startEvent", "end_event": "endEvent",
    "applies_to_part": "appliesToPart", "applies_to_place": "appliesToPlace", "role": "role",
    "direction": "direction", "distance_km": "distanceKm", "comparator": "comparator", "note": "note",
    "as_of": "pointInTime", "contradicts": "contradicts", "differs_from": "differsFrom",
    "held_through": "heldThrough", "ended": "endAttested", "alternative_to": "alternativeTo",
}
NOT_FACTS = {*QUALIFIERS.values(), "evidence", "checkedOn", "hasName", "nameText", "nameKind", "script", "nameStart", "nameEnd", "edtf", "earliest",
             "latest", "earliestDate", "latestDate", "sourceRole", "sectionId", "localFile", "timeBounds", "startBounds",
             "endBounds", "earliestBasis", "latestBasis", "earliestFrom", "latestFrom", "chronologicalRank",
             "variantOf", "nameStartEvent", "nameEndEvent", "writingWindow", "copiedOn", "sourceTimeBounds",
             "accordingTo", "pathFrom", "pathTo", "pathStatement", "pathKind", "viaText", "combinedStartBounds",
             "combinedEndBounds", "undatedStep", "pathView", "pathSource"}
COORDINATES = "coordinates"


def read_fact(ck: Checks, raw: object, entity: Entity, display: str) -> None:
    """One fact of an entity: its property, value, qualifiers, id (given, or made from subject, property
    and value) and citations."""
    w = Where(display, getattr(raw, "line", entity.where.line), entity.id)
    if not isinstance(raw, Located):
        ck.problem(w, "facts", f"expected a mapping, got {raw!r}")
        return
    prop = raw.get("p")
    spec = ck.onto.properties.get(prop) if isinstance(prop, str) else None
    object_keys = {"o", "v", "iri", "name", "lat", "lon", "as_written"}
    if prop != COORDINATES and (spec is None or prop in NOT_FACTS):
        usable = sorted(k for k in ck.onto.properties if k not in NOT_FACTS)
        ck.problem(w, "p", f"unknown property {prop!r}; expected one of {', '.join(usable)}, coordinates",
                   raw.line_of("p"))
        return
    if not ck.fields(raw, w, {"p"}, object_keys | set(QUALIFIERS) | {"cite", "id"}):
        return
    value = coordinates(ck, raw, w) if prop == COORDINATES else object_value(ck, raw, spec, w)
    if value is None:
        return
    qualifiers: dict[str, Value] = {}
    for key, qprop in QUALIFIERS.items():
        if key not in raw:
            continue
        qspec = ck.onto.properties[qprop]
        q = typed(ck, raw, key, qspec, w)
        if q is not None:
            qualifiers[qprop] = q
    start, end = qualifiers.get("start"), qualifiers.get("end")
    ck.ordered(start and start.value, end and end.value, w, raw.line_of("end"))
    fid = raw.get("id") or f"{entity.id}--{prop}--{value_slug(value)}"
    if not isinstance(fid, str) or not re.match(r"^[\w-]+$", fid):
        ck.problem(w, "id", f"statement id must be letters, digits and '-', got {fid!r}", raw.line_of("id"))
        return
    ck.data.facts.append(Fact(fid, entity.id, prop, value, qualifiers, ck.cites(raw, w, entity.cites),
                              Where(display, raw.line, entity.id)))
