"""Third round of attacks (issue 21, fresh review), each performed for real on 127.0.0.1 with listeners that
record what reaches them."""

from __future__ import annotations

import pytest

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
