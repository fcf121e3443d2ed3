"""The cheap guards in front of costly patterns turn away only what the patterns would refuse.

Several hot functions ask a necessary condition before running their regular expressions (a
keyword's first word, a digit, the last words of a citing phrase, a backtick). Each test here
sets a guarded function against the patterns it guards, unguarded, on every position of lines
written the ways real documents write them: a guard that turned away a true match fails here.
"""

from __future__ import annotations

import pytest

from phaselint.calendar import (
    _BARE_MONTH,
    _RELEASE_HEADING,
    _SHIPPED,
    CalendarOptions,
    _keyword_start,
    find_periods,
    is_phase_heading,
)
from phaselint.methods import tasks
from phaselint.textutil import clean_inline, normalize_label

OPTIONS = CalendarOptions()

HEADINGS = [
    "Phase 1: Foundation",
    "**Phase 2**: Integration",
    "`Phase` 3 — Polish",
    "📦 Milestone 1.1: Charter (Due: 2026-03-10)",
    "V1.2.0 - Phase 1: Setup",
    "v1.4.0: Rust Foundation",
    "v**1**.4.0: Emphasised version",
    "v2.0.0 — Done ✅",
    "STAGE 3 — BUILD",
    "Iteration 4",
    "Sprint for v2.3.0",
    "Overview",
    "User Story 1 - Login (Priority: P1)",
    "Implement step 12 in src/services/step_12.py",
    "Week 1 (Dec 20-27)",
    "January",
    "Q3 2026 Goals",
]


def _phase_heading_unguarded(text: str) -> bool:
    label = normalize_label(clean_inline(text))
    if _keyword_start(OPTIONS.heading_keywords).match(label):
        return True
    return bool(_RELEASE_HEADING.match(label)) and not _SHIPPED.search(text)


@pytest.mark.parametrize("text", HEADINGS)
def test_is_phase_heading_agrees_with_its_patterns(text: str) -> None:
    assert is_phase_heading(text, OPTIONS) == _phase_heading_unguarded(text)


def test_the_phase_guard_is_not_vacuous() -> None:
    """The list holds headings of both kinds, so the test above compares something."""
    answers = {is_phase_heading(text, OPTIONS) for text in HEADINGS}
    assert answers == {True, False}


@pytest.mark.parametrize("text", [*HEADINGS, "Due 15th", "H1 2026", "FY26 plan", "Dec 28-Jan 4"])
def test_find_periods_guard_keeps_every_period(text: str) -> None:
    """Without a digit or a month name no pattern of `find_periods` matches: the guard's
    premise, checked on the patterns themselves."""
    found = find_periods(text, OPTIONS)
    if not any(char.isdigit() for char in text) and _BARE_MONTH.search(text) is None:
        assert found == []
    if text.startswith(("Week 1", "Q3 2026", "January", "H1 2026", "Dec 28")):
        assert found, text


TASK_LINES = [
    "- [ ] T001 Implement login in src/auth/login.py",
    "- [ ] T002 Update the handler as described in `docs/api.md`",
    "- [ ] T003 Do as in the existing `src/a/b.py`",
    "- [ ] T004 Run go run  cmd/tool/main.go to seed",
    "- [ ] T005 COPY config/app.toml into the image",
    "- [ ] T006 Pass --files=src/a.ts --out dist/a.js",
    "- [ ] T007 Call WriteFile(out/guidance.json) once",
    "- [ ] T008 Append to the log: echo done > logs/run.txt",
    "- [ ] T009 Keep it consistent with the a/b.md contract",
    "- [ ] T010 Follow the plan according to the existing plan.md",
    "- [ ] T011 Mirror e.g., src/ui/button.tsx for the new one",
    "- [ ] T012 Replace the script with .specify/scripts/new.sh",
    "- [ ] T013 Populate tests/fixtures/a/manifest.yml with work/x/spec.md",
    "- [ ] T014 Add a case without mutating `state/store.ts`",
    "- [ ] T015 Build it rather than `lib/old.py`",
    "- [ ] T016 Import helpers from lib/db.ts into src/api.ts",
    '- [ ] T017 Read settings via "config/app.yml" at start',
]


def _cited_unguarded(text: str, position: int, context: str = "") -> bool:
    before = text[max(0, position - 80) : position]
    if context and len(before.strip()) < 25:
        before = (context.strip() + " " + before.lstrip())[-80:]
    return (
        (
            tasks._CITED.search(before[-40:]) is not None
            and not tasks._EXTENDS_IT.match(text, 0, position)
        )
        or before.endswith("](")
        or tasks._INVOKED.search(before) is not None
        or tasks._REPLACEMENT.search(before) is not None
        or tasks._FIXTURE_CONTENT.search(text, 0, position) is not None
    )


@pytest.mark.parametrize("line", TASK_LINES)
def test_cited_agrees_with_its_patterns_at_every_position(line: str) -> None:
    for context in ("", "- [ ] T000 Mirror the layout of"):
        for position in range(len(line) + 1):
            assert tasks._cited(line, position, context) == _cited_unguarded(
                line, position, context
            ), (line, position, context)


def test_the_citation_lines_cite_and_do_not() -> None:
    """Both answers occur among the lines, at the positions of their paths."""
    answers = set()
    for line in TASK_LINES:
        answers.update(named.cited for named in tasks.task_paths(line))
    assert answers == {True, False}
