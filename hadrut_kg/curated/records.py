"""The records the curated data becomes: sources, entities with their names, facts with typed values, and the
place (file, line, record) each came from, so every later check can point back at the YAML.

Plain dataclasses, no checking here (that is the rest of `curated`): the mapping to RDF, the chronology and the
exports read these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hadrut_kg.vocabulary.langtags import script as tag_script

from hadrut_kg.curated.dates import DateValue
from hadrut_kg.vocabulary.namespaces import date_slug


@dataclass(frozen=True)
class Citation:
    source: str
    section: str

    def __str__(self) -> str:
        return f"{self.source}/{self.section}"


@dataclass
class Where:
    file: str
    line: int
    record: str


@dataclass
class Source:
    id: str
    iri: str
    title: str
    publisher: str
    licence: str
    role: str
    file: str
    sections: dict[str, tuple[str, str | None]]  # id -> (title, note)
    where: Where
    rights: str | None = None
    copied: str | None = None  # the day the copy read was taken (YYYY-MM-DD): the source speaks up to it
    issued: str | None = None  # the day the document was published, where known (YYYY-MM-DD)


@dataclass
class Name:
    entity: str
    text: str
    lang: str
    kind: str
    start: DateValue | None
    end: DateValue | None
    note: str | None
    cites: list[Citation]
    where: Where
    start_event: str | None = None
    end_event: str | None = None
    variant_of: str | None = None  # the text of another name of the same resource and language

    @property
    def slug(self) -> str:
        return f"{self.entity}--{self.lang.lower()}--{text_slug(self.text)}"

    @property
    def script(self) -> str:
        """ISO 15924 script: the tag's own script subtag, else the language's likely script."""
        return tag_script(self.lang)


@dataclass
class Value:
    """The object of a fact: kind is one of entity, concept, date, iri, name, integer, decimal, text, coordinates
    (lat, lon, as written), xsd-date."""

    kind: str
    value: object


@dataclass
class Fact:
    id: str
    subject: str
    prop: str  # ontology local name, or "coordinates", "exactMatch", "closeMatch"
    obj: Value
    qualifiers: dict[str, Value]
    cites: list[Citation]
    where: Where


@dataclass
class Entity:
    id: str
    cls: str  # ontology class local name
    label: str
    cites: list[Citation]
    names: list[Name]
    where: Where


@dataclass
class Dataset:
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    names: dict[str, Name] = field(default_factory=dict)  # "entity lang text" -> name


_WORD = re.compile(r"\w+", re.UNICODE)


def text_slug(text: str) -> str:
    """A readable IRI segment for a name: letters and digits of any script, words joined by '-'."""
    words = _WORD.findall(text)
    return "-".join(w.replace("_", "-") for w in words)


def value_slug(value: Value) -> str:
    if value.kind == "coordinates":
        lat, lon, _ = value.value
        return text_slug(f"{lat} {lon}")
    if value.kind == "name":
        return value.value.replace(" ", "-")
    if value.kind == "date":
        return date_slug(value.value.edtf)
    text = str(value.value)
    return text_slug(text).lower()[:60] if value.kind in ("text", "iri") else text_slug(text)
