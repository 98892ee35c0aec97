"""Hadrut KG: a linked-data knowledge graph of Hadrut District (1930–1991) and Hadrut Province (1991–2020).

    >>> import hadrut_kg
    >>> store = hadrut_kg.load()                      # the built dataset in a pyoxigraph Store
    >>> rows = hadrut_kg.query("relations-on-date", date="1985-01-01")
"""

__version__ = "0.1.0"
__released__ = "2026-11-22"  # the day this version came out, as CHANGELOG.md gives it


def load(*args, **kwargs):
    """See hadrut_kg.api.load (imported on first use, so `import hadrut_kg` stays light)."""
    from hadrut_kg.api import load as _load

    return _load(*args, **kwargs)


def query(*args, **kwargs):
    """See hadrut_kg.api.query."""
    from hadrut_kg.api import query as _query

    return _query(*args, **kwargs)
