"""Which representation a client gets from its Accept header (RFC 9110, section 12.5.1): the one module both the
endpoint's `/query` and the pages negotiate with, so the two read a header the same way.

Each offered format gets the quality of the most specific media range that matches it (`text/csv` beats `text/*`
beats `*/*`; a `type/*` range matches the media type actually sent, not another name of the format); q=0
refuses it; the highest quality wins and ties go to the caller's order. No header, or an empty
one, means `*/*`. Nothing acceptable: None (the caller answers 406).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_RANGES = 50  # media ranges read from one header; the rest are ignored (bounded work per request)


@dataclass(frozen=True)
class Format:
    ext: str  # the file extension of the format (a document's suffix, a name for a result format)
    media: str  # the Content-Type sent, without parameters
    also: tuple[str, ...] = ()  # other media types that name the same format

    @property
    def content_type(self) -> str:
        return f"{self.media}; charset=utf-8"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.media, *self.also)


def parse(accept: str) -> list[tuple[str, float]]:
    """The header's media ranges with their q-values, lower-cased, in the header's order (q=1 when absent; ranges
    that are not type/subtype skipped; a malformed q is 0)."""
    ranges = []
    for part in accept.split(",")[:MAX_RANGES]:
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q-value of the most specific range matching the format (0 if none matches)."""
    best, specificity = 0.0, -1
    for media, q in ranges:
        kind = media.split("/")[0]
        if media in fmt.names:
            level = 2
        elif media == f"{kind}/*" and fmt.media.startswith(kind + "/"):  # the type sent, not an alias's
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and q > best):
            best, specificity = q, level
    return best


def ranges_of(accept: str | None) -> list[tuple[str, float]]:
    """The parsed header; no header or a blank one is `*/*`."""
    return parse(accept) if accept and accept.strip() else [("*/*", 1.0)]


def choose(accept: str | None, formats: tuple[Format, ...] | list[Format]) -> Format | None:
    """The format to send: the best quality, ties to the earlier in `formats`; None when none is acceptable."""
    ranges = ranges_of(accept)
    best, found = 0.0, None
    for fmt in formats:
        q = quality(fmt, ranges)
        if q > best:
            best, found = q, fmt
    return found


def names(accept: str | None, fmt: Format) -> bool:
    """Whether the header names the format itself (not only through a wildcard), with a q above 0."""
    return any(media in fmt.names and q > 0 for media, q in ranges_of(accept))
