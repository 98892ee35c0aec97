"""Where the project's files are, and where the built dataset goes.

Installed from a wheel, the ontology, shapes, queries and curated data ship inside the package
(`hadrut_kg/resources/`, copied there by setup.py when the wheel is built); in a checkout (an editable install)
they are the checkout's own top-level folders. The built dataset is `./dist` of the folder a command runs in,
unless a command is given another folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SHIPPED = PACKAGE / "resources"
ROOT = _SHIPPED if (_SHIPPED / "ontology").is_dir() else PACKAGE.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY / "hadrut.ttl"
SHAPES_FILE = ONTOLOGY / "shapes.ttl"  # SHACL Core only
SPARQL_SHAPES_FILE = ONTOLOGY / "shapes-sparql.ttl"  # the SHACL-SPARQL constraints and targets
ALIGNMENT_FILE = ONTOLOGY / "wikidata-alignment.ttl"
QUERIES = ROOT / "queries"
CHECKS = QUERIES / "checks"
DEFAULT_OUT = Path("dist")
