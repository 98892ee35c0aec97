"""Second round of attacks on the network clients (issue 21), performed on 127.0.0.1 with listeners that record
what reaches them: an endpoint that redirects to another host (do the credentials follow?), proxy variables
pointing at a listener (does any command use them?), and a store that cuts its read-back short after graphs were
replaced (is the user told which?)."""

from __future__ import annotations

import base64

import pytest

from test_abuse import data_copy, raw_server, run_cli, run_main  # noqa: F401 — data_copy is a fixture

EMPTY = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'


def answer_empty(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                 + str(len(EMPTY)).encode() + b"\r\nConnection: close\r\n\r\n" + EMPTY)


def redirect_to(target: str):
    def handler(conn, stop):
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                     .encode())
    return handler


def credentials_in(requests: list[bytes]) -> list[str]:
    """Every Authorization value the requests carried, Basic ones decoded."""
    found = []
    for request in requests:
        for line in request.decode("latin-1").split("\r\n"):
            if line.lower().startswith("authorization:"):
                value = line.split(":", 1)[1].strip()
                if value.lower().startswith("basic "):
                    value = "basic " + base64.b64decode(value.split()[-1]).decode()
                found.append(value)
    return found


CREDENTIALS = [("user", ["--user", "bob"], {"HADRUT_KG_PASSWORD": "s3cret-env"}, "basic bob:s3cret-env"),
               ("url", [], {}, "basic bob:s3cret-url"),
               ("token", [], {"HADRUT_KG_TOKEN": "t0ken-env"}, "Bearer t0ken-env")]


@pytest.mark.parametrize("command", ["query", "link", "enrich"])
@pytest.mark.parametrize("kind, flags, env, sent", CREDENTIALS, ids=[c[0] for c in CREDENTIALS])
def test_credentials_do_not_follow_a_redirect_to_another_host(built, data_copy, tmp_path, capsys, monkeypatch,
                                                              command, kind, flags, env, sent):
    with raw_server(answer_empty) as (elsewhere, seen_there):
        with raw_server(redirect_to(elsewhere.replace("127.0.0.1", "localhost"))) as (url, seen_here):
            endpoint = url.replace("http://", "http://bob:s3cret-url@") if kind == "url" else url
            args = {"query": ["-e", "ASK {}"], "link": ["--review", str(tmp_path / "r.csv"), "--no-cache"],
                    "enrich": ["--no-cache"]}[command]
            common = ["--dataset", str(built.out), "--data", str(data_copy)] if command != "query" else []
            run_main(capsys, monkeypatch, command, "--endpoint", endpoint, *common, *args, *flags, "--timeout", "10",
                     "--retries", "0", env=env)
        assert seen_here and sent in credentials_in(seen_here)  # the named endpoint got them
        if command == "query":  # a GET: the redirect is followed … (link and enrich POST: refused, not followed)
            assert seen_there
        assert credentials_in(seen_there) == []  # … without them
        assert not any(b"s3cret" in r or b"t0ken" in r for r in seen_there)


@pytest.mark.parametrize("kind, flags, env, sent", CREDENTIALS, ids=[c[0] for c in CREDENTIALS])
def test_a_backslash_before_at_does_not_carry_credentials_to_another_port(capsys, monkeypatch, kind, flags, env,
                                                                         sent):
    """Third attacker review: `http://A\\@B/` reads as host B to urllib.parse but requests connects to A. The
    redirect names the trusted endpoint after the `@` and the listener before it; nothing may reach it."""
    with raw_server(answer_empty) as (elsewhere, seen_there):
        there = elsewhere.split("/")[2]
        with raw_server(answer_empty) as (url, seen_here):
            here = url.split("/")[2]
            with raw_server(redirect_to(f"http://{there}\\@{here}/steal")) as (start, seen_start):
                endpoint = start.replace("http://", "http://bob:s3cret-url@") if kind == "url" else start
                result = run_main(capsys, monkeypatch, "query", "--endpoint", endpoint, "-e", "ASK {}", *flags,
                                  "--timeout", "10", "--retries", "0", env=env)
        assert seen_start and sent in credentials_in(seen_start)
        assert result.returncode != 0 and "two different hosts" in result.stderr
        assert seen_there == [] and seen_here == []  # the redirect is refused: neither reading of it is called


@pytest.mark.parametrize("command", ["query", "load"])
def test_no_command_uses_proxy_variables(built, capsys, monkeypatch, command):
    with raw_server(answer_empty) as (proxy, seen_by_proxy), raw_server(answer_empty) as (url, seen):
        env = {name: proxy.rsplit("/", 1)[0] for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")}
        env |= {"NO_PROXY": "", "no_proxy": ""}
        if command == "query":
            run_main(capsys, monkeypatch, "query", "--endpoint", url, "-e", "ASK {}", "--timeout", "5", env=env)
        else:
            run_main(capsys, monkeypatch, "load", "--endpoint", url.replace("/sparql", "/store"), "--dataset",
                     str(built.out), "--timeout", "5", "--retries", "0", env=env)
    assert seen and seen_by_proxy == []


def store_reading_back(read_back: bytes, status: bytes = b"200 OK"):
    """A Graph Store stand-in: takes every PUT (draining its body), answers every GET with `read_back`. The
    requests come one at a time; raw_server has read each one's first bytes into `handler.seen` (set by the
    test)."""
    def handler(conn, stop):
        first = handler.seen[-1]
        while b"\r\n\r\n" not in first:
            more = conn.recv(65536)
            if not more:
                return
            first += more
        head, _, body = first.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            more = conn.recv(65536)
            if not more:
                return
            body += more
        if head.startswith(b"PUT "):
            conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        else:
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/n-triples\r\nContent-Length: "
                         + str(len(read_back)).encode() + b"\r\nConnection: close\r\n\r\n" + read_back)
    return handler


def test_a_read_back_cut_short_names_the_graphs_replaced(built, capsys, monkeypatch):
    cut = b'<http://example.org/a> <http://example.org/b> "cut sh'
    with raw_server(store := store_reading_back(cut)) as (url, seen):
        store.seen = seen
        done = run_main(capsys, monkeypatch, "load", "--endpoint", url.replace("/sparql", "/store"), "--dataset",
                        str(built.out), "--timeout", "5", "--retries", "0")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: graph (default): the store's read-back is not whole N-Triples")
    assert "graphs replaced before the failure: (default graph); every other graph is unchanged" in done.stderr
    assert sum(r.startswith(b"PUT ") for r in seen) == 1  # one graph was replaced, and said so


@pytest.mark.slow  # eight commands in processes of their own against a scripted store
def test_a_store_trickling_its_answer_is_stopped_at_the_timeout(built):
    from test_abuse import trickle_body
    with raw_server(trickle_body) as (url, _):
        done, seconds = run_cli("load", "--endpoint", url.replace("/sparql", "/store"), "--dataset",
                                str(built.out), "--timeout", "2", "--retries", "0")
    assert done.returncode == 3 and seconds < 8 and "no answer within 2 s" in done.stderr, done.stderr


def test_control_characters_from_a_store_never_reach_the_terminal(built):
    hostile = b"\x1b]0;owned\x07\x1b[2J\xe2\x80\xaeevil\x00"
    with raw_server(store := store_reading_back(hostile, b"400 Bad\x1b[31m Request")) as (url, seen):
        store.seen = seen
        for args in (["load", "--endpoint", url.replace("/sparql", "/store"), "--dataset", str(built.out)],
                     ["query", "--endpoint", url, "-e", "ASK {}"]):
            done, _ = run_cli(*args, "--timeout", "5", "--retries", "0")
            # load: the store layer (3); query: the endpoint rejected it as malformed, the query layer (1)
            assert done.returncode == (3 if args[0] == "load" else 1), done.stderr
            assert "HTTP 400" in done.stderr or "malformed" in done.stderr, done.stderr
            assert not any(c in done.stderr for c in "\x1b\x07\x00\u202e"), done.stderr
            assert "U+001B" in done.stderr


def answer_with(body: bytes):
    def handler(conn, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    return handler


@pytest.mark.slow  # eight commands in processes of their own against a scripted store
@pytest.mark.parametrize("body", [
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}',
    b'{"head":{"vars":["entity","name","item","label","description","type","coord","country"]},"results":'
    b'{"bindings":[{"name":{"type":"literal","value":"Togh"}}]}}',
    b'{"head":{"vars":["entity","name","item","label","description","type","coord","country","item"]},'
    b'"results":{"bindings":[{"entity":{"type":"literal","value":"togh"},"name":{"type":"literal","value":"T"},'
    b'"item":{"type":"literal","value":"not an IRI"}}]}}',
    b'{"head":{},"boolean":true}'])
def test_link_and_enrich_validate_an_answer_before_caching_it(built, data_copy, tmp_path, body):
    cache = tmp_path / "cache"
    with raw_server(answer_with(body)) as (url, seen):
        for command in ("link", "enrich"):
            done, _ = run_cli(command, "--endpoint", url, "--dataset", str(built.out), "--data", str(data_copy),
                              "--cache", str(cache), "--timeout", "10", "--retries", "0",
                              *(["--review", str(tmp_path / "r.csv")] if command == "link" else []))
            assert done.returncode == 4 and "Traceback" not in done.stderr, (command, done.stderr)
            assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, (command, done.stderr)
    assert seen  # the service was asked …
    assert not cache.exists() or list(cache.rglob("*.json")) == []  # … and nothing of its answer was kept
    assert not (tmp_path / "r.csv").exists() and not (data_copy / "wikidata.yaml").exists()
