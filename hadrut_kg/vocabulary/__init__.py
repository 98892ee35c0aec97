"""The vocabulary: every IRI the dataset mints or reuses (namespaces) and the ontology's terms as read from
ontology/hadrut.ttl. The bottom of the layout: imports only `hadrut_kg.paths`."""
