"""The methodology models: the seeds' nouns as types.

Each module here models one methodology and exposes `METHOD`, a `Methodology`: its name, how to
detect it from the repository layout, and how to build its model. A model hands out *units* —
the things rules check: its own (a `PhaseDoc`, a `Spec` …) and the generic ones every
methodology shares (`PlanningDoc` for the calendar and clarification rules, `StructuredData` for
JSON syntax). A unit names the files it is made of (`paths`), so a run on a few files only builds
and checks the units those files belong to.

Adding a methodology means adding a module here (and its rules module); nothing else changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from phaselint.config import Config
    from phaselint.document import Document
    from phaselint.project import Project
    from phaselint.snapshot import Snapshot

#: Methodology modules, in detection order.
METHOD_MODULES = ("phases", "specs", "para", "stages", "czarina", "consolidation")


class Model(Protocol):
    """What a methodology model offers the engine."""

    def units(self, kind: type) -> Iterable[Any]:
        """The units of type `kind` this model holds that touch the run's target files."""
        ...

    def describe(self) -> list[str]:
        """Lines for `--verbose`: the documents found and how each was classified."""
        ...


class Methodology(NamedTuple):
    """A methodology phaselint knows: detected from the layout, modelled on demand. `related`
    names, for a change, the files whose units a change to some files affects (the roadmap of a
    phase document, the context of a plan), so that the change's consequences there are seen."""

    name: str
    title: str
    detect: Callable[[Project], str | None]
    build: Callable[[Project], Model]
    related: Callable[[Config, Snapshot, frozenset[str]], set[str]] | None = None


def all_methods() -> tuple[Methodology, ...]:
    """Every methodology, in detection order."""
    return tuple(
        importlib.import_module(f"phaselint.methods.{name}").METHOD for name in METHOD_MODULES
    )


@dataclass(frozen=True)
class FolderUnit:
    """A unit that is a folder of files (a spec folder, a czarina phase archive)."""

    folder: str
    files: tuple[str, ...]
    project: Project

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self.files)

    @property
    def name(self) -> str:
        return self.folder.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class PlanningDoc:
    """A planning document of any methodology, as the calendar and clarification rules see it.

    `past_gate` says where the document stands against the clarification gate: True when
    clarification markers must be gone (CLR001), False when they may remain (CLR002), None when
    the gate does not apply. `gate` says why, for messages. `time_budgets` is True for documents
    whose method sizes work in hours by design (stage logs), which CAL002 leaves alone.
    """

    path: str
    methodology: str
    kind: str
    document: Document
    past_gate: bool | None = None
    gate: str = ""
    time_budgets: bool = False

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))


class JsonSyntaxError(NamedTuple):
    """Where a JSON text stops being JSON, in the coordinates of the file that holds it."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class StructuredData:
    """A JSON text phaselint reads: a whole file, or a fenced block inside markdown."""

    path: str
    methodology: str
    description: str
    value: object
    error: JsonSyntaxError | None

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))


def parse_json(
    text: str, path: str, methodology: str, description: str, *, line: int = 1, indent: int = 0
) -> StructuredData:
    """Parse JSON whose first line is line `line` of `path`, every line indented by `indent`
    columns there (a fenced block inside a list item); a syntax error keeps its position."""
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        position, message = _explain_json_error(text, error)
        line_in_text = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        bad_line = text.split("\n")[line_in_text - 1] if text else ""
        if "//" in bad_line or "/*" in bad_line or bad_line.lstrip().startswith("#"):
            message += " (JSON does not allow comments)"
        spot = JsonSyntaxError(line + line_in_text - 1, column + indent, message)
        return StructuredData(path, methodology, description, None, spot)
    except RecursionError:
        spot = JsonSyntaxError(line, 1 + indent, "nesting is too deep to read")
        return StructuredData(path, methodology, description, None, spot)
    return StructuredData(path, methodology, description, value, None)


def _explain_json_error(text: str, error: Any) -> tuple[int, str]:
    """The position and wording of a JSON syntax error, the same on every Python version: a
    trailing comma is reported at the comma (as Python 3.13 does), not at the bracket after it."""
    position: int = error.pos
    if error.msg.startswith("Illegal trailing comma"):
        return position, error.msg
    before = position - 1
    while before >= 0 and text[before] in " \t\r\n":
        before -= 1
    if before >= 0 and text[before] == "," and position < len(text) and text[position] in "}]":
        kind = "object" if text[position] == "}" else "array"
        return before, f"Illegal trailing comma before end of {kind}"
    return position, error.msg
