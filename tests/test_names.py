"""Which name is preferred (skos:prefLabel) per language: a seed's before a secondary source's before a gazetteer's,
a gazetteer's spelling that another source shares before one nobody else gives, then the kind; a spelling variant
gives way to the name it varies; a misspelling is never preferred (skos:hiddenLabel). Checked over the whole built
graph, and on a small dataset built to break a kind-only rule."""

from __future__ import annotations

import textwrap
from collections import defaultdict

import pyoxigraph as ox
import pytest

from hadrut_kg.curated.loader import load_data
from hadrut_kg.rdf.mapping import map_dataset
from hadrut_kg.vocabulary.namespaces import Minted

PREFIXES = """PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX hk: <https://w3id.org/hadrut-kg/id/>
"""
TIER = {"seed": 0, "secondary": 1, "gazetteer": 2}


@pytest.fixture(scope="module")
def store(built):
    s = ox.Store()
    s.bulk_load(path=str(built.out / "hadrut.trig"), format=ox.RdfFormat.TRIG)
    return s


def rows(store, query):
    return list(store.query(PREFIXES + query, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def names(store):
    """Every name: (resource, language tag) -> {name node: (text, kind, best source tier, variantOf text)}."""
    found: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for r in rows(store, """
        SELECT ?r ?n ?text ?kind ?role ?of WHERE {
          ?r hkg:hasName ?n . ?n hkg:nameText ?text ; hkg:nameKind ?kind ;
             prov:wasDerivedFrom/dcterms:isPartOf/hkg:sourceRole ?role .
          OPTIONAL { ?n hkg:variantOf/hkg:nameText ?of }
        }"""):
        key = (r["r"].value, r["text"].language)
        tier = TIER[r["role"].value.rsplit("#", 1)[1]]
        entry = found[key].setdefault(r["n"].value, [r["text"].value, r["kind"].value.rsplit("#", 1)[1], tier, None])
        entry[2] = min(entry[2], tier)
        if r["of"] is not None:
            entry[3] = r["of"].value
    return found


@pytest.fixture(scope="module")
def labels(store):
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows(store, "SELECT ?r ?p ?l WHERE { VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } ?r ?p ?l }"):
        found[(r["r"].value, r["l"].language, r["p"].value.rsplit("#", 1)[1])].add(r["l"].value)
    return found


def test_no_preferred_label_comes_from_a_weaker_source_than_another_name_in_its_language(names, labels):
    checked = 0
    for (resource, lang), nodes in names.items():
        preferred = labels.get((resource, lang, "prefLabel"), set())
        candidates = [e for e in nodes.values() if e[1] != "misspelling"]
        if not candidates:
            continue
        assert len(preferred) == 1, (resource, lang, preferred)
        chosen = next(e for e in candidates if e[0] in preferred)
        best = min(e[2] for e in candidates)
        # the chosen name is from the best source there is in its language, or is the name a variant of it gives way to
        stronger = [e for e in candidates if e[2] == best]
        assert chosen[2] == best or any(e[3] == chosen[0] for e in stronger), (resource, lang, chosen, stronger)
        if best < TIER["gazetteer"]:
            checked += 1
            assert chosen[2] < TIER["gazetteer"], (resource, lang, chosen)  # never a gazetteer's only name
    assert checked > 100


def test_no_misspelling_is_preferred_or_an_alternative(names, labels):
    misspelt = [(r, lang, e[0]) for (r, lang), nodes in names.items() for e in nodes.values() if e[1] == "misspelling"]
    assert len(misspelt) == 2
    for resource, lang, text in misspelt:
        assert text in labels[(resource, lang, "hiddenLabel")]
        assert text not in labels.get((resource, lang, "prefLabel"), set()) | labels.get((resource, lang, "altLabel"), set())


@pytest.mark.parametrize("resource,lang,text", [
    ("ukhtadzor", "hy", "Ուխտաձոր"),  # not WOF's misspelt ՈՒխտաձոո
    ("ukhtadzor", "hy-Latn", "Ukhtadzor"),  # not Ukhtadzoo
    ("hartashen", "hy-Latn", "Hart’ashen"),  # WOF's spelling of the seeds' Hartashen, not its romanised Hakhullu
    ("hartashen", "hy", "Հարթաշեն"),
    ("hin-tagher", "hy-Latn", "Hin T’agher"),  # not WOF's Hin T’aghlar
    ("hin-tagher", "az", "Köhnə Tağlar"),  # Wikimapia's Kohne Taglar is marked a spelling of it
    ("jabrayil", "hy-Latn", "Mekhakavan"),  # Wikimapia's, "in Armenian", before WOF's Jabrail
    ("fuzuli", "hy-Latn", "Varanda"),
])
def test_preferred_labels(labels, resource, lang, text):
    assert labels[(f"https://w3id.org/hadrut-kg/id/{resource}", lang.lower(), "prefLabel")] == {text}  # stores lower-case tags


def test_no_name_is_tagged_italian_and_armenian_names_in_latin_script_say_so(names):
    tags = {lang for _, lang in names}
    assert not any(t.lower() == "it" or t.lower().startswith("it-") for t in tags)
    latin_armenian = {e[0] for (r, lang), nodes in names.items() if lang == "hy-latn" for e in nodes.values()
                      if e[2] == TIER["seed"]}
    assert latin_armenian == {"Mekhakavan", "Varanda", "Koltntesakan"}


def test_a_possible_identity_is_for_review_not_merged(store):
    assert [(r["o"].value, r["src"].value) for r in rows(store, """
        SELECT ?o ?src WHERE { ?st a hkg:Statement ; rdf:subject hk:jrakan ; rdf:predicate hkg:possiblySameAs ;
          rdf:object ?o ; prov:wasDerivedFrom/dcterms:isPartOf ?src }""".replace(
        "SELECT", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT"))] == [
        ("https://w3id.org/hadrut-kg/id/jabrayil",
         "https://github.com/whosonfirst-data/whosonfirst-data-admin-az/tree/e174b861629f63b02aac49a97e766b4078f6703e")]
    assert not store.query(PREFIXES + "ASK { { hk:jrakan ?p hk:jabrayil } UNION { hk:jabrayil ?p hk:jrakan } "
                           "FILTER (?p != hkg:possiblySameAs) }", use_default_graph_as_union=True)


SOURCES = textwrap.dedent("""\
    sources:
      - {id: seed, iri: https://example.org/seed, title: Seed, publisher: Example, role: seed,
         licence: https://creativecommons.org/licenses/by-sa/4.0/, sections: [{id: text, title: Text}]}
      - {id: article, iri: https://example.org/article, title: Article, publisher: Example, role: secondary,
         licence: https://creativecommons.org/licenses/by-sa/4.0/, sections: [{id: text, title: Text}]}
      - {id: gaz, iri: https://example.org/gaz, title: Gazetteer, publisher: Example, role: gazetteer,
         licence: https://creativecommons.org/licenses/by-sa/4.0/, sections: [{id: list, title: List}]}
    """)
PLACES = textwrap.dedent("""\
    places:
      - id: town
        type: Settlement
        label: Town
        cite: seed/text
        names:
          - {text: Gazname, lang: hy, kind: official, cite: gaz/list}
          - {text: Articlename, lang: hy, kind: common, cite: article/text}
          - {text: Seedname, lang: hy, kind: variant}
          - {text: Otherform, lang: hy-Latn, kind: official, cite: gaz/list}
          - {text: Seedname, lang: hy-Latn, kind: transliteration, cite: gaz/list}
          - {text: Typo, lang: az, kind: misspelling, cite: gaz/list}
          - {text: Proper form, lang: ru, kind: common, cite: article/text}
          - {text: Properform, lang: ru, kind: variant, variant_of: Proper form}
    """)


def test_the_rule_on_names_built_to_break_a_kind_only_rule(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "places.yaml").write_text(PLACES, encoding="utf-8")
    quads = map_dataset(load_data(folder), Minted())
    town = ox.NamedNode("https://w3id.org/hadrut-kg/id/town")
    got = {(q.predicate.value.rsplit("#", 1)[1], q.object.language, q.object.value) for q in quads
           if q.subject == town and q.predicate.value.startswith("http://www.w3.org/2004/02/skos/core#")
           and q.predicate.value.endswith("Label")}
    pref = {(lang.lower(), text) for p, lang, text in got if p == "prefLabel"}
    assert pref == {
        ("hy", "Seedname"),  # the seed's variant over the article's common and the gazetteer's official name
        ("hy-latn", "Seedname"),  # a gazetteer's spelling another source shares, over its official one
        ("ru", "Proper form"),  # the seed's Properform is marked a spelling of the article's Proper form
    }  # and az has only a misspelling: no preferred label
    assert ("hiddenLabel", "az", "Typo") in got
