"""How a source document is named to a reader: by the document, not only by its publisher.

"Wikipedia" alone would name the seed article (Hadrut Province) and every secondary article alike; a row or a
choice must say which document it rests on, e.g. "Wikipedia: Hadrut Province" or "English Wikipedia: Azerbaijan
Soviet Socialist Republic". Built from data/sources.yaml's title and publisher, so nothing is invented here.
"""

from __future__ import annotations


def document_label(title: str | None, publisher: str | None, identifier: str = "") -> str:
    """'Publisher: title'. A title already naming its publisher after a dash ('X — English Wikipedia') gives
    'English Wikipedia: X' (a remark in brackets after the publisher dropped); a title that starts with the
    publisher's name stands as it is."""
    title = (title or "").strip() or identifier
    publisher = (publisher or "").strip()
    if not publisher or title.lower().startswith(publisher.lower()):
        return title
    head, dash, tail = title.rpartition(" — ")
    if dash and publisher.lower() in tail.lower():
        return f"{tail.split(' (', 1)[0].strip()}: {head}"
    return f"{publisher}: {title}"
