"""Abuse cases (issue 10), each performed for real on 127.0.0.1 and bounded in time and size: runaway queries,
an unread stderr pipe, SERVICE used for SSRF, signals and taken ports against `serve`; signals against `query`;
and the harmless outcome asserted (an HTTP error status, a killed worker, a clear one-line error)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest

from hadrut_kg.cli import main
from hadrut_kg.oxigraph_server import free_port
from scripted_http import ok, scripted_endpoint

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a"
SORTED_TOP = SORTED + " LIMIT 1"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (all its threads)."""
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(c) for c in f.read().split()]
    except FileNotFoundError:
        pass
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(condition, limit: float = 10.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@contextmanager
def serving(built, *options: str):
    """`hadrut-kg serve` on a free port; yields (process, query endpoint). Its stderr is a pipe read only at the
    end, as a careless launcher would leave it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port),
                             "--out", str(built.out), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query"), line + proc.stderr.read()
        yield proc, f"http://127.0.0.1:{port}/query"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def post(endpoint: str, query: str, accept: str = "text/csv", timeout: float = 60) -> tuple[int, bytes, float]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": accept})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.monotonic() - started


def post_in_background(endpoint: str, query: str) -> None:
    """Send a query from a thread and ignore how it ends (the server is stopped under it)."""
    def send():
        try:
            post(endpoint, query, timeout=30)
        except OSError:
            pass
    threading.Thread(target=send, daemon=True).start()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


# --- serve: hard limits (item 1) -------------------------------------------------------------------------------

def test_serve_time_limit_kills_the_query_and_answers_504(built):
    with serving(built, "--timeout", "2") as (proc, endpoint):
        status, body, seconds = post(endpoint, CROSS)
        assert status == 504 and body == b"query stopped after 2 s (the endpoint's time limit)\n"
        assert 2 <= seconds < 3.0  # stopped within a second of the limit
        assert children(proc.pid) == []  # the worker is gone: no CPU used past the answer
        assert post(endpoint, COUNT)[:2] == (200, f"n\r\n{built.triples}\r\n".encode())


@pytest.mark.parametrize("query", [SORTED, SORTED_TOP])
def test_serve_memory_cap_stops_a_sort_of_a_cross_product(built, query):
    with serving(built, "--timeout", "20", "--memory-mb", "300") as (proc, endpoint):
        status, body, seconds = post(endpoint, query)
        assert (status, body) == (507, b"query stopped: it needed more than 300 MiB (the endpoint's memory limit)\n")
        assert seconds < 20 and children(proc.pid) == []
        assert rss_mb(proc.pid) < 400  # the server itself did not grow
        assert post(endpoint, COUNT)[:2] == (200, f"n\r\n{built.triples}\r\n".encode())


def test_serve_caps_the_size_of_a_result(built):
    with serving(built, "--max-result-mb", "1") as (proc, endpoint):
        status, body, _ = post(endpoint, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 200000")
        assert (status, body) == (500, b"the result is larger than 1 MiB (the endpoint's cap)\n")


def test_serve_refuses_updates_and_oversized_requests(built):
    with serving(built) as (proc, endpoint):
        update = urllib.request.Request(endpoint.replace("/query", "/update"), data=b"DROP ALL", method="POST",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert refused.value.code == 403
        assert post(endpoint, "ASK {}" + " " * (1 << 20))[0] == 413
        assert post(endpoint, COUNT)[0] == 200


# --- serve: an unread stderr pipe (item 2) ----------------------------------------------------------------------

def test_serve_keeps_answering_after_many_failing_requests_with_stderr_unread(built):
    with serving(built) as (proc, endpoint):
        for i in range(700):  # more than 64 KiB of error lines, had each failure been logged
            status, body, _ = post(endpoint, f"SELECT ?x{i} WHERE {{ ?x a }}", timeout=10)
            assert status == 400 and body.startswith(b"SPARQL syntax error")
        assert post(endpoint, COUNT, timeout=10)[:2] == (200, f"n\r\n{built.triples}\r\n".encode())


# --- SERVICE / SSRF (item 3) -----------------------------------------------------------------------------------

def ssrf_queries(url: str) -> list[str]:
    host = url.rsplit("/", 1)[0] + "/"
    return [f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
            f"PREFIX h: <{host}> SELECT * WHERE {{ SERVICE h:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ # SERVICE <http://example.org/> \n SERVICE <{url}> {{ ?s ?p ?o }} }}"]


def test_serve_refuses_service_calls_unless_allowed(built):
    with scripted_endpoint(ok()) as (url, calls):
        with serving(built) as (proc, endpoint):
            for query in ssrf_queries(url):
                status, body, _ = post(endpoint, query)
                assert status == 403 and b"refused" in body, query
        assert calls == []  # the probed port never saw a request
        with serving(built, "--allow-service", url) as (proc, endpoint):
            status, body, _ = post(endpoint, ssrf_queries(url)[0])
            assert status == 200 and len(calls) == 1  # the allow-listed endpoint is called
            assert post(endpoint, ssrf_queries(url.replace("/sparql", "/other")) [0])[0] == 403
            assert len(calls) == 1


def test_embedded_query_refuses_service_calls(built, capsys):
    with scripted_endpoint(ok()) as (url, calls):
        for query in ssrf_queries(url):
            assert main(["query", "-e", query, "--out", str(built.out)]) == 1
            err = capsys.readouterr().err
            assert err.startswith("error: SERVICE") and "refused" in err and err.count("\n") == 1
        assert calls == []
        assert main(["query", "-e", ssrf_queries(url)[0], "--allow-service", url, "--out", str(built.out)]) == 0
        assert len(calls) == 1


# --- serve: lifecycle (item 4) ---------------------------------------------------------------------------------

def port_free(endpoint: str) -> bool:
    port = int(urllib.parse.urlsplit(endpoint).port)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "taken"; a listener is
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_serve_stops_its_whole_tree_on_a_signal(built, signum):
    with serving(built, "--timeout", "30") as (proc, endpoint):
        post_in_background(endpoint, CROSS)
        assert wait_for(lambda: children(proc.pid) != [])
        workers = children(proc.pid)
        proc.send_signal(signum)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == 0 and out.strip().endswith("stopped")
        assert wait_for(lambda: not any(alive(w) for w in workers), 2)
        assert port_free(endpoint)


def test_serve_killed_takes_its_workers_with_it(built):
    with serving(built, "--timeout", "30") as (proc, endpoint):
        post_in_background(endpoint, CROSS)
        assert wait_for(lambda: children(proc.pid) != [])
        workers = children(proc.pid)
        proc.kill()
        proc.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 2)


def test_serve_on_a_taken_port_fails_with_the_reason(built):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "hadrut_kg.cli", "serve", "--port", str(port),
                               "--out", str(built.out)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_serve_warns_when_reachable_from_other_machines(built):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--out", str(built.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith(f"SPARQL endpoint: http://0.0.0.0:{port}/query")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert err == "warning: listening on 0.0.0.0: the endpoint is reachable from other machines\n"


# --- query --endpoint against serve's limits (item 5) ----------------------------------------------------------

def test_remote_query_past_the_endpoints_limit_is_one_clear_line(built):
    with serving(built, "--timeout", "1") as (proc, endpoint):
        done = subprocess.run([sys.executable, "-m", "hadrut_kg.cli", "query", "--endpoint", endpoint, "-e", CROSS],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"error: {endpoint}: HTTP 504 Gateway Timeout: query stopped after 1 s "
                           "(the endpoint's time limit)\n")


# --- query: the worker dies with its parent (item 6) -----------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_killed_query_takes_its_worker_with_it(built, signum):
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "query", "-e", CROSS, "--timeout", "60",
                             "--out", str(built.out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: children(proc.pid) != [], 20)
        workers = children(proc.pid)
        proc.send_signal(signum)
        proc.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- query parameters (item 7) ---------------------------------------------------------------------------------

def test_decimal_parameter_in_exponent_form_is_the_same_number(built, capsys):
    assert main(["query", "units-within-distance", "--param", "maxKm=1e3", "--format", "csv",
                 "--out", str(built.out)]) == 0
    exponent = capsys.readouterr().out
    assert main(["query", "units-within-distance", "--param", "maxKm=1000", "--format", "csv",
                 "--out", str(built.out)]) == 0
    assert exponent == capsys.readouterr().out and exponent.count("\n") > 1


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1e999", "12,5", "0x10", ""])
def test_non_decimal_parameter_is_refused(built, capsys, value):
    assert main(["query", "units-within-distance", "--param", f"maxKm={value}", "--out", str(built.out)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {value!r} is ") and err.count("\n") == 1


@pytest.mark.parametrize("value", ["hk:foo bar", "hk:a>b", 'hk:x"y', "hk:a{b}", "http://example.org/a\\b"])
def test_bad_iri_characters_are_a_clear_error(built, capsys, value):
    assert main(["query", "names-of-place", "--param", f"place={value}", "--out", str(built.out)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {value!r} is not a valid IRI: it contains ") and err.count("\n") == 1


# --- build: killed builds, stale reports, races, the SHACL worker (item 11) -------------------------------------

def dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid  # reaped: no process has this id now (ids are not reused this quickly)


def test_folders_left_by_killed_builds_are_removed(built, tmp_path):
    out = tmp_path / "dist"
    stale = [tmp_path / f".dist.new-{dead_pid()}-x1", tmp_path / f".dist.old-{dead_pid()}-x2"]
    for folder in stale:
        (folder / "previous").mkdir(parents=True)
        (folder / "previous" / "hadrut.nt").write_text("half\n")
    alive_one = tmp_path / f".dist.new-{os.getpid()}-mine"  # a build still running (this process) is left alone
    alive_one.mkdir()
    assert main(["build", "--out", str(out)]) == 0
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".dist."))
    assert left == sorted([".dist.lock", alive_one.name])


def test_a_good_build_removes_the_stale_report(built, tmp_path):
    from hadrut_kg.build import report_dir
    out = tmp_path / "dist"
    report_dir(out).mkdir()
    (report_dir(out) / "shacl-report.txt").write_text("Validation Report\nConforms: False\n")
    assert main(["build", "--out", str(out)]) == 0
    assert not report_dir(out).exists()


def test_concurrent_builds_into_one_folder_both_succeed(tmp_path):
    out = tmp_path / "dist"
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "build", "--out", str(out)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors
        assert (out / "hadrut.nt").stat().st_size > 0 and (out / "void.ttl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


def test_killed_build_takes_its_shacl_worker_with_it(tmp_path):
    for _ in range(5):  # the worker lives about a second; catch it
        proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "build", "--out", str(tmp_path / "dist")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not wait_for(lambda: children(proc.pid) != [] or proc.poll() is not None, 30) or proc.poll() is not None:
                continue
            workers = children(proc.pid)
            proc.kill()
            proc.wait(10)
            assert wait_for(lambda: not any(alive(w) for w in workers), 2)
            return
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    pytest.fail("the build never showed its SHACL worker")


# --- published files are world-readable like the rest of dist/ (item 18) ---------------------------------------

def test_exports_map_and_report_are_0644(built, tmp_path):
    previous = os.umask(0o022)
    try:
        assert main(["export", "csv", "--data", str(built.out), "--out", str(tmp_path / "csv")]) == 0
        assert main(["export", "geojson", "--data", str(built.out), "--out", str(tmp_path / "p.geojson")]) == 0
        assert main(["map", "--data", str(built.out), "--out", str(tmp_path / "map.html")]) == 0
        from hadrut_kg.publish import write_atomic
        write_atomic(tmp_path / "dist-report" / "shacl-report.txt", b"report\n")
    finally:
        os.umask(previous)
    files = [*(tmp_path / "csv").iterdir(), tmp_path / "p.geojson", tmp_path / "map.html",
             tmp_path / "dist-report" / "shacl-report.txt"]
    assert len(files) > 4 and {f.name: oct(f.stat().st_mode & 0o777) for f in files} == \
        {f.name: "0o644" for f in files}


# --- network clients: credentials (item 13), timeouts, resets, bounded reads (item 14) -------------------------

@contextmanager
def raw_server(handler):
    """A TCP server on 127.0.0.1 answering each connection with handler(conn, stop); yields (url, requests)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    stop, requests = threading.Event(), []

    def serve_one(conn):
        with conn:
            conn.settimeout(5)
            try:
                requests.append(conn.recv(65536))
                handler(conn, stop)
            except OSError:
                pass

    def loop():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", requests
    finally:
        stop.set()
        sock.close()


def trickle_body(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(100):  # 1 byte every 0.3 s: each read is quick, the whole answer never comes
        if stop.wait(0.3):
            return
        conn.sendall(b" ")


def trickle_headers(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for i in range(100):
        if stop.wait(0.3):
            return
        conn.sendall(f"X-Slow-{i}: 1\r\n".encode())


def reset(conn, stop):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # close = RST


def huge(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
    conn.sendall(b'{"head":{"vars":["x"]},"results":{"bindings":[')
    chunk = b'{"x":{"type":"literal","value":"' + b"a" * 4000 + b'"}},'
    for _ in range(1000):  # up to 4 MB, until the client stops reading
        if stop.is_set():
            return
        conn.sendall(chunk)


def run_cli(*args: str, env: dict | None = None, limit: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "hadrut_kg.cli", *args], capture_output=True, text=True,
                          timeout=limit, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    return done, time.monotonic() - started


@pytest.mark.parametrize("handler", [trickle_body, trickle_headers])
def test_remote_query_timeout_bounds_the_whole_call(handler):
    with raw_server(handler) as (url, _):
        done, seconds = run_cli("query", "--endpoint", url, "-e", "ASK {}", "--timeout", "2")
    assert done.returncode == 1 and done.stdout == "" and seconds < 6
    assert done.stderr == f"error: {url}: no answer within 2 s\n"


def test_remote_query_retry_after_cannot_outlast_the_timeout():
    with scripted_endpoint((503, {"Retry-After": "60"}, b"")) as (url, calls):
        done, seconds = run_cli("query", "--endpoint", url, "-e", "ASK {}", "--timeout", "2")
    assert done.returncode == 1 and seconds < 6 and len(calls) == 1
    assert done.stderr == f"error: cannot reach {url} within 2 s, after 1 attempts (HTTP 503)\n"


def test_connection_reset_is_retried_then_one_clear_line():
    with raw_server(reset) as (url, requests):
        done, seconds = run_cli("query", "--endpoint", url, "-e", "ASK {}", "--timeout", "20")
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"error: cannot reach {url} after 4 attempts (") and len(requests) == 4


def test_remote_answer_size_is_bounded():
    with raw_server(huge) as (url, _):
        done, _ = run_cli("query", "--endpoint", url, "-e", "SELECT ?x WHERE {}", "--max-response-mb", "1",
                          "--timeout", "20")
    assert done.returncode == 1
    assert done.stderr == f"error: {url}: the answer is larger than 1 MiB (the limit); narrow the query or add a LIMIT\n"


def unauthorized(conn, stop):
    conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


def authorization(request: bytes) -> str | None:
    import base64
    for line in request.decode("latin-1").split("\r\n"):
        if line.lower().startswith("authorization: basic "):
            return base64.b64decode(line.split()[-1]).decode()
    return None


def test_load_password_comes_from_the_environment_not_the_command_line(built):
    with raw_server(unauthorized) as (url, requests):
        store = url.replace("/sparql", "/store")
        done, _ = run_cli("load", "--endpoint", store, "--user", "bob", "--out", str(built.out), "--timeout", "5",
                          env={"HADRUT_KG_PASSWORD": "s3cret-env"})
    assert done.returncode == 1 and "s3cret-env" not in done.stderr
    assert authorization(requests[0]) == "bob:s3cret-env"


def test_password_in_an_endpoint_url_is_used_but_never_printed(built):
    with raw_server(unauthorized) as (url, requests):
        secret_url = url.replace("http://", "http://bob:s3cret-url@")
        for args in (["query", "--endpoint", secret_url, "-e", "ASK {}", "--timeout", "5"],
                     ["load", "--endpoint", secret_url.replace("/sparql", "/store"), "--out", str(built.out),
                      "--timeout", "5"]):
            done, _ = run_cli(*args)
            assert done.returncode == 1 and "s3cret-url" not in done.stderr + done.stdout, done.stderr
        assert {authorization(r) for r in requests} == {"bob:s3cret-url"}
    refused = f"http://bob:s3cret-url@127.0.0.1:{free_port()}/sparql"
    done, _ = run_cli("query", "--endpoint", refused, "-e", "ASK {}", "--timeout", "2")
    assert "s3cret-url" not in done.stderr and "bob:***@127.0.0.1" in done.stderr
