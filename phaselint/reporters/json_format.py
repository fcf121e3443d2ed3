"""A stable JSON object; its shape is `schemas/phaselint-report.schema.json`.

    {"version": 1, "tool": {"name", "version"},
     "diagnostics": [{"code", "name", "severity", "path", "line", "column", "end_line",
                      "end_column", "message", "url", "fix"?: {"description", "safety",
                      "edits"}}],
     "summary": {"errors", "warnings", "files_checked", "files_with_diagnostics", "by_rule"}}

`version` is the version of this format; it changes only when a field changes meaning or goes.
Strings are exact, with control characters escaped; a byte of a file name that is not UTF-8 is
the surrogate escape `\\udcXX` (`os.fsencode(path)` gives the name's bytes back).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from phaselint import __version__
from phaselint.diagnostics import Diagnostic, Severity
from phaselint.registry import rule_url
from phaselint.reporters import Settings, json_text

if TYPE_CHECKING:
    from phaselint.diagnostics import Report

FORMAT_VERSION = 1


def diagnostic_object(d: Diagnostic, names: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": d.code,
        "name": names.get(d.code, ""),
        "severity": d.severity.value,
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "message": d.message,
        "url": rule_url(d.code),
    }
    if d.fix is not None:
        item["fix"] = {
            "description": d.fix.description,
            "safety": d.fix.safety.value,
            "edits": [
                {
                    "line": e.line,
                    "column": e.column,
                    "end_line": e.end_line,
                    "end_column": e.end_column,
                    "text": e.text,
                }
                for e in d.fix.edits
            ],
        }
    return item


def render(report: Report, settings: Settings) -> str:
    names = {rule.code: rule.name for rule in settings.rules}
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "phaselint", "version": __version__},
        "diagnostics": [diagnostic_object(d, names) for d in report.diagnostics],
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "files_checked": report.files_checked,
            "files_with_diagnostics": len({d.path for d in report.diagnostics}),
            "by_rule": dict(sorted(Counter(d.code for d in report.diagnostics).items())),
        },
    }
    return json_text(document)
