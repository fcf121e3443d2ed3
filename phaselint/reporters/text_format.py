"""`path:line:col: CODE message`, sorted by path then line, and a closing summary line.

One diagnostic is one line: control characters in paths and messages are shown as escapes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from phaselint.diagnostics import Severity
from phaselint.reporters import Settings, one_line
from phaselint.textutil import plural

if TYPE_CHECKING:
    from phaselint.diagnostics import Report

_RESET = "\033[0m"
_BOLD = "\033[1m"
_RED = "\033[31m"
_YELLOW = "\033[33m"
_DIM = "\033[2m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def render(report: Report, settings: Settings) -> str:
    color = settings.color
    lines = []
    if settings.statistics:
        names = {rule.code: rule.name for rule in settings.rules}
        counts = Counter(d.code for d in report.diagnostics)
        severities = {d.code: d.severity for d in report.diagnostics}
        width = len(str(max(counts.values(), default=0)))
        name_width = max((len(names.get(code, "")) for code in counts), default=0)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            style = _RED if severities[code] is Severity.ERROR else _YELLOW
            lines.append(
                f"{count:>{width}}  {_paint(f'{code:<6}', style, color)}  "
                f"{names.get(code, ''):<{name_width}}  [{severities[code]}]"
            )
    else:
        for d in report.diagnostics:
            style = _RED if d.severity is Severity.ERROR else _YELLOW
            where = _paint(f"{one_line(d.path)}:{d.line}:{d.column}:", _BOLD, color)
            lines.append(f"{where} {_paint(d.code, style, color)} {one_line(d.message)}")
    if not settings.quiet:
        errors = report.count(Severity.ERROR)
        warnings = report.count(Severity.WARNING)
        summary = (
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
            f"{plural(report.files_checked, 'file')}"
        )
        style = _RED if errors else (_YELLOW if warnings else _DIM)
        lines.append(_paint(summary, style, color))
    return "\n".join(lines) + ("\n" if lines else "")
