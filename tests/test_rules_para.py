"""CX001–CX013: PARA phased plans and context/context.md (seed 001)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Repo

CONTEXT = "context/context.md"
SLUG = "implement-user-authentication"
MASTER = f"context/plans/2025-12-18-{SLUG}.md"


def plan(n: int) -> str:
    return f"context/plans/2025-12-18-{SLUG}-phase-{n}.md"


def summary(n: int) -> str:
    return f"context/summaries/2025-12-18-{SLUG}-phase-{n}-summary.md"


MASTER_TEXT = f"""
# Master Plan: Implement User Authentication

**Date:** 2025-12-18
**Status:** Approved
**Type:** Phased Plan

## Overview

### Objective

User authentication with JWT tokens.

## Phase Breakdown

### Phase 1: Database Schema & Migrations

**Objective:** Create the tables
**Key Deliverables:** users and refresh_tokens tables
**Dependencies:** None (foundational phase)
**Plan:** `{plan(1)}`

### Phase 2: API Layer

**Objective:** Auth service and endpoints
**Key Deliverables:** POST /auth/login
**Dependencies:** Phase 1 must be complete and merged
**Plan:** `{plan(2)}`

### Phase 3: Frontend Integration

**Objective:** Login UI
**Key Deliverables:** login page
**Dependencies:** Phase 2 must be complete and merged
**Plan:** `{plan(3)}`

## Success Criteria

- [ ] Users can log in via the frontend
"""

SUMMARY_TEXT = """
# Summary: Implement User Authentication - Phase {n}

**Date:** 2025-12-18
**Status:** ✅ Completed

## Changes Made

- migrations/00{n}.sql

## Success Criteria Validation

- [x] Tables created
- [ ] Staging seed data — not run: no staging database yet

## Key Learnings

- UUIDs for keys

## Next Steps

1. Merge and begin the next phase
"""


def write_plans(repo: Repo) -> None:
    repo.write(MASTER, MASTER_TEXT)
    for n in (1, 2, 3):
        repo.write(plan(n), f"# Phase {n} Plan\n\n## Steps\n- Step\n")


def block(statuses: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    """A context block for the three phases in the given states (a phase in progress is the
    current one; summaries listed for completed phases)."""
    running = [i + 1 for i, s in enumerate(statuses) if s == "in_progress"]
    data: dict[str, Any] = {
        "active_context": [MASTER] + [plan(n) for n in running],
        "completed_summaries": [summary(i + 1) for i, s in enumerate(statuses) if s == "completed"],
        "execution_branch": f"para/{SLUG}-phase-{running[0]}" if running else None,
        "execution_started": "2025-12-18T10:00:00Z",
        "phased_execution": {
            "master_plan": MASTER,
            "phases": [
                {"phase": i + 1, "plan": plan(i + 1), "status": s} for i, s in enumerate(statuses)
            ],
            "current_phase": running[0] if running else None,
        },
        "last_updated": "2025-12-19T15:30:00Z",
    }
    data.update(extra)
    return data


def context_md(
    data: Any, todos: tuple[str, ...] = ("- [x] Create users table",), fence: str = "json"
) -> str:
    """context.md: a heading, the To-Do List, then the block (with one to-do, the fence is line
    7 and the JSON starts on line 8)."""
    body = data if isinstance(data, str) else json.dumps(data, indent=2)
    return (
        "# Current Work Summary\n\n## To-Do List\n\n"
        + "\n".join(todos)
        + f"\n\n```{fence}\n{body}\n```\n"
    )


def write_summaries(repo: Repo, *numbers: int) -> None:
    for n in numbers:
        repo.write(summary(n), SUMMARY_TEXT.format(n=n))


def on_branch(repo: Repo, data: dict[str, Any]) -> None:
    """Check out the block's execution branch, as /para-execute does (CX007 compares them)."""
    branch = data.get("execution_branch")
    repo.git("symbolic-ref", "HEAD", f"refs/heads/{branch or 'main'}")


def para(repo: Repo, statuses: tuple[str, ...], **extra: Any) -> None:
    write_plans(repo)
    write_summaries(repo, *[i + 1 for i, s in enumerate(statuses) if s == "completed"])
    data = block(statuses, **extra)
    repo.write(CONTEXT, context_md(data))
    on_branch(repo, data)


def test_seed_walkthrough_state_is_clean(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0


# CX001 / CX002 -------------------------------------------------------------------------------


def test_cx001_no_block_two_blocks_empty(repo: Repo) -> None:
    write_plans(repo)
    repo.write(CONTEXT, "# Current Work Summary\n\nNothing tracked.\n")
    assert repo.check("--select", "CX001").found() == [("CX001", CONTEXT, 1, 1)]
    repo.write(CONTEXT, context_md(block(("pending",) * 3)) + "\n```json\n{}\n```\n")
    result = repo.check("--select", "CX")
    assert result.found() == [("CX001", CONTEXT, 40, 1)]
    assert (
        "has 2 JSON blocks; keep one (this one repeats the block at line 7)"
        in result.messages("CX001")[0]
    )
    repo.write(CONTEXT, "")
    empty = repo.check()
    assert empty.found() == [("CX001", CONTEXT, 1, 1)]
    assert "is empty" in empty.messages("CX001")[0]


def test_cx002_schema_errors_at_their_keys(repo: Repo) -> None:
    write_plans(repo)
    data = block(("completed", "pending", "pending"))
    del data["completed_summaries"]
    data["phased_execution"]["phases"][1]["status"] = "done"
    data["phased_execution"]["phases"][2]["phase"] = "3"
    data["unknown_key"] = "allowed"
    write_summaries(repo, 1)
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX002")
    assert result.found() == [
        ("CX002", CONTEXT, 8, 1),
        ("CX002", CONTEXT, 25, 19),
        ("CX002", CONTEXT, 28, 18),
    ]
    messages = result.messages("CX002")
    assert messages[0].startswith("$: the required key `completed_summaries` is missing")
    assert messages[1].startswith(
        '$.phased_execution.phases[1].status: "done" is not one of pending, in_progress, completed'
    )
    assert messages[2].startswith(
        "$.phased_execution.phases[2].phase: expected integer, got string"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2, 3]", "$: expected object, got array"),
        (
            '{"active_context": [], "completed_summaries": [], "last_updated": "2025-12-18T10:00:00Z", "phased_execution": {"master_plan": "x", "phases": {"1": "pending"}}}',
            "$.phased_execution.phases: expected array, got object",
        ),
        (
            '{"active_context": [], "completed_summaries": [], "last_updated": "2025-12-18T10:00:00Z", "phased_execution": {"master_plan": "x", "phases": [{"phase": -1, "plan": "x", "status": "pending"}]}}',
            "$.phased_execution.phases[0].phase: -1 is below the minimum, 1",
        ),
        (
            '{"active_context": [], "completed_summaries": [], "last_updated": "2025-12-18T10:00:00Z", "phased_execution": {"master_plan": "x", "phases": [{"plan": "x", "status": "pending"}]}}',
            "$.phased_execution.phases[0]: the required key `phase` is missing",
        ),
    ],
)
def test_cx002_bad_blocks_get_one_clear_diagnostic(repo: Repo, body: str, message: str) -> None:
    repo.write(CONTEXT, context_md(body))
    result = repo.check("--select", "CX002")
    assert len(result.found()) == 1
    assert result.messages("CX002")[0].startswith(message)


def test_cx002_deeply_nested_json_and_jsonc(repo: Repo) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    repo.write(CONTEXT, context_md(nested))
    result = repo.check()
    assert result.codes() <= {"PL004", "CX002"}
    assert len(result.found()) == 1
    repo.write(
        CONTEXT, context_md('{\n  // where we are\n  "active_context": []\n}', fence="jsonc")
    )
    result = repo.check()
    assert result.found() == [("PL004", CONTEXT, 9, 3)]
    assert "JSON does not allow comments" in result.messages("PL004")[0]


# CX003 -----------------------------------------------------------------------------------------


def test_cx003_paths_that_do_not_exist_or_escape(repo: Repo, tmp_path: Any) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    import os

    outside = tmp_path / "outside.md"
    outside.write_text("# outside\n")
    os.symlink(outside, repo.path / "context/plans/link.md")
    data = block(("completed", "in_progress", "pending"))
    data["active_context"] += [
        "context/plans/missing.md",
        "../notes.md",
        "/etc/passwd",
        "context/plans/link.md",
    ]
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX003")
    assert result.found() == [
        ("CX003", CONTEXT, 12, 5),
        ("CX003", CONTEXT, 13, 5),
        ("CX003", CONTEXT, 14, 5),
        ("CX003", CONTEXT, 15, 5),
    ]
    messages = result.messages("CX003")
    assert (
        messages[0]
        == '$.active_context[2]: "context/plans/missing.md" does not exist; correct the path or restore the file'
    )
    assert all("points outside the repository" in m for m in messages[1:])


# CX004 / CX005 / CX006 -----------------------------------------------------------------------


def test_cx004_two_phases_in_progress(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "in_progress"))
    result = repo.check("--select", "CX004")
    assert result.found() == [("CX004", CONTEXT, 35, 19)]
    assert result.messages("CX004")[0].startswith(
        "$.phased_execution.phases[2].status: phase 3 is in_progress as well as phase 2"
    )


@pytest.mark.parametrize(
    ("statuses", "current", "line", "expected"),
    [
        (
            ("completed", "in_progress", "pending"),
            1,
            37,
            "current_phase is 1 but phase 2 is the one in_progress; set it to 2",
        ),
        (
            ("completed", "pending", "pending"),
            2,
            36,
            "current_phase is 2 but no phase is in_progress; set it to null",
        ),
    ],
)
def test_cx004_current_phase(
    repo: Repo, statuses: tuple[str, ...], current: int, line: int, expected: str
) -> None:
    para(repo, statuses)
    data = block(statuses)
    data["phased_execution"]["current_phase"] = current
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX004")
    assert result.found() == [("CX004", CONTEXT, line, 22)]
    assert result.messages("CX004")[0] == f"$.phased_execution.current_phase: {expected}"


def test_cx005_phase_order(repo: Repo) -> None:
    para(repo, ("pending", "completed", "in_progress"))
    result = repo.check("--select", "CX005")
    assert result.found() == [("CX005", CONTEXT, 29, 19), ("CX005", CONTEXT, 34, 19)]
    assert "phase 2 is completed while phase 1 is pending" in result.messages("CX005")[0]
    assert "phase 3 is in_progress while phase 1 is pending" in result.messages("CX005")[1]


def test_cx006_completed_without_summary_and_wrong_entries(repo: Repo) -> None:
    para(repo, ("completed", "completed", "in_progress"))
    data = block(("completed", "completed", "in_progress"))
    data["completed_summaries"] = [summary(1), plan(2)]
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX006")
    assert result.found() == [("CX006", CONTEXT, 15, 5), ("CX006", CONTEXT, 30, 19)]
    assert f'$.completed_summaries[1]: "{plan(2)}" is not a summary' in result.messages("CX006")[0]
    assert (
        "phase 2 is completed but completed_summaries has no summary for it"
        in result.messages("CX006")[1]
    )


# CX007 / CX008 -------------------------------------------------------------------------------


def test_cx007_execution_branch(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    data = block(("completed", "in_progress", "pending"), execution_branch=f"para/{SLUG}-phase-1")
    data["phased_execution"]["phases"][1]["branch"] = "feature/api"
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX007")
    assert result.found() == [("CX007", CONTEXT, 16, 23), ("CX007", CONTEXT, 30, 19)]
    assert (
        f'is "para/{SLUG}-phase-1" but phase 2 runs on "para/{SLUG}-phase-2"'
        in result.messages("CX007")[0]
    )
    assert result.diagnostics[0]["severity"] == "warning"


def test_cx007_checked_out_branch(repo: Repo) -> None:
    """In git, execution_branch is compared with the branch checked out (GITHUB_HEAD_REF in a
    detached pull-request checkout); a detached HEAD elsewhere has nothing to compare."""
    para(repo, ("completed", "in_progress", "pending"))
    assert repo.check("--select", "CX007").found() == []
    repo.git("symbolic-ref", "HEAD", "refs/heads/main")
    result = repo.check("--select", "CX007")
    assert result.found() == [("CX007", CONTEXT, 16, 23)]
    assert result.messages("CX007") == [
        f'$.execution_branch: execution_branch is "para/{SLUG}-phase-2" but the checked-out '
        f'branch is "main"; work on phase 2 belongs on its branch (git switch para/{SLUG}-phase-2), '
        "or update execution_branch"
    ]
    repo.commit("state")
    repo.git("checkout", "-q", "--detach")
    assert repo.check("--select", "CX007").found() == []
    found = repo.check("--select", "CX007", env={"GITHUB_HEAD_REF": "feature/x"}).found()
    assert found == [("CX007", CONTEXT, 16, 23)]
    pr = repo.check("--select", "CX007", env={"GITHUB_HEAD_REF": f"para/{SLUG}-phase-2"})
    assert pr.found() == []


def test_cx008_timestamps(repo: Repo) -> None:
    para(repo, ("pending", "pending", "pending"))
    repo.write(
        CONTEXT,
        context_md(block(("pending",) * 3, execution_started="Dec 18", last_updated="2025-12-19")),
    )
    result = repo.check("--select", "CX008")
    assert result.found() == [("CX008", CONTEXT, 14, 24), ("CX008", CONTEXT, 36, 19)]
    assert result.messages("CX008")[0].startswith(
        '$.execution_started: "Dec 18" is not an ISO-8601 timestamp'
    )
    repo.write(
        CONTEXT,
        context_md(
            block(
                ("pending",) * 3,
                execution_started="2025-12-19T10:00:00Z",
                last_updated="2025-12-18T10:00:00+01:00",
            )
        ),
    )
    later = repo.check("--select", "CX008")
    assert later.found() == [("CX008", CONTEXT, 36, 19)]
    assert "is earlier than execution_started" in later.messages("CX008")[0]


# CX009 / CX013 -------------------------------------------------------------------------------


def test_cx009_names_and_phase_agreement(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    (repo.path / plan(3)).unlink()
    repo.write(f"context/plans/2025-12-18-{SLUG}-phase-4.md", "# Phase 4\n")
    repo.write("context/plans/notes.md", "# notes\n")
    repo.write("context/plans/2025-12-20-orphan-phase-1.md", "# Orphan\n")
    repo.write("context/summaries/phase-1.md", "# summary\n")
    repo.write("context/archives/last-week.md", "# archived\n")
    result = repo.check("--select", "CX009")
    assert result.found() == [
        ("CX009", "context/archives/last-week.md", 1, 1),
        ("CX009", MASTER, 13, 4),
        ("CX009", MASTER, 29, 5),
        ("CX009", "context/plans/2025-12-20-orphan-phase-1.md", 1, 1),
        ("CX009", "context/plans/notes.md", 1, 1),
        ("CX009", "context/summaries/phase-1.md", 1, 1),
    ]
    messages = result.messages("CX009")
    assert (
        'archived context "last-week.md" is not named YYYY-MM-DD[-HHMM]-context.md' in messages[0]
    )
    assert f"{SLUG}-phase-4.md plans a Phase 4 the Phase Breakdown does not list" in messages[1]
    assert "Phase 3 of the breakdown has no plan file" in messages[2]
    assert "has no master plan (2025-12-20-orphan.md in context/plans/)" in messages[3]
    assert 'plan "notes.md" is not named' in messages[4]
    assert 'summary "phase-1.md" is not named' in messages[5]


def test_cx009_breakdown_versus_the_phases_array(repo: Repo) -> None:
    para(repo, ("completed", "in_progress"))
    result = repo.check("--select", "CX009")
    assert result.found() == [("CX009", MASTER, 13, 4)]
    assert (
        "lists phases 1, 2, 3 but context/context.md executes phases 1, 2"
        in result.messages("CX009")[0]
    )


def test_cx013_master_plan_parts(repo: Repo) -> None:
    para(repo, ("pending", "pending", "pending"))
    text = (
        MASTER_TEXT.replace("**Status:** Approved\n", "")
        .replace("## Success Criteria", "## Notes")
        .replace("**Dependencies:** Phase 1 must be complete and merged\n", "")
    )
    repo.write(MASTER, text)
    result = repo.check("--select", "CX013")
    assert result.found() == [("CX013", MASTER, 1, 3), ("CX013", MASTER, 21, 5)]
    assert (
        result.messages("CX013")[0]
        == "master plan lacks **Status:** and Success Criteria; add them"
    )
    assert result.messages("CX013")[1] == "Phase 2 of the breakdown lacks its Dependencies; add it"


def test_cx013_single_plans_are_not_master_plans(repo: Repo) -> None:
    repo.write("context/plans/2025-12-18-fix-typo.md", "# Plan: Fix typo\n\n## Steps\n- fix\n")
    repo.write(
        CONTEXT,
        context_md(
            {
                "active_context": ["context/plans/2025-12-18-fix-typo.md"],
                "completed_summaries": [],
                "last_updated": "2025-12-18T10:00:00Z",
            }
        ),
    )
    assert repo.check().found() == []


# CX010 / CX011 / CX012 -----------------------------------------------------------------------


def test_cx010_archived_before_completion(repo: Repo) -> None:
    para(repo, ("completed", "completed", "completed"))
    data = block(("completed", "completed", "pending"))
    data["completed_summaries"] = [summary(1)]
    repo.write("context/archives/2025-12-20-context.md", context_md(data))
    result = repo.check("--select", "CX010")
    archive = "context/archives/2025-12-20-context.md"
    assert result.found() == [("CX010", archive, 28, 19), ("CX010", archive, 33, 19)]
    assert "archived with phase 2 completed but not summarized" in result.messages("CX010")[0]
    assert "archived with phase 3 still pending" in result.messages("CX010")[1]


def test_cx010_complete_archive_passes(repo: Repo) -> None:
    para(repo, ("completed", "completed", "completed"))
    repo.write("context/archives/2025-12-20-1630-context.md", context_md(block(("completed",) * 3)))
    assert repo.check("--select", "CX").found() == []


def test_cx011_summary_parts(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    repo.write(
        summary(1),
        SUMMARY_TEXT.format(n=1)
        .replace("**Status:** ✅ Completed", "**Status:** In review")
        .replace("## Next Steps", "## Later")
        .replace("- [x] Tables created", "- [x] Tables created\n- [ ] Load tested")
        + "- [ ] not a criterion\n",
    )
    result = repo.check("--select", "CX011")
    assert result.found() == [("CX011", summary(1), 1, 3), ("CX011", summary(1), 13, 3)]
    assert (
        result.messages("CX011")[0]
        == "summary lacks **Status:** Completed and Next Steps; add them"
    )
    assert (
        'success criterion "Load tested" is neither checked nor explained'
        in result.messages("CX011")[1]
    )


def test_cx012_todos_open_after_completion(repo: Repo) -> None:
    para(repo, ("completed", "pending", "pending"))
    data = block(("completed", "pending", "pending"))
    repo.write(
        CONTEXT,
        context_md(data, todos=("- [x] Create users table", "- [ ] Test migrations up and down")),
    )
    result = repo.check("--select", "CX012")
    assert result.found() == [("CX012", CONTEXT, 6, 3)]
    assert result.messages("CX012")[0].startswith("1 to-do of the To-Do List is still open")
    repo.write(
        CONTEXT,
        context_md(
            block(("completed", "in_progress", "pending")), todos=("- [ ] Auth middleware",)
        ),
    )
    assert repo.check("--select", "CX012").found() == []


# Bad input and scale -------------------------------------------------------------------------


def test_ten_thousand_phases(repo: Repo) -> None:
    write_plans(repo)
    phases = [
        {"phase": n, "plan": f"context/plans/2025-12-18-{SLUG}-phase-{n}.md", "status": "pending"}
        for n in range(1, 10_001)
    ]
    data = {
        "active_context": [],
        "completed_summaries": [],
        "phased_execution": {"master_plan": MASTER, "phases": phases, "current_phase": None},
        "last_updated": "2025-12-18T10:00:00Z",
    }
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX003")
    assert len(result.found()) == 21
    assert result.found()[0] == ("CX003", CONTEXT, 31, 17)
    assert result.found()[-1] == ("CX003", CONTEXT, 131, 17)
    assert result.messages("CX003")[-1].startswith(
        "… and 9977 paths more like the ones above; $.phased_execution.phases[23].plan:"
    )


# The lifecycle ---------------------------------------------------------------------------------


def test_full_lifecycle(repo: Repo) -> None:
    """One plan walked through plan → execute → summarize → … → archive: clean at every
    legitimate step, caught at every shortcut."""

    def state(
        statuses: tuple[str, ...],
        summaries: tuple[int, ...],
        *,
        todos: tuple[str, ...] = ("- [x] done",),
        **extra: Any,
    ) -> set[str]:
        for n in (1, 2, 3):
            path = repo.path / summary(n)
            if n in summaries:
                repo.write(summary(n), SUMMARY_TEXT.format(n=n))
            elif path.exists():
                path.unlink()
        data = block(statuses, **extra)
        data["completed_summaries"] = [summary(n) for n in summaries]
        repo.write(CONTEXT, context_md(data, todos=todos))
        on_branch(repo, data)
        return repo.check().codes()

    # 1. /para-plan: master plan and phase plans; nothing executing yet.
    write_plans(repo)
    repo.write(
        CONTEXT,
        context_md(
            {
                "active_context": [MASTER],
                "completed_summaries": [],
                "last_updated": "2025-12-18T09:00:00Z",
            }
        ),
    )
    assert repo.check().codes() == set()
    # Shortcut: starting phase 2 before phase 1.
    assert state(("pending", "in_progress", "pending"), ()) == {"CX005"}
    # 2. /para-execute --phase=1.
    assert (
        state(("in_progress", "pending", "pending"), (), todos=("- [ ] Create users table",))
        == set()
    )
    # Shortcut: phase 1 marked completed without /para-summarize.
    assert state(("completed", "pending", "pending"), ()) == {"CX006"}
    # Shortcut: completed while its to-dos are open.
    assert state(("completed", "pending", "pending"), (1,), todos=("- [ ] Test migrations",)) == {
        "CX012"
    }
    # 3. /para-summarize --phase=1.
    assert state(("completed", "pending", "pending"), (1,)) == set()
    # 4. /para-execute --phase=2 (a stale branch is a shortcut).
    assert state(("completed", "in_progress", "pending"), (1,)) == set()
    assert state(
        ("completed", "in_progress", "pending"), (1,), execution_branch=f"para/{SLUG}-phase-1"
    ) == {"CX007"}
    # Shortcut: phase 3 started while phase 2 still runs.
    assert state(("completed", "in_progress", "in_progress"), (1,)) == {"CX004", "CX005"}
    # 5. Summarize 2, execute and summarize 3.
    assert state(("completed", "completed", "pending"), (1, 2)) == set()
    assert state(("completed", "completed", "in_progress"), (1, 2)) == set()
    assert state(("completed", "completed", "completed"), (1, 2, 3)) == set()
    # 6. /para-archive — too early, then properly.
    archive = "context/archives/2025-12-20-context.md"
    early = block(("completed", "completed", "in_progress"))
    early["completed_summaries"] = [summary(1), summary(2)]
    repo.write(archive, context_md(early))
    assert repo.check().codes() == {"CX010"}
    done = block(("completed", "completed", "completed"))
    repo.write(archive, context_md(done))
    repo.write(
        CONTEXT,
        context_md(
            {
                "active_context": [],
                "completed_summaries": [summary(1), summary(2), summary(3)],
                "last_updated": "2025-12-20T17:00:00Z",
            }
        ),
    )
    assert repo.check().codes() == set()


def test_the_schema_stands_on_its_own() -> None:
    """schemas/para-context.schema.json is a valid 2020-12 schema that accepts seed 001's own
    block and rejects a malformed one, with jsonschema alone (as editors and check-jsonschema
    use it)."""
    import jsonschema

    from conftest import ROOT

    schema = json.loads(
        (ROOT / "phaselint/schemas/para-context.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    seed = block(("in_progress", "pending", "pending"))
    seed["execution_branch"] = f"para/{SLUG}-phase-1"
    assert list(validator.iter_errors(seed)) == []
    seed["phased_execution"]["phases"][0]["status"] = "started"
    seed["last_updated"] = "yesterday"
    assert {e.validator for e in validator.iter_errors(seed)} == {"enum", "format"}


def test_cx009_duplicated_phase_numbers(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    data = block(("completed", "in_progress", "pending"))
    data["phased_execution"]["phases"][2]["phase"] = 2
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX009")
    assert ("CX009", CONTEXT, 32, 18) in result.found()
    message = next(m for m in result.messages("CX009") if "listed twice" in m)
    assert message.startswith(
        "$.phased_execution.phases[2].phase: phase 2 is listed twice (first at phases[1])"
    )


@pytest.mark.parametrize(
    "stamp",
    ["2025-12-19T10:00:00.5Z", "2025-12-19T10:00:00.123456789+01:00", "2025-12-19T10:00:00.1Z"],
)
def test_cx008_fractions_of_any_length(repo: Repo, stamp: str) -> None:
    # Python 3.10's fromisoformat reads 3 or 6 digits only; RFC 3339 allows any.
    para(repo, ("completed", "in_progress", "pending"), last_updated=stamp)
    assert repo.check("--select", "CX008").found() == []
