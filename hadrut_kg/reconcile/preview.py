"""The preview card OpenRefine shows in a small frame when a user hovers over a candidate: the place's names
grouped by language (each in an element with its `lang`), its points, and question 3 today in one line.

Every text from the data is escaped for HTML; the page loads nothing (no script, style file or image).
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from hadrut_kg.reconcile import today
from hadrut_kg.reconcile.index import Index, Place
from hadrut_kg.vocabulary.langtags import canonical_tag

WIDTH, HEIGHT = 420, 260
STYLE = ("body{font:13px/1.35 system-ui,sans-serif;margin:6px;color:#222}h1{font-size:15px;margin:0 0 4px}"
         "dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 8px;margin:4px 0}dt{color:#666}"
         "dd{margin:0}p{margin:4px 0}.q3{border-top:1px solid #ddd;padding-top:4px}svg{float:right}")


def _dot(place: Place) -> str:
    """A 60-pixel square, the one-degree cell of the place's first point, with the point in it (no map tiles)."""
    if not place.points:
        return ""
    lat, lon = place.points[0]
    x, y = (lon - math.floor(lon)) * 60, 60 - (lat - math.floor(lat)) * 60
    return (f'<svg width="60" height="60" viewBox="0 0 60 60" role="img" aria-label="point {lat:.4f}, {lon:.4f}">'
            f'<rect width="60" height="60" fill="#eef3f7" stroke="#9ab"/><line x1="30" y1="0" x2="30" y2="60" '
            f'stroke="#cdd"/><line x1="0" y1="30" x2="60" y2="30" stroke="#cdd"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#c33"/></svg>')


def card(index: Index, place: Place, view_url: str, day: str | None = None) -> bytes:
    day = day or date.today().isoformat()
    by_lang: dict[str, list[str]] = {}
    for n in place.names:
        by_lang.setdefault(canonical_tag(n.lang), []).append(n.text)
    names = "".join(f'<dt>{escape(tag)}</dt><dd lang="{escape(tag)}">{escape(" · ".join(dict.fromkeys(texts)))}</dd>'
                    for tag, texts in sorted(by_lang.items()))
    points = "; ".join(f"{lat:.5f}, {lon:.5f}" for lat, lon in place.points) or "no point in the data"
    types = ", ".join(index.types[t].name for t in place.types if t in index.types)
    links = " ".join([f"Wikidata {escape(q)}" for q in place.wikidata] + [f"GeoNames {escape(g)}"
                                                                           for g in place.geonames])
    line = today.one_line(today.relations(index.store, index.minted, place.iri, day))
    html = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(place.label)}</title>'
            f'<style>{STYLE}</style></head><body>{_dot(place)}<h1><a href="{escape(view_url)}" target="_blank">'
            f'{escape(place.label)}</a></h1><p>{escape(types)}{" · " + links if links else ""}</p>'
            f'<dl>{names}</dl><p>Point: {escape(points)}</p>'
            f'<p class="q3">On {escape(day)}: {escape(line)}</p></body></html>\n')
    return html.encode("utf-8")
