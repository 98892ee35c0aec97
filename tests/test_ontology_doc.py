"""The ontology's documentation page (hadrut_kg/site/ontology_doc.py, `hadrut-kg ontology-doc`): every term of the
ontology under its local name with its label and comment, examples that are real resources of the data, text
escaped, and the page accepted by other people's checkers (W3C Nu, LinkChecker, axe-core in Chromium).

The terms are enumerated here with rdflib (not the pyoxigraph reader the page uses), the examples checked against
the dataset with rdflib too; the spot checks are written by hand from the seeds and README."""

from __future__ import annotations

import contextlib
import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from hadrut_kg.cli.main import main
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from hadrut_kg.site.ontology_doc import render_ontology
from site_checkers import axe_violations, broken_links, nu_errors, require

pytestmark = pytest.mark.slow  # the Nu HTML checker (Java), LinkChecker and axe-core in Chromium

HKG = Namespace("https://w3id.org/hadrut-kg/ontology#")
HK = DEFAULT_BASE + "id/"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, SKOS.ConceptScheme)


class Elements(HTMLParser):
    """Each element with an id: its text (with that of the elements inside it) and the links (href) inside it
    but outside any inner element with an id of its own."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "col", "embed", "track", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.VOID:
            return
        ident = values.get("id")
        if ident is not None:
            self.ids.append(ident)
            self.text.setdefault(ident, [])
            self.links.setdefault(ident, [])
        self.open.append((tag, ident))
        owners = [owner for _, owner in self.open if owner is not None]
        if tag == "a" and values.get("href") and owners:
            self.links[owners[-1]].append(values["href"])  # the innermost: a scheme's links are not its concepts' links

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, owner in self.open:
            if owner is not None:
                self.text[owner].append(data)

    def of(self, ident: str) -> str:
        return " ".join(" ".join(self.text[ident]).split())


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def written(built, tmp_path_factory):
    """The page as `hadrut-kg ontology-doc` writes it from the built dataset, in its own folder."""
    out = tmp_path_factory.mktemp("ontodoc") / "ontology.html"
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert main(["ontology-doc", "--dataset", str(built.out), "--out", str(out)]) == 0
    assert printed.getvalue() == f"wrote {out}\n"
    return out


@pytest.fixture(scope="module")
def page(written):
    return written.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def elements(page):
    return parse(page)


@pytest.fixture(scope="module")
def ontology(built):
    return Graph().parse(built.out / "ontology.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(built):
    """The dataset without the ontology's own triples: what an example must come from."""
    everything = Graph().parse(built.out / "hadrut.nt", format="nt")
    onto = Graph().parse(built.out / "ontology.ttl", format="turtle")
    for triple in onto:
        everything.remove(triple)
    return everything


def terms(ontology: Graph) -> set[URIRef]:
    found = {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t)}
    found |= set(ontology.subjects(SKOS.inScheme, None))
    return {s for s in found if isinstance(s, URIRef) and str(s).startswith(str(HKG))}


def test_every_term_has_an_element_under_its_local_name_with_its_label_and_comment(ontology, elements):
    expected = terms(ontology)
    # 25 classes, 56 + 29 + 1 properties, 6 schemes, 49 concepts (counted in hadrut.ttl), and the 18 terms question 3
    # per source added: the class hkg:ContainmentPath, the concept hkg:writingBound and 16 properties (the last two
    # hkg:pathView and hkg:pathSource, for paths walked per view and per source)
    assert len(expected) == 166 + 18
    assert {HKG + t for t in ("ContainmentPath", "writingBound", "heldThrough", "endAttested", "alternativeTo",
                              "copiedOn", "writingWindow", "sourceTimeBounds", "accordingTo", "combinedStartBounds",
                              "combinedEndBounds", "pathFrom", "pathTo", "pathStatement", "pathKind", "viaText",
                              "undatedStep")} <= {str(t) for t in expected}
    for term in expected:
        local = str(term)[len(str(HKG)):]
        assert local in elements.text, local
        text = elements.of(local)
        label = ontology.value(term, RDFS.label)
        comment = ontology.value(term, RDFS.comment)
        assert str(label) in text, local
        assert " ".join(str(comment).split()) in text, local
        assert f"hkg:{local}" in text
    assert len(elements.ids) == len(set(elements.ids))  # no id twice (Nu checks this too)


def test_the_fragment_of_a_term_iri_lands_on_that_term(elements):
    statement = elements.of("Statement")
    assert statement.startswith("statement class hkg:Statement")
    assert "IRI https://w3id.org/hadrut-kg/ontology#Statement" in statement
    assert "Sub-class of prov:Entity" in statement and "See also rdf:Statement" in statement
    part_of = elements.of("partOf")
    assert part_of.startswith("part of object property hkg:partOf")
    for row in ("Sub-property of dcterms:isPartOf", "Domain hkg:Place", "Range hkg:Place",
                "Aligned to skos:closeMatch wd:P131"):
        assert row in part_of
    assert "#Place" in elements.links["partOf"]
    village = elements.of("village")
    assert "Concept of hkg:PlaceType" in village and "In scheme hkg:PlaceTypes" in village
    assert "skos:exactMatch wd:Q532" in village
    assert "https://w3id.org/hadrut-kg/ontology#village" in village  # a concept, not the class hkg:Village
    assert elements.of("PlaceType").startswith("place type class hkg:PlaceType")  # distinct from #placeType
    assert elements.of("placeType").startswith("place type object property hkg:placeType")


def test_the_header_states_version_licence_and_profile(page):
    visible = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "Version IRI https://w3id.org/hadrut-kg/ontology/0.1.0 Version 0.1.0" in visible
    assert 'Licence <a href="https://creativecommons.org/licenses/by-sa/4.0/">' in page.replace("</dt><dd>", " ")
    assert "OWL profile OWL 2 DL:" in visible
    nav = re.search(r"<nav.*?</nav>", page, re.S).group(0)
    for anchor in ("#classes", "#object-properties", "#datatype-properties", "#annotation-properties",
                   "#controlled-values", "#other-vocabularies", "#Statement", "#NameKinds", "#more-than"):
        assert f'href="{anchor}"' in nav


def test_examples_are_resources_of_the_data_that_use_the_term(ontology, data, elements):
    checked = 0
    for term in terms(ontology):
        local = str(term)[len(str(HKG)):]
        for href in elements.links[local]:
            if not href.startswith(DEFAULT_BASE) or href.startswith(str(HKG)):
                continue
            example = URIRef(href)
            kind = set(ontology.objects(term, RDF.type))
            if OWL.Class in kind:
                subclasses = set(ontology.transitive_subjects(RDFS.subClassOf, term))
                assert any(t in subclasses for t in data.objects(example, RDF.type)), (local, href)
            elif kind & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}:
                assert (example, term, None) in data or (example, RDF.predicate, term) in data, (local, href)
            else:  # a concept: the example takes it as a value
                assert (example, None, term) in data, (local, href)
            checked += 1
    assert checked > 300


def test_hand_checked_examples(elements):
    # Wikipedia: "The provincial capital was Hadrut city"; Wikimapia calls Hadrut the district's regional centre
    capital = elements.links["capital"]
    assert HK + "hadrut-province" in capital and HK + "hadrut-district" in capital
    assert "Hadrut Province (https://w3id.org/hadrut-kg/id/hadrut-province)" in elements.of("capital")
    # no source states a claim (README, Modelling): the property exists, no resource uses it
    assert "Used in the data not used in the data" in elements.of("claimedBy")
    assert not [h for h in elements.links["claimedBy"] if h.startswith(DEFAULT_BASE)]


def test_labels_and_comments_are_escaped(built, ontology, tmp_path):
    hostile = Graph()
    for triple in ontology:
        hostile.add(triple)
    hostile.set((HKG.Statement, RDFS.label, Literal('stat <script>alert("x")</script> & <b>co</b>', lang="en")))
    hostile.set((HKG.Statement, RDFS.comment, Literal("a < b && c > d </section>", lang="en")))
    copy = tmp_path / "ontology.ttl"
    hostile.serialize(copy, format="turtle")
    page = render_ontology(copy, built.out, DEFAULT_BASE)
    assert "<script>" not in page and "<b>co" not in page
    assert "stat &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;" in page
    assert "a &lt; b &amp;&amp; c &gt; d &lt;/section&gt;" in page
    statement = parse(page).of("Statement")
    assert statement.startswith('stat <script>alert("x")</script> & <b>co</b> class hkg:Statement')


def test_a_missing_dataset_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["ontology-doc", "--dataset", str(tmp_path / "nowhere"), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'nowhere' / 'ontology.ttl'} not found; run `hadrut-kg build` first\n"
    assert not out.exists()


def test_nu_finds_no_error(written):
    assert require(nu_errors, written) == []


def test_no_broken_link_or_anchor(written):
    assert require(broken_links, written) == []


def test_the_link_check_would_see_a_dangling_anchor(written, tmp_path):
    broken = tmp_path / "ontology.html"
    text = written.read_text(encoding="utf-8")
    broken.write_text(text.replace('id="Statement"', 'id="Statement-gone"', 1), encoding="utf-8")
    problems = require(broken_links, broken)
    assert problems and all("#Statement (no element with id 'Statement'" in p for p in problems)
    assert len(problems) == text.count('href="#Statement"')


def test_axe_finds_no_violation_of_any_impact(written):
    assert require(axe_violations, written, impact=("minor", "moderate", "serious", "critical")) == []


def test_a_broken_ontology_file_is_one_line_naming_it_and_writes_nothing(built, tmp_path, capsys):
    dataset = tmp_path / "dist"
    dataset.mkdir()
    (dataset / "hadrut.nt").write_bytes((built.out / "hadrut.nt").read_bytes())
    (dataset / "ontology.ttl").write_text("@prefix hkg: <https://w3id.org/hadrut-kg/ontology#> .\n"
                                          "hkg:Statement a hkg:Class ;\n  rdfs:label \"x\" .\n", encoding="utf-8")
    assert main(["ontology-doc", "--dataset", str(dataset)]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {dataset / 'ontology.ttl'}: cannot be read as ") and err.count("\n") == 1
    assert "rdfs" in err  # the undefined prefix, as the parser names it
    assert not (dataset / "ontology.html").exists()
