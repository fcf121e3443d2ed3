"""Patterns met in public repositories of the other methods (issue 10): calendar roadmaps in
repositories no method was recognised in, czarina orchestrations without phase archives, and
planning documents a team names in its configuration. Each is a fixture of our own writing:
quoted bad examples are asserted silent, true violations present at their line and column."""

from __future__ import annotations

import json

from conftest import Repo

ROADMAP = """
# Roadmap

## Phase 1: Gateway Client (Weeks 1-4)

**Duration:** 4 weeks

### Week 1: HTTP Transport

Work on the transport.

## Phase 2: Policy Engine (300K-500K tokens)

What not to do:

```markdown
## Phase 3: Week 1 (Dec 20-27)
**Duration:** 2 weeks
```
"""


def test_a_roadmap_is_linted_when_no_method_is_found(repo: Repo) -> None:
    repo.write("docs/ROADMAP.md", ROADMAP)
    result = repo.check()
    assert result.found() == [
        ("CAL001", "docs/ROADMAP.md", 3, 29),
        ("CAL002", "docs/ROADMAP.md", 5, 15),
        ("CAL001", "docs/ROADMAP.md", 7, 5),
    ]
    assert result.exit_code == 1
    assert "only the calendar rules (CAL) read docs/ROADMAP.md" in result.stderr


def test_a_roadmap_in_another_letter_case(repo: Repo) -> None:
    repo.write("docs/roadmap.md", ROADMAP)
    result = repo.check("--verbose")
    assert [d[0] for d in result.found()] == ["CAL001", "CAL002", "CAL001"]
    assert "roadmap: docs/roadmap.md (the calendar rules read it whatever the method)" in (
        result.stderr
    )


def test_planning_docs_globs(repo: Repo) -> None:
    plan = "## Phase 1: Foundation (Sprint 3)\n\nThe sprint plan.\n"
    repo.write("docs/planning/PARALLEL_EXECUTION_PLAN.md", plan)
    repo.write("docs/notes/meeting.md", "## Week 1 retro\n")
    assert repo.check().found() == []
    assert "docs/planning/PARALLEL_EXECUTION_PLAN.md" in repo.check().stderr  # looks like a plan
    repo.write("phaselint.toml", 'planning-docs = ["docs/planning/**"]\n')
    result = repo.check("--verbose")
    assert result.found() == [("CAL001", "docs/planning/PARALLEL_EXECUTION_PLAN.md", 1, 25)]
    assert "planning-docs: 1 file(s) match docs/planning/**" in result.stderr


def test_planning_docs_must_be_a_list_of_globs(repo: Repo) -> None:
    repo.write("phaselint.toml", 'planning-docs = "docs/planning/**"\n')
    result = repo.check()
    assert result.exit_code == 2
    assert "planning-docs" in result.stderr


WORKERS = {
    "project": {"name": "Gateway", "phase": "1"},
    "workers": [
        {"id": "build", "branch": "cz1/feat/build", "estimated_duration": "1 week"},
        {"id": "engine", "branch": "cz1/feat/engine", "estimated_duration": "300K tokens"},
    ],
}


def test_czarina_without_phase_archives(repo: Repo) -> None:
    text = json.dumps(WORKERS, indent=2)
    repo.write(".czarina/config.json", text)
    repo.write(".czarina/workers/build.md", "# Worker: build\n\n### Week 1: Setup\n")
    repo.write(".czarina/worktrees/build/plans/x.md", "### Week 1: Setup\n")
    repo.write(".czarina/orchestrations/rollout.md", "# Rollout\n\n### Week 2: Engine\n")
    repo.write("CZARINA_ORCHESTRATION.md", "# Orchestration\n\n## Phase 1: Build (Day 1-2)\n")
    repo.write("plans/engine-plan.md", "# Engine\n\n**Timeline:** 1-2 weeks\n")
    result = repo.check("--verbose")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"1 week"' in t)
    column = text.splitlines()[line - 1].index('"1 week"') + 2
    assert result.found() == [
        ("CAL002", ".czarina/config.json", line, column),
        ("CAL001", ".czarina/orchestrations/rollout.md", 3, 5),
        ("CAL001", "CZARINA_ORCHESTRATION.md", 3, 20),
        ("CAL002", "plans/engine-plan.md", 3, 15),
    ]
    assert "czarina (" in result.stderr
    assert ".czarina/config.json configures czarina's workers" in result.stderr


def test_a_czarina_folder_of_other_files_is_not_czarina(repo: Repo) -> None:
    repo.write(".czarina/notes.md", "### Week 1\n")
    result = repo.check("--verbose")
    assert result.found() == []
    assert "czarina: not used" in result.stderr


def test_milestone_deadlines_and_date_schedules_in_a_roadmap(repo: Repo) -> None:
    repo.write(
        "ROADMAP.md",
        """
        # Roadmap

        ### Phase 1: Planning
        - **Timeline**: 2025-11-21 to 2025-12-05
        - **Milestone 1.1:** Charter approved (Due: 2026-03-10)
        - Requirements gathered (due to the audit, 2026-03-01)
        - **Timeline**: started 2025-11-21

        ### Phase 2: Launch
        - **Milestone 2.1:** Public beta, after Phase 1
        """,
    )
    result = repo.check()
    assert result.found() == [
        ("CAL002", "ROADMAP.md", 4, 17),
        ("CAL003", "ROADMAP.md", 5, 40),
    ]
    assert (
        '`Timeline` schedules the work by dates "2025-11-21 to 2025-12-05"'
        in (result.messages("CAL002")[0])
    )


def test_estimate_fields_by_other_names_and_time_spent(repo: Repo) -> None:
    repo.write(".czarina/config.json", json.dumps({"workers": []}))
    repo.write(
        ".czarina/orchestrations/PLAN_v2.md",
        """
        # Plan v2

        **Estimated Duration:** 4-6 hours
        **Estimated Time Savings:** 3 days
        **Duration:** 53 minutes (17:29 - 18:22)
        - Estimated time: ~8 minutes for the whole test run
        """,
    )
    repo.write(
        ".czarina/orchestrations/POSTMORTEM_v1.md", "# Postmortem\n\n**Duration:** ~1 hour\n"
    )
    repo.write(".czarina/QUICKSTART.md", "# Quickstart\n\n**Estimated Time:** 5 minutes\n")
    result = repo.check()
    assert result.found() == [("CAL002", ".czarina/orchestrations/PLAN_v2.md", 3, 25)]


def test_roadmap_horizons_and_planned_releases(repo: Repo) -> None:
    repo.write(
        "ROADMAP.md",
        """
        # Roadmap

        ## Now — shipping the evaluation loop

        ## Next — Q3 2026: durable memory

        ### v1.4.0: Rust Foundation (6-8 weeks)

        ### v1.3.0: Gateway (released, 3 weeks)

        ## Notes for the next quarter
        """,
    )
    result = repo.check()
    assert result.found() == [
        ("CAL001", "ROADMAP.md", 5, 11),
        ("CAL002", "ROADMAP.md", 7, 30),
    ]
