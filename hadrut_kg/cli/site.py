"""`hadrut-kg ontology-doc`: the ontology's documentation page (and, with the site, the pages per resource)."""

from __future__ import annotations


def add(commands) -> None:
    from hadrut_kg.site.ontology_doc import add_command as add_ontology_doc

    add_ontology_doc(commands)
