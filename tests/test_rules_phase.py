"""PH001–PH014: phase documents."""

from __future__ import annotations

from conftest import COMPLETE_PHASE_DOC, PHASE_DOC, Repo

DEV = "docs/development"
DOC = f"{DEV}/V1.2.0_PHASE_1.md"
ARCHIVE = "docs/archive/development-history"


def test_clean_documents_pass_every_rule(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    repo.write(f"{DEV}/V1.2.0_PHASE_2.md", PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.write(
        f"{ARCHIVE}/2025-11/V1.1.0_PHASE_1.md", COMPLETE_PHASE_DOC.replace("V1.2.0", "V1.1.0")
    )
    repo.write("ROADMAP.md", "# Roadmap\n\n## Current Work\n- V1.2.0_PHASE_2.md (Integration)\n")
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0
    assert result.report["summary"]["files_checked"] == 4


# PH001 ---------------------------------------------------------------------------------------


def test_ph001_file_name_breaks_pattern(repo: Repo) -> None:
    repo.write(f"{DEV}/v1.2.0_phase_1.md", PHASE_DOC)
    result = repo.check("--select", "PH001")
    assert result.found() == [("PH001", f"{DEV}/v1.2.0_phase_1.md", 1, 1)]
    assert 'rename it to "V1.2.0_PHASE_1.md"' in result.messages("PH001")[0]


def test_ph001_title_disagrees_with_file_name(repo: Repo) -> None:
    repo.write(
        DOC, PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.3.0 - Phase 2: Foundation")
    )
    result = repo.check("--select", "PH001")
    assert result.found() == [("PH001", DOC, 1, 3), ("PH001", DOC, 1, 3)]
    messages = result.messages("PH001")
    assert any("title says version 1.3.0 but the file name says 1.2.0" in m for m in messages)
    assert any("title says Phase 2 but the file name says Phase 1" in m for m in messages)


def test_ph001_missing_or_unrelated_title(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation\n", ""))
    repo.write(
        f"{DEV}/V1.2.0_PHASE_2.md",
        PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# Auth work"),
    )
    result = repo.check("--select", "PH001")
    assert result.found() == [
        ("PH001", DOC, 1, 1),
        ("PH001", f"{DEV}/V1.2.0_PHASE_2.md", 1, 3),
    ]
    assert "has no title" in result.messages("PH001")[0]
    assert "does not name the phase" in result.messages("PH001")[1]


def test_ph001_misnamed_file_found_by_its_title_and_notes_left_alone(repo: Repo) -> None:
    repo.write(f"{DEV}/auth.md", PHASE_DOC)
    repo.write(f"{DEV}/README.md", "# Development notes\n\nHow we work.\n")
    result = repo.check()
    assert result.found("PH001") == [("PH001", f"{DEV}/auth.md", 1, 1)]
    assert result.found(path=f"{DEV}/README.md") == []


# PH002 ---------------------------------------------------------------------------------------


def test_ph002_two_phases_in_one_document(repo: Repo) -> None:
    repo.write(
        f"{DEV}/V1.2.0_EVERYTHING.md",
        PHASE_DOC + "\n## Phase 2: Integration\n- Login endpoints\n",
    )
    result = repo.check("--select", "PH002")
    assert result.found() == [("PH002", f"{DEV}/V1.2.0_EVERYTHING.md", 1, 1)]
    assert 'file name "EVERYTHING"' in result.messages("PH002")[0]


def test_ph002_second_phase_heading(repo: Repo) -> None:
    repo.write(
        DOC, PHASE_DOC + "\n## Phase 2: Integration\n- Login endpoints\n\n## Phase 3: Polish\n"
    )
    result = repo.check("--select", "PH002")
    assert result.found() == [("PH002", DOC, 26, 4), ("PH002", DOC, 29, 4)]
    assert "describes Phase 2 as well as Phase 1 (line 1)" in result.messages("PH002")[0]


def test_ph002_multi_phase_title(repo: Repo) -> None:
    repo.write(
        DOC,
        PHASE_DOC.replace(
            "# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Phases 1-3 combined"
        ),
    )
    assert repo.check("--select", "PH002").found() == [("PH002", DOC, 1, 3)]


def test_ph002_master_plans_and_code_blocks_pass(repo: Repo) -> None:
    repo.write(
        f"{DEV}/V1.2.0_PLAN.md",
        "# Master Plan: V1.2.0\n\n**Type:** Phased Plan\n\n## Phase 1: Foundation\n## Phase 2: Integration\n",
    )
    repo.write(DOC, PHASE_DOC + "\n```markdown\n## Phase 2: Integration\n```\n")
    assert repo.check("--select", "PH002").found() == []


# PH003 ---------------------------------------------------------------------------------------


def test_ph003_same_phase_twice(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write(f"{ARCHIVE}/2025-12/V1.2.0_PHASE_1.md", COMPLETE_PHASE_DOC)
    result = repo.check("--select", "PH003")
    assert result.found() == [
        ("PH003", f"{ARCHIVE}/2025-12/V1.2.0_PHASE_1.md", 1, 1),
        ("PH003", DOC, 1, 1),
    ]
    assert f"also documented in {DOC}" in result.messages("PH003")[0]


def test_ph003_distinct_phases_pass(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write(f"{DEV}/V1.2.0_PHASE_2.md", PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.write(f"{DEV}/V1.3.0_PHASE_1.md", PHASE_DOC.replace("V1.2.0", "V1.3.0"))
    assert repo.check("--select", "PH003").found() == []


# PH004 ---------------------------------------------------------------------------------------


def test_ph004_missing_fields_and_sections(repo: Repo) -> None:
    repo.write(
        DOC,
        "# V1.2.0 - Phase 1: Foundation\n\n**Status**: In Progress\n**Token Budget**:\n\n## Deliverables\n- [ ] x\n",
    )
    result = repo.check("--select", "PH004")
    assert result.found() == [("PH004", DOC, 1, 3), ("PH004", DOC, 1, 3), ("PH004", DOC, 4, 1)]
    messages = result.messages("PH004")
    assert any("missing the `**Started**:` field" in m for m in messages)
    assert any("missing the `## Objectives` section" in m for m in messages)
    assert any("the `**Token Budget**:` field is empty" in m for m in messages)


def test_ph004_synonyms_and_planned_phases(repo: Repo) -> None:
    repo.write(
        DOC,
        "# V1.2.0 - Phase 1: Foundation\n\n**Status:** Planned\n**Token Budget:** 500K tokens\n\n"
        "## 🎯 1. Objectives:\n- x\n\n## **Deliverables**\n- [ ] y\n",
    )
    assert repo.check("--select", "PH004").found() == []


# PH005 ---------------------------------------------------------------------------------------


def test_ph005_unknown_status(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("**Status**: In Progress", "**Status**: Almost done"))
    result = repo.check("--select", "PH005")
    assert result.found() == [("PH005", DOC, 3, 13)]
    assert 'status "Almost done" is not one of Planned, In Progress' in result.messages("PH005")[0]


def test_ph005_known_statuses_aliases_and_notes(repo: Repo) -> None:
    for index, status in enumerate(
        ["✅ **Complete**", "Done", "DEFERRED to v0.4.17", "paused", "Blocked (API keys)"]
    ):
        repo.write(
            f"{DEV}/V1.{index}.0_PHASE_1.md",
            PHASE_DOC.replace("V1.2.0", f"V1.{index}.0").replace("In Progress", status),
        )
    assert repo.check("--select", "PH005").found() == []


# PH006 ---------------------------------------------------------------------------------------


def test_ph006_complete_with_placeholder_summary(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("In Progress", "Complete").replace("- [ ] JWT", "- [x] JWT"))
    result = repo.check("--select", "PH006")
    assert result.found() == [("PH006", DOC, 23, 4)]
    assert 'still a placeholder "(Added when phase complete)"' in result.messages("PH006")[0]


def test_ph006_complete_without_summary(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.split("## Completion Summary")[0]
    repo.write(DOC, text)
    result = repo.check("--select", "PH006")
    assert result.found() == [("PH006", DOC, 3, 1)]
    assert "phase is Complete but has no `## Completion Summary`" in result.messages("PH006")[0]


def test_ph006_summary_lacks_parts(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.replace("**Completed**: 2025-12-23\n", "").replace(
        "**Lessons Learned**:\n- PyJWT was easier to use than expected\n", ""
    )
    repo.write(DOC, text)
    result = repo.check("--select", "PH006")
    assert result.found() == [("PH006", DOC, 26, 4)]
    assert "lacks the completion date and lessons learned" in result.messages("PH006")[0]


def test_ph006_passes_complete_summary_and_open_phases(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    repo.write(f"{DEV}/V1.2.0_PHASE_2.md", PHASE_DOC.replace("Phase 1", "Phase 2"))
    assert repo.check("--select", "PH006").found() == []


# PH007 ---------------------------------------------------------------------------------------


def test_ph007_unchecked_deliverables(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.replace(
        "- [x] Test framework setup",
        "- [ ] Test framework setup\n- [ ] Refresh tokens — deferred\n- [ ] Rate limiting — deferred to v1.3.0: needs Redis",
    )
    repo.write(DOC, text)
    result = repo.check("--select", "PH007")
    assert result.found() == [("PH007", DOC, 13, 3), ("PH007", DOC, 14, 3)]
    assert "check it off, or mark it deferred with the reason" in result.messages("PH007")[0]
    assert "says deferred but not why" in result.messages("PH007")[1]


def test_ph007_in_progress_phases_may_have_open_deliverables(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    assert repo.check("--select", "PH007").found() == []


# PH008 ---------------------------------------------------------------------------------------


def test_ph008_budget_not_a_quantity(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("500K-800K tokens", "TBD"))
    repo.write(
        f"{DEV}/V1.2.0_PHASE_2.md",
        PHASE_DOC.replace("Phase 1", "Phase 2").replace("500K-800K", "800K-500K"),
    )
    result = repo.check("--select", "PH008")
    assert result.found() == [("PH008", DOC, 5, 19), ("PH008", f"{DEV}/V1.2.0_PHASE_2.md", 5, 19)]
    assert 'token budget "TBD" is not a token quantity' in result.messages("PH008")[0]
    assert "runs backwards" in result.messages("PH008")[1]


def test_ph008_accepts_the_seed_formats_and_leaves_durations_to_cal002(repo: Repo) -> None:
    for index, budget in enumerate(
        [
            "~250K tokens",
            "1.2M",
            "500,000 tokens",
            "500-800K",
            "0.5M to 1M tokens (M-sized)",
            "2-3 weeks",
        ]
    ):
        repo.write(
            f"{DEV}/V1.{index}.0_PHASE_1.md",
            PHASE_DOC.replace("V1.2.0", f"V1.{index}.0").replace("500K-800K tokens", budget),
        )
    assert repo.check("--select", "PH008").found() == []


# PH009 ---------------------------------------------------------------------------------------


def test_ph009_phase_too_large(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("500K-800K tokens", "3M-5M tokens"))
    result = repo.check("--select", "PH009")
    assert result.found() == [("PH009", DOC, 5, 19)]
    assert result.diagnostics[0]["severity"] == "warning"
    assert "tops out at 5M tokens, over the 2M maximum" in result.messages("PH009")[0]


def test_ph009_respects_the_configured_maximum(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("500K-800K tokens", "3M-5M tokens"))
    repo.write("phaselint.toml", '[phases]\nmax-budget = "6M"\n')
    assert repo.check("--select", "PH009").found() == []


# PH010 ---------------------------------------------------------------------------------------


def test_ph010_adjusted_estimate_and_percentages(repo: Repo) -> None:
    text = PHASE_DOC.replace(
        "**Tokens Spent**: ~250K tokens (50% complete)",
        "**Tokens Spent**: ~100K tokens (50% complete)\n**Estimated**: 500K-800K tokens\n"
        "**Reality Check**: Normal Chaos (1.5x)\n**Adjusted**: 600K-900K tokens",
    )
    repo.write(DOC, text)
    result = repo.check("--select", "PH010")
    assert result.found() == [("PH010", DOC, 6, 33), ("PH010", DOC, 9, 15)]
    assert "disagrees with ~100K tokens against 600K-900K tokens" in result.messages("PH010")[0]
    assert "is not 500K-800K tokens × 1.5 = 750K-1.2M" in result.messages("PH010")[1]


def test_ph010_seed_arithmetic_passes(repo: Repo) -> None:
    text = PHASE_DOC.replace(
        "**Tokens Spent**: ~250K tokens (50% complete)",
        "**Tokens Spent**: ~250K tokens (50% complete)\n**Estimated**: 500K-800K tokens\n"
        "**Reality Check**: Normal Chaos (1.5x)\n**Adjusted**: 750K-1.2M tokens\n"
        "**Progress**: 600K / 750K-1.2M tokens (50-80% complete)\n"
        "**Actual**: ~200K tokens (75% under budget!)",
    )
    repo.write(DOC, text)
    assert repo.check("--select", "PH010").found() == []


# PH011 ---------------------------------------------------------------------------------------


def test_ph011_progress_update_dates(repo: Repo) -> None:
    text = PHASE_DOC.replace(
        "### 2025-12-22: Started JWT Implementation\n- Created jwt_service.py skeleton\n",
        "### 2025-12-23: Validation\n### Week 2 progress\n### 2025-12-21: Earlier\n"
        "### 2025-12-20: Before the start\n### 2025-13-45: Nonsense\n### 2999-01-01: Future\n",
    )
    repo.write(DOC, text.replace("2025-12-22", "2025-12-21"))
    result = repo.check("--select", "PH011")
    assert result.found() == [
        ("PH011", DOC, 18, 5),
        ("PH011", DOC, 19, 5),
        ("PH011", DOC, 20, 5),
        ("PH011", DOC, 21, 5),
        ("PH011", DOC, 22, 5),
    ]
    messages = result.messages("PH011")
    assert "has no ISO date" in messages[0]
    assert "comes after one dated 2025-12-23 (line 17)" in messages[1]
    assert "comes after one dated 2025-12-23" in messages[2]
    assert "is not a real date" in messages[3]
    assert "is in the future" in messages[4]


def test_ph011_before_start_and_after_completion(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.replace("### 2025-12-22: Started", "### 2025-12-21: Started").replace(
        "### 2025-12-23: Validation", "### 2025-12-24: Validation"
    )
    repo.write(DOC, text)
    result = repo.check("--select", "PH011")
    assert result.found() == [("PH011", DOC, 17, 5), ("PH011", DOC, 20, 5)]
    assert "before the phase started (2025-12-22)" in result.messages("PH011")[0]
    assert "after the phase completed (2025-12-23)" in result.messages("PH011")[1]


def test_ph011_dated_updates_in_order_pass(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    assert repo.check("--select", "PH011").found() == []


# PH012 ---------------------------------------------------------------------------------------


def test_ph012_archived_incomplete_phase(repo: Repo) -> None:
    repo.write(f"{ARCHIVE}/2025-12/V1.2.0_PHASE_1.md", PHASE_DOC)
    result = repo.check("--select", "PH012")
    assert result.found() == [("PH012", f"{ARCHIVE}/2025-12/V1.2.0_PHASE_1.md", 3, 13)]
    assert "phase archived with status In Progress, not Complete" in result.messages("PH012")[0]


def test_ph012_archived_without_summary_and_outside_a_month_folder(repo: Repo) -> None:
    text = (
        COMPLETE_PHASE_DOC.split("## Completion Summary")[0]
        + "## Completion Summary\n(Added when phase complete)\n"
    )
    repo.write("docs/archive/V1.2.0_PHASE_1.md", text)
    result = repo.check("--select", "PH012")
    assert result.found() == [
        ("PH012", "docs/archive/V1.2.0_PHASE_1.md", 1, 1),
        ("PH012", "docs/archive/V1.2.0_PHASE_1.md", 26, 4),
    ]
    assert "not in a YYYY-MM folder" in result.messages("PH012")[0]
    assert "archived without its completion summary" in result.messages("PH012")[1]


def test_ph012_complete_archived_phase_passes(repo: Repo) -> None:
    repo.write(f"{ARCHIVE}/2025-12/V1.2.0_PHASE_1.md", COMPLETE_PHASE_DOC)
    repo.write("docs/archive/README.md", "# Archive\n")
    assert repo.check("--select", "PH").found() == []


# PH013 ---------------------------------------------------------------------------------------


def test_ph013_roadmap_current_work(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write(
        "ROADMAP.md",
        "# Roadmap\n\n## Current Work\n- [V1.1.0 Phase 3](docs/development/V1.1.0_PHASE_3.md)\n\n## What We Just Finished\n",
    )
    result = repo.check("--select", "PH013")
    assert result.found() == [("PH013", "ROADMAP.md", 3, 4), ("PH013", "ROADMAP.md", 4, 20)]
    assert f"does not mention {DOC}, which is In Progress" in result.messages("PH013")[0]
    assert "mentions V1.1.0_PHASE_3.md, which no longer exists" in result.messages("PH013")[1]


def test_ph013_mentions_by_name_or_title_pass(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write(f"{DEV}/V1.2.0_PHASE_2.md", PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.write(
        "docs/ROADMAP.md",
        "# Roadmap\n\n## Current Work\n- V1.2.0 - Phase 1: Foundation\n- `V1.2.0_PHASE_2.md`\n",
    )
    assert repo.check("--select", "PH013").found() == []


# PH014 ---------------------------------------------------------------------------------------


def test_ph014_complete_without_technical_decisions(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.replace(
        "## Technical Decisions\n- **JWT Library**: Chose PyJWT over python-jose\n", ""
    )
    repo.write(DOC, text)
    result = repo.check("--select", "PH014")
    assert result.found() == [("PH014", DOC, 1, 3)]
    assert "has no `## Technical Decisions` section" in result.messages("PH014")[0]


def test_ph014_lessons_are_ph006s_while_it_runs(repo: Repo) -> None:
    text = COMPLETE_PHASE_DOC.replace(
        "**Lessons Learned**:\n- PyJWT was easier to use than expected\n", ""
    )
    repo.write(DOC, text)
    both = repo.check("--select", "PH006,PH014")
    assert both.found() == [("PH006", DOC, 26, 4)]
    alone = repo.check("--select", "PH014")
    assert alone.found() == [("PH014", DOC, 1, 3)]
    assert "records no lessons learned" in alone.messages("PH014")[0]


def test_ph014_passes_with_knowledge_recorded(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    assert repo.check("--select", "PH014").found() == []
