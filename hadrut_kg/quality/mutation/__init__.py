"""Mutation testing of what the tests of the core must catch: small deliberate mistakes in the SPARQL of the
named queries (sparql.py) and in the SHACL shapes (shacl.py). Each mutator only makes mutants; which tests kill
them is decided in tests/ (tests/test_mutation_sparql.py, tests/test_mutation_shacl.py), the Python code's
mutants come from mutmut (docs/mutation.md). May import `vocabulary` and `paths` only."""
