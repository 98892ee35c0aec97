"""The names of an entity: text, a BCP 47 language tag, a kind from the ontology's NameKind scheme, the time it
was in use (dates or events) and the name it is a variant of. The same name from two sources becomes one name
citing both; two spellings that would share one IRI are refused.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from hadrut_kg.vocabulary.langtags import is_valid as tag_is_valid

from hadrut_kg.curated.fields import Checks
from hadrut_kg.curated.records import Entity, Name, Where
from hadrut_kg.curated.yamlfile import Located

LANG_FORM = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$")


def read_name(ck: Checks, raw: object, entity: Entity, display: str) -> None:
    """One name of an entity; references to events and to the name it varies are resolved later."""
    w = Where(display, getattr(raw, "line", entity.where.line), entity.id)
    if not isinstance(raw, Located):
        ck.problem(w, "names", f"expected a mapping with text, lang and kind, got {raw!r}")
        return
    if not ck.fields(raw, w, {"text", "lang", "kind"}, {"start", "end", "cite", "note", "start_event",
                                                        "end_event", "variant_of"}):
        return
    text = ck.string(raw, "text", w)
    lang = raw["lang"]
    if not isinstance(lang, str) or not LANG_FORM.match(lang) or not tag_is_valid(lang):
        ck.problem(w, "lang", f"{lang!r} is not a valid BCP 47 language tag (e.g. en, hy, az, ru, az-Cyrl)",
                   raw.line_of("lang"))
        return
    kind = ck.concept(ck.onto.classes["NameKind"], raw["kind"], w, "kind", raw.line_of("kind"))
    start, end = ck.date(raw, "start", w), ck.date(raw, "end", w)
    ck.ordered(start, end, w, raw.line_of("end"))
    note = ck.string(raw, "note", w)
    if text is None or kind is None:
        return
    events = {}
    for key in ("start_event", "end_event"):
        if key in raw:
            ref = raw[key]
            if not isinstance(ref, str):
                ck.problem(w, key, f"expected the id of an event, got {ref!r}", raw.line_of(key))
                continue
            ck.pending_refs.append((Where(w.file, raw.line_of(key), w.record), key, "event", ref, None))
            events[key] = ref
    variant = raw.get("variant_of")
    if variant is not None:
        if not isinstance(variant, str):
            ck.problem(w, "variant_of", f"expected the text of another name, got {variant!r}",
                       raw.line_of("variant_of"))
            variant = None
        else:
            ck.pending_refs.append((Where(w.file, raw.line_of("variant_of"), w.record), "variant_of",
                                    "name", f"{entity.id} {lang} {variant}", None))
    name = Name(entity.id, text, lang, kind, start, end, note, ck.cites(raw, w, entity.cites), w,
                events.get("start_event"), events.get("end_event"), variant)
    key = f"{entity.id} {lang} {text}"
    clash = next((n for n in entity.names if n.slug == name.slug), None)
    if clash:
        if clash.text != text:  # e.g. 'Nor Town' / 'Nor-Town', or a ZWJ / ZWNJ: one IRI, two spellings
            ck.problem(w, "text", f"name {text!r}@{lang} and {clash.text!r}@{lang} (at {clash.where.file}:"
                       f"{clash.where.line}) differ only in spaces, punctuation or invisible characters and "
                       "would get the same IRI; keep one spelling", raw.line_of("text"))
        elif (clash.kind, clash.start, clash.end) != (kind, start, end):
            ck.problem(w, "text", f"name '{text}'@{lang} is already listed at {clash.where.file}:"
                       f"{clash.where.line} with another kind or time; make them agree or tell them apart",
                       raw.line_of("text"))
        else:  # the same name from another source: one name node citing both
            clash.cites = [*clash.cites, *(c for c in name.cites if c not in clash.cites)]
        return
    entity.names.append(name)
    ck.data.names[key] = name


def spelling_key(text: str) -> str:
    """A name reduced to compare spellings across scripts: ASCII (anyascii), lower case, Armenian 'ow' read as 'u'
    and 'w' as 'v', letters and digits only, doubled letters single (Հարթաշեն, Hart’ashen and Hartashen meet)."""
    t = anyascii(unicodedata.normalize("NFC", text)).lower().replace("ow", "u").replace("w", "v")
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z0-9]", "", t))
