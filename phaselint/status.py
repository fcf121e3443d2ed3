"""The status board (`phaselint status`): where every piece of planned work stands.

One row per unit of each method — a spec folder, a phase document, a PARA phase, a stage log's
phase — read from the same models the rules judge (one task grammar, one stage resolution, one
way to count clarification markers), so that the board and the rules never disagree. Each spec
and phase document also carries the errors and warnings a normal lint of the repository finds
in it: the lint runs once, its diagnostics are counted per spec folder and per file.

Three renderings: `text` for a terminal, `markdown` (GitHub-flavoured tables with a progress bar
per row, for a job summary or a pull-request comment) and `json`
(`schemas/phaselint-status.schema.json`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from phaselint.diagnostics import Severity

if TYPE_CHECKING:
    from phaselint.engine import Report
    from phaselint.methods.phases import PhaseDoc
    from phaselint.project import Project

FORMATS = ("text", "markdown", "json")
#: Cells of a markdown progress bar.
BAR_WIDTH = 10


class Progress(NamedTuple):
    """Work done out of the work there is (closed items — `[~]`, `[N/A]` — are neither)."""

    done: int
    total: int

    @property
    def percent(self) -> int | None:
        """Whole percent done, rounded down (100 only when all is done); None with no work."""
        return self.done * 100 // self.total if self.total else None


class SpecRow(NamedTuple):
    path: str
    name: str
    stage: str
    stage_source: str  # "declared" (in .status) or "inferred" (from the artifacts)
    tasks: Progress
    clarifications: int
    errors: int
    warnings: int


class PhaseRow(NamedTuple):
    path: str
    version: str | None
    phase: int | None
    status: str | None
    budget: str | None
    deliverables: Progress
    errors: int
    warnings: int


class ParaPhaseRow(NamedTuple):
    phase: int | str | None
    status: str | None
    #: The summary completed_summaries lists for a completed phase.
    summary: str | None


class ParaBoard(NamedTuple):
    path: str
    current_phase: int | str | None
    phases: tuple[ParaPhaseRow, ...]

    @property
    def progress(self) -> Progress:
        done = sum(1 for p in self.phases if p.status == "completed")
        return Progress(done, len(self.phases))


class StageRow(NamedTuple):
    stage: str  # the stage's heading, as written (`Stage 3 — Primary Resource API`)
    status: str
    #: The acceptance gate's result (`pass`, `fail`) once decided, else the gate as written.
    gate: str | None


class StageLogRow(NamedTuple):
    path: str
    phase: int | None
    stages: tuple[StageRow, ...]

    @property
    def progress(self) -> Progress:
        return Progress(sum(1 for s in self.stages if s.status == "done"), len(self.stages))

    @property
    def current(self) -> StageRow | None:
        """The first stage not done (the last stage when every one is)."""
        return next((s for s in self.stages if s.status != "done"), self.stages[-1])


class Board(NamedTuple):
    specs: tuple[SpecRow, ...]
    phases: tuple[PhaseRow, ...]
    para: ParaBoard | None
    stage_logs: tuple[StageLogRow, ...]

    @property
    def empty(self) -> bool:
        return not (self.specs or self.phases or self.para or self.stage_logs)


# -- building ----------------------------------------------------------------------------------


def build_board(project: Project, report: Report) -> Board:
    """The board of a project linted whole, with the report of that lint."""
    counts = _counts_by_path(report)
    return Board(
        tuple(_specs(project, counts)),
        tuple(_phases(project, counts)),
        _para(project),
        tuple(_stage_logs(project)),
    )


def _counts_by_path(report: Report) -> dict[str, Counter[Severity]]:
    counts: dict[str, Counter[Severity]] = {}
    for diagnostic in report.diagnostics:
        counts.setdefault(diagnostic.path, Counter())[diagnostic.severity] += 1
    return counts


def _total(counts: Mapping[str, Counter[Severity]], paths: Iterable[str]) -> tuple[int, int]:
    found: Counter[Severity] = Counter()
    for path in paths:
        found.update(counts.get(path, Counter()))
    return found[Severity.ERROR], found[Severity.WARNING]


def _specs(project: Project, counts: Mapping[str, Counter[Severity]]) -> Iterable[SpecRow]:
    from phaselint.clarification import ClarificationOptions
    from phaselint.methods import PlanningDoc
    from phaselint.methods.specs import SpecsModel

    model = project.model(SpecsModel)
    if model is None:
        return
    options = project.config.options(ClarificationOptions)
    # The documents the CLR rules read, with the template lines they leave to SP018.
    documents = {doc.path: doc for doc in project.units(PlanningDoc)}
    for spec in model.by_age:
        tasks = spec.tasks
        prefix = spec.folder + "/"
        errors, warnings = _total(counts, (p for p in counts if p.startswith(prefix)))
        yield SpecRow(
            path=spec.folder,
            name=spec.name,
            stage=spec.stage.name,
            stage_source="declared" if spec.stage.declared else "inferred",
            tasks=_progress(len(tasks.done), len(tasks.open)) if tasks else Progress(0, 0),
            clarifications=sum(
                len(documents[path].open_markers(options))
                for path in spec.markdown_files
                if path in documents
            ),
            errors=errors,
            warnings=warnings,
        )


def _progress(done: int, still_open: int) -> Progress:
    return Progress(done, done + still_open)


def _phases(project: Project, counts: Mapping[str, Counter[Severity]]) -> Iterable[PhaseRow]:
    from phaselint.budget import format_tokens
    from phaselint.methods.phases import PhasesModel

    model = project.model(PhasesModel)
    if model is None:
        return
    rows = []
    for doc in model.targeted:
        version, phase = _version_and_phase(doc)
        budget = doc.budget
        tokens = budget.tokens if budget is not None else None
        shown = None
        if tokens is not None:
            low, high = format_tokens(tokens.low), format_tokens(tokens.high)
            shown = low if tokens.low == tokens.high else f"{low}-{high}"
        done = sum(1 for item in doc.deliverables if item.checked)
        errors, warnings = _total(counts, (doc.path,))
        rows.append(
            PhaseRow(
                path=doc.path,
                version=version,
                phase=phase,
                status=doc.status,
                budget=shown,
                deliverables=_progress(done, sum(1 for i in doc.deliverables if i.open)),
                errors=errors,
                warnings=warnings,
            )
        )
    yield from sorted(rows, key=_phase_order)


def _version_and_phase(doc: PhaseDoc) -> tuple[str | None, int | None]:
    """What the file name says (`V1.2.0_PHASE_1.md`), else what the title says."""
    if doc.name_key is not None:
        return doc.name_key
    title = doc.title
    return (title.version, title.phase) if title is not None else (None, None)


def _phase_order(row: PhaseRow) -> tuple[Any, ...]:
    version = tuple(int(n) for n in re.findall(r"\d+", row.version)) if row.version else ()
    return (row.version is None, version, row.phase is None, row.phase or 0, row.path)


def _para(project: Project) -> ParaBoard | None:
    from phaselint.methods.para import ParaModel

    model = project.model(ParaModel)
    context = model.context if model is not None else None
    if context is None:
        return None
    execution = context.execution or {}
    current = execution.get("current_phase")
    if isinstance(current, bool) or not isinstance(current, (int, str)):
        current = None
    ordered = sorted(context.phases, key=lambda e: (e.key is None, e.key or (0, ""), e.position))
    rows = tuple(
        ParaPhaseRow(
            phase=entry.number
            if entry.number is not None
            else (entry.label if entry.key else None),
            status=entry.status,
            summary=context.summary_of(entry) if entry.status == "completed" else None,
        )
        for entry in ordered
    )
    return ParaBoard(context.path, current, rows)


def _stage_logs(project: Project) -> Iterable[StageLogRow]:
    from phaselint.methods.stages import StagesModel
    from phaselint.textutil import clean_inline

    model = project.model(StagesModel)
    if model is None:
        return
    for log in sorted(model.targeted, key=lambda log: log.path):
        for phase in sorted(log.phases, key=lambda p: (p is not None, p or 0)):
            stages = []
            for entry in log.phases[phase]:
                gate = entry.result
                if gate is None and entry.gate is not None:
                    gate = clean_inline(entry.gate.value).strip() or None
                stages.append(StageRow(entry.heading.plain, entry.state, gate))
            yield StageLogRow(log.path, phase, tuple(stages))


# -- rendering ---------------------------------------------------------------------------------


def render_board(board: Board, output_format: str) -> str:
    """The board as `text`, `markdown` or `json`."""
    if output_format == "json":
        from phaselint.reporters import json_text

        return json_text(board_json(board))
    if output_format == "markdown":
        return board_markdown(board)
    return board_text(board)


def board_json(board: Board) -> dict[str, Any]:
    """The board as `schemas/phaselint-status.schema.json` describes it."""

    def progress(value: Progress) -> dict[str, int]:
        return {"done": value.done, "total": value.total}

    para = board.para
    return {
        "version": 1,
        "specs": [{**row._asdict(), "tasks": progress(row.tasks)} for row in board.specs],
        "phases": [
            {**row._asdict(), "deliverables": progress(row.deliverables)} for row in board.phases
        ],
        "para": None
        if para is None
        else {
            "path": para.path,
            "current_phase": para.current_phase,
            "phases": [row._asdict() for row in para.phases],
        },
        "stage_logs": [
            {
                "path": log.path,
                "phase": log.phase,
                "stages": [stage._asdict() for stage in log.stages],
            }
            for log in board.stage_logs
        ],
    }


_NOTHING = (
    "No planned work found: no spec folders, phase documents, PARA context or stage logs "
    "(`phaselint check --verbose` shows what was looked for)."
)


def _count(progress: Progress) -> str:
    percent = progress.percent
    return f"{progress.done}/{progress.total}" + (f" {percent}%" if percent is not None else "")


def bar(progress: Progress) -> str:
    """`▓▓▓▓▓▓░░░░ 60%` (`—` when there is nothing to count)."""
    percent = progress.percent
    if percent is None:
        return "—"
    filled = progress.done * BAR_WIDTH // progress.total
    return "▓" * filled + "░" * (BAR_WIDTH - filled) + f" {percent}%"


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


_PHASE_HEADERS = (
    "phase document",
    "version",
    "phase",
    "status",
    "budget",
    "deliverables",
    "errors",
    "warnings",
)


def board_text(board: Board) -> str:
    """Aligned tables for a terminal, one per method."""
    if board.empty:
        return _NOTHING + "\n"
    blocks: list[list[str]] = []
    if board.specs:
        blocks.append(
            _text_table(
                f"Specs ({len(board.specs)})",
                ("spec", "stage", "source", "tasks", "clarifications", "errors", "warnings"),
                [
                    (
                        r.path,
                        r.stage,
                        r.stage_source,
                        _count(r.tasks),
                        r.clarifications,
                        r.errors,
                        r.warnings,
                    )
                    for r in board.specs
                ],
            )
        )
    if board.phases:
        blocks.append(
            _text_table(
                f"Phase documents ({len(board.phases)})",
                _PHASE_HEADERS,
                [
                    (
                        r.path,
                        r.version,
                        r.phase,
                        r.status,
                        r.budget,
                        _count(r.deliverables),
                        r.errors,
                        r.warnings,
                    )
                    for r in board.phases
                ],
            )
        )
    para = board.para
    if para is not None:
        blocks.append(
            _text_table(
                f"PARA {para.path}: current phase {_shown(para.current_phase)}, "
                f"{para.progress.done} of {para.progress.total} phases completed",
                ("phase", "status", "summary"),
                [(r.phase, r.status, r.summary) for r in para.phases],
            )
        )
    if board.stage_logs:
        blocks.append(
            _text_table(
                f"Stage logs ({len(board.stage_logs)})",
                ("stage log", "phase", "stages done", "current stage", "status", "gate"),
                [_stage_cells(log) for log in board.stage_logs],
            )
        )
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _stage_cells(log: StageLogRow) -> tuple[object, ...]:
    current = log.current
    return (
        log.path,
        log.phase,
        _count(log.progress),
        current.stage if current else None,
        current.status if current else None,
        current.gate if current else None,
    )


def _text_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A title, then the rows under their headers, columns aligned (one line each, whatever
    the repository's names hold)."""
    from phaselint.reporters import one_line

    cells = [list(headers)] + [[one_line(_shown(cell)) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return [one_line(title), *("  " + line.rstrip() for line in lines)]


_STATUS_ICONS = {
    "completed": "✅",
    "complete": "✅",
    "done": "✅",
    "in_progress": "🔄",
    "in progress": "🔄",
    "in-progress": "🔄",
    "blocked": "⛔",
    "pending": "⏳",
    "planned": "⏳",
    "not-started": "⏳",
}


def board_markdown(board: Board) -> str:
    """GitHub-flavoured tables with a progress bar per row (a job summary, a PR comment)."""
    lines = ["## Status board", ""]
    if board.empty:
        return "\n".join([*lines, _md(_NOTHING)]) + "\n"
    if board.specs:
        lines += [f"### Specs ({len(board.specs)})", ""]
        lines += _md_table(
            ("spec", "stage", "tasks", "progress", "clarifications", "errors", "warnings"),
            [
                (
                    _code(r.path),
                    f"{_md(r.stage)} ({r.stage_source})",
                    f"{r.tasks.done}/{r.tasks.total}",
                    bar(r.tasks),
                    str(r.clarifications),
                    str(r.errors),
                    str(r.warnings),
                )
                for r in board.specs
            ],
        )
    if board.phases:
        lines += [f"### Phase documents ({len(board.phases)})", ""]
        lines += _md_table(
            (
                "phase document",
                "version",
                "phase",
                "status",
                "budget",
                "deliverables",
                "progress",
                "errors",
                "warnings",
            ),
            [
                (
                    _code(r.path),
                    _md(_shown(r.version)),
                    _shown(r.phase),
                    _icon(r.status),
                    _md(_shown(r.budget)),
                    f"{r.deliverables.done}/{r.deliverables.total}",
                    bar(r.deliverables),
                    str(r.errors),
                    str(r.warnings),
                )
                for r in board.phases
            ],
        )
    para = board.para
    if para is not None:
        lines += [f"### PARA: {_code(para.path)}", ""]
        lines += [
            f"Current phase: **{_md(_shown(para.current_phase))}** · {bar(para.progress)} "
            f"({para.progress.done} of {para.progress.total} phases completed)",
            "",
        ]
        if para.phases:
            lines += _md_table(
                ("phase", "status", "summary"),
                [
                    (_md(_shown(r.phase)), _icon(r.status), _code(r.summary) if r.summary else "—")
                    for r in para.phases
                ],
            )
    if board.stage_logs:
        lines += [f"### Stage logs ({len(board.stage_logs)})", ""]
        rows = []
        for log in board.stage_logs:
            current = log.current
            rows.append(
                (
                    _code(log.path),
                    _shown(log.phase),
                    f"{log.progress.done}/{log.progress.total}",
                    bar(log.progress),
                    _md(current.stage) if current else "—",
                    _icon(current.status) if current else "—",
                    _md(_shown(current.gate)) if current else "—",
                )
            )
        lines += _md_table(
            ("stage log", "phase", "stages done", "progress", "current stage", "status", "gate"),
            rows,
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def _icon(status: str | None) -> str:
    if status is None:
        return "—"
    icon = _STATUS_ICONS.get(status.casefold())
    return f"{icon} {_md(status)}" if icon else _md(status)


def _md(text: str) -> str:
    """Text from the repository as one markdown table cell: one line, no pipe, backslash or
    angle bracket that would end the cell or open HTML."""
    from phaselint.reporters import one_line

    return (
        one_line(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("`", "'")
    )


def _code(text: str) -> str:
    """A path as inline code in a table cell (a backtick in it could end the code span)."""
    from phaselint.reporters import one_line

    return "`" + one_line(text).replace("`", "'").replace("|", "\\|") + "`"
