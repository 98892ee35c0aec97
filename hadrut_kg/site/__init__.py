"""Every IRI of the dataset, looked up: the RDF document and the HTML page of each resource, content negotiation,
and the static site that holds the same files for hosts without it.

This package sits at the top of the layout: it may import the lower modules (namespaces, embedded, publish, chart,
map, the exporters for each place's downloads, queries, web) and reads only the built dataset (`dist/`) with pyoxigraph — never data/, never user-supplied SPARQL.
Nothing imports it except the command line (`hadrut-kg site`) and the endpoint (`hadrut-kg serve`).
"""
