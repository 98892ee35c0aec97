"""The build's gates: SHACL validation (pyshacl-turbo, pySHACL as the reference) and the zero-row SPARQL checks.
May import `vocabulary`, `queries` and the process helpers."""
