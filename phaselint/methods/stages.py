"""Stage logs (the stage-gate method): every phase walks stages 0–10, each with an acceptance gate.

An implementation log records each stage as:

    ### Stage 3 — Primary Resource API

    - Status: not-started / in-progress / done / blocked
    - Work completed:
    - Decisions made:
    - Blockers:
    - Evidence links:
    - Acceptance gate: Can create resource and move through allowed states only
    - Acceptance gate result: pass / fail

Sub-stages (`### Stage 4a — …`) split a stage that grew too large. A log is recognised by its
content: a document with `Stage N` headings that carry a `Status` field. It may be a file of its
own — by default any markdown file whose name says it is an implementation or stage log
(`IMPLEMENTATION_LOG.md`, `phase-2-stage-log.md`; configurable) — or part of another planning
document (a phase document, a spec's plan, a PARA phase plan).

Each stage belongs to a phase: the nearest `Phase N` heading above it, else the phase the log's
title or file name names (`# Phase 2 Implementation Log`, `phase-2-log.md`), else none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from phaselint.config import Options
from phaselint.lazyre import lazy_compile
from phaselint.methods import Methodology, PlanningDoc

if TYPE_CHECKING:
    from phaselint.document import Document, Field, Heading, Section
    from phaselint.project import Project

STATUSES = ("not-started", "in-progress", "done", "blocked")
_STAGE = lazy_compile(
    r"^stage\s+(?P<number>\d+)(?P<sub>[a-z])?(?![\w.])\s*(?:[—–:\-.]\s*(?P<name>.*))?$", re.I
)
_PHASE = lazy_compile(r"\bphase[\s_-]*(\d+)\b", re.I)

STATUS = frozenset({"status"})
GATE = frozenset({"acceptance gate", "gate", "acceptance criteria"})
GATE_RESULT = frozenset({"acceptance gate result", "gate result", "result"})
EVIDENCE = frozenset({"evidence links", "evidence", "evidence link"})
BLOCKERS = frozenset({"blockers", "blocker", "blocked by"})
WORK = frozenset({"work completed", "work done"})
DECISIONS = frozenset({"decisions made", "decisions"})
_EMPTY = lazy_compile(r"^\W*(?:none|n/?a|-|—|tbd|nothing|no)?\W*$", re.I)


@dataclass(frozen=True)
class StageOptions(Options):
    """`[tool.phaselint.stages]`."""

    section: ClassVar[str] = "stages"

    log_paths: tuple[str, ...] = (
        "**/*implementation*log*.md",
        "**/*IMPLEMENTATION*LOG*.md",
        "**/*stage*log*.md",
        "**/*STAGE*LOG*.md",
    )
    statuses: tuple[str, ...] = STATUSES
    vague_gates: tuple[str, ...] = (
        r"(?:the\s+)?(?:system|app|application|feature|it|everything|all|code)\s+(?:works?|is\s+working)(?:\s+(?:correctly|properly|fine|well|as\s+expected))?",
        r"works?(?:\s+(?:correctly|properly|fine|well|as\s+expected))?",
        r"(?:the\s+)?code\s+(?:looks|is)\s+(?:clean|good|fine|ok(?:ay)?)",
        r"looks\s+(?:good|fine|ok(?:ay)?)|lgtm|all\s+good|good\s+enough",
        r"(?:all\s+)?(?:the\s+)?(?:unit\s+|integration\s+|e2e\s+)?tests?\s+(?:pass|passes|passed|passing|are\s+passing|(?:are\s+)?green|succeed)(?:\s+\(which\s+tests\?\))?",
        r"(?:no|zero)\s+(?:bugs|errors|issues|problems)",
        r"(?:done|complete|completed|finished|implemented)",
    )

    @cached_property
    def vague_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.vague_gates)


def normalize_status(value: str) -> str:
    """`In Progress ✅` → `in-progress`."""
    from phaselint.textutil import clean_inline

    text = clean_inline(value).strip().casefold()
    return re.sub(r"[\s_]+", "-", text).strip("-.")


def has_content(document: Document, field: Field | None, section: Section) -> bool:
    """Whether a field says something: a value, or lines (a list) below it that belong to it."""
    if field is None:
        return False
    if field.value.strip() and not _EMPTY.match(field.value):
        return True
    indent = len(document.line(field.line)) - len(document.line(field.line).lstrip())
    for number in range(field.line + 1, section.end_line + 1):
        line = document.line(number)
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= indent:
            return False  # the next field, or the end of this one
        return not _EMPTY.match(line.strip().lstrip("-*+ "))
    return False


class StageEntry(NamedTuple):
    """One `### Stage N — Name` entry and its fields (None where absent; a stage heading without
    a Status field is no entry)."""

    section: Section
    number: int
    sub: str
    name: str
    phase: int | None
    status: Field
    gate: Field | None
    gate_result: Field | None
    evidence: Field | None
    blockers: Field | None

    @property
    def heading(self) -> Heading:
        return self.section.heading

    @property
    def label(self) -> str:
        return f"Stage {self.number}{self.sub}"

    @property
    def order(self) -> tuple[int, str]:
        return self.number, self.sub

    @property
    def state(self) -> str:
        """The normalized status (`in-progress`)."""
        return normalize_status(self.status.value)

    @property
    def result(self) -> str | None:
        """`pass`, `fail`, or None (missing, or not yet decided)."""
        if self.gate_result is None:
            return None
        value = normalize_status(self.gate_result.value)
        if value.startswith("pass"):
            return "pass"
        if value.startswith(("fail", "failed")):
            return "fail"
        return None

    @property
    def started(self) -> bool:
        return self.state in ("in-progress", "done")


@dataclass(frozen=True)
class StageLog:
    """A document holding stage entries."""

    path: str
    document: Document
    dedicated: bool

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @cached_property
    def default_phase(self) -> int | None:
        """The phase the log's title or file name names."""
        title = self.document.title
        for text in ((title.text if title else ""), self.path.rsplit("/", 1)[-1]):
            match = _PHASE.search(text)
            if match:
                return int(match.group(1))
        return None

    @cached_property
    def entries(self) -> tuple[StageEntry, ...]:
        return tuple(parse_stages(self.document, self.default_phase))

    @cached_property
    def phases(self) -> dict[int | None, list[StageEntry]]:
        """The entries by phase, in document order."""
        grouped: dict[int | None, list[StageEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.phase, []).append(entry)
        return grouped


def parse_stages(document: Document, default_phase: int | None) -> Iterable[StageEntry]:
    """The stage entries of a document, each with its fields and phase."""
    # The last `Phase N` heading of each level so far, as (line, phase): a stage's phase is the
    # last one above it of a lower level.
    phases: dict[int, tuple[int, int]] = {}
    for section in document.sections:
        heading = section.heading
        match = _STAGE.match(heading.title)
        if match is None:
            phase_match = _PHASE.match(heading.title)
            if phase_match:
                phases[heading.level] = (heading.line, int(phase_match.group(1)))
            continue
        fields = [f for f in document.fields_in(section) if f.line > section.start_line]

        def first(names: frozenset[str], fields: list[Field] = fields) -> Field | None:
            return next((f for f in fields if f.key in names), None)

        status = first(STATUS)
        if status is None:
            continue  # a heading that mentions a stage, not a stage entry
        above = [found for level, found in phases.items() if level < heading.level]
        phase = max(above)[1] if above else default_phase
        yield StageEntry(
            section=section,
            number=int(match.group("number")),
            sub=(match.group("sub") or "").casefold(),
            name=(match.group("name") or "").strip(),
            phase=phase,
            status=status,
            gate=first(GATE),
            gate_result=first(GATE_RESULT),
            evidence=first(EVIDENCE),
            blockers=first(BLOCKERS),
        )


def log_files(project: Project, options: StageOptions) -> list[str]:
    """The markdown files named as stage logs."""
    return [
        p for p in project.files_matching(tuple(options.log_paths)) if p.lower().endswith(".md")
    ]


class StagesModel:
    """Stage logs: dedicated log files and stage entries inside other planning documents."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(StageOptions)
        self.log_paths = log_files(project, self.options)

    def _log(self, path: str, dedicated: bool, document: Document | None = None) -> StageLog | None:
        document = document or self.project.markdown(path)
        if document is None:
            return None
        log = StageLog(path, document, dedicated)
        return log if log.entries else None

    @cached_property
    def dedicated_logs(self) -> list[StageLog]:
        """Every dedicated log file of the repository (read for cross-phase checks)."""
        return [log for log in (self._log(p, True) for p in self.log_paths) if log is not None]

    @cached_property
    def targeted(self) -> list[StageLog]:
        logs = [log for log in self.dedicated_logs if self.project.is_target(log.path)]
        seen = {log.path for log in logs} | set(self.log_paths)
        for doc in self.project.units(PlanningDoc):
            text = self.project.text(doc.path) or ""
            if doc.path in seen or "stage" not in text.casefold():  # read, not parsed
                continue
            log = self._log(doc.path, False, doc.document)
            if log is not None:
                logs.append(log)
                seen.add(doc.path)
        return logs

    def previous_sign_off(self, log: StageLog, phase: int) -> tuple[bool, StageEntry | None]:
        """Whether a log of the phase before `phase` exists, and its Stage 10 entry: looked for in
        the same log, then in the dedicated log files."""
        candidates = [log, *(other for other in self.dedicated_logs if other.path != log.path)]
        logged = False
        for candidate in candidates:
            entries = candidate.phases.get(phase - 1)
            if entries:
                logged = True
                ten = next((e for e in entries if e.number == 10), None)
                if ten is not None:
                    return True, ten
        return logged, None

    def units(self, kind: type) -> Iterable[Any]:
        if kind is StageLog:
            return self.targeted
        if kind is PlanningDoc:
            return [
                PlanningDoc(log.path, METHOD.name, "stage log", log.document, time_budgets=True)
                for log in self.dedicated_logs
                if self.project.is_target(log.path)
            ]
        return ()

    def describe(self) -> list[str]:
        lines = [f"{len(self.log_paths)} file(s) named as stage logs"]
        for log in self.targeted:
            where = "stage log" if log.dedicated else "stage entries inside a planning document"
            lines.append(f"{log.path}: {where}, {len(log.entries)} stage(s)")
        return lines


def _detect(project: Project) -> str | None:
    options = project.config.options(StageOptions)
    logs = log_files(project, options)
    if logs:
        return f"{len(logs)} file(s) are named as stage logs ({logs[0]} …)"
    from phaselint.methods import para, phases, specs

    others = [m.METHOD.name for m in (phases, specs, para) if project.detected(m.METHOD)]
    if others:
        return "stage entries are looked for inside the planning documents of " + ", ".join(others)
    return None


METHOD = Methodology(
    name="stages",
    title="stage gates within a phase",
    detect=_detect,
    build=StagesModel,
)
