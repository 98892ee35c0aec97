"""Each place of the dataset as files to download beside its RDF documents: GeoJSON, Linked Places Format (the
World Historical Gazetteer's JSON-LD) and CSV, cut out of the whole-dataset exports (hadrut_kg.exports.formats), so
a place's files hold exactly the feature and the rows the dataset's own exports give that place.

They sit under download/places/ (a folder the namespace's .htaccess already sends to the site as it is):
`<id>.geojson` (only for a place a source locates: GeoJSON features need a point), `<id>.lpf.json`, and the three
CSV tables cut to the place, `<id>.places.csv`, `<id>.names.csv`, `<id>.points.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from hadrut_kg.exports import formats

FOLDER = "download/places/"
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")  # a place's id as a file name: nothing a path could misread
MEDIA = {"geojson": "application/geo+json", "json": "application/ld+json", "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class Download:
    path: str  # below the site's root
    label: str  # what the page's link says
    body: bytes

    @property
    def content_type(self) -> str:
        return MEDIA[self.path.rsplit(".", 1)[-1]]


def _json(document: dict) -> bytes:
    return formats.dumps(document).encode()


def per_place(store: ox.Store) -> dict[str, list[Download]]:
    """Every place's downloads, by the place's IRI, in the order its page lists them."""
    located = {f["id"]: f for f in formats.geojson(store)["features"]}
    gazetteer = formats.lpf(store)
    tables = formats.csv_rows(store)
    found: dict[str, list[Download]] = {}
    for feature in gazetteer["features"]:
        iri = feature["@id"]
        name = iri.rsplit("/", 1)[-1]
        if not SAFE_ID.match(name):
            raise ValueError(f"the place {iri!r} has an id that cannot name a file")
        files = []
        if iri in located:
            files.append(Download(f"{FOLDER}{name}.geojson", "GeoJSON",
                                  _json({"type": "FeatureCollection", "features": [located[iri]]})))
        files.append(Download(f"{FOLDER}{name}.lpf.json", "Linked Places Format (JSON-LD)",
                              _json({**{k: v for k, v in gazetteer.items() if k != "features"},
                                     "features": [feature]})))
        for table, header in formats.CSV_HEADERS.items():
            rows = [row for about, row in tables[table] if about == iri]
            files.append(Download(f"{FOLDER}{name}.{table}", f"CSV, {table[:-len('.csv')]}",
                                  formats.csv_text(header, rows).encode()))
        found[iri] = files
    return found


def by_path(downloads: dict[str, list[Download]]) -> dict[str, Download]:
    return {d.path: d for files in downloads.values() for d in files}

