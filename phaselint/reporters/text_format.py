"""`path:line:col: CODE message`, sorted by path then line, and a closing summary line.

One diagnostic is one line: control characters in paths and messages are shown as escapes. A
diagnostic `--fix` would fix is marked `[*]` after its code (`path:3:1: SP003 [*] message`;
with `--unsafe-fixes`, the unsafe fixes too), and the summary line counts them
(`…, 2 fixable with --fix`).
"""

from __future__ import annotations

from collections import Counter

from phaselint.diagnostics import Severity
from phaselint.engine import Report
from phaselint.reporters import Settings, one_line
from phaselint.textutil import plural

_RESET = "\033[0m"
_BOLD = "\033[1m"
_RED = "\033[31m"
_YELLOW = "\033[33m"
_DIM = "\033[2m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


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
            marker = " [*]" if d.fix is not None and d.fix.applies(settings.unsafe_fixes) else ""
            lines.append(f"{where} {_paint(d.code, style, color)}{marker} {one_line(d.message)}")
    if not settings.quiet:
        errors = report.count(Severity.ERROR)
        warnings = report.count(Severity.WARNING)
        summary = (
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
            f"{plural(report.files_checked, 'file')}{_fixable(report, settings.unsafe_fixes)}"
        )
        style = _RED if errors else (_YELLOW if warnings else _DIM)
        lines.append(_paint(summary, style, color))
    return "\n".join(lines) + ("\n" if lines else "")
