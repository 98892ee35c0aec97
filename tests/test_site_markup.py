"""Escaping by construction (hadrut_kg/site/html.py): the helpers that return HTML return MarkupSafe's Markup, the
page frame takes only Markup, and a label that would inject an element reads back, on every kind of page, as
exactly its own text — escaped once, not twice, and nowhere an element."""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from markupsafe import Markup, escape

from hadrut_kg.cli.main import main
from hadrut_kg.site.html import frame, lang_text
from test_abuse import HOSTILE_LABEL, data_copy, hostile_build  # noqa: F401 — data_copy is a fixture

pytestmark = pytest.mark.slow  # the static site written for each kind of page


def test_a_literal_is_escaped_once_inside_its_language_element():
    hostile = ox.Literal('<script>alert("x")</script> & co', language="hy")
    shown = lang_text(hostile)
    assert isinstance(shown, Markup)
    assert shown == '<span lang="hy">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</span>'
    assert escape(shown) == shown and escape(escape(shown)) == shown  # through twice: unchanged
    assert Markup("<td>{}</td>").format(shown) == f"<td>{shown}</td>"  # kept as HTML where HTML goes
    plain = lang_text(ox.Literal('a "b" & <c>'))
    assert plain == "a &#34;b&#34; &amp; &lt;c&gt;" and isinstance(plain, Markup)
    assert plain + "<br>" == "a &#34;b&#34; &amp; &lt;c&gt;&lt;br&gt;"  # text added to HTML is escaped


def test_the_frame_takes_html_only_as_markup():
    with pytest.raises(TypeError, match="takes the body as Markup"):
        frame("title", "<p>assembled text that nobody declared HTML</p>", "")
    page = frame('<title> & "quotes"', Markup("<p>body</p>"), "../").decode()
    assert "<title>&lt;title&gt; &amp; &#34;quotes&#34; — Hadrut KG</title>" in page
    assert '<a href="../index.html">' in page and "<main>\n<p>body</p>\n</main>" in page


class _Reader(HTMLParser):
    """The elements and the text of a page as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.script = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script += data
        else:
            self.text.append(data)


# One page of each kind that shows the district's label: its own page, a place linking to it, the index, one of
# its names, one statement about it, its geometry, a time bound derived through it.
PAGES = ["id/hadrut-district.html", "id/hadrut-province.html", "index.html", "name/hadrut-district--az--Hadrut-rayonu.html",
         "statement/hadrut-district--capital--hadrut.html",
         "geometry/hadrut-district--wp-en-hadrut-district-nkao.html",
         "bounds/path--nkao--via--hadrut-district--2--end.html"]


def test_a_hostile_label_reads_back_as_its_own_text_on_every_kind_of_page(data_copy, tmp_path):
    out = hostile_build(data_copy, tmp_path, HOSTILE_LABEL)
    assert main(["site", "--dataset", str(out), "--out", str(tmp_path / "site")]) == 0
    for name in PAGES:
        reader = _Reader()
        reader.feed((tmp_path / "site" / name).read_text(encoding="utf-8"))
        assert "img" not in reader.tags, name
        assert "alert(" not in reader.script, name  # the index's own filter script only
        text = "".join(reader.text)
        assert HOSTILE_LABEL in text, name  # decoded once: exactly the label, `&amp;` and all
        assert HOSTILE_LABEL.replace("&amp;", "&amp;amp;") not in text, name  # not escaped twice
