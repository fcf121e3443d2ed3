"""SP001–SP021 (but SP013, SP016, SP017, which need git history): the spec lifecycle."""

from __future__ import annotations

import os

import pytest

from conftest import Repo

FOLDER = "specs/004-login"

SPEC = """
# Feature Specification: Login

**Feature Branch**: `004-login`
**Created**: 2025-12-01
**Status**: In progress

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Log in (Priority: P1)

A user logs in with email and password.

**Independent Test**: Log in with a known account and land on the dashboard.

**Acceptance Scenarios**:

1. **Given** a known account, **When** the user logs in, **Then** the dashboard opens.

### User Story 2 - Log out (Priority: P2)

**Independent Test**: Log out and see the login page.

## Requirements *(mandatory)*

- **FR-001**: System MUST authenticate users by email and password.

## Success Criteria *(mandatory)*

- **SC-001**: Login takes under a second.

## Clarifications

### Session 2025-12-02
- Q: Which method? → A: Email and password.
"""

PLAN = """
# Implementation Plan: Login

## Technical Context
**Language/Version**: Python 3.12

## Project Structure
- src/auth/

## Phases
1. Login, 2. Logout

## Risks
- Credential stuffing: rate-limit the endpoint.
"""

TASKS = """
# Tasks: Login

## Phase 1: Setup
- [X] T001 Create project structure per implementation plan

## Phase 2: User Story 1 - Log in (Priority: P1)
- [X] T002 [P] [US1] Login form in src/auth/form.py
- [X] T003 [P] [US1] Session store in src/auth/session.py

## Phase 3: User Story 2 - Log out (Priority: P2)
- [ ] T004 [US2] Logout in src/auth/session.py
"""

CHECKLIST = """
# Specification Quality Checklist: Login

- [x] CHK001 - Are lockout rules specified? [Completeness]
- [x] No [NEEDS CLARIFICATION] markers remain
"""


def good_spec(repo: Repo, folder: str = FOLDER, stage: str | None = "implementing") -> None:
    """A spec that keeps every rule, at `stage` (no .status when None)."""
    repo.write(f"{folder}/spec.md", SPEC.replace("004-login", folder.rsplit("/", 1)[-1]))
    repo.write(f"{folder}/plan.md", PLAN)
    finished = stage is not None and stage.split()[0] in (
        "testing",
        "review",
        "merged",
        "released",
        "closed",
    )
    repo.write(
        f"{folder}/tasks.md", TASKS.replace("- [ ] T004", "- [X] T004") if finished else TASKS
    )
    repo.write(f"{folder}/checklists/requirements.md", CHECKLIST)
    if stage is not None:
        repo.write(f"{folder}/.status", stage + "\n")
    for name in ("form.py", "session.py"):
        repo.write(f"src/auth/{name}", "# code\n")


def test_good_specs_pass_every_rule(repo: Repo) -> None:
    good_spec(repo)
    good_spec(repo, "specs/005-logout", "review")
    good_spec(repo, "specs/20251201-101500-sso", "planned")
    good_spec(repo, "specs/spec-006-profile", "draft")
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0


# SP001 / SP002 -------------------------------------------------------------------------------


def test_sp001_folder_names(repo: Repo) -> None:
    good_spec(repo, "specs/004_Login")
    good_spec(repo, "specs/4-signup")
    repo.write("specs/README.md", "# Specs\n")
    result = repo.check("--select", "SP001")
    assert result.found() == [
        ("SP001", "specs/004_Login/spec.md", 1, 1),
        ("SP001", "specs/4-signup/spec.md", 1, 1),
    ]
    assert 'rename it (e.g. "004-login")' in result.messages("SP001")[0]


def test_sp001_accepts_every_form(repo: Repo) -> None:
    for folder in (
        "specs/spec-001-a",
        "specs/002-b-c",
        "specs/20260101-120000-d",
        "specs/hotfix-001-crash",
    ):
        repo.write(f"{folder}/spec.md", "# x\n")
    assert repo.check("--select", "SP001").found() == []


def test_sp002_shared_numbers(repo: Repo) -> None:
    good_spec(repo, "specs/004-login")
    good_spec(repo, "specs/spec-004-signup")
    good_spec(repo, "specs/hotfix-004-crash")
    good_spec(repo, "specs/20251201-101500-sso")
    good_spec(repo, "specs/20251201-101500-other")
    result = repo.check("--select", "SP002")
    assert result.found() == [
        ("SP002", "specs/004-login/spec.md", 1, 1),
        ("SP002", "specs/spec-004-signup/spec.md", 1, 1),
    ]
    assert "shares its number 004 with specs/spec-004-signup" in result.messages("SP002")[0]


# SP003 / SP004 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "position", "message"),
    [
        ("", (1, 1), "is empty; write its stage"),
        ("   \n", (1, 1), "is empty; write its stage"),
        ("done\n", (1, 1), '"done" in .status of spec 004-login is not a stage'),
        ("implementing\nsome notes\nmore notes\n", (2, 1), 'line 2 "some notes" and 1 more line'),
        ("Implementing \n", (1, 1), "is not written exactly; write `implementing`"),
        ("checklist validated\n", (1, 1), "write `checklist-validated`"),
    ],
)
def test_sp003_status_file(
    repo: Repo, content: str, position: tuple[int, int], message: str
) -> None:
    good_spec(repo)
    repo.write(f"{FOLDER}/.status", content)
    result = repo.check("--select", "SP003")
    assert result.found() == [("SP003", f"{FOLDER}/.status", *position)]
    assert message in result.messages("SP003")[0]


def test_sp003_accepts_paused_bom_and_crlf(repo: Repo) -> None:
    good_spec(repo)
    repo.write(f"{FOLDER}/.status", "implementing\n\npaused: waiting for the SSO contract\n")
    good_spec(repo, "specs/005-x", "review")
    repo.write_bytes("specs/005-x/.status", b"\xef\xbb\xbfreview\r\n")
    result = repo.check()
    assert result.found() == []
    assert "stage implementing (paused)" in repo.check("-v").stderr


def test_sp003_binary_status_is_pl001(repo: Repo) -> None:
    good_spec(repo)
    repo.write_bytes(f"{FOLDER}/.status", b"\x00\x01\x02implementing")
    result = repo.check("--select", "SP003,PL001")
    assert result.found() == [("PL001", f"{FOLDER}/.status", 1, 1)]


def test_sp003_fix_writes_the_stage_exactly(repo: Repo) -> None:
    good_spec(repo)
    repo.write_bytes(f"{FOLDER}/.status", b"\xef\xbb\xbf  Implementing \r\npaused: waiting\r\n")
    json_fix = repo.check()
    assert json_fix.found("SP003") == [("SP003", f"{FOLDER}/.status", 1, 1)]
    fix = json_fix.diagnostics[0]["fix"]
    assert fix["edits"][0]["text"] == "implementing"
    assert (repo.path / FOLDER / ".status").read_bytes().startswith(b"\xef\xbb\xbf  Implementing")
    fixed = repo.check("--fix")
    assert fixed.found() == []
    assert "fixed 1 problem(s) in 1 file(s)" in fixed.stderr
    assert (
        repo.path / FOLDER / ".status"
    ).read_bytes() == b"\xef\xbb\xbfimplementing\r\npaused: waiting\r\n"


def test_sp004_missing_status_when_others_have_one(repo: Repo) -> None:
    good_spec(repo)
    good_spec(repo, "specs/005-logout", None)
    result = repo.check("--select", "SP004")
    assert result.found() == [("SP004", "specs/005-logout/spec.md", 1, 1)]
    assert "(inferred: `implementing`)" in result.messages("SP004")[0]


def test_sp004_plain_spec_kit_repositories_need_no_status(repo: Repo) -> None:
    good_spec(repo, stage=None)
    good_spec(repo, "specs/005-logout", None)
    assert repo.check("--select", "SP004").found() == []


# SP005 ---------------------------------------------------------------------------------------


def test_sp005_declared_stage_without_its_artifacts(repo: Repo) -> None:
    repo.write(f"{FOLDER}/spec.md", SPEC.replace("## Clarifications", "## Notes"))
    repo.write(f"{FOLDER}/.status", "checklist-validated\n")
    result = repo.check("--select", "SP005")
    assert result.found() == [("SP005", f"{FOLDER}/.status", 1, 1)]
    assert result.messages("SP005")[0] == (
        "spec 004-login is at stage `checklist-validated` (declared in .status) but has no recorded "
        "clarifications (clarify.md or a Clarifications section in spec.md), plan.md, tasks.md and a "
        "checklist under checklists/; add them or move the stage back"
    )


def test_sp005_folder_without_spec_md(repo: Repo) -> None:
    repo.write(f"{FOLDER}/research.md", "# Research\n")
    result = repo.check("--select", "SP")
    assert result.found() == [("SP005", f"{FOLDER}/research.md", 1, 1)]
    assert "has no spec.md" in result.messages("SP005")[0]


def test_sp005_inferred_stage_needs_what_it_rests_on(repo: Repo) -> None:
    repo.write(f"{FOLDER}/spec.md", SPEC)
    repo.write(f"{FOLDER}/tasks.md", TASKS)
    result = repo.check("--select", "SP005")
    assert result.found() == [("SP005", f"{FOLDER}/spec.md", 1, 1)]
    assert (
        "(inferred: tasks.md has checked tasks) but has no plan.md; add it"
        in result.messages("SP005")[0]
    )


def test_sp005_hotfix_with_documented_exception(repo: Repo) -> None:
    folder = "specs/hotfix-007-crash"
    repo.write(
        f"{folder}/spec.md",
        "# Hotfix: crash on login\n\n## Fast-track exception\nProduction is down; planning gates skipped.\n",
    )
    repo.write(f"{folder}/.status", "implementing\n")
    assert repo.check("--select", "SP005").found() == []
    repo.write(f"{folder}/spec.md", "# Hotfix: crash on login\n")
    assert repo.check("--select", "SP005").found() == [("SP005", f"{folder}/.status", 1, 1)]


# SP006 / SP007 -------------------------------------------------------------------------------


def test_sp006_missing_sections(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/spec.md",
        SPEC.replace("## Success Criteria *(mandatory)*", "## Background").replace(
            "## Requirements *(mandatory)*", "## Notes"
        ),
    )
    result = repo.check("--select", "SP006")
    assert result.found() == [
        ("SP006", f"{FOLDER}/spec.md", 1, 3),
        ("SP006", f"{FOLDER}/spec.md", 1, 3),
    ]
    assert sorted(result.messages("SP006")) == [
        "spec.md of spec 004-login has no `## Requirements` section; add it",
        "spec.md of spec 004-login has no `## Success Criteria` section; add it",
    ]


def test_sp006_synonyms_pass(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/spec.md",
        "# Spec\n\n## 👥 User Stories\n- x\n\n## Functional Requirements:\n- y\n\n## _Success Metrics_ _(mandatory)_\n- z\n",
    )
    assert repo.check("--select", "SP006").found() == []


def test_sp007_story_without_any_test(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/spec.md",
        SPEC.replace("**Independent Test**: Log out and see the login page.", "A user logs out."),
    )
    result = repo.check("--select", "SP007")
    assert result.found() == [("SP007", f"{FOLDER}/spec.md", 19, 5)]
    assert 'user story "User Story 2 - Log out (Priority: P2)"' in result.messages("SP007")[0]


def test_sp007_acceptance_scenarios_alone_are_enough(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/spec.md",
        SPEC.replace(
            "**Independent Test**: Log out and see the login page.",
            "**Acceptance Scenarios**:\n1. **Given** a session, **When** the user logs out, **Then** the login page opens.",
        ),
    )
    assert repo.check("--select", "SP007").found() == []


# SP008 ---------------------------------------------------------------------------------------


def test_sp008_release_train_plan_needs_phases_and_risks(repo: Repo) -> None:
    good_spec(repo)
    repo.write(f"{FOLDER}/plan.md", "# Implementation Plan: Login\n\n## Summary\nLogin.\n")
    result = repo.check("--select", "SP008")
    assert result.found() == [("SP008", f"{FOLDER}/plan.md", 1, 3)]
    assert result.messages("SP008")[0].startswith(
        "plan.md of spec 004-login does not define the tech stack (Technical Context), the "
        "architecture (Project Structure), the phases and the risks"
    )


def test_sp008_spec_kit_plan_needs_no_phases_or_risks(repo: Repo) -> None:
    good_spec(repo, stage=None)
    repo.write(
        f"{FOLDER}/plan.md",
        "# Plan\n\n## Technical Context\n**Language/Version**: Go 1.22\n\n## Project Structure\n```text\ncmd/\n```\n",
    )
    assert repo.check("--select", "SP008").found() == []


def test_sp008_not_before_planned(repo: Repo) -> None:
    good_spec(repo, stage="clarified")
    repo.write(f"{FOLDER}/plan.md", "# Plan draft\n")
    assert repo.check("--select", "SP008").found() == []


# SP009 / SP010 -------------------------------------------------------------------------------


def test_sp009_malformed_tasks(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/tasks.md",
        """
        # Tasks

        ## Phase 1: User Story 1
        - [ ] T001 [US1] Form in src/auth/form.py
        - T002 [US1] Session in src/auth/session.py
        - [ ] Wire the login route in src/auth/routes.py
        - [ ] T4 [US1] Rate limit in src/auth/limit.py
        - [ ] T005 [P]
        - [ ] T005 [US1] Again in src/auth/again.py
        - [ ] T003 [US1] Late in src/auth/late.py
        - [ ] T009 [US1] Skips in src/auth/skip.py

        ## Validation Checklist
        - [ ] All contracts have corresponding tests

        ```markdown
        - [ ] T999 A task in a code block
        T1000 is not a task either
        ```
        """,
    )
    result = repo.check("--select", "SP009")
    tasks = f"{FOLDER}/tasks.md"
    assert result.found() == [
        ("SP009", tasks, 5, 3),
        ("SP009", tasks, 6, 3),
        ("SP009", tasks, 7, 7),
        ("SP009", tasks, 8, 7),
        ("SP009", tasks, 9, 7),
        ("SP009", tasks, 10, 7),
        ("SP009", tasks, 11, 7),
    ]
    messages = result.messages("SP009")
    assert "task T002 of spec 004-login has no checkbox" in messages[0]
    assert "task on line 6 of spec 004-login has no id" in messages[1]
    # T4 is malformed, but it holds number 4: T005 follows it without a gap.
    assert 'task id "T4" of spec 004-login is not of the form T001' in messages[2]
    assert "task T005 of spec 004-login has no description" in messages[3]
    assert "task id T005 of spec 004-login is used twice (first on line 8)" in messages[4]
    assert "task T003 of spec 004-login comes after T005: out of sequence" in messages[5]
    assert "task T009 of spec 004-login follows T005: T006-T008 are missing" in messages[6]


def test_sp009_thousands_of_tasks(repo: Repo) -> None:
    good_spec(repo)
    lines = "".join(f"- [x] T{n:04d} [US1] Step {n} in src/auth/form.py\n" for n in range(1, 5001))
    repo.write(f"{FOLDER}/tasks.md", "# Tasks\n\n## Phase 1: User Story 1\n" + lines)
    result = repo.check("--select", "SP")
    assert result.found() == [("SP019", f"{FOLDER}/spec.md", 19, 5)]


def test_sp010_paths_and_parallel_conflicts(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/tasks.md",
        """
        # Tasks

        ## Phase 1: Setup
        - [ ] T001 Create project structure per implementation plan

        ## Phase 2: User Story 1
        - [ ] T002 [P] [US1] Login form in src/auth/form.py
        - [ ] T003 [P] [US1] Validate the form in `src/auth/form.py`
        - [ ] T004 [US1] Wire everything up and/or polish CI/CD
        - [ ] T005 [P] [US2] Logout in src/auth/form.py

        ## Phase 3: User Story 2
        - [ ] T006 [P] [US2] Logout view in src/auth/session.py
        - [ ] T007 [P] [US2] Logout test in tests/test_logout.py

        ## Phase 4: Polish & Cross-Cutting Concerns
        - [ ] T008 Code cleanup and refactoring
        """,
    )
    result = repo.check("--select", "SP010")
    tasks = f"{FOLDER}/tasks.md"
    assert result.found() == [
        ("SP010", tasks, 8, 44),
        ("SP010", tasks, 9, 18),
        ("SP010", tasks, 10, 32),
    ]
    messages = result.messages("SP010")
    assert "[P] tasks T002 and T003 of spec 004-login both touch src/auth/form.py" in messages[0]
    assert "task T004 of spec 004-login names no file" in messages[1]
    assert "[P] tasks T002 and T005" in messages[2]


# SP011 / SP012 -------------------------------------------------------------------------------


def test_sp011_testing_with_open_tasks(repo: Repo) -> None:
    good_spec(repo, stage="testing")
    repo.write(f"{FOLDER}/tasks.md", TASKS)
    result = repo.check("--select", "SP011")
    assert result.found() == [("SP011", f"{FOLDER}/.status", 1, 1)]
    assert result.messages("SP011")[0] == (
        "spec 004-login is at stage `testing` but 1 of 4 tasks is unchecked (first: T004, line 11); "
        "check it off or move the stage back to `implementing`"
    )


def test_sp011_implementing_may_have_open_tasks(repo: Repo) -> None:
    good_spec(repo, stage="implementing")
    assert repo.check("--select", "SP011").found() == []


def test_sp012_unchecked_checklist_items(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/checklists/security.md",
        """
        # Security Checklist

        - [ ] CHK001 - Are lockout rules specified? [Gap]
        - [x] CHK002 - Is password storage defined?
          - [ ] nested: is the hashing cost specified?
        - [ ] CHK003 - Load targets defined — exception: internal tool, no load requirement
        - [ ] CHK004 - Audit logging defined?
          - Exception: covered by spec 012-audit-log
        """,
    )
    result = repo.check("--select", "SP012")
    checklist = f"{FOLDER}/checklists/security.md"
    assert result.found() == [("SP012", checklist, 3, 3), ("SP012", checklist, 5, 5)]
    assert (
        "is unchecked while spec 004-login is at stage `implementing`"
        in result.messages("SP012")[0]
    )


def test_sp012_not_before_implementing(repo: Repo) -> None:
    good_spec(repo, stage="tasked")
    repo.write(f"{FOLDER}/checklists/requirements.md", "# Checklist\n\n- [ ] CHK001 - open\n")
    assert repo.check("--select", "SP012").found() == []


# SP014 / SP015 -------------------------------------------------------------------------------


def test_sp014_too_many_specs_in_flight(repo: Repo) -> None:
    for number in range(1, 8):
        good_spec(
            repo,
            f"specs/00{number}-feature",
            "implementing" if number != 3 else "implementing\npaused",
        )
    good_spec(repo, "specs/008-done", "released")
    repo.write("CHANGELOG.md", "## [1.0.0]\n- 008-done\n")
    result = repo.check("--select", "SP014")
    assert result.found() == [("SP014", "specs/007-feature/.status", 1, 1)]
    assert result.messages("SP014")[0].startswith(
        "6 specs are in flight (draft through review), more than the maximum of 5: 001-feature, "
        "002-feature, 004-feature"
    )
    repo.write("phaselint.toml", "[specs]\nmax-active = 6\n")
    assert repo.check("--select", "SP014").found() == []


def test_sp015_released_spec_missing_from_the_changelog(repo: Repo) -> None:
    good_spec(repo, stage="released")
    result = repo.check("--select", "SP015")
    assert result.found() == [("SP015", f"{FOLDER}/.status", 1, 1)]
    assert "the repository has no CHANGELOG.md" in result.messages("SP015")[0]
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## [Unreleased]\n- 004-login\n\n## [1.0.0]\n- other things\n\n```\n004-login\n```\n",
    )
    assert (
        "CHANGELOG.md mentions it under no version heading"
        in repo.check("--select", "SP015").messages("SP015")[0]
    )


@pytest.mark.parametrize(
    "mention",
    ["- Login (004-login)", "- spec-004: login", "- Login (#004)", "### v1.2.0\n- login via 004"],
)
def test_sp015_mentions_that_count(repo: Repo, mention: str) -> None:
    good_spec(repo, stage="closed")
    repo.write("docs/CHANGELOG.md", f"# Changelog\n\n## [1.2.0] - 2025-12-20\n{mention}\n")
    assert repo.check("--select", "SP015").found() == []


# SP018 ---------------------------------------------------------------------------------------


def test_sp018_template_text_past_draft(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/spec.md",
        SPEC.replace("# Feature Specification: Login", "# Feature Specification: [FEATURE NAME]")
        .replace("**Created**: 2025-12-01", "**Created**: [DATE]")
        .replace(
            "- **FR-001**: System MUST authenticate users by email and password.",
            "<!-- ACTION REQUIRED: Fill them out with the right functional requirements. -->\n"
            '- **FR-001**: System MUST [specific capability, e.g., "allow users to create accounts"]\n\n'
            "*Example of marking unclear requirements:*",
        ),
    )
    result = repo.check("--select", "SP018")
    spec = f"{FOLDER}/spec.md"
    assert result.found() == [
        ("SP018", spec, 1, 26),
        ("SP018", spec, 4, 14),
        ("SP018", spec, 25, 1),
        ("SP018", spec, 26, 27),
        ("SP018", spec, 28, 1),
    ]
    messages = result.messages("SP018")
    assert 'still has the template placeholder "[FEATURE NAME]"' in messages[0]
    assert 'still has the template\'s "ACTION REQUIRED" comment' in messages[2]
    assert "still has the template's example line" in messages[4]


def test_sp018_precision(repo: Repo) -> None:
    """Placeholders in code, links, task markers, checkboxes and clarification markers are not
    template text; and a draft may still be a template."""
    good_spec(repo)
    repo.write(
        f"{FOLDER}/research.md",
        """
        # Research

        Use `[FEATURE NAME]` in templates; see [Entity 1](https://example.com/x).

        ```text
        specs/[###-feature]/
        [DATE]
        ```

        - [X] done thing [P] [US1] [MVP] [API]
        """,
    )
    assert repo.check("--select", "SP018").found() == []
    good_spec(repo, "specs/005-draft", "draft")
    repo.write("specs/005-draft/spec.md", "# Feature Specification: [FEATURE NAME]\n")
    assert repo.check("--select", "SP018").found() == []


# SP019 / SP020 / SP021 -----------------------------------------------------------------------


def test_sp019_traceability(repo: Repo) -> None:
    good_spec(repo)
    repo.write(
        f"{FOLDER}/tasks.md",
        TASKS.replace("- [ ] T004 [US2] Logout", "- [ ] T004 [US3] Logout").replace(
            "## Phase 3: User Story 2 - Log out (Priority: P2)", "## Phase 3: Sign-out"
        ),
    )
    result = repo.check("--select", "SP019")
    assert result.found() == [
        ("SP019", f"{FOLDER}/spec.md", 19, 5),
        ("SP019", f"{FOLDER}/tasks.md", 11, 12),
    ]
    assert "has no task labelled [US2]" in result.messages("SP019")[0]
    assert "is labelled [US3] but spec.md has no User Story 3" in result.messages("SP019")[1]


def test_sp019_requirement_tracing_is_opt_in(repo: Repo) -> None:
    good_spec(repo)
    assert repo.check("--select", "SP019").found() == []
    repo.write("phaselint.toml", "[specs]\ntrace-requirements = true\n")
    result = repo.check("--select", "SP019")
    assert result.found() == [
        ("SP019", f"{FOLDER}/spec.md", 25, 5),
        ("SP019", f"{FOLDER}/spec.md", 29, 5),
    ]
    assert "FR-001 of spec 004-login is cited by no task" in result.messages("SP019")[0]


def test_sp020_phantom_completion(repo: Repo) -> None:
    good_spec(repo)
    (repo.path / "src/auth/session.py").unlink()
    repo.write(
        f"{FOLDER}/tasks.md", TASKS + "- [x] T005 Docs in docs/auth/ and README.md and `src/*.py`\n"
    )
    result = repo.check("--select", "SP020")
    assert result.found() == [
        ("SP020", f"{FOLDER}/tasks.md", 8, 39),
        ("SP020", f"{FOLDER}/tasks.md", 12, 20),
        ("SP020", f"{FOLDER}/tasks.md", 12, 35),
    ]
    assert (
        "task T003 of spec 004-login is done but src/auth/session.py does not exist"
        in result.messages("SP020")[0]
    )
    assert "docs/auth/ does not exist" in result.messages("SP020")[1]
    assert "README.md does not exist" in result.messages("SP020")[2]


def test_sp020_existing_files_and_folders_pass(repo: Repo) -> None:
    good_spec(repo)
    repo.write("docs/auth/index.md", "# Auth\n")
    repo.write("README.md", "# readme\n")
    repo.write(f"{FOLDER}/tasks.md", TASKS + "- [x] T005 Docs in docs/auth/ and README.md\n")
    assert repo.check("--select", "SP020").found() == []


@pytest.mark.parametrize(
    ("status", "stage", "expected"),
    [
        (
            "Draft",
            "implementing",
            "spec.md says **Status**: Draft but spec 004-login is at stage `implementing`",
        ),
        (
            "Implemented",
            "tasked",
            "spec.md says **Status**: Implemented but spec 004-login is at stage `tasked`",
        ),
        ("✅ Complete", "testing", "but 1 task(s) of spec 004-login are unchecked"),
    ],
)
def test_sp021_status_drift(repo: Repo, status: str, stage: str, expected: str) -> None:
    good_spec(repo, stage=stage)
    repo.write(f"{FOLDER}/tasks.md", TASKS)
    repo.write(
        f"{FOLDER}/spec.md", SPEC.replace("**Status**: In progress", f"**Status**: {status}")
    )
    result = repo.check("--select", "SP021")
    assert result.found() == [("SP021", f"{FOLDER}/spec.md", 5, 13)]
    assert expected in result.messages("SP021")[0]


def test_sp021_consistent_status_passes(repo: Repo) -> None:
    good_spec(repo, stage="draft")
    repo.write(f"{FOLDER}/spec.md", SPEC.replace("**Status**: In progress", "**Status**: Draft"))
    assert repo.check("--select", "SP021").found() == []


# Templates, precision and bad input ---------------------------------------------------------

OLD_SPEC = """
# Feature Specification: CSV export

**Feature Branch**: `003-csv-export`
**Created**: 2025-09-02
**Status**: Draft
**Input**: User description: "Download reports as CSV"

## Execution Flow (main)
```
1. Parse user description from Input
   → If empty: ERROR "No feature description provided"
2. Mark each unclear aspect with [NEEDS CLARIFICATION: specific question]
```

---

## ⚡ Quick Guidelines
- ✅ Focus on WHAT users need and WHY

## User Scenarios & Testing *(mandatory)*

### Primary User Story
A manager downloads a report as CSV.

### Acceptance Scenarios
1. **Given** a report, **When** the manager downloads it, **Then** a CSV file is saved.

## Requirements *(mandatory)*

### Functional Requirements
- **FR-001**: System MUST export any report as CSV.

## Review & Acceptance Checklist
- [x] No implementation details (languages, frameworks, APIs)
- [x] No [NEEDS CLARIFICATION] markers remain

## Execution Status
- [x] User description parsed
"""

OLD_PLAN = """
# Implementation Plan: CSV export

## Technical Context
**Language/Version**: Python 3.11
**Primary Dependencies**: none

## Project Structure
```
src/export/
```

## Phase 0: Outline & Research
## Phase 1: Design & Contracts

## Progress Tracking
- [x] Phase 0: Research complete
- [ ] Phase 1: Design complete
"""

OLD_TASKS = """
# Tasks: CSV export

## Format: `[ID] [P?] Description`

## Phase 3.1: Setup
- [X] T001 Create project structure per implementation plan
- [X] T002 [P] Configure linting and formatting tools

## Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3
- [X] T003 [P] Unit test for quoting in tests/export/test_csv.py

## Phase 3.3: Core Implementation (ONLY after tests are failing)
- [ ] T004 CSV writer in src/export/csv.py

## Dependencies
- Tests (T003) before implementation (T004)

## Validation Checklist
- [ ] All contracts have corresponding tests
- [x] All tests come before implementation
"""


def test_older_spec_kit_template_does_not_drown(repo: Repo) -> None:
    folder = "specs/003-csv-export"
    repo.write(f"{folder}/spec.md", OLD_SPEC)
    repo.write(f"{folder}/plan.md", OLD_PLAN)
    repo.write(f"{folder}/tasks.md", OLD_TASKS)
    repo.write("tests/export/test_csv.py", "def test(): pass\n")
    result = repo.check()
    assert result.found() == []
    assert "older spec-kit template" in repo.check("-v").stderr


def test_a_spec_without_tasks_yet_is_fine(repo: Repo) -> None:
    repo.write(f"{FOLDER}/spec.md", SPEC)
    repo.write(f"{FOLDER}/plan.md", PLAN)
    assert repo.check().found() == []


def test_spec_folder_that_is_a_file_or_a_symlink(repo: Repo) -> None:
    good_spec(repo)
    repo.write("specs/005-not-a-folder", "just a file\n")
    os.symlink("004-login", repo.path / "specs/006-link")
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0
