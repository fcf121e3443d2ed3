"""czarina phase archives (phase-based development, "Phase Management").

`czarina phase close` archives the phase's state to `.czarina/phases/<folder>/`, with a
PHASE_SUMMARY.md ("What was done"), config.json (the worker configuration), workers/ and logs/.
The folder is `phase-N-vX.Y.Z` (phase number and version) or, in older releases,
`phase-YYYY-MM-DD_HH-MM-SS` (the time the phase closed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from phaselint.config import Options
from phaselint.lazyre import lazy_compile
from phaselint.methods import FolderUnit, Methodology, PlanningDoc, StructuredData

if TYPE_CHECKING:
    from phaselint.project import Project

_VERSIONED = lazy_compile(
    r"^phase-(?P<phase>\d+)-v(?P<version>\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?)$"
)
_TIMESTAMPED = lazy_compile(r"^phase-(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class CzarinaOptions(Options):
    """`[tool.phaselint.czarina]`."""

    section: ClassVar[str] = "czarina"

    phases_dir: str = ".czarina/phases"
    summary_file: str = "PHASE_SUMMARY.md"


@dataclass(frozen=True)
class CzarinaArchive(FolderUnit):
    """One archived phase: its folder and the files in it."""

    options: CzarinaOptions

    @property
    def naming(self) -> str | None:
        """`versioned`, `timestamped` (a real date and time), `bad-timestamp`, or None."""
        if _VERSIONED.match(self.name):
            return "versioned"
        match = _TIMESTAMPED.match(self.name)
        if match is None:
            return None
        try:
            datetime.strptime(match.group("stamp"), "%Y-%m-%d_%H-%M-%S")
        except ValueError:
            return "bad-timestamp"
        return "timestamped"

    @property
    def summary_path(self) -> str:
        return f"{self.folder}/{self.options.summary_file}"

    @property
    def anchor(self) -> str:
        """The file folder-level diagnostics point at: config.json, else the first file."""
        return self.first_of("config.json")

    @cached_property
    def config(self) -> StructuredData | None:
        path = self.artifact("config.json")
        if path is None:
            return None
        return self.project.json_file(path, METHOD.name, "czarina worker configuration")


def _root(options: CzarinaOptions) -> str:
    """The orchestration folder (`.czarina`), the parent of the phases folder."""
    return options.phases_dir.strip("/").rsplit("/", 1)[0] if "/" in options.phases_dir else ""


def is_plan(path: str, root: str) -> bool:
    """A czarina plan the calendar rules read: a markdown file of the orchestration folder
    (`.czarina/orchestrations/…`, `.czarina/hopper/…`, a phase's PHASE_SUMMARY.md) that is no
    worker prompt or log (`workers*/`, `logs/`) and no checkout of a worker's branch
    (`worktrees/`); or a top-level orchestration or plan file (`CZARINA_ORCHESTRATION.md`,
    `plans/*.md`)."""
    if not path.lower().endswith(".md"):
        return False
    if root and path.startswith(root + "/"):
        parts = path[len(root) + 1 :].split("/")[:-1]
        return not any(part.startswith(("workers", "worktrees", "logs")) for part in parts)
    if "/" not in path:
        return "ORCHESTRATION" in path.upper()
    folder, _, name = path.partition("/")
    return folder == "plans" and "/" not in name


def is_config(path: str, root: str) -> bool:
    """A worker configuration: `config.json`, `config-phase2.json` of the orchestration folder
    or of a phase archive."""
    name = path.rsplit("/", 1)[-1]
    return (
        bool(root)
        and path.startswith(root + "/")
        and "/worktrees/" not in path
        and _CONFIG_NAME.match(name) is not None
    )


_CONFIG_NAME = lazy_compile(r"^config(?:[-_.][\w.-]*)?\.json$")


class CzarinaModel:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(CzarinaOptions)
        self.folders = project.folders_under(self.options.phases_dir)
        root = _root(self.options)
        listed = project.files_under(root) if root else []
        top = [p for p in project.files if "/" not in p or p.startswith("plans/")]
        self.plan_paths = [p for p in (*listed, *top) if is_plan(p, root)]
        # A phase archive's config.json is a snapshot of the past, CZ002's to read.
        archives = self.options.phases_dir.strip("/") + "/"
        self.config_paths = [p for p in listed if is_config(p, root) and not p.startswith(archives)]

    @cached_property
    def targeted_plans(self) -> list[PlanningDoc]:
        return [
            PlanningDoc(path, METHOD.name, "czarina plan", document)
            for path, document in self.project.target_documents(self.plan_paths)
        ]

    @cached_property
    def targeted_configs(self) -> list[StructuredData]:
        found = []
        for path in self.config_paths:
            if self.project.is_target(path):
                data = self.project.json_file(path, METHOD.name, "czarina worker configuration")
                if data is not None:
                    found.append(data)
        return found

    @cached_property
    def targeted(self) -> list[CzarinaArchive]:
        return [
            CzarinaArchive(folder, tuple(files), self.project, self.options)
            for folder, files in self.folders.items()
            if self.project.touches(files, folder)
        ]

    def units(self, kind: type) -> Iterable[Any]:
        if kind is CzarinaArchive:
            return self.targeted
        if kind is PlanningDoc:
            return self.targeted_plans
        if kind is StructuredData:
            return self.targeted_configs
        return ()

    def describe(self) -> list[str]:
        lines = [
            f"{len(self.folders)} phase archive(s) in {self.options.phases_dir}/, "
            f"{len(self.plan_paths)} plan(s), {len(self.config_paths)} worker configuration(s)"
        ]
        lines.extend(f"  {a.folder}: {a.naming or 'unrecognised name'}" for a in self.targeted)
        return lines


def _detect(project: Project) -> str | None:
    """czarina from its evidence: the phases folder, or a worker configuration
    (`.czarina/config.json`) in the orchestration folder."""
    options = project.config.options(CzarinaOptions)
    if project.has_folder(options.phases_dir):
        return f"{options.phases_dir}/ exists"
    root = _root(options)
    if root:
        prefix = root + "/"
        config = next(
            (
                p
                for p in project.files_under(root)
                if "/" not in p[len(prefix) :] and is_config(p, root)
            ),
            None,
        )
        if config is not None:
            return f"{config} configures czarina's workers"
    return None


METHOD = Methodology(
    name="czarina",
    title="czarina orchestration",
    detect=_detect,
    build=CzarinaModel,
)
