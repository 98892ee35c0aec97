"""Third round of attacks (issue 21, fresh review), each performed for real on 127.0.0.1 with listeners that
record what reaches them."""

from __future__ import annotations

import pytest
from pathlib import Path

from hadrut_kg.cli.main import main
from test_abuse import data_copy, raw_server  # noqa: F401 — data_copy is a fixture
from test_abuse_clients import answer_empty, credentials_in


@pytest.mark.parametrize("command", ["link", "enrich"])
def test_token_is_not_sent_to_the_default_endpoint(built, data_copy, tmp_path, monkeypatch, command):
    """The built-in default endpoint (pointed at a listener here, so nothing leaves the machine) was named by
    nobody: $HADRUT_KG_TOKEN must not reach it; the same listener named with --endpoint gets it."""
    import hadrut_kg.cli.links as links

    monkeypatch.setenv("HADRUT_KG_TOKEN", "t0ken-env")
    extra = ["--review", str(tmp_path / "r.csv")] if command == "link" else []
    common = ["--dataset", str(built.out), "--data", str(data_copy), "--no-cache", "--timeout", "10",
              "--retries", "0", *extra]
    with raw_server(answer_empty) as (url, seen):
        monkeypatch.setattr(links, "WDQS", url)
        main([command, *common])
        assert seen and credentials_in(seen) == [] and not any(b"t0ken" in r for r in seen)
        seen.clear()
        main([command, "--endpoint", url, *common])
        assert seen and "Bearer t0ken-env" in credentials_in(seen)


def test_user_without_endpoint_is_refused(built, data_copy, tmp_path, monkeypatch, capsys):
    import hadrut_kg.cli.links as links

    with raw_server(answer_empty) as (url, seen):
        monkeypatch.setattr(links, "WDQS", url)
        code = main(["enrich", "--dataset", str(built.out), "--data", str(data_copy), "--no-cache", "--user", "bob",
                     "--password", "pw", "--timeout", "5", "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 2 and seen == []
    assert err.startswith("error: --user/--password are sent only to an endpoint named with --endpoint")
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow  # a real `serve`
def test_trickling_clients_are_dropped_after_the_total_deadline(built):
    """Slow-loris: 40 connections from 127.0.0.2–.5 each trickle one header byte a second (every read is quick,
    the request never ends). All loopback addresses are one client, so they hold at most 16 connections; the
    server drops every one of those at the 15 s deadline for the whole request, and a normal request then gets
    in."""
    import socket
    import time
    from contextlib import ExitStack

    from test_abuse_serve import port_of, request, status_of
    from test_abuse import serving

    with serving(built) as (proc, endpoint):
        port = port_of(endpoint)
        with ExitStack() as held:
            slow = []
            for n in range(40):
                sock = held.enter_context(socket.create_connection(
                    ("127.0.0.1", port), timeout=5, source_address=(f"127.0.0.{n % 4 + 2}", 0)))
                sock.sendall(f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
                slow.append(sock)
            time.sleep(0.5)
            with request(port, "ASK { ?s ?p ?o }", source="127.0.0.9") as sock:
                assert status_of(sock) == 503  # locked out while the trickling connections are held
            started, ended = time.monotonic(), {}
            for _ in range(30):  # one byte a second each, until the server ends the connection (bounded: 30 s)
                for i, sock in enumerate(slow):
                    if i in ended:
                        continue
                    try:
                        sock.sendall(b"X")
                        sock.setblocking(False)
                        try:
                            got = sock.recv(4096)
                            ended[i] = got  # b"" (closed) or the server's answer
                        except BlockingIOError:
                            pass
                        finally:
                            sock.setblocking(True)
                    except OSError:
                        ended[i] = b""
                if len(ended) == len(slow):
                    break
                time.sleep(1)
            assert len(ended) == len(slow), f"{len(slow) - len(ended)} trickling connections still held"
            assert time.monotonic() - started < 25
            answered = [v for v in ended.values() if v]
            assert len(answered) <= 16  # the rest were refused at once (503): one client's share
            statuses = [v.split(b" ", 2)[1] for v in answered]
            assert statuses.count(b"408") >= 1 and set(statuses) <= {b"408", b"503"}, statuses
            with request(port, "ASK { ?s ?p ?o }", source="127.0.0.9") as sock:
                assert status_of(sock) == 200  # a normal request gets in again


@pytest.mark.parametrize("command", ["build", "site"])
@pytest.mark.parametrize("looks_like", ["site", "build"])
def test_a_folder_that_looks_like_old_output_but_holds_more_is_kept(built, tmp_path, capsys, monkeypatch, command,
                                                                   looks_like):
    """No marker, the files of an old site (index.html, download/) or build (hadrut.trig, void.ttl) — and the
    user's precious.txt: refused with one line, nothing deleted; replaced only with --force."""
    from test_abuse import run_main

    out = tmp_path / "out"
    (out / "download").mkdir(parents=True)
    for name in (["index.html"] if looks_like == "site" else ["hadrut.trig", "void.ttl"]):
        (out / name).write_text("old\n")
    (out / "precious.txt").write_text("mine\n")
    args = ["--out", str(out)] + (["--dataset", str(built.out)] if command == "site" else [])
    done = run_main(capsys, monkeypatch, command, *args, "--no-progress")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"refusing to replace {out}" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert (out / "precious.txt").read_text() == "mine\n"


def test_an_old_build_folder_of_only_build_files_is_still_replaced(built, tmp_path):
    import shutil

    from hadrut_kg.rdf.publish import MARKER, OutputRefused, check_output

    old = tmp_path / "old"
    shutil.copytree(built.out, old, ignore=shutil.ignore_patterns("site"))
    (old / MARKER).unlink()
    check_output(old)  # only what a build writes: accepted without --force
    (old / "precious.txt").write_text("mine\n")
    with pytest.raises(OutputRefused, match="refusing to replace"):
        check_output(old)


def set_cookie_and_redirect_to(target: str):
    def handler(conn, stop):
        conn.sendall(f"HTTP/1.1 302 Found\r\nSet-Cookie: sid=s3cret-cookie; Path=/\r\nLocation: {target}\r\n"
                     "Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
    return handler


def test_cookies_do_not_cross_to_another_port(capsys, monkeypatch):
    """An endpoint sets a cookie and redirects to another port on the same host: the cookie must not go along
    (cookies ignore ports), and the client keeps no cookies for its next request either."""
    from hadrut_kg.stores.credentials import Auth
    from hadrut_kg.stores.http import Client
    from test_abuse import run_main

    with raw_server(answer_empty) as (other, seen_there):
        with raw_server(set_cookie_and_redirect_to(other)) as (url, seen_here):
            done = run_main(capsys, monkeypatch, "query", "--endpoint", url, "-e", "ASK {}", "--timeout", "10",
                            "--retries", "0")
            assert seen_here and seen_there, done.stderr
            client = Client(Auth(), (url,), timeout=10)
            client.send("GET", url)
            client.send("GET", other)
    assert len(seen_there) == 3
    assert not any(b"cookie" in r.lower() for r in seen_there + seen_here)
    assert len(client.session.cookies) == 0


def test_a_link_swapped_in_between_the_check_and_the_open_is_refused(tmp_path, monkeypatch):
    """The race of read_regular, made certain: the data file is checked while regular and inside its folder, and
    swapped for a link to a secret outside just before it is opened."""
    import os

    import hadrut_kg.paths as paths

    data, secret = tmp_path / "data", tmp_path / "secret.txt"
    data.mkdir()
    secret.write_text("root:x:0:0\n")
    target = data / "places.yaml"
    target.write_text("entities: []\n")
    real_open = os.open

    def swapping_open(path, flags, *args):
        if Path(path) == target:
            target.unlink()
            target.symlink_to(secret)
        return real_open(path, flags, *args)

    monkeypatch.setattr(paths.os, "open", swapping_open)
    with pytest.raises(paths.UnsafeFile, match="outside"):
        paths.read_regular(target, 1 << 20, data)


SECRET = "root:x:0:0:root:/root:/bin/bash service-account\n"


@pytest.mark.parametrize("how", ["link named .rq", "plain file"])
def test_a_file_that_is_no_query_file_is_not_echoed(built, tmp_path, how):
    """A secret file run as a query — through a link named x.rq, or by its own name while it mentions `service`
    (so the SERVICE check's parser runs and its message would quote the text): nothing of it is printed."""
    from test_abuse import run_cli

    secret = tmp_path / "shadow"
    secret.write_text(SECRET)
    target = secret
    if how == "link named .rq":
        target = tmp_path / "x.rq"
        target.symlink_to(secret)
    done, _ = run_cli("query", str(target), "--dataset", str(built.out), "--timeout", "20")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "root" not in done.stderr and "bash" not in done.stderr, done.stderr
    assert "not a .rq query file" in done.stderr


@pytest.mark.parametrize("args", [["query", "--endpoint", "http://127.0.0.1:99999/sparql", "-e", "ASK {}"],
                                  ["load", "--endpoint", "http://127.0.0.1:99999/store"],
                                  ["enrich", "--endpoint", "http://u:pw@127.0.0.1:99999/sparql", "--no-cache"],
                                  ["link", "--batch", "0", "--endpoint", "http://127.0.0.1:9/sparql"],
                                  ["link", "--batch", "-5", "--endpoint", "http://127.0.0.1:9/sparql"]])
def test_bad_endpoint_ports_and_batches_are_one_line(capsys, monkeypatch, args):
    from test_abuse import run_main

    done = run_main(capsys, monkeypatch, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert ("Port out of range" in done.stderr or "--batch must be between 1 and 500" in done.stderr)
    assert "pw" not in done.stderr


def test_a_redirect_to_a_bad_port_is_one_line(capsys, monkeypatch):
    from test_abuse import run_main

    with raw_server(set_cookie_and_redirect_to("http://127.0.0.1:99999/x")) as (url, seen):
        done = run_main(capsys, monkeypatch, "query", "--endpoint", url, "-e", "ASK {}", "--timeout", "10",
                        "--retries", "0")
    assert seen and done.returncode == 4 and "Traceback" not in done.stderr
    assert done.stderr == (f"error: {url}: the endpoint redirects to http://127.0.0.1:99999/x, which is not a valid "
                           "http(s) URL (Port out of range 0-65535)\n")


def test_a_raw_control_byte_in_a_data_file_is_a_file_line_problem(data_copy, tmp_path, capsys, monkeypatch):
    from test_abuse import run_main

    path = data_copy / "agents.yaml"
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].rstrip("\n") + " # a\x01b\n"
    path.write_text("".join(lines))
    done = run_main(capsys, monkeypatch, "build", "--data", str(data_copy), "--out", str(tmp_path / "out"),
                    "--no-progress")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "agents.yaml:4: character U+0001 is not allowed in YAML" in done.stderr


INVISIBLE = ["\U000E0041", "\u034F", "\uFE0F", "\U0001D173", "\u202E", "\uE000"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("field", ["source title", "section title", "ended", "name"])
def test_every_text_field_refuses_invisible_characters(data_copy, tmp_path, capsys, field, char):
    """One check for every text of the curated data, by Unicode category (Cc, Cf, Co, Cs, tag characters and
    the invisible ones): fields that had no check of their own are covered too."""
    path, old = {"source title": ("sources.yaml", "    title: Hadrut District\n"),
                 "section title": ("sources.yaml", "        title: Description\n"),
                 "ended": ("places.yaml", "ended: \"the source calls the Autonomous Region 'former'\""),
                 "name": ("places.yaml", "    label: Hadrut District (NKAO)\n")}[field]
    new = old.replace("District", f"Dis{char}trict").replace("calls", f"ca{char}lls").replace(
        "Description", f"Desc{char}ription")
    assert new != old
    text = (data_copy / path).read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    (data_copy / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    code = f"U+{ord(char):04X}"
    assert f"data/{path}:{line}:" in err and f"holds the control, bidi or invisible character {code}" in err, err
    assert char not in err and "Traceback" not in err
    assert sum(code in p for p in err.splitlines()) == 1  # once, not once per check


def test_joiners_stay_allowed():
    from hadrut_kg.vocabulary.text import hidden_character

    assert hidden_character("\u0d15\u0d4d\u200d") is None and hidden_character("a\u200cb") is None


def test_the_hidden_set_is_the_unicode_categories():
    import unicodedata

    from hadrut_kg.vocabulary.text import HIDDEN

    extra = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0xFE00, 0xFE10),
             *range(0xE0100, 0xE01F0), *range(0x180B, 0x1810), *range(0xE0000, 0xE0080)}
    wrong = [hex(c) for c in range(0x110000)
             if ((unicodedata.category(chr(c)) in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"} or c in extra)
                 and c not in (9, 10)) != bool(HIDDEN.fullmatch(chr(c)))]
    assert wrong == []


def labels_for_each_item(conn, stop):
    """A query service that reads the whole request and gives each item asked for labels with an invisible
    character, and one clean label."""
    import json
    import re
    import urllib.parse

    request = labels_for_each_item.seen[-1]  # raw_server read the first bytes
    conn.settimeout(5)
    while b"\r\n\r\n" not in request:
        request += conn.recv(65536)
    head, _, body = request.partition(b"\r\n\r\n")
    length = int(next((l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")),
                      b"0"))
    while len(body) < length:
        body += conn.recv(65536)
    text = urllib.parse.unquote_plus((head + body).decode("latin-1"))
    rows = []
    for qid in sorted(set(re.findall(r"wd:(Q[0-9]+)", text))):
        item = {"type": "uri", "value": f"http://www.wikidata.org/entity/{qid}"}
        for label in [f"Clean{qid}", *(f"Bad{c}{qid}" for c in INVISIBLE)]:
            rows.append({"item": item, "label": {"type": "literal", "value": label, "xml:lang": "en"}})
    data = json.dumps({"head": {"vars": ["item", "label", "coord", "parent"]},
                       "results": {"bindings": rows}}).encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                 + str(len(data)).encode() + b"\r\nConnection: close\r\n\r\n" + data)


@pytest.mark.slow  # enrich in a process of its own against a scripted Wikidata stand-in
def test_enrich_keeps_no_label_with_an_invisible_character(built, data_copy, tmp_path):
    from test_abuse import run_cli

    with raw_server(labels_for_each_item) as (url, seen):
        labels_for_each_item.seen = seen
        done, _ = run_cli("enrich", "--endpoint", url, "--dataset", str(built.out), "--data", str(data_copy),
                          "--no-cache", "--timeout", "20", "--retries", "0", "--today", "2026-12-01")
    assert done.returncode == 0, done.stderr
    text = (data_copy / "wikidata.yaml").read_text(encoding="utf-8")
    assert "CleanQ" in text and "Bad" not in text


@pytest.mark.parametrize("spelled", ["１９３０-08-08", "1930-٠٨-08", "１９９０"])
def test_dates_take_ascii_digits_only(data_copy, tmp_path, capsys, spelled):
    path = data_copy / "places.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'start: "1930-08-08", held_through: operation-ring'
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, old.replace("1930-08-08", spelled), 1), encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert f"data/places.yaml:{line}:" in err and "field 'start'" in err and "Traceback" not in err, err


def test_a_date_parameter_takes_ascii_digits_only():
    from hadrut_kg.queries.catalogue import QueryError, term
    from hadrut_kg.vocabulary.namespaces import DEFAULT_BASE, Minted

    for raw in ("２０２０-01-01", "2020-0１-01"):
        with pytest.raises(QueryError, match="not a date"):
            term("date", raw, Minted(DEFAULT_BASE))
    with pytest.raises(QueryError):
        term("integer", "１２", Minted(DEFAULT_BASE))


@pytest.mark.slow  # a real `serve`
def test_two_host_headers_are_refused(built):
    import socket

    from test_abuse import serving
    from test_abuse_serve import port_of, status_of

    with serving(built) as (proc, endpoint):
        port = port_of(endpoint)
        for hosts in ([f"127.0.0.1:{port}", "evil.example"], ["evil.example", f"127.0.0.1:{port}"],
                      [f"127.0.0.1:{port}", f"127.0.0.1:{port}"]):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(("GET /query?query=ASK%7B%7D HTTP/1.1\r\n" + "".join(f"Host: {h}\r\n" for h in hosts)
                              + "Connection: close\r\n\r\n").encode())
                assert status_of(sock) == 400, hosts


@pytest.mark.slow  # a real `serve`
def test_serve_listens_on_ipv6_loopback(built):
    import socket
    import subprocess
    import sys

    from hadrut_kg.stores.oxigraph_server import free_port
    from test_abuse_serve import status_of

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "hadrut_kg.cli", "serve", "--host", "::1", "--port", str(port),
                             "--dataset", str(built.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://[::1]:{port}/query"), line + proc.stderr.read()
        with socket.create_connection(("::1", port), timeout=10) as sock:
            sock.sendall(f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: [::1]:{port}\r\nConnection: close\r\n\r\n"
                         .encode())
            assert status_of(sock) == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


@pytest.mark.parametrize("segment", ["a" * 300, "%D5%A1" * 120])
def test_an_own_namespace_iri_with_a_too_long_segment_is_refused_where_it_is_read(data_copy, tmp_path, capsys,
                                                                                  segment):
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    iri: http://wikimapia.org/41531854/Hadrut-District\n"
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, f"    iri: https://w3id.org/hadrut-kg/src/{segment}\n"), encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert f"data/sources.yaml:{line}: record 'wikimapia' field 'iri'" in err and "longer than 200 bytes" in err, err
    assert "Traceback" not in err and "File name too long" not in err


@pytest.mark.parametrize("content", ["{}\n", "[]\n", "# nothing\n{}\n"])
def test_an_empty_mapping_is_as_empty_as_an_empty_file(data_copy, tmp_path, capsys, content):
    (data_copy / "extra.yaml").write_text(content, encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert "data/extra.yaml:1: the file is empty" in err and "Traceback" not in err, err
