"""CN — parallel phases with consolidation (the consolidation method)."""

from __future__ import annotations

from collections.abc import Iterator

from phaselint.diagnostics import Diagnostic, Severity
from phaselint.jsonpos import json_path
from phaselint.methods.consolidation import ConsolidationJson, Workflow
from phaselint.registry import RuleContext, rule
from phaselint.textutil import brief, clean_inline, listing
from phaselint.validation import schema_problems

SCHEMAS = {
    "synthesis": "consolidation-synthesis.schema.json",
    "message": "agent-message.schema.json",
}


@rule(
    "CN001", "missing-consolidation", Severity.ERROR, methodology="consolidation", target=Workflow
)
def missing_consolidation(workflow: Workflow, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A parallel phase was not consolidated before a later phase started.

    ## What it does
    In a workflow folder (a folder holding consolidation artifacts), for each phase with agent
    reports (`analysis_report_agentN.json` for the analysis phase, `phaseN_…_agentK.json` for
    a parallel phase N), looks for its consolidation outputs — `phaseN_consolidated_analysis.md`
    and `phaseN_synthesis.json` — and reports their absence when work of a later phase exists.

    *Work of a later phase exists* means: the workflow folder, or a folder below it, holds a
    file whose name carries a higher phase number — `phase2_implementation.md`,
    `phase-3-results.json`, `phase3_test_report_agent1.json`, `phase2_synthesis.json`. While no
    such file exists the consolidation may still be under way, and nothing is reported.

    The diagnostic points at the first agent report of the phase.

    ## Why is this bad?
    The consolidation method: "Always complete consolidation before proceeding to next phase"; "Don'ts: Skip
    consolidation steps; Proceed with incomplete agent results".

    ## Example
    `analysis_report_agent1.json` … `agent3.json` and `phase2_implementation_plan.md`, but no
    `phase1_synthesis.json`.

    ## How to fix
    Run the consolidation step (`./workflow.sh --consolidate --phase 1`) and keep its outputs.
    """
    for phase, reports in sorted(workflow.reports.items()):
        later = workflow.later_work(phase)
        if later is None:
            continue
        missing = [
            name
            for name, found in (
                (f"phase{phase}_consolidated_analysis.md", workflow.consolidated(phase)),
                (f"phase{phase}_synthesis.json", workflow.synthesis(phase)),
            )
            if found is None
        ]
        if missing:
            yield ctx.diagnostic(
                sorted(reports)[0],
                1,
                1,
                f"phase {phase}'s agent reports were never consolidated ({listing(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing) while {later} shows a later phase "
                f"has started; consolidate phase {phase} first",
            )


@rule(
    "CN002",
    "consolidation-schema",
    Severity.ERROR,
    methodology="consolidation",
    target=ConsolidationJson,
)
def consolidation_schema(item: ConsolidationJson, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A synthesis or agent message does not match its schema.

    ## What it does
    Validates `phaseN_synthesis.json` against `schemas/consolidation-synthesis.schema.json`
    (the consolidation method's consolidation template: `timestamp`, `phase`, `inputs`, `synthesis` with
    `conflicts`, `dependencies` and `risk_assessment`, `decisions` with
    `implementation_strategy`) and agent reports and the files of a `messages/` folder against
    `schemas/agent-message.schema.json` (the message format: `header` with `phase`,
    `agent_id`, `timestamp`, `priority`; `body` with `message_type` and `content`; optional
    `metadata`). Keys the schemas do not name are allowed. Each error is reported at the
    offending value in the JSON file, with its JSON path; invalid JSON is PL004.

    ## Why is this bad?
    The consolidation method: "Validate outputs before consolidation"; its "Data Corruption: Invalid output from
    agent" is what a consolidation built on a malformed report inherits.

    ## Example
    ```json
    {"header": {"phase": "1", "agent_id": "agent2", "priority": "urgent"}, "body": {}}
    ```

    ## How to fix
    Correct the value the diagnostic names, or regenerate the output.
    """
    if item.data.error is not None:
        return
    schema = SCHEMAS[item.kind]
    for problem in sorted(
        schema_problems(item.data.value, schema), key=lambda p: item.position(p.path)
    ):
        line, column = item.position(problem.path)
        yield ctx.diagnostic(
            item.path,
            line,
            column,
            f"{json_path(problem.path)}: {problem.message}; see schemas/{schema}",
        )


@rule(
    "CN003",
    "checkpoint-before-next-phase",
    Severity.ERROR,
    methodology="consolidation",
    target=Workflow,
)
def checkpoint_before_next_phase(workflow: Workflow, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A validation checkpoint has unchecked criteria while a later phase has started.

    ## What it does
    Reads the `Validation Checkpoint N` sections of the workflow's markdown files and, when work
    of a later phase exists (see CN001: a file whose name carries a phase number above N, or a
    later checkpoint with a checked criterion), reports each unchecked criterion of checkpoint N
    that does not document an exception (`— exception: reason`, `(documented exception: …)`).
    The final checkpoint has no later phase.

    ## Why is this bad?
    The consolidation method: "Don'ts: Ignore validation checkpoint failures"; checkpoint criteria are the gate
    between phases ("Actions on Failure: Re-run failed agent …, Manual conflict resolution,
    Escalate to user").

    ## Example
    ```markdown
    ### Validation Checkpoint 1: Analysis Review
    **Criteria**:
    - [x] All three agents completed successfully
    - [ ] No critical conflicts in findings
    ```
    while `phase2_implementation.md` exists.

    ## How to fix
    Resolve and check the criterion, or document why it is an exception.
    """
    checkpoints = workflow.checkpoints
    for checkpoint in checkpoints:
        if checkpoint.phase is None:
            continue
        later = workflow.later_work(checkpoint.phase)
        if later is None:
            after = [
                c
                for c in checkpoints
                if (c.phase is None or c.phase > checkpoint.phase)
                and any(i.checked for i in c.criteria)
            ]
            if not after:
                continue
            later = f"a later checkpoint ({after[0].section.heading.plain})"
        for item in checkpoint.criteria:
            if not item.open or "exception" in item.text.casefold():
                continue
            yield ctx.diagnostic(
                checkpoint.path,
                item.line,
                item.column,
                f'criterion "{brief(clean_inline(item.text), 60)}" of {checkpoint.section.heading.plain} is '
                f"unchecked while {later} shows a later phase has started; resolve it (or document "
                "the exception) before moving on",
                length=3,
            )
