"""HTML pages, RDF documents and the static site for every IRI of the dataset; sits at the top of the layout: may
import the lower modules; only the CLI and the endpoint import it."""
