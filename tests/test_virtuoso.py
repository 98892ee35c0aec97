"""Against Debian's Virtuoso 7 started for real (127.0.0.1, free ports, a temporary database): `hadrut-kg load` as
the README says — Digest authentication, no default-graph target, atomic swap through staging graphs, counts read
back — and Virtuoso's own bulk loader from hadrut.trig. (The named queries on both: test_portability.py.)"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from hadrut_kg.cli.main import main
from hadrut_kg.stores.gsp import STAGING

from virtuoso import PASSWORD, USER

pytestmark = pytest.mark.slow  # Virtuoso 7

NOTE = ("(default graph): not loaded — the store has no default-graph target; its query endpoint reads the union "
        "of the named graphs")


def graph_counts(server) -> dict[str, int]:
    """Triples per graph of this dataset (and any staging graph), asked through Virtuoso's SPARQL endpoint."""
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/hadrut-kg/') || STRSTARTS(STR(?g), 'urn:hadrut-kg:')) } "
             "GROUP BY ?g")
    request = urllib.request.Request(server.query + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def expected_lines(built) -> list[str]:
    return [NOTE] + [f"{g}: {n} triples" for g, n in sorted(built.graphs.items())]


def test_atomic_load_with_digest_reports_the_counts_read_back(virtuoso_loaded, built):
    server, stdout = virtuoso_loaded
    assert stdout.splitlines() == expected_lines(built)
    assert graph_counts(server) == built.graphs  # every graph in place, no staging graph left behind


def test_per_graph_reload_changes_nothing(virtuoso_loaded, built, capsys):
    server, _ = virtuoso_loaded
    assert main(["load", "--endpoint", server.gsp, "--user", USER, "--password", PASSWORD, "--auth", "digest",
                 "--dataset", str(built.out)]) == 0
    assert capsys.readouterr().out.splitlines() == expected_lines(built)
    assert graph_counts(server) == built.graphs


def test_basic_authentication_is_refused_by_the_digest_endpoint(virtuoso_loaded, built, capsys):
    server, _ = virtuoso_loaded
    assert main(["load", "--endpoint", server.gsp, "--user", USER, "--password", PASSWORD, "--auth", "basic",
                 "--update", server.update, "--dataset", str(built.out)]) == 3  # the store layer
    err = capsys.readouterr().err
    assert err == (f"error: GET {server.gsp}?default: HTTP 401 Unauthorized "
                   "(check --user/--password or $HADRUT_KG_TOKEN)\nno graph was changed\n")
    assert graph_counts(server) == built.graphs


def test_wrong_password_is_a_clear_error(virtuoso_loaded, built, capsys):
    server, _ = virtuoso_loaded
    assert main(["load", "--endpoint", server.gsp, "--user", USER, "--password", "wrong",
                 "--dataset", str(built.out)]) == 3
    assert "HTTP 401 Unauthorized" in capsys.readouterr().err
    assert graph_counts(server) == built.graphs


def test_bulk_loader_from_trig_gives_every_graph(virtuoso_bulk, built):
    state = virtuoso_bulk.isql("SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST;")
    assert "2           NULL" in state  # loaded (state 2), no error
    counts = graph_counts(virtuoso_bulk)
    assert not any(g.startswith(STAGING) for g in counts)
    assert counts == built.graphs
