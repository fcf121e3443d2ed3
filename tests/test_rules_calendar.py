"""CAL001–CAL003: calendar-based planning."""

from __future__ import annotations

from conftest import PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"


def phase(repo: Repo, text: str, path: str = DOC) -> None:
    repo.write(path, text)


def test_cal001_calendar_phase_title(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC.replace(
            "# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1 (Dec 20-27)"
        ),
    )
    result = repo.check("--select", "CAL")
    assert result.found("CAL001") == [("CAL001", DOC, 1, 21), ("CAL001", DOC, 1, 29)]
    assert result.exit_code == 1
    assert '"Week 1"' in result.messages("CAL001")[0]
    assert "name the phase by its objective" in result.messages("CAL001")[0]


def test_cal001_phase_headings_inside_a_document(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC
        + """
## Phase 2: Sprint 3 planning
## Q3 2026 Goals
## Milestone: January
### 2025-12-22: Started JWT Implementation
## Sprint for v2.3.0
## May improvements
""",
    )
    result = repo.check("--select", "CAL001")
    lines = {(line, column) for _, _, line, column in result.found("CAL001")}
    # Sprint 3, Q3 2026, January; not the dated update, the version sprint or "May".
    assert lines == {(26, 13), (27, 4), (28, 15)}


def test_cal001_opening_period_heading_and_title_field(repo: Repo) -> None:
    repo.write(
        "ROADMAP.md",
        """
        # Roadmap

        **Phase**: Week 3 hardening

        ## Week 1
        Setup.

        ## What happened in week 2 of the project
        Prose about weeks is not a phase name.
        """,
    )
    phase(repo, PHASE_DOC)
    result = repo.check("--select", "CAL001")
    assert result.found("CAL001") == [
        ("CAL001", "ROADMAP.md", 3, 12),
        ("CAL001", "ROADMAP.md", 5, 4),
    ]


def test_cal001_front_matter_title(repo: Repo) -> None:
    phase(repo, "---\ntitle: Sprint 4\n---\n" + PHASE_DOC)
    result = repo.check("--select", "CAL001")
    assert result.found("CAL001") == [("CAL001", DOC, 2, 8)]


def test_cal001_ignores_code_blocks_and_inline_code(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC
        + """
## Phase 2: `Week 2` (quoted)

```markdown
## Phase 1: Week 1 (Dec 20-27)
```

    ## Phase 3: Week 3
""",
    )
    assert repo.check("--select", "CAL001").found("CAL001") == []


def test_cal001_passes_objective_named_phases(repo: Repo) -> None:
    phase(repo, PHASE_DOC)
    result = repo.check("--select", "CAL")
    assert result.found() == []
    assert result.exit_code == 0


def test_cal002_time_budget_in_fields_and_phase_headings(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC.replace("**Token Budget**: 500K-800K tokens", "**Token Budget**: 2-3 weeks")
        + "\n## Phase 2: Integration (3 days)\n**ETA**: 1 sprint\n",
    )
    result = repo.check("--select", "CAL002")
    assert result.found("CAL002") == [
        ("CAL002", DOC, 5, 19),
        ("CAL002", DOC, 26, 26),
        ("CAL002", DOC, 27, 10),
    ]
    assert '"2-3 weeks"' in result.messages("CAL002")[0]


def test_cal002_token_budgets_and_prose_durations_pass(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC
        + """
**Estimated**: 500K-800K tokens (M-sized effort)
**Adjusted**: 750K-1.2M tokens

The review took 2 days, which is fine to say in prose.
""",
    )
    assert repo.check("--select", "CAL002").found() == []


def test_cal002_does_not_apply_to_time_budgeted_logs(repo: Repo) -> None:
    """A document a methodology marks as sized in hours (stage logs) is exempt."""
    from phaselint.config import Config
    from phaselint.diagnostics import Severity
    from phaselint.document import Document
    from phaselint.engine import lint
    from phaselint.methods import PlanningDoc
    from phaselint.project import Project
    from phaselint.registry import RuleContext, get_rule
    from phaselint.snapshot import WorktreeSnapshot

    text = "# Stage log\n\n### Stage 1 — Skeleton (2 hours)\n**Estimate**: 3 hours\n"
    repo.write("log.md", text)
    project = Project(WorktreeSnapshot(repo.path, in_git=True), Config())
    rule = get_rule("CAL002")
    assert rule is not None and rule.check is not None

    context = RuleContext(rule, Severity.ERROR, project, project.config, frozenset({"CAL002"}))
    exempt = PlanningDoc(
        "log.md", "stages", "stage log", Document("log.md", text), time_budgets=True
    )
    counted = PlanningDoc("log.md", "phases", "phase document", Document("log.md", text))
    assert list(rule.check(exempt, context)) == []
    assert sorted((d.line, d.column) for d in rule.check(counted, context)) == [(3, 25), (4, 15)]
    assert lint(project, [rule]).diagnostics == ()


def test_cal003_deadline_fields_headings_and_objectives(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC.replace(
            "- Implement JWT service with token generation and validation",
            "- Implement JWT service, due by Friday",
        )
        + "\n**Deadline**: 2026-01-15\n## Phase 2: Polish (Due December 15)\n**Objective**: ship it, due 2026-02-01\n",
    )
    result = repo.check("--select", "CAL003")
    assert result.found("CAL003") == [
        ("CAL003", DOC, 9, 26),
        ("CAL003", DOC, 26, 15),
        ("CAL003", DOC, 27, 21),
        ("CAL003", DOC, 28, 25),
    ]


def test_cal003_passes_due_to_and_dateless_fields(repo: Repo) -> None:
    phase(
        repo,
        PHASE_DOC
        + """
**Due Date**: the date the invoice must be paid
**Deadline**: none
**Objective**: Phase 2 was deferred due to hardware limitations
""",
    )
    assert repo.check("--select", "CAL003").found() == []
