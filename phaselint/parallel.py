"""Checking on two cores: a whole-repository run splits its units between two processes.

A rule checks one unit at a time (a spec, a planning document …), and what it reports depends on
the repository alone, so the units of a run can be checked in any process that sees the same
repository. When a whole-repository run has enough units (`MIN_UNITS`), the engine lists them
(nothing is parsed to list them: `PlanningDoc` reads its document on first use), orders them by
where they live (their first path) and cuts that order in two at the middle: this process forks
one child, which checks the first half while this process checks the second. A unit's
documents are parsed by the process that checks it; the files of one spec folder lie side by
side in that order, so they stay together. The child sends back, through a pipe, what it found
(its diagnostics, the files it checked, a rule's failure) and what it learnt that the run keeps
(`Ledger`: files it could not read, the questions it put to the snapshot and to git, the
documents it parsed for the persistent cache), and leaves with `os._exit`; the reports are
merged and sorted as one process sorts them, so the output is the same byte for byte.

The child only checks: it writes no file and no cache, and prints nothing. If it fails in any
way — cannot be forked, dies, sends something unreadable — this process checks its half as
well: the result is the same, only slower.

How many processes: `PHASELINT_JOBS` (1 keeps a run in one process; more than 2 counts as 2),
else two when the machine gives this process two cores or more and `os.fork` exists (not on
Windows). Runs on named files and changes (`--staged`, `--diff-base`) touch few units and stay
in one process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from phaselint.diagnostics import Diagnostic
    from phaselint.project import Project
    from phaselint.registry import Rule, RuleContext

#: Fewer (rule, unit) checks than this run in one process: forking would cost more than it
#: saves. Measured on `benchmarks/bench.py`'s repositories: 100 specs (4,460 checks) take 1.1 s
#: on two processes against 2.0 s on one; 30 specs (1,350 checks) gain nothing measurable.
MIN_UNITS = 2000

T = TypeVar("T")


class Share(NamedTuple):
    """What checking some of a run's units found: diagnostics, the files checked, and the rules
    that failed — (rule's place in the run, unit's place in the rule's list, message), so that
    failures are listed in one order however the units were shared."""

    found: list[Diagnostic]
    checked: set[str]
    errors: list[tuple[int, int, str]]


#: The rules of a run, each with its context and the units it checks.
Work = Sequence[tuple["Rule", "RuleContext", Sequence[Any]]]
#: Check the units `keep` accepts.
Check = Callable[[Callable[[Any], bool]], Share]


def cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return len(affinity(0))
        except OSError:
            pass
    return os.cpu_count() or 1


def jobs() -> int:
    """How many processes may check: `PHASELINT_JOBS` (two at most: one child), else two on a
    machine with two cores or more."""
    setting = os.environ.get("PHASELINT_JOBS", "").strip()
    if setting.isdigit():
        return max(1, min(int(setting), 2))
    return 2 if cores() >= 2 else 1


def home(unit: Any) -> str:
    """Where a unit lives, for sharing: its first path (a spec folder's first file)."""
    paths = getattr(unit, "paths", ())
    if paths:
        return str(min(paths))
    return str(getattr(unit, "folder", None) or getattr(unit, "path", None) or "")


def check_all(project: Project, work: Work, check: Check) -> Share:
    """Check every unit of `work` with `check`: in two processes when the run is large enough
    (see the module docstring), else here."""
    if not _worth_splitting(project, work):
        return check(lambda unit: True)
    homes = {id(unit): home(unit) for _, _, units in work for unit in units}
    middle = sorted(homes.values())[len(homes) // 2]
    first = frozenset(key for key, where in homes.items() if where < middle)

    def in_first(unit: Any) -> bool:
        return id(unit) in first

    before = {name: frozenset(entries) for name, entries in _ledgers(project).items()}
    counts = _counts(project)

    def theirs() -> tuple[Share, dict[str, dict[Any, Any]], tuple[int, int]]:
        share = check(in_first)
        learnt = {
            name: {key: value for key, value in entries.items() if key not in before[name]}
            for name, entries in _ledgers(project).items()
        }
        now = _counts(project)
        return share, learnt, (now[0] - counts[0], now[1] - counts[1])

    mine, sent = in_child(theirs, lambda: check(lambda unit: not in_first(unit)))
    if sent is None:  # the child failed: its half is checked here
        other = check(in_first)
    else:
        other, learnt, (hits, misses) = sent
        _learn(project, learnt, hits, misses)
    return Share(
        mine.found + other.found, mine.checked | other.checked, sorted(mine.errors + other.errors)
    )


def _worth_splitting(project: Project, work: Work) -> bool:
    if project.targets is not None or project.change is not None:
        return False
    if jobs() < 2 or not hasattr(os, "fork"):
        return False
    return sum(len(units) for _, _, units in work) >= MIN_UNITS


def _ledgers(project: Project) -> dict[str, dict[Any, Any]]:
    """What a run learns that outlives its rules, by name: the files it could not read, and —
    with the persistent cache — its questions to the snapshot and git, the documents it parsed."""
    found: dict[str, dict[Any, Any]] = {"problems": project.problems}
    for keeper in (project.snapshot, project.repository, project.store):
        ledgers = getattr(keeper, "ledgers", None)
        if ledgers is not None:
            found.update(ledgers())
    return found


def _counts(project: Project) -> tuple[int, int]:
    store = project.store
    if store is None:
        return 0, 0
    return store.document_hits, store.document_misses


def _learn(project: Project, learnt: dict[str, dict[Any, Any]], hits: int, misses: int) -> None:
    """Take what the child learnt as if this process had learnt it."""
    ledgers = _ledgers(project)
    for name, entries in learnt.items():
        if name in ledgers:
            ledgers[name].update(entries)
    store = project.store
    if store is not None:
        store.document_hits += hits
        store.document_misses += misses


def in_child(task: Callable[[], T], meanwhile: Callable[[], Any]) -> tuple[Any, T | None]:
    """Run `task` in a forked child while `meanwhile` runs here; `meanwhile`'s result and the
    child's (None when the child failed)."""
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return meanwhile(), None
    if pid == 0:  # the child: work, send, leave without running this process's exit handlers
        status = 1
        try:
            os.close(reading)
            data = pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    try:
        result = meanwhile()
    finally:
        with os.fdopen(reading, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0:
        return result, None
    try:
        sent: T = pickle.loads(data)
    except Exception:
        return result, None
    return result, sent
