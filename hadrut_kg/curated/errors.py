"""Errors in the curated data: each names the file, the line, the record and the field, and says what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataProblem:
    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        record = f" record '{self.record}'" if self.record else ""
        field = f" field '{self.field}'" if self.field else ""
        return f"{where}:{record}{field}: {self.message}" if record or field else f"{where}: {self.message}"


class DataError(Exception):
    """One or more problems in data/; nothing was written."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """The build stopped (SHACL violations, failed checks); the previous output is untouched."""
