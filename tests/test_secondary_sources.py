"""Secondary sources: every fact of ../shared/secondary-facts.md is in the build with its own citation, in its
own named graph, and the seed graphs hold none of it."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import yaml
import pytest

from hadrut_kg.curated.loader import load_data
from hadrut_kg.paths import DATA
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE

HK = DEFAULT_BASE + "id/"
SEED_GRAPHS = [ox.NamedNode(DEFAULT_BASE + "graph/wikimapia"), ox.NamedNode(DEFAULT_BASE + "graph/wikipedia")]


@pytest.fixture(scope="module")
def data():
    return load_data()


@pytest.fixture(scope="module")
def store(built):
    s = ox.Store()
    s.load(path=str(built.out / "hadrut.trig"), format=ox.RdfFormat.TRIG)
    return s


def ask(store, query, graphs=None):
    prefix = "PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    prefix += "PREFIX dcterms: <http://purl.org/dc/terms/> "
    return bool(store.query(prefix + query, default_graph=graphs, use_default_graph_as_union=graphs is None))


LINK_EVIDENCE = {"wikidata-qid-check", "wdqs-reconciliation"}  # evidence for Wikidata links (test_wikidata)
GAZETTEERS = {"wof"}  # generated from a gazetteer file (data/wof*.yaml; test_gazetteer)


def secondary_sources(data):
    return {s.id for s in data.sources.values() if s.role in ("secondary", "gazetteer") and s.id not in LINK_EVIDENCE}


def test_every_secondary_name_and_fact_cites_a_secondary_source(data):
    secondary = secondary_sources(data) - GAZETTEERS
    names = {(e.id, n.text, n.lang) for e in data.entities.values() for n in e.names
             if any(c.source in secondary for c in n.cites)}
    facts = [f for f in data.facts if any(c.source in secondary for c in f.cites)]
    # which names: exactly those data/secondary.yaml lists, read as plain YAML (not through the loader)
    raw = yaml.safe_load((DATA / "secondary.yaml").read_text(encoding="utf-8"))["secondary"]
    listed = {(r.get("about") or r["id"], n["text"], n["lang"]) for r in raw for n in r.get("names", [])}
    assert names == listed
    assert ("hadrut-district", "Dizak district", "en") in names and ("hin-tagher", "Хин Тагер", "ru") in names
    # which facts: exactly those data/secondary.yaml lists under a secondary source's citation, read as plain YAML,
    # with an event record's type and date (each subject and property as often as listed)
    def cites(record, fact):
        cite = fact.get("cite") or record.get("cite") or []
        return {c.split("/")[0] for c in ([cite] if isinstance(cite, str) else cite)}

    listed_facts = Counter((r.get("about") or r["id"], x["p"]) for r in raw for x in r.get("facts", [])
                           if cites(r, x) & secondary)
    listed_facts += Counter({(r["id"], prop): 1 for r in raw for key, prop in (("event_type", "eventType"),
                                                                             ("date", "date")) if key in r})
    assert Counter((f.subject, f.prop) for f in facts) == listed_facts
    assert listed_facts[("hadrut-district", "dissolution")] == 1 and listed_facts[("hin-tagher", "controlledBy")] == 1


def test_seed_graphs_hold_no_secondary_fact(data, store):
    for source in secondary_sources(data):
        section = f"https://w3id.org/hadrut-kg/source-section/{source}--"
        cited = f'ASK {{ ?x prov:wasDerivedFrom|dcterms:isReferencedBy ?s . FILTER STRSTARTS(STR(?s), "{section}") }}'
        assert not ask(store, cited, SEED_GRAPHS), source
    for text in ("Гадрутский район", "Һадрут рајону", "Köhnə Tağlar", "Cəbrayıl rayonu"):
        assert not ask(store, f'ASK {{ ?n hkg:nameText ?t . FILTER (STR(?t) = "{text}") }}', SEED_GRAPHS), text
        assert ask(store, f'ASK {{ ?n hkg:nameText ?t . FILTER (STR(?t) = "{text}") }}'), text
    assert not ask(store, "ASK { ?x hkg:dissolution ?d }", SEED_GRAPHS)


@pytest.mark.parametrize("graph,subject,prop,value", [
    ("wp-en-hadrut-district-nkao", "hadrut-district", "dissolution", "1991-11-26"),
    ("wp-en-hadrut-district-nkao", "hadrut-district", "areaKm2", "679"),
    ("wp-en-hadrut-district-nkao", "hadrut-district", "population", "14200"),
    ("wp-en-hadrut-district-nkao", "hadrut-district", "villageCount", "41"),
    ("wp-en-nkao", "nkao", "inception", "1923-07-07"),
    ("wp-en-hadrut", "hadrut", "elevationMetres", "720"),
    ("wp-en-hadrut", "hadrut", "population", "4100"),
    ("wp-en-boyuk-kirs", "big-kirs", "elevationMetres", "2725"),
    ("wp-en-boyuk-kirs", "big-kirs", "elevationMetres", "2724.6"),
])
def test_secondary_values_are_in_their_own_graph(store, graph, subject, prop, value):
    query = (f"ASK {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{HK}{subject}> ; "
             f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> hkg:{prop} ; "
             f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o . "
             f"OPTIONAL {{ ?o hkg:edtf ?e }} FILTER (STR(COALESCE(?e, ?o)) = \"{value}\") }}")
    assert ask(store, query, [ox.NamedNode(DEFAULT_BASE + "graph/" + graph)])
    assert not ask(store, query, SEED_GRAPHS) or (prop, value) == ("elevationMetres", "2725")


def test_a_fact_both_kinds_of_source_state_cites_both(data):
    (inception,) = [f for f in data.facts if f.subject == "hadrut-district" and f.prop == "inception"]
    assert sorted(map(str, inception.cites)) == ["wikimapia/description", "wp-en-hadrut-district-nkao/article"]


def test_names_carry_script_and_kind(data):
    names = {(n.text, n.lang, n.script, n.kind) for n in data.entities["hadrut-district"].names}
    assert ("Һадрут рајону", "az-Cyrl", "Cyrl", "common") in names
    assert ("Гадрутский район", "ru", "Cyrl", "common") in names
    assert ("Hadrut rayonu", "az", "Latn", "common") in names
