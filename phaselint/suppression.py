"""Inline suppression comments in markdown, invisible when rendered:

    <!-- phaselint-disable CAL001, PH004 -- reason -->   from here on (including this line)
    <!-- phaselint-enable CAL001 -->                       … until here
    <!-- phaselint-disable-next-line CAL001 -->            the line after the comment
    <!-- phaselint-disable-file PH014 -->                  the whole file

Codes may be full codes, prefixes (`CAL`) or rule names; with no code, every rule (as in
markdownlint). A reason may follow ` -- `. A malformed comment or an unknown code is PL002; a
suppression that suppressed nothing is PL003. PL002 and PL003 themselves are not suppressible
inline (use `ignore` or `per-file-ignores`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from phaselint.lazyre import lazy_compile
from phaselint.registry import all_rules, resolve_codes

if TYPE_CHECKING:
    from phaselint.diagnostics import Diagnostic
    from phaselint.document import Document

VERBS = ("disable", "enable", "disable-next-line", "disable-file")
UNSUPPRESSIBLE = frozenset({"PL002", "PL003"})
_DIRECTIVE = lazy_compile(r"^phaselint(?P<verb>[-\w]*)(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)
_SEPARATORS = lazy_compile(r"[\s,]+")


@dataclass
class Directive:
    """One suppression comment."""

    verb: str
    line: int
    column: int
    length: int
    selectors: tuple[str, ...]
    codes: frozenset[str] | None  # None: every rule
    reason: str
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


class Problem(NamedTuple):
    """A malformed suppression comment (PL002) or an unused one (PL003)."""

    code: str
    line: int
    column: int
    length: int
    message: str


def parse(document: Document) -> tuple[list[Directive], list[Problem]]:
    """The suppression comments of a document, and the malformed ones."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    rules = all_rules()
    names = {r.name for r in rules}
    for line, column, inner in document.html_comments():
        text = inner.strip()
        match = _DIRECTIVE.match(text)
        if match is None:
            continue
        length = len(inner) + 7
        verb = match.group("verb").lstrip("-").casefold()
        if verb not in VERBS:
            shown = f"phaselint-{verb}" if verb else "phaselint"
            problems.append(
                Problem(
                    "PL002",
                    line,
                    column,
                    length,
                    f"`{shown}` is not a phaselint directive; write phaselint-disable, "
                    "phaselint-enable, phaselint-disable-next-line or phaselint-disable-file",
                )
            )
            continue
        rest, _, reason = match.group("rest").partition(" -- ")
        selectors = tuple(s for s in _SEPARATORS.split(rest.strip()) if s)
        unknown = [s for s in selectors if not _known(s, names)]
        if unknown:
            listed = ", ".join(f"`{s}`" for s in unknown)
            problems.append(
                Problem(
                    "PL002",
                    line,
                    column,
                    length,
                    f"phaselint-{verb} names unknown rule code(s) {listed}; use codes from "
                    "`phaselint rules` (a code such as CAL001, a prefix such as CAL, or a rule name)",
                )
            )
            continue
        codes = resolve_codes(selectors, rules=rules) if selectors else None
        directives.append(Directive(verb, line, column, length, selectors, codes, reason.strip()))
    return directives, problems


def _known(selector: str, names: set[str]) -> bool:
    from phaselint.registry import known_selector

    return selector.casefold() in names or known_selector(selector.upper())


def apply(
    document: Document,
    diagnostics: Iterable[Diagnostic],
    *,
    enabled: frozenset[str],
) -> tuple[list[Diagnostic], list[Problem]]:
    """Drop the diagnostics a document's comments suppress; report malformed and unused ones."""
    directives, problems = parse(document)
    kept = []
    for diagnostic in diagnostics:
        responsible = None
        if diagnostic.code not in UNSUPPRESSIBLE:
            responsible = _responsible(directives, diagnostic.code, diagnostic.line)
        if responsible is None:
            kept.append(diagnostic)
        else:
            responsible.used.add(diagnostic.code)
    for directive in directives:
        if directive.verb == "enable":
            continue
        problems.extend(_unused(directive, enabled))
    return kept, problems


def _responsible(directives: list[Directive], code: str, line: int) -> Directive | None:
    """The directive that suppresses `code` on `line`, if any."""
    for directive in directives:
        if directive.verb == "disable-file" and directive.covers(code):
            return directive
        if (
            directive.verb == "disable-next-line"
            and directive.line + 1 == line
            and directive.covers(code)
        ):
            return directive
    active: Directive | None = None
    for directive in directives:
        if directive.line > line:
            break
        if directive.verb == "disable" and directive.covers(code):
            active = directive
        elif directive.verb == "enable" and directive.covers(code):
            active = None
    return active


def _unused(directive: Directive, enabled: frozenset[str]) -> list[Problem]:
    """A PL003 problem for a directive (or the codes of one) that suppressed nothing."""
    if directive.codes is None:
        if directive.used:
            return []
        what = f"phaselint-{directive.verb}"
    else:
        idle = []
        for selector in directive.selectors:
            covered = resolve_codes([selector]) & enabled
            if covered and not covered & directive.used:
                idle.append(selector)
        if not idle:
            return []
        what = f"phaselint-{directive.verb} of " + ", ".join(idle)
    return [
        Problem(
            "PL003",
            directive.line,
            directive.column,
            directive.length,
            f"{what} suppressed nothing; remove it (or the codes that no longer fire)",
        )
    ]
