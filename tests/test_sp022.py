"""SP022 completion-without-change: a change checks a task off, but the file it names was not
changed on the branch — against real git repositories, in every change mode."""

from __future__ import annotations

from conftest import Repo, Result

TASKS = "specs/001-outcomes/tasks.md"
FILE = "src/outcomeTypes.ts"


def tasks(*lines: str) -> str:
    return "# Tasks: Outcomes\n\n## Phase 1: Setup\n\n" + "".join(f"{line}\n" for line in lines)


OPEN = "- [ ] T014 [US1] Create outcome types in src/outcomeTypes.ts"
DONE = OPEN.replace("[ ]", "[x]")


def spec_on_main(repo: Repo, *lines: str) -> None:
    """A spec-kit folder on main whose tasks are open, with the files they name."""
    repo.write("specs/001-outcomes/spec.md", "# Feature Specification: Outcomes\n")
    repo.write(TASKS, tasks(*(lines or (OPEN,))))
    repo.write(FILE, "export type Outcome = string;\n")
    repo.write("src/other.ts", "export {};\n")
    repo.commit("spec and tasks")


def sp022(result: Result) -> list[tuple[str, str, int, int]]:
    return result.found("SP022")


# --diff-base -------------------------------------------------------------------------------------


def test_checked_off_without_the_file_changed(repo: Repo) -> None:
    spec_on_main(repo)
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write("src/other.ts", "export const other = 1;\n")
    repo.write(TASKS, tasks(DONE))
    repo.commit("T014 done")
    result = repo.check("--diff-base", "main")
    assert sp022(result) == [("SP022", TASKS, 5, 3)]  # the checkbox's `[`
    (message,) = result.messages("SP022")
    assert message == (
        "task T014 of spec 001-outcomes was checked off, but `src/outcomeTypes.ts` was not "
        "changed on this branch; commit the work, correct the path, or uncheck the task"
    )
    assert {d["severity"] for d in result.diagnostics if d["code"] == "SP022"} == {"warning"}
    # A plain run compares with nothing: no transition to judge.
    assert sp022(repo.check()) == []


def test_the_file_changed_in_the_same_or_an_earlier_commit(repo: Repo) -> None:
    spec_on_main(repo)
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write(FILE, "export type Outcome = 'won' | 'lost';\n")
    repo.write(TASKS, tasks(DONE))
    repo.commit("T014 with its work")
    assert sp022(repo.check("--diff-base", "main")) == []
    # The work in commit 1, the checkbox in commit 3: judged along the branch, fine.
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "001-later")
    repo.write(FILE, "export type Outcome = 'won';\n")
    repo.commit("1: the work")
    repo.write("src/other.ts", "export const x = 2;\n")
    repo.commit("2: something else")
    repo.write(TASKS, tasks(DONE))
    repo.commit("3: check T014 off")
    assert sp022(repo.check("--diff-base", "main")) == []
    # The same through pre-commit's pre-push refs.
    env = {"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": "HEAD"}
    assert sp022(repo.check(env=env)) == []


def test_a_task_added_open_and_checked_later_on_the_branch(repo: Repo) -> None:
    """Commit by commit: absent at the merge base, open in commit 1, done in commit 2."""
    spec_on_main(repo, "- [ ] T001 Set up the project")
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write(TASKS, tasks("- [ ] T001 Set up the project", OPEN))
    repo.commit("1: add T014")
    repo.write(TASKS, tasks("- [ ] T001 Set up the project", DONE))
    repo.commit("2: check T014 off")
    assert sp022(repo.check("--diff-base", "main")) == [("SP022", TASKS, 6, 3)]
    # A task added already checked never went from open to done in the change.
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "001-added-done")
    repo.write(TASKS, tasks("- [ ] T001 Set up the project", DONE))
    repo.commit("add T014 done")
    assert sp022(repo.check("--diff-base", "main")) == []


def test_read_only_verbs_several_files_and_closed_tasks(repo: Repo) -> None:
    lines = [
        "- [ ] T020 Verify the outcome types in src/outcomeTypes.ts",
        "- [ ] T021 Run the checks on src/outcomeTypes.ts",
        "- [ ] T022 Test that src/outcomeTypes.ts exports Outcome",
        "- [ ] T023 Wire src/outcomeTypes.ts into src/other.ts",
        "- [ ] T024 Create outcome types in src/outcomeTypes.ts",
        "- [ ] T025 Document outcomes in src/outcomeTypes.ts",
    ]
    spec_on_main(repo, *lines)
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write("src/other.ts", "import './outcomeTypes';\n")
    done = [line.replace("[ ]", "[x]") for line in lines[:5]]
    done.append(lines[5].replace("[ ]", "[~]"))  # closed without being done
    repo.write(TASKS, tasks(*done))
    repo.commit("check them off")
    # Only T024: read-only verbs, one of several files changed, and `[~]` are fine.
    assert sp022(repo.check("--diff-base", "main")) == [("SP022", TASKS, 9, 3)]
    # The verbs are an option.
    repo.write("pyproject.toml", '[tool.phaselint.specs]\nread-verbs = ["Create"]\n')
    result = repo.check("--diff-base", "main")
    assert [line for _, _, line, _ in sp022(result)] == [5, 6, 7]


def test_a_missing_file_is_sp020s(repo: Repo) -> None:
    spec_on_main(repo, "- [ ] T030 Create the parser in src/parser.ts")
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write(TASKS, tasks("- [x] T030 Create the parser in src/parser.ts"))
    repo.commit("T030 done, file never written")
    result = repo.check("--diff-base", "main")
    assert sp022(result) == []
    assert result.found("SP020") == [("SP020", TASKS, 5, 33)]


def test_a_pull_requests_merge_commit(repo: Repo) -> None:
    """On CI the checkout is the PR's merge commit onto main: the branch's own commits count."""
    spec_on_main(repo, OPEN, "- [ ] T015 Export helpers from src/other.ts")
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write(FILE, "export type Outcome = 'won';\n")
    repo.commit("1: the work for T014")
    repo.write(
        TASKS, tasks(DONE, "- [x] T015 Export helpers from src/other.ts")
    )  # T015's file untouched
    repo.commit("2: check T014 and T015 off")
    repo.git("checkout", "-q", "main")
    repo.write("README.md", "main moves on\n")
    repo.commit("main moves on")
    repo.git("checkout", "-q", "--detach", "main")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "001-outcomes")
    assert sp022(repo.check("--diff-base", "main")) == [("SP022", TASKS, 6, 3)]


# --staged ----------------------------------------------------------------------------------------


def test_staged_on_a_feature_branch(repo: Repo) -> None:
    spec_on_main(repo)
    repo.git("checkout", "-q", "-b", "001-outcomes")
    # Checked off with nothing of its file in this commit or earlier on the branch.
    repo.write(TASKS, tasks(DONE))
    repo.git("add", TASKS)
    staged = repo.check("--staged")
    assert sp022(staged) == [("SP022", TASKS, 5, 3)]
    assert "not changed in this commit" in staged.messages("SP022")[0]  # nothing earlier yet
    # The work in the same commit …
    repo.write(FILE, "export type Outcome = 'won';\n")
    repo.git("add", FILE)
    assert sp022(repo.check("--staged")) == []
    # … or in an earlier commit of the branch.
    repo.git("reset", "-q", TASKS)
    repo.git("commit", "-q", "--no-verify", "-m", "the work")
    repo.git("add", TASKS)
    assert sp022(repo.check("--staged")) == []


def test_staged_on_the_default_branch_counts_the_commit_alone(repo: Repo) -> None:
    spec_on_main(repo)
    repo.write(FILE, "export type Outcome = 'won';\n")
    repo.commit("the work, on main")
    repo.write(TASKS, tasks(DONE))
    repo.git("add", TASKS)
    staged = repo.check("--staged")
    assert sp022(staged) == [("SP022", TASKS, 5, 3)]
    assert "not changed in this commit" in staged.messages("SP022")[0]


def test_a_kind_of_file_in_prose_is_not_the_file_changed(repo: Repo) -> None:
    # From a public spec-kit repository's history: "Update the Containerfile generation logic"
    # names a kind of file (the work was in the generator), not the repository's Containerfile.
    prose = "- [ ] T016 [US1] Update the Containerfile generation logic in the build command"
    named = "- [ ] T017 [US1] Pin the base image in `Containerfile`"
    spec_on_main(repo, prose, named)
    repo.write("Containerfile", "FROM fedora\n")
    repo.commit("the image")
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write("src/other.ts", "export const other = 1;\n")
    repo.write(TASKS, tasks(prose.replace("[ ]", "[x]"), named.replace("[ ]", "[x]")))
    repo.commit("T016 and T017 done")
    assert sp022(repo.check("--diff-base", "main")) == [("SP022", TASKS, 6, 3)]


def test_a_task_that_allows_another_file(repo: Repo) -> None:
    allowed = "- [ ] T014 [US1] Document it in src/outcomeTypes.ts or the relevant page"
    spec_on_main(repo, allowed, OPEN.replace("T014", "T015"))
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write("src/other.ts", "export const other = 1;\n")
    repo.write(TASKS, tasks(allowed.replace("[ ]", "[x]"), DONE.replace("T014", "T015")))
    repo.commit("both done")
    assert sp022(repo.check("--diff-base", "main")) == [("SP022", TASKS, 6, 3)]


def test_checks_under_labels_commands_settings_and_documented_paths(repo: Repo) -> None:
    """check-G's replay of real histories: tasks that check, run or document what they name,
    and settings kept outside the repository, are not asked to change those files."""
    lines = [
        "- [ ] T001 Final validation: run src/outcomeTypes.ts scenarios end-to-end",
        "- [ ] T002 Dogfood: `tool surface --check` against src/outcomeTypes.ts",
        "- [ ] T003 Dispatch the producer: `gh workflow run release.yml` then confirm src/outcomeTypes.ts",
        "- [ ] T004 [P] 文字列テスト（既存確認）in src/outcomeTypes.ts",
        "- [ ] T005 Mechanism witness — already discharged, no new test, in src/outcomeTypes.ts",
        "- [ ] T006 Configure branch protection: require src/outcomeTypes.ts checks to pass",
        "- [ ] T007 Document the type locations: `src/outcomeTypes.ts`, `src/other.ts`",
        "- [ ] T008 Write `.tool/settings.json` with the hook config to each worktree",
        "- [ ] T009 Extend `src/outcomeTypes.ts` with a draw outcome",
        "- [ ] T010 [P] 新增回归测试于 `src/outcomeTypes.ts` 验证事件顺序",
        "- [ ] T011 Implement the staleness guard: check if src/outcomeTypes.ts changed",
        "- [ ] T012 Gates green — offline `dotnet test` green for src/outcomeTypes.ts",
        "- [ ] T013 `dotnet build app.sln` clean with src/outcomeTypes.ts",
        "- [ ] T014 Update the sample for <a real src/outcomeTypes.ts>",
        "- [ ] T015 Seed script for the game ruleset in `src/outcomeTypes.ts`",
        "- [ ] T016 Advance `acme/.github` `src/outcomeTypes.ts` pin",
        "- [ ] T017 Define the Slim/serialisable contract `src/outcomeTypes.ts`",
        "- [ ] T018 Performance test: report <2s for 5,000 groups in src/outcomeTypes.ts",
        "- [ ] T019 Test the security-audit.yml workflow locally using act: `act pull_request`",
        "- [ ] T020 MANUAL: upload src/outcomeTypes.ts as social preview image in GitHub settings",
        "- [ ] T021 Modify the spex-gates review commands: write `src/outcomeTypes.ts` first",
    ]
    spec_on_main(repo, *lines)
    repo.write(".tool/settings.json", "{}\n")
    repo.commit("tool settings")
    repo.git("checkout", "-q", "-b", "001-outcomes")
    repo.write("src/other.ts", "export const other = 1;\n")
    repo.write(TASKS, tasks(*(line.replace("[ ]", "[x]") for line in lines)))
    repo.commit("all checked off")
    # T009 extends the file it names, T010 adds a test that verifies, T011 implements a guard,
    # T015 writes a seed script, T017 defines a contract ("Slim/serialisable" is prose, not a
    # repository), T018 writes a performance test ("<2s" is a comparison, no placeholder): none
    # changed its file, nor did T021, whose label modifies ("spex-gates" is a name, not a
    # gate). The rest check, run, or name no file of this repository.
    assert sp022(repo.check("--diff-base", "main")) == [
        ("SP022", TASKS, line, 3) for line in (13, 14, 15, 19, 21, 22, 25)
    ]
