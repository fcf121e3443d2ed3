"""Applying the safe fixes diagnostics carry (`phaselint check --fix`).

Only the working tree is ever changed, and only on request. A fix changes the bytes its edits
name and nothing else: the byte-order mark, every line ending (CRLF, LF, a lone CR, a mix) and
the file mode stay as they were. Edits that overlap an earlier edit of the same file are left for
the next run.

Only regular files inside the repository are fixed, never through a symbolic link: a file that
is a link, or lies in a folder reached through one, is left as it is (said in one line), and so
is a file with more than one hard link, whose other names may lie anywhere (outside the
repository too). The new content goes to a temporary file created exclusively, under a random
name, in the file's own folder, and then takes the file's place.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from phaselint.diagnostics import Diagnostic, Edit
from phaselint.snapshot import FileProblem, decode

_BOM = b"\xef\xbb\xbf"
# The line breaks `decode` knows; the positions of edits count lines the same way.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class FixOutcome(NamedTuple):
    """What `--fix` did: how many fixes it applied and to which files; the files it left alone
    on purpose (`refused`) and those it could not write (`failed`), one line each."""

    applied: int
    changed: list[str]
    refused: list[str]
    failed: list[str]


class Refused(Exception):
    """A file --fix leaves as it is on purpose; the message says why."""


def apply_fixes(root: Path, diagnostics: Iterable[Diagnostic]) -> FixOutcome:
    """Apply every fix of `diagnostics` to the files below `root`."""
    by_path: dict[str, list[Edit]] = {}
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        by_path.setdefault(diagnostic.path, []).extend(diagnostic.fix.edits)
        counts[diagnostic.path] = counts.get(diagnostic.path, 0) + 1
    real_root = os.path.realpath(root)
    applied = 0
    changed: list[str] = []
    refused: list[str] = []
    failed: list[str] = []
    for path, edits in sorted(by_path.items()):
        try:
            if _fix_file(real_root, path, edits):
                applied += counts[path]
                changed.append(path)
        except Refused as refusal:
            refused.append(f"not fixing {path}: {refusal}")
        except OSError as error:
            failed.append(f"cannot write {path}: {error.strerror or error}")
    return FixOutcome(applied, changed, refused, failed)


def _fix_file(real_root: str, path: str, edits: list[Edit]) -> bool:
    """Apply `edits` to the repository file `path`; whether its content changed."""
    disk = os.path.join(real_root, *path.split("/"))
    folder = os.path.dirname(disk)
    # Every component is checked: the folder's real path is the path itself only when no folder
    # on the way down from the repository root is a link; then the file lies inside the root.
    if os.path.realpath(folder) != folder:
        raise Refused("it lies in a folder reached through a symbolic link")
    info = os.lstat(disk)
    if stat.S_ISLNK(info.st_mode):
        raise Refused("it is a symbolic link; fix the file it leads to instead")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("it is not a regular file")
    if info.st_nlink > 1:
        raise Refused(
            f"it has {info.st_nlink} hard links, and fixing it would change the file under its "
            "other names too, or split them; fix it by hand"
        )
    with open(os.open(disk, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as handle:
        data = handle.read()
    try:
        decode(data)
    except FileProblem as problem:
        raise Refused(f"it {problem}") from None
    encoded = _edited(data, edits)
    if encoded == data:
        return False
    descriptor, temporary = tempfile.mkstemp(prefix=".phaselint-fix-", dir=folder)
    try:
        with open(descriptor, "wb") as out:
            out.write(encoded)
            os.fchmod(out.fileno(), stat.S_IMODE(info.st_mode))
        os.replace(temporary, disk)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return True


def _edited(data: bytes, edits: list[Edit]) -> bytes:
    """`data` with `edits` applied; every byte outside them is kept."""
    bom = _BOM if data.startswith(_BOM) else b""
    text = data[len(bom) :].decode("utf-8")  # line endings as they are
    newline = "\r\n" if "\r\n" in text else "\n"  # for a line break an edit inserts
    breaks = list(_LINE_BREAK.finditer(text))
    starts = [0, *(found.end() for found in breaks)]
    ends = [*(found.start() for found in breaks), len(text)]

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(text)
        # A column past the end of its line stops there: an edit never splits a CRLF.
        return min(starts[line - 1] + column - 1, ends[line - 1])

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
        text = text[:start] + replacement.replace("\n", newline) + text[end:]
    return bom + text.encode("utf-8")
