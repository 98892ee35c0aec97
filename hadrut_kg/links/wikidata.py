"""Reconciliation with Wikidata: find candidate items for unlinked places and events by every name the data holds,
score them, write a review file; merge reviewed rows into data/links.yaml; fetch coordinates, labels and parents
of linked items as their own source.

Polite to the Wikidata Query Service: a descriptive User-Agent, names batched into VALUES blocks, retries with
backoff on 429/5xx honouring Retry-After (remote.fetch_raw), and a local cache so a rerun sends nothing. Names are
RDF literals serialized by pyoxigraph, so quotes, backslashes, newlines and any script cannot break the query.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from hadrut_kg.queries.embedded import execute
from hadrut_kg.vocabulary.namespaces import WIKIDATA
from hadrut_kg.rdf.publish import write_atomic
from hadrut_kg.errors import InputError, NetworkError
from hadrut_kg.vocabulary.text import HIDDEN, JOINERS, hidden_character, visible
from hadrut_kg.paths import UnsafeFile, read_regular
from hadrut_kg.stores.remote import fetch_raw
from hadrut_kg.stores.credentials import redact
from hadrut_kg.queries.results import table
from hadrut_kg.exports.spreadsheet import TRIGGERS, safe_row

AUTO_ACCEPT = 0.9  # a reviewer's empty 'accept' cell accepts a candidate only at or above this score
# Wikidata classes a candidate may have, by our place or event type and by class (ids from
# ../shared/wikidata-qids.md). A resource none of these covers (a mountain, a church) is scored without its type.
EXPECTED_TYPES = {
    "village": {"Q532", "Q486972"}, "city": {"Q515", "Q3957", "Q486972"}, "military-town": {"Q3957", "Q486972"},
    "monastery": {"Q44613"}, "cave": {"Q35509"}, "war": {"Q198"}, "battle": {"Q178561"},
    "Settlement": {"Q486972", "Q532", "Q3957", "Q515"},
}
DECISIONS = {"yes", "y", "true", "no", "n", "false", ""}
REVIEW_COLUMNS = ["entity", "candidate_qid", "label", "description", "score", "reasons", "accept"]
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


@dataclass
class Unlinked:
    id: str
    cls: str
    names: list[ox.Literal]
    point: tuple[float, float] | None  # lat, lon
    kinds: set[str] = field(default_factory=set)  # our place/event types

    @property
    def expected(self) -> set[str]:
        return set().union(*(EXPECTED_TYPES.get(k, set()) for k in {self.cls, *self.kinds}))


@dataclass
class Candidate:
    entity: str
    qid: str
    label: str
    description: str
    score: float
    reasons: str


class Cache:
    """Answers of the query service on disk, keyed by endpoint and query text."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, endpoint: str, query: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest() + ".json")

    def get(self, endpoint: str, query: str) -> bytes | None:
        path = self._path(endpoint, query)
        return path.read_bytes() if path and path.exists() else None

    def put(self, endpoint: str, query: str, data: bytes) -> None:
        path = self._path(endpoint, query)
        if path:
            write_atomic(path, data)


def ask(endpoint: str, query: str, cache: Cache, timeout: float = 60, retries: int = 4,
        backoff: float = 1.0, auth=None, required: dict[str, type] | None = None) -> list[dict]:
    """SELECT results as a list of {variable: term} (pyoxigraph terms), from the cache when it has them. The
    answer must carry every variable the query selects, and bind each `required` one to a term of its kind
    (ox.NamedNode, ox.Literal) in every row; one that does not is an error, and only an answer that passes is
    cached."""
    data = cache.get(endpoint, query)
    fresh = data is None
    if fresh:
        data = fetch_raw(endpoint, query, timeout, retries, backoff, graph_query=False, auth=auth)
    try:
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("an ASK answer, not SELECT results")
        records = table(result).records()
    except (SyntaxError, ValueError) as exc:
        raise NetworkError(f"{redact(endpoint)} sent an answer that is not SPARQL JSON results: "
                         f"{visible(str(exc))[:200]}") from None
    selected = re.search(r"SELECT\s+(.*?)\s+WHERE", query, re.S)
    wanted = re.findall(r"\?(\w+)", selected.group(1)) if selected else []
    missing = [v for v in wanted if v not in result_variables(data)]
    if missing:
        raise NetworkError(f"{redact(endpoint)} sent an answer without the variables {', '.join(missing)} the query "
                         "selects; nothing was used or cached")
    for number, row in enumerate(records, 1):
        unbound = [v for v, kind in (required or {}).items() if not isinstance(row.get(v), kind)]
        if unbound:
            raise NetworkError(f"{redact(endpoint)} sent an answer whose row {number} leaves {', '.join(unbound)} "
                             "unbound or of the wrong kind; nothing was used or cached")
    if fresh:  # only a usable answer is kept
        cache.put(endpoint, query, data)
    return records


def result_variables(data: bytes) -> list[str]:
    """The variables a SPARQL JSON answer declares in its head."""
    return [v.value for v in ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).variables]


def unlinked(store: ox.Store) -> list[Unlinked]:
    """Places and events with no Wikidata link, with all their names and a point if they have one."""
    query = """PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
    SELECT ?e ?class ?name ?lat ?lon ?kind WHERE {
      ?e a ?c . ?c rdfs:subClassOf* ?root . VALUES ?root { hkg:Place hkg:Event }
      FILTER (STRSTARTS(STR(?c), STR(hkg:)) && ?c NOT IN (hkg:Polity))
      FILTER NOT EXISTS { ?e skos:exactMatch|skos:closeMatch ?any FILTER (STRSTARTS(STR(?any), "http://www.wikidata.org/entity/")) }
      BIND (STRAFTER(STR(?c), "#") AS ?class)
      OPTIONAL { ?e hkg:hasName/hkg:nameText ?name }
      OPTIONAL { ?e geo:hasGeometry ?g . ?g wgs84:lat ?lat ; wgs84:long ?lon }
      OPTIONAL { ?e hkg:placeType|hkg:eventType ?k . BIND (STRAFTER(STR(?k), "#") AS ?kind) }
    } ORDER BY ?e ?name ?lat"""
    found: dict[str, Unlinked] = {}
    for s in execute(store, query):
        eid = s["e"].value.rsplit("/", 1)[-1]
        item = found.setdefault(eid, Unlinked(eid, s["class"].value, [], None))
        if s["name"] is not None and s["name"] not in item.names:
            item.names.append(s["name"])
        if item.point is None and s["lat"] is not None:
            item.point = (float(s["lat"].value), float(s["lon"].value))
        if s["kind"] is not None:
            item.kinds.add(s["kind"].value)
    return [u for u in found.values() if u.names]


def search_query(batch: list[Unlinked]) -> str:
    """One query for a batch of entities: every (entity, name) pair in a VALUES block; items whose label or
    alias is exactly one of the names."""
    rows = "\n".join(f'    ("{u.id}" {name})' for u in batch for name in u.names)
    return PREFIXES + f"""SELECT ?entity ?name ?item ?label ?description ?type ?coord ?country WHERE {{
  VALUES (?entity ?name) {{
{rows}
  }}
  ?item rdfs:label|skos:altLabel ?name .
  OPTIONAL {{ ?item rdfs:label ?label FILTER (LANG(?label) = "en") }}
  OPTIONAL {{ ?item schema:description ?description FILTER (LANG(?description) = "en") }}
  OPTIONAL {{ ?item wdt:P31 ?type }}
  OPTIONAL {{ ?item wdt:P625 ?coord }}
  OPTIONAL {{ ?item wdt:P17 ?country }}
}}"""


QID = re.compile(r"^Q[1-9][0-9]{0,11}$")
LABEL_LANGS = {"hy", "az", "ru", "en"}
MAX_TEXT = 500  # characters of a label or description taken from the service


def _qid(term) -> str:
    """The QID of a Wikidata entity IRI, or "" for anything else (an empty or forged id like '../../x'): what
    the service answers is untrusted and is never written into data unchecked."""
    if term is None or not isinstance(term, ox.NamedNode) or not term.value.startswith(WIKIDATA):
        return ""
    local = term.value[len(WIKIDATA):]
    return local if QID.match(local) else ""


def _text(term) -> str:
    """A label or description from the service (a term or a string): bounded, each control, bidi or invisible
    character (vocabulary/text.py, the check the curated data gets) a space."""
    if term is None:
        return ""
    text = term if isinstance(term, str) else term.value
    return HIDDEN.sub(lambda m: m.group(0) if m.group(0) in JOINERS else " ", text)[:MAX_TEXT]


def _point(wkt: str) -> tuple[float, float] | None:
    number = r"(-?[0-9]{1,3}(?:\.[0-9]{1,15})?)"
    m = re.match(rf"^\s*Point\(\s*{number}\s+{number}\s*\)\s*$", wkt, re.IGNORECASE)
    if not m:
        return None
    lat, lon = float(m.group(2)), float(m.group(1))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def score(entity: Unlinked, rows: list[dict], region: set[str]) -> list[Candidate]:
    """Score each candidate item: names matched (0.4, +0.1 for two or more languages), expected type (+0.3, or
    -0.3 when its types are all others; only where our type maps to a known Wikidata class), country in the region (+0.1), distance to our point (+0.2 within 5 km,
    +0.1 within 25 km, -0.3 beyond 50 km). Returns candidates best first."""
    items: dict[str, dict] = {}
    for r in rows:
        qid = _qid(r["item"])
        if not qid:
            continue
        item = items.setdefault(qid, {"names": set(), "types": set(), "points": set(), "countries": set(),
                                      "label": "", "description": ""})
        item["names"].add((_text(r["name"]), r["name"].language or ""))
        for key, attr in (("type", "types"), ("country", "countries")):
            if r[key] is not None:
                item[attr].add(_qid(r[key]))
        if r["coord"] is not None and (p := _point(r["coord"].value)):
            item["points"].add(p)
        item["label"] = item["label"] or _text(r["label"])
        item["description"] = item["description"] or _text(r["description"])
    expected = entity.expected
    candidates = []
    for qid, item in items.items():
        langs = {lang for _, lang in item["names"]}
        value, reasons = 0.4, ["names " + ", ".join(f"'{t}'@{lang}" for t, lang in sorted(item["names"]))]
        if len(langs) >= 2:
            value += 0.1
        if expected and item["types"] & expected:
            value += 0.3
            reasons.append("type " + " ".join(sorted(item["types"] & expected)))
        elif item["types"] and expected:
            value -= 0.3
            reasons.append("unexpected type " + " ".join(sorted(item["types"])))
        if item["countries"] & region:
            value += 0.1
            reasons.append("country " + " ".join(sorted(item["countries"] & region)))
        if entity.point and item["points"]:
            km = min(_km(entity.point, p) for p in item["points"])
            value += 0.2 if km <= 5 else 0.1 if km <= 25 else -0.3 if km > 50 else 0.0
            reasons.append(f"{km:.1f} km from our coordinates")
        candidates.append(Candidate(entity.id, qid, item["label"], item["description"],
                                    round(max(0.0, min(1.0, value)), 2), "; ".join(reasons)))
    return sorted(candidates, key=lambda c: (-c.score, c.qid))


def region_countries(store: ox.Store) -> set[str]:
    """QIDs of the polities this dataset links: a candidate in one of them is in the region."""
    query = ("PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "SELECT ?q WHERE { ?p a hkg:Polity ; skos:exactMatch ?q }")
    return {_qid(s["q"]) for s in execute(store, query)}


def reconcile(store: ox.Store, endpoint: str, cache: Cache, batch_size: int = 20, progress=None,
              **fetch) -> list[Candidate]:
    """Candidates for every unlinked resource, asked in batches; `progress` (if given) hears of each batch."""
    entities = unlinked(store)
    region = region_countries(store)
    candidates: list[Candidate] = []
    batches = -(-len(entities) // batch_size)
    for number, start in enumerate(range(0, len(entities), batch_size), 1):
        batch = entities[start:start + batch_size]
        if progress:
            progress(f"batch {number}/{batches}: {len(batch)} resources ({len(candidates)} candidates so far)")
        rows = ask(endpoint, search_query(batch), cache, required={"entity": ox.Literal, "name": ox.Literal, "item": ox.NamedNode},
                   **fetch)
        for entity in batch:
            mine = [r for r in rows if r["entity"].value == entity.id and r["item"] is not None]
            candidates.extend(score(entity, mine, region))
    return candidates


def review_csv(candidates: list[Candidate]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for c in candidates:  # labels come from outside: cells a spreadsheet would run are neutralised
        writer.writerow(safe_row([c.entity, c.qid, c.label, c.description, f"{c.score:.2f}", c.reasons, ""]))
    return out.getvalue()


def accept(review: Path, links_file: Path, known_ids: set[str], already: set[tuple[str, str]], today: str) -> int:
    """Append the accepted rows of a review file to the links file: rows marked yes, or left empty with a score at
    or above AUTO_ACCEPT. Rows marked no, or for an entity already linked, are skipped."""
    try:
        raw = read_regular(review, 16 << 20)
    except UnsafeFile as exc:
        raise InputError(f"{review}: {exc}; not a review file") from None
    except OSError as exc:
        raise InputError(f"cannot read the review file {review}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"{review}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{review}: not a review file (missing columns {', '.join(missing)})")
    linked = {entity for entity, _ in already}
    records = []
    for number, row in enumerate(rows, start=2):
        decision = (row["accept"] or "").strip().lower()
        if decision not in DECISIONS:
            raise InputError(f"{review}:{number}: field 'accept': expected yes, no or empty, got {row['accept']!r}")
        try:
            value = float(row["score"] or "")
        except ValueError:
            value = math.nan
        if not 0 <= value <= 1:  # refuses nan and inf too
            raise InputError(f"{review}:{number}: field 'score': expected a number from 0 to 1, "
                             f"got {str(row['score'])[:40]!r}")
        if decision in ("no", "n", "false") or not (decision in ("yes", "y", "true") or
                                                      (decision == "" and value >= AUTO_ACCEPT)):
            continue
        if row["entity"] not in known_ids:  # also refuses ids like '../../x': only known record ids pass
            raise InputError(f"{review}:{number}: field 'entity': unknown record '{row['entity']}'")
        if not QID.match(row["candidate_qid"] or ""):
            raise InputError(f"{review}:{number}: field 'candidate_qid': expected Q…, got {row['candidate_qid']!r}")
        if row["entity"] in linked:
            continue
        linked.add(row["entity"])
        records.append({"about": row["entity"], "qid": row["candidate_qid"], "match": "exact", "checked": today,
                        "cite": "wdqs-reconciliation/review",
                        "evidence": f"reconciled against WDQS on {today} (score {value:.2f}: "
                                    f"{_text(_unquote(row['reasons'] or ''))})"})
    if records:
        text = links_file.read_text(encoding="utf-8")
        lines = "".join("  - " + yaml.safe_dump(r, default_flow_style=True, allow_unicode=True, sort_keys=False,
                                                 width=100000).strip() + "\n" for r in records)
        write_atomic(links_file, (text if text.endswith("\n") else text + "\n").encode() + lines.encode())
    return len(records)


def _unquote(cell: str) -> str:
    """A cell as written before spreadsheet.safe_cell neutralised it."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in TRIGGERS and cell[1:2] else cell


def linked_items(store: ox.Store) -> list[tuple[str, str]]:
    """(record id, QID) of every resource of this dataset with an exact match (not the ontology's alignments)."""
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
             "SELECT ?e ?q WHERE { ?s rdf:subject ?e ; rdf:predicate skos:exactMatch ; rdf:object ?q } ORDER BY ?e ?q")
    return [(s["e"].value.rsplit("/", 1)[-1], _qid(s["q"])) for s in execute(store, query) if _qid(s["q"])]


def enrich(store: ox.Store, endpoint: str, cache: Cache, today: str, existing_names: dict, progress=None,
           **fetch) -> str:
    """A data file (YAML) with one source per linked Wikidata item and, about each linked record, the item's
    labels in hy/az/ru/en, its coordinates and the ids of its parents (P131)."""
    pairs = linked_items(store)
    if not pairs:
        return ""
    if progress:
        progress(f"asking for labels, coordinates and parents of {len(pairs)} linked items")
    values = " ".join(f"wd:{q}" for _, q in pairs)
    rows = ask(endpoint, PREFIXES + f"""SELECT ?item ?label ?coord ?parent WHERE {{
  VALUES ?item {{ {values} }}
  OPTIONAL {{ ?item rdfs:label ?label FILTER (LANG(?label) IN ("hy", "az", "ru", "en")) }}
  OPTIONAL {{ ?item wdt:P625 ?coord }}
  OPTIONAL {{ ?item wdt:P131 ?parent }}
}}""", cache, required={"item": ox.NamedNode}, **fetch)
    sources, records = [], []
    for entity, qid in pairs:
        mine = [r for r in rows if _qid(r["item"]) == qid]
        source = f"wikidata-{qid.lower()}"
        names, facts = [], []
        labels = {r["label"] for r in mine if isinstance(r["label"], ox.Literal) and r["label"].language in LABEL_LANGS
                  and 0 < len(r["label"].value) <= MAX_TEXT and not hidden_character(r["label"].value)}
        for label in sorted(labels, key=lambda t: (t.language, t.value)):
            kind = existing_names.get((entity, label.language, label.value), "common")
            names.append({"text": label.value, "lang": label.language, "kind": kind})
        for point in sorted({p for r in mine if r["coord"] is not None and (p := _point(r["coord"].value))}):
            facts.append({"p": "coordinates", "lat": point[0], "lon": point[1]})
        for parent in sorted({_qid(r["parent"]) for r in mine if _qid(r["parent"])}):
            facts.append({"p": "wikidataParent", "iri": WIKIDATA + parent})
        sources.append({"id": source, "iri": WIKIDATA + qid, "title": f"Wikidata item {qid} (retrieved {today})",
                        "publisher": "Wikidata", "licence": "https://creativecommons.org/publicdomain/zero/1.0/",
                        "role": "secondary", "sections": [{"id": "item", "title": f"Labels and statements, {today}"}]})
        record = {"about": entity, "cite": f"{source}/item"}
        if names:
            record["names"] = names
        if facts:
            record["facts"] = facts
        records.append(record)
    shown = re.sub(r"\s", "", redact(endpoint))
    header = (f"# Generated by `hadrut-kg enrich` on {today} from {shown}: labels (hy, az, ru, en), coordinates\n"
              "# (P625) and parents (P131) of the linked Wikidata items, each item its own source. Review before\n"
              "# committing; rerun to refresh.\n")
    return header + yaml.safe_dump({"sources": sources, "secondary": records}, allow_unicode=True, sort_keys=False,
                                   width=120)
