"""`path:line:col: CODE message`, sorted by path then line, and a closing summary line: the
`concise` format, and `text` off a terminal.

One diagnostic is one line: control characters in paths and messages are shown as escapes. A
diagnostic `--fix` would fix is marked `[*]` after its code (`path:3:1: SP003 [*] message`;
with `--unsafe-fixes`, the unsafe fixes too), and the summary line counts them
(`…, 2 fixable with --fix`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from phaselint.diagnostics import Diagnostic, Severity
from phaselint.reporters import Settings, one_line
from phaselint.textutil import plural

if TYPE_CHECKING:
    from phaselint.diagnostics import Report

RESET = "[0m"
BOLD = "[1m"
RED = "[31m"
YELLOW = "[33m"
BLUE = "[34m"
DIM = "[2m"


def paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color else text


def severity_style(severity: Severity) -> str:
    return RED if severity is Severity.ERROR else YELLOW


def diagnostic_line(d: Diagnostic, color: bool, unsafe: bool = False) -> str:
    """`path:line:col: CODE message`, printable on one line; `CODE [*]` when `--fix` (with
    `unsafe`, `--fix --unsafe-fixes`) would fix it."""
    where = paint(f"{one_line(d.path)}:{d.line}:{d.column}:", BOLD, color)
    marker = " [*]" if d.fix is not None and d.fix.applies(unsafe) else ""
    code = paint(d.code, severity_style(d.severity), color)
    return f"{where} {code}{marker} {one_line(d.message)}"


def statistics_lines(report: Report, settings: Settings) -> list[str]:
    """One line per rule: count, code, name, severity; the most frequent first."""
    names = {rule.code: rule.name for rule in settings.rules}
    counts = Counter(d.code for d in report.diagnostics)
    severities = {d.code: d.severity for d in report.diagnostics}
    width = len(str(max(counts.values(), default=0)))
    name_width = max((len(names.get(code, "")) for code in counts), default=0)
    return [
        f"{count:>{width}}  {paint(f'{code:<6}', severity_style(severities[code]), settings.color)}"
        f"  {names.get(code, ''):<{name_width}}  [{severities[code]}]"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def summary_line(report: Report, color: bool, unsafe: bool = False) -> str:
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    summary = (
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
        f"{plural(report.files_checked, 'file')}{_fixable(report, unsafe)}"
    )
    return paint(summary, RED if errors else (YELLOW if warnings else DIM), color)


def _fixable(report: Report, unsafe: bool) -> str:
    """`, 2 fixable with --fix (1 more with --unsafe-fixes)` for the summary line, or nothing."""
    fixes = [d.fix for d in report.diagnostics if d.fix is not None]
    ready = sum(1 for fix in fixes if fix.applies(unsafe))
    hidden = len(fixes) - ready
    if not fixes:
        return ""
    needs_unsafe = unsafe and any(not fix.applies(False) for fix in fixes)
    option = "--fix --unsafe-fixes" if needs_unsafe else "--fix"
    if not ready:
        return f", {hidden} fixable with --fix --unsafe-fixes"
    more = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
    return f", {ready} fixable with {option}{more}"


def render(report: Report, settings: Settings) -> str:
    if settings.statistics:
        lines = statistics_lines(report, settings)
    else:
        lines = [
            diagnostic_line(d, settings.color, settings.unsafe_fixes) for d in report.diagnostics
        ]
    if not settings.quiet:
        lines.append(summary_line(report, settings.color, settings.unsafe_fixes))
    return "\n".join(lines) + ("\n" if lines else "")
