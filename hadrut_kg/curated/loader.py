"""Load and check the curated data files (data/*.yaml) into plain records.

Every problem found is collected — file, line, record, field, what was expected — and raised together as a
DataError, so a curator sees all of them at once and nothing is built from data that has any.

The order of a run, and the module doing each part: read each file with line numbers (yamlfile); the source
registries first (sources), so any record may cite any source; then the places, agents and events (entities), with
their names (names) and facts (facts, values); then the records that extend or link a record defined elsewhere
(entities, links); last, the references between records (resolve). Every part reports into one `Checks` (fields),
which also holds the field checks they share. The records are the dataclasses of `records`.
"""

from __future__ import annotations

from pathlib import Path

from hadrut_kg.curated.entities import read_records
from hadrut_kg.curated.errors import DataError, DataProblem
from hadrut_kg.curated.fields import Checks
# Public names other modules import from here: the records and the name slug.
from hadrut_kg.curated.records import Citation, Dataset, Fact, Name, Value, text_slug
from hadrut_kg.curated.resolve import resolve
from hadrut_kg.curated.sources import read_sources
from hadrut_kg.curated.yamlfile import Located, read_yaml
from hadrut_kg.vocabulary.text import hidden_character, visible
from hadrut_kg.errors import InputError
from hadrut_kg.paths import DATA
from hadrut_kg.vocabulary.ontology import Ontology, load_ontology

__all__ = ["Citation", "Dataset", "Fact", "Name", "Value", "load_data", "text_slug"]


def load_data(data_dir: Path = DATA, onto: Ontology | None = None) -> Dataset:
    """Read every data_dir/*.yaml (sources.yaml first): source registries, then records; raise DataError listing
    every problem."""
    if not data_dir.is_dir():
        raise InputError(f"the data folder {data_dir} does not exist" if not data_dir.exists() else
                         f"the data folder {data_dir} is not a folder")
    checker = Checks(onto or load_ontology())
    sources = data_dir / "sources.yaml"
    files = [sources, *sorted(p for p in data_dir.glob("*.yaml") if p.name != "sources.yaml")]
    contents, unreadable = [], False
    for path in files:
        display = str(path.relative_to(data_dir.parent)) if data_dir.parent in path.parents else str(path)
        if not path.exists():
            checker.problems.append(DataProblem(display, 0, "", "", "file missing"))
            unreadable = True
            continue
        content, problems = read_yaml(path, display, inside=data_dir)
        checker.problems.extend(problems)
        if isinstance(content, (dict, list)) and not content:  # `{}` or `[]`: as empty as an empty file
            content = None
        if content is not None:
            contents.append((content, display))
            continue
        unreadable = True
        if path == sources and not problems:
            checker.problems.append(DataProblem(display, 1, "", "sources", "the file is empty; it must list the "
                                                "sources every record cites"))
        elif not problems:  # every failure names its reason: never "0 problem(s)"
            checker.problems.append(DataProblem(display, 1, "", "", "the file is empty (nothing but comments, "
                                                "blank lines or a byte-order mark); give it records or remove it"))
    if unreadable:  # a file that cannot be read: its problems only, not every follow-on error
        raise DataError(checker.problems, data_dir)
    for content, display in contents:  # every source first, so any record may cite any source
        if isinstance(content, Located) and "sources" in content:
            read_sources(checker, content, display)
    if not checker.data.sources:  # nothing could cite anything: report the root cause once
        checker.problems.append(DataProblem(str(files[0].relative_to(data_dir.parent)) if data_dir.parent in
                                            files[0].parents else str(files[0]), 1, "", "sources",
                                            "no usable source; every record cites one"))
        raise DataError(checker.problems, data_dir)
    for content, display in contents:
        if isinstance(content, Located):
            rest = Located({k: v for k, v in content.items() if k != "sources"})
            rest.line, rest.key_lines = content.line, content.key_lines
            if rest:
                read_records(checker, rest, display)
        else:
            checker.problems.append(DataProblem(display, 1, "", "", "expected a mapping of lists"))
    for rec, display, handler in checker.extensions:
        handler(checker, rec, display)
    resolve(checker)
    for content, display in contents:  # every text of every file, whether a field check looked at it or not
        checker.problems.extend(hidden_texts(content, display))
    if checker.problems:
        raise DataError(_once(checker.problems), data_dir)
    return checker.data


def hidden_texts(node, display: str, record: str = "", key: str = "", line: int = 1) -> list[DataProblem]:
    """A problem for each text (key or value, at any depth) holding a control, bidi, private-use or invisible
    character (vocabulary/text.py; the joiners U+200C and U+200D allowed) — the one check every text field of the
    curated data gets, with the same message as a field check's."""
    found = []
    if isinstance(node, str):
        bad = hidden_character(node)
        if bad:
            found.append(DataProblem(display, line, record, str(key)[:80],
                                     f"holds the control, bidi or invisible character {bad}: "
                                     f"{visible(node)[:80]!r}; remove it"))
    elif isinstance(node, dict):
        here = getattr(node, "line", line) or line
        if isinstance(node.get("id"), str) and not hidden_character(node["id"]):
            record = node["id"]
        for k, v in node.items():
            at = node.line_of(k) if isinstance(node, Located) else here
            found += hidden_texts(k, display, record, k, at) if isinstance(k, str) else []
            found += hidden_texts(v, display, record, k, at)
    elif isinstance(node, list):
        for item in node:
            found += hidden_texts(item, display, record, key, getattr(item, "line", line) or line)
    return found


def _once(problems: list[DataProblem]) -> list[DataProblem]:
    """The problems, each (file, line, field, message) once: a text a field check refused is found again above."""
    seen, kept = set(), []
    for p in problems:
        if (p.file, p.line, p.field, p.message) not in seen:
            seen.add((p.file, p.line, p.field, p.message))
            kept.append(p)
    return kept
