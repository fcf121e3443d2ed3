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
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    import json

    from phaselint.clarification import ClarificationOptions, Marker
    from phaselint.config import Config
    from phaselint.document import Document
    from phaselint.jsonpos import JsonPath, Location
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

    def artifact(self, relative: str) -> str | None:
        """The repository path of a file of the folder (`spec.md`), if the folder holds it."""
        path = f"{self.folder}/{relative}"
        return path if path in self.files else None

    def first_of(self, *relative: str) -> str:
        """The first of these files the folder holds, else its first file: where folder-level
        diagnostics point (a diagnostic always names a file the folder holds)."""
        return next((p for r in relative if (p := self.artifact(r))), self.files[0])


@dataclass(frozen=True)
class PlanningDoc:
    """A planning document of any methodology, as the calendar and clarification rules see it.

    `past_gate` says where the document stands against the clarification gate: True when
    clarification markers must be gone (CLR001), False when they may remain (CLR002), None when
    the gate does not apply. `gate` says why, for messages. `time_budgets` is True for documents
    whose method sizes work in hours by design (stage logs), which CAL002 leaves alone.

    `source` is the document, or what reads it on first use (`document`): listing a model's
    planning documents parses none of them, so a run split over two processes
    (`phaselint.parallel`) parses each document in the one that checks it. The gate, likewise,
    may be given as what decides it (`gate_source`).
    """

    path: str
    methodology: str
    kind: str
    source: Document | Callable[[], Document]
    gate_source: tuple[bool | None, str] | Callable[[], tuple[bool | None, str]] = (None, "")
    time_budgets: bool = False
    #: Lines that are a template's example text: another rule's to report (SP018), not CLR's;
    #: or what finds them in the document.
    examples: frozenset[int] | Callable[[Document], frozenset[int]] = frozenset()

    @cached_property
    def document(self) -> Document:
        source = self.source
        return source() if callable(source) else source

    @cached_property
    def _gate(self) -> tuple[bool | None, str]:
        source = self.gate_source
        return source() if callable(source) else source

    @property
    def past_gate(self) -> bool | None:
        return self._gate[0]

    @property
    def gate(self) -> str:
        return self._gate[1]

    @cached_property
    def template(self) -> frozenset[int]:
        examples = self.examples
        return examples(self.document) if callable(examples) else examples

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    def open_markers(self, options: ClarificationOptions) -> list[Marker]:
        """The document's unresolved clarification markers, as the CLR rules count them: talk
        about markers, code and the template's example lines (SP018's) left out."""
        from phaselint.clarification import find_markers

        return [m for m in find_markers(self.document, options) if m.line not in self.template]


class JsonSyntaxError(NamedTuple):
    """Where a JSON text stops being JSON, in the coordinates of the file that holds it."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class StructuredData:
    """A JSON text phaselint reads: a whole file, or a fenced block inside markdown whose first
    line is line `line` of the file, every line indented by `indent` columns there."""

    path: str
    methodology: str
    description: str
    value: object
    error: JsonSyntaxError | None
    text: str = ""
    line: int = 1
    indent: int = 0

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @cached_property
    def locations(self) -> dict[JsonPath, Location]:
        """Where each value of valid JSON is, in the text (nothing when it did not parse)."""
        from phaselint.jsonpos import locate

        return locate(self.text) if self.error is None else {}

    def position(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Where a key (`key=True`) or value is in the file; the nearest located ancestor when
        the path itself is not there, the first line when nothing is."""
        from phaselint.jsonpos import nearest

        found = nearest(self.locations, path)
        if found is None:
            return self.line, 1
        probe, location = found
        line, column = (
            (location.key_line, location.key_column)
            if key and probe == path
            else (location.line, location.column)
        )
        return self.line + line - 1, column + self.indent


def parse_json(
    text: str, path: str, methodology: str, description: str, *, line: int = 1, indent: int = 0
) -> StructuredData:
    """Parse JSON whose first line is line `line` of `path`, every line indented by `indent`
    columns there (a fenced block inside a list item); a syntax error keeps its position."""
    import json

    from phaselint.textutil import line_starts, position_of

    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        position, message = _explain_json_error(text, error)
        line_in_text, column = position_of(line_starts(text), position)
        bad_line = text.split("\n")[line_in_text - 1] if text else ""
        if "//" in bad_line or "/*" in bad_line or bad_line.lstrip().startswith("#"):
            message += " (JSON does not allow comments)"
        spot = JsonSyntaxError(line + line_in_text - 1, column + indent, message)
        return StructuredData(path, methodology, description, None, spot, text, line, indent)
    except RecursionError:
        spot = JsonSyntaxError(line, 1 + indent, "nesting is too deep to read")
        return StructuredData(path, methodology, description, None, spot, text, line, indent)
    except ValueError as error:  # an integer of thousands of digits: Python refuses to read it
        reason = str(error).split(";", 1)[0].strip() or "a value cannot be read"
        spot = JsonSyntaxError(line, 1 + indent, reason)
        return StructuredData(path, methodology, description, None, spot, text, line, indent)
    return StructuredData(path, methodology, description, value, None, text, line, indent)


def _explain_json_error(text: str, error: json.JSONDecodeError) -> tuple[int, str]:
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
