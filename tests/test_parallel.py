"""Checking on two cores (`phaselint.parallel`): the same report as on one, what the child
learnt kept for the run cache, and a child that fails costs time, never a result."""

from __future__ import annotations

import os

import pytest

from conftest import Repo
from phaselint import checking, parallel
from phaselint.engine import lint
from phaselint.methods import PlanningDoc

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")

#: Enough spec folders for a whole-repository run to be checked on two processes.
SPECS = 70


def many_specs(repo: Repo) -> None:
    """Spec folders enough for two processes, with violations in both halves; each declares
    its stage, so that no rule reads another spec's documents to learn it."""
    for number in range(1, SPECS + 1):
        folder = f"specs/{number:03d}-feature-{number}"
        repo.write(f"{folder}/.status", "planned\n")
        repo.write(
            f"{folder}/spec.md",
            f"# Feature Specification: Feature {number}\n\n**Status**: Draft\n\n"
            "## User Scenarios & Testing *(mandatory)*\n\n### User Story 1 - Plan (Priority: P1)\n\n"
            + ("[NEEDS CLARIFICATION: which users?]\n" if number % 7 == 0 else "")
            + "\n## Requirements *(mandatory)*\n\n- **FR-001**: System MUST plan.\n",
        )
        repo.write(
            f"{folder}/tasks.md",
            "# Tasks\n\n## Phase 1: Setup\n\n- [ ] T001 Create src/a.py\n"
            + (
                "- [ ] T003 Create src/b.py\n"
                if number % 5 == 0
                else "- [ ] T002 Create src/b.py\n"
            ),
        )
    repo.commit("specs")


def project_of(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> checking.Project:
    monkeypatch.chdir(repo.path)
    root, top = checking.find_root()
    return checking._project(root, top, checking.load_checked_config(root, None), ())


def test_the_run_is_large_enough_to_split(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    many_specs(repo)
    project = project_of(repo, monkeypatch)
    rules = checking.select_rules(project.config, (), (), ()).of(project.methodologies)
    checks = sum(len(project.units(kind)) for rule in rules if rule.check for kind in rule.targets)
    assert checks >= parallel.MIN_UNITS


def test_two_processes_report_what_one_reports(repo: Repo) -> None:
    many_specs(repo)
    one = repo.check("--no-cache", env={"PHASELINT_JOBS": "1"})
    two = repo.check("--no-cache", env={"PHASELINT_JOBS": "2"})
    assert one.exit_code == two.exit_code == 1
    assert two.output == one.output
    assert {"SP009", "CLR001"} <= one.codes()
    # Violations lie in both halves of the run.
    paths = sorted(d["path"] for d in one.diagnostics)
    assert paths[0] < "specs/035-" < paths[-1]


def test_the_child_checks_the_first_half(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    many_specs(repo)
    monkeypatch.setenv("PHASELINT_JOBS", "2")
    project = project_of(repo, monkeypatch)
    rules = checking.select_rules(project.config, (), (), ())
    report = lint(project, rules)
    parsed_here = {path for path, doc in project._documents.items() if doc is not None}
    # Listing the planning documents parsed none; each process parsed the half it checked.
    assert 0 < len(parsed_here) < 2 * SPECS
    assert "specs/060-feature-60/tasks.md" in parsed_here
    assert "specs/001-feature-1/tasks.md" not in parsed_here
    assert any(d.path.startswith("specs/007-") for d in report.diagnostics)


def test_planning_documents_are_parsed_on_first_use(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_specs(repo)
    project = project_of(repo, monkeypatch)
    docs = project.units(PlanningDoc)
    assert len(docs) == 2 * SPECS
    assert not any(project._documents.values())
    assert docs[0].document.path == docs[0].path
    assert docs[0].past_gate is True and "planned" in docs[0].gate


def test_the_cache_keeps_what_the_child_parsed(repo: Repo) -> None:
    many_specs(repo)
    env = {"PHASELINT_JOBS": "2"}
    first = repo.check("-v", env=env)
    assert f"documents: 0 hits, {2 * SPECS} misses" in first.stderr
    repo.write("specs/001-feature-1/tasks.md", "# Tasks\n\n- [ ] T001 Create src/a.py\n")
    second = repo.check("-v", env=env)
    assert f"documents: {2 * SPECS - 1} hits, 1 misses" in second.stderr
    assert second.diagnostics == repo.check("--no-cache", env={"PHASELINT_JOBS": "1"}).diagnostics
    # The run entry holds the child's reads too: an edit in the child's half is seen.
    repo.write(
        "specs/002-feature-2/tasks.md", "# Tasks\n\n- [ ] T001 Create src/a.py\n- [ ] T004 b\n"
    )
    third = repo.check(env=env)
    assert ("SP009", "specs/002-feature-2/tasks.md", 4, 7) in third.found("SP009")


def test_one_core_or_a_named_file_stays_in_one_process(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_specs(repo)
    monkeypatch.setenv("PHASELINT_JOBS", "1")
    assert parallel.jobs() == 1
    monkeypatch.setenv("PHASELINT_JOBS", "8")
    assert parallel.jobs() == 2
    monkeypatch.delenv("PHASELINT_JOBS")
    assert parallel.jobs() == (2 if parallel.cores() >= 2 else 1)
    project = project_of(repo, monkeypatch)
    forks: list[int] = []
    monkeypatch.setattr(parallel, "in_child", lambda *a: forks.append(1))
    named = checking._project(
        project.snapshot.root,
        repo.path,
        project.config,
        (repo.path / "specs/001-feature-1/spec.md",),
    )
    lint(named, checking.select_rules(project.config, (), (), ()))
    assert forks == []


def test_a_child_that_fails_costs_time_not_a_result() -> None:
    def fail() -> int:
        raise RuntimeError("the child breaks")

    ran: list[int] = []
    mine, theirs = parallel.in_child(fail, lambda: ran.append(1) or "here")
    assert (mine, theirs, ran) == ("here", None, [1])
    mine, theirs = parallel.in_child(lambda: {"sent": [1, 2]}, lambda: "here")
    assert (mine, theirs) == ("here", {"sent": [1, 2]})


def test_a_failed_child_leaves_the_report_whole(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_specs(repo)
    monkeypatch.setenv("PHASELINT_JOBS", "1")
    project = project_of(repo, monkeypatch)
    rules = checking.select_rules(project.config, (), (), ())
    alone = lint(project, rules)
    monkeypatch.setenv("PHASELINT_JOBS", "2")
    monkeypatch.setattr(parallel, "in_child", lambda task, meanwhile: (meanwhile(), None))
    again = lint(project_of(repo, monkeypatch), rules)
    assert again.diagnostics == alone.diagnostics and again.files_checked == alone.files_checked
