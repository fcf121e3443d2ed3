"""Parallel phases with consolidation (the consolidation method).

A phase fans out to several agents whose reports are consolidated, and checked at a validation
checkpoint, before the next phase begins. On disk, a *workflow* is a folder holding the
artifacts:

- agent reports: `analysis_report_agentN.json` (phase 1, the parallel analysis) or
  `phaseN_<kind>_report_agentK.json`, `phaseN_report_agentK.json` (a parallel phase N);
- consolidation outputs: `phaseN_consolidated_analysis.md` and `phaseN_synthesis.json`;
- agent messages: the agent reports, and JSON files under a `messages/` folder;
- validation checkpoints: `Validation Checkpoint N` (or `Final`) sections with a **Criteria**
  checklist, in any markdown file of the workflow.

*Work of a later phase exists* means: the workflow folder (or a folder below it) holds a file
whose name carries a higher phase number (`phase2_implementation.md`, `phase-3-results.json`,
`phase3_test_report_agent1.json`, `phase3_synthesis.json`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from phaselint.lazyre import lazy_compile
from phaselint.methods import FolderUnit, Methodology, StructuredData, parse_json

if TYPE_CHECKING:
    from phaselint.document import Document, ListItem, Section
    from phaselint.jsonpos import JsonPath
    from phaselint.project import Project

_AGENT_REPORT = lazy_compile(
    r"^(?:analysis_report|phase(?P<phase>\d+)_(?:\w+_)?report)_agent(?P<agent>\d+)\.json$", re.I
)
_CONSOLIDATED = lazy_compile(r"^phase(?P<phase>\d+)_consolidated_analysis\.md$", re.I)
_SYNTHESIS = lazy_compile(r"^phase(?P<phase>\d+)_synthesis\.json$", re.I)
_PHASE_NAME = lazy_compile(r"^phase[_-]?(?P<phase>\d+)[_.-]", re.I)
_CHECKPOINT = lazy_compile(r"^validation\s+checkpoint\s+(?P<which>\d+|final)\b", re.I)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def agent_report_phase(path: str) -> int | None:
    """The phase an agent report belongs to (`analysis_report_agent2.json` → 1)."""
    match = _AGENT_REPORT.match(_name(path))
    if match is None:
        return None
    return int(match.group("phase")) if match.group("phase") else 1


def file_phase(path: str) -> int | None:
    """The phase a file's name carries, if any."""
    report = agent_report_phase(path)
    if report is not None:
        return report
    match = _PHASE_NAME.match(_name(path))
    return int(match.group("phase")) if match else None


def is_artifact(path: str) -> bool:
    name = _name(path)
    lowered = name.casefold()
    if "agent" not in lowered and "phase" not in lowered:  # a cheap look before the patterns
        return False
    return bool(_AGENT_REPORT.match(name) or _CONSOLIDATED.match(name) or _SYNTHESIS.match(name))


class Checkpoint(NamedTuple):
    """A `Validation Checkpoint N` section and its criteria."""

    path: str
    section: Section
    phase: int | None  # None for the final checkpoint
    criteria: tuple[ListItem, ...]


@dataclass(frozen=True)
class Workflow(FolderUnit):
    """A folder of consolidation artifacts (and the files below it)."""

    @cached_property
    def reports(self) -> dict[int, list[str]]:
        """Agent reports by phase."""
        found: dict[int, list[str]] = {}
        for path in self.files:
            phase = agent_report_phase(path)
            if phase is not None:
                found.setdefault(phase, []).append(path)
        return found

    def output(self, pattern: re.Pattern[str], phase: int) -> str | None:
        return next(
            (
                p
                for p in self.files
                if (m := pattern.match(_name(p))) and int(m.group("phase")) == phase
            ),
            None,
        )

    def consolidated(self, phase: int) -> str | None:
        return self.output(_CONSOLIDATED, phase)

    def synthesis(self, phase: int) -> str | None:
        return self.output(_SYNTHESIS, phase)

    def later_work(self, phase: int) -> str | None:
        """A file that shows a phase after `phase` has started, if any."""
        return next((p for p in sorted(self.files) if (file_phase(p) or 0) > phase), None)

    @cached_property
    def checkpoints(self) -> tuple[Checkpoint, ...]:
        found: list[Checkpoint] = []
        for path in self.files:
            if not path.lower().endswith(".md"):
                continue
            document = self.project.markdown(path)
            if document is None or "checkpoint" not in document.text.casefold():
                continue
            found.extend(_checkpoints(path, document))
        return tuple(found)


def _checkpoints(path: str, document: Document) -> Iterable[Checkpoint]:
    for section in document.sections:
        match = _CHECKPOINT.match(section.heading.title)
        if match is None:
            continue
        which = match.group("which").casefold()
        phase = None if which == "final" else int(which)
        yield Checkpoint(path, section, phase, tuple(document.items_in(section)))


@dataclass(frozen=True)
class ConsolidationJson:
    """A synthesis or agent message JSON file, parsed, with the positions of its values."""

    path: str
    kind: str  # "synthesis" or "message"
    data: StructuredData

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    def position(self, path: JsonPath) -> tuple[int, int]:
        """Where a value is, or its nearest located ancestor."""
        return self.data.position(path)


class ConsolidationModel:
    def __init__(self, project: Project) -> None:
        self.project = project
        folders = dict.fromkeys(
            path.rsplit("/", 1)[0] if "/" in path else ""
            for path in project.files
            if is_artifact(path)
        )
        self.workflows: dict[str, list[str]] = {
            folder: project.files_under(folder) if folder else list(project.files)
            for folder in folders
        }

    @cached_property
    def targeted(self) -> list[Workflow]:
        return [
            Workflow(folder, tuple(files), self.project)
            for folder, files in self.workflows.items()
            if self.project.touches(files, folder)
        ]

    @cached_property
    def json_files(self) -> list[ConsolidationJson]:
        """The workflows' JSON files, each once (a workflow folder holds the folders below it,
        and a nested workflow's files with them)."""
        found: list[ConsolidationJson] = []
        seen: set[str] = set()
        for workflow in self.targeted:
            for path in workflow.files:
                if path in seen or not path.lower().endswith(".json"):
                    continue
                seen.add(path)
                if not self.project.is_target(path):
                    continue
                name = _name(path)
                kind = (
                    "synthesis"
                    if _SYNTHESIS.match(name)
                    else "message"
                    if _AGENT_REPORT.match(name) or "/messages/" in f"/{path}"
                    else None
                )
                if kind is None:
                    continue
                text = self.project.text(path)
                if text is None:
                    continue
                data = parse_json(text, path, METHOD.name, f"the {kind} JSON")
                found.append(ConsolidationJson(path, kind, data))
        return found

    def units(self, kind: type) -> Iterable[Any]:
        if kind is Workflow:
            return self.targeted
        if kind is ConsolidationJson:
            return self.json_files
        if kind is StructuredData:
            return [item.data for item in self.json_files]
        return ()

    def describe(self) -> list[str]:
        lines = [f"{len(self.workflows)} workflow folder(s) with consolidation artifacts"]
        for workflow in self.targeted:
            phases = ", ".join(
                f"phase {p}: {len(r)} report(s)" for p, r in sorted(workflow.reports.items())
            )
            lines.append(f"{workflow.folder or '.'}: {phases or 'no agent reports'}")
        return lines


def _detect(project: Project) -> str | None:
    found = next((p for p in project.files if is_artifact(p)), None)
    return f"{found} is a consolidation artifact" if found else None


METHOD = Methodology(
    name="consolidation",
    title="parallel phases with consolidation",
    detect=_detect,
    build=ConsolidationModel,
)
