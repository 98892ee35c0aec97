"""HTTP concerns shared by the SPARQL endpoint (hadrut_kg.stores) and the pages (hadrut_kg.site): content
negotiation, validators and conditional requests, cross-origin headers. May import nothing of hadrut_kg: it sits
at the bottom, beside paths and sandbox."""
