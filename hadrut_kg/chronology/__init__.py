"""Time derived from what the sources say: stated order between events, bounds narrowed to a fixed point, the
timeline's rank. Reads the curated records; may import `curated` and `vocabulary`, never RDF or stores."""
