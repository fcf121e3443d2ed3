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
- phaselint, all:       phaselint check                 (the whole repository)

and, for the whole-repository run, its peak memory (the child's `ru_maxrss`) and CPU time over
wall time. Every row is measured twice, on the corpus and on one a tenth of its size
(`--small`), for the growth rows: each ratio to its floor at the large size over the same at
the small one (1.00x: the cost grows as the floor does). Targets (issue 12's table): one file
and the hook on one file at most 2.5x the start-up floor, the hook on an unrelated file at most
1.5x, the whole repository at most 0.6x the parse floor in wall time and 0.8x in CPU time, a
warm rerun at most 0.1x, peak memory at most 100 MiB, growth within 20% (one file) and at most
1.15 (everything); each printed next to its figure, and the exit status is 1 when one is
missed.

The floors are measured before and after the rows compared with them (the median of all
their runs): a shared machine's speed drifts by a fifth during a benchmark, and a floor then
moves with its rows.

`--instructions` adds what timings on a noisy machine cannot give: the instructions executed
(valgrind's callgrind, which counts the same whatever else the machine does) by the
whole-repository run on one process (`PHASELINT_JOBS=1`) and by the parse floor, on the small
corpus (a run under callgrind is some fifty times slower). Their ratio is the CPU row's,
without the noise — one process, so without what a second core saves or costs.

    python benchmarks/bench.py [--specs 1000] [--phases 200] [--runs 5] [--small N] [--keep DIR]
                               [--python PY] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

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


def timed(command: list[str], cwd: Path, runs: int) -> float:
    """Median wall time of `command`, in seconds (one warm-up run first)."""
    return statistics.median(samples_of(command, cwd, runs)[0])


def timed_usage(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall time of `command` and the CPU time (user + system) of its runs over their
    wall time, in seconds (one warm-up run first)."""
    samples, cpu = samples_of(command, cwd, runs)
    return statistics.median(samples), cpu / sum(samples)


def samples_of(command: list[str], cwd: Path, runs: int) -> tuple[list[float], float]:
    """The wall times of `runs` runs of `command` (after one warm-up run) and their CPU time."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
    samples = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
        samples.append(time.perf_counter() - started)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return samples, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory(command: list[str], cwd: Path) -> int:
    """The peak resident memory of one run of `command`, in KiB (its own child process, so
    that nothing else this benchmark ran counts)."""
    output = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    return int(output.stdout.strip())


class Measures(NamedTuple):
    """One corpus's figures, in seconds (memory in KiB)."""

    specs: int
    phases: int
    files: int
    startup: float
    parse: float
    single: float
    hook: float
    hook_unrelated: float
    whole: float
    whole_cpu: float
    whole_memory: int
    #: The whole repository again, nothing changed, with the persistent cache warm.
    warm: float
    #: The whole repository after one spec.md changed, the others loaded from the cache.
    changed: float


def measure(python: str, workdir: Path, specs: int, phases: int, runs: int) -> Measures:
    """Build a corpus in `workdir` and time every row on it."""
    cached = [python, "-m", "phaselint", "check", "--quiet", "--exit-zero"]
    phaselint = [*cached, "--no-cache"]  # every cold row: no cache read or written
    one_file = build_corpus(workdir, specs, phases)
    files = sum(1 for _ in workdir.rglob("*.md"))
    # The floors are measured twice, before and after the rows compared with them, and the
    # median of all their runs is taken: a machine whose speed drifts during the benchmark
    # (a shared one does, by a fifth) then moves a floor and its rows alike.
    floor = [python, "-c", "import markdown_it"]
    parse_floor = [python, "-c", PARSE_FLOOR, str(workdir)]
    startup_runs = samples_of(floor, workdir, runs)[0]
    parse_runs = samples_of(parse_floor, workdir, runs)[0]
    relative = str(one_file.relative_to(workdir))
    single = timed([*phaselint, relative], workdir, runs)
    whole, whole_cpu = timed_usage(phaselint, workdir, runs)
    parse = statistics.median(parse_runs + samples_of(parse_floor, workdir, runs)[0])
    whole_memory = peak_memory(phaselint, workdir)
    warm = timed(cached, workdir, runs)  # its warm-up run fills the cache
    other = workdir / "specs" / "001-feature-1" / "spec.md"
    original = other.read_text(encoding="utf-8")
    changed_runs = []
    for edit in range(runs):
        other.write_text(original + f"\n<!-- edit {edit} -->\n", encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(cached, cwd=workdir, check=False, capture_output=True, env=ENV)
        changed_runs.append(time.perf_counter() - started)
    other.write_text(original, encoding="utf-8")
    changed = statistics.median(changed_runs)
    with one_file.open("a", encoding="utf-8") as handle:
        handle.write("\n- **SC-003**: The export finishes within a minute.\n")
    unrelated = "src/services/step_1.py"
    with (workdir / unrelated).open("a", encoding="utf-8") as handle:
        handle.write("# touched\n")
    subprocess.run(["git", "add", relative, unrelated], cwd=workdir, check=True)
    hook = timed([*phaselint, "--staged", relative], workdir, runs)
    subprocess.run(["git", "reset", "-q", relative], cwd=workdir, check=True)
    hook_unrelated = timed([*phaselint, "--staged", unrelated], workdir, runs)
    startup = statistics.median(startup_runs + samples_of(floor, workdir, runs)[0])
    return Measures(
        specs,
        phases,
        files,
        startup,
        parse,
        single,
        hook,
        hook_unrelated,
        whole,
        whole_cpu,
        whole_memory,
        warm,
        changed,
    )


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
    parser.add_argument(
        "--small", type=int, help="spec folders of the growth run (default: --specs / 10)"
    )
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--python", help="use this interpreter (with phaselint installed)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions with valgrind (small corpus, one process)",
    )
    arguments = parser.parse_args()
    workdir = arguments.keep or Path(tempfile.mkdtemp(prefix="phaselint-bench-"))
    if arguments.keep and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    small_dir = Path(tempfile.mkdtemp(prefix="phaselint-bench-small-"))
    tools = Path(tempfile.mkdtemp(prefix="phaselint-bench-venv-"))
    small_specs = arguments.small or max(arguments.specs // 10, 1)
    small_phases = max(arguments.phases * small_specs // max(arguments.specs, 1), 1)
    try:
        python = arguments.python or install(tools / "venv")
        big = measure(python, workdir, arguments.specs, arguments.phases, arguments.runs)
        small = measure(python, small_dir, small_specs, small_phases, arguments.runs)
        counted = instructions(python, small_dir) if arguments.instructions else None
    finally:
        shutil.rmtree(tools, ignore_errors=True)
        shutil.rmtree(small_dir, ignore_errors=True)
        if not arguments.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report(big, small)
    if counted is not None:
        whole, floor = counted
        print(
            f"instructions, {small.specs} specs: phaselint check (one process) {whole / 1e9:.2f} G, "
            f"parse floor {floor / 1e9:.2f} G: {whole / floor:.2f}x"
        )
    return 0 if all(ok for *_, ok in targets(big, small)) else 1


def instructions(python: str, workdir: Path) -> tuple[int, int]:
    """Instructions executed by a whole-repository run on one process and by the parse floor
    on `workdir` (valgrind's callgrind; each after one run that leaves the bytecode cached)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    env = {**ENV, "PHASELINT_JOBS": "1"}
    counts = []
    for command in (
        [python, "-m", "phaselint", "check", "--quiet", "--exit-zero", "--no-cache"],
        [python, "-c", PARSE_FLOOR, str(workdir)],
    ):
        subprocess.run(command, cwd=workdir, capture_output=True, check=False, env=env)
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            cwd=workdir,
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"valgrind gave no count: {done.stderr[-300:]}")
        counts.append(int(found.group(1)))
    return counts[0], counts[1]


#: Issue 12's targets: (label, bound as printed, test of the figure).
TARGETS: tuple[tuple[str, str, Callable[[float], bool]], ...] = (
    ("one file / start-up floor", "<= 2.5x", lambda x: x <= 2.5),
    ("hook, one file / start-up floor", "<= 2.5x", lambda x: x <= 2.5),
    ("hook, unrelated / start-up floor", "<= 1.5x", lambda x: x <= 1.5),
    ("everything, wall / parse floor", "<= 0.6x", lambda x: x <= 0.6),
    ("everything, CPU / parse floor", "<= 0.8x", lambda x: x <= 0.8),
    ("warm rerun / parse floor", "<= 0.1x", lambda x: x <= 0.1),
    ("peak memory, everything (MiB)", "<= 100", lambda x: x <= 100),
    ("growth, one file (ratio of ratios)", "1.00x ± 20%", lambda x: abs(x - 1) <= 0.2),
    ("growth, everything (ratio of ratios)", "<= 1.15x", lambda x: x <= 1.15),
)


def targets(big: Measures, small: Measures) -> list[tuple[str, str, float, bool]]:
    """Every figure with a target: (label, bound, figure, met). The parse floor is one busy
    core, so its CPU time is its wall time."""
    figures = (
        big.single / big.startup,
        big.hook / big.startup,
        big.hook_unrelated / big.startup,
        big.whole / big.parse,
        big.whole * big.whole_cpu / big.parse,
        big.warm / big.parse,
        big.whole_memory / 1024,
        (big.single / big.startup) / (small.single / small.startup),
        (big.whole / big.parse) / (small.whole / small.parse),
    )
    return [
        (label, bound, figure, test(figure))
        for (label, bound, test), figure in zip(TARGETS, figures, strict=True)
    ]


def report(big: Measures, small: Measures) -> None:
    for corpus in (big, small):
        print(
            f"corpus: {corpus.specs} spec folders, {corpus.phases} phase documents, "
            f"{corpus.files} markdown files"
        )
    print(f"{'measure':<38}{big.specs:>9} specs{small.specs:>9} specs")

    def row(label: str, first: float, second: float, unit: str = "ms") -> None:
        print(f"{label:<38}{first:>12.0f}{unit}{second:>12.0f}{unit}")

    row("start-up floor (import markdown_it)", big.startup * 1000, small.startup * 1000)
    row("parse floor (markdown-it, all)", big.parse * 1000, small.parse * 1000)
    row("phaselint check <one spec.md>", big.single * 1000, small.single * 1000)
    row("phaselint check --staged <spec.md>", big.hook * 1000, small.hook * 1000)
    row("  … a commit of one .py file", big.hook_unrelated * 1000, small.hook_unrelated * 1000)
    row("phaselint check (everything)", big.whole * 1000, small.whole * 1000)
    row("  peak memory (ru_maxrss)", big.whole_memory / 1024, small.whole_memory / 1024, "MB")
    row("  warm rerun (cache), nothing changed", big.warm * 1000, small.warm * 1000)
    row("  one spec.md changed (cache)", big.changed * 1000, small.changed * 1000)
    print(
        f"{'  CPU / wall':<38}{big.whole_cpu:>13.2f}x{small.whole_cpu:>13.2f}x"
        "  (1.00x: one busy core, no waiting)"
    )
    for label, bound, figure, met in targets(big, small):
        print(f"{label + ':':<40}{figure:.2f} (target {bound}) {'ok' if met else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
