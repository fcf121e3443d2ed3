"""Patterns met in public PARA repositories (issue 10), each as a small fixture of our own
writing: what those repositories write and the method accepts is asserted silent, and a true
violation in the same fixture is asserted present, at its line and column."""

from __future__ import annotations

import json
from typing import Any

from test_rules_para import (
    CONTEXT,
    MASTER,
    MASTER_TEXT,
    SLUG,
    SUMMARY_TEXT,
    block,
    context_md,
    para,
    plan,
    summary,
)

from conftest import Repo


def test_a_free_form_context_file_is_not_para(repo: Repo) -> None:
    repo.write(CONTEXT, "# Notes\n\nWhat we talked about on Monday.\n")
    result = repo.check("--verbose")
    assert result.found() == []
    assert "para: not used" in result.stderr
    # With the plans folder beside it, it is PARA's context, and it lacks its block.
    repo.write("context/plans/2025-12-18-search.md", "# Search\n")
    found = repo.check("--select", "CX001").found()
    assert found == [("CX001", CONTEXT, 1, 1)]


def test_para_is_told_by_its_json_block(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    result = repo.check("--verbose")
    assert "context/context.md holds a JSON block naming PARA's keys" in result.stderr


def test_archive_names_para_itself_writes(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    for name in (
        "2025-11-09-context.md",
        "2025-11-09-1430-context.md",
        "2026-02-14-rebrand-context.md",
        "2026-01-14-2206-search-complete.md",
        "context-2025-11-09-1430.md",
        "old-context.md",
    ):
        repo.write(f"context/archives/{name}", "# Archived context\n")
    result = repo.check("--select", "CX009")
    assert result.found() == [("CX009", "context/archives/old-context.md", 1, 1)]


def test_summaries_as_para_templates_write_them(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    repo.write(
        summary(1),
        SUMMARY_TEXT.format(n=1)
        .replace("**Status:** ✅ Completed", "**Status:** ✅ Complete")
        .replace("## Next Steps", "## Follow-up Tasks"),
    )
    # A single plan's summary needs no Success Criteria Validation or Next Steps, but it
    # records what changed and what was learned.
    single = "context/summaries/2025-12-20-fix-typos-summary.md"
    repo.write(
        single,
        "# Summary: Fix typos\n\n**Status:** Done\n\n## Changes Made\n\n- README.md\n",
    )
    result = repo.check("--select", "CX011")
    assert result.found() == [("CX011", single, 1, 3)]
    assert result.messages("CX011") == ["summary lacks Key Learnings; add it"]


def test_master_plans_as_para_templates_write_them(repo: Repo) -> None:
    para(repo, ("pending", "pending", "pending"))
    text = (
        MASTER_TEXT.replace("**Date:**", "**Created:**")
        .replace("## Overview\n\n### Objective", "## Overall Objective")
        .replace("## Phase Breakdown", "## Phase Overview\n\nThree phases.\n\n## Phase Details")
        .replace("**Dependencies:** Phase 1 must be complete and merged\n", "")
    )
    repo.write(MASTER, text)
    result = repo.check("--select", "CX013,CX009")
    written = (repo.path / MASTER).read_text().splitlines()
    line = written.index("### Phase 2: API Layer") + 1
    assert result.found() == [("CX013", MASTER, line, 5)]
    assert result.messages("CX013") == ["Phase 2 of the breakdown lacks its Dependencies; add it"]


def test_the_context_names_its_master_plan(repo: Repo) -> None:
    para(repo, ("pending", "pending", "pending"))
    # No breakdown, no phase plans named after it: the block's master_plan says what it is.
    repo.write("context/plans/2025-12-18-outline.md", "# Outline\n\n**Status:** Draft\n")
    data = block(("pending", "pending", "pending"))
    data["phased_execution"]["master_plan"] = "context/plans/2025-12-18-outline.md"
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX013")
    assert ("CX013", "context/plans/2025-12-18-outline.md", 1, 3) in result.found()


def sub_phases(statuses: list[tuple[Any, str]], current: Any) -> dict[str, Any]:
    data = block(("completed",))
    data["phased_execution"]["phases"] = [
        {"phase": phase, "plan": plan(1), "status": status} for phase, status in statuses
    ]
    data["phased_execution"]["current_phase"] = current
    return data


def test_sub_phase_ids(repo: Repo) -> None:
    para(repo, ("completed",))
    data = sub_phases([(1, "completed"), ("1b", "completed"), ("1c", "in_progress")], "1c")
    sub_summary = f"context/summaries/2025-12-18-{SLUG}-phase-1b-summary.md"
    data["completed_summaries"] = [summary(1), sub_summary]
    repo.write(sub_summary, SUMMARY_TEXT.format(n=1))
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX004,CX005,CX006")
    assert result.found() == []
    # 1b reopened while 1c runs: out of order; 7A-style ids are named as written.
    data = sub_phases([(1, "completed"), ("1b", "pending"), ("1c", "completed")], None)
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX004,CX005,CX006")
    text = context_md(data).splitlines()
    status_line = next(i for i, t in enumerate(text, 1) if '"completed"' in t and i > 30)
    assert [d[0] for d in result.found()] == ["CX005", "CX006"]
    assert all(d[2] == status_line for d in result.found())
    assert "phase 1c is completed while phase 1b is pending" in result.messages("CX005")[0]
    missing = result.messages("CX006")[0]
    assert "phase 1c is completed but completed_summaries has no summary" in missing
    assert "-phase-1c-summary.md" in missing


def test_current_phase_names_a_sub_phase_that_does_not_run(repo: Repo) -> None:
    para(repo, ("completed",))
    data = sub_phases([(1, "completed"), ("7a", "in_progress")], "7b")
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX004")
    assert len(result.found()) == 1
    assert (
        'current_phase is "7b" but phase "7a" is the one in_progress; set it to "7a"'
        in (result.messages("CX004")[0])
    )


def test_a_summary_missing_its_suffix_is_reported_once(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    misnamed = f"context/summaries/2025-12-18-{SLUG}-phase-1.md"
    repo.write(misnamed, SUMMARY_TEXT.format(n=1))
    (repo.path / summary(1)).unlink()
    data = block(("completed", "in_progress", "pending"))
    data["completed_summaries"] = [misnamed]
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX006,CX009")
    assert result.found() == [("CX009", misnamed, 1, 1)]
    assert json.dumps(data)  # the block stays valid JSON


def test_a_key_missing_from_every_phase_is_one_diagnostic(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    data = block(("completed", "in_progress", "pending"))
    for phase in data["phased_execution"]["phases"]:
        del phase["plan"]
    data["phased_execution"]["phases"][2]["status"] = "planned"
    repo.write(CONTEXT, context_md(data))
    result = repo.check("--select", "CX002")
    messages = result.messages("CX002")
    assert len(messages) == 2
    assert messages[0].startswith(
        "$.phased_execution.phases[0]: the required key `plan` is missing (and in 2 more phases)"
    )
    assert '"planned" is not one of pending' in messages[1]


def test_a_breakdown_written_as_a_table(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    table = (
        "## Phase Overview\n\n| Phase | Title |\n|---|---|\n| **1** | Database |\n"
        "| **2** | API |\n| **3** | Frontend |\n"
    )
    text = MASTER_TEXT[: MASTER_TEXT.index("## Phase Breakdown")] + table
    text += "\n## Success Criteria\n\n- [ ] Users can log in\n"
    repo.write(MASTER, text)
    repo.write(f"context/plans/2025-12-18-{SLUG}-phase-4.md", "# Phase 4\n")
    result = repo.check("--select", "CX009")
    # Phases 1-3 are in the table; the plan of a fourth is not.
    written = (repo.path / MASTER).read_text().splitlines()
    line = written.index("## Phase Overview") + 1
    assert result.found() == [("CX009", MASTER, line, 4)]
    assert f"{SLUG}-phase-4.md plans a Phase 4" in result.messages("CX009")[0]


def test_the_summary_hint_names_the_phase_once(repo: Repo) -> None:
    para(repo, ("completed",))
    data = block(("completed",))
    data["phased_execution"]["phases"][0]["plan"] = "context/plans/2025-01-07-phase-1-search.md"
    data["completed_summaries"] = []
    repo.write("context/plans/2025-01-07-phase-1-search.md", "# Phase 1: Search\n")
    repo.write(CONTEXT, context_md(data))
    message = repo.check("--select", "CX006").messages("CX006")[0]
    assert "(context/summaries/YYYY-MM-DD-search-phase-1-summary.md)" in message
