"""Parsing on two cores (`phaselint.parallel`): the same report as on one, the cache kept as
when one process parses, and a child that fails costs time, never a result."""

from __future__ import annotations

import os

import pytest

from conftest import Repo
from phaselint import checking, parallel
from phaselint.document import Document

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")

SPECS = parallel.MIN_DOCUMENTS // 2 + 10


def many_specs(repo: Repo) -> None:
    """Enough spec folders for the parse to go on two cores, some with violations."""
    for number in range(1, SPECS + 1):
        folder = f"specs/{number:03d}-feature-{number}"
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


def test_two_cores_report_what_one_reports(repo: Repo) -> None:
    many_specs(repo)
    one = repo.check("--no-cache", env={"PHASELINT_JOBS": "1"})
    two = repo.check("--no-cache", env={"PHASELINT_JOBS": "2"})
    assert one.exit_code == two.exit_code == 1
    assert two.diagnostics == one.diagnostics
    assert {"SP009", "CLR001"} <= one.codes()


def test_the_child_parses_half_and_the_cache_keeps_it(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_specs(repo)
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("PHASELINT_JOBS", "2")
    root, top = checking.find_root()
    project = checking._project(root, top, checking.load_checked_config(root, None), ())
    parsed = parallel.prefetch(project)
    assert parsed == SPECS  # half of the 2 × SPECS documents
    assert all(project.parsed(f"specs/{n:03d}-feature-{n}/spec.md") for n in range(1, SPECS + 1))
    # Through the cache: a cold run stores every document, the next loads them all.
    first = repo.check("-v")
    assert f"documents: 0 hits, {2 * SPECS} misses" in first.stderr
    repo.write("specs/001-feature-1/tasks.md", "# Tasks\n\n- [ ] T001 Create src/a.py\n")
    second = repo.check("-v")
    assert f"documents: {2 * SPECS - 1} hits, 1 misses" in second.stderr


def test_one_core_or_few_documents_stay_in_one_process(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_specs(repo)
    monkeypatch.chdir(repo.path)
    root, top = checking.find_root()
    config = checking.load_checked_config(root, None)
    monkeypatch.setenv("PHASELINT_JOBS", "1")
    assert parallel.prefetch(checking._project(root, top, config, ())) == 0
    monkeypatch.setenv("PHASELINT_JOBS", "2")
    few = checking._project(root, top, config, ())
    for number in range(1, SPECS + 1):  # read already: too few left to parse
        few.markdown(f"specs/{number:03d}-feature-{number}/spec.md")
    assert parallel.prefetch(few) == 0


def test_a_child_that_fails_costs_time_not_a_result() -> None:
    ran: list[int] = []
    # The child cannot parse what is not text: it exits 1, and the parent's work still ran.
    found = parallel._in_child([None], lambda: ran.append(1))  # type: ignore[list-item]
    assert found is None and ran == [1]
    texts = ["# A\n\n- [ ] T001 a\n", "## B\n"]
    facts = parallel._in_child(texts, lambda: None)
    assert facts == [Document("", text).facts() for text in texts]
