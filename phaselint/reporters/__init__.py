"""Reporters: formatting only. Each module renders a finished `Report` one way."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from phaselint.engine import Report
    from phaselint.registry import Rule

FORMATS = ("text", "json", "github", "sarif")


class Settings(NamedTuple):
    """What a reporter may need besides the report."""

    rules: Sequence[Rule]
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    #: The project root's folder within the repository (`docs/plans/`, or empty): formats read
    #: by GitHub (annotations, SARIF) name files from the repository's top.
    prefix: str = ""


class Renderer(Protocol):
    def __call__(self, report: Report, settings: Settings) -> str: ...


def render(name: str, report: Report, settings: Settings) -> str:
    """The report in format `name` (one of FORMATS)."""
    module = importlib.import_module(f"phaselint.reporters.{name}_format")
    renderer: Renderer = module.render
    return renderer(report, settings)
