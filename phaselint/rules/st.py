"""ST — stage gates within a phase (the stage-gate method): stages 0–10, each with an objective gate."""

from __future__ import annotations

from collections.abc import Iterator

from phaselint.diagnostics import Diagnostic, Severity
from phaselint.methods.stages import StageEntry, StageLog, StageOptions, StagesModel, has_content
from phaselint.registry import RuleContext, rule
from phaselint.textutil import brief, clean_inline, did_you_mean


def _at_status(ctx: RuleContext, log: StageLog, entry: StageEntry, message: str) -> Diagnostic:
    return ctx.at_field(log.path, entry.status, message)


def _phase_text(entry: StageEntry) -> str:
    return f" of phase {entry.phase}" if entry.phase is not None else ""


@rule("ST001", "stage-status", Severity.ERROR, methodology="stages", target=StageLog)
def stage_status(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A stage's status is not one of not-started, in-progress, done, blocked.

    ## What it does
    Reads the `Status:` of every stage entry (`### Stage N — Name`) and reports a value other
    than not-started, in-progress, done or blocked (case, spaces, underscores and emoji are
    ignored: `In Progress ✅` is in-progress). The template's own `not-started / in-progress /
    done / blocked`, left unfilled, is reported too.

    ## Why is this bad?
    The stage-gate method's implementation log template: "Status: not-started / in-progress / done /
    blocked". The other stage rules read these four words; anything else cannot be gated.

    ## Example
    ```markdown
    - Status: mostly done
    ```

    ## Use instead
    ```markdown
    - Status: in-progress
    ```

    ## How to fix
    Write one of the four statuses.

    ## Options
    `[tool.phaselint.stages]`: `statuses`.
    """
    statuses = ctx.options(StageOptions).statuses
    for entry in log.entries:
        value, state = entry.status.value, entry.state
        if state in statuses:
            continue
        if "/" in value:
            message = f"{entry.label} still has the template's status list; pick one of {', '.join(statuses)}"
        elif not value.strip():
            message = f"{entry.label} has an empty status; write one of {', '.join(statuses)}"
        else:
            hint = did_you_mean(state, statuses)
            message = f'status "{brief(clean_inline(value), 60)}" of {entry.label} is not one of {", ".join(statuses)}{hint}'
        yield _at_status(ctx, log, entry, message)


def _phase_entries(log: StageLog) -> Iterator[list[StageEntry]]:
    """The entries of each phase of a log, in stage order."""
    for entries in log.phases.values():
        yield sorted(entries, key=lambda e: e.order)


@rule("ST002", "stage-order", Severity.ERROR, methodology="stages", target=StageLog)
def stage_order(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A stage started while an earlier stage is not done.

    ## What it does
    Within each phase, reports a stage that is in-progress or done while a stage before it
    (sub-stages included: 4a comes before 4b) is not done. When the earlier stage failed its
    gate, ST004 reports the advance instead, so one problem is reported once.

    ## Why is this bad?
    The stage-gate method: "Stages build on each other linearly — Stage N assumes all stages 0 through N-1
    are complete and their gates passed. Never skip a stage."

    ## Example
    ```markdown
    ### Stage 2 — Database + Migrations
    - Status: in-progress
    ### Stage 3 — Primary Resource API
    - Status: done
    ```

    ## How to fix
    Finish the earlier stage (gate passed) first, or correct the statuses.
    """
    for entries in _phase_entries(log):
        blocker: StageEntry | None = None
        for entry in entries:
            if entry.started and blocker is not None and blocker.result != "fail":
                yield _at_status(
                    ctx,
                    log,
                    entry,
                    f"{entry.label}{_phase_text(entry)} is {entry.state} while {blocker.label} is "
                    f"{blocker.state or 'not done'}; stages build linearly — finish {blocker.label} first",
                )
            if entry.state != "done" and blocker is None:
                blocker = entry


@rule("ST003", "done-without-gate", Severity.ERROR, methodology="stages", target=StageLog)
def done_without_gate(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A stage is done without a passed gate and evidence.

    ## What it does
    Reports a stage whose status is done but whose `Acceptance gate result:` is not `pass`
    (missing, empty, or fail), or whose `Evidence links:` are missing or empty (a value, or a
    list under the field, counts as evidence; `none`, `n/a`, `-` do not).

    ## Why is this bad?
    The stage-gate method: "Each stage has an acceptance gate", and every stage completion includes
    "Acceptance gate evidence (how did you verify?)"; "No evidence for gates — Can't verify
    completion later — Capture evidence immediately".

    ## Example
    ```markdown
    - Status: done
    - Evidence links:
    - Acceptance gate result: pass
    ```

    ## Use instead
    ```markdown
    - Status: done
    - Evidence links: CI run #412 (`pytest tests/api` green), docs/evidence/stage-3.md
    - Acceptance gate result: pass
    ```

    ## How to fix
    Record the gate result and the evidence — or the stage is not done.
    """
    for entry in log.entries:
        if entry.state != "done":
            continue
        missing = []
        if entry.result != "pass":
            missing.append("a passed acceptance gate (`Acceptance gate result: pass`)")
        if not has_content(log.document, entry.evidence, entry.section):
            missing.append("evidence (`Evidence links:`)")
        if missing:
            yield _at_status(
                ctx,
                log,
                entry,
                f"{entry.label}{_phase_text(entry)} is done without "
                + " and without ".join(missing)
                + "; record them, or set the status back to in-progress",
            )


@rule("ST004", "past-failing-gate", Severity.ERROR, methodology="stages", target=StageLog)
def past_failing_gate(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A later stage started while an earlier stage's gate failed.

    ## What it does
    Within each phase, reports a stage that is in-progress or done while a stage before it has
    `Acceptance gate result: fail`.

    ## Why is this bad?
    The stage-gate method, common pitfalls: "Advancing past a failing gate — Technical debt compounds — Block
    on gate failure, fix before advancing."

    ## Example
    ```markdown
    ### Stage 5 — Background Workers
    - Status: done
    - Acceptance gate result: fail
    ### Stage 6 — Policy Enforcement
    - Status: in-progress
    ```

    ## How to fix
    Fix the failing stage until its gate passes, then continue.
    """
    for entries in _phase_entries(log):
        failed: StageEntry | None = None
        for entry in entries:
            if entry.started and failed is not None:
                yield _at_status(
                    ctx,
                    log,
                    entry,
                    f"{entry.label}{_phase_text(entry)} is {entry.state} while {failed.label}'s "
                    f"acceptance gate failed; fix {failed.label} until its gate passes before advancing",
                )
            if entry.result == "fail" and failed is None:
                failed = entry


@rule("ST005", "vague-gate", Severity.WARNING, methodology="stages", target=StageLog)
def vague_gate(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A stage's acceptance gate is vague.

    ## What it does
    Compares each stage's `Acceptance gate:` (or `Gate:`) with a list of vague gates — "System
    works correctly", "Code looks clean", "Tests pass" without saying which, "Works as
    expected", "No bugs", "Done" and close variants — matched against the whole gate, ignoring
    case, emphasis and final punctuation. A gate that names what to run or observe (`` `pytest
    tests/api` passes``, "Invalid state transition returns 409", "/healthz returns ok") is not
    vague. Inline code is part of the gate here: it is what makes a gate reproducible.

    ## Why is this bad?
    The stage-gate method: "An acceptance gate is an **objective, reproducible** condition" — and its bad
    examples: "System works correctly", "Code looks clean", "Tests pass" (which tests?).

    ## Example
    ```markdown
    - Acceptance gate: Tests pass
    ```

    ## Use instead
    ```markdown
    - Acceptance gate: `pytest tests/api` passes and `/healthz` returns ok
    ```

    ## How to fix
    State the check someone else can run and see pass.

    ## Options
    `[tool.phaselint.stages]`: `vague-gates` (regular expressions, matched against the whole
    gate).
    """
    patterns = ctx.options(StageOptions).vague_patterns
    for entry in log.entries:
        gate = entry.gate
        if gate is None or not gate.value.strip():
            continue
        text = clean_inline(gate.value).strip().rstrip(".!").strip('"“”')
        if any(pattern.fullmatch(text) for pattern in patterns):
            yield ctx.at_field(
                log.path,
                gate,
                f'acceptance gate "{brief(text, 80)}" of {entry.label} is vague; state an objective, '
                "reproducible check (e.g. `pytest tests/api` passes, POST /items returns 201)",
            )


@rule("ST006", "blocked-without-blocker", Severity.ERROR, methodology="stages", target=StageLog)
def blocked_without_blocker(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A blocked stage does not say what blocks it.

    ## What it does
    Reports a stage whose status is blocked while its `Blockers:` is missing or empty (`none`,
    `n/a`, `-` count as empty).

    ## Why is this bad?
    The stage-gate method's log has a `Blockers:` line for every stage; a blocked stage without its blocker
    cannot be unblocked by anyone else.

    ## Example
    ```markdown
    - Status: blocked
    - Blockers:
    ```

    ## Use instead
    ```markdown
    - Status: blocked
    - Blockers: staging database credentials not issued yet (ticket OPS-12)
    ```

    ## How to fix
    Write down what blocks the stage, and who can unblock it.
    """
    for entry in log.entries:
        if entry.state == "blocked" and not has_content(
            log.document, entry.blockers, entry.section
        ):
            yield _at_status(
                ctx,
                log,
                entry,
                f"{entry.label}{_phase_text(entry)} is blocked but no blocker is stated; fill in "
                "`Blockers:`",
            )


@rule("ST007", "phase-before-sign-off", Severity.ERROR, methodology="stages", target=StageLog)
def phase_before_sign_off(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A phase started before the previous phase's Stage 10 sign-off.

    ## What it does
    For a phase N > 1, reports its first stage that is in-progress or done while Stage 10 (phase
    sign-off) of phase N-1 is not done. Phase N-1's stages are looked for in the same log (under
    a `Phase N-1` heading) and in the dedicated stage-log files; when no log of phase N-1 exists,
    nothing is reported. A stage's phase is the nearest `Phase N` heading above it, else the one
    the log's title or file name names.

    ## Why is this bad?
    The stage-gate method: a new phase starts when "All Stage 10 criteria are satisfied"; "Phase 2 without
    Phase 1 sign-off — Building on unstable foundation — Complete all Stage 10 criteria first".

    ## Example
    `phase-2-log.md` has Stage 0 done while `phase-1-log.md`'s Stage 10 is in-progress.

    ## How to fix
    Sign off the previous phase (Stage 10 done, gate passed) before starting the next.
    """
    model = ctx.project.model(StagesModel)
    if model is None:
        return
    for phase, entries in log.phases.items():
        if phase is None or phase <= 1:
            continue
        started = next((e for e in sorted(entries, key=lambda e: e.order) if e.started), None)
        if started is None:
            continue
        logged, ten = model.previous_sign_off(log, phase)
        if not logged or (ten is not None and ten.state == "done"):
            continue
        state = "has no Stage 10 entry" if ten is None else f"Stage 10 is {ten.state or 'not done'}"
        yield _at_status(
            ctx,
            log,
            started,
            f"{started.label} of phase {phase} is {started.state} while phase {phase - 1}'s sign-off "
            f"is not done ({state}); sign off phase {phase - 1} first",
        )


@rule("ST008", "stage-numbering", Severity.WARNING, methodology="stages", target=StageLog)
def stage_numbering(log: StageLog, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Stage numbers are missing, duplicated or out of order.

    ## What it does
    Within each phase, reports a stage number used twice (a sub-stage letter makes a different
    stage: 4a and 4b are fine), a stage listed after a higher one, and numbers skipped between
    the stages listed (from Stage 0). Sub-stages never count as gaps.

    ## Why is this bad?
    The stage-gate method: "Every phase follows the same 11-stage pattern (0–10)"; gaps and duplicates make
    "Never skip a stage" impossible to check.

    ## Example
    Stage 0, Stage 1, Stage 3 (no Stage 2).

    ## How to fix
    Number the stages 0, 1, 2, … in order; split a large stage into 4a, 4b.
    """
    for entries in log.phases.values():
        seen: dict[tuple[int, str], StageEntry] = {}
        highest = -1
        for entry in entries:
            heading = entry.heading
            problem = None
            if entry.order in seen:
                problem = f"{entry.label}{_phase_text(entry)} is listed twice (first on line {seen[entry.order].heading.line})"
            elif entry.number < highest:
                problem = (
                    f"{entry.label}{_phase_text(entry)} comes after Stage {highest}: out of order"
                )
            elif entry.number > highest + 1:
                gap = f"Stage {highest + 1}" + (
                    f"–{entry.number - 1}" if entry.number - 1 > highest + 1 else ""
                )
                problem = (
                    f"{entry.label}{_phase_text(entry)} follows Stage {highest}: {gap} missing"
                )
            seen.setdefault(entry.order, entry)
            highest = max(highest, entry.number)
            if problem:
                yield ctx.at_heading(
                    log.path,
                    heading,
                    f"{problem}; number stages 0–10 in order (sub-stages 4a, 4b for a split stage)",
                )
