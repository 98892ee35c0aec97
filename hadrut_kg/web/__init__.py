"""HTTP concerns shared by the SPARQL endpoint (hadrut_kg.stores) and the pages (hadrut_kg.site): content
negotiation, validators and conditional requests, cross-origin headers. Imports nothing of the project above it."""
