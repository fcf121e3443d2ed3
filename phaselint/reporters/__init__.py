"""Reporters: formatting only. Each module renders a finished `Report` one way.

Paths, messages and the document text messages quote come from the repository, so anyone who
can commit can put a newline, an escape sequence or a byte that is not UTF-8 in them. Every
format passes them through this module on the way out: `one_line` for the line formats (text,
github), `json_text` for the JSON ones (json, sarif). The command line and the Action use
`one_line` for what they print on stderr too.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from phaselint.diagnostics import Report
    from phaselint.registry import Rule

FORMATS = ("text", "json", "github", "sarif")

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


class Settings(NamedTuple):
    """What a reporter may need besides the report."""

    rules: Sequence[Rule]
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    #: The project root's folder within the repository (`docs/plans/`, or empty): formats read
    #: by GitHub (annotations, SARIF) name files from the repository's top.
    prefix: str = ""


class Renderer(Protocol):
    def __call__(self, report: Report, settings: Settings) -> str: ...


def render(name: str, report: Report, settings: Settings) -> str:
    """The report in format `name` (one of FORMATS)."""
    module = importlib.import_module(f"phaselint.reporters.{name}_format")
    renderer: Renderer = module.render
    return renderer(report, settings)
