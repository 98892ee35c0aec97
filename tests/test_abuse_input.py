"""Second round of attacks through the command line's own input (issue 21), performed for real: parameter
names and graph IRIs that would rewrite the SPARQL they are pasted into (against listeners that record whether
anything reached them), and a query file that is not a query (a password file) whose content must not be echoed."""

from __future__ import annotations

import pytest

from hadrut_kg.cli.main import main
from test_abuse import raw_server, run_cli
from test_abuse_clients import answer_empty

INJECTED_NAMES = ["x } BIND(1 AS ?q) {", "x}INSERT", "a b", "x\u202e", "?x"]


@pytest.mark.parametrize("name", INJECTED_NAMES)
def test_a_parameter_name_must_be_a_sparql_variable(built, capsys, name):
    with raw_server(answer_empty) as (url, seen):
        for where in (["--dataset", str(built.out)], ["--endpoint", url, "--timeout", "5"]):
            code = main(["query", "-e", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "--param", f"{name}=1", *where])
            err = capsys.readouterr().err
            assert code == 1 and err.startswith("error: parameter name ") and err.count("\n") == 1, err
            assert "not a SPARQL variable name" in err
    assert seen == []  # nothing was sent


@pytest.mark.parametrize("graph", ["http://example.org/g> ; CLEAR ALL ; INSERT DATA { <a:a> <a:b> <a:c> } #",
                                   "no-scheme", "http://example.org/a b"])
def test_load_graph_must_be_an_iri(built, graph):
    with raw_server(answer_empty) as (url, seen):
        done, _ = run_cli("load", "--endpoint", url.replace("/sparql", "/store"), "--update",
                          url.replace("/sparql", "/update"), "--graph", graph, "--dataset", str(built.out),
                          "--timeout", "5")
    assert done.returncode == 1 and done.stderr.startswith("error: --graph ") and done.stderr.count("\n") == 1
    assert "is not an absolute IRI" in done.stderr and "nothing was sent" in done.stderr
    assert seen == []


def test_a_syntax_error_in_a_file_that_is_not_a_query_shows_no_content(built, tmp_path, capsys):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$salt$S3CRETHASH:19000:0:99999:7:::\n", encoding="utf-8")
    assert main(["query", str(secret), "--dataset", str(built.out)]) == 1
    err = capsys.readouterr().err
    assert "S3CRETHASH" not in err and "root" not in err
    assert err == "error: SPARQL syntax error at 1:10 (the file is not a .rq query file, so its content is not " \
                  "shown)\n"
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x ?p ?o } LIMT 1\n", encoding="utf-8")
    assert main(["query", str(query), "--dataset", str(built.out)]) == 1
    assert "line 1: SELECT ?x WHERE { ?x ?p ?o } LIMT 1" in capsys.readouterr().err  # a .rq file: its line helps
