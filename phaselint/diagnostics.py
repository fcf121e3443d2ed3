"""The one diagnostic type every rule produces and every reporter formats, and the `Report` of a
run that holds them (here, not in the engine, so that a run that lints nothing imports no
engine)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    """How much a diagnostic matters: errors fail the run, warnings only under `--strict`."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Edit(NamedTuple):
    """Replace the text from (line, column) up to, not including, (end_line, end_column)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class Safety(str, Enum):
    """Whether a fix keeps what the document means (`safe`: applied by `--fix`) or may change
    it (`unsafe`: applied only with `--unsafe-fixes` too). A rule's explain page says which."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


class Fix(NamedTuple):
    """A mechanical correction, applied only when the user asks (`phaselint check --fix`; an
    unsafe one with `--unsafe-fixes` too). Its edits are applied together or not at all."""

    description: str
    edits: tuple[Edit, ...]
    safety: Safety = Safety.SAFE

    def applies(self, unsafe: bool) -> bool:
        """Whether `--fix` applies it (with `--unsafe-fixes` when `unsafe`)."""
        return unsafe or self.safety is Safety.SAFE


class Diagnostic(NamedTuple):
    """One finding: where (1-based line and column, end exclusive), which rule, what to do."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


@dataclass(frozen=True)
class Report:
    """The outcome of one run."""

    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    internal_errors: tuple[str, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)
