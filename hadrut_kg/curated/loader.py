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
from hadrut_kg.paths import DATA
from hadrut_kg.vocabulary.ontology import Ontology, load_ontology

__all__ = ["Citation", "Dataset", "Fact", "Name", "Value", "load_data", "text_slug"]


def load_data(data_dir: Path = DATA, onto: Ontology | None = None) -> Dataset:
    """Read every data_dir/*.yaml (sources.yaml first): source registries, then records; raise DataError listing
    every problem."""
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
        raise DataError(checker.problems)
    for content, display in contents:  # every source first, so any record may cite any source
        if isinstance(content, Located) and "sources" in content:
            read_sources(checker, content, display)
    if not checker.data.sources:  # nothing could cite anything: report the root cause once
        checker.problems.append(DataProblem(str(files[0].relative_to(data_dir.parent)) if data_dir.parent in
                                            files[0].parents else str(files[0]), 1, "", "sources",
                                            "no usable source; every record cites one"))
        raise DataError(checker.problems)
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
    if checker.problems:
        raise DataError(checker.problems)
    return checker.data
