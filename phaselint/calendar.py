"""Calendar vocabulary: what names a calendar period, a time duration, or a deadline.

Phase-based development: "Phases are NOT calendar-based ("Week 1", "Sprint 3"), time-boxed ("2-3 weeks") or
deadline-driven ("Due December 15")." These detectors find exactly those, and return where in
the text they are, so the CAL rules can point at the words. A single date is not a period: dated
progress updates (`### 2025-12-22: …`) are how the method wants progress recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from phaselint.config import Options
from phaselint.lazyre import lazy_compile

_MONTHS_FULL = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTHS_SHORT = "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_MONTH = rf"(?:{_MONTHS_FULL}|(?:{_MONTHS_SHORT})\.?)"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_RANGE_SEPARATOR = r"\s*(?:-|–|—|to|through|until|thru)\s*"

# "Dec 20-27", "Dec 28-Jan 4", "December 15, 2025", "Jan 2026".
_MONTH_DAY = lazy_compile(
    rf"\b{_MONTH}\s+{_DAY}(?:{_RANGE_SEPARATOR}(?:{_MONTH}\s+)?{_DAY})?(?:,?\s+\d{{4}})?(?![\w])"
    rf"|\b{_MONTH}\s+\d{{4}}\b",
    re.IGNORECASE,
)
# "20 December", "20-27 Dec 2025".
_DAY_MONTH = lazy_compile(
    rf"\b\d{{1,2}}(?:{_RANGE_SEPARATOR}\d{{1,2}})?\s+{_MONTH}(?:\s+\d{{4}})?(?![\w])", re.IGNORECASE
)
# A month on its own names a period in a title ("Phase 1: January"); "May" and "March" are
# also words, so they count only next to a number (handled above).
_BARE_MONTH = lazy_compile(
    r"\b(?:January|February|April|June|July|August|September|October|November|December)\b"
)
# `Q3`, `Q3 2026`, `Q3-Q4`, `2026-Q3`; not a numbered question (`## Q1: Which store?`,
# `### Q2. Caching`), which research notes use far more often than quarters.
_QUARTER = lazy_compile(
    r"\b(?:Q[1-4](?:\s*(?:-|–|/)\s*Q[1-4])?(?:\s+|\s*['/-]\s*)(?:\d{4}|\d{2}\b)"
    r"|Q[1-4](?:\s*(?:-|–|/)\s*Q[1-4])?"
    r"(?![:.]\s|[:.]$)|\d{4}\s*[-/ ]?\s*Q[1-4]|H[12]\s+\d{4}|FY\s?\d{2}(?:\d{2})?)\b"
)
_DIGIT = lazy_compile(r"\d")
_BARE_QUARTER = lazy_compile(r"Q[1-4](?:\s*(?:-|–|/)\s*Q[1-4])?")
_PLANNED = lazy_compile(
    r"\b(?:phase|milestone|roadmap|release|iteration|sprint|stage|goals?|plan|objectives?|launch"
    r"|deliver\w*|targets?|ship\w*|okrs?|quarter)\b",
    re.IGNORECASE,
)
# A date that marks an event in a heading — "(Added Jan 2026)", "(updated March 3)" — is no
# period the work is planned in.
_EVENT_DATE = lazy_compile(
    r"\(\s*(?:added|updated|revised|created|amended|noted|last\s+updated|as\s+of|since)\b[^()]*$",
    re.IGNORECASE,
)
_DATE_RANGE = lazy_compile(
    rf"\b{_ISO_DATE}{_RANGE_SEPARATOR}{_ISO_DATE}\b|\b{_ISO_DATE}\s*\.\.\s*{_ISO_DATE}\b"
)

_NUMBER_WORDS = r"an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a\s+few|few|several|half\s+an?|a\s+couple\s+of"
_DURATION = lazy_compile(
    rf"(?<![\w.])(?:(?:~|≈|about\s+|approx\.?\s+|roughly\s+)?"
    rf"(?:\d+(?:\.\d+)?(?:\s*(?:-|–|—|to)\s*\d+(?:\.\d+)?)?|{_NUMBER_WORDS})"
    r"\s*-?\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|mos?|sprints?"
    r"|quarters?|years?|yrs?)\b"
    r"|(?-i:\d+(?:\.\d+)?(?:\s*(?:-|–|—)\s*\d+(?:\.\d+)?)?[hdw])\b)",
    re.IGNORECASE,
)
_WHEN = (
    rf"(?:{_ISO_DATE}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_WEEKDAYS}|EO[DWMQY]|end\s+of\s+(?:the\s+)?"
    r"(?:day|week|month|quarter|year|sprint)|tomorrow|today|tonight|next\s+(?:week|month|quarter|"
    rf"{_WEEKDAYS})|Q[1-4](?:\s+\d{{4}})?)"
)
_DEADLINE = lazy_compile(
    rf"\b(?:due|deadline)\b(?:\s*:)?\s+(?:(?:by|on|before|no\s+later\s+than)\s+)?(?:the\s+)?{_WHEN}\b",
    re.IGNORECASE,
)
_EMPTY_VALUE = lazy_compile(
    r"^\W*(?:n/?a|none|no|tbd|—|-|–|\(none\)|not\s+applicable)?\W*$", re.IGNORECASE
)


@dataclass(frozen=True)
class CalendarOptions(Options):
    """`[tool.phaselint.calendar]`: the calendar vocabulary."""

    section = "calendar"

    period_words: tuple[str, ...] = ("week", "sprint", "day", "month", "quarter", "fortnight")
    heading_keywords: tuple[str, ...] = ("phase", "stage", "iteration", "sprint", "milestone")
    title_fields: tuple[str, ...] = ("Title", "Phase", "Stage", "Iteration", "Milestone")
    budget_fields: tuple[str, ...] = (
        "Token Budget",
        "Budget",
        "Estimate",
        "Estimated",
        "Estimated Effort",
        "Adjusted",
        "Adjusted Estimate",
        "Total Effort",
        "Effort",
        "Duration",
        "Timeline",
        "Time Budget",
        "ETA",
    )
    deadline_fields: tuple[str, ...] = ("Due", "Deadline", "Due Date", "Target Date")


class Span(NamedTuple):
    """A match: 0-based offsets into the scanned text, and the words matched."""

    start: int
    end: int
    text: str


@cache
def _period_words(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"\b(?:{alternatives})s?\s*#?\s*\d+(?!\.\d)(?:\s*(?:-|–|—|to|&|and)\s*\d+(?!\.\d))?\b"
        rf"|\b\d+(?:st|nd|rd|th)\s+(?:{alternatives})\b",
        re.IGNORECASE,
    )


def may_hold_period(text: str) -> bool:
    """Whether `text` could name a calendar period at all: every pattern of `find_periods`
    needs a digit but the bare month's, and most headings hold neither."""
    return _DIGIT.search(text) is not None or _BARE_MONTH.search(text) is not None


def find_periods(text: str, options: CalendarOptions) -> list[Span]:
    """Calendar periods named in `text`: `Week 1`, `Sprint 3`, `Q3 2026`, month names, date
    ranges. Overlapping matches are reported once, longest first."""
    spans: list[Span] = []
    if not may_hold_period(text):
        return spans
    patterns = (
        _DATE_RANGE,
        _MONTH_DAY,
        _DAY_MONTH,
        _period_words(tuple(options.period_words)),
        _QUARTER,
        _BARE_MONTH,
    )
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(
                s.start <= match.start() < s.end or match.start() <= s.start < match.end()
                for s in spans
            ):
                continue
            if "(" in text[: match.start()] and _EVENT_DATE.search(text[: match.start()]):
                continue
            if (
                pattern is _QUARTER
                and _BARE_QUARTER.fullmatch(match.group())
                and not _PLANNED.search(text)
                and text[: match.start()].rstrip()[-1:] != "("
            ):
                continue  # `## Q1` alone names a question as often as a quarter
            spans.append(Span(match.start(), match.end(), match.group().strip()))
    return sorted(spans, key=lambda span: span.start)


def find_duration(text: str) -> Span | None:
    """The first time duration in `text` (`2-3 weeks`, `3 days`, `1 sprint`, `4h`); not one
    given as an example of a format (`compute it from the start, e.g. "2h 15m"`)."""
    match = _DURATION.search(text)
    if match is None or re.search(r"\be\.g\.|\bfor example\b", text[: match.start()], re.I):
        return None
    return Span(match.start(), match.end(), match.group().strip())


def find_date_range(text: str) -> Span | None:
    """A range of dates in `text` (`2025-11-21 to 2025-12-05`): a schedule."""
    match = _DATE_RANGE.search(text)
    return Span(match.start(), match.end(), match.group().strip()) if match else None


def find_deadline(text: str) -> Span | None:
    """A deadline phrase in `text`: `Due December 15`, `due by Friday`, `deadline: 2026-01-10`."""
    match = _DEADLINE.search(text)
    return Span(match.start(), match.end(), match.group().strip()) if match else None


def is_empty_value(value: str) -> bool:
    """A field value that states nothing (`N/A`, `none`, `—`, blank)."""
    return bool(_EMPTY_VALUE.match(value))


@cache
def _keyword_start(keywords: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"^(?:v?\d+(?:\.\d+)+\S*\s*[-–—:]\s*)?(?:{alternatives})s?\b", re.IGNORECASE)


@cache
def _first_words(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k.split()[0].casefold() for k in keywords if k.strip())


def may_name_phase(text: str, options: CalendarOptions) -> bool:
    """What `is_phase_heading` asks first, in a few string searches: whether `text` holds one
    of the keywords' first words or a `v` and a digit (emphasis allowed between them). Cleaning
    markup only removes characters, so a text without them names no phase once cleaned either —
    unless markup splits the keyword itself (`Ph**ase**`), which no one writes; the guard is held
    to the patterns it guards by `tests/test_guards.py`."""
    folded = text.casefold()
    return any(word in folded for word in _first_words(options.heading_keywords)) or (
        "v" in folded and _VERSION_START.search(folded) is not None
    )


_VERSION_START = lazy_compile(r"v[*_`~]*\d")


def is_phase_heading(text: str, options: CalendarOptions) -> bool:
    """Whether a heading names a phase, stage, iteration, sprint or milestone (`Phase 1: …`,
    `V1.2.0 - Phase 1: …`, `Stage 3 — …`), or is a planned release of a roadmap named by its
    version (`v1.4.0: Rust Foundation`; not one marked released or done).

    Asked of every heading and list item of a document, so what cannot be one is turned away
    before its label is worked out: a text that holds none of the keywords' first words and no
    `v` with a digit (a version)."""
    if not may_name_phase(text, options):
        return False
    from phaselint.textutil import clean_inline, normalize_label

    label = normalize_label(clean_inline(text))
    if _keyword_start(options.heading_keywords).match(label):
        return True
    return bool(_RELEASE_HEADING.match(label)) and not _SHIPPED.search(text)


_RELEASE_HEADING = lazy_compile(r"^v\d+(?:\.\d+){1,3}\S*\s*[-–—:]\s*\w", re.IGNORECASE)
_SHIPPED = lazy_compile(r"\b(?:released|shipped|done|complete[d]?|delivered)\b|✅", re.IGNORECASE)
# A roadmap's horizon before its period: `Next — Q3 2026: …`, `Now: January`.
_HORIZON = lazy_compile(
    r"[*_\s]*(?:now|next|later|then|soon|upcoming|future)[*_]*\s*(?:[-–—:]|\s)\s*", re.IGNORECASE
)


def starts_with_period(text: str, options: CalendarOptions) -> Span | None:
    """A calendar period that opens `text` (`Week 1: Setup`, `**Q3 2026** Goals`, `January`)."""
    spans = find_periods(text, options)
    if not spans:
        return None
    start = _content_start(text)
    horizon = _HORIZON.match(text, start)
    if spans[0].start == start or (horizon is not None and spans[0].start == horizon.end()):
        return spans[0]
    return None


def _content_start(text: str) -> int:
    """Index of the first character that is not space, emphasis or a symbol."""
    import unicodedata

    for index, char in enumerate(text):
        if char in " \t*_~#>":
            continue
        if not char.isascii() and unicodedata.category(char) in ("So", "Sk", "Cf", "Mn"):
            continue
        return index
    return len(text)
