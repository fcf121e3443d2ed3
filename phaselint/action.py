"""The GitHub Action's script (`action.yml` runs `python -m phaselint.action`).

It decides what to lint from the event — a pull request: the change since the merge base with
its base branch; a push: the commits pushed; anything else, or `all-files`: the whole
repository — lints once, and reports four ways: the text report and annotations in the log,
a SARIF file for code scanning (when `sarif-file` is set), a table on the job's summary page
followed by the status board (`phaselint status --format markdown`; for a change, from a second
lint of the whole checkout), and the counts as step outputs. The exit status is `phaselint check`'s.

Inputs arrive as the environment variables GitHub sets for a composite action's `env:`
(`PHASELINT_BASE`, `PHASELINT_ALL_FILES`, …); see action.yml.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from phaselint.config import Config
    from phaselint.engine import Report
    from phaselint.project import Project
    from phaselint.registry import Rule

#: Most diagnostics listed on the summary page; the log and the annotations have them all.
SUMMARY_ROWS = 50


class Inputs(NamedTuple):
    base: str
    all_files: bool
    strict: bool
    select: str
    extend_select: str
    ignore: str
    config: str
    sarif_file: str
    #: `args`: more `phaselint check` options, read as `check` reads them.
    args: str = ""


class Extra(NamedTuple):
    """What the `args` input adds to the inputs (`--select CAL --strict --baseline b.json`)."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    config: str = ""
    baseline: Path | None = None
    no_baseline: bool = False


def parse_args(text: str) -> Extra:
    """The `args` input, parsed by `phaselint check`'s own options; a mistake is one line."""
    import shlex

    import click

    from phaselint import checking, cli

    if not text.strip():
        return Extra()
    try:
        words = shlex.split(text)
        context = cli.check.make_context("check", words, resilient_parsing=False)
    except (ValueError, click.ClickException) as error:
        message = error.format_message() if isinstance(error, click.ClickException) else str(error)
        raise checking.UsageProblem(f"args: {message}") from None
    params = context.params
    if params.get("paths") or params.get("fix") or params.get("staged") or params.get("diff_base"):
        raise checking.UsageProblem(
            "args: paths, --fix, --staged and --diff-base are the action's to choose; use the "
            "`base` and `all-files` inputs"
        )
    config = params.get("config_file")
    return Extra(
        select=tuple(params.get("select") or ()),
        extend_select=tuple(params.get("extend_select") or ()),
        ignore=tuple(params.get("ignore") or ()),
        strict=bool(params.get("strict")),
        config=str(config) if config else "",
        baseline=params.get("baseline_file"),
        no_baseline=bool(params.get("no_baseline")),
    )


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def flag(name: str) -> bool:
        return env.get(name, "").strip().lower() in ("true", "1", "yes")

    return Inputs(
        base=env.get("PHASELINT_BASE", "").strip(),
        all_files=flag("PHASELINT_ALL_FILES"),
        strict=flag("PHASELINT_STRICT"),
        select=env.get("PHASELINT_SELECT", "").strip(),
        extend_select=env.get("PHASELINT_EXTEND_SELECT", "").strip(),
        ignore=env.get("PHASELINT_IGNORE", "").strip(),
        config=env.get("PHASELINT_CONFIG", "").strip(),
        sarif_file=env.get("PHASELINT_SARIF_FILE", "").strip(),
        args=env.get("PHASELINT_ARGS", ""),
    )


#: The most of the event file that is read: GitHub's payloads are a few hundred KiB at most.
EVENT_LIMIT = 16 * 1024 * 1024


def _event(env: Mapping[str, str]) -> dict[str, object]:
    """The event payload, read bounded: only a regular file, at most EVENT_LIMIT bytes; a
    payload that cannot be read (a device, too deep, not JSON) is a warning and no event."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ValueError("not a regular file")
        with open(path, "rb") as handle:
            raw = handle.read(EVENT_LIMIT + 1)
        if len(raw) > EVENT_LIMIT:
            raise ValueError("larger than 16 MiB")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)[:80] or "too deep"
        print(f"phaselint: warning: cannot read the event {path}: {reason}", file=sys.stderr)
        return {}
    return data if isinstance(data, dict) else {}


def choose_base(inputs: Inputs, env: Mapping[str, str], top: Path | None) -> tuple[str | None, str]:
    """The ref to compare with (None: the whole repository) and a phrase saying why."""
    from phaselint import git

    if top is None:
        return None, "the whole folder (not a git repository)"
    if inputs.all_files:
        return None, "the whole repository (all-files)"
    if inputs.base:
        return inputs.base, f"the change since {inputs.base}"
    event = env.get("GITHUB_EVENT_NAME", "")
    base_branch = env.get("GITHUB_BASE_REF", "")
    if event.startswith("pull_request") and base_branch:
        return f"origin/{base_branch}", f"the pull request against {base_branch}"
    if event == "push":
        # A new branch has no "before"; a force-push's may be gone: then lint everything.
        before = _event(env).get("before")
        if isinstance(before, str) and before.strip("0") and git.resolve(top, before):
            return before, f"the commits pushed since {before[:12]}"
    return None, "the whole repository"


def summary_markdown(report: Report, scope: str) -> str:
    """The job summary: counts, then a table of the first diagnostics."""
    from phaselint.diagnostics import Severity

    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    lines = ["## phaselint", ""]
    if not report.diagnostics:
        lines.append(f"No problems in {scope} ({report.files_checked} file(s) checked).")
        return "\n".join(lines) + "\n"
    lines.append(
        f"**{errors} error(s), {warnings} warning(s)** in {scope} "
        f"({report.files_checked} file(s) checked)."
    )
    lines += ["", "| | where | rule | problem |", "|---|---|---|---|"]
    for diagnostic in report.diagnostics[:SUMMARY_ROWS]:
        icon = "❌" if diagnostic.severity is Severity.ERROR else "⚠️"
        where = f"`{_cell(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}`"
        lines.append(f"| {icon} | {where} | {diagnostic.code} | {_cell(diagnostic.message)} |")
    rest = len(report.diagnostics) - SUMMARY_ROWS
    if rest > 0:
        lines += ["", f"… and {rest} more: see the job log."]
    return "\n".join(lines) + "\n"


def status_board(
    root: Path,
    top: Path | None,
    config: Config,
    rules: Sequence[Rule],
    linted: tuple[Project, Report] | None,
) -> str:
    """The status board for the job summary (`phaselint status --format markdown`), after a
    blank line: from this run's lint when it linted the whole repository, else (a pull request,
    a push) from a lint of the whole checkout; the baseline applied either way. A board that cannot be built is a warning on
    stderr: it never fails the run."""
    from phaselint import checking as cli
    from phaselint.reporters import one_line
    from phaselint.status import board_markdown, build_board

    try:
        if linted is None:
            project, report = cli.lint_project(root, top, config, rules, (), None)
            linted = project, cli.use_baseline(root, config, rules, project, report, None)
        return "\n" + board_markdown(build_board(*linted))
    except Exception as error:
        if os.environ.get("PHASELINT_DEBUG"):
            raise
        reason = one_line(f"{type(error).__name__}: {error}")
        print(f"phaselint: warning: no status board on the job summary: {reason}", file=sys.stderr)
        return ""


def _cell(text: str) -> str:
    from phaselint.reporters import one_line

    return one_line(text).replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")


def _append(path: str | None, text: str) -> None:
    """Append to a file the runner reads (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) without ever
    blocking: a FIFO nobody reads, or one that is full, is a warning, not a hang."""
    if not path:
        return
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
        try:
            data = text.encode("utf-8")
            while data:
                written = os.write(descriptor, data)
                data = data[written:]
        finally:
            os.close(descriptor)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        print(f"phaselint: warning: cannot write {path}: {reason}", file=sys.stderr)


def run(env: Mapping[str, str]) -> int:
    """Lint as the event asks and report; the exit status."""
    from phaselint import checking as cli
    from phaselint.checking import ChangeRequest, UsageProblem
    from phaselint.diagnostics import Severity
    from phaselint.git import project_prefix
    from phaselint.reporters import Settings, one_line, render
    from phaselint.reporters.github_format import escape_data

    inputs = read_inputs(env)
    try:
        extra = parse_args(inputs.args)
        root, top = cli.find_root()
        base, scope = choose_base(inputs, env, top)
        request = ChangeRequest(staged=False, base=base) if base else None
        config_file = extra.config or inputs.config
        config = cli.load_checked_config(root, Path(config_file) if config_file else None)
        rules = cli.select_rules(
            config,
            [*([inputs.select] if inputs.select else []), *extra.select],
            [*([inputs.extend_select] if inputs.extend_select else []), *extra.extend_select],
            [*([inputs.ignore] if inputs.ignore else []), *extra.ignore],
        )
        project, report = cli.lint_project(root, top, config, rules, (), request)
        if not extra.no_baseline:
            report = cli.use_baseline(root, config, rules, project, report, extra.baseline)
    except UsageProblem as problem:
        message = one_line(str(problem))
        print(f"phaselint: error: {message}", file=sys.stderr)
        cli.write_stdout(f"::error title=phaselint::{escape_data(message)}\n")
        _append(env.get("GITHUB_STEP_SUMMARY"), f"## phaselint\n\nCould not run: {message}\n")
        return cli.EXIT_ERROR
    settings = Settings(rules=rules, prefix=project_prefix(root, top), source=project.text)
    cli.write_stdout(
        f"phaselint: linting {one_line(scope)}\n"
        + render("text", report, settings)
        + render("github", report, settings)
    )
    if inputs.sarif_file:
        try:
            Path(inputs.sarif_file).write_text(
                render("sarif", report, settings), encoding="utf-8", errors="backslashreplace"
            )
        except OSError as error:
            print(f"phaselint: cannot write {inputs.sarif_file}: {error.strerror}", file=sys.stderr)
            return cli.EXIT_ERROR
    board = status_board(root, top, config, rules, (project, report) if base is None else None)
    _append(env.get("GITHUB_STEP_SUMMARY"), summary_markdown(report, scope) + board)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    _append(env.get("GITHUB_OUTPUT"), f"errors={errors}\nwarnings={warnings}\n")
    strict = inputs.strict or extra.strict or config.strict
    return cli.exit_status(report, strict=strict, exit_zero=False)


def main() -> None:
    try:
        status = run(os.environ)
    except Exception as error:  # one line, never a traceback
        if os.environ.get("PHASELINT_DEBUG"):
            raise
        from phaselint.reporters import one_line

        print(
            f"phaselint: internal error: {type(error).__name__}: {one_line(str(error))}",
            file=sys.stderr,
        )
        status = 2
    sys.exit(status)


if __name__ == "__main__":
    main()
