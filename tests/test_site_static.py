"""`hadrut-kg site` (issue 16, item 4): one page and three RDF documents per resource, no broken internal link,
nothing loaded from the network, the same bytes as `serve`, and the namespace's .htaccess run by a real Apache
(Debian's apache2, mod_rewrite) in front of the site as a static host — the w3id.org set-up, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import tools

from hadrut_kg.cli import main
from hadrut_kg.paths import ROOT
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from hadrut_kg.stores.oxigraph_server import free_port
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.routes import file_path
from hadrut_kg.site.negotiation import ALL
from apache_server import apache as apache_server
from apache_server import require_apache
from site_helpers import BROWSER, get, oxigraph_triples, rdflib_triples, serving

pytestmark = pytest.mark.slow  # the static site, Apache, Chromium and the checkers



def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def web():
    """A folder Apache's worker user can read (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="hadrut-site-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def apache_port():
    return free_port()


@pytest.fixture(scope="module")
def site(built, web, apache_port):
    out = web / "www" / "site"
    code, printed, err = run("site", "--dataset", str(built.out), "--out", str(out),
                             "--site-url", f"http://127.0.0.1:{apache_port}/site")
    assert code == 0, err
    described = len(SiteData(built.out, DEFAULT_BASE).resources)
    assert printed.startswith(f"wrote {out}: {described} resources, ") and described > 1300
    return out


@pytest.fixture(scope="module")
def data(built):
    return SiteData(built.out, DEFAULT_BASE)


def test_one_page_and_three_documents_per_resource(site, data):
    for iri in data.resources:
        for fmt in ALL:
            assert (site / file_path(data, iri, fmt)).is_file(), (iri, fmt.ext)
    pages = list(site.rglob("*.html"))
    # and the index and the time map
    assert len(pages) == len(data.resources) + 2 + (1 if (site / "ontology.html").exists() else 0)
    province = (site / "id" / "hadrut-province.html").read_text()
    assert '<span lang="hy">Հադրութի շրջան</span>' in province  # Wikipedia's lead
    assert (site / "name" / "hadrut-province--hy--Հադրութ.ttl").is_file()  # a file name as the host decodes it
    for name in ("download/hadrut.ttl", "download/hadrut.nt", "download/hadrut.jsonld", "download/hadrut.trig",
                 "void.ttl", "ontology.ttl", "ontology.jsonld", "ontology.nt", "ontology.rdf",
                 "w3id.org/hadrut-kg/.htaccess", "index.html", "map.html"):
        assert (site / name).is_file(), name


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.loads, self.state_keys = [], set(), [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body" and attrs.get("data-address-state"):
            self.state_keys = set(attrs["data-address-state"].split())
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for key in ("src", "srcset", "data", "poster"):
            if attrs.get(key):
                self.loads.append((tag, attrs[key]))
        if tag == "link":
            self.loads.append((tag, attrs.get("href")))


def test_no_broken_internal_link_and_nothing_from_the_network(site):
    parsed = {}
    for page in site.rglob("*.html"):
        text = page.read_text()
        links = _Links()
        links.feed(text)
        parsed[page] = links
        # no script, style, font or image file: everything is inline; the index shows the time map in a frame
        assert links.loads == ([("iframe", "map.html")] if page == site / "index.html" else []), page
        assert not re.search(r"@import|url\(\s*['\"]?https?:", text), page
        assert not re.search(r"<script[^>]+src", text), page
    checked = 0
    for page, links in parsed.items():
        for href in links.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                assert parts.scheme in ("http", "https"), (page, href)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and site.resolve() in target.parents, (page, href)
            if parts.fragment and target.suffix == ".html":
                from site_checkers import fragment_found

                assert target in parsed and fragment_found(unquote(parts.fragment), parsed[target]), (page, href)
            checked += 1
    assert checked > 3 * len(parsed)  # every page links at least its three documents


def test_site_and_serve_give_the_same_bytes(built, site, data):
    sample = data.resources[::40] + [DEFAULT_BASE + "id/hadrut-province", DEFAULT_BASE + "dataset"]
    with serving(built.out) as server:
        for iri in sample:
            for fmt in ALL:
                path = "/" + file_path(data, iri, fmt)
                status, _, body = get(server, urllib.request.quote(path, safe="/-._~"))
                assert status == 200 and body == (site / file_path(data, iri, fmt)).read_bytes(), path
        for name in ("ontology.ttl", "ontology.jsonld", "index.html", "map.html", "void.ttl", "download/hadrut.nt"):
            assert get(server, "/" + name)[2] == (site / name).read_bytes(), name


def test_documents_parse_with_rdflib_and_pyoxigraph_to_the_same_triples(site, data):
    sample = data.resources[::25] + [DEFAULT_BASE + "id/hadrut-province"]
    for iri in sample:
        found = {}
        for ext in ("ttl", "nt", "jsonld", "rdf"):
            body = (site / (unquote(iri[len(DEFAULT_BASE):]) + "." + ext)).read_bytes()
            found[ext] = oxigraph_triples(body, ext)
            assert rdflib_triples(body, ext) == found[ext], (iri, ext)
        assert found["ttl"] == found["nt"] == found["jsonld"] == found["rdf"], iri
        assert any(s == ("iri", iri) for s, _, _ in found["ttl"]), iri


def test_the_index_lists_every_resource_with_a_filter_over_its_names(site, data):
    index = (site / "index.html").read_text()
    assert index.count("<li data-k=") == len(data.resources)
    assert '<label for="filter">' in index and "normalize('NFD')" in index
    # the town's names in the Wikipedia settlements list and its Russian form are all in its entry
    entry = re.search(r'<li data-k="([^"]*)"><a href="id/hadrut.html">', index)
    assert entry and {"Հադրութ", "Гадрут", "Hadrut"} <= set(entry.group(1).split(" "))


@pytest.fixture(scope="module")
def apache(web, site, apache_port):
    """Debian's Apache on 127.0.0.1: the site as a static host under /site/, the namespace's .htaccess under
    /hadrut-kg/ as in the perma-id/w3id.org repository."""
    require_apache()
    (web / "www" / "hadrut-kg").mkdir()
    shutil.copyfile(site / "w3id.org" / "hadrut-kg" / ".htaccess", web / "www" / "hadrut-kg" / ".htaccess")
    for folder in [web, *web.rglob("*")]:
        folder.chmod(0o755 if folder.is_dir() else 0o644)

    def ready() -> bool:
        try:
            return get(("127.0.0.1", apache_port), "/site/index.html")[0] == 200
        except OSError:
            return False

    with apache_server(web, apache_port, ["rewrite", "headers", "mime"], f"""DocumentRoot {web}/www
TypesConfig /etc/mime.types
<Directory {web}/www>
  AllowOverride All
  Require all granted
</Directory>""", ready):
        yield ("127.0.0.1", apache_port)


@pytest.mark.parametrize("path,accept,target", [
    ("/hadrut-kg/id/hadrut-province", "text/turtle", "/site/id/hadrut-province.ttl"),
    ("/hadrut-kg/id/hadrut-province", BROWSER, "/site/id/hadrut-province.html"),
    ("/hadrut-kg/id/hadrut-province", "*/*", "/site/id/hadrut-province.ttl"),
    ("/hadrut-kg/id/hadrut-province", None, "/site/id/hadrut-province.ttl"),
    ("/hadrut-kg/id/hadrut-province", "application/ld+json", "/site/id/hadrut-province.jsonld"),
    ("/hadrut-kg/statement/hadrut-province--controlledBy--azerbaijan", "application/n-triples",
     "/site/statement/hadrut-province--controlledBy--azerbaijan.nt"),
    ("/hadrut-kg/name/hadrut-province--hy--%D5%80%D5%A1%D5%A4%D6%80%D5%B8%D6%82%D5%A9", "text/turtle",
     "/site/name/hadrut-province--hy--%D5%80%D5%A1%D5%A4%D6%80%D5%B8%D6%82%D5%A9.ttl"),
    ("/hadrut-kg/dataset", "text/turtle", "/site/dataset.ttl"),
    ("/hadrut-kg/id/hadrut", "application/rdf+xml", "/site/id/hadrut.rdf"),
    ("/hadrut-kg/ontology", "application/rdf+xml", "/site/ontology.rdf"),
    ("/hadrut-kg/ontology", "text/turtle", "/site/ontology.ttl"),
    ("/hadrut-kg/ontology/0.1.0", "application/ld+json", "/site/ontology.jsonld"),
])
def test_the_htaccess_redirects_each_iri_by_accept_to_the_site(apache, site, path, accept, target):
    status, headers, _ = get(apache, path, accept)
    location = urlsplit(headers["location"])
    assert (status, location.netloc, unquote(location.path)) == (303, f"127.0.0.1:{apache[1]}", unquote(target))
    assert "Accept" in headers["vary"]
    status, _, body = get(apache, location.path)
    assert status == 200 and body == (site / unquote(target[len("/site/"):])).read_bytes()


def test_the_htaccess_sends_documents_and_dumps_as_they_are(apache):
    for path in ("/hadrut-kg/id/hadrut-province.ttl", "/hadrut-kg/download/hadrut.trig", "/hadrut-kg/void.ttl"):
        status, headers, _ = get(apache, path)
        assert (status, urlsplit(headers["location"]).path) == (302, path.replace("/hadrut-kg/", "/site/"))


@pytest.mark.parametrize("path,media", [
    ("/site/id/hadrut.rdf", "application/rdf+xml; charset=utf-8"),
    ("/site/id/hadrut.ttl", "text/turtle; charset=utf-8"),
    ("/site/id/hadrut.jsonld", "application/ld+json; charset=utf-8"),
    ("/site/download/places/hadrut.geojson", "application/geo+json; charset=utf-8"),
    ("/site/download/places/hadrut.lpf.json", "application/ld+json; charset=utf-8"),
    ("/site/download/places/hadrut.names.csv", "text/csv; charset=utf-8"),
])
def test_apache_serves_the_site_files_with_their_types_cors_and_validators(apache, site, path, media):
    """The site's own .htaccess (media types, CORS) under Apache; Apache's ETag answers If-None-Match with 304."""
    import http.client

    def send(headers):
        conn = http.client.HTTPConnection(*apache, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    status, headers, body = send({"Origin": "http://127.0.0.1:1"})
    assert (status, headers["content-type"], headers["access-control-allow-origin"]) == (200, media, "*")
    assert body == (site / path[len("/site/"):]).read_bytes()
    assert send({"If-None-Match": headers["etag"]})[0] == 304


def test_a_site_url_that_could_break_the_rules_is_refused(built, tmp_path):
    for bad in ("https://example.org/a b", "https://example.org/\nRewriteRule .* evil", "ftp://example.org/",
                'https://example.org/"x'):
        code, _, err = run("site", "--dataset", str(built.out), "--out", str(tmp_path / "s"), "--site-url", bad)
        assert code == 2 and err.startswith("error: --site-url must be an http(s) URL") and err.count("\n") == 1
    assert not (tmp_path / "s").exists()


def test_a_missing_dataset_is_one_line(tmp_path):
    code, _, err = run("site", "--dataset", str(tmp_path / "nothing"), "--out", str(tmp_path / "s"))
    assert (code, err) == (3, f"error: no built dataset in {tmp_path / 'nothing'}; run `hadrut-kg build` first\n")


def test_a_failure_while_writing_leaves_the_previous_site_whole(built, tmp_path):
    broken = tmp_path / "dist"
    shutil.copytree(built.out, broken)
    (broken / "hadrut.jsonld").unlink()
    (broken / "hadrut.jsonld").mkdir()  # the dump cannot be copied: the writer fails after all the pages
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous.txt").write_text("the previous site")
    (out / ".hadrut-kg-output").write_text("a previous site")
    code, _, err = run("site", "--dataset", str(broken), "--out", str(out))
    assert code == 5 and err.startswith(f"error: cannot write the site to {out}: ") and err.count("\n") == 1
    assert sorted(p.name for p in out.iterdir()) == [".hadrut-kg-output", "previous.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".site.new", ".site.old"))]  # no temp left
    (tmp_path / "file").write_text("a file where a folder should be")
    code, _, err = run("site", "--dataset", str(built.out), "--out", str(tmp_path / "file" / "site"))
    assert code == 5 and err.startswith(f"error: cannot write the site to {tmp_path / 'file' / 'site'}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("typed,shown,hidden", [
    # the secondary sources give the town's Russian name Гадрут and the Soviet district's, Гадрутский район
    ("гадрут", {"id/hadrut.html", "id/hadrut-district.html"}, {"id/hadrut-province.html", "id/togh.html"}),
    ("Հադրութ", {"id/hadrut.html", "id/hadrut-province.html", "id/hadrut-district.html"}, {"id/togh.html"}),
    # accents folded: "abseron" finds Abşeron rayonu
    ("abseron rayonu", {"id/absheron-district.html"}, {"id/hadrut.html"}),
])
def test_the_index_filter_runs_in_a_browser(site, tmp_path, typed, shown, hidden):
    """The index's own script in headless Chromium, with the text typed into the filter box."""
    browser = chromium()
    if browser is None:
        tools.missing("chromium")
    page = site / "index.typed.html"
    page.write_text((site / "index.html").read_text().replace(
        "</body>", "<script>var box = document.getElementById('filter'); box.value = " + repr(typed) +
        "; box.dispatchEvent(new Event('input'));</script></body>"))
    try:
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=120)
    finally:
        page.unlink()
    visible = set(re.findall(r'<li data-k="[^"]*"><a href="([^"]+)"', done.stdout))
    hidden_found = set(re.findall(r'<li data-k="[^"]*" hidden=""><a href="([^"]+)"', done.stdout))
    assert visible and shown <= visible and hidden <= hidden_found, (visible, done.stderr[-500:])


# --- other people's checkers on the whole site (tests/site_checkers.py; installed by .ci/run) -------------------

def test_the_nu_html_checker_finds_no_error_on_any_page(site):
    from site_checkers import nu_errors, require

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1300
    assert require(nu_errors, pages) == []


def test_linkchecker_finds_no_broken_link_in_the_site(site):
    from site_checkers import broken_links, require

    assert require(broken_links, site) == []


@pytest.mark.parametrize("page", ["id/hadrut-province.html", "id/hadrut.html", "id/azokh-cave.html", "index.html",
                                  "ontology.html", "map.html"])
def test_axe_finds_no_serious_violation(site, page):
    """axe-core in headless Chromium on a place page (the province, the town, a cave), the index and the
    ontology's documentation."""
    from site_checkers import axe_violations, require

    assert (site / page).is_file()
    assert require(axe_violations, site / page, impact=("serious", "critical")) == []


def test_no_published_file_names_a_path_of_the_build_folder(built, site):
    """Dumps, documents and pages are read by people who have neither the project's folders nor its shared one."""
    paths = ("../shared", "shared/wikidata-qids", str(ROOT), str(built.out))
    found = sorted((str(f), p) for folder in (built.out, site) for f in folder.rglob("*") if f.is_file()
                   for p in paths if p in f.read_text(encoding="utf-8", errors="replace"))
    assert found == []
