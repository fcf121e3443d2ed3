"""Patterns met in public spec-kit repositories (issue 9), each as a small fixture of our own
writing: the noise those repositories produced is asserted absent, and a true violation in the
same fixture is asserted present, at its line and column."""

from __future__ import annotations

from conftest import Repo

SPEC = """
# Feature Specification: Export

**Feature Branch**: `007-export`
**Status**: Draft

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Export a report (Priority: P1)

**Independent Test**: Export one report and open the file.

### User Story 2 - Schedule exports (Priority: P2)

**Independent Test**: Schedule an export and see it run.

## Requirements *(mandatory)*

- **FR-001**: System MUST export reports as CSV.

## Success Criteria *(mandatory)*

- **SC-001**: An export takes under two seconds.
"""

PLAN = """
# Implementation Plan: Export

## Technical Context
**Language/Version**: Python 3.12

## Project Structure
- src/export/
"""


def spec_folder(repo: Repo, folder: str, tasks: str, spec: str = SPEC, plan: str = PLAN) -> None:
    repo.write(f"{folder}/spec.md", spec)
    repo.write(f"{folder}/plan.md", plan)
    repo.write(f"{folder}/tasks.md", tasks)


def source(repo: Repo, *paths: str) -> None:
    for path in paths:
        repo.write(path, "# code\n")


# 1. Prose bullets are not tasks -----------------------------------------------------------------

PROSE_TASKS = """
# Tasks: Export

## Phase 1: User Story 1 - Export a report (Priority: P1)
- [ ] T001 [P] [US1] CSV writer in src/export/csv.py
- [ ] T002 [P] [US1] Report query in src/export/query.py
- T003 [US1] Download button in src/export/button.py

## Phase 2: User Story 2 - Schedule exports (Priority: P2)
- [ ] T004 [US2] Scheduler in src/export/schedule.py

## Dependencies & Execution Order
- T002 depends on T001
- T004 after T003

### Parallel Opportunities
- T001 and T002 can run in parallel
- T001, T002 (different files)

### Implementation Strategy
- T001-T003 first (MVP), then T004

## Notes
- T004 can wait for the next release
"""


def test_prose_about_tasks_is_not_tasks(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", PROSE_TASKS)
    source(repo, "src/export/csv.py", "src/export/query.py")
    result = repo.check("--select", "SP009,SP010")
    # Only the real task that lost its checkbox, in its phase section.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 6, 3)]
    assert "task T003 of spec 007-export has no checkbox" in result.messages("SP009")[0]


# 2. Task grammar variants ----------------------------------------------------------------------

GRAMMAR_TASKS = """
# Tasks: Export

## Phase 1: User Story 1 - Export a report (Priority: P1)
- [x] **T001** [US1] CSV writer in src/export/csv.py
- [x] T002 [US1] Report query in src/export/query.py
- [x] T002a [US1] Escape commas in src/export/csv.py
- [x] T002.1 [US1] Quote headers in src/export/csv.py
- [~] T003 [US1] PDF writer in src/export/pdf.py (superseded by T004)
- [x] **T004** [US2] Scheduler in src/export/schedule.py
- [ ] T007 [US2] Retry failed exports in src/export/schedule.py
"""


def test_task_grammar_variants(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", GRAMMAR_TASKS)
    source(repo, "src/export/csv.py", "src/export/query.py", "src/export/schedule.py")
    result = repo.check("--select", "SP009,SP011,SP019,SP020")
    # Bold ids, inserted ids and the closed [~] task are tasks; their [USn] labels count (no
    # SP019 for User Story 2); the closed task's missing pdf.py is no phantom; a real gap is.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 10, 7)]
    assert "follows T004: T005-T006 are missing" in result.messages("SP009")[0]


def test_moved_task_is_one_diagnostic_not_a_cascade(repo: Repo) -> None:
    tasks = "# Tasks\n\n## Phase 1: User Story 1\n" + "".join(
        f"- [ ] T{n:03d} [US1] Step in src/export/csv.py\n" for n in (9, 1, 2, 3, 4, 5, 6, 7, 8)
    )
    spec_folder(repo, "specs/007-export", tasks.replace("[US1]", "[US1] [US2]", 1))
    result = repo.check("--select", "SP009")
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 4, 7)]
    assert (
        "task T009 of spec 007-export comes before T001: out of sequence"
        in result.messages("SP009")[0]
    )


# 3. One path resolver ---------------------------------------------------------------------------

PATH_TASKS = """
# Tasks: Export

## Phase 1: User Story 1 - Export a report (Priority: P1)
- [x] T001 [US1] Components in ui/
- [x] T002 [US1] Contract in contracts/api.md, decisions in research.md
- [x] T003 [US1] Add @acme/exporter and label acme.io/owned-paths (see github.com/acme/tools)
- [x] T004 [US1] Map critical/warning/pass levels read from process.env
- [x] T005 [US1] Fix the off-by-one in src/export/csv.py:81
- [x] T006 [US1] Wire it in web/app/routes.ts and app/routes.ts
- [x] T007 [US1] Set up the Node.js runner
- [x] T008 [US1] Write the writer in src/export/writer.py

## Phase 2: User Story 2 - Schedule exports (Priority: P2)
- [x] T009 [US2] Scheduler in src/export/schedule.py
"""


def test_paths_resolve_like_a_reader_would(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", PATH_TASKS)
    repo.write("specs/007-export/contracts/api.md", "# API\n")
    repo.write("specs/007-export/research.md", "# Research\n")
    source(repo, "ui/button.tsx", "src/export/csv.py", "web/app/routes.ts")
    source(repo, "src/export/schedule.py")
    result = repo.check("--select", "SP020")
    # Only the file that really does not exist.
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 11, 38)]
    assert "src/export/writer.py does not exist" in result.messages("SP020")[0]


# 4. Stage inference past implementing -----------------------------------------------------------


def test_finished_spec_is_past_implementing(repo: Repo) -> None:
    done = PATH_TASKS.replace("- [x] T008 [US1] Write the writer in src/export/writer.py\n", "")
    spec_folder(repo, "specs/007-export", done, SPEC.replace("Draft", "Implemented"))
    open_work = SPEC.replace("Draft", "Complete").replace("007-export", "008-import")
    spec_folder(repo, "specs/008-import", PATH_TASKS.replace("[x] T009", "[ ] T009"), open_work)
    for number in range(9, 14):  # five more specs with open tasks, finished by their Status
        finished = SPEC.replace("Draft", "Merged").replace("007-export", f"{number:03d}-x")
        spec_folder(repo, f"specs/{number:03d}-x", "- [ ] T001 Left over in a.py\n", finished)
    result = repo.check("--select", "SP011,SP014,SP021", "-v")
    # 007 is done (every task checked): Implemented agrees, nothing is in flight but 008; 008
    # says Complete while a task is open.
    assert result.found() == [("SP021", "specs/008-import/spec.md", 4, 13)]
    assert "Complete but spec 008-import is at stage `implementing`" in result.messages("SP021")[0]
    assert "specs/007-export: stage testing, inferred: every task of tasks.md is checked" in (
        result.stderr
    )


# 5. Author tags are not placeholders ------------------------------------------------------------


def test_author_tags_are_not_placeholders(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1 - Export a report [DEPENDS ON ALL]
    - [ ] T001 [US1] [OBSERVE-FAIL] Failing test in tests/test_csv.py
    - [ ] T002 [US1] Fix "[FEATURE] CSV export breaks" in src/export/csv.py
    - [ ] T003 [US2] Scheduler for [FEATURE NAME] in src/export/schedule.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP018")
    assert result.found() == [("SP018", "specs/007-export/tasks.md", 6, 32)]
    assert 'placeholder "[FEATURE NAME]"' in result.messages("SP018")[0]


# 6. Section synonyms and template generations ---------------------------------------------------


def test_plan_and_spec_synonyms(repo: Repo) -> None:
    plan = "# Plan\n\n## Tech Stack Details\n- Python\n\n### Current Architecture\n- one module\n"
    spec = SPEC.replace(
        "## Requirements *(mandatory)*", "## Requirements › Functional Requirements"
    )
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec, plan)
    bare = "# Plan\n\n## Summary\nExport reports.\n"
    spec_folder(
        repo, "specs/008-import", "# Tasks\n", SPEC.replace("007-export", "008-import"), bare
    )
    result = repo.check("--select", "SP006,SP008")
    assert result.found() == [("SP008", "specs/008-import/plan.md", 1, 3)]


def test_old_template_without_its_execution_flow(repo: Repo) -> None:
    old = """
    # Feature Specification: Export

    ## User Scenarios & Testing *(mandatory)*

    ### Primary User Story
    A user exports a report.

    ### Acceptance Scenarios
    1. **Given** a report, **When** exported, **Then** a CSV file is written.

    ## Requirements *(mandatory)*
    - **FR-001**: System MUST export CSV.

    ## Review & Acceptance Checklist
    - [x] No implementation details
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n", old)
    spec_folder(repo, "specs/008-import", "# Tasks\n", old.replace("## Requirements", "## Scope"))
    result = repo.check("--select", "SP006")
    assert result.found() == [("SP006", "specs/008-import/spec.md", 1, 3)]
    assert "has no `## Requirements` section" in result.messages("SP006")[0]


def test_the_repositorys_own_template_decides(repo: Repo) -> None:
    repo.write(
        ".specify/templates/spec-template.md",
        """
        # Feature Specification: [FEATURE NAME]

        ## User Scenarios & Testing *(mandatory)*

        ## Requirements *(mandatory)*

        ## Rollout Plan *(mandatory)*

        **Owner**: [TEAM OWNER]
        """,
    )
    no_criteria = SPEC.replace("## Success Criteria *(mandatory)*", "## Extras")
    spec = no_criteria + "\n## Rollout Plan\nBehind a flag.\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec + "\n**Owner**: [TEAM OWNER]\n")
    spec_folder(repo, "specs/008-import", "# Tasks\n", no_criteria.replace("007", "008"))
    result = repo.check("--select", "SP006,SP018", "-v")
    # No Success Criteria asked for (the template has none); its own Rollout Plan is; its own
    # placeholder is learned.
    assert result.found() == [
        ("SP018", "specs/007-export/spec.md", 27, 12),
        ("SP006", "specs/008-import/spec.md", 1, 3),
    ]
    assert "has no `## Rollout Plan` section" in result.messages("SP006")[0]
    assert "templates: .specify/templates/ (mandatory spec sections: User Scenarios" in (
        result.stderr
    )


# 7. Clarification guidance and template examples ------------------------------------------------


def test_guidance_line_and_template_example(repo: Repo) -> None:
    spec = SPEC + (
        "\n- Use [NEEDS CLARIFICATION: specific question] for any assumption you'd need to make\n"
        "\n*Example of marking unclear requirements:*\n"
        "- **FR-006**: System MUST authenticate users via [NEEDS CLARIFICATION: auth method not"
        " specified - email/password, SSO, OAuth?]\n"
        "- **FR-007**: Exports MUST be kept for [NEEDS CLARIFICATION: how long?]\n"
    )
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec)
    result = repo.check("--select", "CLR,SP018")
    assert result.found() == [
        ("SP018", "specs/007-export/spec.md", 26, 1),
        ("SP018", "specs/007-export/spec.md", 27, 1),
        ("CLR001", "specs/007-export/spec.md", 28, 40),
    ]
    assert 'unresolved clarification "how long?"' in result.messages("CLR001")[0]


# 8. Layouts -------------------------------------------------------------------------------------


def test_spec_trees_anywhere_and_namespaces(repo: Repo) -> None:
    spec_folder(repo, "docs/specs/001-export", "# Tasks\n")
    spec_folder(repo, "specs/feat/155-import", "# Tasks\n")
    spec_folder(repo, "specs/fix/1-crash", "# Tasks\n")
    spec_folder(repo, "specs/001-search", "# Tasks\n")
    spec_folder(repo, "tests/fixtures/specs/001-broken", "# Tasks\n", "# nothing\n")
    result = repo.check("--select", "SP001,SP002,SP006", "-v")
    assert result.found() == [
        ("SP002", "specs/001-search/spec.md", 1, 1),
        ("SP001", "specs/fix/1-crash/spec.md", 1, 1),
        ("SP002", "specs/fix/1-crash/spec.md", 1, 1),
    ]
    assert "shares its number 001 with specs/fix/1-crash" in result.messages("SP002")[0]
    assert "docs/specs/, specs/ hold 4 spec folder(s)" in result.stderr


def test_unrecognised_layout_is_never_silent(repo: Repo) -> None:
    repo.write("planning/login/spec.md", SPEC)
    repo.write("planning/login/tasks.md", "# Tasks\n- [ ] T1 Login in src/login.py\n")
    result = repo.check(fmt="text")
    assert result.exit_code == 0
    assert "no planning method was recognised, yet planning/login/spec.md" in result.stderr
    assert "specs-dir" in result.stderr
    repo.write("phaselint.toml", '[specs]\nspecs-dir = "planning"\n')
    assert repo.check("--select", "SP009").found() == [("SP009", "planning/login/tasks.md", 2, 7)]


# 9. Parallel conflicts --------------------------------------------------------------------------


def test_parallel_conflicts_are_real_writes(repo: Repo) -> None:
    tasks = """
    - [ ] T001 [P] Parse rows in src/export/csv.py and src/export/csv.py:12
    - [ ] T002 [P] Route /api/items/ per research.md, see contracts/api.md
    - [ ] T003 [P] Route /api/items/ per research.md, see contracts/api.md
    - [ ] T004 [P] Write headers in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 4, 33)]
    message = result.messages("SP010")[0]
    assert (
        "[P] tasks T001 and T004 of spec 007-export both touch src/export/csv.py in tasks.md"
        in (message)
    )


# 10. Folder-level diagnostics sit on the main artifact ------------------------------------------


def test_folder_diagnostics_never_on_binary_or_empty_files(repo: Repo) -> None:
    repo.write_bytes("specs/Evidence Pack/evidence/screen.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    repo.write("specs/Evidence Pack/contracts/.gitkeep", "")
    repo.write("specs/Evidence Pack/tasks.md", "# Tasks\n")
    result = repo.check("--select", "SP001,SP005")
    assert result.found() == [
        ("SP001", "specs/Evidence Pack/tasks.md", 1, 1),
        ("SP005", "specs/Evidence Pack/tasks.md", 1, 1),
    ]


# Second pass: what hand-checking a sample of the real-world diagnostics found ----------------


def test_more_task_forms(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1 - Export a report (Priority: P1)
    - [x] T001-TEST [US1] Failing test for the writer in tests/test_csv.py
    - [x] T001 [US1] CSV writer in src/export/csv.py
    - [-] T002 [US1] XLSX writer in src/export/xlsx.py
    - [N/A] T003 [US1] PDF writer in src/export/pdf.py
    - [x] T003A [US1] Escape quotes in src/export/csv.py
    - [x] T004-T006 [US1] Query, paging and sorting in src/export/query.py

    **Notes**:
    - T005: needs the paging API first

    ## Phase 2: User Story 2 - Schedule exports (Priority: P2)
    - [ ] T010 [US2] Scheduler in src/export/schedule.py
    - [ ] T011 [US2] Retry in src/export/schedule.py
    - [ ] T014 [US2] Alerts in src/export/alerts.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/test_csv.py", "src/export/csv.py", "src/export/query.py")
    result = repo.check("--select", "SP009,SP020")
    # T010 opens a phase at a round number (block numbering); T012-T013 are a real gap.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 17, 7)]
    assert "follows T011: T012-T013 are missing" in result.messages("SP009")[0]


def test_unnumbered_task_list(repo: Repo) -> None:
    tasks = "# Tasks\n\n## Phase 1\n- [x] Chunk 1: writer\n- [x] Chunk 2: query\n"
    spec = SPEC.replace("Draft", "Implemented")
    spec_folder(repo, "specs/007-export", tasks, spec)
    spec_folder(repo, "specs/008-import", "", spec.replace("007-export", "008-import"))
    (repo.path / "specs/008-import/tasks.md").unlink()
    result = repo.check("--select", "SP009,SP010,SP021")
    # One word for the list that numbers nothing; its items still count: every one is checked,
    # so Implemented agrees; a spec without tasks has no task state to contradict.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 4, 3)]
    assert "none of the 2 tasks of spec 007-export has a `T###` id" in result.messages("SP009")[0]


def test_stories_traced_by_combined_labels_and_phase_headings(repo: Repo) -> None:
    spec = SPEC + "\n### User Story 3 - Share exports (Priority: P3)\n\n**Independent Test**: x\n"
    tasks = """
    # Tasks: Export

    ## Phase 1: Export and schedule
    - [ ] T001 [US1+2] Writer and scheduler in src/export/csv.py

    ## Phase 2: User Story 3 - Share exports
    - [ ] T002 Share links in src/export/share.py

    ## Phase 3: Polish
    - [ ] T003 [US4] Docs in docs/export.md
    """
    spec_folder(repo, "specs/007-export", tasks, spec)
    result = repo.check("--select", "SP019")
    assert result.found() == [("SP019", "specs/007-export/tasks.md", 10, 12)]
    assert "labelled [US4] but spec.md has no User Story 4" in result.messages("SP019")[0]


def test_placeholders_in_code_like_text_and_talk(repo: Repo) -> None:
    repo.write(
        ".specify/templates/tasks-template.md",
        "# Tasks: [FEATURE NAME]\n\n- [ ] T001 Create [Entity1] model\n- [ ] T002 [ ] item\n",
    )
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Return [] when there are no rows in src/export/csv.py
    - [ ] T002 [US1] Keep the [FEATURE NAME] placeholders of the template in src/export/tpl.py
    - [ ] T003 [US1] Create [Entity1] model in src/export/model.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP018")
    assert result.found() == [("SP018", "specs/007-export/tasks.md", 6, 25)]


def test_done_tasks_that_leave_no_file_behind_by_design(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [x] T001 [US1] Remove the legacy src/export/old.py
    - [x] T002 [US1] Migrate src/export/page.jsx to .tsx
    - [x] T003 [US1] Load settings from `.exporter.yml` in src/export/csv.py
    - [x] T004 [US1] Create scripts/build.js for the 404.html fallback
    - [x] T005 [US1] Write figures into an `images/` folder in src/export/csv.py
    - [x] T006 [US1] src/export/mocks.tsのテストを実行
    - [x] T007 [US1] Read defaults from config/defaults.yml via the loader in src/export/csv.py
    - [x] T008 [US1] Keep history in src/export/history.py
    - [x] T009 [US1] Write the zip writer in src/export/zip.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "scripts/build.js", "src/export/mocks.ts")
    source(repo, "src/export/history.py")
    repo.commit("history is kept")
    (repo.path / "src/export/history.py").unlink()
    repo.commit("history moved away")
    result = repo.check("--select", "SP020")
    # Removed, migrated, a user's dotfile, a build output, an output folder, a path glued to
    # Japanese text, a file only read, a file that existed and was deleted later: none is a
    # phantom. zip.py never existed.
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 12, 42)]


def test_files_named_by_sub_bullets_and_other_languages(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Document the export
      - **Files**: `docs/export.md`
    - [ ] T002 [US1] Add the writer to Foundation.fs
    - [ ] T003 [US1] Coerce rows in func-section.lisp
    - [ ] T004 [P] [US1] Create CsvTests.swift in Tests/Export/
    - [ ] T005 [P] [US1] Create XlsxTests.swift in Tests/Export/
    - [ ] T006 [P] [US1] Write manifest.yml under fixtures/a/
    - [ ] T007 [P] [US1] Write manifest.yml under fixtures/b/
    - [ ] T008 [P] [US1] Write SKILL.md for the exporter
    - [ ] T009 [P] [US1] Fix the title of SKILL.md
    - [ ] T010 [US1] Wire everything together
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [
        ("SP010", "specs/007-export/tasks.md", 13, 39),
        ("SP010", "specs/007-export/tasks.md", 14, 18),
    ]
    assert "T008 and T009" in result.messages("SP010")[0]
    assert "task T010 of spec 007-export names no file" in result.messages("SP010")[1]


def test_spec_sections_under_names_of_their_own(repo: Repo) -> None:
    spec = """
    # Feature Specification: Export

    ## Acceptance scenarios
    1. **Given** a report, **When** exported, **Then** a CSV file is written.

    ## Product / Behavior
    - Exports MUST be CSV.

    ## 7. 成果物チェックリスト（Definition of Done）
    - CSV exported
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec)
    missing = "# Feature Specification: Import\n\n## Background\nx\n\n## Behavior\n- y\n"
    spec_folder(repo, "specs/008-import", "# Tasks\n", missing)
    result = repo.check("--select", "SP006")
    assert result.found() == [
        ("SP006", "specs/008-import/spec.md", 1, 3),
        ("SP006", "specs/008-import/spec.md", 1, 3),
    ]
    assert sorted(result.messages("SP006")) == [
        "spec.md of spec 008-import has no `## Success Criteria` section; add it",
        "spec.md of spec 008-import has no `## User Scenarios & Testing` section; add it",
    ]


def test_story_tests_written_as_labels(repo: Repo) -> None:
    spec = SPEC.replace(
        "**Independent Test**: Export one report and open the file.",
        "**Acceptance**:\n- the file opens",
    ).replace(
        "**Independent Test**: Schedule an export and see it run.", "**Independent Test**：见上"
    )
    spec += (
        "\n### ~~User Story 3 - Print~~ (descoped)\n\nNo printing.\n"
        "\n### User Story 4 - Share (Priority: P3)\n\nShare a link.\n"
    )
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec)
    result = repo.check("--select", "SP007")
    assert result.found() == [("SP007", "specs/007-export/spec.md", 29, 5)]


def test_plans_in_their_own_words(repo: Repo) -> None:
    plan = "# Plan\n\n## 技术上下文\n- TypeScript 5.9\n\n## Files Touched\n- src/a.ts\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", SPEC, plan)
    spec_folder(repo, "specs/008-import", "# Tasks\n", SPEC, "# Plan\n\n## Approach\nx\n")
    result = repo.check("--select", "SP008")
    assert result.found() == [("SP008", "specs/008-import/plan.md", 1, 3)]
    assert "does not define the tech stack (Technical Context);" in result.messages("SP008")[0]


def test_retired_checklist_documents_its_exception(repo: Repo) -> None:
    tasks = "# Tasks\n\n## Phase 1: User Story 1\n- [x] T001 [US1] Writer in src/export/csv.py\n"
    spec_folder(repo, "specs/007-export", tasks + "- [ ] T002 [US1] Query in src/q.py\n")
    repo.write(
        "specs/007-export/checklists/old.md",
        "# Checklist\n\nSuperseded background only.\n\n- [ ] CHK001 Old gate\n",
    )
    repo.write("specs/007-export/checklists/current.md", "# Checklist\n\n- [ ] CHK001 Gate\n")
    result = repo.check("--select", "SP012")
    assert result.found() == [("SP012", "specs/007-export/checklists/current.md", 3, 3)]


def test_markers_talked_about_in_more_ways(repo: Repo) -> None:
    checklist = """
    # Requirements Checklist

    - [x] Open points are recorded in Assumptions rather than [NEEDS CLARIFICATION]
    - [x] [NEEDS CLARIFICATION]マーカーが残っていない
    - [x] 无 [NEEDS CLARIFICATION] 遗留
    - [x] ✅ [NEEDS CLARIFICATION] Blocker detection works
    - [x] ~~[NEEDS CLARIFICATION]~~ answered in session 2
    - [ ] Storage is [NEEDS CLARIFICATION]
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write("specs/007-export/checklists/requirements.md", checklist)
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR001", "specs/007-export/checklists/requirements.md", 8, 18)]


def test_questions_and_events_are_no_calendar(repo: Repo) -> None:
    research = """
    # Research

    ## Q1: Which store?
    ### Q2. Caching
    ## Phase 7: Sharing (Added Jan 2026)
    ## Phase 8: Printing (Q3 2026)
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write("specs/007-export/research.md", research)
    repo.write("specs/007-export/quickstart.md", "# Quickstart\n\n**Estimate**: Phase 13D\n")
    result = repo.check("--select", "CAL")
    assert result.found() == [("CAL001", "specs/007-export/research.md", 6, 23)]


def test_shared_documents_under_specs_are_no_spec(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write("specs/project-context/api-contracts.md", "# API contracts\n")
    repo.write("specs/planned/README.md", "# Ideas\n")
    repo.write("specs/Login Page/spec.md", SPEC)
    result = repo.check("--select", "SP001,SP005")
    assert result.found() == [("SP001", "specs/Login Page/spec.md", 1, 1)]


# Third pass: the second hand-checked sample ---------------------------------------------------


def test_done_tasks_naming_what_is_not_the_repositorys_to_commit(repo: Repo) -> None:
    repo.write(".gitignore", "out/\n")
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [x] T001 [US1] Build the site into out/404.html with scripts/build.js
    - [x] T002 [US1] Document the layout of specs/NNN-feature/spec.md in docs/guide.md
    - [x] T003 [US1] Export `clysm/compiler/macro:expand-backquote` from src/export/csv.py
    - [x] T004 [US1] Install `@azure/msal-browser` in web/package.json
    - [x] T005 [US1] Keep the state in `.tool/state.json` and `.exporter/cache/`
    - [x] T006 [US1] Add the regression test tests/test_schema.py
    - [x] T007 [US1] Write the exporter in src/export/exporter.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "scripts/build.js", "docs/guide.md", "src/export/csv.py", "web/package.json")
    source(repo, "web/tests/__mocks__/@azure/msal-browser.ts")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "side")
    source(repo, "tests/test_schema.py")
    repo.commit("test on a side branch")
    (repo.path / "tests/test_schema.py").unlink()
    repo.commit("dropped again")
    repo.git("checkout", "-q", "main")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 10, 40)]
    assert "src/export/exporter.py does not exist" in result.messages("SP020")[0]


def test_tasks_that_run_name_no_file_and_collide_with_none(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Test the arm64 binary: build and run it
    - [ ] T002 [US1] Open a PR and verify the CI triggers
    - [ ] T003 [US1] テストを実行し、エラーがないことを確認
    - [ ] T004 [US1] Fix the parser at `Evidence.fs:137`
    - [ ] T005 [US1] Store the plan in .specify/.spex-state
    - [ ] T006 [P] [US1] Add the writer to src/export/csv.py
    - [ ] T007 [P] [US1] Verify src/export/csv.py still builds
    - [ ] T008 [P] [US1] Add speckit-plan/SKILL.md under overlays/superpowers/
    - [ ] T009 [P] [US1] Add speckit-plan/SKILL.md under overlays/teams/
    - [ ] T010 [US1] Make it faster
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 13, 18)]
    assert "task T010 of spec 007-export names no file" in result.messages("SP010")[0]


def test_tasks_as_headings_keep_their_criteria_out(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ### T001: CSV writer in src/export/csv.py

    **Acceptance Criteria**:
    - [x] Writes a header row

    ### T002: Scheduler in src/export/schedule.py

    ## Validation Checklist
    - [ ] Every task has a test
    """
    spec_folder(repo, "specs/007-export", tasks)
    ranges = "# Tasks\n\n## Phase 1\n- [x] T001 a in a.py\n- [x] T002-T010 b in a.py\n"
    spec_folder(repo, "specs/008-import", ranges + "- [x] T011 c in a.py\n- [x] T014 d in a.py\n")
    result = repo.check("--select", "SP009")
    assert result.found() == [("SP009", "specs/008-import/tasks.md", 7, 7)]
    assert "follows T011: T012-T013 are missing" in result.messages("SP009")[0]


def test_stories_spoken_for_in_tasks_prose(repo: Repo) -> None:
    spec = SPEC + "\n### User Story 3 - Share (Priority: P3)\n\n**Independent Test**: x\n"
    spec += "\n### User Story 4 - Print (Priority: P4)\n\n**Independent Test**: y\n"
    tasks = """
    # Tasks: Export

    ## Phase 1: User Stories 1 & 2
    - [ ] T001 [US1] Writer in src/export/csv.py

    ## Phase 2: Sharing
    This phase corresponds to User Story 3.
    - [ ] T002 Share links in src/export/share.py
    """
    spec_folder(repo, "specs/007-export", tasks, spec)
    result = repo.check("--select", "SP019")
    assert result.found() == [("SP019", "specs/007-export/spec.md", 28, 5)]
    assert 'user story "User Story 4 - Print (Priority: P4)"' in result.messages("SP019")[0]


def test_in_flight_counts_what_is_still_open_once(repo: Repo) -> None:
    open_task = "# Tasks\n\n## Phase 1\n- [ ] T001 Left over in a.py\n"
    for number, status in enumerate(
        ["Final", "Draft (reverse-engineered, as-is)", "Stopped", "Draft", "Draft", "Draft"],
        start=1,
    ):
        spec = SPEC.replace("Draft", status).replace("007-export", f"{number:03d}-x")
        spec_folder(repo, f"specs/{number:03d}-x", open_task, spec)
    for number in (4, 5, 6):  # the same specs in a second tree
        spec_folder(repo, f"docs/specs/{number:03d}-x", open_task)
    repo.write("phaselint.toml", "[specs]\nmax-active = 2\n")
    result = repo.check("--select", "SP014")
    assert result.found() == [("SP014", "specs/006-x/spec.md", 1, 1)]
    assert "3 specs are in flight" in result.messages("SP014")[0]


def test_a_file_checked_alone_gets_what_the_whole_run_gives_it(repo: Repo) -> None:
    """A run on a few specs answers the cross-spec questions (numbers shared, the newest spec
    in flight) from the folders' names, without reading every spec: the same answers."""
    open_task = "# Tasks\n\n## Phase 1\n- [ ] T001 Left over in a.py\n"
    for number in range(1, 12):
        name = f"{number:03d}-x"
        spec_folder(repo, f"specs/{name}", open_task, SPEC.replace("007-export", name))
    spec_folder(repo, "specs/3-again", open_task, SPEC.replace("007-export", "3-again"))
    spec_folder(repo, "docs/specs/011-x", open_task)  # the newest, in a second tree
    repo.write("phaselint.toml", "[specs]\nmax-active = 2\n")
    repo.commit("specs")
    whole = repo.check("--select", "SP002,SP014")
    paths = ("specs/003-x/spec.md", "specs/3-again/spec.md", "specs/011-x/spec.md")
    for path in (*paths, "docs/specs/011-x/spec.md"):
        alone = repo.check("--select", "SP002,SP014", path)
        folder = path.rsplit("/", 1)[0]
        expected = [f for f in whole.found() if f[1].startswith(folder + "/")]
        assert alone.found() == expected, path
    # 3 and 003 share a number; a name no pattern reads counts as the newest spec in flight.
    assert whole.found() == [
        ("SP002", "specs/003-x/spec.md", 1, 1),
        ("SP002", "specs/3-again/spec.md", 1, 1),
        ("SP014", "specs/3-again/spec.md", 1, 1),
    ]


def test_author_brackets_in_quotes_and_examples(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Show "style: [name]" in the header in src/export/tui.py
    - [ ] T002 [US1] Detect leftovers, e.g. [FEATURE NAME], in src/export/lint.py
    - [ ] T003 [US1] Title the report [FEATURE NAME] in src/export/report.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP018")
    assert result.found() == [("SP018", "specs/007-export/tasks.md", 6, 35)]


def test_sections_in_chinese_and_item_titles(repo: Repo) -> None:
    spec = "# 功能规格：导出\n\n## 用户场景与测试\n- x\n\n## 需求\n- y\n\n## 成功标准\n- z\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec)
    decisions = (
        "# Feature Specification: Import\n\n## Requirements\n- y\n\n## Success Criteria\n- z\n"
        "\n## Decisions\n\n### TD-009: Scenario Trial Awaits the Executor\nLater.\n"
    )
    spec_folder(repo, "specs/008-import", "# Tasks\n", decisions)
    result = repo.check("--select", "SP006")
    assert result.found() == [("SP006", "specs/008-import/spec.md", 1, 3)]
    assert "has no `## User Scenarios & Testing` section" in result.messages("SP006")[0]


def test_story_tests_tied_by_spec_level_criteria(repo: Repo) -> None:
    spec = SPEC.replace("**Independent Test**: Export one report and open the file.", "").replace(
        "**Independent Test**: Schedule an export and see it run.",
        "**Independent Test**（在调度器与导出器组合下验证，见快速开始文档第三节）：见上",
    )
    spec += "\n## Acceptance Criteria\n\n- AC-001 (US1): the file opens\n"
    spec += "\n### User Story 3 - Print (Priority: P3)\n\nPrint a report.\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec)
    result = repo.check("--select", "SP007")
    assert result.found() == [("SP007", "specs/007-export/spec.md", 28, 5)]


def test_design_phase_is_no_architecture(repo: Repo) -> None:
    plan = "# Plan\n\n**Library**: flexsearch\n\n## Phase 1: Design & Contracts\n- data-model.md\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", SPEC, plan)
    result = repo.check("--select", "SP008")
    assert result.found() == [("SP008", "specs/007-export/plan.md", 1, 3)]
    assert "does not define the architecture (Project Structure)" in result.messages("SP008")[0]


def test_a_plan_of_prose_that_places_the_work_in_named_members(repo: Repo) -> None:
    placed = (
        "# Plan\n\nCarry the raw bytes beside `Snapshot.Text` in F#, and stamp receipts with\n"
        "`Schema.digestBytes` at the command boundary. Commands `verify` and `ship` compare.\n"
    )
    vague = "# Plan\n\n1. Publish the declaration.\n2. Parse it from the front matter.\n"
    quoted = "# Plan\n\nAn example:\n\n```\n`Snapshot.Text` and `Schema.digestBytes`\n```\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", SPEC, placed)
    spec_folder(repo, "specs/008-import", "# Tasks\n", SPEC, vague)
    spec_folder(repo, "specs/009-print", "# Tasks\n", SPEC, quoted)
    result = repo.check("--select", "SP008")
    # The first plan names its language and lays out its design in types and members, with no
    # heading; the second names neither, and the third only in a code block.
    assert result.found() == [
        ("SP008", "specs/008-import/plan.md", 1, 3),
        ("SP008", "specs/009-print/plan.md", 1, 3),
    ]
    assert "the tech stack (Technical Context) and the architecture" in result.messages("SP008")[0]


def test_markers_denied_or_struck_through(repo: Repo) -> None:
    checklist = """
    # Requirements Checklist

    - [x] Open points are recorded in Assumptions, not a [NEEDS CLARIFICATION]
    - [x] ~~FR-035: Sync via [NEEDS CLARIFICATION: which service?]~~ deferred to phase 2
    - [ ] FR-036: Sync via [NEEDS CLARIFICATION: which protocol?]
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write("specs/007-export/checklists/requirements.md", checklist)
    result = repo.check("--select", "CLR")
    assert result.found() == [("CLR001", "specs/007-export/checklists/requirements.md", 5, 24)]
    assert 'unresolved clarification "which protocol?"' in result.messages("CLR001")[0]


def test_question_ids_are_no_quarters(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write(
        "specs/007-export/research.md",
        "# Research\n\n### Q172-012 - Storage\n\n## Phase 2: Launch (Q3-26)\n",
    )
    result = repo.check("--select", "CAL001")
    assert result.found() == [("CAL001", "specs/007-export/research.md", 5, 21)]


def test_settled_and_searching_tasks_name_no_file_by_design(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [x] T001 [US1] Already done — the writer accepts a delimiter
    - [x] T002 [US1] N/A — the serializer keeps no payloads
    - [x] T003 [US1] Search the site for "virtual command" references
    - [x] T004 [US1] Test write-char: verified via unit tests
    - [ ] T005 [US1] Add range selection to `+page.svelte`
    - [ ] T006 [US1] Implement the type-index helper function
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 9, 18)]


def test_done_tasks_whose_paths_are_text_runs_or_examples(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [x] T001 [US1] Call `bash $TOOL_ROOT/scripts/gate.sh` from src/export/csv.py
    - [x] T002 [US1] Verify the plan command in packages/api/
    - [x] T003 [US1] Expect `![Figure 1](images/figure-1.jpg)` in src/export/csv.py output
    - [x] T004 [US1] Guard the job with `if: github.repository == 'acme/Export.Tool'`
    - [x] T005 [US1] Generate proxy settings in `.exporter/proxy/` from src/export/csv.py
    - [x] T006 [US1] Rework src/export/page.tsx (as ExportPage.tsx)
    - [x] T007 [US1] Wire the dialog in src/export/dialog.tsx
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "src/export/ExportPage.tsx", "web/src/export/button.tsx")
    source(repo, "lib/button.tsx")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 10, 37)]
    assert "(did you mean" not in result.messages("SP020")[0]


def test_missing_file_that_exists_elsewhere_is_named(repo: Repo) -> None:
    tasks = "# Tasks\n\n## Phase 1\n- [x] T001 Happy path in tests/happy_path.rs\n"
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/integration/happy_path.rs")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 4, 26)]
    assert (
        "tests/happy_path.rs does not exist (did you mean tests/integration/happy_path.rs?)"
        in result.messages("SP020")[0]
    )


def test_replacement_text_and_commands_are_no_shared_file(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [P] [US1] Update docs/ship.md: replace `old.sh` with `scripts/state.sh`
    - [ ] T002 [P] [US1] Update docs/smoke.md: replace `old.sh` with `scripts/state.sh`
    - [ ] T003 [P] [US1] Add `"build": "node scripts/state.sh"` to package.json
    - [ ] T004 [P] [US1] Write docs/ship.md intro
    - [ ] T005 [US1] Verified quasiquote expansion
    - [ ] T006 [US1] Establish baseline: run the benchmarks
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 7, 28)]
    assert "T001 and T004" in result.messages("SP010")[0]


# Fourth pass: the third hand-checked sample ---------------------------------------------------


def test_more_section_names_and_plan_words(repo: Repo) -> None:
    spec = (
        "# Feature Specification: Export\n\n## Scenarios\n- x\n\n## Command Contracts\n- MUST y\n"
        "\n## Objectives\n\n**Success Criteria**: exports open in a spreadsheet\n"
    )
    plan = "# Plan\n\n## Toolchain\n- Rust 1.80\n\n## Implementation Map（代码落点）\n- src/\n"
    spec_folder(repo, "specs/007-export", "# Tasks\n", spec, plan)
    spec_folder(
        repo, "specs/008-import", "# Tasks\n", "# Spec\n\n## Scenarios\nx\n\n## Verification\ny\n"
    )
    result = repo.check("--select", "SP006,SP008")
    assert result.found() == [("SP006", "specs/008-import/spec.md", 1, 3)]
    assert "has no `## Requirements` section" in result.messages("SP006")[0]


def test_markers_named_in_lists_cells_and_denials(repo: Repo) -> None:
    notes = """
    # Notes

    - Open points are recorded rather than a [NEEDS CLARIFICATION]
    - **[NEEDS CLARIFICATION]** markers MUST be resolved before planning
    - The skill detects placeholder markers ([FEATURE NAME], TODO, [NEEDS CLARIFICATION])

    | marker | level |
    | --- | --- |
    | [NEEDS CLARIFICATION] | INFO |

    - Storage: [NEEDS CLARIFICATION]
    """
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write("specs/007-export/research.md", notes)
    result = repo.check("--select", "CLR,SP018")
    assert result.found() == [("CLR001", "specs/007-export/research.md", 11, 12)]


def test_bare_quarters_and_duration_examples(repo: Repo) -> None:
    spec_folder(repo, "specs/007-export", "# Tasks\n")
    repo.write(
        "specs/007-export/research.md",
        "# Questions\n\n## Q1\nWhich store?\n\n## Phase 3: Q3 rollout\nShip it.\n",
    )
    repo.write(
        "specs/007-export/quickstart.md",
        '# Quickstart\n\n**Duration**: compute from the start, e.g. "2h 15m"\n',
    )
    result = repo.check("--select", "CAL")
    assert result.found() == [("CAL001", "specs/007-export/research.md", 6, 13)]


def test_stories_served_under_their_titles(repo: Repo) -> None:
    spec = SPEC.replace("Schedule exports", "Generalized credential handling")
    spec += (
        "\n### User Story 3 - Offline archive viewer (Priority: P3)\n\n**Independent Test**: x\n"
    )
    spec += "\n### User Story 4 - Print (Priority: P4)\n\n**Independent Test**: y\n"
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Writer in src/export/csv.py
    - [ ] T002 [US1] Add the offline archive viewer in src/export/viewer.py

    ## Phase 2: Generalized credential handling
    - [ ] T003 Keys in src/export/keys.py
    """
    spec_folder(repo, "specs/007-export", tasks, spec)
    result = repo.check("--select", "SP019")
    # Story 2 under its phase's title, story 3 by a task labelled for story 1: both served.
    assert result.found() == [("SP019", "specs/007-export/spec.md", 28, 5)]
    message = result.messages("SP019")[0]
    assert "Print (Priority: P4)" in message and "no task or heading of tasks.md" in message


def test_id_headings_format_lists_twins_and_long_clashes(repo: Repo) -> None:
    tasks = "# Tasks\n\n### CRYPTO-001: Setup\n\n**Acceptance Criteria**:\n- [x] builds\n"
    spec_folder(repo, "specs/007-export", tasks)
    plan = (
        PLAN
        + "\n## Phase 0: Research\nConsolidate findings using format:\n- Decision: [what was chosen]\n"
    )
    spec_folder(repo, "specs/008-import", "# Tasks\n", SPEC.replace("007", "008"), plan)
    repo.write("docs/specs/009-twin/spec.md", SPEC)
    repo.write(".specify/specs/009-twin/plan.md", PLAN)
    repo.write(".specify/specs/009-twin/tasks.md", "# Tasks\n")
    for name in ("a", "b", "c", "d", "e", "f", "g"):
        spec_folder(repo, f"specs/010-{name}", "# Tasks\n")
    result = repo.check("--select", "SP002,SP005,SP009,SP018")
    assert [d[0] for d in result.found()] == ["SP002"] * 7
    assert "and 1 more; renumber" in result.messages("SP002")[0]


# Fifth pass: the fourth hand-checked sample ---------------------------------------------------


def test_done_tasks_settled_runtime_or_elsewhere(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [x] T001 [US1] Writer in src/export/csv.py (DEFERRED to the next release)
    - [x] ~~T002 [US1] Archive in src/export/archive.py~~ skipped
    - [x] T003 [US1] Figures written to output/images/ by src/export/csv.py
    - [x] T004 [US1] Add the migration in core/migrations/004_export.sql (core repository)
    - [x] T005 [US1] Run `scripts/check.sh` equivalent in src/export/csv.py
    - [x] T006 [US1] Docs in docs/export/
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 9, 26)]


def test_tasks_that_build_find_nothing_or_keep_constraints(repo: Repo) -> None:
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Build the release binaries
    - [ ] T002 [US1] Identify helper functions to remove - NONE
    - [ ] T003 [US1] No redundant types found (confirmed)
    - [ ] T004 [US1] Avoid public API changes
    - [ ] T005 [US1] Create LICENSE file
    - [ ] T006 [P] [US1] Table writer (completed in Phase 2) in src/export/csv.py
    - [ ] T007 [P] [US1] Header writer in src/export/csv.py
    - [ ] T008 [US1] Improve throughput
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/ExportTests.fs")
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 11, 18)]


def test_story_served_by_a_phase_heading_above_its_tasks(repo: Repo) -> None:
    spec = SPEC.replace("Schedule exports", "Generalized credential handling")
    spec += "\n### User Story 3 - Deferred: printing (Priority: P3)\n\nLater.\n"
    tasks = """
    # Tasks: Export

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Writer in src/export/csv.py

    ## Phase 2: User Story 8 - Generalized credential handling

    ### Implementation for User Story 8
    - [ ] T002 [US8] Keys in src/export/keys.py
    """
    spec_folder(repo, "specs/007-export", tasks, spec)
    result = repo.check("--select", "SP019")
    # Story 2 is served under its title; the deferred story 3 needs no task; the label is wrong.
    assert result.found() == [("SP019", "specs/007-export/tasks.md", 9, 12)]


def test_plans_laid_out_in_fields_and_later_gates(repo: Repo) -> None:
    plan = (
        "# Plan\n\n**Language**: Rust\n\n**Architecture**: one crate\n"
        "\n## Phase 1\n**File**: src/a.rs\n\n## Phase 2\n**File**: src/b.rs\n"
    )
    tasks = "# Tasks\n\n## Phase 1: User Story 1\n- [x] T001 [US1] Writer in src/export/csv.py\n"
    spec_folder(
        repo, "specs/007-export", tasks + "- [ ] T002 [US1] Query in src/q.py\n", SPEC, plan
    )
    repo.write(
        "specs/007-export/checklists/gates.md",
        "# Gates\n\n## Requirements\n- [ ] CHK001 Clear\n\n## Release Sign-off\n- [ ] CHK002 Shipped\n",
    )
    result = repo.check("--select", "SP008,SP012")
    assert result.found() == [("SP012", "specs/007-export/checklists/gates.md", 4, 3)]


def test_explained_gaps_moved_blocks_and_misnamed_specs(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1
    - [x] T001 a in a.py
    - [x] T002 b in a.py

    T003-T004 are superseded by T005.

    - [x] T005 c in a.py
    - [x] T009 d in a.py
    - [x] T010 e in a.py
    - [x] T011 f in a.py
    - [x] T006 g in a.py
    - [x] T007 h in a.py
    - [x] T008 i in a.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    repo.write("specs/008-import/import-spec.md", "# Feature Specification: Import\n")
    repo.write("specs/008-import/plan.md", PLAN)
    result = repo.check("--select", "SP005,SP009")
    assert result.found() == [
        ("SP009", "specs/007-export/tasks.md", 13, 7),
        ("SP005", "specs/008-import/plan.md", 1, 1),
    ]
    # T006-T008 moved as one block: one diagnostic; T003-T004 are accounted for.
    assert "task T006 of spec 007-export comes after T011" in result.messages("SP009")[0]
    assert "rename it to spec.md" in result.messages("SP005")[0]


def test_block_numbering_emoji_ids_and_inserted_blocks(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1
    - [x] ✅ T001 a in a.py
    - [x] ✅ T002 b in a.py

    ## Phase 2
    - [x] T101 c in a.py
    - [x] T102 d in a.py
    - [x] T096a e in a.py
    - [x] T098a f in a.py
    - [x] T104 g in a.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP009")
    # Phase 2 opens a block at T101; T096a and T098a moved as one block; T103 is a real gap.
    assert result.found() == [
        ("SP009", "specs/007-export/tasks.md", 10, 7),
        ("SP009", "specs/007-export/tasks.md", 12, 7),
    ]
    assert "T096a of spec 007-export comes after T102" in result.messages("SP009")[0]
    assert "follows T102: T103 is missing" in result.messages("SP009")[1]


def test_plans_naming_their_stack_in_prose_and_checklists_passed_in_words(repo: Repo) -> None:
    plan = "# Plan\n\n## Summary\nA Svelte 5 view over IndexedDB.\n\n## Proposed Changes\n- a.ts\n"
    tasks = "# Tasks\n\n## Phase 1: User Story 1\n- [x] T001 [US1] Writer in src/export/csv.py\n"
    spec_folder(repo, "specs/007-export", tasks, SPEC, plan)
    repo.write(
        "specs/007-export/checklists/requirements.md",
        "# Checklist\n\n- [ ] CHK001 Clear\n\n## Notes\nAll checks pass; ready for planning.\n",
    )
    spec_folder(repo, "specs/008-import", tasks, SPEC, "# Plan\n\n## Summary\nImport files.\n")
    result = repo.check("--select", "SP008,SP012")
    assert result.found() == [("SP008", "specs/008-import/plan.md", 1, 3)]


def test_round_six_patterns(repo: Repo) -> None:
    tasks = """
    # Tasks

    ### T001: Writer in src/export/csv.py

    ## Final Implementation Status
    - ✅ T001-T002: writer and query done
    """
    spec_folder(repo, "specs/007-export", tasks)
    boxed = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Writer in src/export/csv.py
    - [x] T002 [US1] Write ExportTests.cs in tests/Export.Tests/

    **Verification Checklist** (from quickstart.md):
    - [ ] Exports open in a spreadsheet
    """
    spec_folder(repo, "specs/008-import", boxed)
    source(repo, "src/export/csv.py", "tests/Export.Tests/OtherTests.cs")
    plans = (
        "# Plan\n\n## Summary\nAn F# module built with dotnet; touches a/b.fs, a/c.fs, d.fsproj.\n"
    )
    spec_folder(repo, "specs/009-x", "# Tasks\n", SPEC, plans)
    result = repo.check("--select", "SP008,SP009,SP020")
    assert result.found() == [("SP020", "specs/008-import/tasks.md", 5, 24)]
    assert "ExportTests.cs does not exist" in result.messages("SP020")[0]


def test_round_seven_patterns(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T041 [US1] Loader in src/export/csv.py
    - [x] T0411 [US1] Loader cache in src/export/csv.py
      - T003 stays green ⇒ FR-003
    - [x] T042 [US1] Install Commander.js for the CLI in src/export/cli.py
    - [x] T043 [US1] Copy files with `COPY policy.yaml` in the Containerfile src/export/csv.py
    - [x] T044 [US1] Wire it in my-repo/src/export/csv.py
    - [x] T045 [US1] Writer in src/export/missing.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "src/export/cli.py")
    plain = "# Plan\n\n## Summary\nAdd a column to src/export/csv.py.\n"
    spec_folder(repo, "specs/008-import", "# Tasks\n", SPEC, plain)
    spec_folder(repo, "specs/009-empty", "# Tasks\n", SPEC, "# Plan\n\n## Summary\nDo it.\n")
    result = repo.check("--select", "SP008,SP009,SP020")
    # T0411 sorts after T041; the sub-bullet refers to T003; Commander.js, the COPY source and
    # the path written from above the repository are no phantoms; a plain plan that works in
    # named files has its stack and structure. What is left is real.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 10, 28),
        ("SP008", "specs/009-empty/plan.md", 1, 3),
    ]


def test_round_eight_patterns(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Config in repo/vercel.json and repo/src/export/csv.py
    - [x] T002 [US1] Update the README if it exists (none does: N/A)
    - [x] T003 [US1] Cover clock/duration/host-path/ordering/ cases in src/export/csv.py
    - [x] T004 [US1] Writer in repo/src/export/missing.py
    - [ ] T005 [US1] Preview the page in the dev server
    - [ ] T006 [US1] Seed a temporary failure and confirm the check fails
    - [ ] T007 [US1] Log structured events in rooms/services
    - [ ] T008 [US1] Retry failed exports
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "vercel.json", "src/export/csv.py", "server/rooms/a.ts", "server/services/b.ts")
    result = repo.check("--select", "SP010,SP020")
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 7, 28),
        ("SP010", "specs/007-export/tasks.md", 11, 18),
    ]
    assert "repo/src/export/missing.py does not exist" in result.messages("SP020")[0]


def test_round_nine_patterns(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Smoke-test the CLI: `export > out.txt` from src/export/csv.py
    - [x] T002 [US1] Write tasks.json into the user's worktree from src/export/csv.py
    - [x] T003 [US1] Add scripts/validate.py after acme/tools#18 lands
    - [x] T004 [US1] Writer in src/export/gone.py (keep gone.py small)
    - [ ] T005 [US1] Lint and typecheck all new files
    - [ ] T006 [US1] Add the custom domain in the hosting dashboard
    - [ ] T007 [US1] Create the manifest: `podman manifest create exporter`
    - [ ] T008 [US1] Handle empty reports

    ## Phase 2: Validation
    - [ ] T009 Codebase sweep: no legacy exporters remain
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP010,SP020")
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 7, 28),
        ("SP010", "specs/007-export/tasks.md", 11, 18),
    ]


def test_readme_by_its_stem_and_repository_name_that_is_also_a_folder(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Update the service README in src/export/csv.py
    - [x] T002 [US1] Plugin state in repo/plugin/src/main.rs
    - [x] T003 [US1] Plugin sync in repo/plugin/src/sync.rs
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "src/export/README.md", "plugin/src/main.rs", "repo/go.mod")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 6, 33)]


def test_inserted_tasks_may_stand_before_their_base(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1
    - [x] T042 a in a.py
    - [x] T043a b in a.py
    - [x] T043b c in a.py
    - [x] T043 d in a.py
    - [x] T044 e in a.py
    - [x] T043c f in a.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP009")
    # Inserts before their base are fine; one placed after a later number is not.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 9, 7)]
    assert "task T043c of spec 007-export comes after T044" in result.messages("SP009")[0]


def test_paths_made_at_run_time_or_given_as_examples(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Setup creates container/context/ in the user's setup directory (src/export/csv.py)
    - [x] T002 [US1] Generate sitemap.xml with the site plugin in src/export/csv.py
    - [x] T003 [US1] Accept an output folder, e.g. docs/surface, in src/export/csv.py
    - [x] T004 [US1] Writer in src/export/absent.py
    - [x] T005 [US1] Read settings.yaml instead of old-settings.yaml in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 7, 28)]


def test_conditional_and_recorded_tasks_and_dotfiles(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Update the git remote URL if needed
    - [ ] T002 [US1] Line count: 13,994
    - [ ] T003 [US1] Replace the `.spex-state` check with the new marker
    - [ ] T004 [US1] Show the request in debug.log
    - [ ] T005 [US1] Handle empty reports
    - [ ] T006 [US1] Commit, push and open a PR
    - [ ] T007 [US1] **(exp-12)** Verify the prompt renders
    - [ ] T008 [US1] Configure the custom domain
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 8, 18)]


def test_recorded_results_same_file_tasks_and_host_settings_name_no_file(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [ ] T001 [US1] Zero LegacyMode references confirmed
    - [ ] T002 [US1] Documented: baseline 14.2% → 22.15%
    - [ ] T003 [US1] Parser round trip → PASSED
    - [ ] T004 [US1] Add the export test in `tests/export_test.py`
    - [ ] T005 [US1] In the same file, add a test for empty reports
    - [ ] T006 [US1] Add REGISTRY_TOKEN as GitHub Actions secrets
    - [ ] T007 [US1] Handle confirmed orders
    - [ ] T008 [US1] Add a test for the same file twice
    - [ ] T009 [US1] Rename the parent folder (manual action)
    - [x] T010 [US1] Handle refunds
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/export_test.py")
    result = repo.check("--select", "SP010")
    # Three record a check's outcome, T005's file is T004's, T006 works in GitHub's settings,
    # T009 is a person's step, and T010 is done: how it was worded is history. "confirmed"
    # inside a description is no outcome; T008 follows T007, which names no file.
    assert result.found() == [
        ("SP010", "specs/007-export/tasks.md", 10, 18),
        ("SP010", "specs/007-export/tasks.md", 11, 18),
    ]


def test_parallel_tasks_about_one_file_in_two_others_do_not_collide(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [ ] T001 [P] [US1] Replace the `find` patterns for `bin/state.sh` and `bin/ctx.sh` in `cmd/finish.md`
    - [ ] T002 [P] [US1] Replace the `find` patterns for `bin/ctx.sh` in `cmd/submit.md`
    - [ ] T003 [P] [US1] Add retries to `bin/ctx.sh` for `cmd/ship.md`
    - [ ] T004 [P] [US1] Log failures in `bin/ctx.sh`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "bin/state.sh", "bin/ctx.sh", "cmd/finish.md", "cmd/submit.md", "cmd/ship.md")
    result = repo.check("--select", "SP010")
    # T001 and T002 write the two command documents, which only mention bin/ctx.sh; T003 and
    # T004 both change bin/ctx.sh.
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 7, 39)]
    assert "T003 and T004" in result.messages("SP010")[0]


def test_check_labels_before_a_task_mean_it_only_reads(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [ ] T001 (exp-12) [US1] Verify the shell starts with the prompt
    - [ ] T002 [US1] Visual test: open every form and verify the colours
    - [ ] T003 [US1] [VALIDATION] Verify the credit appears on every page
    - [ ] T004 [US1] Unit tests: write tests for the parser
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010")
    # "Unit tests:" labels work that writes tests: it still names no file.
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 7, 18)]


def test_paths_compared_absent_in_code_or_fixture_content(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Validator in src/export/csv.py, agreeing with `scripts/old-check.py`
    - [x] T002 [US1] A work item lacking `work/007-export/notes.md` fails in src/export/csv.py
    - [x] T003 [US1] Tests that did `vi.mock("../store.svelte")` mock src/export/csv.py instead
    - [x] T004 [US1] Call `build(entity, store.config)` from src/export/csv.py
    - [x] T005 [US1] Reflection fields `schemas/meta/services/dev.source` in src/export/csv.py
    - [x] T006 [US1] Populate `tests/fixtures/export/manifest.yml` with
      a valid `work/007-export/spec.md` and src/export/csv.py
    - [x] T007 [US1] Settings in `src/export/settings.config`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "tests/fixtures/export/manifest.yml")
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 11, 31)]


def test_an_inserted_test_task_may_stand_in_the_tests_section(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1

    ### Implementation
    - [x] T010 [US1] Writer in src/export/csv.py
    - [x] T011 [US1] Reader in src/export/csv.py
    - [x] T013a [US1] Cache in src/export/csv.py
    - [x] T012 [US1] Button in src/export/csv.py

    ### Tests for US1
    - [x] T010a [US1] Writer tests in tests/test_csv.py
    - [x] T014 [US1] Reader tests in tests/test_csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP009")
    # T010a belongs with the tests; T013a and T012 in one section are out of order.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 9, 7)]


def test_work_in_a_folder_deleted_later_scaffold_folders_and_alternatives(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Balance migration in backend/store/db.go
    - [x] T002 [US1] Create the test directory structure tests/contract/ and tests/unit/
    - [x] T003 [US1] Badge test in src/export/config_test.go (or src/export/csv.py)
    - [x] T004 [US1] Naming tests in tests/naming.test.ts (COMPLETED - covered by csv tests)
    - [x] T005 [US1] Fixture `tests/fixtures/empty-case/` with no settings file
    - [x] T006 [US1] Writer in src/export/writer.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "tests/test_csv.py", "backend/store/sqlite.go")
    repo.commit("store")
    repo.git("rm", "-q", "-r", "backend")
    repo.commit("the store moves to an ORM")
    result = repo.check("--select", "SP020")
    # The store folder is gone as a whole: its tasks are history. An empty scaffold folder is
    # not in git; a fixture folder meant to hold files, and a writer never written, are missing.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 8, 27),
        ("SP020", "specs/007-export/tasks.md", 9, 28),
    ]


def test_files_named_by_the_section_and_work_in_hosting_settings(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 3: User Story 1

    ### Tests for User Story 1 (in `ExportTests.fs`)
    - [ ] T010 [US1] Determinism test: export twice and compare the bytes

    ### Implementation for User Story 1
    - [ ] T011 [US1] Set environment variables in Cloudflare Pages (EXPORT_KEY)
    - [ ] T012 [US1] End-to-end validation: export against the staging bucket
    - [ ] T013 [US1] Add the export button
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/ExportTests.fs")
    result = repo.check("--select", "SP010")
    assert result.found() == [("SP010", "specs/007-export/tasks.md", 11, 18)]


def test_closed_tasks_name_no_file_and_files_a_later_task_deletes(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [N/A] T001 [US1] Implement the handler codegen (macro-based instead)
    - [x] T002 [US1] Codemod in scripts/codemod/rename.ts
    - [x] T003 [US1] Writer in src/export/writer.py
    - [ ] T004 [US1] Delete scripts/codemod/rename.ts once the rename landed
    - [ ] T005 [US1] Handle empty reports
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP010,SP020")
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 6, 28),
        ("SP010", "specs/007-export/tasks.md", 8, 18),
    ]


def test_another_repository_named_by_the_spec_and_bare_names_spelled_out(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Client models in mobile-app/Sources/Models/Export.swift
    - [x] T002 [US1] Create the directory structure: `backend/tests/contract/`
    - [x] T003 [US1] Landing copy in site/src/pages/index.astro
    - [x] T004 [US1] Steps widget in index.astro
    - [x] T005 [US1] Guard the private guard/sort/`isBlocked`/gate lines in src/export/csv.py
    - [x] T006 [US1] Export button in web/src/ExportButton.tsx
    """
    spec_folder(repo, "specs/007-export", tasks)
    repo.write(
        "specs/007-export/repositories.md",
        "# Repositories\n\n- **mobile-app**: the iOS client repo\n",
    )
    source(repo, "src/export/csv.py", "site/astro.config.mjs")
    result = repo.check("--select", "SP020")
    # The iOS repository's files are its own; an empty scaffold folder is not in git; the bare
    # `index.astro` is the page T003 spells out, missing for both; words joined by slashes
    # around code are no folder; the button was never written.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 6, 34),
        ("SP020", "specs/007-export/tasks.md", 7, 34),
        ("SP020", "specs/007-export/tasks.md", 9, 35),
    ]


def test_tasks_in_a_section_deferred_on_purpose(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Writer in src/export/csv.py
    - [x] T003 [US1] Reader in src/export/csv.py
    - [x] T004 [US1] Button in src/export/csv.py

    ## Phase 2: Docs wording (deferred to the wrap-up)
    - [x] T002 [US1] Docs in docs/export.md

    ## Phase 3: Polish
    - [x] T006 Cleanup in src/export/csv.py
    - [x] T005 Lint in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    result = repo.check("--select", "SP009")
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 13, 7)]


def test_gaps_of_work_skipped_by_decision_and_of_a_selection(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Writer in src/export/csv.py
    - [x] T002 [US1] Reader in src/export/csv.py

    ## Phase 2: User Story 2 - Scheduler analysis
    **Finding**: the scheduler already streams rows.
    - [x] T006 [US2] Analyse the scheduler in src/export/csv.py

    **Implementation Decision**: Skip migration. The scheduler is fine as it is.

    ## Phase 3: Polish
    - [x] T010 Cleanup in src/export/csv.py
    - [x] T013 Lint in src/export/csv.py

    ## Completed Follow-up Tasks
    - [x] T020 Docs in src/export/csv.py
    - [x] T024 Changelog in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP009")
    # T003-T005 and T007-T009 went with the skip decision of Phase 2, and the completed
    # follow-ups are a selection; Phase 3 has no such word, so T011-T012 are missing.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 15, 7)]
    assert "T011-T012 are missing" in result.diagnostics[0]["message"]


def test_a_phase_whose_work_moved_and_ids_appended_by_design(repo: Repo) -> None:
    moved = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T010 [US1] Writer in src/export/csv.py
    - [x] T011 [US1] Reader in src/export/csv.py

    ## Phase 2: User Story 2

    ### Moved (absorbed by spec 008)
    > The rest of this story is delivered by specs/008-scheduler/.

    ### Implementation
    - [x] T016 [US2] Scheduler hook in src/export/csv.py

    ## Phase 3: Polish
    - [x] T017 Cleanup in src/export/csv.py
    - [x] T019 Lint in src/export/csv.py
    """
    appended = """
    # Tasks

    Tasks added after the analysis keep appended task ids while remaining in their phase.

    ## Phase 1: User Story 1
    - [x] T001 [US1] Writer in src/export/csv.py
    - [x] T005 [US1] Reader test in src/export/csv.py
    - [x] T002 [US1] Reader in src/export/csv.py

    ## Phase 2: Polish
    - [x] T003 Cleanup in src/export/csv.py
    - [x] T004 Lint in src/export/csv.py
    - [x] T007 Docs in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", moved)
    spec_folder(repo, "specs/009-import", appended)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP009")
    # T012-T015 moved with the story's work; T018 is missing in a phase that says nothing. The
    # appended T005 stands where it belongs, but T006 is still a gap.
    assert result.found() == [
        ("SP009", "specs/007-export/tasks.md", 17, 7),
        ("SP009", "specs/009-import/tasks.md", 13, 7),
    ]


def test_paths_of_dropped_tasks_values_and_other_repositories(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [-] T001 [US1] Populate — skipped: replaced by temporary-folder tests.
      `tests/fixtures/adds-items/manifest.yml` with the expected items
    - [x] T002 [US1] Tests in `tests/csv_test.py` for `tests/fixtures/adds-items/`
    - [x] T003 [US1] Tests in `tests/csv_test.py` for the created artifact path `work/007/notes.md`
    - [x] T004 [US1] The gate (`acme-org/.github` `.github/workflows/coherence.yml`) checks it
    - [x] T005 [US1] Writer in `src/export/writer.py`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/csv_test.py", ".github/workflows/ci.yml", "src/export/csv.py")
    repo.commit("tests")
    result = repo.check("--select", "SP020")
    # T001 was dropped, so its fixture folder is not wanted; the artifact path is a value the
    # test checks; the workflow is acme-org/.github's. The writer was never written.
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 9, 29)]


def test_temporary_projects_command_documents_and_files_deleted_elsewhere(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Tests in `tests/csv_test.py`: `Effects` creates `work/007/charter.md` in a temporary initialized project
    - [x] T002 [US1] Add the ssh section to `agent/commands/build.md`: (C7) Generate `ssh/build.sh`
    - [x] T003 [US1] Logging in src/peer/net/CentralManager.cs
    - [x] T004 [US1] Writer in `src/export/writer.py`
    - [x] T005 [US1] Entry point in `src/cli/main.rs`
    - [x] T006 [US1] Session store in `src/auth/session.go`
    - [x] T007 [US1] Session cleanup in `src/store/session.go`
    """
    # An earlier app's entry point, deleted before the task list was written.
    repo.monkeypatch.setenv("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
    source(repo, "src/app/main.rs")
    repo.commit("the old app")
    repo.git("rm", "-q", "src/app/main.rs")
    repo.commit("redo")
    repo.monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z")
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "tests/csv_test.py", "agent/commands/build.md", "src/peer/conn/CentralManager.cs")
    source(repo, "src/store/session.go")
    repo.commit("manager under conn/")
    repo.monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-03-01T00:00:00Z")
    repo.git("rm", "-q", "src/peer/conn/CentralManager.cs", "src/store/session.go")
    repo.commit("peer-to-peer: the central manager goes")
    repo.monkeypatch.delenv("GIT_COMMITTER_DATE")
    result = repo.check("--select", "SP020")
    # The charter is made in a temporary project, the script by the command when it runs, and
    # the manager was written under peer/conn/ and deleted after the list was written. The
    # writer was never written; the old app's main.rs, deleted before, is no work of this list;
    # store/session.go was T007's, and src/ alone is too little in common to make it T006's.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 7, 29),
        ("SP020", "specs/007-export/tasks.md", 8, 34),
        ("SP020", "specs/007-export/tasks.md", 9, 36),
    ]


def test_files_renamed_since_and_near_namesakes_are_offered(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Handle extension in `pkg/test/Runner.start.handleExtend.test.ts`
    - [x] T002 [US1] Error hook in `pkg/test/Runner.start.onError.test.ts`
    - [x] T003 [US1] Modal store tests in `web/stores/modal.svelte.test.ts`
    - [x] T004 [US1] Tab tests in `web/tabs/Tab.test.ts`
    - [x] T005 [US1] Installer in `pkg/src/state-field/install.ts`
    - [x] T006 [US1] Entry point in `apps/Host/Program.cs`
    - [x] T007 [US1] Smoke test in `pkg/test/Legacy.basic.test.ts`
    """
    repo.monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z")
    repo.write("pkg/test/Runner/Legacy.basic.test.ts", "the legacy smoke test\n" * 20)
    spec_folder(repo, "specs/007-export", tasks)
    source(
        repo,
        "pkg/test/Runner/Runner.start.handleExtend.test.ts",
        "pkg/test/Runner/Runner.start.onError.test.ts",
        "web/stores/modal.test.ts",
        "web/tabs/Tab.svelte",
        "pkg/src/field-kernel/install.ts",
        "pkg/lib/install.ts",
        "apps/Host/Host.cs",
        "apps/Cli/Program.cs",
        "apps/Web/Program.cs",
    )
    repo.commit("the work, under neighbouring folders")
    repo.monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-03-01T00:00:00Z")
    repo.git(
        "mv",
        "pkg/test/Runner/Runner.start.handleExtend.test.ts",
        "pkg/test/Runner/Runner.run.handleExtend.test.ts",
    )
    repo.git("rm", "-q", "pkg/test/Runner/Runner.start.onError.test.ts")
    repo.git("rm", "-q", "pkg/test/Runner/Legacy.basic.test.ts")
    repo.write("pkg/test/Runner/Modern.basic.test.ts", "a rewrite, nothing like the old one\n")
    repo.commit("start becomes run; the error hook goes; the smoke test is rewritten")
    repo.monkeypatch.delenv("GIT_COMMITTER_DATE")
    result = repo.check("--select", "SP020")
    # The extension test lives on under its new name (git saw the rename) and the smoke test in
    # its rewrite, so T001 and T007 name wrong paths; the error hook's test was made nearby and
    # removed with nothing in its place: history. The others name files that are not there.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 4, 39),
        ("SP020", "specs/007-export/tasks.md", 6, 40),
        ("SP020", "specs/007-export/tasks.md", 7, 32),
        ("SP020", "specs/007-export/tasks.md", 8, 32),
        ("SP020", "specs/007-export/tasks.md", 9, 34),
        ("SP020", "specs/007-export/tasks.md", 10, 33),
    ]
    hints = [
        d["message"].partition("(did you mean ")[2].partition("?)")[0] for d in result.diagnostics
    ]
    assert hints == [
        "pkg/test/Runner/Runner.run.handleExtend.test.ts",  # the file it was renamed to
        "web/stores/modal.test.ts",  # the same file but for the parts that say its kind
        "",  # a component is not its test
        "pkg/src/field-kernel/install.ts",  # of two namesakes, the one of a renamed folder
        "",  # apps/Host/ is there: which of the other Program.cs was meant is anyone's guess
        "pkg/test/Runner/Modern.basic.test.ts",  # rewritten, not renamed: it keeps `basic`
    ]


def test_tasks_carried_over_from_another_spec_keep_their_ids(repo: Repo) -> None:
    carried = """
    # Tasks

    Carries forward spec 006 tasks T027–T028 (US3), deferred there to this one.

    ## Phase 1: User Story 3
    - [x] T001 [US3] Writer in src/export/csv.py
    - [x] T027 [US3] Reader in src/export/csv.py
    - [x] T028 [US3] Button in src/export/csv.py
    - [x] T030 [US3] Docs in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", carried)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP009")
    # T002-T026 were spec 006's; T029 is missing here all the same.
    assert result.found() == [("SP009", "specs/007-export/tasks.md", 9, 7)]
    assert "T029 is missing" in result.diagnostics[0]["message"]


def test_values_lines_pointed_at_untouched_files_and_files_made_elsewhere(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Drift check in `src/export/csv.py` with `--param baselineRoot=docs/surface`
    - [x] T002 [US1] Blocked reports go to stderr (`Cli/Program.fs:91`) in `src/export/csv.py`
    - [x] T003 [US1] Tests in `tests/csv_test.py` proving the plan runs without mutating `work/007/plan.md`
    - [x] T004 [US1] Create src/export/init.lisp for the setup (implemented in csv.py)
    - [x] T005 [US1] Keyword setup in src/export/init.lisp
    - [x] T006 [US1] Writer in `src/export/writer.py`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "tests/csv_test.py")
    repo.commit("export")
    result = repo.check("--select", "SP020")
    # A setting's value, a line pointed at, a file the test leaves alone, a file T004 says it
    # made elsewhere (T005 names it too): only the writer was never written.
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 9, 29)]


def test_continuation_lines_equal_spellings_and_allowed_other_files(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Dry-run tests in
      `tests/csv_test.py` proving the plan reports changes without mutating
      `work/007/plan.md`, for the created artifact
      path `work/007/notes.md`
    - [x] T002 [US1] Destinations deduplicated (./Lib = Lib/ = Lib) in `src/export/csv.py`
    - [x] T003 [US1] Root override: `--param baselineRoot=docs/surface` maps to `docs/surface/`
    - [x] T004 [US1] A marker type, e.g. in a new `CollectionsFixture.fs` or the existing support file
    - [x] T005 [US1] Request record in src/export/Request.cs (in csv.py)
    - [x] T007 [US1] Import dialog in src/export/ImportDialog.tsx (integrated in ExportPage)
    - [x] T008 [US1] Table tests in their respective `_test.go` files for src/export/csv.py
    - [x] T009 [US1] Drift model in src/export/csv.py (contract; R2/R3/ and R5)
    - [x] T006 [US1] Writer in
      `src/export/writer.py`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "tests/csv_test.py")
    repo.commit("export")
    result = repo.check("--select", "SP020")
    # Left alone, asserted, set equal to its other spellings, a value named twice, one of two
    # allowed files, made in csv.py: only the writer, on its continuation line, is missing.
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 16, 4)]


def test_combined_ids_and_malformed_duplicates(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T004 [US1] Writer in src/export/csv.py
    - [x] T005/T006 [US1] Reader and its tests in src/export/csv.py
    - [x] T007 [US1] Button in src/export/csv.py
    - [x] T8 [US1] Docs in src/export/csv.py
    - [x] T8 [US1] Lint in src/export/csv.py
    - [x] T009 [US1] Cleanup in src/export/csv.py
    - [x] T009 [US1] Release in src/export/csv.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py")
    result = repo.check("--select", "SP009")
    # T005/T006 is two tasks done as one; each T8 is malformed (once each, not also "used
    # twice"); the second T009 is a real duplicate.
    assert result.found() == [
        ("SP009", "specs/007-export/tasks.md", 7, 7),
        ("SP009", "specs/007-export/tasks.md", 8, 7),
        ("SP009", "specs/007-export/tasks.md", 10, 7),
    ]
    assert "used twice" in result.diagnostics[2]["message"]


def test_archived_specs_are_history_and_files_only_if_present(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Sync engine tests in `packages/core/tests/sync/engine.test.ts`
    - [x] T002 [US1] Add an entry to `apps/web/AGENTS.md` (if present)
    """
    spec_folder(repo, "specs/archive/053-sync", tasks)
    spec_folder(repo, "specs/054-sync-again", tasks)
    source(repo, "packages/core/src/index.ts", "apps/web/index.ts")
    repo.commit("sync")
    result = repo.check("--select", "SP020")
    # The archived spec is history; the live one lacks its tests; AGENTS.md was optional.
    assert result.found() == [("SP020", "specs/054-sync-again/tasks.md", 4, 40)]


def test_a_note_under_the_task_says_where_the_file_lives(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Latency harness `server/scripts/harness.ts`
    - [x] T002 [US1] Quickstart check `server/scripts/check.ts`
    \t> Note: the harness lives at `server/src/scripts/harness.ts`, not where T001 says.
    - [x] T003 [US1] Seed data `server/scripts/seed.ts`
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "server/src/scripts/harness.ts", "server/src/scripts/seed.ts")
    repo.commit("scripts")
    result = repo.check("--select", "SP020")
    # The note records where the harness went; nothing says where the seed script is, and the
    # quickstart check was never written.
    assert result.found() == [
        ("SP020", "specs/007-export/tasks.md", 5, 36),
        ("SP020", "specs/007-export/tasks.md", 7, 29),
    ]
    assert "did you mean server/src/scripts/seed.ts?" in result.diagnostics[1]["message"]
    # With no file of its name anywhere, the message offers no guess.
    assert result.diagnostics[0]["message"].endswith(
        "; do the work, correct the path, or uncheck the task"
    )


def test_ignored_paths_named_again_bare_home_paths_and_history_from_above(repo: Repo) -> None:
    tasks = """
    # Tasks

    ## Phase 1: User Story 1
    - [x] T001 [US1] Hook points in `.tool/extensions.yml`
      **Acceptance:** Extensions.yml lists the new hook.
    - [x] T002 [US1] Config paths (macOS: `~/Library/Application Support/export/`) in src/export/csv.py
    - [x] T003 [US1] Prune test in repo/plugin/src/sync.rs
    - [x] T004 [US1] Writer in src/export/writer.py
    """
    spec_folder(repo, "specs/007-export", tasks)
    source(repo, "src/export/csv.py", "plugin/src/sync.rs")
    repo.write(".gitignore", ".tool/extensions.yml\n")
    repo.write(".tool/settings.yml", "a: 1\n")
    repo.commit("plugin")
    repo.git("rm", "-q", "plugin/src/sync.rs")
    repo.commit("the plugin's legacy sync goes")
    # The repository's folder is `repo`: `repo/plugin/src/sync.rs` was written from above it.
    result = repo.check("--select", "SP020")
    assert result.found() == [("SP020", "specs/007-export/tasks.md", 8, 28)]
