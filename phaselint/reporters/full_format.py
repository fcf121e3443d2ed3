"""The `full` format, and `text` on a terminal: each diagnostic, the source line it points at
and a caret under the offending columns, as ruff's full output does; then the summary and
which codes `phaselint explain` tells more about.

    docs/development/V1.2.0_PHASE_1.md:1:21: CAL001 names "Week 1" …
      |
    1 | # V1.2.0 - Phase 1: Week 1
      |                     ^^^^^^
      |

The source line goes through `one_line` like every other text (a control character is shown
as its escape, and the caret still lands under the right character); tabs are expanded, wide
characters count two columns, and a line longer than `WIDTH` is shortened around the caret,
with `…` where text was left out.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from phaselint.diagnostics import Diagnostic
from phaselint.engine import Report
from phaselint.reporters import Settings, Sources, one_line
from phaselint.reporters.text_format import (
    BLUE,
    BOLD,
    diagnostic_line,
    paint,
    severity_style,
    statistics_lines,
    summary_line,
)

#: The most columns of a source line shown; a longer line is cut around the caret.
WIDTH = 100
#: Columns kept before the caret when a long line is cut.
CONTEXT = 30
TAB_SIZE = 4
ELLIPSIS = "…"


class Excerpt(NamedTuple):
    """A source line as shown, and where its caret goes (0-based display columns, end
    exclusive)."""

    text: str
    start: int
    end: int


def _cells(line: str) -> list[tuple[str, int]]:
    """Each character of `line` as shown, and how many terminal columns it takes."""
    cells = []
    position = 0
    for char in line:
        if char == "\t":
            shown = " " * (TAB_SIZE - position % TAB_SIZE)
            width = len(shown)
        elif char != one_line(char):
            shown = one_line(char)
            width = len(shown)
        elif unicodedata.combining(char):
            shown, width = char, 0
        elif unicodedata.east_asian_width(char) in "WF":
            shown, width = char, 2
        else:
            shown, width = char, 1
        cells.append((shown, width))
        position += width
    return cells


def excerpt(line: str, column: int, end_column: int | None) -> Excerpt:
    """`line` ready to print, with the caret from code-point `column` (1-based) to
    `end_column` (exclusive; None: to the end of the line), at least one column wide."""
    cells = _cells(line)
    offsets = [0]
    for _, width in cells:
        offsets.append(offsets[-1] + width)
    total = offsets[-1]
    first = min(max(column - 1, 0), len(cells))
    last = len(cells) if end_column is None else min(max(end_column - 1, first), len(cells))
    start, end = offsets[first], offsets[last]
    end = max(end, start + 1)
    if total <= WIDTH:
        return Excerpt("".join(shown for shown, _ in cells), start, end)
    left = max(0, min(start - CONTEXT, total - WIDTH))
    right = left + WIDTH
    kept = [i for i in range(len(cells)) if offsets[i] >= left and offsets[i + 1] <= right]
    head = ELLIPSIS if kept[0] > 0 else ""
    tail = ELLIPSIS if kept[-1] < len(cells) - 1 else ""
    origin, limit = offsets[kept[0]], offsets[kept[-1] + 1]
    text = head + "".join(cells[i][0] for i in kept) + tail
    caret_start = max(start, origin) - origin + len(head)
    caret_end = min(end, limit + 1) - origin + len(head)  # onto the `…` when cut there
    return Excerpt(text, caret_start, max(caret_end, caret_start + 1))


def _block(d: Diagnostic, sources: Sources, color: bool, unsafe: bool = False) -> list[str]:
    lines = [diagnostic_line(d, color, unsafe)]
    source = sources.line(d.path, d.line)
    if source is not None:
        shown = excerpt(source, d.column, d.end_column if d.end_line <= d.line else None)
        number = str(d.line)
        gutter = paint(" " * len(number) + " |", BLUE, color)
        caret = paint("^" * (shown.end - shown.start), severity_style(d.severity), color)
        lines += [
            gutter,
            f"{paint(number + ' |', BLUE, color)} {shown.text}".rstrip(),
            f"{gutter} {' ' * shown.start}{caret}",
            gutter,
        ]
    if d.fix is not None:
        lines.append(f"  = fix: {one_line(d.fix.description)} (phaselint check --fix)")
    return [*lines, ""]


def explain_hint(report: Report) -> str:
    """Which command tells why each rule matters and how to fix what it found."""
    codes = sorted({d.code for d in report.diagnostics})
    if len(codes) == 1:
        return f"Run `phaselint explain {codes[0]}` for why and how to fix."
    return f"Run `phaselint explain CODE` for why and how to fix: {', '.join(codes)}."


def render(report: Report, settings: Settings) -> str:
    if settings.statistics:
        lines = statistics_lines(report, settings)
    else:
        sources = Sources(settings.source)
        lines = [
            line
            for d in report.diagnostics
            for line in _block(d, sources, settings.color, settings.unsafe_fixes)
        ]
    if not settings.quiet:
        lines.append(summary_line(report, settings.color, settings.unsafe_fixes))
        if report.diagnostics:
            lines.append(paint(explain_hint(report), BOLD, settings.color))
    return "\n".join(lines) + ("\n" if lines else "")
