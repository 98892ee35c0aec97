"""The named queries and how they run: the catalogue of queries/*.rq with their `# Param:` headers, the embedded
pyoxigraph store, SPARQL result tables and formats, federation limits. May import `vocabulary`, `paths`,
`background` and `sandbox`."""
