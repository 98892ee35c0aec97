"""The preview card OpenRefine shows in a small frame when a user hovers over a candidate: the place's names
grouped by language (each in an element with its `lang`), its points (on a small inline map of the dataset's points), and question 3 today in one line.

Every text from the data is escaped for HTML; the page loads nothing (no script, style file or image).
"""

from __future__ import annotations

from datetime import date
from html import escape

from hadrut_kg.reconcile import today
from hadrut_kg.reconcile.index import Index, Place
from hadrut_kg.vocabulary.langtags import canonical_tag

WIDTH, HEIGHT = 420, 260
STYLE = ("body{font:13px/1.35 system-ui,sans-serif;margin:6px;color:#222}h1{font-size:15px;margin:0 0 4px}"
         "dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 8px;margin:4px 0}dt{color:#666}"
         "dd{margin:0}p{margin:4px 0}.q3{border-top:1px solid #ddd;padding-top:4px}svg{float:right}")


def _dot(index: Index, place: Place) -> str:
    """A small inline map: every point of the dataset in grey on their bounding box, the place's own in red (no
    tiles, nothing loaded)."""
    if not place.points:
        return ""
    every = [p for other in index.places.values() for p in other.points]
    south, north = min(p[0] for p in every), max(p[0] for p in every)
    west, east = min(p[1] for p in every), max(p[1] for p in every)
    span = max(north - south, east - west, 0.01)

    def xy(point: tuple[float, float]) -> tuple[float, float]:
        return 5 + (point[1] - west) / span * 70, 75 - (point[0] - south) / span * 70

    grey = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.5" fill="#aab"/>' for x, y in map(xy, every))
    own = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#c33"/>' for x, y in map(xy, place.points))
    lat, lon = place.points[0]
    return (f'<svg width="80" height="80" viewBox="0 0 80 80" role="img" aria-label="point {lat:.4f}, {lon:.4f} '
            f'among the dataset\'s other points"><rect width="80" height="80" fill="#eef3f7" stroke="#9ab"/>'
            f'{grey}{own}</svg>')


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
            f'<style>{STYLE}</style></head><body>{_dot(index, place)}<h1><a href="{escape(view_url)}" target="_blank">'
            f'{escape(place.label)}</a></h1><p>{escape(types)}{" · " + links if links else ""}</p>'
            f'<dl>{names}</dl><p>Point: {escape(points)}</p>'
            f'<p class="q3">On {escape(day)}: {escape(line)}</p></body></html>\n')
    return html.encode("utf-8")
