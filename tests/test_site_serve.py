"""`hadrut-kg serve` answers every IRI of the namespace (issue 16, item 1): 303 to a document chosen by Accept,
`Vary: Accept`, the right Content-Type, the RDF document's contents, 404 and 406, the ontology — against a real
server on 127.0.0.1. Expected values are read from the seeds by hand (see each test)."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
import pytest

import tools

from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from site_helpers import BROWSER, get, oxigraph_triples, rdflib_triples, serving

pytestmark = pytest.mark.slow  # a real `serve`

B = DEFAULT_BASE
PROVINCE = B + "id/hadrut-province"
HKG = ONTOLOGY_IRI + "#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
iri = lambda v: ("iri", v)  # noqa: E731


@pytest.fixture(scope="module")
def server(built):
    with serving(built.out) as address:
        yield address


def path_of(resource: str) -> str:
    return "/" + quote(resource[len(B):], safe="/-._~")


def test_every_subject_iri_of_the_dataset_dereferences_to_rdf_describing_it(built, server):
    """All subject IRIs of hadrut.trig under the base: 303 to the Turtle document, which has the IRI as a subject.
    Hash IRIs of the ontology resolve through /ontology (the client drops the fragment)."""
    subjects = {q.subject.value for q in ox.parse(path=str(built.out / "hadrut.trig"), format=ox.RdfFormat.TRIG)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(B)}
    assert len(subjects) > 1400  # 1338 resources and the ontology's terms
    documents: dict[str, set] = {}
    for subject in sorted(subjects):
        resource = subject.split("#", 1)[0]
        status, headers, _ = get(server, path_of(resource), "text/turtle")
        assert status == 303, subject
        assert headers["vary"] == "Accept"
        location = headers["location"]
        assert location == ("/ontology.ttl" if resource == ONTOLOGY_IRI else path_of(resource) + ".ttl")
        if location not in documents:
            status, headers, body = get(server, location)
            assert (status, headers["content-type"]) == (200, "text/turtle; charset=utf-8"), location
            documents[location] = {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
        assert subject in documents[location], subject


@pytest.mark.parametrize("accept,ext", [
    (BROWSER, "html"), ("text/html", "html"), ("*/*", "ttl"), (None, "ttl"), ("text/turtle", "ttl"),
    ("application/n-triples", "nt"), ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/ld+json;q=0.5, text/turtle;q=0.9", "ttl"), ("text/*", "ttl"),
    ("text/html;q=0.1, application/n-triples", "nt"),  # an RDF client that would take HTML as a last resort
    ("application/rdf+xml", "rdf"), ("application/rdf+xml, text/turtle;q=0.9", "rdf"),
    ("application/rdf+xml;q=0, */*", "ttl"),  # q=0 refuses RDF/XML: the server's first choice
])
def test_the_province_is_redirected_by_accept(server, accept, ext):
    status, headers, _ = get(server, "/id/hadrut-province", accept)
    assert (status, headers["location"], headers["vary"]) == (303, f"/id/hadrut-province.{ext}", "Accept")


def test_an_accept_header_nothing_satisfies_is_406_naming_the_documents(server):
    status, headers, body = get(server, "/id/hadrut-province", "image/png")
    assert (status, headers["vary"]) == (406, "Accept")
    assert b'href="/id/hadrut-province.ttl"' in body and b'href="/id/hadrut-province.jsonld"' in body


def test_the_province_page_shows_its_names_in_their_language_and_its_sources(server):
    status, headers, body = get(server, "/id/hadrut-province.html")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    page = body.decode()
    # Wikipedia's infobox: "Native name: Հադրութ"; its lead: "Hadrut Province (Հադրութի շրջան)"
    assert '<span lang="hy">Հադրութ</span>' in page
    assert '<span lang="hy">Հադրութի շրջան</span>' in page
    # Wikimapia: "In the fall of 2020 ... Azerbaijan ... took control of the whole territory Hadrut region";
    # Wikipedia's history: all of the province captured by 9 November 2020 — both rows, each with its section
    assert "Wikimapia: Hadrut District, section “Description”" in page
    assert "Wikipedia: Hadrut Province, section “History”" in page
    # Wikimapia's "fall of 2020" in words, its EDTF kept for machines (issue 22, point 2)
    assert '<a href="../date/2020-23.html"><span data-edtf="2020-23" title="EDTF: 2020-23">autumn 2020</span></a>' in page
    assert 'certainly from <time datetime="2020-11-09" title="2020-11-09">9 November 2020</time> (no end stated)' in page
    assert "<svg" in page and "Hadrut District (NKAO): part of Nagorno-Karabakh Autono" in page  # the chart
    assert "<script" not in page and "http://" not in page.split("<main>")[0].replace("http://www.w3.org/2000/svg", "")
    assert '<a href="../id/hadrut-province.ttl">ttl</a>' in page and "How to cite" in page


def test_the_turtle_document_holds_the_statements_with_time_sources_and_labels(server):
    status, _, body = get(server, "/id/hadrut-province.ttl")
    triples = oxigraph_triples(body, "ttl")
    st = iri(B + "statement/hadrut-province--controlledBy--azerbaijan")
    section = iri(B + "source-section/wikimapia--description")
    wikimapia = iri("http://wikimapia.org/41531854/Hadrut-District")
    autumn = iri(B + "date/2020-23")
    expected = {
        (st, iri(RDF + "subject"), iri(PROVINCE)), (st, iri(RDF + "predicate"), iri(HKG + "controlledBy")),
        (st, iri(RDF + "object"), iri(B + "id/azerbaijan")),
        (st, iri("http://www.w3.org/ns/prov#wasDerivedFrom"), section),
        (st, iri(HKG + "start"), autumn),  # "In the fall of 2020": EDTF 2020-23
        (autumn, iri(HKG + "edtf"), ("lit", "2020-23", "", "http://id.loc.gov/datatypes/edtf/EDTF")),
        (section, iri("http://purl.org/dc/terms/isPartOf"), wikimapia),
        (wikimapia, iri("http://purl.org/dc/terms/title"), ("lit", "Hadrut District", "en", "")),
        (iri(PROVINCE), iri(HKG + "hasName"), iri(B + "name/hadrut-province--hy--Հադրութ")),
        (iri(B + "name/hadrut-province--hy--Հադրութ"), iri(HKG + "nameText"), ("lit", "Հադրութ", "hy", "")),
        (iri(B + "id/hadrut-province.ttl"),
         iri("http://rdfs.org/ns/void#inDataset"), iri(B + "dataset")),
        (iri(B + "id/hadrut-province.ttl"), iri("http://purl.org/dc/terms/license"),
         iri("https://creativecommons.org/licenses/by-sa/4.0/")),
    }
    assert expected <= triples
    label = iri("http://www.w3.org/2000/01/rdf-schema#label")
    labelled = {s for s, p, _ in triples if p == label}
    mentioned = {t for s, p, o in triples for t in (s, p, o) if t[0] == "iri"}
    assert mentioned - labelled == set()  # a label for every IRI it mentions
    assert (st, label, ("lit", "statement: Hadrut Province — controlled by — Azerbaijan", "",
                        "http://www.w3.org/2001/XMLSchema#string")) in triples


@pytest.mark.parametrize("path", ["/id/hadrut-province",
                                  "/name/hadrut-province--hy--%D5%80%D5%A1%D5%A4%D6%80%D5%B8%D6%82%D5%A9",
                                  "/statement/hadrut-province--controlledBy--azerbaijan", "/date/2020-23",
                                  "/source-section/wikipedia--lead", "/graph/wikipedia", "/dataset",
                                  "/bounds/hadrut-province--controlledBy--azerbaijan--start", "/geometry/tsor--wof"])
def test_turtle_ntriples_jsonld_and_rdfxml_hold_the_same_triples_by_two_parsers(server, path):
    parsed = {}
    for accept, ext, media in (("text/turtle", "ttl", "text/turtle"), ("application/n-triples", "nt",
                                                                        "application/n-triples"),
                               ("application/ld+json", "jsonld", "application/ld+json"),
                               ("application/rdf+xml", "rdf", "application/rdf+xml")):
        status, headers, _ = get(server, path, accept)
        assert (status, headers["location"]) == (303, f"{path}.{ext}")
        status, headers, body = get(server, headers["location"])
        assert (status, headers["content-type"]) == (200, f"{media}; charset=utf-8")
        parsed[ext] = oxigraph_triples(body, ext)
        assert rdflib_triples(body, ext) == parsed[ext], ext
    assert parsed["ttl"] == parsed["nt"] == parsed["jsonld"] == parsed["rdf"]
    assert len(parsed["ttl"]) > 10


def test_an_iri_the_dataset_does_not_hold_is_404_with_a_short_page(server):
    for path in ("/id/no-such-place", "/id/hadrut-province.xml", "/id/", "/nothing", "/id/../etc/passwd",
                 "/id/hadrut-province%00", "/name/%FF%FE", "/" + "x" * 5000, "/download/../hadrut.trig"):
        status, headers, body = get(server, path, "text/html")
        assert (status, headers["content-type"]) == (404, "text/html; charset=utf-8"), path
        assert b"The Hadrut KG dataset holds no resource at" in body and len(body) < 1000
    assert get(server, "/id/hadrut-province", "text/turtle")[0] == 303  # still serving


def test_the_ontology_answers_turtle_and_jsonld_by_accept(built, server):
    for path in ("/ontology", "/ontology/0.1.0"):  # the ontology IRI and its versionIRI
        assert get(server, path, "text/turtle")[1]["location"] == "/ontology.ttl"
        assert get(server, path, "application/ld+json")[1]["location"] == "/ontology.jsonld"
    status, headers, ttl = get(server, "/ontology.ttl")
    assert (status, headers["content-type"], ttl) == (200, "text/turtle; charset=utf-8",
                                                      (built.out / "ontology.ttl").read_bytes())
    status, headers, jsonld = get(server, "/ontology.jsonld")
    assert headers["content-type"] == "application/ld+json; charset=utf-8"
    assert oxigraph_triples(jsonld, "jsonld") == oxigraph_triples(ttl, "ttl") == rdflib_triples(jsonld, "jsonld")
    statement = ("iri", HKG + "Statement")
    assert (statement, ("iri", RDF + "type"), ("iri", "http://www.w3.org/2002/07/owl#Class")) in \
        oxigraph_triples(ttl, "ttl")


def test_the_ontology_html_is_the_documentation_page(server):
    status, headers, _ = get(server, "/ontology", BROWSER)
    assert (status, headers["location"]) == (303, "/ontology.html")
    status, headers, body = get(server, "/ontology.html")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert b'id="Statement"' in body and b'id="controlledBy"' in body


def test_the_dumps_void_and_the_sparql_endpoint_stay_where_they_were(built, server):
    status, headers, body = get(server, "/download/hadrut.trig")
    assert (status, headers["content-type"], body) == (200, "application/trig; charset=utf-8",
                                                       (built.out / "hadrut.trig").read_bytes())
    assert get(server, "/void.ttl")[2] == (built.out / "void.ttl").read_bytes()
    status, headers, body = get(server, "/query?query=" + quote("ASK { ?s ?p ?o }"), "application/sparql-results+json")
    assert (status, body) == (200, b'{"head":{},"boolean":true}')
    assert get(server, "/", "*/*")[2] == b"hadrut-kg read-only SPARQL endpoint: GET or POST /query\n"
    status, headers, body = get(server, "/", BROWSER)
    assert status == 200 and b'<input type="search" id="filter"' in body
    assert get(server, "/update", "*/*")[0] == 403


@pytest.mark.parametrize("path", ["/id/hadrut-province.rdf", "/ontology.rdf",
                                  "/name/hadrut--ru--%D0%93%D0%B0%D0%B4%D1%80%D1%83%D1%82.rdf"])
def test_rdfxml_documents_parse_with_raptor_to_the_same_triples(server, tmp_path, path):
    """RDF/XML checked by a parser outside Python (Raptor's rapper, raptor2-utils): it reads every triple, the
    same set as the Turtle document of the same resource."""
    import shutil
    import subprocess

    if shutil.which("rapper") is None:
        tools.missing("rapper")
    status, headers, body = get(server, path)
    assert (status, headers["content-type"]) == (200, "application/rdf+xml; charset=utf-8")
    (tmp_path / "doc.rdf").write_bytes(body)
    done = subprocess.run(["rapper", "-q", "-i", "rdfxml", "-o", "ntriples", str(tmp_path / "doc.rdf"),
                           "http://example.org/"], capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stderr == b"", done.stderr[-500:]
    turtle = get(server, path[:-len(".rdf")] + ".ttl")[2]
    assert oxigraph_triples(done.stdout, "nt") == oxigraph_triples(turtle, "ttl") == oxigraph_triples(body, "rdf")
