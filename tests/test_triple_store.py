"""Against a real Oxigraph server started on 127.0.0.1 and a free port: `hadrut-kg load` over the Graph Store
Protocol, `hadrut-kg query --endpoint`, `hadrut-kg serve`; loads that fail or are cut off midway."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest

from hadrut_kg import api
from hadrut_kg.cli.main import main
from hadrut_kg.stores.gsp import Auth, LoadError, count_graph, graph_url, put_graph
from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, Minted
from hadrut_kg.stores.oxigraph_server import OxigraphServer, free_port
from hadrut_kg.errors import NetworkError
from hadrut_kg.queries.catalogue import named_queries, resolve_params
from hadrut_kg.stores.remote import fetch, run_remote
from hadrut_kg.queries.results import table

from scripted_http import ok, scripted_endpoint

pytestmark = pytest.mark.slow  # a real `serve` and Oxigraph server

WIKIPEDIA = DEFAULT_BASE + "graph/wikipedia"


@pytest.fixture(scope="module")
def server():
    with OxigraphServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def loaded(server, built):
    assert main(["load", "--endpoint", server.store_endpoint, "--dataset", str(built.out)]) == 0
    return server


def graph_content(server, graph):
    with urllib.request.urlopen(urllib.request.Request(graph_url(server.store_endpoint, graph),
                                                       headers={"Accept": "application/n-triples"})) as r:
        return set(ox.parse(r.read(), format=ox.RdfFormat.N_TRIPLES))


def test_load_reports_counts_read_back_from_the_store(server, built, capsys):
    assert main(["load", "--endpoint", server.store_endpoint, "--dataset", str(built.out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = [f"(default graph): {built.triples} triples"] + [
        f"{g}: {n} triples" for g, n in sorted(built.graphs.items())]
    assert lines == expected


def test_reload_changes_nothing(loaded, built):
    before = {g: graph_content(loaded, g) for g in [None, *built.graphs]}
    assert main(["load", "--endpoint", loaded.store_endpoint, "--dataset", str(built.out)]) == 0
    after = {g: graph_content(loaded, g) for g in [None, *built.graphs]}
    assert after == before
    assert len(after[None]) == built.triples


@pytest.mark.parametrize("name", list(named_queries()))
def test_named_query_same_remotely_as_embedded(loaded, built, name):
    query = named_queries()[name]
    values = resolve_params(query, {}, Minted(DEFAULT_BASE))
    from hadrut_kg.queries.catalogue import bind

    remote = table(fetch(loaded.query_endpoint, bind(query.text, values), 30), query.text)
    local = api.run(name, built.out)
    normalise = lambda t: [{k: (" ".join(sorted(v.split())) if k in ("sources", "capitalSource") and v else v)  # noqa: E731
                            for k, v in row.items()} for row in t.values()]
    assert remote.variables == local.variables
    assert normalise(remote) == normalise(local)


def test_query_endpoint_cli_gives_the_embedded_csv(loaded, built, capsys):
    args = ["query", "relations-on-date", "--param", "date=1985-01-01", "--format", "csv"]
    assert main([*args, "--dataset", str(built.out)]) == 0
    embedded = capsys.readouterr().out
    assert main([*args, "--endpoint", loaded.query_endpoint]) == 0
    assert capsys.readouterr().out == embedded


def test_single_graph_load(server, built, capsys):
    target = "https://example.org/hadrut-all"
    assert main(["load", "--endpoint", server.store_endpoint, "--graph", target, "--dataset", str(built.out)]) == 0
    assert capsys.readouterr().out == f"{target}: {built.triples} triples\n"


def test_malformed_payload_leaves_the_graph_intact(loaded):
    before = graph_content(loaded, WIKIPEDIA)
    with pytest.raises(LoadError) as caught:
        put_graph(loaded.store_endpoint, WIKIPEDIA, b"<https://x> <https://y> broken .\n", Auth())
    assert str(caught.value).startswith(f"graph {WIKIPEDIA}: PUT ")
    assert ": HTTP 400 Bad Request: Parser error at line 1" in str(caught.value)
    assert graph_content(loaded, WIKIPEDIA) == before


def test_upload_cut_off_midway_leaves_the_graph_intact(loaded):
    before = graph_content(loaded, WIKIPEDIA)
    payload = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n" * 2000
    path = graph_url("/store", WIKIPEDIA)
    with socket.create_connection((loaded.host, loaded.port)) as sock:
        sock.sendall(f"PUT {path} HTTP/1.1\r\nHost: {loaded.host}\r\nContent-Type: application/n-triples\r\n"
                     f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload[: len(payload) // 2])
    time.sleep(0.3)
    assert graph_content(loaded, WIKIPEDIA) == before


def test_server_killed_during_a_load_keeps_the_previous_graph(built, tmp_path):
    big = b"".join(b"<https://example.org/s%d> <https://example.org/p> \"%d\" .\n" % (i, i) for i in range(300000))
    srv = OxigraphServer(location=tmp_path / "db").start()
    try:
        put_graph(srv.store_endpoint, WIKIPEDIA, (built.out / "hadrut.nt").read_bytes(), Auth())
        before = count_graph(srv.store_endpoint, WIKIPEDIA, Auth())
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=30)
        conn.putrequest("PUT", graph_url("/store", WIKIPEDIA))
        conn.putheader("Content-Type", "application/n-triples")
        conn.putheader("Content-Length", str(len(big)))
        conn.endheaders()
        conn.send(big[: len(big) * 3 // 4])
        srv.kill()
        conn.close()
        srv.start()
        assert count_graph(srv.store_endpoint, WIKIPEDIA, Auth()) == before == built.triples
    finally:
        srv.close()


def test_load_into_a_stopped_store_is_a_clear_error(built, capsys):
    port = free_port()
    started = time.monotonic()
    assert main(["load", "--endpoint", f"http://127.0.0.1:{port}/store", "--dataset", str(built.out),
                 "--retries", "2"]) == 3  # the store layer
    err = capsys.readouterr().err
    assert err.startswith(f"error: GET http://127.0.0.1:{port}/store?default: cannot reach the store "
                          "(Connection refused) after 3 attempts\n")
    assert "Traceback" not in err
    assert time.monotonic() - started >= 1.5  # load retries too: 0.5 + 1 s of backoff between the attempts


def test_query_against_a_stopped_server_fails_after_retries():
    port = free_port()
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        run_remote(f"http://127.0.0.1:{port}/query", "timeline", None, {}, "csv", 5, DEFAULT_BASE,
                   retries=2, backoff=0.1)
    assert str(caught.value).startswith(f"cannot reach http://127.0.0.1:{port}/query after 3 attempts")
    assert time.monotonic() - started >= 0.3  # waited 0.1 + 0.2 between the attempts


def test_transient_503_is_retried_then_succeeds():
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"ok"}}]}}'
    unavailable = (503, {"Retry-After": "0"}, b"")
    with scripted_endpoint(unavailable, unavailable, ok(body)) as (url, calls):
        out = run_remote(url, None, "SELECT ?x WHERE {}", {}, "csv", 5, DEFAULT_BASE, retries=3, backoff=0.01)
    assert out == b"x\r\nok\r\n" and len(calls) == 3


def test_http_error_is_reported_with_its_status(loaded):
    with pytest.raises(NetworkError) as caught:
        fetch(loaded.url + "/nowhere", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", 5)
    assert "HTTP 404" in str(caught.value)


def test_serve_answers_queries_refuses_updates_and_stops_on_ctrl_c(built):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port),
                             "--dataset", str(built.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        endpoint = f"http://127.0.0.1:{port}/query"
        assert first.startswith(f"SPARQL endpoint: {endpoint}  (read-only, 30 s query limit")
        out = run_remote(endpoint, "population-and-communities", None, {}, "csv", 10, DEFAULT_BASE)
        assert b"population,13163,,,wikipedia/infobox" in out
        update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"DROP ALL", method="POST",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert refused.value.code in (403, 404, 405)
        count = run_remote(endpoint, None, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}, "csv", 10, DEFAULT_BASE)
        assert count == f"n\r\n{built.triples}\r\n".encode()
    finally:
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert rest.strip().endswith("stopped")
