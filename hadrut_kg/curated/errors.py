"""Errors in the curated data: each names the file, the line, the record and the field, and says what was expected."""

from __future__ import annotations

from dataclasses import dataclass

from hadrut_kg.errors import InputError


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


class DataError(InputError):
    """One or more problems in data/; nothing was written."""

    def __init__(self, problems: list[DataProblem], folder: object = None):
        self.problems = problems
        self.folder = folder
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        """Every problem on its own line (file:line, record, field)."""
        return ([f"error: {self.folder or 'the curated data'} has {len(self.problems)} problem(s); nothing was "
                 "written:"] + [f"  {p}" for p in self.problems])


class BuildError(InputError):
    """The build stopped (SHACL violations, failed checks); the previous output is untouched."""

    def __init__(self, message: str, out: object = None):
        self.out = out
        super().__init__(message)

    def lines(self) -> list[str]:
        return super().lines() + ([f"nothing was written to {self.out}"] if self.out else [])
