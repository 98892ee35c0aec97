"""The curated data: reading data/*.yaml with line numbers, the record types, the field checks, EDTF dates and
the one error type that names file:line:field. May import `vocabulary` (controlled values come from the ontology)
and `paths`; nothing above it."""
