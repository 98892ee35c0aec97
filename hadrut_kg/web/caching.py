"""Validators and conditional requests (RFC 9110, sections 8.8 and 13): a strong ETag from the bytes sent, a
Last-Modified from the built dataset's time, and whether a GET or HEAD can be answered 304 Not Modified.

If-None-Match wins over If-Modified-Since when both are sent, as the RFC orders them; its comparison is the weak
one (a `W/` tag the client kept matches the same bytes). An If-Modified-Since that does not parse, or lies in the
future, is ignored.
"""

from __future__ import annotations

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime

MAX_TAGS = 50  # entity tags read from one If-None-Match header (bounded work per request)
CACHE_CONTROL = "public, max-age=600"  # documents, pages and files: ten minutes, then revalidated by ETag


def etag(body: bytes) -> str:
    """A strong entity tag: the SHA-256 of the bytes, shortened (128 bits)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(seconds: float) -> str:
    """An IMF-fixdate, as Last-Modified and Date carry it."""
    return formatdate(int(seconds), usegmt=True)


def validators(body: bytes, modified: float) -> dict[str, str]:
    """The headers that let a client cache these bytes and ask again conditionally."""
    return {"ETag": etag(body), "Last-Modified": http_date(modified), "Cache-Control": CACHE_CONTROL}


def _seconds(date: str) -> float | None:
    try:
        return parsedate_to_datetime(date.strip()).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def not_modified(if_none_match: str | None, if_modified_since: str | None, tag: str, last_modified: str) -> bool:
    """Whether the client's copy (named by its conditional headers) is still the current one, for an answer whose
    ETag is `tag` and whose Last-Modified header is `last_modified`."""
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")[:MAX_TAGS]]
        return any(t == "*" or t.removeprefix("W/") == tag for t in tags)
    since, modified = _seconds(if_modified_since or ""), _seconds(last_modified)
    return since is not None and modified is not None and modified <= since <= time.time()
