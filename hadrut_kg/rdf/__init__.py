"""From records to RDF: mapping curated records (and derived time) to quads, the VoID/DCAT description, and the
deterministic writing of dist/. May import `vocabulary`, `curated` and `chronology`."""
