"""The rule registry: every rule's code, name, severity, documentation and check in one place.

A rule is a plain generator function decorated with `@rule(...)`. Its docstring is its
documentation: the first line is the summary `phaselint rules` prints, the rest is what
`phaselint explain` prints, in sections (`## What it does`, `## Why is this bad?`, `## Example`,
`## Use instead`, `## How to fix`, `## Options`). The function receives one model unit of the type
it names (a planning document, a phase document, a spec …) and a `RuleContext`, and yields
diagnostics made with `ctx.diagnostic(...)`.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, overload

from phaselint.diagnostics import Diagnostic, Fix, Severity
from phaselint.lazyre import lazy_compile

if TYPE_CHECKING:
    from phaselint.config import Config, OptionsT
    from phaselint.document import Document, Field, Heading
    from phaselint.project import Project

#: Rule modules, in the order their codes are listed, each with the methodology its rules
#: belong to (`*`: every methodology). A module holds one family: `sp` the SP rules.
RULE_MODULES = {
    "pl": "*",
    "cal": "*",
    "clr": "*",
    "ph": "phases",
    "sp": "specs",
    "cx": "para",
    "st": "stages",
    "cz": "czarina",
    "cn": "consolidation",
}

#: Code prefixes and the family each stands for.
FAMILIES = {
    "PL": "phaselint itself",
    "CAL": "no calendar-based planning",
    "CLR": "zero NEEDS CLARIFICATION",
    "PH": "phase documents",
    "SP": "spec lifecycle",
    "CX": "PARA phased plans and context.md",
    "ST": "stage gates within a phase",
    "CZ": "czarina phase archives",
    "CN": "parallel phases with consolidation",
}

#: The project's repository, and the folder of it holding one documentation page per rule
#: (`docs/rules/CODE.md`, written by `python -m phaselint.ruledocs` from the docstrings).
REPOSITORY_URL = "https://github.com/phaselint/phaselint"
RULE_DOCS = "docs/rules"

_CODE = lazy_compile(r"^[A-Z]{2,3}\d{3}$")
_PREFIX = lazy_compile(r"^[A-Z]{2,3}\d{0,3}$")

Check = Callable[[Any, "RuleContext"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """One rule: identity, default severity, what it checks and its documentation."""

    code: str
    name: str
    severity: Severity
    methodology: str
    target: type | tuple[type, ...] | None
    check: Check | None
    doc: str

    @property
    def targets(self) -> tuple[type, ...]:
        """The unit types the rule checks (none for rules the engine itself reports)."""
        if self.target is None:
            return ()
        return self.target if isinstance(self.target, tuple) else (self.target,)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @property
    def body(self) -> str:
        """The documentation after the summary line."""
        lines = self.doc.strip().splitlines()
        return "\n".join(lines[1:]).strip()

    def section(self, title: str) -> str:
        """One `## Title` section of the documentation, without its heading."""
        pattern = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
        matches = list(pattern.finditer(self.body))
        for index, match in enumerate(matches):
            if match.group(1).rstrip("?").casefold() == title.rstrip("?").casefold():
                end = matches[index + 1].start() if index + 1 < len(matches) else len(self.body)
                return self.body[match.end() : end].strip()
        return ""

    @property
    def applies(self) -> str:
        """The methodology the rule applies to, as a reader says it."""
        return "every methodology" if self.methodology == "*" else self.methodology

    @property
    def page(self) -> str:
        """What `phaselint explain` prints, and the language server shows on hover (the
        documentation is markdown): a line naming the rule, the summary, the documentation."""
        return (
            f"{self.code} ({self.name}) — default severity: {self.severity.value}; applies to: "
            f"{self.applies}\n\n{self.summary}\n\n{self.body}"
        )


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    methodology: str,
    target: type | tuple[type, ...] | None,
) -> Callable[[Callable[..., Iterable[Diagnostic]]], Rule]:
    """Declare a rule; the decorated function's docstring is its documentation. `target` is the
    unit type the function receives (or several)."""

    def decorate(function: Callable[..., Iterable[Diagnostic]]) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            methodology=methodology,
            target=target,
            check=function,
            doc=inspect.cleandoc(function.__doc__ or ""),
        )

    return decorate


def documented(code: str, name: str, severity: Severity, *, methodology: str, doc: str) -> Rule:
    """Declare a rule whose diagnostics the engine itself emits (no check function)."""
    return Rule(code, name, severity, methodology, None, None, inspect.cleandoc(doc))


_ALL: tuple[Rule, ...] | None = None
_MODULE_RULES: dict[str, tuple[Rule, ...]] = {}


def module_rules(module_name: str) -> tuple[Rule, ...]:
    """The rules of one rule module (its family: `sp` holds the SP rules), sorted by code;
    the module is imported on first use, the others are not."""
    if _ALL is not None:
        return tuple(r for r in _ALL if family_of(r.code) == module_name.upper())
    if module_name not in _MODULE_RULES:
        module = importlib.import_module(f"phaselint.rules.{module_name}")
        family = module_name.upper()
        methodology = RULE_MODULES[module_name]
        found: dict[str, Rule] = {}
        for value in vars(module).values():
            if isinstance(value, Rule) and family_of(value.code) == family:
                if value.code in found and found[value.code] is not value:
                    raise RuntimeError(f"rule code {value.code} is declared twice")
                if value.methodology != methodology:
                    raise RuntimeError(f"rule {value.code} is not of {module_name}'s methodology")
                found[value.code] = value
        _MODULE_RULES[module_name] = tuple(sorted(found.values(), key=lambda r: r.code))
    return _MODULE_RULES[module_name]


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by family (in `FAMILIES` order), then code."""
    global _ALL
    if _ALL is None:
        found: dict[str, Rule] = {}
        for module_name in RULE_MODULES:
            for value in module_rules(module_name):
                if value.code in found and found[value.code] is not value:
                    raise RuntimeError(f"rule code {value.code} is declared twice")
                found[value.code] = value
        _ALL = tuple(found.values())
    return _ALL


def _modules_for(selector: str) -> list[str]:
    """The rule modules whose codes a selector (upper case) may cover: `SP01` → sp; `C` → cal,
    clr, cx, cz, cn; `ALL` and anything else → every module."""
    letters = selector.rstrip("0123456789")
    if selector == "ALL" or not letters:
        return list(RULE_MODULES)
    return [
        name
        for name in RULE_MODULES
        if name.upper().startswith(letters) and (letters == selector or letters == name.upper())
    ]


class RuleSelection(Sequence[Rule]):
    """The rules a run selected, as `selected` picks them, with rule modules imported only when
    needed: `of(methodologies)` gives the selected rules of those methodologies (and of every
    methodology's, `*`), importing their modules alone; iterating, indexing or `len` gives them
    all. The pre-commit hook imports the rules of the methods a repository uses, or none."""

    def __init__(
        self, select: Iterable[str], extend_select: Iterable[str] = (), ignore: Iterable[str] = ()
    ) -> None:
        self._choice = (tuple(select), tuple(extend_select), tuple(ignore))
        self._all: tuple[Rule, ...] | None = None
        self._of: dict[frozenset[str], tuple[Rule, ...]] = {}

    def _pick(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        select, extend_select, ignore = self._choice
        return selected(rules, select=select, extend_select=extend_select, ignore=ignore)

    def of(self, methodologies: Iterable[str]) -> tuple[Rule, ...]:
        wanted = frozenset(methodologies) | {"*"}
        if wanted not in self._of:
            modules = [m for m, method in RULE_MODULES.items() if method in wanted]
            self._of[wanted] = self._pick(r for m in modules for r in module_rules(m))
        return self._of[wanted]

    @property
    def rules(self) -> tuple[Rule, ...]:
        if self._all is None:
            self._all = self._pick(all_rules())
        return self._all

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Rule, ...]: ...

    def __getitem__(self, index: int | slice) -> Rule | tuple[Rule, ...]:
        return self.rules[index]

    def __len__(self) -> int:
        return len(self.rules)


def family_of(code: str) -> str:
    """The family prefix of a code: `CAL` for `CAL001`."""
    return code.rstrip("0123456789")


def get_rule(code: str) -> Rule | None:
    """The rule with `code` (case-insensitive), or None; imports its family's module only."""
    code = code.strip().upper()
    module_name = family_of(code).lower()
    if module_name not in RULE_MODULES:
        return None
    return next((r for r in module_rules(module_name) if r.code == code), None)


def rule_url(code: str) -> str:
    """The stable link to a rule's documentation page, for reports that point users at it
    (SARIF `helpUri`, the JSON `url`, `phaselint explain`)."""
    return f"{REPOSITORY_URL}/blob/main/{RULE_DOCS}/{code}.md"


def is_code(text: str) -> bool:
    return bool(_CODE.match(text))


def matches(selector: str, code: str) -> bool:
    """Whether a selector (`ALL`, a family prefix such as `CAL` or `PH01`, or a code) covers `code`."""
    return selector == "ALL" or code.startswith(selector)


def known_selector(selector: str) -> bool:
    """Whether a selector names at least one rule."""
    if selector == "ALL":
        return True
    if not _PREFIX.match(selector):
        return False
    return any(r.code.startswith(selector) for m in _modules_for(selector) for r in module_rules(m))


def resolve_codes(
    selectors: Iterable[str], *, rules: Iterable[Rule] | None = None
) -> frozenset[str]:
    """Codes covered by any of `selectors` (codes, prefixes or rule names)."""
    pool = tuple(rules if rules is not None else all_rules())
    codes: set[str] = set()
    for selector in selectors:
        wanted = selector.strip()
        by_name = [r.code for r in pool if r.name == wanted.casefold()]
        if by_name:
            codes.update(by_name)
            continue
        wanted = wanted.upper()
        codes.update(r.code for r in pool if matches(wanted, r.code))
    return frozenset(codes)


def selected(
    rules: Iterable[Rule],
    *,
    select: Iterable[str],
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> tuple[Rule, ...]:
    """Apply select / extend-select / ignore the way ruff does: for each rule the most specific
    matching selector decides, and on a tie `ignore` wins."""
    enabling = [s.upper() for s in (*select, *extend_select)]
    disabling = [s.upper() for s in ignore]
    chosen = []
    for candidate in rules:
        on = max((_specificity(s) for s in enabling if matches(s, candidate.code)), default=-1)
        off = max((_specificity(s) for s in disabling if matches(s, candidate.code)), default=-1)
        if on > off:
            chosen.append(candidate)
    return tuple(chosen)


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may consult besides its unit: options, the project, the enabled rules."""

    rule: Rule
    severity: Severity
    project: Project
    config: Config
    enabled: frozenset[str]
    today: date = field(default_factory=date.today)
    #: The engine keeps every diagnostic (a change's consequences are sorted out later), not
    #: only those in the run's target files.
    keep_all: bool = False

    def options(self, kind: type[OptionsT]) -> OptionsT:
        """The options of a configuration section (see `phaselint.config`)."""
        return self.config.options(kind)

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled

    def kept(self, path: str) -> bool:
        """Whether a diagnostic in `path` would be kept: a rule need not work out what the
        engine drops (a run on some files keeps only theirs)."""
        return self.keep_all or self.project.is_target(path)

    def at_title(self, path: str, document: Document, message: str) -> Diagnostic:
        """A diagnostic about a whole document, at its title (line 1 when it has none)."""
        heading = document.title
        if heading is None:
            return self.diagnostic(path, 1, 1, message)
        return self.at_heading(path, heading, message)

    def at_heading(self, path: str, heading: Heading, message: str) -> Diagnostic:
        """A diagnostic covering a heading's text."""
        return self.diagnostic(
            path, heading.line, heading.column, message, length=len(heading.text)
        )

    def at_field(self, path: str, field: Field, message: str) -> Diagnostic:
        """A diagnostic covering a field's value (`**Status**: Almost done`)."""
        return self.diagnostic(
            path, field.line, field.value_column, message, length=max(len(field.value), 1)
        )

    def diagnostic(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        length: int | None = None,
        fix: Fix | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule. Give the end as `end_line`/`end_column` or as a `length`
        on the same line; with neither, the diagnostic covers one character."""
        line = max(line, 1)
        column = max(column, 1)
        if end_line is None:
            end_line = line
        if end_column is None:
            end_column = column + max(length or 1, 1) if end_line == line else 1
        return Diagnostic(
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=self.rule.code,
            severity=self.severity,
            message=message,
            fix=fix,
        )
