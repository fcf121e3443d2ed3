"""Reporters: formatting only. Each module renders a finished `Report` one way.

Paths, messages and the document text messages quote come from the repository, so anyone who
can commit can put a newline, an escape sequence or a byte that is not UTF-8 in them. Every
format passes them through this module on the way out: `one_line` for the line formats (text,
github, junit) and the source lines the full text quotes, `json_text` for the JSON ones (json,
sarif, gitlab). The command line and the Action use `one_line` for what they print on stderr too.

Reporters never read files: what they quote of a document (the full text's excerpt, the line a
fingerprint is computed from) comes through `Settings.source`, which the command line points at
the project's snapshot, so an excerpt under `--staged` shows the line as the index holds it.
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from phaselint.diagnostics import Diagnostic, Report
    from phaselint.registry import Rule

#: `text` is the command line's default: `full` on a terminal, `concise` anywhere else. Given to
#: `render` itself (the Action, a test), `text` is `concise`.
FORMATS = ("text", "concise", "full", "json", "github", "sarif", "junit", "gitlab")
_MODULES = {"text": "text", "concise": "text", "full": "full"}

#: What a terminal or a CI log acts on or breaks lines at: C0 controls, DEL, C1 controls, the
#: Unicode line and paragraph separators, the bidirectional embeddings, overrides and isolates
#: (which make a line read as something else), and lone surrogates (bytes of a name that is not
#: UTF-8, as Python's surrogateescape decodes them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The same, once json.dumps has escaped C0 controls itself.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8: show the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with every control character shown as a visible escape (`\\n`, `\\x1b`,
    `\\u2028`; a byte that is not UTF-8 as `\\xff`): printable on one line of a terminal or
    a CI log, where it can start no escape sequence and forge no workflow command."""
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(document: object) -> str:
    """`document` as indented JSON that is valid UTF-8 and holds no raw control character: the
    data is exact, every control escaped (`\\u001b`, `\\u009b`), and a byte of a name that is
    not UTF-8 written as its surrogate escape (`\\udcff`), which `json.loads` and
    `os.fsencode` turn back into the byte."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Outside strings JSON is ASCII, so whatever matches lies inside a string: escape it there.
    return _JSON_UNSAFE.sub(_json_escape, text) + "\n"


def _no_source(path: str) -> str | None:
    return None


class Settings(NamedTuple):
    """What a reporter may need besides the report."""

    rules: Sequence[Rule]
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    #: The project root's folder within the repository (`docs/plans/`, or empty): formats read
    #: by GitHub (annotations, SARIF) name files from the repository's top.
    prefix: str = ""
    #: The text of a file the report names (`Project.text`), or None: for excerpts and
    #: fingerprints; without it a format quotes nothing and fingerprints an empty line.
    source: Callable[[str], str | None] = _no_source

    #: `--unsafe-fixes` was given: unsafe fixes count as fixable (`[*]`) too.
    unsafe_fixes: bool = False


class Sources:
    """The lines of the files a report names, each file split once per rendering."""

    def __init__(self, source: Callable[[str], str | None]) -> None:
        self._source = source
        self._lines: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line `number` (1-based) of `path` without its newline, or None."""
        if path not in self._lines:
            text = self._source(path)
            self._lines[path] = None if text is None else text.split("\n")
        lines = self._lines[path]
        if lines is None or not 0 < number <= len(lines):
            return None
        return lines[number - 1]


def fingerprints(diagnostics: Sequence[Diagnostic], sources: Sources) -> list[str]:
    """A key per diagnostic that survives edits elsewhere in its file, for code-scanning
    services to follow a finding from one run to the next: the baseline's fingerprint (code,
    path, the offending line's text and the message, normalised; no line number) and, after a
    colon, which occurrence of it in the file this is (`9f2c…e1:1`, then `:2` for the same line
    text twice)."""
    from phaselint.baseline import fingerprint  # hashlib: only the formats that fingerprint

    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for d in diagnostics:
        key = fingerprint(d.code, d.path, sources.line(d.path, d.line) or "", d.message)
        seen[(d.path, key)] += 1
        keys.append(f"{key}:{seen[(d.path, key)]}")
    return keys


class Renderer(Protocol):
    def __call__(self, report: Report, settings: Settings) -> str: ...


def render(name: str, report: Report, settings: Settings) -> str:
    """The report in format `name` (one of FORMATS)."""
    module = importlib.import_module(f"phaselint.reporters.{_MODULES.get(name, name)}_format")
    renderer: Renderer = module.render
    return renderer(report, settings)
