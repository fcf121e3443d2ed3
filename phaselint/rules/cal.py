"""CAL — no calendar-based planning (phase-based development; every methodology's planning documents).

Only headings and the named fields are scanned, never running prose, so a dated progress update
or a sentence that mentions a week is not flagged. Code blocks and inline code are never scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phaselint.calendar import (
    CalendarOptions,
    Span,
    find_date_range,
    find_deadline,
    find_duration,
    find_periods,
    is_phase_heading,
    may_hold_period,
    may_name_phase,
    starts_with_period,
)
from phaselint.diagnostics import Diagnostic, Severity
from phaselint.document import Document, Field, Heading
from phaselint.lazyre import lazy_compile
from phaselint.methods import PlanningDoc, StructuredData
from phaselint.registry import RuleContext, rule
from phaselint.textutil import clean_inline, section_names

OBJECTIVES = frozenset({"objective", "objectives", "goal", "goals"})


def heading_prose(document: Document, heading: Heading) -> str:
    """A heading's text as prose (code spans blanked), starting at `heading.column`; read from
    the heading's own lines, not from a prose view of the whole document."""
    line = document.prose_of(heading.line)
    return line[heading.column - 1 :] if line else ""


def value_prose(document: Document, field: Field) -> str:
    """A field's value as prose, starting at `field.value_column`."""
    line = document.prose_of(field.line)
    return line[field.value_column - 1 :] if line else ""


def _is_titled(document: Document, heading: Heading) -> bool:
    return heading is document.title


@rule("CAL001", "calendar-period-name", Severity.ERROR, methodology="*", target=PlanningDoc)
def calendar_period_name(doc: PlanningDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase, stage or iteration is named after a calendar period.

    ## What it does
    Looks at the headings and titles of planning documents (phase documents, master and phase
    plans, spec artifacts, stage logs, ROADMAP.md) for calendar periods: `Week 1`, `Sprint 3`,
    `Day 2`, `Q3`, `Q3 2026`, a month (`January`; `May` and `March` only next to a number, since
    they are also words), a date range (`Dec 20-27`, `2025-12-20 to 2025-12-27`).

    A heading is checked in full when it names a phase, stage, iteration, sprint or milestone
    (`Phase 1: Week 1 (Dec 20-27)`), a planned release by its version (`v1.4.0: Foundation
    (Target: Q1 2026)`; not one marked released or done) or is the document's title; any other
    heading only when it *opens* with a period (`## Week 1`, `## Q3 2026 Goals`), after a
    roadmap's horizon if it has one (`## Next — Q3 2026: …`). Title fields (`**Phase**:`,
    `**Title**:` …) and a front-matter `title:` are checked too. A single date is not a period:
    `### 2025-12-22: Started JWT` is a dated progress update, as the method wants. `Sprint for
    v2.3.0` — a sprint as an integration event named by version (the release train) — is not a period.

    ## Why is this bad?
    Phase-based development: "Work is organized into PHASES (not weeks/sprints) with token budgets (not time
    estimates)." and, under anti-patterns, "Don't: Use Calendar-Based Phases … Calendar dates
    don't match AI development reality. Use objective-based phases with token budgets."

    ## Example
    ```markdown
    ## Phase 1: Week 1 (Dec 20-27)
    ```

    ## Use instead
    ```markdown
    ## Phase 1: Foundation (500K-800K tokens)
    ```

    ## How to fix
    Name the phase by its objective (Foundation, Integration, Polish) and move any schedule out
    of the plan; record progress as dated updates instead.

    ## Options
    `[tool.phaselint.calendar]`: `period-words`, `heading-keywords`, `title-fields`.
    """
    options = ctx.options(CalendarOptions)
    document = doc.document
    for heading in document.headings:
        if not may_hold_period(document.line(heading.line)):
            continue  # no digit, no month: no period, whatever the heading is
        text = heading_prose(document, heading)
        if not text.strip():
            continue
        if is_phase_heading(heading.text, options) or _is_titled(document, heading):
            spans = find_periods(text, options)
            what = "title" if _is_titled(document, heading) else "phase heading"
        else:
            opening = starts_with_period(text, options)
            spans = [opening] if opening else []
            what = "heading"
        for span in spans:
            yield _period(ctx, doc.path, heading.line, heading.column, span, what)
    titles = section_names(options.title_fields)
    for field in document.fields:
        if field.key in titles:
            for span in find_periods(value_prose(document, field), options):
                yield _period(ctx, doc.path, field.line, field.value_column, span, "title field")
    title = document.front_matter.get("title")
    if title is not None:
        value, line = title
        raw = document.line(line)
        start = raw.find(value) if value else -1
        if start >= 0:
            for span in find_periods(value, options):
                yield _period(ctx, doc.path, line, start + 1, span, "front-matter title")


def _at_span(
    ctx: RuleContext, path: str, line: int, column: int, span: Span, message: str
) -> Diagnostic:
    """A diagnostic covering `span`, found in text that starts at (`line`, `column`)."""
    return ctx.diagnostic(path, line, column + span.start, message, length=len(span.text))


def _period(
    ctx: RuleContext, path: str, line: int, column: int, span: Span, what: str
) -> Diagnostic:
    message = (
        f'{what} names a calendar period "{span.text}"; name the phase by its objective '
        '(e.g. "Phase 1: Foundation") and budget it in tokens, not in calendar time'
    )
    return _at_span(ctx, path, line, column, span, message)


@rule(
    "CAL002", "time-budget", Severity.ERROR, methodology="*", target=(PlanningDoc, StructuredData)
)
def time_budget(doc: PlanningDoc | StructuredData, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A budget or estimate is given in time instead of tokens.

    ## What it does
    Checks the budget and estimate fields of planning documents — `Token Budget`, `Budget`,
    `Estimate`, `Estimated`, `Effort`, `Duration`, `Timeline`, `Time Budget`, `ETA`, and in bold
    their kin (`**Estimated Duration:**`, `**Time estimate:**`, `**Estimated Time to
    Release:**`) — and the headings that name a phase, stage or iteration, for a duration: `2-3 weeks`,
    `3 days`, `1-2 hours`, `1 sprint`, `30min`, `4h`; and those fields for a schedule of dates
    (`**Timeline**: 2025-11-21 to 2025-12-05`).

    A value that records time spent is no estimate: `53 minutes (17:29 - 18:22)`, "actual",
    "took", and a report's `Duration` (a postmortem, review, status report or summary says how
    long finished work took).

    czarina's worker configurations (`.czarina/config.json`, `config-phase2.json`) are read
    too: a worker's `estimated_duration` (or `duration`, `estimate`, `timeline`) given in time
    is reported at its value.

    Stage logs (the stage-gate method) size each stage at 1–4 hours by design, so their documents are not
    checked by this rule (CAL001 and CAL003 still apply).

    ## Why is this bad?
    Phase-based development: "Phases are NOT … Time-boxed ("2-3 weeks")" — "Phases ARE … Token-budgeted
    ("500K-800K tokens")". AI development is "unpredictable in calendar time, but measurable in
    token consumption".

    ## Example
    ```markdown
    **Estimated**: 2-3 weeks
    ## Phase 2: Integration (3 days)
    ```

    ## Use instead
    ```markdown
    **Estimated**: 500K-800K tokens (M-sized effort)
    ## Phase 2: Integration (400K-600K tokens)
    ```

    ## How to fix
    Replace the duration with a token estimate (and a reality-check multiplier if you use one).

    ## Options
    `[tool.phaselint.calendar]`: `budget-fields`, `heading-keywords`.
    """
    if isinstance(doc, StructuredData):
        if doc.methodology == "czarina":
            yield from _json_durations(doc, ctx)
        return
    if doc.time_budgets:
        return
    options = ctx.options(CalendarOptions)
    document = doc.document
    budgets = section_names(options.budget_fields)
    name = doc.path.rsplit("/", 1)[-1]
    report = _REPORT_NAME.search(name) is not None
    # A quickstart or migration guide's "Estimated Time" is the reader's, not the work's.
    guide = _GUIDE_NAME.search(name) is not None
    for field in document.fields:
        if field.key not in budgets and not (
            field.bold and not guide and _ESTIMATE_KEY.match(field.key)
        ):
            continue  # kin of the configured names count as a bold field outside user guides
        value = value_prose(document, field)
        if _ELAPSED.search(value) or (report and field.key in _ELAPSED_KEYS):
            continue  # how long finished work took: `53 minutes (17:29 - 18:22)`, a report's
        span = find_duration(value)
        if span is not None:
            yield _duration(ctx, doc.path, field.line, field.value_column, span, f"`{field.name}`")
            continue
        scheduled = find_date_range(value)
        if scheduled is not None:
            message = (
                f'`{field.name}` schedules the work by dates "{scheduled.text}"; budget it in '
                'tokens (e.g. "500K-800K tokens") and record progress as dated updates'
            )
            yield _at_span(ctx, doc.path, field.line, field.value_column, scheduled, message)
    for heading in document.headings:
        if is_phase_heading(heading.text, options):
            span = find_duration(heading_prose(document, heading))
            if span is not None:
                yield _duration(ctx, doc.path, heading.line, heading.column, span, "phase heading")


# Field names of the same kind as the configured ones: `Estimated Duration`, `Time estimate`,
# `Estimated Time to Release`.
_ESTIMATE_KEY = lazy_compile(
    r"^(?!.*\b(?:sav\w*|setup|testing|reading|run|build|load|response)\b)"  # not work planned
    r"(?:estimated\s+(?:duration|total|effort|timeline|completion(?:\s+time)?|time(?:\s+to\s+\w+)?)"
    r"|(?:time|total|implementation|mvp|total\s+mvp|effort)\s+estimate)$"
)
# A value that records time spent, not time planned.
_ELAPSED = lazy_compile(
    r"\b(?:actual(?:ly)?|took|elapsed|spent)\b|\b\d{1,2}:\d{2}\s*[-–—]\s*\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# Reports look back: their `Duration` is how long the work took.
_REPORT_NAME = lazy_compile(
    r"postmortem|post-mortem|retro(?:spective)?|report|review|status|summary|log\b", re.IGNORECASE
)
_GUIDE_NAME = lazy_compile(r"quickstart|migration|guide|tutorial|readme", re.IGNORECASE)
_ELAPSED_KEYS = frozenset({"duration", "time", "elapsed", "time taken", "total time"})

#: The keys of a czarina worker configuration that hold an estimate.
ESTIMATE_KEYS = frozenset(
    {"estimated_duration", "duration", "estimate", "estimated_time", "time_estimate", "timeline"}
)


def _json_durations(data: StructuredData, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Estimates in time among the values of a JSON document, at each value's position."""
    stack: list[tuple[tuple[str | int, ...], object]] = [((), data.value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ESTIMATE_KEYS and isinstance(item, str):
                    span = find_duration(item)
                    if span is not None:
                        line, column = data.position((*path, key))
                        # The value's opening quote is at `column`; escapes shift nothing in
                        # the plain text an estimate is written in.
                        yield _duration(ctx, data.path, line, column + 1, span, f"`{key}`")
                else:
                    stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def _duration(
    ctx: RuleContext, path: str, line: int, column: int, span: Span, where: str
) -> Diagnostic:
    message = (
        f'{where} gives a time estimate "{span.text}"; budget work in tokens '
        '(e.g. "500K-800K tokens"), not in time'
    )
    return _at_span(ctx, path, line, column, span, message)


@rule("CAL003", "deadline", Severity.ERROR, methodology="*", target=PlanningDoc)
def deadline(doc: PlanningDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase is driven by a deadline.

    ## What it does
    Reports a deadline in a planning document: a `Due`, `Deadline`, `Due Date` or `Target Date`
    field whose value is a date or a day (`2026-01-15`, `December 15`, `Friday`, `end of
    week`), and `Due <date>` / `due by <date|weekday>` in a phase heading, in a listed
    milestone or phase (`- **Milestone 1.1:** Charter (Due: 2026-03-10)`) or an objective (an
    `**Objective**:` field, or the Objectives section). A field that states no date (`N/A`,
    `none`, or a description such as a data model's "Date the invoice is due") is left alone;
    "due to" is not a deadline.

    ## Why is this bad?
    Phase-based development: "Phases are NOT … Deadline-driven ("Due December 15")"; they are "Pausable/
    resumable ("Complete when done")".

    ## Example
    ```markdown
    **Deadline**: 2026-01-15
    ## Phase 3: Polish (due by Friday)
    ```

    ## Use instead
    ```markdown
    ## Phase 3: Polish (300K-500K tokens)
    ```

    ## How to fix
    Remove the deadline; define the phase's exit by its deliverables and record progress with
    dated updates.

    ## Options
    `[tool.phaselint.calendar]`: `deadline-fields`, `heading-keywords`.
    """
    options = ctx.options(CalendarOptions)
    document = doc.document
    deadlines = section_names(options.deadline_fields)
    for field in document.fields:
        if field.key not in deadlines and field.key not in OBJECTIVES:
            continue
        value = value_prose(document, field)
        if field.key in deadlines:
            if find_deadline(f"due {value}") is not None and value.strip():
                start = len(value) - len(value.lstrip())
                text = value.strip()
                yield ctx.diagnostic(
                    doc.path,
                    field.line,
                    field.value_column + start,
                    f"`{field.name}: {text}` sets a deadline; phases are complete when their "
                    "deliverables are done, not by a date — remove the deadline",
                    length=len(text),
                )
        elif field.key in OBJECTIVES:
            yield from _deadline_in(
                ctx, doc.path, field.line, field.value_column, value, "objective"
            )
    for heading in document.headings:
        if is_phase_heading(heading.text, options):
            yield from _deadline_in(
                ctx,
                doc.path,
                heading.line,
                heading.column,
                heading_prose(document, heading),
                "phase heading",
            )
    for item in document.list_items:
        # A milestone or phase listed as an item: `- **Milestone 1.1:** Charter (Due: 2026-03-10)`.
        first = item.text.split("\n", 1)[0]
        if not may_name_phase(first, options) or not is_phase_heading(clean_inline(first), options):
            continue
        line = document.prose_of(item.line)
        if line:
            start = item.text_column - 1
            yield from _deadline_in(ctx, doc.path, item.line, 1 + start, line[start:], "milestone")
    for section in document.find_sections(OBJECTIVES):
        for number in range(section.body_start, section.end_line + 1):
            line = document.prose_line(number)
            if line and number not in document.heading_lines:
                yield from _deadline_in(ctx, doc.path, number, 1, line, "objective")


def _deadline_in(
    ctx: RuleContext, path: str, line: int, column: int, text: str, where: str
) -> Iterator[Diagnostic]:
    span = find_deadline(text)
    if span is not None:
        message = (
            f'{where} sets a deadline "{span.text}"; phases are complete when their deliverables '
            "are done, not by a date — remove the deadline"
        )
        yield _at_span(ctx, path, line, column, span, message)
