"""PH — phase documents (phase-based development): one file per phase, token-budgeted, summarised, archived."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from phaselint.budget import (
    TokenRange,
    find_multiplier,
    find_percent,
    find_token_ranges,
    format_tokens,
    parse_budget,
    parse_quantity,
)
from phaselint.calendar import find_duration
from phaselint.diagnostics import Diagnostic, Edit, Fix, Safety, Severity
from phaselint.document import Document, Field, Section
from phaselint.lazyre import lazy_compile
from phaselint.methods.phases import (
    COMPLETE,
    COMPLETION_SUMMARY,
    IN_PROGRESS,
    LESSONS_LEARNED,
    PROGRESS_UPDATES,
    STARTED,
    STATUS,
    TECHNICAL_DECISIONS,
    TOKEN_BUDGET,
    PhaseDoc,
    PhaseOptions,
    PhasesModel,
    Roadmap,
    month_folder,
    parse_date,
    parse_phase_title,
)
from phaselint.registry import RuleContext, rule
from phaselint.textutil import brief, clean_inline, listing, normalize_label, section_names

_FIELD_SYNONYMS = {
    "status": STATUS,
    "started": STARTED,
    "token budget": TOKEN_BUDGET,
}
_NOT_YET_STARTED = ("Planned", "Deferred")
# A template placeholder: one short line such as "(Added when phase complete)" or "TBD".
_PLACEHOLDER = lazy_compile(
    r"^\W*(?:(?:to\s+be\s+)?(?:added|written|filled(?:\s+in)?)\b[^\n]{0,80}|tbd|todo|tba|pending"
    r"|coming\s+soon|n/?a|placeholder|\.\.\.|…)\W*$",
    re.IGNORECASE,
)
_MULTI_PHASE_TITLE = lazy_compile(
    r"\bphases\s+\d+\s*(?:-|–|—|to|and|&|,|/)\s*\d+|\beverything\b|\ball\s+phases\b",
    re.IGNORECASE,
)
_DEFERRED = lazy_compile(r"\bdeferred\b", re.IGNORECASE)
_DEFERRED_REASON = lazy_compile(
    r"\bdeferred\b[^:—–(]*?(?::|—|–|\(|\bbecause\b|\breason\b|\bdue\s+to\b|\s-\s)\s*\S",
    re.IGNORECASE,
)
_ISO = lazy_compile(r"\b\d{4}-\d{2}-\d{2}\b")
_PHASE_HEADING = lazy_compile(r"^(?:v\d[\w.+-]*\s*[-–—:]\s*)?phase\s+(\d+)\b", re.IGNORECASE)

DELIVERED = section_names(
    [
        "Delivered",
        "Deliverables",
        "What Was Delivered",
        "What Was Built",
        "Outcomes",
        "Results",
        "Shipped",
    ]
)
TOKEN_USAGE = section_names(
    ["Token Usage", "Tokens Used", "Tokens Spent", "Actual", "Actual Usage", "Token Spend", "Usage"]
)
BASE_ESTIMATE = section_names(["Estimated", "Estimate", "Total Effort", "Base Estimate"])
REALITY_CHECK = section_names(["Reality Check", "Multiplier"])
ADJUSTED = section_names(["Adjusted", "Adjusted Estimate", "Adjusted Budget"])
SPENT = section_names(["Actual", "Tokens Spent", "Token Usage", "Tokens Used"])
CURRENT_WORK = section_names(
    ["Current Work", "Current Phase", "Currently Working On", "In Progress"]
)


def _required(name: str) -> frozenset[str]:
    key = normalize_label(name)
    return _FIELD_SYNONYMS.get(key, frozenset({key}))


@rule("PH001", "phase-file-name", Severity.ERROR, methodology="phases", target=PhaseDoc)
def phase_file_name(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase document's file name breaks the naming pattern, or disagrees with its title.

    ## What it does
    Checks that a phase document is named `V{VERSION}_PHASE_{N}.md` (configurable) and that its
    title — `# V1.2.0 - Phase 1: Foundation` — names the same version and phase number. A
    document without a title, or whose title does not name its phase, is reported too.

    Files of the development folder that are plainly not phase documents (a README, notes whose
    name and title mention no phase or version) are not checked; neither are master plans
    (`**Type**: Phased Plan`).

    ## Why is this bad?
    Phase-based development: "Create phase document in `docs/development/V{VERSION}_PHASE_{N}.md`". The name is
    how people and tools find the document for a phase; a title that disagrees with it means one
    of them is wrong.

    ## Example
    `docs/development/v1.2.0-phase1.md` titled `# V1.2.0 - Phase 2: Integration`.

    ## Use instead
    `docs/development/V1.2.0_PHASE_2.md` titled `# V1.2.0 - Phase 2: Integration`.

    ## How to fix
    Rename the file to the pattern, or correct the title.

    ## Options
    `[tool.phaselint.phases]`: `file-pattern`, `development-dir`, `archive-dir`.
    """
    options = doc.options
    heading = doc.document.title
    title = parse_phase_title(heading.text) if heading else None
    if doc.name_key is None:
        suggestion = _suggested_name(doc, options)
        hint = f'; rename it to "{suggestion}"' if suggestion else ""
        yield ctx.diagnostic(
            doc.path,
            1,
            1,
            f'file name "{doc.file_name}" does not follow the pattern {options.file_pattern}{hint}',
        )
    if heading is None:
        if not doc.document.is_blank():  # an empty document is PH004's to report, once
            yield ctx.diagnostic(
                doc.path,
                1,
                1,
                "phase document has no title; start it with `# V{version} - Phase {N}: <objective>`",
            )
        return
    if title is None:
        yield ctx.at_title(
            doc.path,
            doc.document,
            f'title "{brief(heading.plain, 80)}" does not name the phase; write it as '
            "`# V{version} - Phase {N}: <objective>`",
        )
        return
    if doc.name_key is None:
        return
    version, phase = doc.name_key
    if title.version is not None and title.version.casefold().lstrip("v") != version.casefold():
        yield ctx.at_title(
            doc.path,
            doc.document,
            f"title says version {title.version} but the file name says {version}; make them agree",
        )
    if title.phase != phase:
        yield ctx.at_title(
            doc.path,
            doc.document,
            f"title says Phase {title.phase} but the file name says Phase {phase}; make them agree "
            "(one file per phase)",
        )


def _suggested_name(doc: PhaseDoc, options: PhaseOptions) -> str | None:
    loose = options.loose_name_pattern.fullmatch(doc.file_name)
    if loose:
        version, phase = loose.group("version"), loose.group("phase")
    elif doc.title is not None and doc.title.version:
        version, phase = doc.title.version, str(doc.title.phase)
    else:
        return None
    return options.file_pattern.replace("{version}", version).replace("{phase}", str(int(phase)))


@rule("PH002", "multiple-phases", Severity.ERROR, methodology="phases", target=PhaseDoc)
def multiple_phases(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase document describes more than one phase.

    ## What it does
    Reports a phase document whose headings name two or more different phase numbers
    (`## Phase 1: …` and `## Phase 2: …`), or whose title or file name covers several phases
    (`Phases 1-3`, `EVERYTHING`, `All Phases`). Headings in code blocks do not count. Master
    plans that list their phases (PARA, `**Type:** Phased Plan`) are not phase documents and
    are not checked.

    ## Why is this bad?
    Phase-based development: "Don't: Mix Multiple Phases in One Document … `V1.2.0_EVERYTHING.md` covering
    Phases 1-3. Why: Hard to track individual phase progress. Use one file per phase."

    ## Example
    `V1.2.0_EVERYTHING.md` with `## Phase 1: Foundation`, `## Phase 2: Integration`.

    ## Use instead
    `V1.2.0_PHASE_1.md` and `V1.2.0_PHASE_2.md`, one phase each.

    ## How to fix
    Split the document: one file per phase, each with its own status, budget and summary.
    """
    heading = doc.document.title
    names = [doc.file_name] + ([heading.text] if heading else [])
    for text in names:
        match = _MULTI_PHASE_TITLE.search(clean_inline(text.replace("_", " ")))
        if match:
            where = "title" if heading is not None and text == heading.text else "file name"
            message = (
                f'{where} "{match.group()}" covers several phases; one file per phase — split it '
                "into V{version}_PHASE_{N}.md documents"
            )
            if where == "title":
                yield ctx.at_title(doc.path, doc.document, message)
            else:
                yield ctx.diagnostic(doc.path, 1, 1, message)
            return
    first: dict[int, int] = {}
    for candidate in doc.document.headings:
        match = _PHASE_HEADING.match(normalize_label(candidate.text))
        if match is None:
            continue
        number = int(match.group(1))
        if number in first:
            continue
        first[number] = candidate.line
        if len(first) > 1:
            original = next(iter(first))
            yield ctx.diagnostic(
                doc.path,
                candidate.line,
                candidate.column,
                f"describes Phase {number} as well as Phase {original} (line {first[original]}); "
                f"one file per phase — move Phase {number} to its own phase document",
                length=len(candidate.text),
            )


@rule("PH003", "duplicate-phase", Severity.ERROR, methodology="phases", target=PhaseDoc)
def duplicate_phase(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Two phase documents exist for the same version and phase number.

    ## What it does
    Compares the version and phase number that phase documents' file names give, across the
    development folder and the archive, and reports each document of a pair (or more), naming
    the other(s). `V1.2.0_PHASE_1.md` in `docs/development/` and again in
    `docs/archive/development-history/2025-12/` is a duplicate.

    ## Why is this bad?
    Phase-based development: "One file per phase". Two documents for one phase disagree sooner or later, and
    nobody knows which is true.

    ## Example
    `docs/development/V1.2.0_PHASE_1.md` and
    `docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md`.

    ## How to fix
    Keep one document per phase: merge the two, delete the stale copy, or renumber the phase that
    is really a different one.
    """
    if doc.name_key is None:
        return
    model = ctx.project.model(PhasesModel)
    if model is None:
        return
    key = (doc.name_key[0].casefold(), doc.name_key[1])
    others = [path for path in model.by_key.get(key, []) if path != doc.path]
    if others:
        listed = ", ".join(others)
        yield ctx.diagnostic(
            doc.path,
            1,
            1,
            f"V{doc.name_key[0]} Phase {doc.name_key[1]} is also documented in {listed}; one file "
            "per phase — merge them or renumber the one that is a different phase",
        )


@rule("PH004", "missing-field-or-section", Severity.ERROR, methodology="phases", target=PhaseDoc)
def missing_field_or_section(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase document lacks a required field or section.

    ## What it does
    Checks for the bold fields `**Status**:`, `**Started**:` and `**Token Budget**:` (with a
    value) and the sections `## Objectives` and `## Deliverables`. Names are matched ignoring
    case, emphasis, emoji, numbering and trailing colons (`**Status:**`, `## 1. Objectives` are
    fine). A phase whose status is Planned or Deferred has not started, so `Started` is not
    required of it. Both lists are configurable.

    ## Why is this bad?
    Phase-based development's phase document structure: every phase document has a status, a start date and a
    token budget, objectives and deliverables. Without them the phase cannot be tracked,
    budgeted or checked off.

    ## Example
    ```markdown
    # V1.2.0 - Phase 1: Foundation

    **Status**: In Progress
    ```

    ## Use instead
    ```markdown
    # V1.2.0 - Phase 1: Foundation

    **Status**: In Progress
    **Started**: 2025-12-22
    **Token Budget**: 500K-800K tokens

    ## Objectives
    - Implement JWT service

    ## Deliverables
    - [ ] JWT service
    ```

    ## How to fix
    Add the missing field below the title, or the missing section.

    ## Options
    `[tool.phaselint.phases]`: `required-fields`, `required-sections`.
    """
    options = doc.options
    if doc.document.is_blank():
        yield ctx.diagnostic(
            doc.path,
            1,
            1,
            "phase document is empty; write its title, status, start date, token budget, "
            "objectives and deliverables",
        )
        return
    for name in options.required_fields:
        names = _required(name)
        if names == STARTED and doc.status in _NOT_YET_STARTED:
            continue
        found = doc.field(names)
        if found is None:
            example = {
                "status": "In Progress",
                "started": "YYYY-MM-DD",
                "token budget": "500K-800K tokens",
            }
            value = example.get(normalize_label(name), "…")
            yield ctx.at_title(
                doc.path,
                doc.document,
                f"missing the `**{name}**:` field; add `**{name}**: {value}` below the title",
            )
        elif not found.value.strip():
            yield ctx.diagnostic(
                doc.path,
                found.line,
                found.column,
                f"the `**{name}**:` field is empty; fill it in",
                length=len(found.name) + 4,
            )
    for name in options.required_sections:
        if doc.document.find_section(section_names([name])) is None:
            yield ctx.at_title(doc.path, doc.document, f"missing the `## {name}` section; add it")


@rule("PH005", "unknown-status", Severity.ERROR, methodology="phases", target=PhaseDoc)
def unknown_status(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase document's status is not one of the known statuses.

    ## What it does
    Checks the `**Status**:` value against the configured statuses — by default Planned, In
    Progress, Paused, Blocked, Complete, Deferred, with `Completed` and `Done` accepted as
    Complete. Case, emphasis and emoji are ignored, and a note may follow the status (`Deferred
    to v0.4.17`, `✅ Complete`). Complete and In Progress carry meaning for other rules (PH006,
    PH007, PH013, CLR001); other statuses are just accepted.

    On a change (`--staged`, `--diff-base`) it also reports a phase that was Complete at the
    base and no longer is (moved or not): phase-based development closes a phase with its completion summary
    and archives it; work that turns up later goes into the next phase (its deliverables say
    "deferred to …"), not into a reopened one. Moving between the other statuses is free.

    ## Why is this bad?
    Phase-based development tracks every phase through a small set of states ("Can be paused and resumed";
    "Previous phase complete (or intentionally paused)"). A status outside that set cannot be
    acted on: is `Almost done` complete? A closed phase that reopens makes its completion
    summary, token usage and lessons untrue.

    ## Example
    ```markdown
    **Status**: Almost done
    ```

    ## Use instead
    ```markdown
    **Status**: In Progress
    ```

    ## How to fix
    Use one of the statuses, or add yours to `statuses` / `status-aliases` in the configuration.

    ## Options
    `[tool.phaselint.phases]`: `statuses`, `status-aliases`.
    """
    field = doc.status_field
    if field is None or not field.value.strip():
        return
    if doc.status is None:
        choices = ", ".join(doc.options.statuses)
        yield ctx.at_field(
            doc.path,
            field,
            f'status "{brief(clean_inline(field.value), 60)}" is not one of {choices}; use one of them',
        )
        return
    if doc.is_complete:
        return
    model = ctx.project.model(PhasesModel)
    before = model.at_base(doc) if model is not None else None
    if before is not None and before.is_complete:
        yield ctx.at_field(
            doc.path,
            field,
            f"the phase was {COMPLETE} and is now {doc.status}; a completed phase stays closed "
            "— put further work in the next phase's document",
        )


class SummaryProblem(NamedTuple):
    """What is wrong with a phase's completion summary, and where to point."""

    line: int
    column: int
    length: int
    message: str


def summary_problem(doc: PhaseDoc, *, lessons: bool) -> SummaryProblem | None:
    """The completion-summary problem of a phase document (PH006's conditions), if any."""
    document = doc.document
    section = doc.section(COMPLETION_SUMMARY)
    if section is None:
        line, column = (
            (doc.status_field.line, doc.status_field.column) if doc.status_field else doc.anchor
        )
        return SummaryProblem(
            line,
            column,
            1,
            "has no `## Completion Summary`; add one with the completion date, token usage against "
            "the estimate, what was delivered and lessons learned",
        )
    heading = section.heading
    body = document.body_text(section).strip()
    if not body or not document.has_content(section) or _PLACEHOLDER.match(body):
        first = body.split("\n", 1)[0].strip()
        shown = f' "{brief(first, 60)}"' if first else ""
        return SummaryProblem(
            heading.line,
            heading.column,
            len(heading.text),
            f"Completion Summary is still a placeholder{shown}; write it: completion date, token "
            "usage against the estimate, what was delivered, lessons learned",
        )
    missing = [
        part for part, present in _summary_parts(doc, section, lessons=lessons) if not present
    ]
    if not missing:
        return None
    listed = listing(missing)
    return SummaryProblem(
        heading.line,
        heading.column,
        len(heading.text),
        f"Completion Summary lacks {listed}; add {'it' if len(missing) == 1 else 'them'} "
        "(e.g. `**Completed**: 2025-12-23`, `**Token Usage**: 650K / 750K-1.2M estimated`, "
        "`**Delivered**:`, `**Lessons Learned**:`)",
    )


def _summary_parts(doc: PhaseDoc, section: Section, *, lessons: bool) -> list[tuple[str, bool]]:
    document = doc.document
    body = document.body_text(section)
    labels = {f.key for f in document.fields_in(section)}
    labels |= {s.heading.title for s in document.sections_within(section)}
    ranges = find_token_ranges(body)
    compared = len(ranges) > 1 or bool(
        re.search(r"\b(?:estimate|estimated|budget|under|over)\b", body, re.I)
    )
    parts = [
        ("the completion date", bool(_ISO.search(body))),
        ("token usage against the estimate", bool(ranges) and compared),
        ("what was delivered", bool(labels & DELIVERED)),
    ]
    if lessons:
        parts.append(("lessons learned", bool(labels & LESSONS_LEARNED) or has_lessons(document)))
    return parts


def has_lessons(document: Document) -> bool:
    """Whether lessons learned are recorded anywhere: a section with content, or a field with a
    value or with list items right below it."""
    if any(document.has_content(s) for s in document.find_sections(LESSONS_LEARNED)):
        return True
    return any(
        f.value.strip() or _has_items_after(document, f)
        for f in document.field_values(LESSONS_LEARNED)
        if f.bold
    )


@rule("PH006", "completion-summary", Severity.ERROR, methodology="phases", target=PhaseDoc)
def completion_summary(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A Complete phase has no real completion summary.

    ## What it does
    For an active phase document whose status is Complete, checks the `## Completion Summary`
    section: it must exist, must not be the template's placeholder (`(Added when phase
    complete)`, `TBD`, empty, only headings), and must hold the summary's parts — the completion
    date (an ISO date), token usage against the estimate (`650K / 750K-1.2M estimated`, or a
    quantity with "estimate"/"budget"/"under"/"over"), what was delivered (`**Delivered**:` or a
    Delivered heading) and lessons learned (in the summary, or a Lessons Learned section
    anywhere in the document). All missing parts are reported in one diagnostic.

    Archived phase documents are checked by PH012, which reports the same conditions as
    "archived without its completion summary", so one problem is reported once.

    ## Why is this bad?
    Phase-based development: "When completing a phase: Add completion summary to phase document", and the
    closing checklist: "Completion summary written … Token usage recorded (vs. budget) …
    Lessons learned documented".

    ## Example
    ```markdown
    **Status**: Complete

    ## Completion Summary
    (Added when phase complete)
    ```

    ## Use instead
    ```markdown
    ## Completion Summary
    **Completed**: 2025-12-23
    **Token Usage**: 650K / 750K-1.2M estimated (13% under budget)

    **Delivered**:
    - ✅ JWT service with generation, validation, refresh

    **Lessons Learned**:
    - PyJWT was easier to use than expected
    ```

    ## How to fix
    Write the summary before marking the phase Complete.

    ## Fix safety
    A Complete phase without a `## Completion Summary` section gets one at the end of the
    document, holding what the document already says: the completion date (its `**Completed**`
    field, else today) and, as `**Delivered**:`, the deliverables checked off. Token usage and
    lessons learned are left for the author — phaselint cannot know them, so it keeps asking for
    them. Unsafe: today may not be the day the phase was completed, and the author decides what
    the summary says.
    """
    if not doc.is_complete or doc.archived:
        return
    problem = summary_problem(doc, lessons=True)
    if problem is not None:
        message = problem.message
        fix = None
        if message.startswith("has no"):
            message = f"phase is Complete but {message}"
            fix = _summary_skeleton(doc, ctx.today)
        yield ctx.diagnostic(
            doc.path, problem.line, problem.column, message, length=problem.length, fix=fix
        )


def _summary_skeleton(doc: PhaseDoc, today: date) -> Fix:
    """A `## Completion Summary` at the end of the document with what it already says: the
    completion date and the deliverables checked off."""
    lines = doc.document.lines
    done = doc.completed or today
    parts = ["## Completion Summary", f"**Completed**: {done.isoformat()}"]
    delivered = [clean_inline(item.text.split("\n", 1)[0]) for item in doc.deliverables]
    checked = [text for item, text in zip(doc.deliverables, delivered, strict=True) if item.checked]
    if checked:
        parts += ["", "**Delivered**:", *(f"- {text}" for text in checked)]
    body = "\n".join(parts) + "\n"
    last = lines[-1] if lines else ""
    if last:  # no line break at the end: end the last line first
        text, column = "\n\n" + body.rstrip("\n"), len(last) + 1
    else:
        blank = len(lines) >= 2 and not lines[-2].strip()
        text, column = ("" if blank else "\n") + body, 1
    line = max(len(lines), 1)
    return Fix(
        "add a Completion Summary with the completion date and the deliverables checked off",
        (Edit(line, column, line, column, text),),
        Safety.UNSAFE,
    )


@rule("PH007", "unchecked-deliverables", Severity.ERROR, methodology="phases", target=PhaseDoc)
def unchecked_deliverables(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A Complete phase still has unchecked deliverables.

    ## What it does
    For a phase document whose status is Complete, reports every unchecked item (`- [ ]`) of its
    Deliverables section, unless the item says it is deferred and why (`— deferred to v0.4.17:
    needs AVX2`, `(deferred: hardware limits)`). An item that says "deferred" without a reason is
    still reported.

    ## Why is this bad?
    Phase-based development, before closing a phase: "All deliverables complete (or deferred with reason)".

    ## Example
    ```markdown
    **Status**: Complete

    ## Deliverables
    - [x] JWT service
    - [ ] Token expiry handling
    ```

    ## Use instead
    ```markdown
    ## Deliverables
    - [x] JWT service
    - [ ] Token expiry handling — deferred to v1.3.0: depends on the session store
    ```

    ## How to fix
    Check the item off if it is done; otherwise mark it deferred with the reason, or move the
    status back to In Progress.
    """
    if not doc.is_complete:
        return
    document = doc.document
    for item in doc.deliverables:
        if not item.open:
            continue
        if _DEFERRED_REASON.search(item.text):
            continue
        text = clean_inline(item.text.split("\n", 1)[0])
        detail = (
            'says deferred but not why; add the reason (e.g. "— deferred to v1.3.0: reason")'
            if _DEFERRED.search(item.text)
            else "check it off, or mark it deferred with the reason "
            '(e.g. "— deferred to v1.3.0: reason")'
        )
        yield ctx.diagnostic(
            doc.path,
            item.line,
            item.column,
            f'deliverable "{brief(text, 80)}" is unchecked but the phase is Complete; {detail}',
            end_column=max(len(document.line(item.line)) + 1, item.column + 3),
        )


@rule("PH008", "budget-format", Severity.ERROR, methodology="phases", target=PhaseDoc)
def budget_format(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The token budget is not a token quantity or range.

    ## What it does
    Parses the `**Token Budget**:` value as a token quantity or range: `500K-800K tokens`,
    `~250K tokens`, `1.2M`, `500,000 tokens`, `500-800K` (the suffix applies to both ends).
    A value that is not one (`TBD`, `a lot`) is reported, as is a range whose low end exceeds its
    high end. A value given in time (`2-3 weeks`) is CAL002's to report, not this rule's.

    ## Why is this bad?
    Phase-based development: "Each phase has a token budget tracked throughout". A budget that does not parse
    cannot be tracked, compared or summed.

    ## Example
    ```markdown
    **Token Budget**: TBD
    **Token Budget**: 800K-500K tokens
    ```

    ## Use instead
    ```markdown
    **Token Budget**: 500K-800K tokens
    ```

    ## How to fix
    Write the budget as a quantity or range with a K/M suffix or the word "tokens".
    """
    field = doc.field(TOKEN_BUDGET)
    if field is None or not field.value.strip() or find_duration(field.value) is not None:
        return
    budget = parse_budget(field.value)
    if budget is None:
        yield ctx.at_field(
            doc.path,
            field,
            f'token budget "{brief(clean_inline(field.value))}" is not a token quantity; write it as '
            '"500K-800K tokens" (or "~250K tokens", "1.2M")',
        )
    elif budget.low > budget.high:
        yield ctx.diagnostic(
            doc.path,
            field.line,
            field.value_column + budget.start,
            f'token budget "{budget.text}" runs backwards (its low end exceeds its high end); '
            f'write it as "{format_tokens(budget.high)}-{format_tokens(budget.low)} tokens"',
            length=len(budget.text),
        )


@rule("PH009", "phase-too-large", Severity.WARNING, methodology="phases", target=PhaseDoc)
def phase_too_large(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase's token budget is larger than one phase should be.

    ## What it does
    Reports a phase whose budget's upper bound (the `**Token Budget**:` field, or a budget in
    the title) exceeds the configured maximum, 2M tokens by default.

    ## Why is this bad?
    Phase-based development: "Don't: Create Overly Large Phases — Phase 1: Complete Entire Authentication
    System (3M-5M tokens). Why: Too large to track, test, or review effectively. Break into
    smaller phases (Foundation, Integration, Polish)."

    ## Example
    ```markdown
    **Token Budget**: 3M-5M tokens
    ```

    ## Use instead
    Three phases of 500K-800K, 400K-600K and 300K-500K tokens.

    ## How to fix
    Split the phase along its objectives, or raise `max-budget` if your phases are larger by
    design.

    ## Options
    `[tool.phaselint.phases]`: `max-budget`.
    """
    found = doc.budget
    if found is None:
        return
    budget, line, column = found
    limit = parse_quantity(doc.options.max_budget)
    top = max(budget.low, budget.high)
    if top > limit:
        yield ctx.diagnostic(
            doc.path,
            line,
            column,
            f"token budget tops out at {format_tokens(top)} tokens, over the {format_tokens(limit)} "
            "maximum for one phase; split it into smaller phases (e.g. Foundation, Integration, "
            "Polish)",
            length=len(budget.text),
        )


@rule("PH010", "budget-arithmetic", Severity.WARNING, methodology="phases", target=PhaseDoc)
def budget_arithmetic(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The budget arithmetic of a phase document does not add up.

    ## What it does
    Checks two kinds of sums, within a tolerance (default 5% and 5 percentage points):

    - **Adjusted estimate**: `**Adjusted**:` must equal the base estimate (`**Estimated**:`,
      `**Total Effort**:`, else `**Token Budget**:`) times the `**Reality Check**:` multiplier
      (`(1.5x)`), at both ends of the range.
    - **Stated percentages**: a field that states `N% complete` or `N% under/over budget` must
      agree with the tokens spent (a quantity in the same value, else the `Actual`/`Tokens
      Spent`/`Token Usage` field) against the estimate (a range in the same value, else
      `Adjusted`, else `Token Budget`). Against a range, any percentage between its ends is
      accepted.

    ## Why is this bad?
    Phase-based development plans with "Reality Check: Normal Chaos (1.5x) … Adjusted: 750K-1.2M tokens" and
    tracks "Progress: 600K / 750K-1.2M tokens (50-80% complete)". Numbers that do not add up
    mislead whoever decides whether to continue, defer or split the phase.

    ## Example
    ```markdown
    **Estimated**: 500K-800K tokens
    **Reality Check**: Normal Chaos (1.5x)
    **Adjusted**: 600K-900K tokens
    ```

    ## Use instead
    ```markdown
    **Adjusted**: 750K-1.2M tokens
    ```

    ## How to fix
    Recompute the figure, or correct the input it came from.

    ## Options
    `[tool.phaselint.phases]`: `arithmetic-tolerance`.
    """
    tolerance = float(doc.options.arithmetic_tolerance)
    yield from _adjusted(doc, ctx, tolerance)
    yield from _percentages(doc, ctx, tolerance)


def _first_range(doc: PhaseDoc, names: frozenset[str]) -> tuple[Field, TokenRange] | None:
    for field in doc.document.field_values(names):
        if not field.bold:
            continue
        found = find_token_ranges(field.value)
        if found:
            return field, found[0]
    return None


def _adjusted(doc: PhaseDoc, ctx: RuleContext, tolerance: float) -> Iterator[Diagnostic]:
    base = _first_range(doc, BASE_ESTIMATE) or _first_range(doc, TOKEN_BUDGET)
    adjusted = _first_range(doc, ADJUSTED)
    check = doc.field(REALITY_CHECK)
    multiplier = find_multiplier(check.value) if check else None
    if base is None or adjusted is None or multiplier is None:
        return
    (_, estimate), (field, stated) = base, adjusted
    expected = (estimate.low * multiplier, estimate.high * multiplier)
    if all(
        _close(actual, wanted, tolerance)
        for actual, wanted in zip((stated.low, stated.high), expected, strict=True)
    ):
        return
    shown = f"{format_tokens(int(expected[0]))}-{format_tokens(int(expected[1]))}"
    yield ctx.diagnostic(
        doc.path,
        field.line,
        field.value_column + stated.start,
        f"adjusted estimate {stated.text} is not {estimate.text} × {multiplier:g} = {shown} "
        f"(more than {tolerance:g}% off); correct the arithmetic",
        length=len(stated.text),
    )


def _close(actual: float, wanted: float, tolerance: float) -> bool:
    return wanted == 0 or abs(actual - wanted) / wanted * 100 <= tolerance


def _percentages(doc: PhaseDoc, ctx: RuleContext, tolerance: float) -> Iterator[Diagnostic]:
    document = doc.document
    references = [
        found[1]
        for found in (
            _first_range(doc, ADJUSTED),
            _first_range(doc, TOKEN_BUDGET),
            _first_range(doc, BASE_ESTIMATE),
        )
        if found is not None
    ]
    spent_field = _first_range(doc, SPENT)
    for field in document.fields:
        if not field.bold:
            continue
        percent = find_percent(field.value)
        if percent is None:
            continue
        low, high, start, end = percent
        after = field.value[end : end + 30].casefold()
        kind = next(
            (k for k in ("complete", "under", "over") if after.lstrip(" )").startswith(k)), None
        )
        if kind is None:
            continue
        ranges = find_token_ranges(field.value)
        spent = ranges[0] if ranges else (spent_field[1] if spent_field else None)
        estimates = ranges[1:2] or [r for r in references if r is not spent]
        if spent is None or not estimates:
            continue
        # Against several candidate estimates, any one that agrees is enough.
        verdicts = [_percent_range(spent, estimate, kind) for estimate in estimates]
        if any(high >= r[0] - tolerance and low <= r[1] + tolerance for r in verdicts if r):
            continue
        ratios = verdicts[0]
        if ratios is None:
            continue
        estimate = estimates[0]
        computed = (
            f"{ratios[0]:.0f}%"
            if abs(ratios[1] - ratios[0]) < 0.5
            else f"{ratios[0]:.0f}-{ratios[1]:.0f}%"
        )
        stated = field.value[start:end]
        yield ctx.diagnostic(
            doc.path,
            field.line,
            field.value_column + start,
            f'"{stated} {kind}" disagrees with {spent.text} against {estimate.text} '
            f"(which makes {computed}); correct the percentage or the token figures",
            length=len(stated),
        )


def _percent_range(
    spent: TokenRange, estimate: TokenRange, kind: str
) -> tuple[float, float] | None:
    """The percentages `spent` makes of `estimate` (complete, under or over budget)."""
    if min(estimate.low, estimate.high) <= 0:
        return None
    ratios = sorted((spent.high / estimate.low * 100, spent.high / estimate.high * 100))
    if kind == "under":
        ratios = sorted(100 - r for r in ratios)
    elif kind == "over":
        ratios = sorted(r - 100 for r in ratios)
    return ratios[0], ratios[1]


@rule("PH011", "progress-updates", Severity.ERROR, methodology="phases", target=PhaseDoc)
def progress_updates(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Progress updates are not dated, not in order, or dated outside the phase.

    ## What it does
    Checks the headings of the Progress Updates section (`### 2025-12-22: Started JWT
    Implementation`): each must carry an ISO date (YYYY-MM-DD) that is a real date; dates must
    not go backwards; none may be before the `**Started**:` date, after the `**Completed**:`
    date, or in the future.

    ## Why is this bad?
    Phase-based development: "Dated updates - Track progress with timestamps"; "During phase: Add dated progress
    updates to phase document". Undated or misdated updates make the phase's history unreadable.

    ## Example
    ```markdown
    **Started**: 2025-12-22

    ## Progress Updates
    ### Week 2 progress
    ### 2025-12-20: JWT service skeleton
    ```

    ## Use instead
    ```markdown
    ## Progress Updates
    ### 2025-12-22: JWT service skeleton
    ### 2025-12-23: Validation complete
    ```

    ## How to fix
    Date each update's heading with the day it happened, and keep them in order.
    """
    document = doc.document
    section = doc.section(PROGRESS_UPDATES)
    if section is None:
        return
    previous: tuple[date, int] | None = None
    for update in document.subsections(section):
        heading = update.heading
        match = _ISO.search(heading.text)
        when = parse_date(heading.text) if match else None
        column = heading.column + (match.start() if match else 0)
        length = 10 if match else len(heading.text)
        if match is None:
            yield ctx.at_heading(
                doc.path,
                heading,
                f'progress update "{brief(heading.plain, 80)}" has no ISO date; start its heading with the '
                "date (`### YYYY-MM-DD: what happened`)",
            )
            continue
        if when is None:
            yield ctx.diagnostic(
                doc.path,
                heading.line,
                column,
                f"progress update date {match.group()} is not a real date; correct it",
                length=length,
            )
            continue
        problem = None
        if previous is not None and when < previous[0]:
            problem = (
                f"progress update dated {when} comes after one dated {previous[0]} (line "
                f"{previous[1]}); keep updates in chronological order"
            )
        elif doc.started is not None and when < doc.started:
            problem = f"progress update dated {when} is before the phase started ({doc.started}); correct the date"
        elif doc.completed is not None and when > doc.completed:
            problem = f"progress update dated {when} is after the phase completed ({doc.completed}); correct the date"
        elif when > ctx.today:
            problem = f"progress update dated {when} is in the future (today is {ctx.today}); correct the date"
        if problem:
            yield ctx.diagnostic(doc.path, heading.line, column, problem, length=length)
        if previous is None or when >= previous[0]:
            previous = (when, heading.line)


@rule("PH012", "archive-incomplete-phase", Severity.ERROR, methodology="phases", target=PhaseDoc)
def archive_incomplete_phase(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase document was archived before it was complete and summarised.

    ## What it does
    For a phase document under the archive (`docs/archive/…`), reports: a status other than
    Complete; a missing, placeholder or partial completion summary (the conditions of PH006,
    which leaves archived documents to this rule); and a folder that is not a `YYYY-MM` folder
    directly under the archive folder (`docs/archive/development-history/2025-12/`). A phase
    document dropped elsewhere under `docs/archive/` is reported for its folder.

    Moves into the archive in a staged commit are checked the same way, on the staged content.

    ## Why is this bad?
    Phase-based development: "Don't: Archive Incomplete Phases … Archive only when phase is 100% complete. Keep
    in `docs/development/` until done", and "Archive all phase documents to
    `docs/archive/development-history/YYYY-MM/`".

    ## Example
    `docs/archive/V1.2.0_PHASE_1.md` with `**Status**: In Progress`.

    ## Use instead
    `docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md` with `**Status**: Complete` and
    its completion summary.

    ## How to fix
    Move the document back to `docs/development/` until the phase is done; write its completion
    summary; archive it under the month it completed.
    """
    if not doc.archived:
        return
    options = doc.options
    if month_folder(doc.path, options) is None:
        folder = posixpath.dirname(doc.path) or "."
        month = doc.completed.strftime("%Y-%m") if doc.completed else "YYYY-MM"
        yield ctx.diagnostic(
            doc.path,
            1,
            1,
            f"archived phase document sits in {folder}/, not in a YYYY-MM folder of "
            f"{options.archive_dir}/; move it to {options.archive_dir}/{month}/",
        )
    if doc.status != COMPLETE:
        status = clean_inline(doc.status_field.value) if doc.status_field else "missing"
        message = (
            f"phase archived with status {status}, not Complete; archive only complete phases — "
            f"move it back to {options.development_dir}/ until it is done"
        )
        if doc.status_field is not None and doc.status_field.value.strip():
            yield ctx.at_field(doc.path, doc.status_field, message)
        else:
            yield ctx.at_title(doc.path, doc.document, message)
        return
    problem = summary_problem(doc, lessons=True)
    if problem is not None:
        yield ctx.diagnostic(
            doc.path,
            problem.line,
            problem.column,
            f"phase archived without its completion summary: {problem.message}",
            length=problem.length,
        )


@rule("PH013", "roadmap-current-work", Severity.WARNING, methodology="phases", target=Roadmap)
def roadmap_current_work(roadmap: Roadmap, ctx: RuleContext) -> Iterator[Diagnostic]:
    """ROADMAP.md's Current Work does not match the phase documents.

    ## What it does
    Reads the "Current Work" section of the roadmap (`ROADMAP.md`, else `docs/ROADMAP.md`) and
    reports an In Progress phase document it does not mention (by file name, path, or as
    `V1.2.0 - Phase 1`), and a phase document it mentions (by file name or link) that does not
    exist, active or archived. Without a roadmap this rule is silent.

    ## Why is this bad?
    Phase-based development, when starting a phase: "Update ROADMAP.md 'Current Work' section"; during a phase:
    "ROADMAP.md 'Current Work' accurate".

    ## Example
    `V1.2.0_PHASE_2.md` is In Progress; ROADMAP.md's Current Work still lists
    `V1.2.0_PHASE_1.md` only.

    ## How to fix
    Update Current Work when a phase starts or finishes.
    """
    document = roadmap.document
    section = document.find_section(CURRENT_WORK)
    # File names are usually written as inline code: read the section with code spans kept.
    body = ""
    if section is not None:
        body = "\n".join(
            document.line(number)
            for number in range(section.body_start, section.end_line + 1)
            if document.unquoted[number - 1] is not None
        ).casefold()
    for doc in roadmap.phase_docs:
        if doc.status != IN_PROGRESS or _mentions(body, doc):
            continue
        where = "Current Work" if section else "the roadmap (it has no Current Work section)"
        line, column, length = (
            (section.heading.line, section.heading.column, len(section.heading.text))
            if section
            else (1, 1, 1)
        )
        yield ctx.diagnostic(
            roadmap.path,
            line,
            column,
            f"{where} does not mention {doc.path}, which is In Progress; add it",
            length=length,
        )
    if section is None:
        return
    known = {posixpath.basename(path).casefold() for path in roadmap.known_files}
    pattern = roadmap.phase_docs[0].options.loose_name_pattern if roadmap.phase_docs else None
    for number in range(section.body_start, section.end_line + 1):
        if document.unquoted[number - 1] is None:
            continue  # a code block: examples, not mentions
        for match in re.finditer(r"[\w./-]+\.md\b", document.line(number)):
            name = posixpath.basename(match.group())
            if pattern is None or not pattern.fullmatch(name) or name.casefold() in known:
                continue
            yield ctx.diagnostic(
                roadmap.path,
                number,
                match.start() + 1,
                f"Current Work mentions {name}, which no longer exists; update Current Work",
                length=len(match.group()),
            )


def _mentions(body: str, doc: PhaseDoc) -> bool:
    if doc.file_name.casefold() in body or doc.path.casefold() in body:
        return True
    key = doc.name_key or (
        (doc.title.version, doc.title.phase) if doc.title and doc.title.version else None
    )
    if key is None:
        return False
    version, phase = key
    pattern = rf"\bv?{re.escape(str(version).casefold())}\s*[-–—:,]?\s*phase\s+{phase}\b"
    return re.search(pattern, body) is not None


@rule(
    "PH014", "complete-without-knowledge", Severity.WARNING, methodology="phases", target=PhaseDoc
)
def complete_without_knowledge(doc: PhaseDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A Complete phase records no technical decisions (or no lessons learned).

    ## What it does
    For a phase document whose status is Complete, reports a missing or empty `## Technical
    Decisions` section, and missing lessons learned (a Lessons Learned section or field with
    content). Lessons learned are also part of the completion summary that PH006 (PH012 for an
    archived document) checks as an error; while that rule is enabled this one leaves lessons
    learned to it, so one missing part is reported once.

    ## Why is this bad?
    Phase-based development: "During phase: Document technical decisions"; "Before Closing Phase: Lessons
    learned documented". A phase that closes without them loses "context, decisions, and
    progress visibility".

    ## Example
    A Complete phase document without a Technical Decisions section.

    ## Use instead
    ```markdown
    ## Technical Decisions
    - **JWT Library**: Chose PyJWT over python-jose (better maintained, simpler API)
    ```

    ## How to fix
    Write down the decisions made during the phase and what was learned.
    """
    if not doc.is_complete:
        return
    document = doc.document
    decisions = document.find_section(TECHNICAL_DECISIONS)
    if decisions is None:
        yield ctx.at_title(
            doc.path,
            doc.document,
            "phase is Complete but has no `## Technical Decisions` section; record the "
            "decisions made during the phase",
        )
    elif not document.has_content(decisions):
        yield ctx.at_heading(
            doc.path,
            decisions.heading,
            "Technical Decisions is empty; record the decisions made during the phase",
        )
    if ctx.is_enabled("PH012" if doc.archived else "PH006"):
        return
    if not has_lessons(document):
        yield ctx.at_title(
            doc.path,
            doc.document,
            "phase is Complete but records no lessons learned; add a Lessons Learned section",
        )


def _has_items_after(document: Document, field: Field) -> bool:
    """A `**Lessons Learned**:` field with an empty value followed by list items."""
    following = document.line(field.line + 1).strip()
    return following.startswith(("-", "*", "+")) or bool(re.match(r"\d+[.)]", following))
