"""`load` and `query --endpoint` against a store that demands HTTP Basic authentication, for real: Debian's
Apache (mod_auth_basic with a password file, mod_proxy_http) in front of an Oxigraph server, the way Fuseki or
GraphDB deployments are often protected. (Virtuoso, tested in test_virtuoso.py, asks for Digest; Oxigraph itself
has no authentication.) The password comes from $HADRUT_KG_PASSWORD, as the README says."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from apache_server import apache, require_apache
from hadrut_kg.stores.oxigraph_server import OxigraphServer, free_port

pytestmark = pytest.mark.slow  # Apache in front of an Oxigraph server, and Virtuoso

USER, PASSWORD = "alice", "s3cret-basic"


@pytest.fixture(scope="module")
def guarded():
    """(base URL of Apache, the Oxigraph server behind it)."""
    require_apache()
    folder = Path(tempfile.mkdtemp(prefix="hadrut-basic-"))
    folder.chmod(0o755)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    (folder / "htpasswd").write_text(f"{USER}:{{SHA}}{digest}\n")
    (folder / "htpasswd").chmod(0o644)
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:  # up when it asks for credentials
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2)
        except urllib.error.HTTPError as exc:
            return exc.code == 401
        except OSError:
            return False
        return False

    try:
        with OxigraphServer() as store, apache(folder, port, [
                "authz_user", "authn_core", "authn_file", "auth_basic", "proxy", "proxy_http"], f"""LimitRequestBody 0
<Location "/">
  AuthType Basic
  AuthName "hadrut-kg test store"
  AuthBasicProvider file
  AuthUserFile {folder}/htpasswd
  Require valid-user
</Location>
ProxyPass "/" "{store.url}/"
ProxyPassReverse "/" "{store.url}/"
""", ready):
            yield url, store
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cli(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("HADRUT_KG_PASSWORD", "HADRUT_KG_TOKEN")}
    if password is not None:
        env["HADRUT_KG_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "hadrut_kg.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env, stdin=subprocess.DEVNULL)


def test_load_with_basic_authentication_then_query(built, guarded):
    url, _ = guarded
    done = cli("load", "--endpoint", url + "/store", "--update", url + "/update", "--user", USER,
               "--dataset", str(built.out))
    assert done.returncode == 0, done.stderr
    assert f"(default graph): {built.triples} triples" in done.stdout.splitlines()
    for graph, count in built.graphs.items():
        assert f"{graph}: {count} triples" in done.stdout.splitlines()
    asked = cli("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
                "--endpoint", url + "/query", "--user", USER)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines() == ["n", str(built.triples)]


@pytest.mark.parametrize("command", ["load", "query"])
def test_a_wrong_password_is_one_clear_line(built, guarded, command):
    url, _ = guarded
    args = (["load", "--endpoint", url + "/store", "--dataset", str(built.out)] if command == "load" else
            ["query", "timeline", "--endpoint", url + "/query"])
    done = cli(*args, "--user", USER, "--auth", "basic", password="Wr0ng-pa55")
    assert done.returncode == (3 if command == "load" else 4)  # the store's refusal; the endpoint's
    assert "401" in done.stderr and "Traceback" not in done.stderr and "Wr0ng-pa55" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.startswith("error:")]) == 1
