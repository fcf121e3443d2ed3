"""`phaselint status`: the board of a real repository with every method, in three formats; its
counts are the models' (the fixtures say what each should be) and its JSON is the schema's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_action import _run_action

from conftest import PHASE_DOC, ROOT, Repo

SCHEMA = json.loads(
    (ROOT / "phaselint/schemas/phaselint-status.schema.json").read_text(encoding="utf-8")
)

LOGIN = "specs/001-login"
SEARCH = "specs/002-search"
REPORTS = "specs/spec-010-reports"
SUMMARY = "context/summaries/2025-12-18-auth-phase-1-summary.md"
LOG = "docs/implementation/phase-1-stage-log.md"

SPEC = """
# Feature Specification: Login

**Status**: Draft

## User Scenarios & Testing
- A user logs in with email and password.

## Requirements
- **FR-001**: System MUST authenticate users via [NEEDS CLARIFICATION: SSO or password?]
- **FR-002**: Sessions MUST expire after [NEEDS CLARIFICATION: how long?]
- No [NEEDS CLARIFICATION] markers remain in the approved sections.

```text
[NEEDS CLARIFICATION: inside code, not a marker]
```

## Success Criteria
- Login takes under a second.
"""

TASKS = """
# Tasks: Login

## Phase 1: Setup
- [x] T001 Create project structure in src/login/
- [x] T002 Add the user model in src/login/models.py
- [x] T003 Add the session store in src/login/sessions.py
- [ ] T004 Add the login endpoint in src/login/api.py
- [ ] T005 Add the logout endpoint in src/login/api.py
- [~] T006 Add remember-me in src/login/api.py (dropped)
"""

CONTEXT = """
# Current Work Summary

Executing: Auth - Phase 2

```json
{
  "active_context": ["context/plans/2025-12-18-auth.md"],
  "completed_summaries": ["SUMMARY"],
  "execution_branch": "para/auth-phase-2",
  "execution_started": "2025-12-18T10:00:00Z",
  "phased_execution": {
    "master_plan": "context/plans/2025-12-18-auth.md",
    "phases": [
      {"phase": 2, "plan": "context/plans/2025-12-18-auth-phase-2.md", "status": "in_progress"},
      {"phase": 1, "plan": "context/plans/2025-12-18-auth-phase-1.md", "status": "completed"},
      {"phase": 3, "plan": "context/plans/2025-12-18-auth-phase-3.md", "status": "pending"}
    ],
    "current_phase": 2
  },
  "last_updated": "2025-12-19T15:30:00Z"
}
```
""".replace("SUMMARY", SUMMARY)

STAGE_LOG = """
# Phase 1 Implementation Log — backend

### Stage 0 — Foundation Lock

- Status: done
- Evidence links: CI run #100
- Acceptance gate: No unresolved architecture decisions
- Acceptance gate result: pass

### Stage 1 — Project Skeleton

- Status: in-progress
- Evidence links:
- Acceptance gate: Process starts and `/healthz` returns ok

### Stage 2 — Database

- Status: not-started
"""


def _write_everything(repo: Repo) -> None:
    # A spec declared `implementing` with 3 of 5 tasks done (T006 is closed: neither done nor
    # to do) and two open clarification markers (past the gate: CLR001 errors).
    repo.write(f"{LOGIN}/spec.md", SPEC)
    repo.write(f"{LOGIN}/plan.md", "# Implementation Plan: Login\n\n## Summary\nA login form.\n")
    repo.write(f"{LOGIN}/tasks.md", TASKS)
    repo.write(f"{LOGIN}/.status", "implementing\n")
    # A spec without .status: its stage inferred from plan.md.
    repo.write(f"{SEARCH}/spec.md", SPEC.replace("Login", "Search").split("## Requirements")[0])
    repo.write(f"{SEARCH}/plan.md", "# Implementation Plan: Search\n\n## Summary\nAn index.\n")
    # Spec 10 sorts after spec 2 (by number, not by folder name).
    repo.write(f"{REPORTS}/spec.md", "# Feature Specification: Reports\n")
    repo.write(f"{REPORTS}/.status", "draft\n")
    # Phase documents: 1.10.0 sorts after 1.2.0, phase 2 after phase 1.
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    repo.write(
        "docs/development/V1.10.0_PHASE_1.md",
        PHASE_DOC.replace("V1.2.0", "V1.10.0")
        .replace("**Status**: In Progress", "**Status**: Planned")
        .replace("500K-800K tokens", "1.2M tokens"),
    )
    repo.write(
        "docs/development/V1.2.0_PHASE_2.md",
        PHASE_DOC.replace("Phase 1", "Phase 2").replace(
            "**Token Budget**: 500K-800K tokens", "**Token Budget**: TBD"
        ),
    )
    # PARA, its phases listed out of order.
    repo.write("context/context.md", CONTEXT)
    for phase in (1, 2, 3):
        repo.write(f"context/plans/2025-12-18-auth-phase-{phase}.md", f"# Auth - Phase {phase}\n")
    repo.write("context/plans/2025-12-18-auth.md", "# Master Plan: Auth\n\n**Type:** Phased Plan\n")
    repo.write(SUMMARY, "# Auth - Phase 1 Summary\n\nDone.\n")
    repo.write(LOG, STAGE_LOG)
    repo.commit()


def _board(repo: Repo) -> dict[str, Any]:
    result = repo.run("status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    board: dict[str, Any] = json.loads(result.output)
    jsonschema.validate(board, SCHEMA)
    return board


def test_json_counts_come_from_the_models(repo: Repo) -> None:
    _write_everything(repo)
    board = _board(repo)
    lint = repo.check()
    assert lint.exit_code == 1  # violations present; status still exits 0

    specs = {spec["path"]: spec for spec in board["specs"]}
    assert [s["path"] for s in board["specs"]] == [LOGIN, SEARCH, REPORTS]
    login = specs[LOGIN]
    assert login["name"] == "001-login"
    assert (login["stage"], login["stage_source"]) == ("implementing", "declared")
    assert login["tasks"] == {"done": 3, "total": 5}
    assert login["clarifications"] == 2  # the talk and the code block are not markers
    assert (specs[SEARCH]["stage"], specs[SEARCH]["stage_source"]) == ("planned", "inferred")
    assert specs[SEARCH]["tasks"] == {"done": 0, "total": 0}
    assert specs[REPORTS]["stage_source"] == "declared"

    # errors and warnings: the lint's diagnostics in each spec folder and each file.
    for spec in board["specs"]:
        inside = [d for d in lint.diagnostics if d["path"].startswith(spec["path"] + "/")]
        assert spec["errors"] == sum(d["severity"] == "error" for d in inside)
        assert spec["warnings"] == sum(d["severity"] == "warning" for d in inside)
    assert len(lint.found("CLR001", f"{LOGIN}/spec.md")) == 2
    assert login["errors"] >= 2

    phases = board["phases"]
    assert [(p["version"], p["phase"]) for p in phases] == [
        ("1.2.0", 1),
        ("1.2.0", 2),
        ("1.10.0", 1),
    ]
    first = phases[0]
    assert first["path"] == "docs/development/V1.2.0_PHASE_1.md"
    assert first["status"] == "In Progress"
    assert first["budget"] == "500K-800K"
    assert first["deliverables"] == {"done": 1, "total": 2}
    assert phases[1]["budget"] is None  # TBD: PH008's to report
    assert lint.found("PH008", phases[1]["path"])
    assert phases[2]["budget"] == "1.2M"
    assert phases[2]["status"] == "Planned"
    for phase in phases:
        here = [d for d in lint.diagnostics if d["path"] == phase["path"]]
        assert phase["errors"] == sum(d["severity"] == "error" for d in here)
        assert phase["warnings"] == sum(d["severity"] == "warning" for d in here)

    assert board["para"] == {
        "path": "context/context.md",
        "current_phase": 2,
        "phases": [
            {"phase": 1, "status": "completed", "summary": SUMMARY},
            {"phase": 2, "status": "in_progress", "summary": None},
            {"phase": 3, "status": "pending", "summary": None},
        ],
    }

    assert board["stage_logs"] == [
        {
            "path": LOG,
            "phase": 1,
            "stages": [
                {"stage": "Stage 0 — Foundation Lock", "status": "done", "gate": "pass"},
                {
                    "stage": "Stage 1 — Project Skeleton",
                    "status": "in-progress",
                    "gate": "Process starts and `/healthz` returns ok",
                },
                {"stage": "Stage 2 — Database", "status": "not-started", "gate": None},
            ],
        }
    ]


def test_a_completed_phase_without_its_summary(repo: Repo) -> None:
    """The summary CX006 looks for is the one the board shows: none listed, none shown."""
    repo.write("context/context.md", CONTEXT.replace(f'"{SUMMARY}"', ""))
    repo.commit()
    board = _board(repo)
    assert board["para"]["phases"][0] == {"phase": 1, "status": "completed", "summary": None}
    assert repo.check().found("CX006")
    assert (board["specs"], board["phases"], board["stage_logs"]) == ([], [], [])


def test_text_and_markdown(repo: Repo) -> None:
    _write_everything(repo)
    text = repo.run("status")
    assert text.exit_code == 0, text.stderr
    lines = text.output.splitlines()
    assert lines[0] == "Specs (3)"
    header = lines[1].split()
    assert header == ["spec", "stage", "source", "tasks", "clarifications", "errors", "warnings"]
    login = lines[2].split()
    assert login[:6] == [LOGIN, "implementing", "declared", "3/5", "60%", "2"]
    assert "Phase documents (3)" in lines
    assert any(
        line.split()[:7]
        == [
            "docs/development/V1.2.0_PHASE_1.md",
            "1.2.0",
            "1",
            "In",
            "Progress",
            "500K-800K",
            "1/2",
        ]
        for line in lines
    )
    assert "PARA context/context.md: current phase 2, 1 of 3 phases completed" in lines
    assert any(line.split() == ["1", "completed", SUMMARY] for line in lines)
    assert "Stage logs (1)" in lines
    assert any(line.split()[:4] == [LOG, "1", "1/3", "33%"] for line in lines)

    markdown = repo.run("status", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    out = markdown.output
    assert out.startswith("## Status board\n")
    assert "| spec | stage | tasks | progress | clarifications | errors | warnings |" in out
    assert f"| `{LOGIN}` | implementing (declared) | 3/5 | ▓▓▓▓▓▓░░░░ 60% | 2 |" in out
    assert f"| `{SEARCH}` | planned (inferred) | 0/0 | — | 0 |" in out
    assert (
        "| `docs/development/V1.2.0_PHASE_1.md` | 1.2.0 | 1 | 🔄 In Progress | 500K-800K | 1/2 | ▓▓▓▓▓░░░░░ 50% |"
        in out
    )
    assert "Current phase: **2** · ▓▓▓░░░░░░░ 33% (1 of 3 phases completed)" in out
    assert f"| 1 | ✅ completed | `{SUMMARY}` |" in out
    # The gate's code span is no code span in a cell: its backticks would end the table's.
    assert (
        f"| `{LOG}` | 1 | 1/3 | ▓▓▓░░░░░░░ 33% | Stage 1 — Project Skeleton | 🔄 in-progress | "
        "Process starts and '/healthz' returns ok |"
    ) in out
    # Every table row has as many cells as its header.
    for table in out.split("\n\n"):
        rows = [line for line in table.splitlines() if line.startswith("| ")]
        assert len({row.replace("\\|", "").count(" | ") for row in rows}) <= 1, table


def test_names_cannot_break_a_table(repo: Repo) -> None:
    repo.write("specs/003-a|b<img>/spec.md", "# Feature Specification: x\n")
    repo.write("specs/003-a|b<img>/.status", "draft\n")
    repo.commit()
    markdown = repo.run("status", "--format", "markdown").output
    assert "| `specs/003-a\\|b<img>` | draft (declared) |" in markdown
    text = repo.run("status").output
    assert "specs/003-a|b<img>" in text


def test_an_empty_repository(repo: Repo) -> None:
    repo.write("README.md", "# Nothing planned\n")
    repo.commit()
    assert repo.run("status").output.startswith("No planned work found")
    assert _board(repo) == {"version": 1, "specs": [], "phases": [], "para": None, "stage_logs": []}
    assert "No planned work found" in repo.run("status", "--format", "markdown").output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select = [\n", "phaselint.toml"),
        ('select = ["XX9"]\n', "unknown rule code or prefix `XX9`"),
    ],
)
def test_a_bad_configuration_is_exit_2(repo: Repo, config: str, message: str) -> None:
    repo.write("phaselint.toml", config)
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    result = repo.run("status")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("phaselint: error: ") and message in line
    assert result.output == ""


def test_usage_errors_are_exit_2(repo: Repo) -> None:
    result = repo.run("status", "--format", "sarif")
    assert result.exit_code == 2
    assert result.stderr.startswith("phaselint: error: ")
    missing = repo.run("status", "--config", "nowhere.toml")
    assert missing.exit_code == 2
    assert "nowhere.toml" in missing.stderr


def test_the_action_appends_the_board_to_the_job_summary(repo: Repo, tmp_path: Path) -> None:
    _write_everything(repo)
    completed, summary, _ = _run_action(repo.path, tmp_path, "schedule")
    assert completed.returncode == 1, completed.stderr
    page = summary.read_text(encoding="utf-8")
    lint, board = page.split("\n## Status board\n", 1)
    assert lint.startswith("## phaselint\n")
    assert f"| `{LOGIN}` | implementing (declared) | 3/5 | ▓▓▓▓▓▓░░░░ 60% | 2 |" in board
    assert f"| 1 | ✅ completed | `{SUMMARY}` |" in board


def test_the_action_boards_the_whole_repository_for_a_pull_request(
    repo: Repo, tmp_path: Path
) -> None:
    """The lint reads the change; the board, the whole checkout."""
    _write_everything(repo)
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(f"{SEARCH}/tasks.md", "# Tasks\n\n- [ ] T001 Build the index in src/index.py\n")
    repo.commit("tasks for search")
    repo.git("checkout", "-q", "main")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--branch", "feature", repo.path.as_uri(), str(clone))
    completed, summary, _ = _run_action(
        clone, tmp_path, "pull_request", {"GITHUB_BASE_REF": "main"}
    )
    assert "the pull request against main" in completed.stdout
    page = summary.read_text(encoding="utf-8")
    assert f"| `{LOGIN}` | implementing (declared) | 3/5 |" in page
    assert f"| `{SEARCH}` | tasked (inferred) | 0/1 | ▓░░░░░░░░░" not in page
    assert f"| `{SEARCH}` | tasked (inferred) | 0/1 | ░░░░░░░░░░ 0% |" in page


def test_counts_leave_out_what_the_configured_baseline_records(repo: Repo) -> None:
    """The board counts what `phaselint check` reports: a baselined violation is not."""
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write(doc, PHASE_DOC.replace("Phase 1: Foundation", "Phase 1: Week 1"))
    repo.commit()
    [before] = _board(repo)["phases"]
    assert before["errors"] == 1  # CAL001
    repo.run("baseline")
    repo.write("phaselint.toml", 'baseline = ".phaselint-baseline.json"\n')
    assert repo.check().found() == []
    [after] = _board(repo)["phases"]
    assert (after["errors"], after["warnings"]) == (0, 0)
