"""`hadrut-kg load` as a network client, attacked and failed on purpose (all on 127.0.0.1): credentials never cross
to another origin on a redirect, transient failures are retried, a silent store cannot hang it past --timeout, an
endless answer is not read into memory, and the atomic load leaves all graphs old when a staging upload fails —
against a real Oxigraph server where a real store can show it, a scripted one for what a store will not do on
demand (redirects elsewhere, 503, silence, endless answers)."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.request
from contextlib import contextmanager

import pyoxigraph as ox
import pytest

from hadrut_kg.stores import gsp
from hadrut_kg.cli.main import main
from hadrut_kg.stores.gsp import STAGING, Auth, LoadError, count_graph, graph_url, put_graph
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE
from hadrut_kg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.slow  # a real Oxigraph server

WIKIPEDIA = DEFAULT_BASE + "graph/wikipedia"
MARKER = b"<https://example.org/marker> <https://example.org/p> \"before\" .\n"


@contextmanager
def recording_server(answer):
    """A server whose answer(handler) writes each reply; yields (url, requests seen as (method, path, headers))."""
    seen: list[tuple[str, str, dict]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_one(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append((self.command, self.path, dict(self.headers)))
            answer(self)

        do_GET = do_PUT = do_POST = do_HEAD = handle_one  # noqa: N815 — the http.server API

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(handler, status: int, body: bytes = b"", headers: dict | None = None):
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


@pytest.mark.parametrize("auth,leaked", [(Auth("alice", "s3cret", scheme="basic"), "Basic"),
                                         (Auth(token="t0ken"), "Bearer t0ken")])
def test_read_back_redirected_to_another_origin_carries_no_credentials(auth, leaked):
    with recording_server(lambda h: reply(h, 200, MARKER, {"Content-Type": gsp.NT})) as (elsewhere, seen_there):
        with recording_server(lambda h: reply(h, 302, headers={"Location": elsewhere + "/steal"})) as (store, seen):
            assert count_graph(store + "/store", WIKIPEDIA, auth, timeout=5) == 1
    assert seen[0][2]["Authorization"].startswith(leaked)  # the store the user named gets them
    assert [(m, p) for m, p, _ in seen_there] == [("GET", "/steal")]
    assert "Authorization" not in seen_there[0][2]  # the other origin (another port) does not


def test_redirected_upload_is_refused_not_followed():
    with recording_server(lambda h: reply(h, 200)) as (elsewhere, seen_there):
        with recording_server(lambda h: reply(h, 307, headers={"Location": elsewhere + "/x"})) as (store, _):
            with pytest.raises(LoadError) as caught:
                put_graph(store + "/store", WIKIPEDIA, MARKER, Auth("alice", "s3cret", scheme="basic"), 5)
    assert f"the store redirects to {elsewhere}/x; give that URL instead" in str(caught.value)
    assert seen_there == []


def test_transient_503_on_upload_is_retried_then_succeeds():
    statuses = iter([503, 503, 201])

    def answer(handler):
        status = next(statuses)
        reply(handler, status, headers={"Retry-After": "0"} if status == 503 else None)

    with recording_server(answer) as (store, seen):
        put_graph(store + "/store", WIKIPEDIA, MARKER, Auth(), 5)
    assert [m for m, _, _ in seen] == ["PUT", "PUT", "PUT"]


def test_a_silent_store_cannot_hang_the_load_past_its_timeout(built, capsys):
    def silent(handler):
        time.sleep(8)

    with recording_server(silent) as (store, _):
        started = time.monotonic()
        assert main(["load", "--endpoint", store + "/store", "--timeout", "1", "--retries", "0",
                     "--dataset", str(built.out)]) == 3
        took = time.monotonic() - started
    assert took < 3
    assert capsys.readouterr().err.startswith(f"error: GET {store}/store?default: cannot reach the store "
                                              "(no answer within 1 s)")


def test_an_endless_answer_is_not_read_into_memory():
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", gsp.NT)
        handler.end_headers()
        try:
            while True:
                handler.wfile.write(MARKER * 4096)
        except OSError:
            pass

    with recording_server(endless) as (store, _):
        with pytest.raises(LoadError) as caught:
            count_graph(store + "/store", WIKIPEDIA, Auth(), timeout=20, limit=4 << 20)
    assert str(caught.value).endswith(f"the answer is larger than {4 << 20} bytes; stopped reading")


def graph_content(server, graph):
    with urllib.request.urlopen(urllib.request.Request(graph_url(server.store_endpoint, graph),
                                                       headers={"Accept": gsp.NT})) as r:
        return set(ox.parse(r.read(), format=ox.RdfFormat.N_TRIPLES))


def all_graphs(server):
    store = ox.Store()
    with urllib.request.urlopen(urllib.request.Request(server.url + "/store", headers={"Accept": "application/n-quads"})) as r:
        store.load(r.read(), format=ox.RdfFormat.N_QUADS)
    return {str(g) for g in store.named_graphs()}, len(store)


def test_atomic_load_swaps_all_graphs_at_once(built, capsys):
    with OxigraphServer() as server:
        assert main(["load", "--endpoint", server.store_endpoint, "--update", server.url + "/update",
                     "--dataset", str(built.out)]) == 0
        assert capsys.readouterr().out.splitlines() == [f"(default graph): {built.triples} triples"] + [
            f"{g}: {n} triples" for g, n in sorted(built.graphs.items())]
        names, _ = all_graphs(server)
        assert {n.strip("<>") for n in names} == set(built.graphs)  # no staging graph left


def test_failed_atomic_load_leaves_every_graph_old(built, capsys, monkeypatch):
    with OxigraphServer() as server:
        assert main(["load", "--endpoint", server.store_endpoint, "--dataset", str(built.out)]) == 0
        put_graph(server.store_endpoint, WIKIPEDIA, MARKER, Auth())
        before_names, before_size = all_graphs(server)
        capsys.readouterr()
        real = gsp.payloads

        def broken_last(out, single):
            todo = real(out, single)
            last = sorted(g for g in todo if g)[-1]
            todo[last] = (b"<https://x> <https://y> broken .\n", 1)
            return todo

        monkeypatch.setattr(gsp, "payloads", broken_last)
        assert main(["load", "--endpoint", server.store_endpoint, "--update", server.url + "/update",
                     "--dataset", str(built.out)]) == 3
        err = capsys.readouterr().err
        assert "HTTP 400 Bad Request" in err and err.rstrip().endswith(
            "no graph was changed (the staging graphs were dropped)")
        assert graph_content(server, WIKIPEDIA) == set(ox.parse(MARKER, format=ox.RdfFormat.N_TRIPLES))
        assert all_graphs(server) == (before_names, before_size)
        assert not any(STAGING in n for n in before_names)
