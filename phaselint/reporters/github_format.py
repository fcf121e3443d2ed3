"""GitHub Actions workflow commands: one `::error` / `::warning` annotation per diagnostic.

Paths and messages are made printable first (control characters shown as escapes, as in the
text format), then escaped as the runner requires; one annotation is one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phaselint.diagnostics import Severity
from phaselint.reporters import Settings, one_line

if TYPE_CHECKING:
    from phaselint.diagnostics import Report


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
                ("file", one_line(settings.prefix + d.path)),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
                ("title", d.code),
            )
        )
        lines.append(f"::{command} {properties}::{escape_data(one_line(d.message))}")
    return "\n".join(lines) + ("\n" if lines else "")
