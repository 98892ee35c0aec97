"""Load and check the curated data files (data/*.yaml) into plain records.

Every problem found is collected — file, line, record, field, what was expected — and raised together as a
DataError, so a curator sees all of them at once and nothing is built from data that has any.
"""

from __future__ import annotations

from pathlib import Path

from hadrut_kg.curated.entities import EntityChecks
from hadrut_kg.curated.errors import DataError, DataProblem
from hadrut_kg.curated.facts import FactChecks
from hadrut_kg.curated.fields import FieldChecks
from hadrut_kg.curated.links import LinkChecks
from hadrut_kg.curated.names import NameChecks
from hadrut_kg.curated.records import (Citation, Dataset, Entity, Fact, Name, Source, Value, Where,  # noqa: F401
                                       text_slug, value_slug)
from hadrut_kg.curated.resolve import Resolver
from hadrut_kg.curated.sources import SourceChecks
from hadrut_kg.curated.values import ValueChecks
from hadrut_kg.curated.yamlfile import Located, read_yaml
from hadrut_kg.paths import DATA
from hadrut_kg.vocabulary.ontology import Ontology, load_ontology


class _Checker(FieldChecks, SourceChecks, EntityChecks, LinkChecks, NameChecks, FactChecks, ValueChecks, Resolver):
    """Collects problems while turning parsed YAML into records."""


def load_data(data_dir: Path = DATA, onto: Ontology | None = None) -> Dataset:
    """Read every data_dir/*.yaml (sources.yaml first): source registries, then records; raise DataError listing
    every problem."""
    checker = _Checker(onto or load_ontology())
    sources = data_dir / "sources.yaml"
    files = [sources, *sorted(p for p in data_dir.glob("*.yaml") if p.name != "sources.yaml")]
    contents, unreadable = [], False
    for path in files:
        display = str(path.relative_to(data_dir.parent)) if data_dir.parent in path.parents else str(path)
        if not path.exists():
            checker.problems.append(DataProblem(display, 0, "", "", "file missing"))
            unreadable = True
            continue
        content, problems = read_yaml(path, display)
        checker.problems.extend(problems)
        if content is not None:
            contents.append((content, display))
            continue
        unreadable = True
        if path == sources and not problems:
            checker.problems.append(DataProblem(display, 1, "", "sources", "the file is empty; it must list the "
                                                "sources every record cites"))
    if unreadable:  # a file that cannot be read: its problems only, not every follow-on error
        raise DataError(checker.problems)
    for content, display in contents:  # every source first, so any record may cite any source
        if isinstance(content, Located) and "sources" in content:
            checker.sources(content, display)
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
                checker.entities(rest, display)
        else:
            checker.problems.append(DataProblem(display, 1, "", "", "expected a mapping of lists"))
    for rec, display, handler in checker.extensions:
        handler(rec, display)
    checker.resolve()
    if checker.problems:
        raise DataError(checker.problems)
    return checker.data
