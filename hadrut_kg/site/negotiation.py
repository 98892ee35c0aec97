"""Which representation of a resource a client gets, from its Accept header (RFC 9110, section 12.5.1).

Each available format gets the quality of the most specific media range that matches it (`text/turtle` beats
`text/*` beats `*/*`); the highest quality wins and ties go to the server's order. HTML comes first in that order
only when the client names it, so a browser's usual header (`text/html,…,*/*;q=0.8`) gets the page while `*/*`
alone (curl, most RDF libraries' fallbacks) gets Turtle. None acceptable: None (the caller answers 406).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_RANGES = 50  # media ranges read from one header; the rest are ignored (bounded work per request)


@dataclass(frozen=True)
class Format:
    ext: str
    media: str  # the Content-Type sent, without charset
    also: tuple[str, ...] = ()  # other media types that name the same format

    @property
    def content_type(self) -> str:
        return f"{self.media}; charset=utf-8"


TURTLE = Format("ttl", "text/turtle", ("application/x-turtle",))
NTRIPLES = Format("nt", "application/n-triples")
JSONLD = Format("jsonld", "application/ld+json", ("application/json",))
HTML = Format("html", "text/html", ("application/xhtml+xml",))
RDF_FORMATS = (TURTLE, NTRIPLES, JSONLD)
ALL = (TURTLE, NTRIPLES, JSONLD, HTML)  # the server's order for ties
BY_EXT = {f.ext: f for f in ALL}


def parse(accept: str) -> list[tuple[str, float]]:
    """The header's media ranges with their q-values, lower-cased, in the header's order (q=1 when absent or
    malformed ranges skipped; a malformed q is 0)."""
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


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q-value of the most specific range matching the format (0 if none)."""
    best, specificity = 0.0, -1
    for media, q in ranges:
        kind = media.split("/")[0]
        if media in (fmt.media, *fmt.also):
            level = 2
        elif media == f"{kind}/*" and any(m.startswith(kind + "/") for m in (fmt.media, *fmt.also)):
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and q > best):
            best, specificity = q, level
    return best


def choose(accept: str | None, formats: tuple[Format, ...] = ALL) -> Format | None:
    """The format to send for this Accept header; no header or an empty one means */* (Turtle)."""
    ranges = parse(accept) if accept and accept.strip() else [("*/*", 1.0)]
    named_html = any(media in (HTML.media, *HTML.also) for media, _ in ranges)
    order = sorted(formats, key=lambda f: 0 if (f is HTML and named_html) else 1 + ALL.index(f))
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(order)]
    q, _, fmt = max(scored, key=lambda s: (s[0], s[1]))
    return fmt if q > 0 else None
