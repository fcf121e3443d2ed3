"""The baseline: the diagnostics a repository had when it adopted phaselint, recorded so that
`phaselint check` reports only what is new.

`phaselint baseline` writes every current diagnostic to `.phaselint-baseline.json` (or the
file `--output` names); `phaselint check` reads the file the configuration's `baseline` key or
`--baseline` names and leaves out what it records.

A diagnostic is recorded by a fingerprint that survives edits elsewhere in its file:

    sha256(code, path, the offending line's text, the message) → 16 hex digits

with the line's text and the message normalised — whitespace folded, and in the message every
run of digits written `#`, so that a line number or a count quoted in it does not matter. Line
and column are not part of it: inserting lines above a baselined diagnostic, or editing another
part of the file, keeps it baselined; editing the offending line itself, or a new violation of
the same rule with other text, is new. Several diagnostics with one fingerprint (the same line
text twice in a file) are told apart by their order in the file: an entry records how many there
were, and that many are baselined. A renamed file loses its entries (the path is part of the
fingerprint); they become stale.

An entry that matches nothing any more — the violation was fixed — is reported once, as PL005,
until `phaselint baseline` is run again. Only entries of files the run looked at can be stale:
under `--staged` or `--diff-base`, the files of the change.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phaselint.diagnostics import Diagnostic
from phaselint.textutil import brief

if TYPE_CHECKING:
    from phaselint.engine import Report
    from phaselint.project import Project

VERSION = 1
DEFAULT_FILE = ".phaselint-baseline.json"
STALE_CODE = "PL005"

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


class BaselineError(Exception):
    """The baseline file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Entry:
    """One recorded fingerprint: how many diagnostics of the file carried it."""

    code: str
    path: str
    fingerprint: str
    count: int
    message: str


def fingerprint(code: str, path: str, line_text: str, message: str) -> str:
    """The fingerprint of a diagnostic (see the module docstring)."""
    parts = (
        code,
        path,
        _SPACES.sub(" ", line_text).strip(),
        _DIGITS.sub("#", _SPACES.sub(" ", message).strip()),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _line_text(project: Project, path: str, line: int) -> str:
    text = project.text(path)
    if text is None:
        return ""
    lines = project.memo(f"baseline-lines:{path}", lambda: text.split("\n"))
    return lines[line - 1] if 0 < line <= len(lines) else ""


def fingerprints(project: Project, diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [
        fingerprint(d.code, d.path, _line_text(project, d.path, d.line), d.message)
        for d in diagnostics
    ]


def record(project: Project, diagnostics: Sequence[Diagnostic], output: Path) -> int:
    """Write the baseline of `diagnostics` to `output` (sorted, stable: two runs in a row
    write the same bytes); the number of diagnostics recorded."""
    kept = [d for d in diagnostics if d.code != STALE_CODE]
    keys = fingerprints(project, kept)
    counts = Counter((key, d.code, d.path) for key, d in zip(keys, kept, strict=True))
    first_message: dict[str, str] = {}
    for key, diagnostic in zip(keys, kept, strict=True):
        first_message.setdefault(key, diagnostic.message)
    entries = [
        {
            "code": code,
            "path": path,
            "fingerprint": key,
            "count": count,
            "message": first_message[key],
        }
        for (key, code, path), count in counts.items()
    ]
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "phaselint", "entries": entries}
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    temporary = output.with_name(output.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(output)
    except OSError as error:
        raise BaselineError(f"{output}: cannot be written ({error.strerror})") from error
    return len(kept)


def load(path: Path) -> list[Entry]:
    """The entries of a baseline file; BaselineError when it is missing or malformed — a
    broken baseline is never ignored, since it would hide or show everything by surprise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file not found; run `phaselint baseline` to write it"
        ) from None
    except OSError as error:
        raise BaselineError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BaselineError(
            f"{path}: is not a phaselint baseline (not JSON); run `phaselint baseline` again"
        ) from None
    if not isinstance(data, dict) or data.get("tool") != "phaselint":
        raise BaselineError(f'{path}: is not a phaselint baseline (no `"tool": "phaselint"`)')
    if data.get("version") != VERSION:
        raise BaselineError(
            f"{path}: baseline version {data.get('version')!r} is not {VERSION}; run "
            "`phaselint baseline` again"
        )
    items = data.get("entries")
    if not isinstance(items, list):
        raise BaselineError(f"{path}: `entries` must be a list")
    return [_entry(path, index, item) for index, item in enumerate(items)]


def _entry(path: Path, index: int, item: Any) -> Entry:
    if not isinstance(item, dict):
        raise BaselineError(f"{path}: entries[{index}] must be an object")
    values: dict[str, str] = {}
    for key in ("code", "path", "fingerprint", "message"):
        value = item.get(key)
        if not isinstance(value, str) or (key != "message" and not value):
            raise BaselineError(f"{path}: entries[{index}].{key} must be a non-empty string")
        values[key] = value
    count = item.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{path}: entries[{index}].count must be a whole number from 1")
    return Entry(values["code"], values["path"], values["fingerprint"], count, values["message"])


def apply(
    project: Project,
    report: Report,
    entries: Sequence[Entry],
    judged: frozenset[str] | None,
    *,
    stale_enabled: bool = True,
) -> Report:
    """The report without what the baseline records, plus one PL005 per stale entry of the
    files the run judged (`judged`: every file when None) when PL005 is selected."""
    from dataclasses import replace

    from phaselint.engine import _engine_diagnostic

    remaining = Counter({entry.fingerprint: entry.count for entry in entries})
    kept: list[Diagnostic] = []
    keys = fingerprints(project, report.diagnostics)
    for key, diagnostic in zip(keys, report.diagnostics, strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
            continue
        kept.append(diagnostic)
    stale = []
    if stale_enabled:
        for entry in entries:
            if remaining[entry.fingerprint] <= 0 or (
                judged is not None and entry.path not in judged
            ):
                continue
            remaining[entry.fingerprint] = 0  # one diagnostic per entry, however many it counted
            stale.append(
                _engine_diagnostic(
                    project,
                    STALE_CODE,
                    entry.path,
                    1,
                    1,
                    1,
                    f"stale baseline entry: the {entry.code} violation recorded here "
                    f'("{brief(entry.message, 60)}") was fixed — run `phaselint baseline` to drop '
                    "it",
                )
            )
    diagnostics = tuple(sorted([*kept, *stale], key=lambda d: d.sort_key))
    return replace(report, diagnostics=diagnostics)
