"""Applying the safe fixes diagnostics carry (`phaselint check --fix`).

Only the working tree is ever changed, and only on request. A file keeps its encoding details:
a UTF-8 byte-order mark and CRLF line endings survive the edit. Edits that overlap an earlier
edit of the same file are left for the next run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from phaselint.diagnostics import Diagnostic, Edit
from phaselint.snapshot import FileProblem, decode
from phaselint.textutil import line_starts


def apply_fixes(root: Path, diagnostics: Iterable[Diagnostic]) -> tuple[int, list[str]]:
    """Apply every fix of `diagnostics` to the files below `root`; return how many fixes were
    applied and which files changed."""
    by_path: dict[str, list[Edit]] = {}
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        by_path.setdefault(diagnostic.path, []).extend(diagnostic.fix.edits)
        counts[diagnostic.path] = counts.get(diagnostic.path, 0) + 1
    applied = 0
    changed = []
    for path, edits in sorted(by_path.items()):
        if _fix_file(root / path, edits):
            applied += counts[path]
            changed.append(path)
    return applied, changed


def _fix_file(disk: Path, edits: list[Edit]) -> bool:
    try:
        data = disk.read_bytes()
        text = decode(data)
    except (OSError, FileProblem):
        return False
    bom = data.startswith(b"\xef\xbb\xbf")
    newline = "\r\n" if b"\r\n" in data else "\n"
    starts = line_starts(text)

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(text)
        return min(starts[line - 1] + column - 1, len(text))

    spans = sorted(
        ((offset(e.line, e.column), offset(e.end_line, e.end_column), e.text) for e in edits),
        key=lambda span: span[0],
    )
    kept: list[tuple[int, int, str]] = []
    for start, end, replacement in spans:
        if kept and start < kept[-1][1]:
            continue  # overlaps the previous edit: the next run fixes it
        kept.append((start, end, replacement))
    for start, end, replacement in reversed(kept):
        text = text[:start] + replacement + text[end:]
    encoded = text.replace("\n", newline).encode("utf-8")
    if bom:
        encoded = b"\xef\xbb\xbf" + encoded
    if encoded == data:
        return False
    temporary = disk.with_name(disk.name + ".phaselint-fix")
    temporary.write_bytes(encoded)
    os.replace(temporary, disk)
    return True
