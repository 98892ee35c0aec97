"""Every example of the README and of docs/*.md runs as written: each fenced ```sh, ```bash, ```console and
```python block, in a fresh working folder holding a copy of the built dataset (`./dist`), the project's
`queries/`, `docs/` and `mkdocs.yml`, and `.venv/bin` (this environment's). A ```console block's `$ ` lines are
run one by one and their output compared line by line with what the page shows (`…` alone on a line stands for
any lines, inside a line for any text). A block that starts a server in the background (`… &`) gets a free port
instead of 7878, waits for the port before its next line, and has its process group stopped at the end. A block
is left out only when an HTML comment `<!-- not-run: reason -->` stands right above it; the reasons are listed by
test_the_exceptions_are_few_and_say_why."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import tools

from hadrut_kg.paths import QUERIES, ROOT
from hadrut_kg.stores.oxigraph_server import free_port

pytestmark = pytest.mark.slow  # every example of the docs, each in a process of its own, one of them `serve`

BIN = Path(sys.executable).parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = {"sh", "bash", "console", "python"}
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
NOT_RUN = re.compile(r"^<!-- not-run: (.+?) -->$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    text: str
    not_run: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(pages=PAGES, root=ROOT) -> list[Block]:
    """The fenced blocks of the pages, with the not-run reason standing right above each, if any."""
    found = []
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            start = FENCE.match(lines[i])
            if not start:
                i += 1
                continue
            indent, lang = start.groups()
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            body = "\n".join(line[len(indent):] for line in lines[i + 1:end]) + "\n"
            above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            reason = NOT_RUN.match(above.strip())
            found.append(Block(str(page.relative_to(root)), i + 1, lang, body, reason and reason.group(1)))
            i = end + 1
    return found


def runnable() -> list:
    return [pytest.param(b, id=b.id) for b in blocks() if b.lang in RUN and not b.not_run]


@pytest.fixture
def workdir(built, tmp_path):
    shutil.copytree(built.out, tmp_path / "dist")
    for name in ("queries", "docs", "mkdocs.yml"):  # what a clone holds beside dist/ that the examples read
        (tmp_path / name).symlink_to(QUERIES if name == "queries" else ROOT / name)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "bin").symlink_to(BIN)
    return tmp_path


def with_servers(script: str) -> str:
    """The block with a free port for 7878, and a wait for that port after each line that starts a server."""
    port = str(free_port())
    out = []
    for line in script.replace("7878", port).splitlines():
        out.append(line)
        if re.search(r"&\s*(#.*)?$", line):
            up = f"(echo >/dev/tcp/127.0.0.1/{port}) 2>/dev/null"
            out.append(f"for i in $(seq 600); do {up} && break; sleep 0.1; done; "
                       f"{up} || {{ echo 'no server on port {port} after 60 s' >&2; exit 1; }}")
    return "\n".join(out) + "\n"


def run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run in its own process group, which is stopped whole once the command is done (a server a block left
    running included). Output goes to files, not pipes, so a server still holding them does not keep the test
    waiting."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, text=True, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(args, proc.returncode, out.read(), err.read())


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, `…` alone standing for any lines and inside a line for any
    text."""
    if not shown:
        return not printed
    head, rest = shown[0], shown[1:]
    if head.strip() == "…":
        return any(matches(rest, printed[k:]) for k in range(len(printed) + 1))
    pattern = "".join(".*" if part == "…" else re.escape(part) for part in re.split("(…)", head))
    return bool(printed) and re.fullmatch(pattern, printed[0].rstrip()) is not None and matches(rest, printed[1:])


def console_steps(text: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"output before any command: {line!r}"
            steps[-1][1].append(line)
    return steps


def check_quiet(done: subprocess.CompletedProcess, workdir: Path) -> None:
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "warning" not in done.stderr.lower(), done.stderr[-3000:]
    for written in re.findall(r"^wrote (\S+?):?$", done.stdout, flags=re.M):
        path = (workdir / written).resolve()
        assert path.exists() and path.is_relative_to(workdir.resolve()), written


@pytest.mark.parametrize("block", runnable())
def test_example_runs_as_written(workdir, block):
    if re.search(r"--png|axe|chromium", block.text) and not shutil.which("chromium"):
        tools.missing("chromium")
    if block.lang == "python":
        done = run([sys.executable, "-c", block.text], workdir, timeout=300)
        check_quiet(done, workdir)
    elif block.lang == "console":
        for command, shown in console_steps(block.text):
            done = run(["bash", "-eo", "pipefail", "-c", command], workdir)
            check_quiet(done, workdir)
            assert matches(shown, done.stdout.splitlines()), f"$ {command}\nprinted:\n{done.stdout}"
    else:
        done = run(["bash", "-eo", "pipefail", "-c", with_servers(block.text)], workdir)
        check_quiet(done, workdir)
        assert (done.stdout + done.stderr).strip()  # it said something (mkdocs speaks on stderr)


def test_the_examples_are_found():
    """The README's three examples and the pages' main commands are among the runnable blocks."""
    texts = [b.values[0].text for b in runnable()]
    assert any("hadrut-kg query names-of-place" in t for t in texts)
    assert any("hadrut_kg.query(" in t for t in texts)
    assert any("hadrut-kg serve --port 7878 &" in t for t in texts)
    assert any("oxigraph serve" in t and "hadrut-kg load" in t for t in texts)
    assert any("hadrut-kg gazetteer --review" in t for t in texts)
    assert any(t.startswith("$ .venv/bin/hadrut-kg build\n") for t in texts)
    assert len(texts) >= 12


def test_the_exceptions_are_few_and_say_why():
    skipped = {b.id: b.not_run for b in blocks() if b.not_run}
    assert len(skipped) <= 10, skipped
    assert all(len(reason) > 20 for reason in skipped.values())
    unknown = [b.id for b in blocks() if b.lang and b.lang not in RUN | {"yaml", "sparql", "text"}]
    assert unknown == []


def test_the_matcher():
    assert matches(["wrote dist/a", "…", "3 triples", "built in …"],
                   ["wrote dist/a", "wrote dist/b", "wrote dist/c", "3 triples", "built in 0.5s (load 0.1s)"])
    assert not matches(["9329 triples"], ["9410 triples"])
    assert not matches(["a", "b"], ["a", "b", "c"])  # an extra line the page does not show
    assert not matches(["wrote dist/a", "…", "3 triples"], ["wrote dist/a", "4 triples"])


def test_the_block_reader(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("x\n\n<!-- not-run: needs a server we do not have -->\n```sh\nfoo\n```\n\n1. step\n   ```yaml\n"
                    "   - a: 1\n   ```\n```console\n$ echo hi\nhi\n```\n", encoding="utf-8")
    assert [(b.id, b.lang, b.text, b.not_run) for b in blocks([page], tmp_path)] == [
        ("p.md:4", "sh", "foo\n", "needs a server we do not have"),
        ("p.md:9", "yaml", "- a: 1\n", None),
        ("p.md:12", "console", "$ echo hi\nhi\n", None)]
    assert console_steps("$ echo hi\nhi\n$ true\n") == [("echo hi", ["hi"]), ("true", [])]
