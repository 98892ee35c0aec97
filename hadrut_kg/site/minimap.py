"""A small offline map of one place: its points (one per source that gives one) among the dataset's other
points within a fifth of a degree of latitude, each neighbour labelled where its label overlaps nothing, over the
district outlines of Who's On First (data/wof-regions.geojson), drawn as inline SVG on a plain latitude/longitude
grid — no tiles, no network."""

from __future__ import annotations

import math
from html import escape

import pyoxigraph as ox

from hadrut_kg.vocabulary.namespaces import GEO, WGS84
from hadrut_kg.site.data import SiteData

WIDTH, HEIGHT, SPAN = 420, 300, 0.2  # pixels; degrees of latitude shown either side of the place


def points(data: SiteData, iri: str) -> list[tuple[float, float, str]]:
    """(lat, lon, geometry IRI) of each point the data gives the place."""
    out = []
    for geometry in data.objects(iri, GEO + "hasGeometry"):
        lat, lon = data.first(geometry.value, WGS84 + "lat"), data.first(geometry.value, WGS84 + "long")
        if lat is not None and lon is not None:
            out.append((float(lat), float(lon), geometry.value))
    return out


def _all_points(data: SiteData) -> list[tuple[float, float, str]]:
    found = []
    for q in data.store.quads_for_pattern(None, ox.NamedNode(GEO + "hasGeometry"), None, ox.DefaultGraph()):
        for lat, lon, _ in points(data, q.subject.value)[:1]:
            found.append((lat, lon, q.subject.value))
    return found


def svg(data: SiteData, iri: str, label: str) -> str:
    own = points(data, iri)
    if not own:
        return ""
    lat0 = sum(p[0] for p in own) / len(own)
    lon0 = sum(p[1] for p in own) / len(own)
    squeeze = math.cos(math.radians(lat0))
    lon_span = SPAN * (WIDTH / HEIGHT) / squeeze

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (WIDTH / 2 + (lon - lon0) / lon_span * WIDTH / 2, HEIGHT / 2 - (lat - lat0) / SPAN * HEIGHT / 2)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} '
             f'{HEIGHT}" role="img" aria-label="{escape(label)}: position among nearby places of the dataset">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f1ea" stroke="#999"/>']
    step, grid_labels = 0.1, []
    for k in range(-4, 5):
        lat = round(lat0 / step) * step + k * step
        y = xy(lat, lon0)[1]
        if 0 < y < HEIGHT:
            parts.append(f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#ddd"/>'
                         f'<text x="4" y="{y - 3:.1f}" font-size="10" fill="#555">{lat:.2f}° N</text>')
            grid_labels.append((0, y - 14, 54, 14))
        lon = round(lon0 / step) * step + k * step
        x = xy(lat0, lon)[0]
        if 0 < x < WIDTH:
            parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{HEIGHT}" stroke="#ddd"/>'
                         f'<text x="{x + 3:.1f}" y="{HEIGHT - 4}" font-size="10" fill="#555">{lon:.2f}° E</text>')
    for region in data.regions["features"]:
        rings = region["geometry"]["coordinates"] if region["geometry"]["type"] == "Polygon" else \
            [r for poly in region["geometry"]["coordinates"] for r in poly]
        d = " ".join("M" + "L".join(f"{xy(c[1], c[0])[0]:.1f} {xy(c[1], c[0])[1]:.1f}" for c in ring) + "Z"
                     for ring in rings)
        name = region["properties"].get("label", "")
        parts.append(f'<path d="{d}" fill="none" stroke="#8a6d3b" stroke-width="1.5" stroke-dasharray="5,3">'
                     f'<title>{escape(name)} — outline from {escape(region["properties"].get("source", ""))}'
                     f'</title></path>')
    taken = [(x - 8, y - 8, 16, 16) for x, y in (xy(p[0], p[1]) for p in own)] + grid_labels
    labels, seen = [], set()
    for lat, lon, other in _all_points(data):
        if other in seen:  # a place with several points: one dot, one label
            continue
        seen.add(other)
        x, y = xy(lat, lon)
        if other != iri and 0 <= x <= WIDTH and 0 <= y <= HEIGHT:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#777"><title>{escape(data.label(other))}'
                         f'</title></circle>')
            taken.append((x - 3, y - 3, 6, 6))
            labels.append((x, y, data.label(other)))
    for lat, lon, geometry in own:
        x, y = xy(lat, lon)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#c0392b" stroke="#fff" stroke-width="2">'
                     f'<title>{escape(label)}: {lat}, {lon}</title></circle>')
    for x, y, text in labels:  # a label where it overlaps no point and no other label; none where it cannot
        w, h = 5.6 * len(text), 11
        for bx, by in ((x + 5, y - 5), (x - 5 - w, y - 5), (x - w / 2, y - 16), (x - w / 2, y + 5)):
            box = (bx, by, w, h)
            if 54 <= bx and bx + w <= WIDTH and 0 <= by and by + h <= HEIGHT - 14 and not any(
                    bx < t[0] + t[2] and t[0] < bx + w and by < t[1] + t[3] and t[1] < by + h for t in taken):
                taken.append(box)
                parts.append(f'<text x="{bx:.1f}" y="{by + 9:.1f}" font-size="10" fill="#333" class="neighbour">'
                             f'{escape(text)}</text>')
                break
    parts.append("</svg>")
    return "".join(parts)
