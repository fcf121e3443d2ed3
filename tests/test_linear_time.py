"""Linear time per file: inputs that once took quadratic time (finding 3 of the hardening issue).

Each test times the real CLI on a pathological file at one size and at eight times that size
and asserts the ratio of the two: about 8 for a linear pass, about 64 for a quadratic one. No
absolute limit, so a slow machine passes as well as a fast one; the best of a few runs tames
the noise.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from conftest import Repo

SCALE = 8
#: Linear time gives a ratio near 8 (less, with the start-up of each run), quadratic near 64.
BOUND = 20

SPEC = "specs/001-x/spec.md"
TASKS = "specs/001-x/tasks.md"
LOG = "docs/implementation/phase-1-implementation-log.md"


def _seconds(repo: Repo) -> float:
    gc.collect()
    start = time.perf_counter()
    result = repo.check()
    elapsed = time.perf_counter() - start
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert result.report["summary"]["files_checked"] >= 1
    return elapsed


def assert_linear(
    repo: Repo, files: dict[str, Callable[[int], str]], size: int, runs: int = 3
) -> None:
    """Time `phaselint check` with `files` built at `size` and at SCALE × `size`."""

    def write(n: int) -> None:
        for path, build in files.items():
            repo.write_bytes(path, build(n).encode("utf-8"))

    write(size)
    repo.check()  # warm up: imports, compiled patterns
    small = min(_seconds(repo) for _ in range(runs))
    write(size * SCALE)
    large = _seconds(repo)
    for _ in range(runs - 1):
        if large < BOUND * small:
            break  # the best run decides: this one already passes
        large = min(large, _seconds(repo))
    ratio = large / small
    assert ratio < BOUND, (
        f"{SCALE}x the input took {ratio:.1f}x the time ({small:.3f}s, then {large:.3f}s): "
        "a pass over the file is not linear"
    )


def _spec(body: str) -> Callable[[int], str]:
    return lambda n: "# Feature Specification: x\n\n" + body * n


def _stage_log(n: int) -> str:
    """A log of `n` phases with one stage each, not started: no diagnostics to report."""
    return "# Implementation Log\n\n" + "".join(
        f"## Phase {i}\n### Stage 0 — Name\n**Status**: not-started\n" for i in range(n)
    )


def _tasks(
    item: Callable[[int], str], heading: str = "## Phase 1: Setup\n\n"
) -> Callable[[int], str]:
    return lambda n: "# Tasks: x\n\n" + heading + "".join(item(i) for i in range(n))


def test_unclosed_html_comments(repo: Repo) -> None:
    """`<!--` with no `-->`: each opening used to scan to the end of the file."""
    assert_linear(repo, {SPEC: _spec("<!--\n")}, 2000)


def test_unclosed_html_comments_in_prose(repo: Repo) -> None:
    """The same inside a paragraph, where the prose view blanks comments out."""
    assert_linear(repo, {SPEC: _spec("text <!-- x\n")}, 1000)


def test_many_headings(repo: Repo) -> None:
    """Sections (each heading scanned the ones after it) and the title (looked for per heading)."""
    assert_linear(repo, {SPEC: lambda n: "## a\n" * n}, 2000)


def test_many_stage_entries(repo: Repo) -> None:
    """Each stage entry's fields and phase used to be looked for among all of them."""
    assert_linear(repo, {LOG: _stage_log}, 800)


def test_many_unnumbered_tasks(repo: Repo) -> None:
    """Each task's lead-in used to be looked for by walking back over the items before it."""
    assert_linear(repo, {SPEC: _spec("text\n"), TASKS: _tasks(lambda i: "- [ ] do x\n")}, 800)


def test_many_tasks_without_checkboxes(repo: Repo) -> None:
    """`- T001 x` bullets: each one's lead-in too (a task list or talk about tasks?)."""
    assert_linear(repo, {SPEC: _spec("text\n"), TASKS: _tasks(lambda i: f"- T{i:03d} x\n")}, 800)


def test_many_task_phases(repo: Repo) -> None:
    """A heading per task: each task's section used to be found by a scan of all of them."""
    assert_linear(
        repo,
        {
            SPEC: _spec("text\n"),
            TASKS: _tasks(lambda i: f"## Phase {i}\n\n- [ ] T{i:03d} x\n\n", heading=""),
        },
        800,
    )


def test_many_user_stories(repo: Repo) -> None:
    """Each user story's fields and subsections used to be looked for among all of them."""
    assert_linear(repo, {SPEC: _spec("### User Story 1 - x (Priority: P1)\n\nA user.\n\n")}, 800)
