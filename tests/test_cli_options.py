"""The command line as one tool: one meaning per option across commands, old spellings that still work and say
so, the same server options everywhere, query files by path read like named queries, notes on stderr for
defaults and for values naming nothing, progress only when asked or on a terminal, and a rebuild that remakes
what the previous build folder held."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from hadrut_kg import __version__
from hadrut_kg.cli.main import main, parser
from hadrut_kg.paths import QUERIES

READS_DATASET = {"query", "serve", "load", "export", "map", "chart", "link", "enrich", "ontology-doc", "site",
                 "reconcile"}
READS_DATA = {"build", "release", "link", "enrich", "gazetteer"}
WRITES_OUT = {"build", "release", "export", "map", "chart", "ontology-doc", "site", "reconcile"}
TALKS_TO_SERVER = {"load", "query", "link", "enrich"}
SERVER_OPTIONS = {"--user", "--password", "--auth", "--timeout", "--retries"}


def options_of() -> dict[str, set[str]]:
    """Every command's visible options (deprecated spellings are hidden from help)."""
    top = parser()
    commands = next(a for a in top._actions if a.dest == "command").choices
    return {name: {o for a in p._actions if a.help != "==SUPPRESS==" for o in a.option_strings}
            for name, p in commands.items()}


def test_one_meaning_per_option():
    found = options_of()
    assert {c for c, opts in found.items() if "--dataset" in opts} == READS_DATASET
    assert {c for c, opts in found.items() if "--data" in opts} == READS_DATA
    assert {c for c, opts in found.items() if "--out" in opts} == WRITES_OUT
    assert {c for c, opts in found.items() if SERVER_OPTIONS <= opts} == TALKS_TO_SERVER
    assert not any("--data-dir" in opts for opts in found.values())


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"hadrut-kg {__version__}\n"


@pytest.mark.parametrize("command,old", [(["query", "population-and-communities"], "--out"),
                                         (["export", "geojson", "--out", "{tmp}/x.geojson"], "--data")])
def test_old_spelling_works_and_says_so(built, capsys, tmp_path, command, old):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert main([*args, old, str(built.out)]) == 0
    out_old, err = capsys.readouterr()
    assert err.startswith(f"warning: {old} is deprecated for `hadrut-kg {command[0]}`")
    assert "use --dataset" in err
    assert main([*args, "--dataset", str(built.out)]) == 0
    out_new, err_new = capsys.readouterr()
    assert out_new == out_old and "deprecated" not in err_new


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name,params", [
    ("units-within-distance", []),
    ("names-of-place", []),
    ("relations-on-date", ["--param", "date=1985-01-01"]),
    ("relations-on-date", ["--param", "date=2020-11-01", "--param", "unit=hk:hadrut"]),
])
def test_a_query_file_runs_like_its_name_from_any_folder(built, name, params, tmp_path, monkeypatch, capsys):
    """By path, from another working folder: the header's types and defaults apply, so the rows are the named
    query's (before, a file ignored its header: 0 rows, or every name of every place)."""
    monkeypatch.chdir(tmp_path)
    common = [*params, "--format", "csv", "--dataset", str(built.out)]
    assert main(["query", name, *common]) == 0
    by_name = capsys.readouterr()
    assert main(["query", str(QUERIES / f"{name}.rq"), *common]) == 0, capsys.readouterr().err
    by_path = capsys.readouterr()
    assert _csv(by_path.out) == _csv(by_name.out)
    assert len(_csv(by_name.out)) > 1  # a header and at least one row
    assert by_path.err == by_name.err  # the same notes about defaults


def test_defaults_and_values_naming_nothing_are_said(built, capsys):
    assert main(["query", "relations-on-date", "--dataset", str(built.out)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "note: unit not given; using its default unit=hk:hadrut-province (--param unit=… to choose)",
        "note: date not given; using its default date=1995-01-01 (--param date=… to choose)",
        "note: view not given; using its default view=source (--param view=… to choose)",
    ]
    assert main(["query", "names-of-place", "--param", "place=hk:no-such-place", "--dataset", str(built.out)]) == 0
    out, err = capsys.readouterr()
    assert "(0 rows)" in out
    assert err == ("note: place=https://w3id.org/hadrut-kg/id/no-such-place names no resource of the dataset; "
                   "the answer is about nothing\n")


def test_machine_readable_output_ends_with_a_newline(built, capsys):
    for fmt in ("json", "csv", "tsv"):
        assert main(["query", "-e", "ASK { ?s ?p ?o }", "--format", fmt, "--dataset", str(built.out)]) == 0
        assert capsys.readouterr().out.endswith("\n")


def test_progress_only_when_asked_or_on_a_terminal(tmp_path, capsys):
    """Output to no terminal (pytest's capture): no progress lines unless --progress; with it, one line per build
    phase."""
    assert not sys.stderr.isatty()
    assert main(["build", "--out", str(tmp_path / "a")]) == 0
    quiet = capsys.readouterr()
    assert main(["build", "--progress", "--out", str(tmp_path / "b")]) == 0
    loud = capsys.readouterr()
    assert quiet.err == ""
    phases = [line.split(" ", 2)[1] for line in loud.err.splitlines()]
    assert phases == ["read", "derived", "mapped", "serialized", "SHACL"]


def test_an_unknown_host_is_not_retried(built, capsys):
    assert main(["query", "-e", "ASK {}", "--endpoint", "http://no-such-host.invalid/sparql", "--retries", "5",
                 "--timeout", "60"]) == 4  # the network layer's status
    err = capsys.readouterr().err
    assert "host name does not resolve" in err and "attempts" not in err


@pytest.mark.slow  # the map, chart pages and the static site remade
def test_a_rebuild_remakes_what_the_build_folder_held(built, tmp_path, capsys):
    out = tmp_path / "dist"
    shutil.copytree(built.out, out)
    assert main(["export", "geojson", "--dataset", str(out)]) == 0
    assert main(["export", "csv", "--dataset", str(out)]) == 0
    assert main(["chart", "--unit", "hk:hadrut-province", "--dataset", str(out)]) == 0
    stale = b"stale: made from an older build"
    for path in (out / "exports" / "hadrut.geojson", out / "exports" / "names.csv",
                 out / "charts" / "hadrut-province.html"):
        path.write_bytes(stale)
    capsys.readouterr()
    assert main(["build", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for path in (out / "exports" / "hadrut.geojson", out / "exports" / "names.csv",
                 out / "charts" / "hadrut-province.html"):
        assert path.exists() and path.read_bytes() != stale, path
        assert f"wrote {path}" in printed
    assert not (out / "exports" / "hadrut-lpf.json").exists()  # only what was there is remade
    assert not (out / "map.html").exists()


def test_the_password_flag_needs_a_user(built, capsys):
    assert main(["query", "timeline", "--endpoint", "http://127.0.0.1:9/query", "--password", "x"]) == 2
    assert capsys.readouterr().err == "error: --password needs --user\n"


def test_generated_folders_are_ignored_by_git():
    root = QUERIES.parent
    if not (root / ".git").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs in a git clone; .git is missing")
        pytest.skip("not a git checkout (an unpacked sdist)")
    ignored = subprocess.run(["git", "check-ignore", "dist/", "hadrut-db/", "dist-report/", "link-review.csv"],
                             capture_output=True, text=True, cwd=root, env={**os.environ, "GIT_DIR": str(root / ".git")})
    assert ignored.stdout.split() == ["dist/", "hadrut-db/", "dist-report/", "link-review.csv"]


def test_remote_errors_are_text_not_bytes_and_a_cut_answer_is_an_error(capsys):
    """An Oxigraph server (real): its parse error comes out as its own words; an answer it breaks off midway
    (a SERVICE that fails after the first bytes) is one error line, not a traceback."""
    from hadrut_kg.stores.oxigraph_server import OxigraphServer

    with OxigraphServer() as server:
        assert main(["query", "-e", "SELECT ?x WHERE { ?x a }", "--endpoint", server.query_endpoint]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {server.query_endpoint} rejected the query as malformed: error at 1:25: ")
        assert "b'" not in err and "QueryBadFormed" not in err
        assert main(["query", "-e", "SELECT ?x WHERE { SERVICE <http://127.0.0.1:1/x> { ?x a ?y } }",
                     "--endpoint", server.query_endpoint]) == 4  # a cut answer: the network layer
        err = capsys.readouterr().err
        assert err.startswith(f"error: {server.query_endpoint} sent an answer that is not whole SPARQL JSON results")
        assert "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.slow  # the map, chart pages and the static site remade
def test_a_rebuild_remakes_the_site_with_its_site_url(built, tmp_path, capsys):
    out = tmp_path / "dist"
    shutil.copytree(built.out, out)
    assert main(["site", "--dataset", str(out), "--site-url", "https://example.org/hk/"]) == 0
    assert main(["ontology-doc", "--dataset", str(out)]) == 0
    (out / "site" / "index.html").write_text("stale")
    capsys.readouterr()
    assert main(["build", "--out", str(out), "--progress"]) == 0
    printed, err = capsys.readouterr()
    assert f"wrote {out / 'site'}: " in printed and "(no .htaccess" not in printed
    resources = re.search(rf"wrote {re.escape(str(out / 'site'))}: (\d+) resources", printed).group(1)
    assert f"… pages and documents of {resources}/{resources} resources\n" in err  # the site's remaking is said
    # no hidden lock files beside the folders the commands replaced
    assert [p.name for p in tmp_path.iterdir()] == ["dist"] and not list(out.glob(".*lock"))
    assert (out / "site" / "index.html").read_text() != "stale"
    rules = (out / "site" / "w3id.org" / "hadrut-kg" / ".htaccess").read_text()
    assert rules.startswith("# Redirects of the namespace https://w3id.org/hadrut-kg/ onto https://example.org/hk/\n")
    assert (out / "ontology.html").is_file()
