"""Comparison keys: any name, in any script, folded and transliterated into one ASCII key per reading.

A name is first folded (Unicode NFC, case, apostrophes and modifier letters ʼ ’ ' ` ‘ ʻ, hyphens), then read by
the table of its script (`READINGS` below), then transliterated to ASCII with `anyascii` (a maintained,
table-driven transliterator for every Unicode script), then reduced by `CLASSES`: the sounds the romanisations in
the data write differently (kh/x/h/Russian г, gh/ğ/q/g, dzh/dj/c/j, sh/ş, ch/ç, y/ı/i) become one letter each, and
doubled letters one. Two spellings of one name then share a key: Cəbrayıl, Jebrail and Джебраил all give
"jebrail"; Böyük Tağlar and Boyuk Taglar give "boiuk tahlar". The key is for comparing only, never shown.

A Latin name of unknown language is read both as English-style romanisation and as Azerbaijani Latin (where
c is j, x is kh, q is g); a query keeps every reading and scores with the best.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

APOSTROPHES = re.compile(r"['`’‘ʼʻʹʾʿ՚՛՜՝՞]")
# The per-script tables, applied (in order) to the folded, lower-case name before anyascii. Only what anyascii
# reads differently from the romanisations the data holds is listed.
READINGS: dict[str, list[tuple[str, str]]] = {
    # Armenian: ու is one vowel (u), և is "ev"; a name takes the genitive -ի before շրջան (district) and մարզ
    # (province): Հադրութի շրջան is Hadrut's district. anyascii writes the rest as the data's sources do.
    "armenian": [("ու", "u"), ("և", "ev"), ("ի շրջան", " շրջան"), ("ի մարզ", " մարզ")],
    # Cyrillic (Russian and Azerbaijani Cyrillic): дж is j; Azerbaijani ј is y and ҹ is j; soft and hard signs
    # carry no sound of their own.
    "cyrillic": [("дж", "j"), ("ј", "y"), ("ҹ", "j"), ("ь", ""), ("ъ", "")],
    # Azerbaijani Latin: c is j, ç ch, ş sh, x kh, ğ gh, ı i, ə e, q g (Cəbrayıl = Jabrayil, Xocavənd = Khojavend).
    "azerbaijani": [("c", "j"), ("ç", "ch"), ("ş", "sh"), ("x", "kh"), ("ğ", "gh"), ("ı", "i"), ("ə", "e"),
                    ("q", "g")],
    "latin": [],
}
# Applied to every ASCII transliteration, in order: one letter per sound class the romanisations disagree on.
CLASSES = [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("ch", "c"), ("tch", "c"), ("sh", "s"), ("kh", "h"),
           ("gh", "h"), ("x", "h"), ("q", "h"), ("g", "h"), ("ow", "u"), ("ou", "u"), ("y", "i"), ("w", "v")]
# Words that say what kind of place a name is rather than which place: dropped for the bare key.
# Written as English or anyascii spells them; reduced by CLASSES below like any name.
GENERIC_WORDS = ["district", "region", "rayon", "rayonu", "raion", "rajon", "rajonu", "province", "oblast",
                 "village", "town", "city", "shrjan", "marz", "selo", "kend", "kendi", "sheher", "sheheri"]
RUSSIAN_ADJECTIVE = re.compile(r"(?:(?<=i)n)?(?:skii|skaia|skoe|ski)$")  # Физулинский: fizuli-nskii


def _classes(ascii_text: str) -> str:
    for a, b in CLASSES:
        ascii_text = ascii_text.replace(a, b)
    return re.sub(r"([a-z])\1+", r"\1", " ".join(ascii_text.split()))


GENERIC = {_classes(w) for w in GENERIC_WORDS}
# The kind of place each generic word says (a class of the ontology): a name that drops "district" names a unit.
SETTLEMENT_WORDS = {"village", "town", "city", "selo", "kend", "kendi", "sheher", "sheheri"}
KIND = {_classes(w): "Settlement" if w in SETTLEMENT_WORDS else "AdministrativeUnit" for w in GENERIC_WORDS}


def kinds(text: str) -> set[str]:
    """The kinds of place the generic words of a name say (AdministrativeUnit for district, rayonu, շրջան…;
    Settlement for village, town, …), in any reading; empty when it has none."""
    return {KIND[w] for full, _ in keys(text) for w in full.split() if w in KIND}


def fold(text: str) -> str:
    """Format characters (Unicode category Cf: zero-width joiners, soft hyphens, bidi marks) dropped; case,
    Unicode form and apostrophes folded; hyphens and runs of space one space. Diacritics stay (they tell
    the script's reading); `plain` drops them too."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # zero-width and bidi format characters
    text = APOSTROPHES.sub("", unicodedata.normalize("NFC", text).casefold())
    return " ".join(re.sub(r"[-‐‑–—_.,;:/()\"«»]+", " ", text).split())


def plain(text: str) -> str:
    """The folded text without diacritics, in its own script: what 'the same spelling' means."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)
                                                 or "ARMENIAN" in unicodedata.name(c, "")))


def script(text: str) -> str:
    """armenian, cyrillic or latin: the script of the name's letters (the first that is not Latin wins)."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("ARMENIAN"):
                return "armenian"
            if name.startswith("CYRILLIC"):
                return "cyrillic"
    return "latin"


def readings(text: str, lang: str | None = None) -> tuple[str, ...]:
    """The readings a name gets: its script's; a Latin name in Azerbaijani (lang az) only the Azerbaijani one, a
    Latin name of another or unknown language both the English-style and the Azerbaijani one."""
    found = script(text)
    if found != "latin":
        return (found,)
    if lang is not None:
        return ("azerbaijani",) if lang.lower().split("-")[0] == "az" else ("latin",)
    return ("latin", "azerbaijani")


@lru_cache(maxsize=65536)
def key(text: str, reading: str) -> str:
    """The comparison key of a name read one way: ASCII, lower case, sound classes merged, words kept."""
    folded = fold(text)
    for a, b in READINGS[reading]:
        folded = folded.replace(a, b)
    return _classes(re.sub(r"[^a-z0-9 ]+", "", anyascii(folded).lower()))


def bare(key_text: str) -> str:
    """The key without generic words (district, rayonu, շրջան, район…) and the endings they govern (Armenian
    genitive -i, Russian adjective -skii): "Հադրութի շրջան", "Гадрутский район" and "Hadrut" meet."""
    words = key_text.split()
    kept = [w for w in words if w not in GENERIC]
    if not kept or len(kept) == len(words):
        return key_text
    stripped = [RUSSIAN_ADJECTIVE.sub("", w) or w for w in kept]
    return " ".join(stripped)


def keys(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(full key, bare key) for every reading of a name."""
    return list(dict.fromkeys((k, bare(k)) for k in (key(text, r) for r in readings(text, lang))))
