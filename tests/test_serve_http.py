"""`hadrut-kg serve` for HTTP clients (issue 23, point 6; issue 26's two Accept parsers): one negotiation for
/query and the pages, RDF/XML, CORS for browser clients on other origins, HTTP/1.1 with validators and 304 —
against a real server on 127.0.0.1. Expected answers are worked out by hand: the town of Hadrut's label is
"Hadrut"@en (data/places.yaml), its documents are those of /id/hadrut."""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
from urllib.parse import quote

import pytest

import tools

from site_helpers import get, serving

pytestmark = pytest.mark.slow  # a real `serve` and headless Chromium

LABEL = "SELECT ?label WHERE { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
CONSTRUCT = ("CONSTRUCT { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
             "WHERE { <https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
JSON = {"head": {"vars": ["label"]},
        "results": {"bindings": [{"label": {"type": "literal", "xml:lang": "en", "value": "Hadrut"}}]}}


@pytest.fixture(scope="module")
def server(built):
    with serving(built.out) as address:
        yield address


def query(server, text: str, accept: str | None, method: str = "GET"):
    return get(server, "/query?query=" + quote(text), accept, method)


# --- one negotiation for /query and the pages (issue 26) -------------------------------------------------------

@pytest.mark.parametrize("accept,media,body", [
    ("text/*", "text/csv", b"label\r\nHadrut\r\n"),  # was JSON: a wildcard over text/ takes a text/ format
    ("*/*", "application/sparql-results+json", JSON),
    (None, "application/sparql-results+json", JSON),
    ("text/csv;q=0, text/*", "text/tab-separated-values", b'?label\n"Hadrut"@en\n'),
    ("text/csv;q=0, */*", "application/sparql-results+json", JSON),
    ("text/tab-separated-values;q=0.4, text/csv;q=0.5", "text/csv", b"label\r\nHadrut\r\n"),
])
def test_query_answers_in_the_format_the_accept_header_ranks_first(server, accept, media, body):
    status, headers, got = query(server, LABEL, accept)
    if media.endswith("json"):
        got = json.loads(got)
    assert (status, headers["content-type"].split(";")[0], got) == (200, media, body)
    assert headers["vary"] == "Accept"


@pytest.mark.parametrize("accept", ["text/csv;q=0", "image/png", "*/*;q=0", "text/html"])
def test_query_answers_406_when_no_format_is_acceptable(server, accept):
    status, headers, body = query(server, LABEL, accept)
    assert status == 406, body  # `text/csv;q=0` used to get CSV all the same
    assert body == (b"none of the formats of this answer is acceptable: application/sparql-results+json, "
                    b"application/sparql-results+xml, text/csv, text/tab-separated-values\n")


def test_a_construct_is_negotiated_by_the_same_rules(server):
    status, headers, body = query(server, CONSTRUCT, "application/rdf+xml")
    assert (status, headers["content-type"].split(";")[0]) == (200, "application/rdf+xml")
    assert b'xml:lang="en">Hadrut</' in body
    status, headers, body = query(server, CONSTRUCT, "text/*")
    assert (status, headers["content-type"].split(";")[0]) == (200, "text/turtle")
    assert query(server, CONSTRUCT, "text/csv")[0] == 406


@pytest.mark.parametrize("accept,ext", [("text/*", "ttl"), ("*/*", "ttl"), ("application/rdf+xml", "rdf"),
                                        ("text/turtle;q=0, */*", "nt")])
def test_pages_negotiate_with_the_same_rules(server, accept, ext):
    status, headers, _ = get(server, "/id/hadrut", accept)
    assert (status, headers["location"]) == (303, f"/id/hadrut.{ext}")


def test_pages_answer_406_when_no_format_is_acceptable(server):
    for accept in ("text/turtle;q=0, application/n-triples;q=0, application/ld+json;q=0, application/rdf+xml;q=0, "
                   "text/html;q=0", "image/png", "*/*;q=0"):
        assert get(server, "/id/hadrut", accept)[0] == 406, accept


def send(server, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    """One request with any headers: (status, lower-cased headers, body)."""
    conn = http.client.HTTPConnection(*server, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


ORIGIN = {"Origin": "http://127.0.0.1:1"}


# --- CORS: reads open to other origins, nothing that writes, no credentials ------------------------------------

@pytest.mark.parametrize("method,path,headers,body,status", [
    ("GET", "/query?query=" + quote(LABEL), {}, None, 200),
    ("POST", "/query", {"Content-Type": "application/sparql-query"}, LABEL.encode(), 200),
    ("POST", "/query", {"Content-Type": "application/x-www-form-urlencoded"}, b"query=" + quote(LABEL).encode(), 200),
    ("GET", "/query?query=" + quote("SELECT"), {}, None, 400),  # an error a page must be able to read
    ("GET", "/id/hadrut", {"Accept": "text/turtle"}, None, 303),
    ("GET", "/id/hadrut.ttl", {}, None, 200),
    ("GET", "/id/hadrut.html", {}, None, 200),
    ("GET", "/download/hadrut.nt", {}, None, 200),
    ("GET", "/id/no-such-place", {}, None, 404),
])
def test_reads_carry_cors_headers_without_credentials(server, method, path, headers, body, status):
    got, answer, _ = send(server, method, path, {**ORIGIN, **headers}, body)
    assert (got, answer["access-control-allow-origin"]) == (status, "*")
    assert "access-control-allow-credentials" not in answer


def test_the_query_preflight_allows_a_posted_sparql_query(server):
    status, headers, body = send(server, "OPTIONS", "/query", {
        **ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert (status, body) == (204, b"")
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"].split(", ")
    assert "Content-Type" in headers["access-control-allow-headers"].split(", ")
    assert "access-control-allow-credentials" not in headers
    status, headers, _ = send(server, "OPTIONS", "/id/hadrut.ttl", {**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert (status, headers["access-control-allow-origin"], headers["access-control-allow-methods"]) == \
        (204, "*", "GET, HEAD, OPTIONS")


@pytest.mark.parametrize("method,path,headers,body,status", [
    ("POST", "/update", {"Content-Type": "application/sparql-update"}, b"DROP ALL", 403),
    ("OPTIONS", "/update", {"Access-Control-Request-Method": "POST"}, None, 403),
    ("OPTIONS", "/store", {"Access-Control-Request-Method": "PUT"}, None, 403),
    ("PUT", "/store?default", {"Content-Type": "application/n-triples"}, b"", 403),
    ("POST", "/query", {"Content-Type": "application/x-www-form-urlencoded"}, b"update=DROP+ALL", 403),
    ("GET", "/query?update=DROP+ALL", {}, None, 403),
    ("OPTIONS", "/nothing-here", {"Access-Control-Request-Method": "GET"}, None, 404),
])
def test_writes_and_unknown_paths_are_not_opened_to_other_origins(server, method, path, headers, body, status):
    got, answer, _ = send(server, method, path, {**ORIGIN, **headers}, body)
    assert got == status and "access-control-allow-origin" not in answer


def test_cors_does_not_weaken_the_host_check(server):
    """A page on a rebinding domain reaches 127.0.0.1 under a foreign Host: still 421, and nothing to read."""
    for method in ("GET", "OPTIONS"):
        status, headers, _ = send(server, method, "/query?query=" + quote(LABEL),
                                  {"Host": "rebind.example", "Origin": "http://rebind.example"})
        assert status == 421 and "access-control-allow-origin" not in headers


# --- HTTP/1.1, validators and conditional requests ---------------------------------------------------------------

def test_one_connection_carries_several_requests(server):
    conn = http.client.HTTPConnection(*server, timeout=30)
    try:
        for path in ("/id/hadrut.ttl", "/query?query=" + quote(LABEL), "/id/hadrut", "/id/hadrut.html"):
            conn.request("GET", path, headers={"Accept": "text/csv" if "query" in path else "text/turtle"})
            response = conn.getresponse()
            response.read()
            assert (response.version, response.getheader("Connection")) == (11, None), path
            assert response.status in (200, 303), path
    finally:
        conn.close()


def test_a_body_left_unread_closes_the_connection(server):
    """413 is sent before the oversized body is read: that body must not be read as the next request."""
    status, headers, _ = send(server, "POST", "/query", {"Content-Type": "application/sparql-query",
                                                         "Content-Length": str((1 << 20) + 1)}, None)
    assert (status, headers["connection"]) == (413, "close")


def raw_exchange(server, request: bytes) -> bytes:
    """Send raw bytes on one connection; everything the server answers until it closes (or 5 s pass)."""
    import socket

    with socket.create_connection(server, timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


SMUGGLED = b"GET /id/smuggled HTTP/1.1\r\nHost: {host}\r\n\r\n"
FRAMINGS = {  # the attacker review's three requests whose body end two readers could put in two places
    "length and chunked": (b"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded"
                           b"\r\nContent-Length: 11\r\nTransfer-Encoding: chunked\r\n\r\nquery=ASK{{}}" + SMUGGLED,
                           b"both Content-Length and Transfer-Encoding"),
    "two lengths": (b"GET /id/hadrut HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"
                    + SMUGGLED, b"more than one Content-Length header"),
    "signed length": (b"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: +5\r\n\r\nASK{{}}" + SMUGGLED, b"not a number of plain digits"),
    "space before colon": (b"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length : 45\r\n\r\n" + SMUGGLED, b"a header line that is no 'name: value' field"),
}


@pytest.mark.parametrize("name", FRAMINGS)
def test_a_request_whose_length_reads_two_ways_is_refused_and_closed(server, name):
    """Third attacker review (request smuggling): 400, the connection closed, and nothing after the first
    request answered — /id/smuggled never reaches the server as a request of its own."""
    request, why = FRAMINGS[name]
    answer = raw_exchange(server, request.replace(b"{host}", f"{server[0]}:{server[1]}".encode())
                          .replace(b"{{}}", b"{}"))
    assert answer.startswith(b"HTTP/1.1 400 ") and why in answer, answer[:300]
    assert answer.count(b"HTTP/1.1 ") == 1 and b"Connection: close" in answer


def test_reconcile_errors_before_the_host_check_are_not_opened_to_other_origins(server):
    status, headers, _ = send(server, "GET", "/reconcile", {"Host": "evil.example", "Origin": "http://evil.example"})
    assert status == 421 and "access-control-allow-origin" not in headers
    status, headers, _ = send(server, "GET", "/reconcile?queries=%7B", {"Origin": "http://evil.example"})
    assert status == 400 and headers["access-control-allow-origin"] == "*"  # after it: the API's errors are open


def test_documents_pages_and_files_carry_validators(built, server):
    modified = email.utils.formatdate(int((built.out / "hadrut.nt").stat().st_mtime), usegmt=True)
    for path in ("/id/hadrut.ttl", "/id/hadrut.rdf", "/id/hadrut.html", "/download/hadrut.nt", "/index.html"):
        status, headers, body = send(server, "GET", path)
        assert status == 200
        assert headers["etag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"', path  # strong, of the bytes
        assert (headers["last-modified"], headers["cache-control"]) == (modified, "public, max-age=600"), path


def test_conditional_requests_get_304(server):
    status, headers, body = send(server, "GET", "/id/hadrut.ttl")
    tag, modified = headers["etag"], headers["last-modified"]
    earlier = email.utils.formatdate(email.utils.parsedate_to_datetime(modified).timestamp() - 86400, usegmt=True)
    for conditional, expected in (
            ({"If-None-Match": tag}, 304), ({"If-None-Match": "W/" + tag}, 304), ({"If-None-Match": "*"}, 304),
            ({"If-None-Match": f'"other", {tag}'}, 304), ({"If-None-Match": '"other"'}, 200),
            ({"If-Modified-Since": modified}, 304), ({"If-Modified-Since": earlier}, 200),
            ({"If-Modified-Since": "yesterday"}, 200),
            ({"If-None-Match": '"other"', "If-Modified-Since": modified}, 200)):  # If-None-Match decides
        status, headers, got = send(server, "GET", "/id/hadrut.ttl", conditional)
        assert status == expected, conditional
        assert got == (b"" if expected == 304 else body)
        assert headers["etag"] == tag
    status, headers, got = send(server, "HEAD", "/download/hadrut.trig", {"If-None-Match": "*"})
    assert (status, got) == (304, b"")
    assert "content-length" not in headers


# --- a real browser on another origin ----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>client</title></head><body><script>
const E = "http://127.0.0.1:%(port)d";
const Q = %(query)s;
async function attempt(name, run) {
  try { return await run(); } catch (e) { return "blocked: " + e.name; }
}
(async () => {
  const out = {};
  out.get = await attempt("get", async () => {
    const r = await fetch(E + "/query?query=" + encodeURIComponent(Q),
                          {headers: {Accept: "application/sparql-results+json"}});
    const json = await r.json();
    return [r.status, json.results.bindings.map(b => [b.label.value, b.label["xml:lang"]])];
  });
  out.post = await attempt("post", async () => {  // a preflighted request: Content-Type is not a form's
    const r = await fetch(E + "/query", {method: "POST", body: Q,
                          headers: {"Content-Type": "application/sparql-query", Accept: "text/csv"}});
    return [r.status, await r.text()];
  });
  out.document = await attempt("document", async () => {  // the IRI, 303 to its N-Triples document
    const r = await fetch(E + "/id/hadrut", {headers: {Accept: "application/n-triples"}});
    const text = await r.text();
    return [r.status, r.url, r.headers.get("content-type"), /^"[0-9a-f]{32}"$/.test(r.headers.get("etag") || ""),
            text.includes('<https://w3id.org/hadrut-kg/id/hadrut> <http://www.w3.org/2000/01/rdf-schema#label> "Hadrut"@en .')];
  });
  out.update = await attempt("update", async () => {
    const r = await fetch(E + "/update", {method: "POST", body: "DROP ALL",
                          headers: {"Content-Type": "application/sparql-update"}});
    return [r.status, await r.text()];
  });
  out.credentials = await attempt("credentials", async () => {
    const r = await fetch(E + "/query?query=" + encodeURIComponent(Q), {credentials: "include"});
    return [r.status, await r.text()];
  });
  window.__results = out;
})();
</script></body></html>
"""


def test_a_page_on_another_origin_queries_the_endpoint_in_chromium(server, tmp_path):
    """Headless Chromium (puppeteer-core, tests/js/page-run.js) loads a page from a second server on another port
    of 127.0.0.1 — another origin — whose script fetch()es /query (GET, and a preflighted POST) and a document;
    the browser lets it read them. Writing, and reading with credentials, it refuses."""
    import functools
    import shutil
    import subprocess
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    from hadrut_kg.paths import ROOT

    js = ROOT / "tests" / "js"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    node = shutil.which("node")
    for tool, found in (("chromium", chromium), ("node", node),
                        ("npm packages", (js / "node_modules" / "puppeteer-core").is_dir())):
        if not found:
            tools.missing(tool)
    (tmp_path / "client.html").write_text(PAGE % {"port": server[1], "query": json.dumps(LABEL)})

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}/client.html"
        done = subprocess.run([node, str(js / "page-run.js"), chromium, url], capture_output=True, text=True,
                              timeout=180, cwd=js)
    finally:
        other.shutdown()
        other.server_close()
    assert done.returncode == 0, done.stderr[-1500:]
    report = json.loads(done.stdout)
    assert report["origin"] != f"http://127.0.0.1:{server[1]}"  # the page really is on another origin
    results = report["results"]
    assert results["get"] == [200, [["Hadrut", "en"]]]
    assert results["post"] == [200, "label\r\nHadrut\r\n"]
    assert results["document"] == [200, f"http://127.0.0.1:{server[1]}/id/hadrut.nt",
                                   "application/n-triples; charset=utf-8", True, True]
    assert results["update"] == "blocked: TypeError"  # its preflight gets no CORS header: the browser stops
    assert results["credentials"] == "blocked: TypeError"  # `*` never admits a request with credentials
