"""CX — PARA phased plans and `context/context.md` (PARA).

Every diagnostic about the JSON block points at the offending key or value in context.md and
names its JSON path (`$.phased_execution.phases[1].status`). The rules about the current state
(CX001–CX008, CX012) target the live context (`Context`); an archived one (`ArchivedContext`)
is a record of the past, held to its name (CX009) and to having been completed before it was
archived (CX010) — whether it was added outright or renamed there in the commit. CX007 also
compares execution_branch with the branch checked out.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from phaselint.diagnostics import Diagnostic, Edit, Fix, Severity
from phaselint.jsonpos import JsonPath, json_path
from phaselint.lazyre import lazy_compile
from phaselint.methods.para import (
    BREAKDOWN,
    ArchivedContext,
    Context,
    ParaModel,
    ParaOptions,
    ParaPlan,
    ParaSummary,
    PhaseEntry,
    basename,
    clean_path,
    is_archive_name,
    phase_key,
    summary_entry_name,
)
from phaselint.registry import RuleContext, rule
from phaselint.textutil import brief, clean_inline, listing, normalize_label, plural
from phaselint.validation import schema_problems, show

if TYPE_CHECKING:
    from phaselint.document import Document, Section

SCHEMA = "para-context.schema.json"
#: Past this many diagnostics of one kind in one block, the rest are summed up in one.
CAP = 20
_PHASE_HEADING = lazy_compile(r"^phase\s+(\d+)\b")
_EXPLAINED = lazy_compile(
    r"(?:—|–|\s-\s|:|\bbecause\b|\bdeferred\b|\bnot\b|\bskipped\b|\bn/a\b)\s*\S", re.I
)


def _at(
    ctx: RuleContext,
    context: Context,
    path: JsonPath,
    message: str,
    *,
    key: bool = False,
    length: int = 1,
) -> Diagnostic:
    """A diagnostic at a key or value of the block, its message prefixed with the JSON path."""
    line, column = context.position(path, key=key)
    return ctx.diagnostic(
        context.path, line, column, f"{json_path(path)}: {message}", length=length
    )


def _at_phase_status(
    ctx: RuleContext, context: Context, entry: PhaseEntry, message: str
) -> Diagnostic:
    """A diagnostic at a phase's `"status"` value in the block (quotes included)."""
    return _at(
        ctx, context, _phases_path(entry, "status"), message, length=len(entry.status or "") + 2
    )


def _capped(diagnostics: Iterable[Diagnostic], what: str) -> Iterator[Diagnostic]:
    """The first CAP diagnostics, then one that counts the rest (a block of 10,000 phases gets
    a readable report, not 10,000 lines)."""
    rest: list[Diagnostic] = []
    for index, diagnostic in enumerate(diagnostics):
        if index < CAP:
            yield diagnostic
        else:
            rest.append(diagnostic)
    if rest:
        first = rest[0]
        yield first._replace(
            message=f"… and {plural(len(rest), what)} more like the ones above; {first.message}"
        )


def _phases_path(entry: PhaseEntry, *rest: str) -> JsonPath:
    return ("phased_execution", "phases", entry.position, *rest)


def _length(value: object) -> int:
    return len(value) + 2 if isinstance(value, str) else 1


@rule("CX001", "context-json-block", Severity.ERROR, methodology="para", target=Context)
def context_json_block(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """context.md has no fenced JSON block, or more than one.

    ## What it does
    Checks that `context/context.md` holds exactly one fenced ```json block (```jsonc and
    ```json5 fences count as JSON blocks too, so their comments are reported by PL004). An empty
    context.md gets one diagnostic. Archived contexts are checked by CX010. Invalid JSON inside
    the block is PL004.

    ## Why is this bad?
    PARA: `/para-execute` "reads context/context.md and detects phased plan" from that block;
    with none, the execution state is lost, and with two, nobody knows which one is true.

    ## Example
    A context.md with a To-Do list and no ```json block.

    ## Use instead
    A context.md ending with one ```json block holding `active_context`, `completed_summaries`,
    `last_updated` (and `phased_execution` while a phased plan runs).

    ## How to fix
    Add the block, or merge the blocks into one.
    """
    document = context.document
    if document.is_blank():
        yield ctx.diagnostic(
            context.path,
            1,
            1,
            f"{context.path} is empty; it holds a summary of the current work and the JSON block "
            "that tracks it",
        )
        return
    blocks = context.json_blocks
    if not blocks:
        yield ctx.diagnostic(
            context.path,
            1,
            1,
            f"{context.path} has no ```json block; add the block that tracks the work "
            "(`active_context`, `completed_summaries`, `last_updated`)",
        )
        return
    for block in blocks[1:]:
        yield ctx.diagnostic(
            context.path,
            block.line,
            1,
            f"{context.path} has {len(blocks)} JSON blocks; keep one (this one repeats the block "
            f"at line {blocks[0].line})",
            length=3,
        )


@rule("CX002", "context-schema", Severity.ERROR, methodology="para", target=Context)
def context_schema(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The JSON block does not match the context schema.

    ## What it does
    Validates the block against `schemas/para-context.schema.json` (JSON Schema 2020-12; the
    block sits inside markdown, which general schema tools cannot read, so this rule validates
    it in place): `active_context`, `completed_summaries` and
    `last_updated` required; `phased_execution` with `master_plan` and `phases`, each phase with
    an integer `phase` from 1, a `plan` and a `status` of pending, in_progress or completed;
    optional `execution_branch`, `execution_started`, `current_phase`, `research_docs`,
    `worktree_path`, per-phase `branch` and `worktree_path`. Keys the schema does not name are
    allowed. Each error is reported at the offending key or value in context.md, with its JSON
    path; a missing key at the object that lacks it. The same problem in every phase (each
    lacks `plan`) is one diagnostic, at the first, saying how many more phases have it.
    Timestamps are CX008's to judge.

    ## Why is this bad?
    PARA's tooling reads this block to decide what to execute next; a block of the wrong
    shape breaks `/para-execute` and `/para-summarize`, and every other CX rule.

    ## Example
    ```json
    {"active_context": [], "last_updated": "2025-12-18T10:00:00Z",
     "phased_execution": {"master_plan": "context/plans/2025-12-18-auth.md",
       "phases": [{"phase": "1", "plan": "…", "status": "done"}]}}
    ```

    ## Use instead
    ```json
    {"active_context": [], "completed_summaries": [], "last_updated": "2025-12-18T10:00:00Z",
     "phased_execution": {"master_plan": "context/plans/2025-12-18-auth.md",
       "phases": [{"phase": 1, "plan": "…", "status": "completed"}]}}
    ```

    ## How to fix
    Correct the key or value the diagnostic names.
    """
    parsed = context.parsed
    if parsed is None:
        return
    problems = sorted(
        schema_problems(parsed.value, SCHEMA, formats=False), key=lambda p: context.position(p.path)
    )
    # One problem repeated in every phase (each lacks `plan`) is one diagnostic, at the first.
    repeats: dict[tuple[object, ...], list[int]] = {}
    for problem in problems:
        repeats.setdefault(_across_phases(problem.path, problem.message), []).append(0)
    diagnostics = []
    for problem in problems:
        shape = _across_phases(problem.path, problem.message)
        count = len(repeats.get(shape, ()))
        if count == 0:
            continue  # reported at its first phase
        others = f" (and in {plural(count - 1, 'more phase')})" if count > 1 else ""
        if shape[0] == "phase":
            repeats[shape] = []
        diagnostics.append(
            _at(
                ctx,
                context,
                problem.path,
                f"{problem.message}{others}; see schemas/{SCHEMA}",
                length=_length(problem.instance),
            )
        )
    yield from _capped(diagnostics, "schema error")


def _across_phases(path: JsonPath, message: str) -> tuple[object, ...]:
    """What a schema problem is, phase by phase: the same for `phases[0].plan` and
    `phases[7].plan` missing; unique for any other problem."""
    if len(path) >= 3 and path[:2] == ("phased_execution", "phases"):
        return ("phase", path[3:], message)
    return ("one", path, message)


def _escapes(value: str) -> bool:
    if value.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:[\\/]", value):
        return True
    normal = posixpath.normpath(value)
    return normal == ".." or normal.startswith("../")


def _paths_of(context: Context) -> Iterator[tuple[JsonPath, str]]:
    """The paths the block names: active_context, completed_summaries, master_plan, plans."""
    for key in ("active_context", "completed_summaries"):
        for index, value in context.strings(key):
            yield (key, index), value
    execution = context.execution
    if execution is None:
        return
    if isinstance(execution.get("master_plan"), str):
        yield ("phased_execution", "master_plan"), execution["master_plan"]
    phases = execution.get("phases")
    for index, item in enumerate(phases if isinstance(phases, list) else []):
        plan = item.get("plan") if isinstance(item, dict) else None
        if isinstance(plan, str):
            yield ("phased_execution", "phases", index, "plan"), plan


@rule("CX003", "context-path", Severity.ERROR, methodology="para", target=Context)
def context_path(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A path in the JSON block does not exist, or points outside the repository.

    ## What it does
    Looks up every path of the block — `active_context`, `completed_summaries`,
    `phased_execution.master_plan` and each `phases[].plan` — in the repository. An absolute
    path, a path that climbs out with `../`, and a symbolic link that leads outside are reported
    and never read. (`worktree_path` may legitimately live outside the repository and is not
    checked.)

    ## Why is this bad?
    PARA's context is what the next session reads first; a path that goes nowhere sends it to
    a plan or summary that is not there.

    ## Example
    `"master_plan": "context/plans/2025-12-18-implement-user-auth.md"` after the plan was renamed.

    ## How to fix
    Correct the path, or restore the file.
    """
    project = ctx.project
    diagnostics = []
    for path, value in _paths_of(context):
        cleaned = clean_path(value)
        if _escapes(cleaned) or (project.has_file(cleaned) and project.snapshot.escapes(cleaned)):
            problem = f'"{brief(value, 80)}" points outside the repository; paths in the block are repository-relative'
        elif project.has_file(cleaned) or project.has_folder(cleaned):
            continue
        else:
            problem = f'"{brief(value, 80)}" does not exist; correct the path or restore the file'
        diagnostics.append(_at(ctx, context, path, problem, length=len(value) + 2))
    yield from _capped(diagnostics, "path")


def _as_json(label: str) -> str:
    """A phase id as the block writes it: `2`, `"1c"`."""
    return label if label.isdigit() else f'"{label}"'


def _in_progress(context: Context) -> list[PhaseEntry]:
    return [e for e in context.phases if e.status == "in_progress"]


@rule("CX004", "one-phase-in-progress", Severity.ERROR, methodology="para", target=Context)
def one_phase_in_progress(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """More than one phase is in progress, or current_phase disagrees with it.

    ## What it does
    Checks that at most one phase of `phased_execution.phases` is `in_progress`, and that
    `current_phase` is that phase's number — or null when no phase is in progress (after
    `/para-summarize`: "Sets `current_phase` to `null`"). A sub-phase id (`"1c"`, `"7A"`) is
    compared as an id: `"current_phase": "1c"` while phase 1c runs is right (CX002 still says
    when the schema wants an integer).

    ## Why is this bad?
    PARA executes one phase at a time on its own branch, each "reviewed and merged
    independently"; two phases in progress, or a current_phase that points elsewhere, leave the
    next session unsure which to continue.

    ## Example
    Phases 1 and 2 both `in_progress`; or phase 2 `in_progress` with `"current_phase": 1`.

    ## How to fix
    Finish (and summarize) one phase before starting the next; keep current_phase in step.

    ## Fix safety
    Safe. When exactly one phase is in_progress, a current_phase that names another is set to
    it; when none is, current_phase is set to null (what `/para-summarize` does). The phase
    statuses are the record, and there is one candidate. Only the value is replaced (a number,
    a string or null as written); an object or a list there, two phases in progress, or a
    missing current_phase have no fix.
    """
    execution = context.execution
    if execution is None:
        return
    running = _in_progress(context)
    for entry in running[1:]:
        yield _at_phase_status(
            ctx,
            context,
            entry,
            f"phase {entry.label} is in_progress as well as phase {running[0].label}; "
            "one phase executes at a time — complete or reset one of them",
        )
    if len(running) > 1 or (running and running[0].key is None):
        return  # a phase without a usable id is CX002's
    expected = _as_json(running[0].label) if running else None
    if "current_phase" not in execution:
        if running:
            yield _at(
                ctx,
                context,
                ("phased_execution",),
                f"current_phase is missing while phase {expected} is in_progress; set it to {expected}",
                key=True,
                length=len("phased_execution") + 2,
            )
        return
    current = execution.get("current_phase")
    if isinstance(current, bool):
        return  # a boolean is a type error: CX002's
    if running and phase_key(current) == running[0].key:
        return  # `"current_phase": "1c"` while phase "1c" runs; 2 and "2" are CX002's to judge
    if not running and current is None:
        return
    if expected is None:
        message = f"current_phase is {show(current)} but no phase is in_progress; set it to null"
    else:
        message = f"current_phase is {show(current)} but phase {expected} is the one in_progress; set it to {expected}"
    path: JsonPath = ("phased_execution", "current_phase")
    found = _at(ctx, context, path, message, length=len(show(current)))
    yield found._replace(fix=_current_phase_fix(context, path, expected or "null"))


_SCALAR = lazy_compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null')


def _current_phase_fix(context: Context, path: JsonPath, written: str) -> Fix | None:
    """current_phase set to the one phase in progress, or to null when none is: the value as
    written in the block (a number, a string, null) is replaced, nothing else."""
    if not context.blocks or path not in context.blocks[0].locations:
        return None
    line, column = context.position(path)
    token = _SCALAR.match(context.document.line(line), column - 1)
    if token is None:
        return None  # an object or a list: what it meant is not for a fix to guess
    edit = Edit(line, column, line, column + len(token.group()), written)
    return Fix(f"set current_phase to {written}", (edit,))


@rule("CX005", "phase-order", Severity.ERROR, methodology="para", target=Context)
def phase_order(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase runs or is done while an earlier phase is not completed.

    ## What it does
    Walks the phases by number and reports a phase that is `in_progress` or `completed` while a
    phase with a lower number is not `completed`; sub-phases sort after their number (1, 1b,
    1c, 2). On a change (`--staged`, `--diff-base`) it
    also reports a phase that was `completed` at the base and is not any more: a phase is
    completed by being summarized, and its successors were started on that footing.

    ## Why is this bad?
    PARA: phases have dependencies ("Phase 1 must be complete and merged"; "`/para-execute
    --phase=2` … checks that phase 1 is "completed""). Running a phase before the one it builds
    on builds on nothing.

    ## Example
    Phase 1 `pending`, phase 2 `in_progress`.

    ## How to fix
    Complete the earlier phase first, or correct the statuses.
    """
    ordered = sorted(
        (e for e in context.phases if e.key is not None), key=lambda e: (e.key, e.position)
    )
    blocker: PhaseEntry | None = None
    diagnostics = []
    for entry in ordered:
        if entry.status in ("in_progress", "completed") and blocker is not None:
            diagnostics.append(
                _at_phase_status(
                    ctx,
                    context,
                    entry,
                    f"phase {entry.label} is {entry.status} while phase {blocker.label} is "
                    f"{blocker.status or 'not completed'}; phases execute in order — complete phase "
                    f"{blocker.label} first",
                )
            )
        if entry.status != "completed" and blocker is None:
            blocker = entry
    diagnostics.extend(_reopened(context, ctx))
    yield from _capped(diagnostics, "phase")


def _reopened(context: Context, ctx: RuleContext) -> list[Diagnostic]:
    """Phases completed at the base of a change and no longer completed."""
    model = ctx.project.model(ParaModel)
    before = model.context_at_base() if model is not None else None
    if before is None:
        return []
    done = {e.key for e in before.phases if e.status == "completed" and e.key is not None}
    return [
        _at_phase_status(
            ctx,
            context,
            entry,
            f"phase {entry.label} was completed and is now {entry.status}; a completed phase "
            "stays completed (its summary is its record) — plan further work as a new phase",
        )
        for entry in context.phases
        if entry.key in done and entry.status in ("pending", "in_progress")
    ]


def _summary_for(context: Context, entry: PhaseEntry) -> bool:
    """Whether completed_summaries lists a summary for a phase (matched by slug and number)."""
    return context.summary_of(entry) is not None


def _missing_summaries(context: Context) -> list[PhaseEntry]:
    return [
        e
        for e in context.phases
        if e.status == "completed" and e.key is not None and not _summary_for(context, e)
    ]


def _summary_hint(entry: PhaseEntry, ctx: RuleContext) -> str:
    plan_name = entry.plan_name
    slug = plan_name.slug if plan_name else "<slug>"
    # A plan named `2025-01-07-phase-2-search.md` has its phase in the slug: not twice.
    slug = _PHASE_IN_SLUG.sub("-", f"-{slug}-").strip("-") or "<slug>"
    folder = ctx.options(ParaOptions).summaries_dir.strip("/")
    return f"{folder}/YYYY-MM-DD-{slug}-phase-{entry.label.casefold()}-summary.md"


_PHASE_IN_SLUG = lazy_compile(r"-phase-\d+[a-z]?-")


@rule("CX006", "completed-without-summary", Severity.ERROR, methodology="para", target=Context)
def completed_without_summary(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A completed phase has no summary, or completed_summaries lists something else.

    ## What it does
    For every `completed` phase, looks in `completed_summaries` for its summary — a file named
    `YYYY-MM-DD-<slug>-phase-<N>-summary.md` with the phase plan's slug and number — and reports
    the phase when there is none (a sub-phase's summary is `…-phase-1c-summary.md`). Reports
    too an entry of `completed_summaries` that is not a summary (a plan, say). A file of the
    summaries folder named like a phase plan (`…-phase-1.md`, missing its `-summary`) is that
    phase's summary here — CX009 reports its name, once. An entry whose file does not exist is
    CX003's to report.

    ## Why is this bad?
    PARA: `/para-summarize --phase=1` "Creates summary … Adds summary to
    `completed_summaries` … Changes phase 1 status to "completed"" — a phase is completed *by*
    being summarized. A completed phase without a summary has lost its record.

    ## Example
    Phase 1 `completed`, `"completed_summaries": []`.

    ## How to fix
    Run `/para-summarize` for the phase (or write the summary) and list it.
    """
    diagnostics = [
        _at_phase_status(
            ctx,
            context,
            entry,
            f"phase {entry.label} is completed but completed_summaries has no summary for it; "
            f"summarize it ({_summary_hint(entry, ctx)}) and list the summary",
        )
        for entry in _missing_summaries(context)
    ]
    for index, value in context.strings("completed_summaries"):
        if summary_entry_name(value) is None:
            diagnostics.append(
                _at(
                    ctx,
                    context,
                    ("completed_summaries", index),
                    f'"{brief(value, 80)}" is not a summary (summaries are named '
                    "YYYY-MM-DD-<slug>-phase-<N>-summary.md); list summaries only",
                    length=len(value) + 2,
                )
            )
    yield from _capped(diagnostics, "phase")


@rule("CX007", "execution-branch", Severity.WARNING, methodology="para", target=Context)
def execution_branch(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """execution_branch is not the branch of the phase in progress.

    ## What it does
    While a phase is `in_progress`, checks that `execution_branch` (and the phase's own
    `branch`, when it has one) is `para/<slug>-phase-<N>`, where the slug comes from the phase
    plan's file name (`2025-12-18-implement-user-authentication-phase-1.md` →
    `para/implement-user-authentication-phase-1`). In a git repository it also compares
    `execution_branch` with the branch checked out (in a detached pull-request checkout,
    `GITHUB_HEAD_REF`): work on a phase in progress happens on its branch. A detached HEAD
    outside a pull request has no branch to compare.

    ## Why is this bad?
    PARA: `/para-execute --phase=1` "Creates branch: `git checkout -b
    para/implement-user-authentication-phase-1`" and records it as `execution_branch`. A
    mismatch means the context and the work live on different branches.

    ## Example
    Phase 2 `in_progress`, `"execution_branch": "para/implement-user-authentication-phase-1"`.

    ## How to fix
    Update execution_branch when the next phase starts.
    """
    running = _in_progress(context)
    if len(running) != 1 or running[0].plan is None:
        return
    entry = running[0]
    name = entry.plan_name
    if name is None or name.phase is None:
        return
    expected = f"para/{name.slug}-phase-{name.phase}"
    data = context.data or {}
    branch = data.get("execution_branch")
    if isinstance(branch, str) and branch != expected:
        yield _at(
            ctx,
            context,
            ("execution_branch",),
            f'execution_branch is "{brief(branch, 80)}" but phase {entry.label} runs on "{expected}"; update it',
            length=len(branch) + 2,
        )
    if entry.branch is not None and entry.branch != expected:
        yield _at(
            ctx,
            context,
            _phases_path(entry, "branch"),
            f'phase {entry.label}\'s branch is "{brief(entry.branch, 80)}"; its plan names it "{expected}"',
            length=len(entry.branch) + 2,
        )
    repository = ctx.project.repository
    current = repository.current_branch if repository is not None else None
    if isinstance(branch, str) and current is not None and current not in (branch, expected):
        yield _at(
            ctx,
            context,
            ("execution_branch",),
            f'execution_branch is "{brief(branch, 80)}" but the checked-out branch is "{current}"; work on '
            f"phase {entry.label} belongs on its branch (git switch {brief(branch, 80)}), or update "
            "execution_branch",
            length=len(branch) + 2,
        )


def _timestamp(value: object) -> datetime | None:
    """An RFC 3339 date-time (the ISO-8601 profile JSON Schema's `date-time` means), or None."""
    if not isinstance(value, str):
        return None
    from rfc3339_validator import validate_rfc3339

    if not validate_rfc3339(value):
        return None
    text = value.replace("Z", "+00:00").replace("z", "+00:00")
    # Python 3.10 reads a fraction of 3 or 6 digits only (`10:00:00.5Z` fails there): RFC 3339
    # allows any number, so it is written with 6.
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    try:
        return datetime.fromisoformat(text.replace("T", " ").replace("t", " ", 1))
    except ValueError:
        return None


_FRACTION = lazy_compile(r"\.(\d+)")


@rule("CX008", "context-timestamps", Severity.ERROR, methodology="para", target=Context)
def context_timestamps(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A timestamp of the block is not ISO-8601, or last_updated is before execution_started.

    ## What it does
    Checks that `execution_started` and `last_updated` are ISO-8601 date-times in the RFC 3339
    profile JSON Schema's `date-time` means (`2025-12-18T10:00:00Z`, with a time zone), and
    that `last_updated` is not earlier than `execution_started`. (A timestamp that is not a
    string is CX002's to report.)

    ## Why is this bad?
    PARA's block records `"execution_started": "2025-12-18T10:00:00Z"` and
    `"last_updated"`; tools compare them and sort by them. "Dec 18" or a last update before the
    start cannot be trusted.

    ## Example
    `"last_updated": "18/12/2025"`.

    ## Use instead
    `"last_updated": "2025-12-18T10:00:00Z"`.

    ## How to fix
    Write the time as `YYYY-MM-DDTHH:MM:SSZ` (or with an offset).
    """
    data = context.data
    if data is None:
        return
    moments: dict[str, datetime] = {}
    for key in ("execution_started", "last_updated"):
        value = data.get(key)
        if not isinstance(value, str):
            continue
        moment = _timestamp(value)
        if moment is None:
            yield _at(
                ctx,
                context,
                (key,),
                f'"{brief(value)}" is not an ISO-8601 timestamp; write it as YYYY-MM-DDTHH:MM:SSZ '
                "(e.g. 2025-12-18T10:00:00Z)",
                length=len(value) + 2,
            )
        else:
            moments[key] = moment
    started, updated = moments.get("execution_started"), moments.get("last_updated")
    if started is not None and updated is not None and updated < started:
        yield _at(
            ctx,
            context,
            ("last_updated",),
            f"last_updated ({data['last_updated']}) is earlier than execution_started "
            f"({data['execution_started']}); update it",
            length=len(str(data["last_updated"])) + 2,
        )


#: An Objective section: `Objective`, `Overall Objective`, `Objectives`, `Overview`.
_OBJECTIVE = lazy_compile(r"(?:^|\s)(?:objectives?|overview)$")


def _breakdown(document: Document) -> tuple[Section | None, dict[int, Section]]:
    """The Phase Breakdown of a master plan and its phases by number: of the sections named
    like one (Phase Breakdown, Phase Details, Phase Overview), the first with `Phase N`
    subsections, else the first."""
    candidates = document.find_sections(BREAKDOWN)
    for section in candidates:
        phases: dict[int, Section] = {}
        for child in document.subsections(section):
            match = _PHASE_HEADING.match(child.heading.title)
            if match:
                phases.setdefault(int(match.group(1)), child)
        if phases:
            return section, phases
    return (candidates[0] if candidates else None), {}


@rule(
    "CX009",
    "plan-naming",
    Severity.ERROR,
    methodology="para",
    target=(ParaPlan, ParaSummary, Context, ArchivedContext),
)
def plan_naming(unit: ParaPlan | ParaSummary | Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Plans, summaries and archives break the naming, or the phases disagree.

    ## What it does
    - A plan not named `YYYY-MM-DD-slug.md` (master or single plan) or
      `YYYY-MM-DD-slug-phase-N.md`; a summary not named `YYYY-MM-DD-slug-phase-N-summary.md` (or
      `YYYY-MM-DD-slug-summary.md`); an archived context not named `YYYY-MM-DD-context.md`,
      `YYYY-MM-DD-HHMM-context.md`, `YYYY-MM-DD[-HHMM]-<slug>.md` (`2026-02-14-rebrand-
      context.md`, as PARA's own repository names them) or `context-YYYY-MM-DD[-HHMM].md`.
    - A phase plan without its master plan (same date and slug, no phase number).
    - A master plan whose Phase Breakdown (`### Phase N: …`) disagrees with the phase plan files
      named after it — a phase without its plan file, a plan file without its phase — or, when
      the context executes this plan, with the numbers of `phased_execution.phases`.
    - A phase number listed twice in `phased_execution.phases` (one plan file per phase).

    ## Why is this bad?
    PARA's files are found by their names: `context/plans/2025-12-18-implement-user-
    authentication-phase-1.md` (Database), `…-phase-2.md` (API), `…-phase-3.md` (Frontend), each
    listed in the master plan's breakdown. A phase without its plan, or a plan for a phase the
    master plan does not have, is work nobody planned.

    ## Example
    The master plan lists Phases 1–3; `context/plans/` has phase plans 1 and 2 only.

    ## How to fix
    Rename the file, or make the breakdown, the phase plans and the phases array agree.
    """
    name = basename(unit.path)
    if isinstance(unit, Context):
        if isinstance(unit, ArchivedContext) and not is_archive_name(name):
            yield ctx.diagnostic(
                unit.path,
                1,
                1,
                f'archived context "{name}" is not named YYYY-MM-DD[-HHMM]-context.md, '
                "YYYY-MM-DD[-HHMM]-<slug>.md or context-YYYY-MM-DD[-HHMM].md; rename it",
            )
        yield from _duplicate_phases(unit, ctx)
        return
    if isinstance(unit, ParaSummary):
        if unit.name is None:
            yield ctx.diagnostic(
                unit.path,
                1,
                1,
                f'summary "{name}" is not named YYYY-MM-DD-<slug>-phase-<N>-summary.md (or '
                "YYYY-MM-DD-<slug>-summary.md); rename it",
            )
        return
    if unit.name is None:
        yield ctx.diagnostic(
            unit.path,
            1,
            1,
            f'plan "{name}" is not named YYYY-MM-DD-<slug>.md (master plan) or '
            "YYYY-MM-DD-<slug>-phase-<N>.md (phase plan); rename it",
        )
        return
    model = ctx.project.model(ParaModel)
    if model is None:
        return
    if unit.name.phase is not None:
        if (unit.name.date, unit.name.slug) not in model.master_plans:
            yield ctx.diagnostic(
                unit.path,
                1,
                1,
                f"phase plan {name} has no master plan ({unit.name.date}-{unit.name.slug}.md in "
                f"{model.options.plans_dir}/); write the master plan that lists its phases",
            )
        return
    if unit.is_master_plan:
        yield from _breakdown_agreement(unit, model, ctx)


def _duplicate_phases(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: dict[tuple[int, str], PhaseEntry] = {}
    diagnostics = []
    for entry in context.phases:
        if entry.key is None:
            continue
        if entry.key in seen:
            diagnostics.append(
                _at(
                    ctx,
                    context,
                    _phases_path(entry, "phase"),
                    f"phase {entry.label} is listed twice (first at phases[{seen[entry.key].position}]); "
                    "one entry and one plan file per phase",
                    length=len(_as_json(entry.label)),
                )
            )
        else:
            seen[entry.key] = entry
    yield from _capped(diagnostics, "phase")


def _breakdown_agreement(
    plan: ParaPlan, model: ParaModel, ctx: RuleContext
) -> Iterator[Diagnostic]:
    document = plan.document
    section, phases = _breakdown(document)
    if section is None:
        return  # CX013 reports the missing breakdown
    files = plan.phase_plans
    assert plan.name is not None
    # A breakdown written as a table or a list (`| **1** | Foundation |`, `- Phase 1: …`)
    # names its phases there.
    numbers = set(phases) or _listed_phases(document, section)
    for number, child in sorted(phases.items()):
        if number not in files:
            expected = f"{plan.name.date}-{plan.name.slug}-phase-{number}.md"
            yield ctx.at_heading(
                plan.path,
                child.heading,
                f"Phase {number} of the breakdown has no plan file ({expected} in "
                f"{model.options.plans_dir}/); write it",
            )
    for number, path in sorted(files.items()):
        if number not in numbers:
            yield ctx.at_heading(
                plan.path,
                section.heading,
                f"{basename(path)} plans a Phase {number} the Phase Breakdown does not list; add it "
                "to the breakdown or remove the plan",
            )
    context = model.context
    if context is None or context.master_plan() != plan.path or not context.phases:
        return
    listed = sorted({e.number for e in context.phases if e.number is not None})
    planned = sorted(numbers)
    if listed != planned:
        yield ctx.at_heading(
            plan.path,
            section.heading,
            f"the Phase Breakdown lists phases {_numbers(planned)} but {context.path} executes "
            f"phases {_numbers(listed)}; make them agree",
        )


def _listed_phases(document: Document, section: Section) -> set[int]:
    """The phase numbers a breakdown's table rows or list items open with."""
    found = set()
    for number in range(section.body_start, section.end_line + 1):
        match = _LISTED_PHASE.match(document.prose_line(number) or "")
        if match:
            found.add(int(match.group(1) or match.group(2)))
    return found


_LISTED_PHASE = lazy_compile(
    r"^\s*(?:\|\s*[*_]*\s*(?:phase\s+)?(\d+)[a-z]?\b|(?:[-*+]|\d+\.)\s+[*_]*phase\s+(\d+)\b)",
    re.IGNORECASE,
)


def _numbers(values: list[int]) -> str:
    return ", ".join(map(str, values)) or "none"


@rule(
    "CX010",
    "archive-before-summaries",
    Severity.ERROR,
    methodology="para",
    target=ArchivedContext,
)
def archive_before_summaries(context: ArchivedContext, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A context was archived before its phases were completed and summarized.

    ## What it does
    For an archived context (`context/archives/…`), reads its JSON block and reports every phase
    of its phased execution that is not `completed`, and every completed phase without its
    summary in `completed_summaries`. Renames of context.md into the archive in a staged commit
    are checked the same way, on the staged content.

    ## Why is this bad?
    PARA: "Final Archive — After all phases are complete and merged: `/para-archive`".
    Archiving earlier buries unfinished work and unrecorded phases.

    ## Example
    `context/archives/2025-12-18-context.md` with phase 3 still `pending`.

    ## How to fix
    Restore context.md, finish and summarize the phases, then archive.
    """
    diagnostics = [
        _at_phase_status(
            ctx,
            context,
            entry,
            f"archived with phase {entry.label} still {entry.status or 'unfinished'}; archive a "
            "context only after every phase is completed and summarized",
        )
        for entry in context.phases
        if entry.status != "completed"
    ]
    diagnostics += [
        _at_phase_status(
            ctx,
            context,
            entry,
            f"archived with phase {entry.label} completed but not summarized; add its summary "
            f"({_summary_hint(entry, ctx)}) before archiving",
        )
        for entry in _missing_summaries(context)
    ]
    yield from _capped(sorted(diagnostics, key=lambda d: (d.line, d.column)), "phase")


SUMMARY_PARTS = {
    "Changes Made": frozenset({"changes made", "changes", "what changed"}),
    "Success Criteria Validation": frozenset({"success criteria validation", "success criteria"}),
    "Key Learnings": frozenset({"key learnings", "learnings", "lessons learned"}),
    "Next Steps": frozenset(
        {
            "next steps",
            "next step",
            "follow-up tasks",
            "follow up tasks",
            "followup tasks",
            "follow-up",
            "next phase",
        }
    ),
}
#: The parts only a phase's summary has: a single plan's summary needs neither.
PHASE_SUMMARY_PARTS = frozenset({"Success Criteria Validation", "Next Steps"})
_DONE_STATUS = lazy_compile(r"\b(?:complete|completed|done)\b|✅", re.IGNORECASE)


@rule("CX011", "summary-parts", Severity.ERROR, methodology="para", target=ParaSummary)
def summary_parts(summary: ParaSummary, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase summary lacks its parts.

    ## What it does
    Checks a summary of `context/summaries/` for `**Status:** Completed` (Complete, Completed,
    Done or ✅ all say so), and for the sections Changes Made, Success Criteria Validation, Key
    Learnings and Next Steps (names matched ignoring case, emphasis and emoji; `Follow-up
    Tasks` and `Next Phase` are Next Steps, as PARA's own summaries write them). Success
    Criteria Validation and Next Steps are asked only of a phase's summary
    (`…-phase-N-summary.md`): a single plan's summary has no next phase. Missing parts are
    reported together, at the title. In
    Success Criteria Validation, every criterion must be checked (`- [x]`) or explained (`- [ ]
    Load test — not run: no staging cluster yet`); an unchecked criterion without a word of
    explanation is reported at its line.

    ## Why is this bad?
    PARA's summary records the phase: "Status: ✅ Completed", "Changes Made", "Success
    Criteria Validation", "Key Learnings", "Next Steps". The next phase starts from it.

    ## Example
    A summary with a title and a list of files, nothing else.

    ## How to fix
    Complete the summary (`/para-summarize` writes all parts).
    """
    document = summary.document
    if document.is_blank():
        yield ctx.diagnostic(summary.path, 1, 1, "summary is empty; write it (/para-summarize)")
        return
    missing = []
    status = document.first_field(frozenset({"status"}), bold=True)
    if status is None or not _DONE_STATUS.search(status.value):
        missing.append("**Status:** Completed")
    of_phase = (summary.name is not None and summary.name.phase is not None) or (
        summary.name is None and "-phase-" in basename(summary.path)
    )
    criteria = None
    for part, names in SUMMARY_PARTS.items():
        found = document.find_section(names)
        if found is None:
            if of_phase or part not in PHASE_SUMMARY_PARTS:
                missing.append(part)
        elif part == "Success Criteria Validation":
            criteria = found
    if missing:
        pronoun = "it" if len(missing) == 1 else "them"
        yield ctx.at_title(
            summary.path, document, f"summary lacks {listing(missing)}; add {pronoun}"
        )
    if criteria is not None:
        for item in document.items_in(criteria):
            if item.open and not _EXPLAINED.search(item.text):
                yield ctx.diagnostic(
                    summary.path,
                    item.line,
                    item.column,
                    f'success criterion "{brief(clean_inline(item.text), 60)}" is neither checked nor '
                    "explained; check it, or say why it is not met",
                    length=3,
                )


@rule("CX012", "todo-after-completion", Severity.WARNING, methodology="para", target=Context)
def todo_after_completion(context: Context, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase was completed while context.md's To-Do List still has open items.

    ## What it does
    When no phase is in progress and at least one is completed — the state right after
    `/para-summarize` — the To-Do List of context.md belongs to the phase just completed, so its
    unchecked items are reported (once, at the first, with the count). While a phase is in
    progress, the list is that phase's and may have open items.

    ## Why is this bad?
    PARA tracks a phase's work in context.md's To-Do List; a phase marked completed with open
    to-dos was not completed, or its list was not kept.

    ## Example
    Phase 1 `completed`, no phase in progress, `- [ ] Test migrations up and down` still open.

    ## How to fix
    Check off the done items, or reopen the phase.
    """
    if _in_progress(context):
        return
    if not any(e.status == "completed" for e in context.phases):
        return
    section = context.to_do
    if section is None:
        return
    open_items = [i for i in context.document.items_in(section) if i.open]
    if not open_items:
        return
    first = open_items[0]
    yield ctx.diagnostic(
        context.path,
        first.line,
        first.column,
        f"{plural(len(open_items), 'to-do')} of the To-Do List {'is' if len(open_items) == 1 else 'are'} "
        "still open while the phase is completed and none is in progress; check them off or "
        "reopen the phase",
        length=3,
    )


MASTER_FIELDS = {
    "Date": frozenset({"date", "created"}),
    "Status": frozenset({"status"}),
    "Type": frozenset({"type"}),
}
PHASE_PARTS = {
    "Objective": frozenset({"objective"}),
    "Deliverables": frozenset({"key deliverables", "deliverables"}),
    "Dependencies": frozenset({"dependencies", "depends on"}),
    "Plan path": frozenset({"plan", "plan path", "plan file"}),
}


@rule("CX013", "master-plan-parts", Severity.ERROR, methodology="para", target=ParaPlan)
def master_plan_parts(plan: ParaPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A master plan lacks its parts.

    ## What it does
    Checks a master plan (a plan with `**Type:** Phased Plan`, a Phase Breakdown, phase plans
    named after it, or the plan the context's `master_plan` names) for `**Date:**` (or
    `**Created:**`), `**Status:**`, `**Type:**`, an Objective (`Objective`, `Overall Objective`,
    `Overview`), a Phase Breakdown (also written `Phase Details` or `Phase Overview`: of several,
    the one with the `### Phase N` headings) and Success Criteria — reported together at the
    title — and, for each phase of the breakdown,
    its `**Objective:**`, `**Key Deliverables:**`, `**Dependencies:**` and `**Plan:**` path —
    reported at the phase heading.

    ## Why is this bad?
    PARA's master plan states the objective, why the work is phased, each phase's
    objective, deliverables, dependencies and plan, and the success criteria; phases are reviewed
    and executed from it.

    ## Example
    A master plan whose `### Phase 2: API Layer` has no `**Dependencies:**`.

    ## How to fix
    Add the missing parts (`/para-plan` writes them all).
    """
    if not plan.is_master_plan:
        return
    document = plan.document
    missing = [
        f"**{label}:**"
        for label, keys in MASTER_FIELDS.items()
        if document.first_field(keys) is None
    ]
    objective = any(
        _OBJECTIVE.search(section.heading.title) for section in document.sections
    ) or document.first_field(frozenset({"objective", "overall objective"}))
    if not objective:
        missing.append("an Objective")
    breakdown, phases = _breakdown(document)
    if breakdown is None:
        missing.append("a Phase Breakdown")
    if document.find_section(frozenset({"success criteria"})) is None:
        missing.append("Success Criteria")
    if missing:
        pronoun = "it" if len(missing) == 1 else "them"
        yield ctx.at_title(
            plan.path, document, f"master plan lacks {listing(missing)}; add {pronoun}"
        )
    for number, section in sorted(phases.items()):
        keys = {f.key for f in document.fields_in(section)}
        keys |= {normalize_label(s.heading.text) for s in document.subsections(section)}
        absent = [part for part, names in PHASE_PARTS.items() if not keys & names]
        if absent:
            listed = listing(absent)
            pronoun = "it" if len(absent) == 1 else "them"
            yield ctx.at_heading(
                plan.path,
                section.heading,
                f"Phase {number} of the breakdown lacks its {listed}; add {pronoun}",
            )
