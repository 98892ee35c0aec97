"""The documentation: every page of docs/ is in the site's navigation and linked from the README, every link of
the README reaches a file (and a heading, for a #fragment), and the site builds with MkDocs in strict mode (a
broken link or anchor is a warning, and strict mode fails on any warning), then LinkChecker finds no broken link
in the built HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_checkers import broken_links, require

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"


def nav_pages() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return [page for entry in config["nav"] for page in entry.values()]


def slug(heading: str) -> str:
    """A heading's anchor as MkDocs (Python-Markdown's toc) writes it: lower case, punctuation dropped, spaces
    to hyphens."""
    text = re.sub(r"[`*]", "", heading).strip().lower()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text))


def test_every_page_is_in_the_nav_and_linked_from_the_readme():
    pages = sorted(p.name for p in DOCS.glob("*.md"))
    assert sorted(nav_pages()) == pages
    readme = README.read_text(encoding="utf-8")
    missing = [p for p in pages if p != "index.md" and f"(docs/{p}" not in readme]
    assert missing == []


def test_the_readme_links_reach_a_file_and_a_heading():
    readme = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(((?!https?:)[^)#]+)(?:#([^)]+))?\)", readme)
    assert ("docs/publishing.md", "citing-and-licence") in links
    for target, fragment in links:
        path = ROOT / target
        assert path.is_file(), target
        if fragment:
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
            assert fragment in {slug(h) for h in headings}, f"{target}#{fragment}"


def test_slug_is_the_anchor_mkdocs_writes():
    assert slug("Linking to gazetteers (Who's On First, GeoNames)") == "linking-to-gazetteers-whos-on-first-geonames"
    assert slug("Question 3: who held a place on a day") == "question-3-who-held-a-place-on-a-day"


@pytest.mark.slow
def test_the_site_builds_strictly_with_no_broken_link(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert {p.name for p in site.glob("*.html")} >= {"index.html", "querying.html", "contributing.html", "404.html"}
    assert 'href="querying.html#question-3-who-held-a-place-on-a-day"' in (site / "modelling.html").read_text()
    assert require(broken_links, site) == []


@pytest.mark.slow
def test_a_broken_link_fails_the_strict_build(tmp_path):
    """The check itself: a page linking to a missing page and to a missing heading stops the build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[a](querying.md#nowhere) [b](gone.md)\n", encoding="utf-8")
    (docs / "querying.md").write_text("# Querying\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("nav:")[0]
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "contains a link 'gone.md', but the target is not found" in done.stderr
    assert "does not contain an anchor '#nowhere'" in done.stderr


def test_the_dataset_site_links_to_the_documentation(built):
    """The index page of the site (and of `serve`) links to the documentation under the dataset's namespace,
    which the namespace's redirect rules send on to the site's docs/ folder."""
    from hadrut_kg.site.data import SiteData
    from hadrut_kg.site.index_page import index_page
    from hadrut_kg.site.redirects import htaccess

    page = index_page(SiteData(built.out, "https://w3id.org/hadrut-kg/")).decode()
    assert '<a href="https://w3id.org/hadrut-kg/docs/index.html">the documentation</a>' in page
    rules = htaccess("https://example.org/kg/", "https://w3id.org/hadrut-kg/", None)
    redirect = next(line for line in rules.splitlines() if "download/" in line)
    pattern, target = redirect.split()[1:3]
    assert re.fullmatch(pattern.strip("^$"), "docs/index.html")
    assert re.sub(pattern, target.replace("$1", r"\1"), "docs/index.html") == "https://example.org/kg/docs/index.html"
