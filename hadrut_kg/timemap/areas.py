"""The areas of the time map: the district outlines Who's On First gives (simplified for a page under 1 MB), and
the province's extent as each source lists it — the convex hull of the settlements a source says lie in Hadrut
Province, drawn and labelled as that ("hull of listed settlements, not a boundary"), never as a border no source
draws."""

from __future__ import annotations

import pyoxigraph as ox
from shapely.geometry import MultiPoint, mapping, shape

SIMPLIFY = 0.0008  # degrees (about 70 m): invisible at the map's scale, a tenth of the file size
PROVINCE = "hadrut-province"  # its id under the dataset's base

LISTED = """
PREFIX hkg: <https://w3id.org/hadrut-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT DISTINCT ?place ?doc ?lat ?lon WHERE {
  ?st a hkg:Statement ; rdf:subject ?place ; rdf:predicate hkg:locatedIn ; rdf:object ?province ;
      prov:wasDerivedFrom/dcterms:isPartOf/dcterms:identifier ?doc .
  ?place a hkg:Settlement ; geo:hasGeometry ?g . ?g wgs:lat ?lat ; wgs:long ?lon .
} ORDER BY ?doc ?place
"""


def hulls(store: ox.Store, places: dict[str, tuple[float, float]], province: str) -> dict[str, dict]:
    """{source document id: GeoJSON polygon}: per source, the hull of the settlements it places in the province,
    each at the point the map draws it (`places`: IRI → (lon, lat); `province`: its IRI); "all" for every source's list together."""
    text = LISTED.replace("?province", str(ox.NamedNode(province)))
    listed: dict[str, set[str]] = {}
    for row in store.query(text):
        listed.setdefault(row["doc"].value, set()).add(row["place"].value)
    listed["all"] = set().union(*listed.values()) if listed else set()
    out = {}
    for doc, found in listed.items():
        points = [places[p] for p in sorted(found) if p in places]
        if len(points) >= 3:
            hull = MultiPoint(points).convex_hull
            if hull.geom_type == "Polygon":
                out[doc] = {"coordinates": _rounded(mapping(hull)["coordinates"]), "count": len(points)}
    return out


def _rounded(rings) -> list:
    return [[[round(x, 5), round(y, 5)] for x, y in ring] for ring in rings]


def simplified(regions: dict) -> list[dict]:
    """The district polygons as [{id, label, source, rings}], outlines simplified (topology kept)."""
    out = []
    for feature in regions.get("features", []):
        geometry = shape(feature["geometry"]).simplify(SIMPLIFY, preserve_topology=True)
        polygons = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        rings = [ring for p in polygons for ring in _rounded(mapping(p)["coordinates"])]
        props = feature.get("properties", {})
        out.append({"id": props.get("id"), "label": props.get("label"), "source": props.get("source"),
                    "rings": rings})
    return out
