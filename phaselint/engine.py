"""The engine: run the selected rules over the units of a project and settle the diagnostics.

Order of work: every selected rule checks every unit of its type that the run targets; files
that could not be read become PL001; per-file ignores drop what the configuration exempts; inline
comments suppress what they name (and PL002/PL003 report the comments themselves); finally only
diagnostics located in the run's target files are kept, so a run split over several processes
(as pre-commit does) reports each diagnostic exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from phaselint.diagnostics import Diagnostic, Report, Severity
from phaselint.globs import glob_matches
from phaselint.parallel import Share, check_all
from phaselint.project import Project
from phaselint.registry import Rule, RuleContext, RuleSelection, get_rule, resolve_codes

__all__ = ["Report", "lint"]


def lint(
    project: Project, rules: Sequence[Rule], *, today: date | None = None, keep_all: bool = False
) -> Report:
    """Run `rules` over `project`. Only diagnostics located in the run's target files are kept,
    unless `keep_all` (a change's consequences are sorted out by `phaselint.changes`)."""
    today = today or date.today()
    config = project.config
    if isinstance(rules, RuleSelection):
        # Only the rules of the methodologies in use can meet a unit: the rule modules of the
        # others are not even imported. A suppression comment is judged against the whole
        # selection (`_settle_suppressions`).
        selection: Sequence[Rule] = rules
        rules = rules.of(project.methodologies)
    else:
        selection = rules
    enabled = frozenset(r.code for r in rules)
    work = [
        (
            rule,
            RuleContext(
                rule,
                config.severity_of(rule.code, rule.severity),
                project,
                config,
                enabled,
                today,
                keep_all,
            ),
            [unit for kind in rule.targets for unit in project.units(kind)],
        )
        for rule in rules
        if rule.check is not None
    ]

    def check(keep: Callable[[Any], bool]) -> Share:
        found: list[Diagnostic] = []
        checked: set[str] = set()
        errors: list[tuple[int, int, str]] = []
        for place, (rule, context, units) in enumerate(work):
            assert rule.check is not None
            for index, unit in enumerate(units):
                if not keep(unit):
                    continue
                checked.update(p for p in unit.paths if project.is_target(p))
                try:
                    found.extend(rule.check(unit, context))
                except Exception as error:  # a defect in one rule must not take the run down
                    errors.append(
                        (
                            place,
                            index,
                            f"rule {rule.code} failed on {_unit_name(unit)}: "
                            f"{type(error).__name__}: {error}",
                        )
                    )
        return Share(found, checked, errors)

    found, checked, failures = check_all(project, work, check)
    errors = [message for *_, message in failures]
    if "PL001" in enabled:
        found.extend(_unreadable(project))
        checked.update(project.problems)
    found = _without_ignored(found, project)
    found = _settle_suppressions(found, project, selection, keep_all)
    kept = {d for d in found if keep_all or project.is_target(d.path)}
    ordered = tuple(sorted(kept, key=lambda d: d.sort_key))
    files = len({p for p in checked if project.is_target(p)})
    return Report(ordered, files, tuple(errors))


def _unit_name(unit: Any) -> str:
    return str(getattr(unit, "path", None) or getattr(unit, "folder", None) or unit)


def _engine_diagnostic(
    project: Project, code: str, path: str, line: int, column: int, length: int, message: str
) -> Diagnostic:
    rule = get_rule(code)
    default = rule.severity if rule else Severity.ERROR
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column + max(length, 1),
        code=code,
        severity=project.config.severity_of(code, default),
        message=message,
    )


def _unreadable(project: Project) -> list[Diagnostic]:
    return [
        _engine_diagnostic(project, "PL001", path, 1, 1, 1, f"{path} {message}")
        for path, message in project.problems.items()
    ]


def _ignored_codes(project: Project, path: str) -> frozenset[str]:
    selectors = [
        selector
        for pattern, codes in project.config.per_file_ignores
        if glob_matches(pattern, path)
        for selector in codes
    ]
    return resolve_codes(selectors) if selectors else frozenset()


def _without_ignored(found: list[Diagnostic], project: Project) -> list[Diagnostic]:
    if not project.config.per_file_ignores:
        return found
    cache: dict[str, frozenset[str]] = {}
    kept = []
    for diagnostic in found:
        if diagnostic.path not in cache:
            cache[diagnostic.path] = _ignored_codes(project, diagnostic.path)
        if diagnostic.code not in cache[diagnostic.path]:
            kept.append(diagnostic)
    return kept


def _settle_suppressions(
    found: list[Diagnostic], project: Project, selection: Sequence[Rule], keep_all: bool
) -> list[Diagnostic]:
    """Apply each markdown file's suppression comments; add PL002/PL003 for the comments of
    target files. With `keep_all`, other files' comments silence their diagnostics too. A
    comment is judged against every selected rule, so the selection is only listed (its rule
    modules imported) when some document holds an HTML comment."""
    from phaselint.methods import PlanningDoc
    from phaselint.suppression import apply

    selected: list[frozenset[str]] = []

    def enabled() -> frozenset[str]:
        if not selected:
            selected.append(frozenset(r.code for r in selection))
        return selected[0]

    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in found:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    linted = {doc.path for doc in project.units(PlanningDoc)}
    candidates = (linted | set(by_path)) - set(project.problems)
    settled: list[Diagnostic] = []
    for path in sorted(candidates):
        diagnostics = by_path.get(path, [])
        target = project.is_target(path)
        if not path.lower().endswith(".md") or not (target or (keep_all and diagnostics)):
            settled.extend(diagnostics)
            continue
        text = project.text(path)
        if text is None or "<!--" not in text:  # no comment, nothing to settle (nor parsed)
            settled.extend(diagnostics)
            continue
        document = project.markdown(path)
        assert document is not None
        file_enabled = enabled() - _ignored_codes(project, path)
        kept, problems = apply(document, diagnostics, enabled=file_enabled)
        settled.extend(kept)
        for problem in problems if target else ():
            if problem.code in file_enabled:
                settled.append(
                    _engine_diagnostic(
                        project,
                        problem.code,
                        path,
                        problem.line,
                        problem.column,
                        problem.length,
                        problem.message,
                    )
                )
    settled.extend(d for d in found if d.path in project.problems)
    return settled
