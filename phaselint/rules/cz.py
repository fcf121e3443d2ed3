"""CZ — czarina phase archives (phase-based development, "Phase Management")."""

from __future__ import annotations

from collections.abc import Iterator

from phaselint.diagnostics import Diagnostic, Severity
from phaselint.methods.czarina import CzarinaArchive
from phaselint.registry import RuleContext, rule


@rule(
    "CZ001", "phase-archive-summary", Severity.ERROR, methodology="czarina", target=CzarinaArchive
)
def phase_archive_summary(archive: CzarinaArchive, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A czarina phase archive has no PHASE_SUMMARY.md, or an empty one.

    ## What it does
    Checks every folder of `.czarina/phases/` for its `PHASE_SUMMARY.md`, and that the summary
    says something (not empty, not only headings). When the summary is missing the diagnostic
    points at the archive's `config.json` (or its first file), since a diagnostic always names a
    file the repository holds.

    ## Why is this bad?
    Phase-based development: each phase is archived with "PHASE_SUMMARY.md # What was done"; "Previous phase
    documented (completion summary)" comes before starting a new phase. An archive without a
    summary is state without an explanation.

    ## Example
    ```
    .czarina/phases/phase-1-v1.2.0/
    ├── config.json
    └── workers/
    ```

    ## Use instead
    ```
    .czarina/phases/phase-1-v1.2.0/
    ├── PHASE_SUMMARY.md
    ├── config.json
    └── workers/
    ```

    ## How to fix
    Write the phase summary (what was done, by which workers, what is left) into the archive.

    ## Options
    `[tool.phaselint.czarina]`: `phases-dir`, `summary-file`.
    """
    summary = archive.summary_path
    if summary not in archive.files:
        yield ctx.diagnostic(
            archive.anchor,
            1,
            1,
            f"phase archive {archive.folder}/ has no {archive.options.summary_file}; write what the "
            "phase did there (czarina archives it on `czarina phase close`)",
        )
        return
    document = ctx.project.markdown(summary)
    if document is None:
        return  # unreadable: PL001
    says_something = any(
        text and text.strip() and not any(h.line <= number <= h.end_line for h in document.headings)
        for number, text in enumerate(document.unquoted, start=1)
    ) or bool(document.code_blocks)
    if not says_something:
        yield ctx.diagnostic(
            summary,
            1,
            1,
            f"{archive.options.summary_file} of {archive.folder}/ is empty; write what the phase did",
        )


@rule("CZ002", "phase-archive-name", Severity.ERROR, methodology="czarina", target=CzarinaArchive)
def phase_archive_name(archive: CzarinaArchive, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A czarina phase archive's folder name is malformed, or its config.json is not JSON.

    ## What it does
    Checks that each folder of `.czarina/phases/` is named `phase-N-vX.Y.Z` (phase number and
    version) or, as older czarina releases did, `phase-YYYY-MM-DD_HH-MM-SS` with a real date and
    time; and that its `config.json`, if present, is valid JSON (reported at the line and column
    of the syntax error).

    ## Why is this bad?
    Phase-based development: "Each phase is archived with timestamp: .czarina/phases/phase-2025-12-20_14-30-00/
    … config.json # Worker config snapshot". A folder czarina did not name, or a snapshot that
    does not parse, cannot be traced back or restored.

    ## Example
    `.czarina/phases/phase-2025-13-40_10-00-00/`, `.czarina/phases/old-stuff/`.

    ## Use instead
    `.czarina/phases/phase-2025-12-20_14-30-00/` or `.czarina/phases/phase-2-v1.3.0/`.

    ## How to fix
    Rename the folder to one of the two forms; repair or regenerate config.json.
    """
    naming = archive.naming
    if naming is None:
        yield ctx.diagnostic(
            archive.anchor,
            1,
            1,
            f'phase archive folder "{archive.name}" is neither phase-N-vX.Y.Z nor '
            "phase-YYYY-MM-DD_HH-MM-SS; rename it to one of those forms",
        )
    elif naming == "bad-timestamp":
        yield ctx.diagnostic(
            archive.anchor,
            1,
            1,
            f'phase archive folder "{archive.name}" has a timestamp that is not a real date and '
            "time; correct it (phase-YYYY-MM-DD_HH-MM-SS)",
        )
    config = archive.config
    if config is not None and config.error is not None:
        error = config.error
        yield ctx.diagnostic(
            config.path,
            error.line,
            error.column,
            f"config.json is not valid JSON: {error.message}; repair it or re-archive the phase",
        )
