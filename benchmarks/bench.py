"""Benchmark phaselint as the hook runs it: a fresh process per run.

Builds a repository of N spec folders (the current spec-kit shape: spec.md, plan.md, tasks.md,
checklists/requirements.md, .status) and M phase documents in a temporary folder, commits it,
and times, as whole processes (median of several runs):

phaselint runs from a virtual environment made for the benchmark with a regular
`pip install` of this checkout (as pre-commit installs it), and with Python's bytecode cache
allowed, as on a normal machine; `--python` uses an existing interpreter instead.

- the start-up floor:   python -c "import markdown_it"
- the parse floor:      one python process that parses every markdown file with markdown-it
                         (CommonMark + tables, the full parse)
- phaselint, one file:  phaselint check <one spec.md>
- the hook, one file:   phaselint check --staged <one spec.md>, with that spec.md edited and
                         staged (what the pre-commit hook costs on a one-file commit)
- the hook, unrelated:  phaselint check --staged <one .py file>, that file staged
- phaselint, all:       phaselint check --no-cache      (the whole repository)

and, with the persistent cache (`.phaselint_cache/`, on by default):

- cold cache:           phaselint check, the cache folder removed before each run
- warm rerun:           phaselint check, nothing changed since the last run
- one file changed:     phaselint check, one spec.md given new content before each run (the
                        other documents are loaded from the cache, not parsed)

One-file runs and the hook are timed both ways. It prints the ratios against the targets: one
file and the hook under 3x the start-up floor, the whole repository under 2x the parse floor, a
warm rerun at most 0.1x the parse floor.

    python benchmarks/bench.py [--specs 1000] [--phases 200] [--runs 5] [--keep DIR] [--python PY]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SPEC = """# Feature Specification: {title}

**Feature Branch**: `{name}`
**Created**: 2025-11-{day:02d}
**Status**: Specified
**Input**: User description: "{title}"

## User Scenarios & Testing *(mandatory)*

### User Story 1 - {title} (Priority: P1)

A user wants to {verb} so that the team can plan work by objective.

**Why this priority**: It is the core value of the feature.

**Independent Test**: Can be fully tested by running the {verb} flow end to end.

**Acceptance Scenarios**:

1. **Given** a signed-in user, **When** they {verb}, **Then** the result is saved.
2. **Given** an invalid request, **When** they {verb}, **Then** an error is shown.

### User Story 2 - Review history (Priority: P2)

A user reviews what changed.

**Independent Test**: Open the history view and see the last change.

### Edge Cases

- What happens when the network drops mid-request?
- How does the system handle duplicate submissions?

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST allow users to {verb}.
- **FR-002**: System MUST validate input before saving.
- **FR-003**: System MUST record an audit entry for every change.
- **FR-004**: Users MUST be able to undo the last change.

### Key Entities

- **Record**: what the user creates; has an owner and a timestamp.

## Success Criteria *(mandatory)*

### Measurable Outcomes

- **SC-001**: Users complete the flow in under 2 minutes.
- **SC-002**: 95% of requests succeed on the first attempt.

## Clarifications

### Session 2025-11-{day:02d}

- Q: Which storage? → A: PostgreSQL.
"""

PLAN = """# Implementation Plan: {title}

**Branch**: `{name}` | **Date**: 2025-11-{day:02d} | **Spec**: [spec.md](spec.md)

## Summary

Build the {verb} flow on the existing service.

## Technical Context

**Language/Version**: Python 3.12
**Primary Dependencies**: FastAPI, SQLAlchemy
**Storage**: PostgreSQL
**Testing**: pytest
**Target Platform**: Linux server
**Project Type**: web

## Constitution Check

- [x] Library-first
- [x] Test-first

## Project Structure

```text
src/
├── models/
├── services/
└── api/
tests/
├── contract/
└── integration/
```

## Phases

1. Phase 0: Research
2. Phase 1: Design and contracts
3. Phase 2: Task planning

## Risks

- Migration ordering; mitigated by a baseline migration.
"""

TASKS_HEAD = """# Tasks: {title}

**Input**: Design documents from `/specs/{name}/`

## Phase 1: Setup

"""

CHECKLIST = """# Specification Quality Checklist: {title}

## Content Quality

- [x] CHK001 No implementation details (languages, frameworks, APIs)
- [x] CHK002 Focused on user value and business needs
- [x] CHK003 All mandatory sections completed

## Requirement Completeness

- [x] CHK004 No [NEEDS CLARIFICATION] markers remain
- [x] CHK005 Requirements are testable and unambiguous
- [x] CHK006 Success criteria are measurable
"""

PHASE = """# V{major}.{minor}.0 - Phase {phase}: {title}

**Status**: {status}
**Started**: 2025-12-{day:02d}
**Token Budget**: 500K-800K tokens
**Tokens Spent**: ~250K tokens (31-50% complete)

## Objectives
- Implement the {title} service
- Establish testing patterns

## Deliverables
- [x] Service skeleton
- [x] Test framework setup

## Progress Updates

### 2025-12-{day:02d}: Started
- Created the service skeleton

## Technical Decisions
- **Library**: the standard one

## Completion Summary
**Completed**: 2025-12-{day:02d}
**Token Usage**: 600K / 500K-800K estimated

**Delivered**:
- The service

**Lessons Learned**:
- Smaller phases are easier to review
"""

VERBS = ["export reports", "invite members", "archive projects", "tag records", "share links"]
# Most specs of a long-lived repository are closed; one in ten is somewhere in flight.
ACTIVE_STAGES = ["draft", "clarified", "planned", "tasked", "implementing"]


def build_corpus(root: Path, specs: int, phases: int) -> Path:
    """Write the benchmark repository and commit it; return the path of one spec.md.

    The repository is a healthy one: the files tasks name exist, closed specs have all their
    tasks done and appear in the CHANGELOG, so the runs time linting, not printing."""
    services = root / "src" / "services"
    services.mkdir(parents=True)
    for task in range(1, 41):
        (services / f"step_{task}.py").write_text(f"def step_{task}():\n    return {task}\n")
    released = []
    for number in range(1, specs + 1):
        name = f"{number:03d}-feature-{number}"
        title = f"Feature {number}"
        day = number % 28 + 1
        verb = VERBS[number % len(VERBS)]
        folder = root / "specs" / name
        (folder / "checklists").mkdir(parents=True)
        values = {"name": name, "title": title, "day": day, "verb": verb}
        (folder / "spec.md").write_text(SPEC.format(**values))
        (folder / "plan.md").write_text(PLAN.format(**values))
        stage = ACTIVE_STAGES[number // 10 % len(ACTIVE_STAGES)] if number % 10 == 0 else "closed"
        lines = [TASKS_HEAD.format(**values)]
        for task in range(1, 41):
            done = stage == "closed" or (stage == "implementing" and task <= 20)
            mark = "X" if done else " "
            parallel = " [P]" if task % 3 == 0 else ""
            story = f" [US{1 + task % 2}]" if task > 4 else ""
            lines.append(
                f"- [{mark}] T{task:03d}{parallel}{story} Implement step {task} in src/services/step_{task}.py\n"
            )
            if task == 4:
                lines.append("\n## Phase 2: User Story 1\n\n")
        (folder / "tasks.md").write_text("".join(lines))
        (folder / "checklists" / "requirements.md").write_text(CHECKLIST.format(**values))
        (folder / ".status").write_text(stage + "\n")
        if stage == "closed":
            released.append(name)
    changelog = ["# Changelog\n"]
    for start in range(0, len(released), 25):
        changelog.append(f"\n## [1.{start // 25}.0]\n")
        changelog.extend(f"- {name}\n" for name in released[start : start + 25])
    (root / "CHANGELOG.md").write_text("".join(changelog))
    development = root / "docs" / "development"
    development.mkdir(parents=True)
    for index in range(phases):
        major, minor, phase = 1, index // 3, index % 3 + 1
        text = PHASE.format(
            major=major,
            minor=minor,
            phase=phase,
            title=f"Part {index}",
            status="Complete",
            day=index % 28 + 1,
        )
        (development / f"V{major}.{minor}.0_PHASE_{phase}.md").write_text(text)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@b",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@b",
    }
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "corpus"], cwd=root, check=True, env=env)
    return root / "specs" / f"{specs // 2:03d}-feature-{specs // 2}" / "spec.md"


PARSE_FLOOR = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
for path in Path(sys.argv[1]).rglob("*.md"):
    md.parse(path.read_text(encoding="utf-8"))
"""


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
PROJECT = Path(__file__).resolve().parent.parent


def timed(
    command: list[str], cwd: Path, runs: int, prepare: Callable[[], object] = lambda: None
) -> float:
    """Median wall time of `command`, in seconds (one warm-up run first); `prepare` runs
    before each, untimed."""
    prepare()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
    samples = []
    for _ in range(runs):
        prepare()
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def install(venv: Path) -> str:
    """A fresh virtual environment with this checkout installed; its python."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=ENV)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(PROJECT)],
        check=True,
        env=ENV,
    )
    return python


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--phases", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--python", help="use this interpreter (with phaselint installed)")
    arguments = parser.parse_args()
    workdir = arguments.keep or Path(tempfile.mkdtemp(prefix="phaselint-bench-"))
    if arguments.keep and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    tools = Path(tempfile.mkdtemp(prefix="phaselint-bench-venv-"))
    try:
        python = arguments.python or install(tools / "venv")
        cached = [python, "-m", "phaselint", "check", "--quiet", "--exit-zero"]
        phaselint = [*cached, "--no-cache"]
        one_file = build_corpus(workdir, arguments.specs, arguments.phases)
        files = sum(1 for _ in workdir.rglob("*.md"))
        runs = arguments.runs
        startup = timed([python, "-c", "import markdown_it"], workdir, runs)
        parse = timed([python, "-c", PARSE_FLOOR, str(workdir)], workdir, runs)
        relative = str(one_file.relative_to(workdir))
        single = timed([*phaselint, relative], workdir, runs)
        single_cached = timed([*cached, relative], workdir, runs)
        whole = timed(phaselint, workdir, runs)
        cache = workdir / ".phaselint_cache"
        cold = timed(cached, workdir, runs, lambda: shutil.rmtree(cache, ignore_errors=True))
        warm = timed(cached, workdir, runs)
        edits = iter(range(1_000_000))
        other = workdir / "specs" / "001-feature-1" / "spec.md"
        original = other.read_text(encoding="utf-8")

        def edit() -> None:
            other.write_text(original + f"\n<!-- edit {next(edits)} -->\n", encoding="utf-8")

        changed = timed(cached, workdir, runs, edit)
        other.write_text(original, encoding="utf-8")
        with one_file.open("a", encoding="utf-8") as handle:
            handle.write("\n- **SC-003**: The export finishes within a minute.\n")
        unrelated = "src/services/step_1.py"
        with (workdir / unrelated).open("a", encoding="utf-8") as handle:
            handle.write("# touched\n")
        subprocess.run(["git", "add", relative, unrelated], cwd=workdir, check=True)
        hook = timed([*phaselint, "--staged", relative], workdir, runs)
        hook_cached = timed([*cached, "--staged", relative], workdir, runs)
        subprocess.run(["git", "reset", "-q", relative], cwd=workdir, check=True)
        hook_unrelated = timed([*phaselint, "--staged", unrelated], workdir, runs)
    finally:
        shutil.rmtree(tools, ignore_errors=True)
        if not arguments.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"corpus: {arguments.specs} spec folders, {arguments.phases} phase documents, {files} markdown files"
    )
    print(f"{'measure':<34}{'median':>10}")
    print(f"{'start-up floor (import markdown_it)':<34}{startup * 1000:>8.0f}ms")
    print(f"{'parse floor (markdown-it, all)':<34}{parse * 1000:>8.0f}ms")
    print(f"{'phaselint check <one spec.md>':<34}{single * 1000:>8.0f}ms")
    print(f"{'  … with the cache (warm)':<34}{single_cached * 1000:>8.0f}ms")
    print(f"{'phaselint check --staged <spec.md>':<34}{hook * 1000:>8.0f}ms")
    print(f"{'  … cache on (change modes skip it)':<34}{hook_cached * 1000:>8.0f}ms")
    print(f"{'  … a commit of one .py file':<34}{hook_unrelated * 1000:>8.0f}ms")
    print(f"{'phaselint check (everything)':<34}{whole * 1000:>8.0f}ms")
    print(f"{'  … cache: cold':<34}{cold * 1000:>8.0f}ms")
    print(f"{'  … cache: warm rerun':<34}{warm * 1000:>8.0f}ms")
    print(f"{'  … cache: one file changed':<34}{changed * 1000:>8.0f}ms")
    ratios = [
        ("one file / start-up floor:", single / startup, 3),
        ("hook, one file / start-up floor:", hook / startup, 3),
        ("hook, unrelated / start-up floor:", hook_unrelated / startup, 3),
        ("everything / parse floor:", whole / parse, 2),
        ("warm rerun / parse floor:", warm / parse, 0.1),
    ]
    for label, ratio, target in ratios:
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"{label:<34}{ratio:.2f}x (target <= {target}x) {verdict}")
    return 0 if all(ratio <= target for _, ratio, target in ratios) else 1


if __name__ == "__main__":
    sys.exit(main())
