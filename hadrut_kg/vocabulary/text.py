"""Characters that must never reach a terminal or a reader raw: C0/C1 controls (ESC starts terminal escape
sequences, BEL rings, NUL truncates), the bidi controls that reorder what is shown (U+202E turns "txt.exe" into
"exe.txt"), and the zero-width and invisible ones that hide a difference between two equal-looking names.
The data refuses them (curated); every printer shows them as U+XXXX."""

from __future__ import annotations

import re

HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
                    "\ufeff\ufff9-\ufffb]")
LINE_BREAKS = re.compile("[\t\n]")


JOINERS = "\u200c\u200d"  # zero-width (non-)joiners: part of how some scripts are spelled, so allowed in data


def hidden_character(text: str) -> str | None:
    """The first hidden character of `text` as U+XXXX, or None; tab, line feed and the joiners are allowed (a
    name differing from another only by a joiner is caught where names get their IRIs)."""
    found = next((m for m in HIDDEN.finditer(text) if m.group(0) not in JOINERS), None)
    return f"U+{ord(found.group(0)):04X}" if found else None


def visible(text: str, breaks: bool = False) -> str:
    """`text` with every hidden character shown as U+XXXX; with `breaks`, tab and line feed too (one line)."""
    text = HIDDEN.sub(lambda m: f"U+{ord(m.group(0)):04X}", text)
    return LINE_BREAKS.sub(lambda m: f"U+{ord(m.group(0)):04X}", text) if breaks else text
