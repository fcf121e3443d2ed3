"""The command line: `phaselint check`, `baseline`, `init`, `rules`, `explain`, `server`,
`status`, parsed with click. What `check` does lives in `phaselint.checking`, which the hook's
common invocations reach without importing click (`phaselint.entry`).

Exit status: 0 clean; 1 errors found (warnings too under `--strict`); 2 usage, configuration or
internal error, a fix that cannot be written, or a standard output that cannot be written
(closed, full, a broken pipe), with a one-line message naming the cause — never a bare
traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from phaselint import __version__
from phaselint.checking import (
    EXIT_CLEAN,
    UsageProblem,
    _fail,
    _internal_error,
    _require_stdout,
    _stdout_broken,
    find_root,
    lint_project,
    load_checked_config,
    record_baseline,
    run_check,
    select_rules,
    use_baseline,
    write_stdout,
)


class _Phaselint(click.Group):
    """The `phaselint` group. click's own errors — an unknown option, a bad `--format`, a
    missing argument — are one line like phaselint's (`phaselint: error: …`, exit 2), and a
    standard output that fails while a command writes to it is `_stdout_broken`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:  # only output fails this way; `check` catches all else itself
            _stdout_broken(error)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            status = super().main(*args, **kwargs)
        except click.ClickException as error:
            message = error.format_message()
            context = getattr(error, "ctx", None)
            if isinstance(error, click.UsageError) and context is not None:
                message = f"{message.rstrip('.')}; see `{context.command_path} --help`"
            _fail(message)
        except click.Abort:
            _fail("interrupted")
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except (OSError, ValueError) as error:
            _stdout_broken(error)
        sys.exit(status if isinstance(status, int) else EXIT_CLEAN)


@click.group(cls=_Phaselint, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="phaselint")
def main() -> None:
    """phaselint keeps phase-based planning documents honest."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "concise", "full", "json", "github", "sarif", "junit", "gitlab"]),
    default=None,
    help="Output format (default: text, which is full on a terminal and concise elsewhere; "
    "in GitHub Actions, text plus annotations).",
)
@click.option(
    "--select", multiple=True, help="Rules to enable, by code, prefix or name (comma-separated)."
)
@click.option(
    "--extend-select", multiple=True, help="Rules to enable in addition to the selection."
)
@click.option("--ignore", multiple=True, help="Rules to disable, by code, prefix or name.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--config", "config_file", type=click.Path(path_type=Path), help="Configuration file to use."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option(
    "--fix", is_flag=True, help="Apply the safe fixes diagnostics offer, then report what remains."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the fixes --fix would apply as a unified diff and change nothing (exit 1 when "
    "there is something to fix).",
)
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply the unsafe fixes too."
)
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each diagnostic.")
@click.option("-q", "--quiet", is_flag=True, help="Print diagnostics only (no summary line).")
@click.option("-v", "--verbose", is_flag=True, help="Explain what was found and why (on stderr).")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--output-file", "-o", type=click.Path(path_type=Path), help="Write the report to a file."
)
@click.option(
    "--staged",
    is_flag=True,
    help="Lint the commit about to be made: the git index against HEAD (the pre-commit hook).",
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Lint the change since the merge base with REF (pull-request mode).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path),
    help="Leave out the diagnostics this baseline file records (see `phaselint baseline`).",
)
@click.option(
    "--no-baseline", is_flag=True, help="Ignore the configured baseline: report everything."
)
# -- stdin: `phaselint check --stdin-filename PATH -` -------------------------------------------
@click.option(
    "--stdin-filename",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Lint standard input (give `-` as the path) as if it were the file PATH of the "
    "repository; only PATH's diagnostics are reported.",
)
# -- end of stdin --------------------------------------------------------------------------------
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the cache (also: PHASELINT_NO_CACHE=1).",
)
def check(**options: Any) -> None:
    """Lint the repository, or the given files and folders.

    With --staged, lint the commit about to be made; with --diff-base REF (or pre-commit's
    PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF), the change since the merge base with REF. Files
    named with either are linted as the change's head holds them. With `--stdin-filename PATH -`,
    what standard input holds is linted as PATH, the rest of the repository as it is on disk.
    """
    run_check(**options)


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output",
    "output",
    type=click.Path(path_type=Path),
    help="The baseline file to write (default: the configured one, else "
    ".phaselint-baseline.json at the project root).",
)
@click.option(
    "--config", "config_file", type=click.Path(path_type=Path), help="Configuration file to use."
)
def baseline_command(
    paths: tuple[Path, ...], output: Path | None, config_file: Path | None
) -> None:
    """Record every current diagnostic, so that `phaselint check` reports only new ones.

    `phaselint check` then uses the file when the configuration says `baseline = "FILE"`, or
    with `--baseline FILE`; entries that no longer match are PL005 until the next
    `phaselint baseline`.
    """
    from phaselint import baseline

    try:
        root, top = find_root()
        config = load_checked_config(root, config_file)
        target = output or root / (config.baseline or baseline.DEFAULT_FILE)
        recorded = record_baseline(root, top, config, paths, target)
    except (UsageProblem, baseline.BaselineError) as problem:
        _fail(str(problem))
    except Exception as error:  # one line, never a traceback
        _internal_error(error)
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    write_stdout(f"phaselint: recorded {recorded} diagnostic(s) in {shown}\n")


@main.command("init")
@click.option(
    "--yes", "-y", is_flag=True, help="Write without asking (the default off a terminal)."
)
@click.option("--github", is_flag=True, help="Also write .github/workflows/phaselint.yml.")
@click.option(
    "--baseline",
    "with_baseline",
    is_flag=True,
    help="Also record today's diagnostics as a baseline, so that `phaselint check` passes.",
)
def init_command(yes: bool, github: bool, with_baseline: bool) -> None:
    """Set phaselint up in this repository: the configuration (only what differs from the
    defaults), the pre-commit hook, optionally the GitHub workflow and a baseline.

    Nothing already there is overwritten; run twice, it changes nothing. In a spec-kit project
    (`.specify/`) it prints how to add the spec-kit extension that makes phaselint the gate.
    """
    from phaselint import adopt
    from phaselint.project import Project
    from phaselint.snapshot import WorktreeSnapshot

    try:
        root, top = find_root()
        if top is None:
            raise UsageProblem(
                f"{root} is not inside a git repository; phaselint init sets up a git hook and "
                "a baseline of the committed documents — run `git init` first"
            )
        config = load_checked_config(root, None)
        project = Project(WorktreeSnapshot(root, in_git=True), config, None)
        planned = adopt.plan(root, project, github=github, baseline=with_baseline)
        for line in planned.said:
            click.echo(f"phaselint init: {line}")
        interactive = not yes and sys.stdin is not None and sys.stdin.isatty()
        if planned.writes and interactive and not click.confirm("Write these files?", default=True):
            click.echo("phaselint init: nothing written")
            return
        adopt.write(root, planned)
        if planned.baseline is not None and (root / planned.baseline).exists():
            click.echo(
                f"phaselint init: {planned.baseline}: already there; left as it is (run "
                "`phaselint baseline` to record today's diagnostics again)"
            )
        elif planned.baseline is not None:
            config = load_checked_config(root, None)
            recorded = record_baseline(root, top, config, (), root / planned.baseline)
            click.echo(f"phaselint init: recorded {recorded} diagnostic(s) in {planned.baseline}")
    except UsageProblem as problem:
        _fail(str(problem))
    except Exception as error:  # one line, never a traceback
        _internal_error(error)
    click.echo(
        "phaselint init: next, run `pre-commit install` (the hook), then `phaselint check`"
        + (" — it passes; the next new violation fails it" if planned.baseline else "")
    )


@main.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text"
)
def rules(output_format: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from phaselint.registry import all_rules

    _require_stdout()
    everything = all_rules()
    if output_format == "json":
        import json

        payload: list[dict[str, Any]] = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "methodology": r.methodology,
                "summary": r.summary,
            }
            for r in everything
        ]
        click.echo(json.dumps(payload, indent=2))
        return
    if output_format == "markdown":
        from phaselint.ruledocs import rules_table

        click.echo(rules_table(everything), nl=False)
        return
    width = max(len(r.name) for r in everything)
    for r in everything:
        click.echo(f"{r.code:<7} {r.severity.value:<8} {r.name:<{width}}  {r.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a rule: what it checks, why, examples, and how to fix it."""
    from phaselint.registry import all_rules, get_rule, rule_url
    from phaselint.textutil import did_you_mean

    _require_stdout()
    found = get_rule(code) or next((r for r in all_rules() if r.name == code.casefold()), None)
    if found is None:
        hint = did_you_mean(code.upper(), [r.code for r in all_rules()])
        _fail(f"unknown rule code `{code}`{hint}; `phaselint rules` lists them")
    click.echo(found.page)
    click.echo(f"\nDocumentation: {rule_url(found.code)}")


# -- phaselint server ---------------------------------------------------------------------------

SERVER_EXTRA = "phaselint server needs the `server` extra: pip install 'phaselint[server]'"


@main.command("server")
def server_command() -> None:
    """Run the language server: LSP over standard input and output, for editors.

    Diagnostics as you type (cross-file rules included), the safe fixes as quick fixes, and
    each rule's explanation on hover. Needs the `server` extra (pygls).
    """
    try:
        from phaselint.server import serve
    except ImportError as error:
        if (error.name or "").partition(".")[0] in ("pygls", "lsprotocol", "cattrs"):
            _fail(SERVER_EXTRA)
        raise
    # Standard output was the client's, and is closed now: leave without flushing it.
    sys.exit(serve())


# -- end of phaselint server --------------------------------------------------------------------


# -- phaselint status ---------------------------------------------------------------------------


@main.command("status")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="text: tables for a terminal; markdown: tables with progress bars; json: see "
    "schemas/phaselint-status.schema.json.",
)
@click.option(
    "--config", "config_file", type=click.Path(path_type=Path), help="Configuration file to use."
)
def status_command(output_format: str, config_file: Path | None) -> None:
    """Show where every piece of planned work stands: each spec's stage and tasks, each phase
    document's status, budget and deliverables, the PARA phases, the stage logs — with the
    errors and warnings `phaselint check` finds in each. Exit 0 whatever it finds (2 for a
    usage or configuration error)."""
    from phaselint.status import build_board, render_board

    _require_stdout()
    try:
        root, top = find_root()
        config = load_checked_config(root, config_file)
        rules = select_rules(config, (), (), ())
        project, report = lint_project(root, top, config, rules, (), None)
        # The counts are `phaselint check`'s: what the configured baseline records is not.
        report = use_baseline(root, config, rules, project, report, None)
        text = render_board(build_board(project, report), output_format)
    except UsageProblem as problem:
        _fail(str(problem))
    except Exception as error:  # the last line of defence: one line, never a traceback
        _internal_error(error)
    from phaselint.reporters import one_line

    for failure in report.internal_errors:  # the counts miss what a failed rule would have found
        click.echo(f"phaselint: internal error: {one_line(failure)} (please report this)", err=True)
    write_stdout(text)
