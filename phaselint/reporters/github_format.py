"""GitHub Actions workflow commands: one `::error` / `::warning` annotation per diagnostic."""

from __future__ import annotations

from phaselint.diagnostics import Severity
from phaselint.engine import Report
from phaselint.reporters import Settings


def escape_data(text: str) -> str:
    """Escape a command's message as the runner requires (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, settings: Settings) -> str:
    lines = []
    for d in report.diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{key}={escape_property(str(value))}"
            for key, value in (
                ("file", settings.prefix + d.path),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
                ("title", d.code),
            )
        )
        lines.append(f"::{command} {properties}::{escape_data(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
