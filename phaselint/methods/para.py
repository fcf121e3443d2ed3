"""PARA phased plans (seed 001): a master plan executed phase by phase, tracked in the JSON block
of `context/context.md`.

Layout: `context/context.md` (a markdown summary, then one fenced ```json block), plans
`context/plans/YYYY-MM-DD-slug.md` (master) and `…-slug-phase-N.md`, summaries
`context/summaries/YYYY-MM-DD-slug-phase-N-summary.md`, archives
`context/archives/YYYY-MM-DD[-HHMM]-context.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from phaselint.config import Options
from phaselint.methods import Methodology, PlanningDoc, StructuredData, parse_json

if TYPE_CHECKING:
    from phaselint.document import CodeBlock, Document
    from phaselint.project import Project

JSON_LANGUAGES = frozenset({"json", "jsonc", "json5"})
_PHASE_PLAN = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)-phase-(?P<phase>\d+)\.md$")


@dataclass(frozen=True)
class ParaOptions(Options):
    """`[tool.phaselint.para]`."""

    section: ClassVar[str] = "para"

    context_file: str = "context/context.md"
    plans_dir: str = "context/plans"
    summaries_dir: str = "context/summaries"
    archives_dir: str = "context/archives"


@dataclass(frozen=True)
class Context:
    """A context file (the live one or an archived one) and its JSON block(s)."""

    path: str
    document: Document
    archived: bool

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @cached_property
    def json_blocks(self) -> tuple[CodeBlock, ...]:
        return tuple(
            b for b in self.document.code_blocks if b.fenced and b.language in JSON_LANGUAGES
        )

    @cached_property
    def blocks(self) -> tuple[StructuredData, ...]:
        """Every JSON block, parsed, with positions in the markdown file."""
        parsed = []
        for block in self.json_blocks:
            fence_line = self.document.line(block.line)
            indent = len(fence_line) - len(fence_line.lstrip())
            parsed.append(
                parse_json(
                    block.content,
                    self.path,
                    METHOD.name,
                    "the context JSON block",
                    line=block.content_line,
                    indent=indent,
                )
            )
        return tuple(parsed)

    @property
    def data(self) -> Mapping[str, Any] | None:
        """The block's object when there is exactly one block and it parses to an object."""
        if len(self.blocks) != 1 or not isinstance(self.blocks[0].value, Mapping):
            return None
        return self.blocks[0].value

    def phase_statuses(self) -> dict[str, str]:
        """Plan path → status, from `phased_execution.phases`."""
        data = self.data
        execution = data.get("phased_execution") if data else None
        phases = execution.get("phases") if isinstance(execution, Mapping) else None
        statuses: dict[str, str] = {}
        if isinstance(phases, list):
            for phase in phases:
                if isinstance(phase, Mapping) and isinstance(phase.get("plan"), str):
                    statuses[phase["plan"].strip().lstrip("./")] = str(phase.get("status", ""))
        return statuses

    def master_plan(self) -> str | None:
        data = self.data
        execution = data.get("phased_execution") if data else None
        plan = execution.get("master_plan") if isinstance(execution, Mapping) else None
        return plan.strip().lstrip("./") if isinstance(plan, str) else None


class ParaModel:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(ParaOptions)
        self.plan_paths = [
            p for p in project.files_under(self.options.plans_dir) if p.lower().endswith(".md")
        ]
        self.archive_paths = [
            p for p in project.files_under(self.options.archives_dir) if p.lower().endswith(".md")
        ]

    @cached_property
    def context(self) -> Context | None:
        """The live context (read whenever plans are linted: it holds their phases' status)."""
        path = self.options.context_file
        if not self.project.has_file(path):
            return None
        document = self.project.markdown(path)
        return Context(path, document, archived=False) if document is not None else None

    @cached_property
    def targeted_contexts(self) -> list[Context]:
        contexts = []
        if self.context is not None and self.project.is_target(self.context.path):
            contexts.append(self.context)
        for path in self.archive_paths:
            if self.project.is_target(path):
                document = self.project.markdown(path)
                if document is not None:
                    contexts.append(Context(path, document, archived=True))
        return contexts

    def units(self, kind: type) -> Iterable[Any]:
        if kind is Context:
            return self.targeted_contexts
        if kind is StructuredData:
            return [block for context in self.targeted_contexts for block in context.blocks]
        if kind is PlanningDoc:
            return list(self._plans())
        return ()

    def _plans(self) -> Iterable[PlanningDoc]:
        statuses = self.context.phase_statuses() if self.context else {}
        master = self.context.master_plan() if self.context else None
        for path in self.plan_paths:
            if not self.project.is_target(path):
                continue
            document = self.project.markdown(path)
            if document is None:
                continue
            name = path.rsplit("/", 1)[-1]
            if _PHASE_PLAN.match(name):
                status = statuses.get(path, "")
                past = status in ("in_progress", "completed")
                gate = f"its phase is {status}" if status else "its phase has not started"
                yield PlanningDoc(path, METHOD.name, "phase plan", document, past, gate)
            else:
                started = [s for s in statuses.values() if s in ("in_progress", "completed")]
                past = path == master and bool(started)
                gate = "its phased execution has started" if past else "no phase has started"
                yield PlanningDoc(path, METHOD.name, "master plan", document, past, gate)

    def describe(self) -> list[str]:
        return [
            f"context file {self.options.context_file}: "
            + ("present" if self.context else "absent"),
            f"{len(self.plan_paths)} plan(s) in {self.options.plans_dir}/, "
            f"{len(self.archive_paths)} archived context(s) in {self.options.archives_dir}/",
        ]


def _detect(project: Project) -> str | None:
    options = project.config.options(ParaOptions)
    if project.has_file(options.context_file):
        return f"{options.context_file} exists"
    if project.has_folder(options.plans_dir):
        return f"{options.plans_dir}/ exists"
    return None


METHOD = Methodology(
    name="para",
    title="PARA phased plans and context.md (seed 001)",
    detect=_detect,
    build=ParaModel,
)
