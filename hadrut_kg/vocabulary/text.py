"""Characters that must never reach a terminal or a reader raw: C0/C1 controls (ESC starts terminal escape
sequences, BEL rings, NUL truncates), the bidi controls that reorder what is shown (U+202E turns "txt.exe" into
"exe.txt"), and the zero-width and invisible ones that hide a difference between two equal-looking names.
The data refuses them (curated, and `enrich` before it caches an answer); every printer shows them as U+XXXX."""

from __future__ import annotations

import re

# Every code point of the Unicode categories Cc (controls), Cf (format: bidi controls, zero-width characters,
# tag characters U+E0001–E007F …), Co (private use), Cs (surrogates), Zl and Zp (line and paragraph separators) —
# tab and line feed excepted — and the invisible ones of other categories: U+034F (combining grapheme joiner), the
# Hangul fillers, U+17B4/5, the Mongolian variation selectors, the variation selectors U+FE00–FE0F and
# U+E0100–E01EF, and the unassigned rest of the tag block. Written out (Unicode 14, Python 3.11's) so no start-up
# scans the code space; tests/test_abuse_round3.py checks it against unicodedata.
_RANGES = [(0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x34F, 0x34F), (0x600, 0x605), (0x61C, 0x61C),
           (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x115F, 0x1160), (0x17B4, 0x17B5),
           (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
           (0x3164, 0x3164), (0xD800, 0xF8FF), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
           (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3),
           (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xE0100, 0xE01EF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]
HIDDEN = re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                  for a, b in _RANGES) + "]")
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
