"""Links out: reconciliation against Wikidata and gazetteer files (Who's On First), and enrichment from
Wikidata. May import `stores`, `queries`, `curated`, `exports.spreadsheet` and `vocabulary`."""
