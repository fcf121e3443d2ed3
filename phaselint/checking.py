"""What `phaselint check` does, without the command-line parser: the check itself and the
helpers the other commands, the Action and the language server share.

`phaselint check` is what the pre-commit hook runs, as a fresh process, on every commit: this
module imports no argument parser, so that the hook's common invocations (`check`, `--staged`,
a few paths and flags) start without click (see `phaselint.entry`). Exit status: 0 clean; 1
errors found (warnings too under `--strict`); 2 usage, configuration or internal error, a fix
that cannot be written, or a standard output that cannot be written (closed, full, a broken
pipe), with a one-line message naming the cause — never a bare traceback.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from phaselint import __version__

if TYPE_CHECKING:
    from phaselint import changes, git
    from phaselint.cache import Cache
    from phaselint.claims import Unclaimed
    from phaselint.config import Config
    from phaselint.engine import Report
    from phaselint.project import Project
    from phaselint.registry import Rule, RuleSelection

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class UsageProblem(Exception):
    """A problem with how phaselint was called or configured (exit status 2)."""


def _fail(message: str) -> NoReturn:
    from phaselint.reporters import one_line

    # The message may quote a ref or a path given by the user: one line whatever they hold.
    echo_err(f"phaselint: error: {one_line(message)}")
    sys.exit(EXIT_ERROR)


def _internal_error(error: Exception) -> NoReturn:
    """The last line of defence: one line, never a traceback (`PHASELINT_DEBUG=1` re-raises)."""
    if os.environ.get("PHASELINT_DEBUG"):
        raise error
    _fail(f"internal error: {type(error).__name__}: {error} (please report this)")


def _stdout_broken(error: BaseException | None) -> NoReturn:
    """Standard output cannot be written: say so on one line and exit 2.

    What could not be written stays in the stream's buffer, and the interpreter flushes it at
    exit, which would fail again ("Exception ignored … BrokenPipeError"): as the Python docs
    advise for SIGPIPE, standard output is pointed at the null device first.
    """
    reason = "it is closed"
    if error is not None:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # not a real file (a test's capture, or already closed): nothing left to flush
    _fail(f"cannot write to standard output ({reason})")


def write_stdout(text: str) -> None:
    """Write `text` to standard output as UTF-8, flushed; a closed, full or broken standard output
    is exit 2 with one line on stderr (`_stdout_broken`)."""
    stream = sys.stdout
    if stream is None:  # started with file descriptor 1 closed
        _stdout_broken(None)
    # The reporters leave no surrogate in their output; should one slip through, it is written
    # as an escape rather than failing the run.
    data = text.encode("utf-8", "backslashreplace")
    try:
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is None:
            stream.write(data.decode("utf-8"))
        else:
            binary.write(data)
        stream.flush()
    except (OSError, ValueError) as error:  # ValueError: I/O on a closed file
        _stdout_broken(error)


def _require_stdout() -> None:
    """A command whose only output is on stdout fails when it has none (click writes nothing)."""
    if sys.stdout is None:
        _stdout_broken(None)


def echo_err(text: str) -> None:
    """Write one line to standard error; a closed or broken standard error is ignored (there
    is nowhere left to say so)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def _split(values: Sequence[str]) -> list[str]:
    """`--select CAL,PH --select SP` → [CAL, PH, SP]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run_check(
    paths: tuple[Path, ...],
    output_format: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    config_file: Path | None,
    exit_zero: bool,
    fix: bool,
    show_diff: bool,
    unsafe_fixes: bool,
    statistics: bool,
    quiet: bool,
    verbose: bool,
    color: str,
    output_file: Path | None,
    staged: bool,
    diff_base: str | None,
    baseline_file: Path | None,
    no_baseline: bool,
    stdin_filename: Path | None,
    no_cache: bool,
) -> None:
    """Lint the repository, or the given files and folders.

    With --staged, lint the commit about to be made; with --diff-base REF (or pre-commit's
    PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF), the change since the merge base with REF. Files
    named with either are linted as the change's head holds them. With `--stdin-filename PATH -`,
    what standard input holds is linted as PATH, the rest of the repository as it is on disk.
    """
    started = time.perf_counter()
    # A check builds many small objects (documents and their facts) that live to its end and
    # form no cycles: the collector's passes over them cost a large run 7% of its time and free
    # nothing. Collecting a tenth as often keeps a cycle from living long, at a fraction of it.
    gc.set_threshold(10_000, 50, 50)
    unwritten = False  # a fix could not be written: exit status 2, whatever else was found
    try:
        root, top = find_root()
        if fix and show_diff:
            raise UsageProblem("--fix writes the fixes and --diff only shows them: give one")
        change = change_request(staged, diff_base, fix or show_diff)
        config = load_checked_config(root, config_file)
        rules: Sequence[Rule] = select_rules(config, select, extend_select, ignore)
        from phaselint.claims import Unclaimed

        # -- stdin ------------------------------------------------------------------------------
        given = stdin_contents(root, paths, stdin_filename, change, fix or show_diff)
        project: Project | Unclaimed
        # -- the cache (issue 12): plain runs only, see `phaselint.cache` ----------------------
        # --fix and --diff lint again after fixing: they need the rules themselves, not a
        # recalled outcome.
        plain = change is None and given is None and not fix and not show_diff
        cache = open_cache(root, config) if plain and not no_cache else None
        note: str | None = None
        if given is not None:
            project, report = lint_overlay(root, top, config, rules, given, "stdin")
        elif cache is not None:
            selection = (select, extend_select, ignore)
            project, report, note, rules = cached_lint(
                root, top, config, selection, paths, change, cache
            )
        else:
            project, report = run_lint(root, top, config, rules, paths, change)
        # -- end of stdin -----------------------------------------------------------------------
        # --diff / --fix (issue 14): see `show_fixes` and `fix_until_stable`.
        if show_diff:
            sys.exit(show_fixes(root, report, unsafe_fixes))
        if fix and not isinstance(project, Unclaimed):  # --fix refuses --staged: always a project
            project, report, unwritten = fix_until_stable(
                root, top, config, rules, paths, change, (project, report), unsafe_fixes
            )
        if not no_baseline and not isinstance(project, Unclaimed):
            report = use_baseline(root, config, rules, project, report, baseline_file)
        if cache is not None:
            cache.finish()
    except UsageProblem as problem:
        _fail(str(problem))
    except Exception as error:  # the last line of defence: one line, never a traceback
        _internal_error(error)
    if verbose:
        seconds = time.perf_counter() - started
        if isinstance(project, Unclaimed):
            _explain_unclaimed(project, report, seconds)
        else:
            cache_line = cache.summary() if cache is not None else "cache: not used"
            _explain_run(project, rules, report, seconds, cache_line)
    if note is None and not isinstance(project, Unclaimed) and cache is None:
        note = run_note(project)
    if note and not quiet:
        from phaselint.reporters import one_line

        echo_err(one_line(note))
    from phaselint.git import project_prefix

    prefix = project_prefix(root, top)
    _emit(
        report,
        rules,
        output_format,
        color,
        quiet,
        statistics,
        output_file,
        prefix,
        (lambda path: None) if isinstance(project, Unclaimed) else project.text,
        unsafe_fixes=unsafe_fixes,
    )
    status = exit_status(report, strict=strict or config.strict, exit_zero=exit_zero)
    sys.exit(EXIT_ERROR if unwritten else status)


#: How many times --fix fixes and lints again, at most: a fix that overlaps another waits for
#: the next pass (renumbering tasks after two gaps takes two).
FIX_PASSES = 10


def fix_until_stable(
    root: Path,
    top: Path | None,
    config: Config,
    rules: Sequence[Rule],
    paths: tuple[Path, ...],
    change: ChangeRequest | None,
    linted: tuple[Project, Report],
    unsafe: bool,
) -> tuple[Project, Report, bool]:
    """`--fix`: apply the fixes and lint again, until nothing more is fixed; the last lint, and
    whether a fix could not be written (exit status 2)."""
    from phaselint.fixes import apply_fixes, fixable

    project, report = linted
    applied, files, unwritten = 0, set(), False
    for _ in range(FIX_PASSES):
        if not any(fixable(d, unsafe) for d in report.diagnostics):
            break
        outcome = apply_fixes(root, report.diagnostics, unsafe=unsafe)
        for message in (*outcome.refused, *outcome.failed):
            echo_err(f"phaselint: {message}")
        unwritten = unwritten or bool(outcome.failed)
        if not outcome.applied:
            break
        applied += outcome.applied
        files.update(outcome.changed)
        project, report = lint_project(root, top, config, rules, paths, change)
    if applied:
        echo_err(f"phaselint: fixed {applied} problem(s) in {len(files)} file(s)")
    return project, report, unwritten


def show_fixes(root: Path, report: Report, unsafe: bool) -> int:
    """`--diff`: print what --fix would change, write nothing; the exit status (1: there is
    something to fix, 0: nothing, 2: a file could not be read)."""
    from phaselint.fixes import preview_fixes

    preview = preview_fixes(root, report.diagnostics, unsafe=unsafe)
    for message in (*preview.refused, *preview.failed):
        echo_err(f"phaselint: {message}")
    if preview.diff:
        write_stdout(preview.diff)
    hidden = (
        0
        if unsafe
        else sum(1 for d in report.diagnostics if d.fix is not None and not d.fix.applies(False))
    )
    more = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
    if preview.fixes:
        echo_err(
            f"phaselint: would fix {preview.fixes} problem(s) in {len(preview.changed)} "
            f"file(s){more}"
        )
    else:
        echo_err(f"phaselint: nothing to fix{more}")
    if preview.failed:
        return EXIT_ERROR
    return EXIT_VIOLATIONS if preview.fixes else EXIT_CLEAN


def use_baseline(
    root: Path,
    config: Config,
    rules: Sequence[Rule],
    project: Project,
    report: Report,
    explicit: Path | None,
) -> Report:
    """The report without what the baseline records (the one `--baseline` names, else the
    configured one; none: the report as it is), with PL005 for stale entries."""
    if explicit is None and config.baseline is None:
        return report
    from phaselint import baseline

    path = explicit if explicit is not None else root / str(config.baseline)
    try:
        entries = baseline.load(path)
    except baseline.BaselineError as error:
        raise UsageProblem(str(error)) from None
    stale = any(rule.code == baseline.STALE_CODE for rule in rules)
    return baseline.apply(project, report, entries, project.targets, stale_enabled=stale)


def record_baseline(
    root: Path, top: Path | None, config: Config, paths: Sequence[Path], target: Path
) -> int:
    """Lint as `check` does (every selected rule but PL005, no baseline) and record what it
    finds in `target`; how many diagnostics were recorded."""
    from phaselint import baseline

    rules = [r for r in select_rules(config, (), (), ()) if r.code != baseline.STALE_CODE]
    project, report = lint_project(root, top, config, rules, paths, None)
    return baseline.record(project, report.diagnostics, target)


_PLANNING_NAMES = frozenset(
    {"spec.md", "plan.md", "tasks.md", "roadmap.md", "context.md", "phase_summary.md"}
)


def run_note(project: Project) -> str | None:
    """What to say on stderr about a run that recognised no planning method, if anything."""
    if project.methodologies:
        return None
    generic = [project.roadmap] if project.roadmap else []
    return unrecognised_note(project.files, [*generic, *project.extra_planning_docs])


def unrecognised_note(files: Sequence[str], generic: Sequence[str] = ()) -> str | None:
    """What to say when no method was recognised but the repository has documents that look
    like plans: never a bare "0 files". `generic` are the planning documents read anyway (the
    roadmap, the configured `planning-docs`), by the calendar rules only."""
    if generic:
        shown = ", ".join(generic[:3]) + (" …" if len(generic) > 3 else "")
        return (
            f"phaselint: no planning method was recognised; only the calendar rules (CAL) read "
            f"{shown}. Looked for: spec folders (specs/NNN-slug/), phase documents "
            "(docs/development/V1.2.0_PHASE_1.md), a PARA context (context/context.md with its "
            "JSON block, context/plans/), czarina (.czarina/config.json, .czarina/phases/), stage "
            'logs. Point phaselint at your layout in phaselint.toml (`methodologies = ["…"]`, '
            '`planning-docs = ["docs/planning/**"]`); `--verbose` shows what was found.'
        )
    seen: list[str] = []
    for path in files:
        name = path.rsplit("/", 1)[-1].casefold()
        if (
            name in _PLANNING_NAMES
            or "_phase_" in name
            or "_plan" in name
            or "orchestration" in name
            or path.startswith((".specify/", ".czarina/", "plans/", "docs/planning/"))
        ) and name.endswith((".md", ".json")):
            seen.append(path)
            if len(seen) == 3:
                break
    if not seen:
        return None
    look = "looks like a planning document" if len(seen) == 1 else "look like planning documents"
    return (
        f"phaselint: no planning method was recognised, yet {', '.join(seen)} {look}."
        " Looked for: spec folders (specs/NNN-slug/ with spec.md, plan.md, tasks.md; "
        "any folder named specs), phase documents (docs/development/V1.2.0_PHASE_1.md), a PARA "
        "context (context/context.md with its JSON block, context/plans/), czarina "
        "(.czarina/config.json, .czarina/phases/), stage logs. Point phaselint at your layout in "
        'phaselint.toml (`methodologies = ["specs"]`, `[specs] specs-dir = "…"`, `planning-docs = '
        '["docs/planning/**"]`); `--verbose` shows what was found.'
    )


def exit_status(report: Report, *, strict: bool, exit_zero: bool) -> int:
    """The exit status a report calls for; a rule that failed is reported on stderr and is an
    internal error (2) whatever else was found."""
    from phaselint.diagnostics import Severity
    from phaselint.reporters import one_line

    for failure in report.internal_errors:
        echo_err(f"phaselint: internal error: {one_line(failure)} (please report this)")
    if report.internal_errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    if report.count(Severity.ERROR) or (strict and report.count(Severity.WARNING)):
        return EXIT_VIOLATIONS
    return EXIT_CLEAN


class ChangeRequest(NamedTuple):
    """What the command line asks to compare: the index with HEAD (`staged`), or the merge base
    of `base` with `head` (None: the working tree)."""

    staged: bool
    base: str | None = None
    head: str | None = None


def change_request(staged: bool, diff_base: str | None, fix: bool) -> ChangeRequest | None:
    if staged and diff_base is not None:
        raise UsageProblem("--staged and --diff-base compare different things; choose one")
    if staged and fix:
        raise UsageProblem(
            "--fix edits the working tree, not the index --staged reads; run `phaselint check "
            "--fix` and stage the result"
        )
    if staged:
        return ChangeRequest(staged=True)
    if diff_base is not None:
        if not diff_base.strip():
            raise UsageProblem("--diff-base: name a branch, tag or commit")
        return ChangeRequest(staged=False, base=diff_base)
    # pre-commit's pre-push stage, and `pre-commit run --from-ref A --to-ref B`.
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or os.environ.get("PRE_COMMIT_SOURCE")
    to_ref = os.environ.get("PRE_COMMIT_TO_REF") or os.environ.get("PRE_COMMIT_ORIGIN")
    if from_ref and to_ref:
        return ChangeRequest(staged=False, base=from_ref, head=to_ref)
    return None


def open_cache(root: Path, config: Config) -> Cache | None:
    """The cache of a plain run, or None when `PHASELINT_NO_CACHE` turns it off. Change modes
    (`--staged`, `--diff-base`) are not cached: see `phaselint.cache`."""
    from phaselint import cache

    if cache.disabled_by_environment():
        return None
    folder, within = cache.location(root, config)
    return cache.Cache(folder, lambda line: echo_err(line), within)


#: The rule options of the command line: --select, --extend-select, --ignore.
Selection = tuple[Sequence[str], Sequence[str], Sequence[str]]


def cached_lint(
    root: Path,
    top: Path | None,
    config: Config,
    selection: Selection,
    paths: Sequence[Path],
    request: ChangeRequest | None,
    cache: Cache | None,
) -> tuple[Project, Report, str | None, Sequence[Rule]]:
    """`run_lint` with the rules `selection` chooses, and the run's note. A plain run's
    outcome is recalled from the cache when nothing it depends on changed — without importing
    the rules: the selection is part of the key, and the rules' names come with the outcome —
    else computed and stored there."""
    if cache is None or request is not None:
        rules = select_rules(config, *selection)
        project, report = lint_project(root, top, config, rules, paths, request)
        return project, report, run_note(project), rules
    from datetime import date

    today = date.today()
    project = _project(root, top, config, paths, cache)
    recalled = cache.recall(project, selection, today)
    if recalled is not None:
        return (project, *recalled)
    from phaselint.engine import lint

    rules = select_rules(config, *selection)
    report = lint(project, rules, today=today)
    note = run_note(project)
    cache.store(project, selection, today, (report, note, rules))
    return project, report, note, rules


def lint_project(
    root: Path,
    top: Path | None,
    config: Config,
    rules: Sequence[Rule],
    paths: Sequence[Path],
    request: ChangeRequest | None,
) -> tuple[Project, Report]:
    """`run_lint` for the callers that never lint a staged commit (the whole repository, a
    pull request's change): always a project."""
    from phaselint.claims import Unclaimed

    project, report = run_lint(root, top, config, rules, paths, request)
    if isinstance(project, Unclaimed):  # only `--staged` stops early
        raise UsageProblem("internal: a staged commit's early exit reached a project's caller")
    return project, report


def run_lint(
    root: Path,
    top: Path | None,
    config: Config,
    rules: Sequence[Rule],
    paths: Sequence[Path],
    request: ChangeRequest | None,
) -> tuple[Project | Unclaimed, Report]:
    """Lint the repository, the named files, or a change; a staged commit that no planning
    method could own a file of is not linted (`Unclaimed`, see `phaselint.claims`)."""
    if request is None:
        from phaselint.engine import lint

        project = _project(root, top, config, paths)
        return project, lint(project, rules)
    from phaselint import changes, git
    from phaselint.diagnostics import Report

    if top is None:
        what = "--staged reads the git index" if request.staged else "--diff-base compares commits"
        raise UsageProblem(
            f"{what}, and {root} is not inside a git work tree; run `phaselint check` without "
            "it to lint the files as they are"
        )
    reader = git.BlobReader(top)
    prefix = git.project_prefix(root, top)
    try:
        if request.staged:
            change = changes.staged(top, prefix, reader)
        else:
            assert request.base is not None
            change = changes.against(top, prefix, reader, request.base, request.head)
        repository = git.Repository(top, prefix)
        named = None
        if paths:
            named = frozenset(_targets(root, True, paths, on_disk=False) or change.head.files())
        # -- issue 12: a commit no planning method could own is not linted ----------------------
        if request.staged:
            from phaselint.claims import Unclaimed, unclaimed

            linted = change.touched if named is None else named
            checked = unclaimed(change, linted, config, top, prefix, repository)
            if checked is not None:
                if named is not None and named < change.touched:  # a share of a split run
                    checked = len(named)
                return Unclaimed(change), Report((), checked, ())
        # ------------------------------------------------------------------------------------------
        if named is not None:
            if named < change.touched:
                return _lint_share(change, named, config, rules, repository)
            change = change.naming(named)
        return changes.lint_change(change, config, rules, repository)
    except (changes.ChangeError, git.GitError) as error:
        raise UsageProblem(str(error)) from error
    finally:
        reader.close()


def _lint_share(
    change: changes.ChangeSet,
    named: frozenset[str],
    config: Config,
    rules: Sequence[Rule],
    repository: git.Repository,
) -> tuple[Project, Report]:
    """One share of a change pre-commit split over several processes (its list of files was
    longer than a command line). Every diagnostic has one owner, the same in every process: the
    file it is about when the change touches it, else the change's first file. The process
    holding the first file lints the whole change and reports what no touched file owns (the
    consequences elsewhere, deletions); every process reports what its own files own."""
    from phaselint import changes as change_module
    from phaselint.engine import Report

    first = min(change.touched)
    whole = first in named
    project, report = change_module.lint_change(
        change if whole else change.naming(named), config, rules, repository
    )
    kept = tuple(
        d for d in report.diagnostics if d.path in named or (whole and d.path not in change.touched)
    )
    return project, Report(kept, len(named), report.internal_errors)


def find_root(start: Path | None = None) -> tuple[Path, Path | None]:
    """The project root, and the top of the git work tree it lies in (None outside git).

    As ruff does, the nearest folder at or above the current one (or `start`) that holds a
    phaselint configuration is the root (within the git work tree); otherwise the git work
    tree's top; otherwise the current folder.
    """
    from phaselint import git
    from phaselint.config import holds_config

    cwd = start or Path.cwd()
    top = git.toplevel(cwd)
    for folder in (cwd, *cwd.parents):
        if holds_config(folder):
            return folder, top
        if top is not None and folder == top:
            break
    return (top, top) if top is not None else (cwd, None)


def load_checked_config(root: Path, explicit: Path | None) -> Config:
    from phaselint.config import ConfigError, load_config

    try:
        config = load_config(root, explicit)
    except ConfigError as error:
        raise UsageProblem(str(error)) from error
    where = config.display_name
    for key, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
        ("per-file-ignores", [s for _, codes in config.per_file_ignores for s in codes]),
        ("severity", [s for s, _ in config.severity]),
    ):
        for selector in selectors:
            if not _known(selector):
                raise UsageProblem(f"{where}: {key}: unknown rule code or prefix `{selector}`")
    return config


def _known(selector: str) -> bool:
    from phaselint.registry import all_rules, known_selector

    return known_selector(selector.upper()) or any(r.name == selector for r in all_rules())


def select_rules(
    config: Config, select: Sequence[str], extend_select: Sequence[str], ignore: Sequence[str]
) -> RuleSelection:
    """The rules the configuration and the command line select; their modules are imported
    when a run needs them (see `RuleSelection`)."""
    from phaselint.registry import RuleSelection, resolve_codes

    for option, values in (
        ("--select", select),
        ("--extend-select", extend_select),
        ("--ignore", ignore),
    ):
        for selector in _split(values):
            if not _known(selector):
                raise UsageProblem(f"{option}: unknown rule code or prefix `{selector}`")

    def codes(selectors: Sequence[str]) -> list[str]:
        # Rule names are accepted wherever codes are: translate them to codes.
        translated = []
        for selector in selectors:
            by_name = sorted(resolve_codes([selector])) if not _is_prefix(selector) else []
            translated.extend(by_name or [selector.upper()])
        return translated

    chosen_select = _split(select) or list(config.select)
    return RuleSelection(
        codes(chosen_select),
        codes([*config.extend_select, *_split(extend_select)]),
        codes([*config.ignore, *_split(ignore)]),
    )


def _is_prefix(selector: str) -> bool:
    from phaselint.registry import known_selector

    return known_selector(selector.upper())


def _project(
    root: Path, top: Path | None, config: Config, paths: Sequence[Path], cache: Cache | None = None
) -> Project:
    from phaselint.git import GitError, Repository, project_prefix
    from phaselint.project import Project
    from phaselint.snapshot import Snapshot, WorktreeSnapshot

    in_git = top is not None
    repository = Repository(top, project_prefix(root, top)) if top is not None else None
    try:
        targets = _targets(root, in_git, paths) if paths else None
        if targets is None:
            snapshot: Snapshot = WorktreeSnapshot(root, in_git=in_git)
        else:
            # A run on given files (pre-commit's way) sees the repository as git tracks it, plus
            # the files given: what the commit will hold, listed without scanning the work tree.
            snapshot = WorktreeSnapshot(
                root, in_git=in_git, tracked_only=True, extra=tuple(sorted(targets))
            )
        if cache is None:
            named = frozenset(targets) if targets is not None else None
            return Project(snapshot, config, named, repository=repository)
        # The run cache notes every question the run asks, to ask them again next time.
        from phaselint.cache import WatchedRepository, WatchedSnapshot

        watched = (
            None if repository is None else WatchedRepository(repository.top, repository.prefix)
        )
        return Project(
            WatchedSnapshot(snapshot, cache),
            config,
            frozenset(targets) if targets is not None else None,
            repository=watched,
            store=cache,
        )
    except GitError as error:
        raise UsageProblem(str(error)) from error


# -- stdin and the editor's buffers: files given in memory over the working tree --------------


def stdin_contents(
    root: Path,
    paths: Sequence[Path],
    stdin_filename: Path | None,
    change: ChangeRequest | None,
    fix: bool,
) -> dict[str, bytes] | None:
    """What `--stdin-filename PATH -` gives: PATH (repository-relative) with the bytes standard
    input holds; None when `-` is not among the paths."""
    reads = any(str(path) == "-" for path in paths)
    if not reads:
        if stdin_filename is not None:
            raise UsageProblem(
                "--stdin-filename names what standard input holds; give `-` as the path to read it"
            )
        return None
    if stdin_filename is None:
        raise UsageProblem(
            "`-` reads standard input; say which file it holds with --stdin-filename PATH"
        )
    if len(paths) > 1:
        raise UsageProblem("`-` (standard input) is the only path a run can lint with it")
    if change is not None:
        raise UsageProblem(
            "--stdin-filename lints standard input over the working tree; it cannot be combined "
            "with --staged or --diff-base"
        )
    if fix:
        raise UsageProblem(
            "--fix and --diff work on files, and standard input is no file; fix it in the "
            "editor (the language server, `phaselint server`, offers the fixes)"
        )
    name = repository_path(root, stdin_filename)
    if name is None:
        raise UsageProblem(f"--stdin-filename {stdin_filename}: is outside the repository ({root})")
    if name in ("", ".") or os.path.isdir(root / name):
        raise UsageProblem(f"--stdin-filename {stdin_filename}: is a folder; name a file")
    if sys.stdin is None:  # started with file descriptor 0 closed
        raise UsageProblem("cannot read standard input (it is closed)")
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    except (OSError, ValueError) as error:  # ValueError: I/O on a closed file
        raise UsageProblem(f"cannot read standard input ({error})") from None
    return {name: data}


def repository_path(root: Path, given: Path) -> str | None:
    """`given` (absolute, or relative to the current folder) as a `/`-separated path relative
    to `root`, whether it exists or not; None when it lies outside. Symbolic links on the way
    are followed only when the path as written lies outside."""
    absolute = Path(os.path.abspath(given))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return Path(os.path.realpath(absolute)).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return None


def lint_overlay(
    root: Path,
    top: Path | None,
    config: Config,
    rules: Sequence[Rule],
    contents: dict[str, bytes],
    source: str,
    *,
    whole: bool = False,
) -> tuple[Project, Report]:
    """Lint the working tree with `contents` (repository-relative paths) read from memory
    instead of disk — what stdin holds, or an editor's unsaved buffers (`source` says which).
    Cross-file rules see the given contents. The diagnostics kept are those of the given paths,
    or with `whole` those of every file (an editor shows them all)."""
    from phaselint.engine import lint
    from phaselint.git import GitError, Repository, project_prefix
    from phaselint.project import Project
    from phaselint.snapshot import OverlaySnapshot, WorktreeSnapshot

    repository = Repository(top, project_prefix(root, top)) if top is not None else None
    snapshot = OverlaySnapshot(WorktreeSnapshot(root, in_git=top is not None), contents, source)
    chosen = None if whole else frozenset(contents)
    try:
        project = Project(snapshot, config, chosen, repository=repository)
        return project, lint(project, rules)
    except GitError as error:
        raise UsageProblem(str(error)) from error


# -- end of stdin and the editor's buffers -------------------------------------------------------


def _targets(
    root: Path, in_git: bool, paths: Sequence[Path], *, on_disk: bool = True
) -> set[str] | None:
    """Repository-relative files named by the command line (folders expanded); None when the
    repository root itself is named. With `on_disk` False (a change is linted: the index or a
    commit holds the files) a file need not exist in the working tree. A file that exists but
    cannot be looked at (a folder without permissions) is still a target: PL001 says why it
    cannot be read."""
    from phaselint import git
    from phaselint.snapshot import walk_files

    targets: set[str] = set()
    for given in paths:
        absolute = Path(os.path.abspath(given))
        name = repository_path(root, given)
        if name is None:
            raise UsageProblem(f"{given}: is outside the repository ({root})")
        if name in ("", "."):
            return None
        try:
            info = os.lstat(absolute)
        except FileNotFoundError:
            if on_disk:
                raise UsageProblem(f"{given}: no such file or folder") from None
            listed = git.ls_files(root, under=name, untracked=False) if in_git else []
            targets.update(listed or [name])
            continue
        except OSError:
            targets.add(name)  # there, but not to be looked at: PL001 reports it
            continue
        if stat.S_ISDIR(info.st_mode):
            if in_git:
                targets.update(git.ls_files(root, under=name))
            else:
                targets.update(walk_files(root, name))
        else:
            targets.add(name)
    return targets


def _emit(
    report: Report,
    rules: Sequence[Rule],
    output_format: str | None,
    color: str,
    quiet: bool,
    statistics: bool,
    output_file: Path | None,
    prefix: str,
    source: Callable[[str], str | None],
    unsafe_fixes: bool = False,
) -> None:
    from phaselint.reporters import Settings, render

    if output_file is None and sys.stdout is None:
        _stdout_broken(None)
    use_color = output_file is None and (
        color == "always"
        or (color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    )
    settings = Settings(
        rules=rules,
        color=use_color,
        quiet=quiet,
        statistics=statistics,
        prefix=prefix,
        source=source,
        unsafe_fixes=unsafe_fixes,
    )
    # On a terminal, text quotes each line under its diagnostic; anywhere else (a pipe, a
    # file, a CI log) it stays one parseable line per diagnostic.
    text_format = "full" if output_file is None and sys.stdout.isatty() else "concise"
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    if output_format is None:
        text = render(text_format, report, settings)
        if in_actions:
            text += render("github", report, settings)
    else:
        text = render(text_format if output_format == "text" else output_format, report, settings)
    if output_file is not None:
        try:
            output_file.write_text(text, encoding="utf-8", errors="backslashreplace")
        except OSError as error:
            _fail(f"{output_file}: cannot write the report ({error.strerror})")
        return
    write_stdout(text)


def _explain_unclaimed(unclaimed: Unclaimed, report: Report, seconds: float) -> None:
    """`--verbose` for a commit no method could own a file of: what was not done."""
    from phaselint.reporters import one_line

    def echo(line: str) -> None:
        echo_err(one_line(line))

    change = unclaimed.change
    echo(f"phaselint {__version__}: root {change.head.root} ({change.head.description})")
    echo(
        f"change: {change.description}: {len(change.touched)} file(s) added or modified, "
        f"{len(change.deleted)} deleted, {len(change.origins)} renamed"
    )
    echo(
        "nothing to lint: no file of the change lies where a planning method keeps its files; "
        "methodologies not detected, models built: none, rules run: none"
    )
    echo(f"files checked: {report.files_checked}; {seconds * 1000:.0f} ms")


def _explain_run(
    project: Project,
    rules: Sequence[Rule],
    report: Report,
    seconds: float,
    cache_line: str = "cache: not used",
) -> None:
    from phaselint.reporters import one_line

    def echo(line: str) -> None:
        echo_err(one_line(line))

    from phaselint.methods import all_methods

    config = project.config
    echo(f"phaselint {__version__}: root {project.snapshot.root} ({project.snapshot.description})")
    if project.change is not None:
        change = project.change
        echo(
            f"change: {change.description}: {len(change.touched)} file(s) added or modified, "
            f"{len(change.deleted)} deleted, {len(change.origins)} renamed"
            + ("" if change.transitions else "; transitions not judged (merge commit)")
        )
    if project.repository is not None:
        echo(f"branch: {project.repository.current_branch or '(detached HEAD)'}")
    echo(f"configuration: {config.source or 'none found (defaults)'}")
    echo(
        f"files listed: {len(project.files)}; targets: {'all' if project.targets is None else len(project.targets)}"
    )
    echo("methodologies:")
    for method in all_methods():
        chosen = project.methodologies.get(method.name)
        if chosen:
            echo(f"  {method.name} ({method.title}): {chosen[1]}")
        else:
            echo(f"  {method.name}: not used (nothing of its layout found)")
    for name, model in project.models.items():
        echo(f"documents ({name}):")
        for line in model.describe():
            echo(f"  {line}")
    if project.roadmap:
        echo(f"roadmap: {project.roadmap} (the calendar rules read it whatever the method)")
    if config.planning_docs:
        echo(
            f"planning-docs: {len(project.extra_planning_docs)} file(s) match "
            f"{', '.join(config.planning_docs)}"
        )
    echo(f"rules: {len(rules)} selected")
    echo(cache_line)
    echo(f"files checked: {report.files_checked}; {seconds * 1000:.0f} ms")
