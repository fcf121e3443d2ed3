"""Applying the safe fixes diagnostics carry (`phaselint check --fix`).

Only the working tree is ever changed, and only on request. A fix changes the bytes its edits
name and nothing else: the byte-order mark, every line ending (CRLF, LF, a lone CR, a mix) and
the file mode stay as they were. A fix's edits are applied together or not at all: a fix whose
edits overlap those of an earlier fix of the same file is left for the next pass (`check --fix`
makes a few). Unsafe fixes are applied only when asked for (`--unsafe-fixes`).

`--diff` (`preview_fixes`) reads the same files under the same rules and shows what one pass
would change as a unified diff, writing nothing.

Only regular files inside the repository are fixed, never through a symbolic link: a file that
is a link, or lies in a folder reached through one, is left as it is (said in one line), and so
is a file with more than one hard link, whose other names may lie anywhere (outside the
repository too). The new content goes to a temporary file created exclusively, under a random
name, in the file's own folder, and then takes the file's place.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from phaselint.diagnostics import Diagnostic, Fix
from phaselint.snapshot import FileProblem, decode

_BOM = b"\xef\xbb\xbf"
# The line breaks `decode` knows; the positions of edits count lines the same way.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DIFF_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
#: What a diff line may not show raw (the reporters' rule, tab and line endings aside).
_DIFF_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


class FixOutcome(NamedTuple):
    """What `--fix` did: how many fixes it applied and to which files; the files it left alone
    on purpose (`refused`) and those it could not write (`failed`), one line each."""

    applied: int
    changed: list[str]
    refused: list[str]
    failed: list[str]


class FixPreview(NamedTuple):
    """What `--diff` would change: the unified diff, how many fixes in which files, and the
    files it would leave alone (`refused`) or could not read (`failed`), one line each."""

    diff: str
    fixes: int
    changed: list[str]
    refused: list[str]
    failed: list[str]


class Refused(Exception):
    """A file --fix leaves as it is on purpose; the message says why."""


def fixable(diagnostic: Diagnostic, unsafe: bool = False) -> bool:
    """Whether `--fix` (with `--unsafe-fixes` when `unsafe`) would fix `diagnostic`."""
    return diagnostic.fix is not None and diagnostic.fix.applies(unsafe)


def _by_path(diagnostics: Iterable[Diagnostic], unsafe: bool) -> dict[str, list[Fix]]:
    found: dict[str, list[Fix]] = {}
    for diagnostic in diagnostics:
        if diagnostic.fix is not None and diagnostic.fix.applies(unsafe):
            found.setdefault(diagnostic.path, []).append(diagnostic.fix)
    return found


def apply_fixes(
    root: Path, diagnostics: Iterable[Diagnostic], *, unsafe: bool = False
) -> FixOutcome:
    """Apply the fixes of `diagnostics` (the unsafe ones too when `unsafe`) to the files below
    `root`; one pass."""
    real_root = os.path.realpath(root)
    applied = 0
    changed: list[str] = []
    refused: list[str] = []
    failed: list[str] = []
    for path, fixes in sorted(_by_path(diagnostics, unsafe).items()):
        try:
            count = _fix_file(real_root, path, fixes)
            if count:
                applied += count
                changed.append(path)
        except Refused as refusal:
            refused.append(f"not fixing {path}: {refusal}")
        except OSError as error:
            failed.append(f"cannot write {path}: {error.strerror or error}")
    return FixOutcome(applied, changed, refused, failed)


def preview_fixes(
    root: Path, diagnostics: Iterable[Diagnostic], *, unsafe: bool = False
) -> FixPreview:
    """What one pass of `apply_fixes` would change, as a unified diff (`--- a/PATH`,
    `+++ b/PATH` per file, paths as diagnostics name them); nothing is written."""
    real_root = os.path.realpath(root)
    parts: list[str] = []
    count = 0
    changed: list[str] = []
    refused: list[str] = []
    failed: list[str] = []
    for path, fixes in sorted(_by_path(diagnostics, unsafe).items()):
        try:
            _, _, data = _read(real_root, path)
        except Refused as refusal:
            refused.append(f"not fixing {path}: {refusal}")
            continue
        except OSError as error:
            failed.append(f"cannot read {path}: {error.strerror or error}")
            continue
        encoded, applied = _edited(data, fixes)
        if encoded != data:
            count += applied
            changed.append(path)
            parts.append(unified_diff(path, data, encoded))
    return FixPreview("".join(parts), count, changed, refused, failed)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """The change from `before` to `after` of the file `path`, as `diff -u` and `git diff`
    write it (three lines of context, `\\ No newline at end of file`). Line endings are kept;
    a control character is shown as an escape, as in every output of phaselint."""
    from phaselint.reporters import one_line

    def lines(data: bytes) -> list[str]:
        text = data[len(_BOM) :] if data.startswith(_BOM) else data
        return _DIFF_LINE.findall(text.decode("utf-8"))

    def shown(text: str) -> str:
        return _DIFF_UNSAFE.sub(lambda found: one_line(found.group()), text)

    name = one_line(path)
    out: list[str] = []
    diff = difflib.unified_diff(
        lines(before), lines(after), f"a/{name}", f"b/{name}", lineterm="\n"
    )
    for index, line in enumerate(diff):
        if index < 2 or line.startswith("@@"):
            out.append(line)  # the headers and hunk ranges difflib writes
            continue
        text = shown(line)
        ended = text.endswith(("\n", "\r"))
        out.append(text if ended else text + "\n\\ No newline at end of file\n")
    return "".join(out)


def _read(real_root: str, path: str) -> tuple[str, os.stat_result, bytes]:
    """The repository file `path` — its path on disk, status and bytes — when --fix may
    change it (else `Refused`, saying why)."""
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
    return disk, info, data


def _fix_file(real_root: str, path: str, fixes: list[Fix]) -> int:
    """Apply `fixes` to the repository file `path`; how many were applied (0: unchanged)."""
    disk, info, data = _read(real_root, path)
    encoded, applied = _edited(data, fixes)
    if encoded == data:
        return 0
    descriptor, temporary = tempfile.mkstemp(prefix=".phaselint-fix-", dir=os.path.dirname(disk))
    try:
        with open(descriptor, "wb") as out:
            out.write(encoded)
            os.fchmod(out.fileno(), stat.S_IMODE(info.st_mode))
        os.replace(temporary, disk)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return applied


def _edited(data: bytes, fixes: list[Fix]) -> tuple[bytes, int]:
    """`data` with `fixes` applied, and how many were; every byte outside their edits is kept.
    A fix whose edits overlap those of an earlier fix (or each other) is left out whole."""
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

    kept: list[tuple[int, int]] = []  # the spans of the fixes kept, sorted
    chosen: list[tuple[int, int, str]] = []
    applied = 0
    for fix in fixes:
        spans = sorted(
            (offset(e.line, e.column), offset(e.end_line, e.end_column), e.text) for e in fix.edits
        )
        if _clashes(spans, kept):
            continue  # the next pass fixes it
        for start, end, _ in spans:
            bisect.insort(kept, (start, end))
        chosen.extend(spans)
        applied += 1
    pieces: list[str] = []
    done = 0
    for start, end, replacement in sorted(chosen, key=lambda span: span[0]):
        pieces += [text[done:start], replacement.replace("\n", newline)]
        done = end
    pieces.append(text[done:])
    return bom + "".join(pieces).encode("utf-8"), applied


def _clashes(spans: list[tuple[int, int, str]], kept: list[tuple[int, int]]) -> bool:
    """Whether sorted `spans` overlap each other or a span of `kept`. Two insertions at one
    place, or an insertion where a replacement starts, would depend on the order they are
    applied in: they overlap too."""
    for index, (start, end, _) in enumerate(spans):
        if index and (start < spans[index - 1][1] or start == spans[index - 1][0]):
            return True
        position = bisect.bisect_left(kept, (start, start))
        for near in kept[max(position - 1, 0) : position + 1]:
            if (start < near[1] and near[0] < end) or start == near[0]:
                return True
    return False
