"""Where the project's folders are: next to the package in a checkout (the install is editable)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("HADRUT_KG_ROOT", Path(__file__).resolve().parent.parent))
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY / "hadrut.ttl"
SHAPES_FILE = ONTOLOGY / "shapes.ttl"
ALIGNMENT_FILE = ONTOLOGY / "wikidata-alignment.ttl"
QUERIES = ROOT / "queries"
CHECKS = QUERIES / "checks"
DEFAULT_OUT = Path(os.environ.get("HADRUT_KG_DIST", ROOT / "dist"))
