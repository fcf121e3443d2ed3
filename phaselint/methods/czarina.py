"""czarina phase archives (seed 000, "Phase Management").

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
from phaselint.methods import FolderUnit, Methodology, StructuredData

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


class CzarinaModel:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(CzarinaOptions)
        self.folders = project.folders_under(self.options.phases_dir)

    @cached_property
    def targeted(self) -> list[CzarinaArchive]:
        return [
            CzarinaArchive(folder, tuple(files), self.project, self.options)
            for folder, files in self.folders.items()
            if self.project.touches(files, folder)
        ]

    def units(self, kind: type) -> Iterable[Any]:
        return self.targeted if kind is CzarinaArchive else ()

    def describe(self) -> list[str]:
        lines = [f"{len(self.folders)} phase archive(s) in {self.options.phases_dir}/"]
        lines.extend(f"  {a.folder}: {a.naming or 'unrecognised name'}" for a in self.targeted)
        return lines


def _detect(project: Project) -> str | None:
    options = project.config.options(CzarinaOptions)
    if project.has_folder(options.phases_dir):
        return f"{options.phases_dir}/ exists"
    return None


METHOD = Methodology(
    name="czarina",
    title="czarina phase archives (seed 000)",
    detect=_detect,
    build=CzarinaModel,
)
