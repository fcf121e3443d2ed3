"""PL — phaselint itself: files it cannot read, its own suppression comments, broken JSON."""

from __future__ import annotations

from collections.abc import Iterator

from phaselint.diagnostics import Diagnostic, Severity
from phaselint.methods import StructuredData
from phaselint.registry import RuleContext, documented, rule

PL001 = documented(
    "PL001",
    "unreadable-file",
    Severity.ERROR,
    methodology="*",
    doc="""
    A planning file cannot be read or decoded.

    ## What it does
    Reports, once per file, a file phaselint should read but cannot: not valid UTF-8 (UTF-16,
    Latin-1 …), binary (it contains NUL bytes), larger than `max-file-size` (default 2 MB; such
    a file is not read at all), unreadable (permissions), a broken symbolic link, or a symbolic
    link that leads outside the repository (never followed). The other files are still linted.

    A UTF-8 byte-order mark and CRLF line endings are fine and are not reported.

    ## Why is this bad?
    A planning document phaselint cannot read is a document none of the other rules can check:
    its gates pass silently. Reporting it keeps that visible.

    ## Example
    `docs/development/V1.2.0_PHASE_1.md` saved as UTF-16 by an editor.

    ## How to fix
    Save the file as UTF-8 text; replace an outside symlink with the file itself; split or
    exclude (`exclude = [...]`) a file that is legitimately huge, or raise `max-file-size`.
    """,
)

PL002 = documented(
    "PL002",
    "invalid-suppression",
    Severity.ERROR,
    methodology="*",
    doc="""
    A suppression comment is malformed or names an unknown rule code.

    ## What it does
    Checks every `<!-- phaselint… -->` comment outside code: the directive must be one of
    `phaselint-disable`, `phaselint-enable`, `phaselint-disable-next-line` and
    `phaselint-disable-file`, and every code it names must be a rule code (`CAL001`), a code
    prefix (`CAL`) or a rule name (`calendar-period-name`). A reason may follow ` -- `.

    ## Why is this bad?
    A misspelt suppression suppresses nothing, silently; the author believes the diagnostic is
    handled while it still fails the run (or, worse, believes a code is suppressed that is not).

    ## Example
    ```markdown
    <!-- phaselint-disabel CAL001 -->
    <!-- phaselint-disable-next-line CAL010 -->
    ```

    ## Use instead
    ```markdown
    <!-- phaselint-disable-next-line CAL001 -- quoted from the retrospective -->
    ```

    ## How to fix
    Correct the directive or the code (`phaselint rules` lists every code).
    """,
)

PL003 = documented(
    "PL003",
    "unused-suppression",
    Severity.WARNING,
    methodology="*",
    doc="""
    A suppression comment suppressed nothing.

    ## What it does
    Reports a `phaselint-disable…` comment (or one of the codes it lists) that suppressed no
    diagnostic in this run. Codes of rules that did not run (not selected, or ignored for the
    file) are not reported.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line. Like ruff's unused `noqa`,
    removing it keeps suppressions meaningful.

    ## Example
    ```markdown
    <!-- phaselint-disable-next-line CAL001 -->
    ## Phase 1: Foundation
    ```

    ## How to fix
    Remove the comment, or the codes in it that no longer fire.
    """,
)

PL005 = documented(
    "PL005",
    "stale-baseline-entry",
    Severity.WARNING,
    methodology="*",
    doc="""
    A baseline entry no longer matches any diagnostic.

    ## What it does
    When `phaselint check` uses a baseline (`baseline = "FILE"` in the configuration, or
    `--baseline FILE`), reports once, at line 1 of its file, each recorded violation that no
    longer occurs. Only entries of the files the run looked at are judged: under `--staged` or
    `--diff-base`, the files of the change.

    ## Why is this bad?
    The violation was fixed — good — but its entry would go on baselining a new violation with
    the same fingerprint. Dropping fixed entries keeps the baseline an honest list of old debt.

    ## Example
    The baseline records a CAL001 on `## Week 1`; the heading is now `## Phase 1: Foundation`.

    ## How to fix
    Run `phaselint baseline` to write the baseline again; fixed entries are dropped.
    """,
)


@rule("PL004", "invalid-json", Severity.ERROR, methodology="*", target=StructuredData)
def invalid_json(data: StructuredData, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A JSON block or file phaselint reads is not valid JSON.

    ## What it does
    Parses the structured data the methodologies keep as JSON — the fenced ```json block of
    PARA's `context/context.md`, and the JSON files of the methods (consolidation synthesis,
    agent messages) — and reports a syntax error at its exact line and column *in the file that
    holds it*: for a block inside markdown, the line of context.md, not of the block.

    Only JSON that phaselint interprets is parsed: a ```json example in a plan's prose is
    documentation, and may well be elided (`{ … }`). A czarina archive's `config.json` is
    reported by CZ002 instead.

    ## Why is this bad?
    PARA: "the only record of where it stands is a JSON block inside `context/context.md`".
    If the block does not parse, the next session (and every other rule) cannot read it.

    ## Example
    ```json
    {
      "active_context": [],
      "completed_summaries": [],
      "last_updated": "2025-12-18T10:00:00Z",
    }
    ```

    ## Use instead
    ```json
    {
      "active_context": [],
      "completed_summaries": [],
      "last_updated": "2025-12-18T10:00:00Z"
    }
    ```

    ## How to fix
    Fix the syntax at the reported position: trailing commas, comments and single quotes are not
    JSON.
    """
    error = data.error
    if error is None:
        return
    yield ctx.diagnostic(
        data.path,
        error.line,
        error.column,
        f"{data.description} is not valid JSON: {error.message} (line {error.line}, column "
        f"{error.column}); fix the syntax so it can be read",
    )
