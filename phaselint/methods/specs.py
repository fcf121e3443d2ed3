"""Spec folders (seed 003, GitHub spec-kit): one folder per feature, moving through stages.

Layout: `specs/<folder>/` with `spec.md`, `clarify.md`, `plan.md`, `research.md`,
`data-model.md`, `contracts/`, `quickstart.md`, `tasks.md`, `checklists/*.md`, and a `.status`
file whose first line is the stage: 0 draft, 1 clarified, 2 planned, 3 tasked,
4 checklist-validated, 5 implementing, 6 testing, 7 review, 8 merged, 9 released, 10 closed.

A paused spec keeps its stage: `.status` holds the stage on its first line and `paused` (or
`paused: reason`) on a later line.

Without `.status` the stage is inferred from the artifacts, as the catalog says: tasks.md with
checked tasks → implementing; tasks.md → tasked; plan.md → planned; clarifications recorded
(clarify.md, or a `## Clarifications` section in spec.md) → clarified; else draft.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from phaselint.config import Options
from phaselint.methods import FolderUnit, Methodology, PlanningDoc

if TYPE_CHECKING:
    from phaselint.document import Document
    from phaselint.project import Project

STAGES = (
    "draft",
    "clarified",
    "planned",
    "tasked",
    "checklist-validated",
    "implementing",
    "testing",
    "review",
    "merged",
    "released",
    "closed",
)
ARTIFACTS = frozenset(
    {
        "spec.md",
        "clarify.md",
        "plan.md",
        "research.md",
        "data-model.md",
        "quickstart.md",
        "tasks.md",
    }
)
CLARIFICATIONS = frozenset({"clarifications", "clarification", "clarification log"})
_PAUSED = re.compile(r"^\s*paused\b\s*:?\s*(?P<reason>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class SpecOptions(Options):
    """`[tool.phaselint.specs]`."""

    section: ClassVar[str] = "specs"

    specs_dir: str = "specs"
    status_file: str = ".status"
    stages: tuple[str, ...] = STAGES

    def stage_index(self, name: str) -> int | None:
        try:
            return self.stages.index(name)
        except ValueError:
            return None

    def normalize_stage(self, text: str) -> str | None:
        """The stage a `.status` line names, ignoring case, spaces and underscores; None when it
        names no stage unambiguously."""
        wanted = re.sub(r"[\s_]+", "-", text.strip().casefold()).strip("-")
        wanted = re.sub(r"^(?:stage\s*-?)?\d+\s*[-:.]\s*-?", "", wanted)
        for stage in self.stages:
            if wanted == stage.casefold():
                return stage
        return None


@dataclass(frozen=True)
class StatusFile:
    """A spec's `.status` file as read: its raw text and what its lines say."""

    path: str
    text: str
    stage: str | None
    paused: bool
    pause_reason: str

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


@dataclass(frozen=True)
class Stage:
    """A spec's stage and where it comes from (`declared` in `.status`, or inferred)."""

    name: str
    index: int
    declared: bool
    reason: str


def parse_status(path: str, text: str, options: SpecOptions) -> StatusFile:
    lines = text.split("\n")
    stage = options.normalize_stage(lines[0]) if lines else None
    paused, reason = False, ""
    for line in lines[1:]:
        match = _PAUSED.match(line)
        if match:
            paused, reason = True, match.group("reason").strip()
    return StatusFile(path, text, stage, paused, reason)


@dataclass(frozen=True)
class Spec(FolderUnit):
    """One spec folder."""

    options: SpecOptions = field(default_factory=SpecOptions)

    def artifact(self, relative: str) -> str | None:
        """The repository path of an artifact, if the folder holds it."""
        path = f"{self.folder}/{relative}"
        return path if path in self.files else None

    def document(self, relative: str) -> Document | None:
        path = self.artifact(relative)
        return self.project.markdown(path) if path else None

    @property
    def markdown_files(self) -> list[str]:
        return [path for path in self.files if path.lower().endswith(".md")]

    @cached_property
    def status(self) -> StatusFile | None:
        path = self.artifact(self.options.status_file)
        if path is None:
            return None
        text = self.project.text(path)
        if text is None:
            return None
        return parse_status(path, text, self.options)

    @cached_property
    def stage(self) -> Stage:
        status = self.status
        if status is not None and status.stage is not None:
            index = self.options.stage_index(status.stage) or 0
            return Stage(status.stage, index, True, f"declared in {self.options.status_file}")
        name, reason = self._inferred()
        inferred = self.options.stage_index(name)
        return Stage(name, inferred if inferred is not None else 0, False, reason)

    def _inferred(self) -> tuple[str, str]:
        tasks = self.document("tasks.md")
        if tasks is not None and any(item.checked for item in tasks.checklist):
            return "implementing", "inferred: tasks.md has checked tasks"
        if self.artifact("tasks.md"):
            return "tasked", "inferred: tasks.md exists"
        if self.artifact("plan.md"):
            return "planned", "inferred: plan.md exists"
        if self.artifact("clarify.md"):
            return "clarified", "inferred: clarify.md exists"
        spec = self.document("spec.md")
        if spec is not None and spec.find_section(CLARIFICATIONS):
            return "clarified", "inferred: spec.md records clarifications"
        return "draft", "inferred: no artifact past spec.md"

    @property
    def past_clarification_gate(self) -> tuple[bool, str]:
        """Whether clarification markers must be gone, and why (for messages).

        Declared: at stage `clarified` or later. Without `.status`: once plan.md or tasks.md exists
        (a `/clarify` session may end with markers left, so recorded clarifications alone do not
        close the gate).
        """
        stage = self.stage
        if stage.declared:
            clarified = self.options.stage_index("clarified")
            past = clarified is not None and stage.index >= clarified
            return past, f"spec {self.name} is at stage `{stage.name}` ({stage.reason})"
        for artifact in ("tasks.md", "plan.md"):
            if self.artifact(artifact):
                return True, f"spec {self.name} already has {artifact}"
        return False, f"spec {self.name} is at stage `{stage.name}` ({stage.reason})"


class SpecsModel:
    """The spec folders of a repository."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(SpecOptions)
        self.folders = project.folders_under(self.options.specs_dir)

    @cached_property
    def targeted(self) -> list[Spec]:
        specs = []
        for folder, files in self.folders.items():
            if self.project.touches(files):
                specs.append(Spec(folder, tuple(files), self.project, self.options))
        return specs

    def units(self, kind: type) -> Iterable[Any]:
        if kind is Spec:
            return self.targeted
        if kind is PlanningDoc:
            return list(self._planning_docs())
        return ()

    def _planning_docs(self) -> Iterable[PlanningDoc]:
        for spec in self.targeted:
            past, gate = spec.past_clarification_gate
            for path in spec.markdown_files:
                if not self.project.is_target(path):
                    continue
                document = self.project.markdown(path)
                if document is not None:
                    yield PlanningDoc(path, METHOD.name, "spec artifact", document, past, gate)

    def describe(self) -> list[str]:
        lines = [f"{len(self.folders)} spec folder(s) in {self.options.specs_dir}/"]
        for spec in self.targeted:
            stage = spec.stage
            paused = " (paused)" if spec.status is not None and spec.status.paused else ""
            lines.append(f"  {spec.folder}: stage {stage.name}{paused}, {stage.reason}")
        return lines


def _detect(project: Project) -> str | None:
    options = project.config.options(SpecOptions)
    folders = project.folders_under(options.specs_dir)
    specs = [
        folder
        for folder, files in folders.items()
        if any(
            posixpath.basename(f) in ARTIFACTS or f.endswith("/" + options.status_file)
            for f in files
        )
    ]
    if specs:
        return f"{options.specs_dir}/ holds {len(specs)} spec folder(s) with spec artifacts"
    return None


METHOD = Methodology(
    name="specs",
    title="spec lifecycle, release train and spec-kit (seed 003)",
    detect=_detect,
    build=SpecsModel,
)
