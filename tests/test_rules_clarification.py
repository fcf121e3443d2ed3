"""CLR001–CLR002: clarification markers against the clarification gate."""

from __future__ import annotations

import json

from conftest import PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
SPEC = "specs/004-login/spec.md"

SPEC_TEXT = """
# Feature Specification: Login

**Feature Branch**: `004-login`
**Status**: Draft

## User Scenarios & Testing
- Users log in with [NEEDS CLARIFICATION: auth method not specified - email/password, SSO?]

## Requirements
- **FR-001**: Sessions expire after [NEEDS CLARIFICATION]
- [ ] No [NEEDS CLARIFICATION] markers remain
- Answer all [NEEDS CLARIFICATION] markers before planning.
- Mark unclear areas with [NEEDS CLARIFICATION] while drafting.
- The `[NEEDS CLARIFICATION]` marker is written like this.

<!-- [NEEDS CLARIFICATION: inside a comment] -->

```markdown
- [NEEDS CLARIFICATION: inside a code block]
```
"""


def test_clr001_phase_in_progress(repo: Repo) -> None:
    repo.write(
        DOC,
        PHASE_DOC.replace(
            "- Implement JWT service",
            "- Implement [NEEDS CLARIFICATION: which JWT library?] service",
        ),
    )
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR001", DOC, 9, 13)]
    message = result.messages("CLR001")[0]
    assert '"which JWT library?"' in message
    assert "its status is In Progress" in message
    assert result.diagnostics[0]["end_column"] == 13 + len(
        "[NEEDS CLARIFICATION: which JWT library?]"
    )


def test_clr002_planned_phase_counts_markers_once(repo: Repo) -> None:
    text = PHASE_DOC.replace("**Status**: In Progress", "**Status**: Planned").replace(
        "- Implement JWT service with token generation and validation",
        "- [NEEDS CLARIFICATION: scope?] and [NEEDS CLARIFICATION: library?]",
    )
    repo.write(DOC, text)
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR002", DOC, 9, 3)]
    assert result.diagnostics[0]["severity"] == "warning"
    assert result.messages("CLR002")[0].startswith(
        '2 clarification markers remain (first: "scope?")'
    )
    assert result.exit_code == 0
    assert repo.check("--select", "CLR", "--strict").exit_code == 1


def test_clr001_spec_with_declared_stage(repo: Repo) -> None:
    repo.write(SPEC, SPEC_TEXT)
    repo.write("specs/004-login/.status", "planned\n")
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR001", SPEC, 7, 21), ("CLR001", SPEC, 10, 37)]
    assert (
        "spec 004-login is at stage `planned` (declared in .status)" in result.messages("CLR001")[0]
    )
    assert "unresolved [NEEDS CLARIFICATION] marker" in result.messages("CLR001")[1]


def test_clr_precision_talk_comments_and_code_are_not_markers(repo: Repo) -> None:
    repo.write(
        SPEC,
        """
        # Checklist
        - [ ] No [NEEDS CLARIFICATION] markers remain
        - Answer all [NEEDS CLARIFICATION] markers before planning.
        - Mark unclear areas with [NEEDS CLARIFICATION] while drafting.
        - Zero "[NEEDS CLARIFICATION]" remaining.
        - The `[NEEDS CLARIFICATION]` marker is written like this.

        <!-- [NEEDS CLARIFICATION: inside a comment] -->

        ```markdown
        - [NEEDS CLARIFICATION: inside a code block]
        ```

            [NEEDS CLARIFICATION: indented code]
        """,
    )
    repo.write("specs/004-login/.status", "implementing\n")
    assert repo.check("--select", "CLR").found() == []


def test_clr002_draft_spec(repo: Repo) -> None:
    repo.write(SPEC, SPEC_TEXT)
    repo.write("specs/004-login/.status", "draft\n")
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR002", SPEC, 7, 21)]
    assert "2 clarification markers remain" in result.messages("CLR002")[0]


def test_clr_inferred_stage_without_status(repo: Repo) -> None:
    """Without .status the gate closes once plan.md or tasks.md exists; recorded
    clarifications alone do not close it."""
    repo.write(SPEC, SPEC_TEXT + "\n## Clarifications\n### Session 2025-12-18\n- Q: x → A: y\n")
    assert repo.check("--select", "CLR").found() == [("CLR002", SPEC, 7, 21)]
    repo.write("specs/004-login/plan.md", "# Implementation Plan\n")
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR001", SPEC, 7, 21), ("CLR001", SPEC, 10, 37)]
    assert "already has plan.md" in result.messages("CLR001")[0]


def test_clr001_every_artifact_of_a_spec(repo: Repo) -> None:
    repo.write(SPEC, "# Spec\nDone.\n")
    repo.write(
        "specs/004-login/plan.md", "# Plan\n\n**Storage**: [NEEDS CLARIFICATION: which database?]\n"
    )
    repo.write("specs/004-login/.status", "tasked\n")
    assert repo.check("--select", "CLR").found() == [("CLR001", "specs/004-login/plan.md", 3, 14)]


def test_clr_para_phase_plans_follow_the_context(repo: Repo) -> None:
    plans = "context/plans/2025-12-18-auth"
    repo.write(
        f"{plans}.md",
        "# Master Plan: Auth\n\n**Type:** Phased Plan\n\n[NEEDS CLARIFICATION: rollout?]\n",
    )
    repo.write(f"{plans}-phase-1.md", "# Phase 1\n\nUse [NEEDS CLARIFICATION: which ORM?]\n")
    repo.write(f"{plans}-phase-2.md", "# Phase 2\n\nUse [NEEDS CLARIFICATION: which cache?]\n")
    context = {
        "active_context": [],
        "completed_summaries": [],
        "last_updated": "2025-12-18T10:00:00Z",
        "phased_execution": {
            "master_plan": f"{plans}.md",
            "phases": [
                {"phase": 1, "plan": f"{plans}-phase-1.md", "status": "in_progress"},
                {"phase": 2, "plan": f"{plans}-phase-2.md", "status": "pending"},
            ],
            "current_phase": 1,
        },
    }
    repo.write(
        "context/context.md",
        "# Current Work Summary\n\n```json\n" + json.dumps(context, indent=2) + "\n```\n",
    )
    result = repo.check("--select", "CLR")
    assert result.found() == [
        ("CLR001", f"{plans}-phase-1.md", 3, 5),
        ("CLR002", f"{plans}-phase-2.md", 3, 5),
        ("CLR001", f"{plans}.md", 5, 1),
    ]
    assert "its phase is in_progress" in result.messages("CLR001")[0]
    assert "its phased execution has started" in result.messages("CLR001")[1]


def test_clr_passes_without_markers(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write(SPEC, "# Spec\n\n## Requirements\n- **FR-001**: Sessions expire after 30 minutes\n")
    repo.write("specs/004-login/.status", "implementing\n")
    result = repo.check("--select", "CLR")
    assert result.found() == []
    assert result.exit_code == 0
