"""Hadrut KG: a linked-data knowledge graph of Hadrut District (1930–1991) and Hadrut Province (1991–2020)."""

__version__ = "0.1.0"
