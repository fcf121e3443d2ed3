"""ST001–ST008: stage gates within a phase (seed 002)."""

from __future__ import annotations

import pytest

from conftest import PHASE_DOC, Repo

LOG = "docs/implementation/phase-1-implementation-log.md"
NAMES = [
    "Foundation Lock",
    "Project Skeleton",
    "Database + Migrations",
    "Primary Resource API",
    "Supporting APIs",
    "Background Workers",
    "Policy Enforcement",
    "Evidence Assembly",
    "Operational Reliability",
    "Pilot Trial",
    "Phase Sign-Off",
]


def stage(
    number: int | str,
    status: str,
    *,
    result: str = "",
    evidence: str = "",
    gate: str | None = None,
    blockers: str = "",
) -> str:
    """One stage entry: 9 lines, the status on its 3rd."""
    index = int(str(number).rstrip("ab"))
    gate = gate if gate is not None else f"`make check-stage-{number}` passes"
    return (
        f"### Stage {number} — {NAMES[index]}\n\n"
        f"- Status: {status}\n"
        f"- Work completed: {'yes' if status == 'done' else ''}\n"
        f"- Blockers: {blockers}\n"
        f"- Evidence links: {evidence}\n"
        f"- Acceptance gate: {gate}\n"
        f"- Acceptance gate result: {result}\n"
    )


def done(number: int | str) -> str:
    return stage(number, "done", result="pass", evidence=f"CI run #{number}")


def log(*entries: str, title: str = "# Phase 1 Implementation Log") -> str:
    """A log: the title, a blank line, then entries separated by blank lines (entry k starts on
    line 3 + 9k; its status is on line 5 + 9k)."""
    return title + "\n\n" + "\n".join(entries)


def test_a_clean_log_passes(repo: Repo) -> None:
    repo.write(LOG, log(*(done(n) for n in range(11))))
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "mostly done",
            'status "mostly done" of Stage 1 is not one of not-started, in-progress, done, blocked',
        ),
        (
            "not-started / in-progress / done / blocked",
            "Stage 1 still has the template's status list",
        ),
        ("", "Stage 1 has an empty status"),
        ("Finished", 'status "Finished" of Stage 1 is not one of'),
    ],
)
def test_st001_status_values(repo: Repo, value: str, message: str) -> None:
    repo.write(LOG, log(done(0), stage(1, value)))
    result = repo.check("--select", "ST001")
    assert result.found() == [("ST001", LOG, 14, 11)]
    assert result.messages("ST001")[0].startswith(message)


def test_st001_lenient_spelling(repo: Repo) -> None:
    repo.write(
        LOG,
        log(done(0), stage(1, "In Progress ✅")).replace("- Status: done", "- **Status**: Done"),
    )
    assert repo.check("--select", "ST001").found() == []


def test_st002_never_skip_a_stage(repo: Repo) -> None:
    repo.write(LOG, log(done(0), stage(1, "in-progress"), done(2), stage(3, "in-progress")))
    result = repo.check("--select", "ST002")
    assert result.found() == [("ST002", LOG, 23, 11), ("ST002", LOG, 32, 11)]
    assert result.messages("ST002")[0] == (
        "Stage 2 of phase 1 is done while Stage 1 is in-progress; stages build linearly — finish Stage 1 first"
    )


def test_st002_sub_stages_are_in_order(repo: Repo) -> None:
    repo.write(LOG, log(done(0), done(1), done(2), done(3), done("4a"), stage("4b", "in-progress")))
    assert repo.check("--select", "ST").found() == []


def test_st003_done_without_gate_or_evidence(repo: Repo) -> None:
    repo.write(
        LOG,
        log(
            done(0),
            stage(1, "done", result="pass"),
            stage(2, "done", evidence="CI run #2"),
            stage(3, "done", result="fail", evidence="none"),
        ),
    )
    result = repo.check("--select", "ST003")
    assert result.found() == [
        ("ST003", LOG, 14, 11),
        ("ST003", LOG, 23, 11),
        ("ST003", LOG, 32, 11),
    ]
    messages = result.messages("ST003")
    assert "is done without evidence (`Evidence links:`)" in messages[0]
    assert "is done without a passed acceptance gate" in messages[1]
    assert (
        "without a passed acceptance gate (`Acceptance gate result: pass`) and without evidence"
        in messages[2]
    )


def test_st003_evidence_as_a_list_counts(repo: Repo) -> None:
    entry = done(1).replace(
        "- Evidence links: CI run #1\n",
        "- Evidence links:\n  - CI run #1\n  - docs/evidence/stage-1.md\n",
    )
    repo.write(LOG, log(done(0), entry))
    assert repo.check("--select", "ST003").found() == []


def test_st004_past_a_failing_gate(repo: Repo) -> None:
    failing = stage(2, "done", result="fail", evidence="CI run #2")
    repo.write(LOG, log(done(0), done(1), failing, stage(3, "in-progress")))
    result = repo.check("--select", "ST004,ST002")
    assert result.found() == [("ST004", LOG, 32, 11)]
    assert (
        "Stage 3 of phase 1 is in-progress while Stage 2's acceptance gate failed"
        in result.messages("ST004")[0]
    )


@pytest.mark.parametrize(
    "gate",
    [
        "System works correctly",
        "Code looks clean",
        "Tests pass",
        "All tests pass.",
        "Tests pass (which tests?)",
        "Works as expected",
        "LGTM",
        "No bugs",
        "Done",
    ],
)
def test_st005_vague_gates(repo: Repo, gate: str) -> None:
    repo.write(LOG, log(done(0), stage(1, "in-progress", gate=gate)))
    result = repo.check("--select", "ST005")
    assert result.found() == [("ST005", LOG, 18, 20)]
    assert result.diagnostics[0]["severity"] == "warning"


@pytest.mark.parametrize(
    "gate",
    [
        "`pytest tests/api` passes",
        "Invalid state transition returns 409",
        "API process starts locally and `/healthz` returns ok",
        "Fresh DB bootstrap + migration succeeds from zero",
        "Unit tests in tests/unit/test_parser.py pass",
        "Open escalation prevents stage progression until resolved",
    ],
)
def test_st005_objective_gates_pass(repo: Repo, gate: str) -> None:
    repo.write(LOG, log(done(0), stage(1, "in-progress", gate=gate)))
    assert repo.check("--select", "ST005").found() == []


def test_st006_blocked_without_blocker(repo: Repo) -> None:
    repo.write(
        LOG,
        log(
            done(0),
            stage(1, "blocked"),
            stage(2, "blocked", blockers="staging credentials not issued (OPS-12)"),
        ),
    )
    result = repo.check("--select", "ST006")
    assert result.found() == [("ST006", LOG, 14, 11)]
    assert "Stage 1 of phase 1 is blocked but no blocker is stated" in result.messages("ST006")[0]


def test_st007_next_phase_before_sign_off(repo: Repo) -> None:
    repo.write(LOG, log(*(done(n) for n in range(10)), stage(10, "in-progress")))
    second = "docs/implementation/phase-2-implementation-log.md"
    repo.write(second, log(stage(0, "in-progress"), title="# Phase 2 Implementation Log"))
    result = repo.check("--select", "ST007")
    assert result.found() == [("ST007", second, 5, 11)]
    assert "phase 1's sign-off is not done (Stage 10 is in-progress)" in result.messages("ST007")[0]
    repo.write(LOG, log(*(done(n) for n in range(11))))
    assert repo.check("--select", "ST007").found() == []


def test_st007_phases_in_one_log(repo: Repo) -> None:
    text = "# Implementation Log\n\n## Phase 1: MVP backend\n\n" + "\n".join(
        done(n) for n in range(10)
    )
    text += "\n## Phase 2: UI\n\n" + stage(0, "done", result="pass", evidence="CI")
    repo.write(LOG.replace("phase-1-", ""), text)
    result = repo.check("--select", "ST007")
    assert result.found() == [("ST007", LOG.replace("phase-1-", ""), 99, 11)]
    assert "(has no Stage 10 entry)" in result.messages("ST007")[0]


def test_st008_numbering(repo: Repo) -> None:
    repo.write(LOG, log(done(0), done(1), done(3), done(3), done(2)))
    result = repo.check("--select", "ST008")
    assert result.found() == [("ST008", LOG, 21, 5), ("ST008", LOG, 30, 5), ("ST008", LOG, 39, 5)]
    messages = result.messages("ST008")
    assert "Stage 3 of phase 1 follows Stage 1: Stage 2 missing" in messages[0]
    assert "Stage 3 of phase 1 is listed twice (first on line 21)" in messages[1]
    assert "Stage 2 of phase 1 comes after Stage 3: out of order" in messages[2]


def test_stage_entries_inside_a_phase_document(repo: Repo) -> None:
    """A log is recognised by its content inside another planning document; there it keeps
    that document's CAL002 checks, while a dedicated log is exempt (stages are sized in hours)."""
    text = (
        PHASE_DOC
        + "\n## Stage Log\n\n"
        + stage(0, "done", result="pass")
        + "\n"
        + stage(1, "in-progress", gate="Tests pass")
    )
    repo.write("docs/development/V1.2.0_PHASE_1.md", text)
    result = repo.check("--select", "ST")
    assert result.found() == [
        ("ST003", "docs/development/V1.2.0_PHASE_1.md", 30, 11),
        ("ST005", "docs/development/V1.2.0_PHASE_1.md", 43, 20),
    ]
    repo.write(LOG, log(done(0)) + "\n**Estimate**: 2-3 hours\n")
    assert repo.check("--select", "CAL002").found() == []


def test_headings_about_stages_are_not_entries(repo: Repo) -> None:
    repo.write(
        "docs/implementation/stage-log.md",
        "# Stage notes\n\n## Stage 3 — what we learned\n\nNothing to gate here.\n\n```markdown\n### Stage 1 — X\n- Status: weird\n```\n",
    )
    result = repo.check()
    assert result.found() == []


def test_full_phase_from_stage_zero_to_ten(repo: Repo) -> None:
    """Every legitimate step is clean; every skipped gate fires."""
    entries = [stage(n, "not-started") for n in range(11)]
    repo.write(LOG, log(*entries))
    assert repo.check().codes() == set()
    for n in range(11):
        # Start stage n: legitimate, since everything before it is done with its gate passed.
        entries[n] = stage(n, "in-progress")
        repo.write(LOG, log(*entries))
        assert repo.check().codes() == set(), n
        if n < 10:
            # Shortcut: starting the next stage before this one passed its gate.
            shortcut = list(entries)
            shortcut[n + 1] = stage(n + 1, "in-progress")
            repo.write(LOG, log(*shortcut))
            assert repo.check().codes() == {"ST002"}, n
        # Shortcut: declaring it done without evidence.
        shortcut = list(entries)
        shortcut[n] = stage(n, "done", result="pass")
        repo.write(LOG, log(*shortcut))
        assert repo.check().codes() == {"ST003"}, n
        # Shortcut: its gate failed, and the next stage starts anyway.
        if n < 10:
            shortcut = list(entries)
            shortcut[n] = stage(n, "in-progress", result="fail")
            shortcut[n + 1] = stage(n + 1, "in-progress")
            repo.write(LOG, log(*shortcut))
            assert repo.check().codes() == {"ST004"}, n
        # Finish it properly.
        entries[n] = done(n)
        repo.write(LOG, log(*entries))
        assert repo.check().codes() == set(), n
    # The next phase may start now that Stage 10 is signed off.
    second = "docs/implementation/phase-2-implementation-log.md"
    repo.write(second, log(stage(0, "in-progress"), title="# Phase 2 Implementation Log"))
    assert repo.check().codes() == set()
    # … but not before.
    entries[10] = stage(10, "in-progress")
    repo.write(LOG, log(*entries))
    assert repo.check().codes() == {"ST007"}
