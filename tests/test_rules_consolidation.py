"""CN001–CN003: parallel phases with consolidation (seed 004)."""

from __future__ import annotations

import json
from typing import Any

from conftest import Repo

RUN = "workflow"


def message(agent: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "header": {
            "phase": "1",
            "agent_id": f"agent{agent}",
            "timestamp": "2025-06-18T09:00:00Z",
            "priority": "normal",
        },
        "body": {
            "message_type": "result",
            "content": {"findings": []},
            "dependencies": [],
            "next_action": "consolidate",
        },
        "metadata": {"execution_time": "30s", "retry_count": 0},
    }
    for key, value in changes.items():
        section, field = key.split("__")
        if value is None:
            del data[section][field]
        else:
            data[section][field] = value
    return data


SYNTHESIS = {
    "timestamp": "2025-06-18T09:30:00Z",
    "phase": "analysis_consolidation",
    "inputs": ["analysis_report_agent1.json", "analysis_report_agent2.json"],
    "synthesis": {"conflicts": [], "dependencies": [], "risk_assessment": {"level": "low"}},
    "decisions": {"implementation_strategy": "api first", "priority_order": ["api"]},
}

CHECKPOINT = """# Workflow Progress

### Validation Checkpoint 1: Analysis Review
**Criteria**:
- [x] All agents completed successfully
- [{mark}] No critical conflicts in findings
- [ ] Performance baseline recorded — exception: no load in this change

### Validation Checkpoint Final: Production Readiness
**Criteria**:
- [ ] All tests passing (or documented exceptions)
"""


def workflow(repo: Repo, *, consolidated: bool = True, later: bool = True, mark: str = "x") -> None:
    for agent in (1, 2):
        repo.write(f"{RUN}/analysis_report_agent{agent}.json", json.dumps(message(agent), indent=2))
    if consolidated:
        repo.write(f"{RUN}/phase1_synthesis.json", json.dumps(SYNTHESIS, indent=2))
        repo.write(
            f"{RUN}/phase1_consolidated_analysis.md",
            "# Phase 1 Consolidated Analysis\n\nNo conflicts.\n",
        )
    if later:
        repo.write(f"{RUN}/phase2_implementation.md", "# Phase 2: Sequential Implementation\n")
    repo.write(f"{RUN}/WORKFLOW_PROGRESS.md", CHECKPOINT.format(mark=mark))


def test_a_consolidated_workflow_passes(repo: Repo) -> None:
    workflow(repo)
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0


def test_cn001_later_phase_before_consolidation(repo: Repo) -> None:
    workflow(repo, consolidated=False)
    result = repo.check("--select", "CN001")
    assert result.found() == [("CN001", f"{RUN}/analysis_report_agent1.json", 1, 1)]
    assert result.messages("CN001")[0] == (
        "phase 1's agent reports were never consolidated (phase1_consolidated_analysis.md and "
        "phase1_synthesis.json are missing) while workflow/phase2_implementation.md shows a later "
        "phase has started; consolidate phase 1 first"
    )


def test_cn001_waits_while_no_later_phase_started(repo: Repo) -> None:
    workflow(repo, consolidated=False, later=False)
    assert repo.check("--select", "CN001").found() == []


def test_cn001_parallel_phase_reports_and_partial_outputs(repo: Repo) -> None:
    workflow(repo)
    repo.write(
        f"{RUN}/phase3_test_report_agent1.json", json.dumps(message(1, header__phase="3"), indent=2)
    )
    repo.write(f"{RUN}/phase3_consolidated_analysis.md", "# Phase 3\n")
    repo.write(f"{RUN}/phase4_deployment.md", "# Phase 4\n")
    result = repo.check("--select", "CN001")
    assert result.found() == [("CN001", f"{RUN}/phase3_test_report_agent1.json", 1, 1)]
    assert "(phase3_synthesis.json is missing)" in result.messages("CN001")[0]


def test_cn002_message_and_synthesis_schemas(repo: Repo) -> None:
    workflow(repo)
    repo.write(
        f"{RUN}/analysis_report_agent2.json",
        json.dumps(
            message(
                2, header__priority="urgent", header__timestamp=None, body__message_type="done"
            ),
            indent=2,
        ),
    )
    bad = dict(SYNTHESIS, timestamp="yesterday", inputs=[])
    repo.write(f"{RUN}/phase1_synthesis.json", json.dumps(bad, indent=2))
    repo.write(
        f"{RUN}/messages/m1.json",
        json.dumps({"header": {}, "body": {"message_type": "info", "content": {}}}),
    )
    result = repo.check("--select", "CN002")
    report, synthesis, loose = (
        f"{RUN}/analysis_report_agent2.json",
        f"{RUN}/phase1_synthesis.json",
        f"{RUN}/messages/m1.json",
    )
    assert result.found() == [
        ("CN002", report, 2, 13),
        ("CN002", report, 5, 17),
        ("CN002", report, 8, 21),
        ("CN002", loose, 1, 12),
        ("CN002", loose, 1, 12),
        ("CN002", loose, 1, 12),
        ("CN002", loose, 1, 12),
        ("CN002", synthesis, 2, 16),
        ("CN002", synthesis, 4, 13),
    ]
    messages = result.messages("CN002")
    assert (
        messages[0]
        == "$.header: the required key `timestamp` is missing; see schemas/agent-message.schema.json"
    )
    assert messages[1].startswith(
        '$.header.priority: "urgent" is not one of critical, high, normal, low'
    )
    assert messages[7].startswith('$.timestamp: "yesterday" is not a valid date-time')
    assert messages[8].startswith("$.inputs: needs at least 1 item(s)")


def test_cn002_invalid_json_is_pl004(repo: Repo) -> None:
    workflow(repo)
    repo.write(f"{RUN}/phase1_synthesis.json", '{\n  "phase": "analysis_consolidation",\n}\n')
    result = repo.check("--select", "CN002,PL004")
    assert result.found() == [("PL004", f"{RUN}/phase1_synthesis.json", 2, 36)]


def test_cn003_checkpoint_unchecked_while_the_next_phase_runs(repo: Repo) -> None:
    workflow(repo, mark=" ")
    result = repo.check("--select", "CN003")
    assert result.found() == [("CN003", f"{RUN}/WORKFLOW_PROGRESS.md", 6, 3)]
    assert result.messages("CN003")[0].startswith(
        'criterion "No critical conflicts in findings" of Validation Checkpoint 1: Analysis Review is '
        "unchecked while workflow/phase2_implementation.md shows a later phase has started"
    )


def test_cn003_a_checked_later_checkpoint_counts_as_a_later_phase(repo: Repo) -> None:
    workflow(repo, later=False, mark=" ")
    assert repo.check("--select", "CN003").found() == []
    text = CHECKPOINT.format(mark=" ").replace("- [ ] All tests passing", "- [x] All tests passing")
    repo.write(f"{RUN}/WORKFLOW_PROGRESS.md", text)
    result = repo.check("--select", "CN003")
    assert result.found() == [("CN003", f"{RUN}/WORKFLOW_PROGRESS.md", 6, 3)]
    assert (
        "while a later checkpoint (Validation Checkpoint Final: Production Readiness)"
        in result.messages("CN003")[0]
    )
