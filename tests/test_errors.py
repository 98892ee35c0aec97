"""One error type (hadrut_kg/errors.py, docs/errors.md): each layer's error is one `error:` line and its own exit
status, printed by the command line's one handler; a programming bug is not dressed up as a user error but keeps
its traceback, on the command line and in `serve` (which logs it beside its 500)."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from hadrut_kg.cli.main import main
from hadrut_kg.errors import HadrutKGError, InputError, NetworkError, OutputError, QueryError, StoreError
from hadrut_kg.stores.oxigraph_server import free_port


def test_each_layer_has_its_own_status():
    """The statuses docs/errors.md promises, written out by hand."""
    assert {cls.__name__: cls.exit_code for cls in (HadrutKGError, InputError, QueryError, StoreError,
                                                    NetworkError, OutputError)} == {
        "HadrutKGError": 1, "InputError": 2, "QueryError": 1, "StoreError": 3, "NetworkError": 4, "OutputError": 5}


def _layer_cases(built, tmp_path):
    closed = free_port()  # nothing listens there
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("a user's file")
    return {
        "input": (["build", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "d")], 2,
                  f"error: the data folder {tmp_path / 'nowhere'} does not exist\n"),
        "query": (["query", "-e", "SELECT ?x WHERE { ?x ?y }", "--dataset", str(built.out)], 1,
                  "error: SPARQL syntax error: "),
        "store": (["query", "timeline", "--dataset", str(tmp_path / "nothing")], 3,
                  f"error: no built dataset in {tmp_path / 'nothing'}; run `hadrut-kg build` first\n"),
        "network": (["query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{closed}/sparql", "--retries", "0",
                     "--timeout", "5"], 4, f"error: cannot reach http://127.0.0.1:{closed}/sparql after 1 attempts"),
        "output": (["build", "--out", str(tmp_path / "notes")], 5,
                   f"error: refusing to replace {tmp_path / 'notes'}: it is not a folder hadrut-kg wrote"),
    }


@pytest.mark.parametrize("layer", ["input", "query", "store", "network", "output"])
def test_each_layer_is_one_line_and_its_status(built, tmp_path, capsys, layer):
    args, status, start = _layer_cases(built, tmp_path)[layer]
    assert main(args) == status
    err = capsys.readouterr().err
    assert err.startswith(start), err
    assert "Traceback" not in err
    if layer != "query":  # a syntax error adds the line and a caret under it
        assert err.count("\n") == 1, err
    assert not (tmp_path / "d").exists() and (tmp_path / "notes" / "mine.txt").exists()


def test_a_programming_error_is_not_caught_as_a_user_error(built, monkeypatch):
    """A KeyError or ValueError from a bug propagates out of main (the console script prints its traceback),
    where the old handlers of `query` and `site` turned ValueError into a neat `error:` line."""
    import hadrut_kg.queries.embedded as embedded
    import hadrut_kg.site.static as static

    def bug(*args, **kwargs):
        raise KeyError("injected")

    monkeypatch.setattr(embedded, "run_named_or_text", bug)
    with pytest.raises(KeyError, match="injected"):
        main(["query", "timeline", "--dataset", str(built.out)])

    def value_bug(*args, **kwargs):
        raise ValueError("injected")

    monkeypatch.setattr(static, "write_site", value_bug)
    with pytest.raises(ValueError, match="injected"):
        main(["site", "--dataset", str(built.out), "--out", str(built.out.parent / "site-bug")])


INJECT = textwrap.dedent("""
    import sys
    import {module} as target

    def bug(*args, **kwargs):
        raise KeyError("injected")

    target.{name} = bug
    from hadrut_kg.cli.main import main
    sys.exit(main(sys.argv[1:]))
""")


def test_a_programming_error_in_the_command_shows_its_traceback(built):
    done = subprocess.run([sys.executable, "-c", INJECT.format(module="hadrut_kg.queries.embedded",
                                                               name="run_named_or_text"),
                           "query", "timeline", "--dataset", str(built.out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback (most recent call last):" in done.stderr
    assert done.stderr.rstrip().endswith("KeyError: 'injected'")
    assert "error: " not in done.stderr


@pytest.mark.slow  # a real `serve`
def test_serve_logs_a_500_with_its_traceback(built):
    """A real server on 127.0.0.1 with a bug in the page renderer: the client gets a 500, and stderr says which
    request failed and shows the traceback (the old server answered 500 and said nothing)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", INJECT.format(module="hadrut_kg.site.pages", name="page"),
                             "serve", "--port", str(port), "--dataset", str(built.out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query"), line
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/id/hadrut-province.html")
        response = conn.getresponse()
        assert (response.status, response.read()) == (500, b"this page could not be rendered\n")
        conn.close()
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert "error: internal error (HTTP 500): GET /id/hadrut-province.html\n" in err
    assert "Traceback (most recent call last):" in err and "KeyError: 'injected'" in err


def test_a_reader_that_goes_away_gets_no_traceback(built):
    """`hadrut-kg build | head` ended in a BrokenPipeError traceback. Here the reader is gone before the first line
    (the pipe's read end closed), so the first write fails for certain: status 1, nothing on stderr."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "hadrut_kg.cli", "query", "--dataset", str(built.out), "-e",
                               "SELECT * WHERE { ?s ?p ?o } LIMIT 5"], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, "")
