"""Pull-request mode (`--diff-base`, pre-commit's PRE_COMMIT_FROM_REF/TO_REF), transitions
(SP013, PH005, CX005) and branches (SP016, SP017), against real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_rules_para import CONTEXT, block, context_md, para
from test_rules_spec import good_spec

from conftest import COMPLETE_PHASE_DOC, PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
STATUS = "specs/004-login/.status"


def stage(repo: Repo, name: str, message: str | None = None) -> None:
    repo.write(STATUS, name + "\n")
    if message:
        repo.commit(message)


# Pull-request mode --------------------------------------------------------------------------


def test_a_branch_answers_for_what_it_changes(repo: Repo) -> None:
    repo.write("docs/development/V1.1.0_PHASE_1.md", CALENDAR.replace("V1.2.0", "V1.1.0"))
    repo.commit("an old violation on main")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(DOC, CALENDAR)
    repo.commit("a new one on the branch")
    result = repo.check("--diff-base", "main")
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert result.exit_code == 1
    # Work-tree edits are part of the change (the head is the working tree) …
    repo.write(DOC, PHASE_DOC)
    assert repo.check("--diff-base", "main").found() == []
    repo.git("checkout", "-q", DOC)
    # … and main moving on after the branch point does not count: the merge base is the base.
    repo.git("checkout", "-q", "main")
    repo.write("docs/development/V1.3.0_PHASE_1.md", CALENDAR.replace("V1.2.0", "V1.3.0"))
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")
    repo.write(DOC, CALENDAR)
    assert repo.check("--diff-base", "main").found() == [("CAL001", DOC, 1, 21)]


def test_pre_commit_refs(repo: Repo) -> None:
    """pre-commit's pre-push stage passes the pushed range as PRE_COMMIT_FROM_REF/TO_REF; the
    head is then the TO_REF commit, not the work tree."""
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write(DOC, CALENDAR)
    repo.commit("violation")
    head = repo.git("rev-parse", "HEAD").strip()
    repo.write(DOC, PHASE_DOC)  # fixed in the work tree only: not what is pushed
    env = {"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": head}
    assert repo.check(env=env).found() == [("CAL001", DOC, 1, 21)]
    assert repo.check().found() == []


def test_missing_base(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    result = repo.check("--diff-base", "origin/main", fmt="")
    assert result.exit_code == 2
    assert "the repository has no `origin/main`" in result.stderr
    assert "Traceback" not in result.stderr


def _origin(tmp_path: Path, repo: Repo) -> str:
    """`repo` with main and a feature branch two commits ahead, as a file:// URL."""
    repo.write(DOC, PHASE_DOC)
    repo.commit("one")
    repo.write("notes.md", "# Notes\n")
    repo.commit("two")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(DOC, CALENDAR)
    repo.commit("three")
    repo.write("more.md", "# More\n")
    repo.commit("four")
    return repo.path.as_uri()


def test_shallow_clone_without_the_base(repo: Repo, tmp_path: Path) -> None:
    """actions/checkout's default: one commit, one branch. Exit 2, saying to fetch the history."""
    url = _origin(tmp_path, repo)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", "--branch", "feature", url, str(clone))
    shallow = Repo.__new__(Repo)
    shallow.path, shallow.monkeypatch = clone, repo.monkeypatch
    result = shallow.check("--diff-base", "origin/main", fmt="")
    assert result.exit_code == 2
    assert "the clone is shallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    # Both tips fetched but not their history: no merge base — the same advice.
    shallow.git("fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    result = shallow.check("--diff-base", "origin/main", fmt="")
    assert result.exit_code == 2
    assert "share no history" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    # With the history, it works.
    shallow.git("fetch", "-q", "--unshallow", "origin")
    assert shallow.check("--diff-base", "origin/main").found() == [("CAL001", DOC, 1, 21)]


# SP013 — stage skips ------------------------------------------------------------------------


def test_sp013_a_skip_in_the_staged_commit(repo: Repo) -> None:
    good_spec(repo, stage="planned")
    repo.commit()
    stage(repo, "implementing")
    repo.git("add", "-A")
    result = repo.check("--staged", "--select", "SP013")
    assert result.found() == [("SP013", STATUS, 1, 1)]
    assert result.messages("SP013") == [
        "spec 004-login moves from `planned` to `implementing` in this commit, skipping "
        "`tasked` and `checklist-validated`; move one stage at a time, passing each stage's "
        "gate (a hotfix may fast-track when spec.md documents the exception)"
    ]
    # One step forward is fine; so is any step back.
    stage(repo, "tasked")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "SP013").found() == []
    stage(repo, "draft")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "SP013").found() == []


def test_sp013_a_pull_request_is_judged_commit_by_commit(repo: Repo) -> None:
    good_spec(repo, stage="planned")
    repo.commit("planned")
    repo.git("checkout", "-q", "-b", "004-login")
    stage(repo, "tasked", "tasked")
    stage(repo, "checklist-validated", "validated")
    stage(repo, "implementing", "implementing")
    assert repo.check("--diff-base", "main", "--select", "SP013").found() == []
    # A commit that skips is named.
    stage(repo, "review", "review")
    skip = repo.git("rev-parse", "HEAD").strip()
    stage(repo, "testing", "back to testing")
    result = repo.check("--diff-base", "main", "--select", "SP013")
    assert result.found() == [("SP013", STATUS, 1, 1)]
    assert (
        f"from `implementing` to `review` in commit {skip[:12]}, skipping `testing`"
        in (result.messages("SP013")[0])
    )


def test_sp013_a_pull_requests_merge_commit(repo: Repo) -> None:
    """CI checks out the pull request merged onto its base: the branch's own commits are the
    merge's second parent."""
    good_spec(repo, stage="planned")
    repo.commit("planned")
    repo.git("checkout", "-q", "-b", "004-login")
    stage(repo, "tasked", "tasked")
    stage(repo, "checklist-validated", "validated")
    repo.git("checkout", "-q", "main")
    repo.write("notes.md", "# Notes\n")
    repo.commit("main moves on")
    repo.git("checkout", "-q", "--detach")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #1", "004-login")
    assert repo.check("--diff-base", "main", "--select", "SP013").found() == []


def test_sp013_what_is_not_a_transition(repo: Repo) -> None:
    # A new spec has no earlier stage; nor has one whose first .status arrives now.
    good_spec(repo, stage=None)
    repo.commit()
    stage(repo, "implementing")
    good_spec(repo, "specs/005-logout", "review")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "SP013").found() == []


def test_sp013_a_renamed_spec_folder_is_followed(repo: Repo) -> None:
    good_spec(repo, stage="planned")
    repo.commit()
    repo.git("mv", "specs/004-login", "specs/004-sign-in")
    repo.write("specs/004-sign-in/.status", "implementing\n")
    repo.git("add", "-A")
    found = repo.check("--staged", "--select", "SP013").found()
    assert found == [("SP013", "specs/004-sign-in/.status", 1, 1)]


def test_sp013_hotfix_exception(repo: Repo) -> None:
    folder = "specs/hotfix-001-crash"
    good_spec(repo, folder, stage="draft")
    repo.commit()
    repo.write(f"{folder}/.status", "implementing\n")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "SP013").found() == [
        ("SP013", f"{folder}/.status", 1, 1)
    ]
    spec = (repo.path / folder / "spec.md").read_text(encoding="utf-8")
    repo.write(f"{folder}/spec.md", spec + "\n## Exception\nProduction is down; fast-tracked.\n")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "SP013").found() == []


# PH005 / CX005 — status transitions ---------------------------------------------------------


def test_ph005_a_complete_phase_reopened(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    repo.commit()
    repo.write(DOC, COMPLETE_PHASE_DOC.replace("**Status**: Complete", "**Status**: In Progress"))
    repo.git("add", "-A")
    result = repo.check("--staged", "--select", "PH005")
    assert result.found() == [("PH005", DOC, 3, 13)]
    assert result.messages("PH005") == [
        "the phase was Complete and is now In Progress; a completed phase stays closed — put "
        "further work in the next phase's document"
    ]
    # Without a base to compare with, a status of In Progress is just a status.
    assert repo.check("--select", "PH005").found() == []
    # Other moves are free.
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.write(DOC, PHASE_DOC.replace("**Status**: In Progress", "**Status**: Paused"))
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "PH005").found() == []


def test_cx005_a_completed_phase_reopened(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    repo.commit()
    data = block(("in_progress", "pending", "pending"))
    data["completed_summaries"] = []
    repo.write(CONTEXT, context_md(data))
    repo.git("add", "-A")
    result = repo.check("--staged", "--select", "CX005")
    position = 1 + next(
        n for n, line in enumerate(context_md(data).splitlines()) if '"in_progress"' in line
    )
    assert result.found() == [("CX005", CONTEXT, position, 19)]
    assert "phase 1 was completed and is now in_progress" in result.messages("CX005")[0]


# SP016 / SP017 — branches -------------------------------------------------------------------


def test_sp016_closed_spec_with_its_branch(repo: Repo) -> None:
    folder = "specs/008-guided-tour"
    good_spec(repo, folder, stage="closed")
    repo.commit()
    assert repo.check("--select", "SP016").found() == []
    repo.git("branch", "team/web/008-guided-tour")
    repo.git("branch", "spec-009-other")
    result = repo.check("--select", "SP016")
    assert result.found() == [("SP016", f"{folder}/.status", 1, 1)]
    assert result.messages("SP016") == [
        "spec 008-guided-tour is closed but its branch `team/web/008-guided-tour` still exists "
        "locally; delete it (`git branch -d team/web/008-guided-tour`, and on the remote) — no "
        "orphaned branches"
    ]
    assert result.diagnostics[0]["severity"] == "warning"
    # Not closed yet: the branch is where the work happens.
    repo.write(f"{folder}/.status", "released\n")
    assert repo.check("--select", "SP016").found() == []


@pytest.mark.parametrize(
    ("branch", "reported"),
    [
        ("spec-042-export", True),
        ("042-export", True),
        ("team/web/042-export", True),
        ("hotfix-004-crash", True),
        ("004-login", False),
        ("team/web/004-login", False),
        ("develop", False),
        ("feature/export", False),
        ("42-export", False),
    ],
)
def test_sp017_branch_without_spec(repo: Repo, branch: str, reported: bool) -> None:
    good_spec(repo)
    repo.commit()
    repo.git("checkout", "-q", "-b", branch)
    result = repo.check("--select", "SP017")
    assert result.found() == ([("SP017", "specs", 1, 1)] if reported else [])
    if reported:
        number = "004" if branch.startswith("hotfix") else "042"
        assert f"the checked-out branch `{branch}` is named for" in result.messages("SP017")[0]
        assert (
            f"has no {'hotfix' if branch.startswith('hotfix') else 'spec'} folder numbered {number}"
            in (result.messages("SP017")[0])
        )


def test_sp017_in_a_pull_request_checkout(repo: Repo) -> None:
    """Detached, as actions/checkout leaves a pull request: the branch is GITHUB_HEAD_REF."""
    good_spec(repo)
    repo.commit()
    repo.git("checkout", "-q", "--detach")
    assert repo.check("--select", "SP017").found() == []
    result = repo.check("--select", "SP017", env={"GITHUB_HEAD_REF": "spec-042-export"})
    assert result.found() == [("SP017", "specs", 1, 1)]
    # In a change run it is reported too; with files named, it is not (no file of it is named).
    staged = repo.check("--staged", "--select", "SP017", env={"GITHUB_HEAD_REF": "042-x"})
    assert staged.found() == [("SP017", "specs", 1, 1)]
    named = repo.check(
        "--select", "SP017", "specs/004-login/spec.md", env={"GITHUB_HEAD_REF": "042-x"}
    )
    assert named.found() == []


def test_sp017_branch_patterns_option(repo: Repo) -> None:
    good_spec(repo)
    repo.write("phaselint.toml", '[specs]\nbranch-patterns = ["spec-{number}-{slug}"]\n')
    repo.commit()
    repo.git("checkout", "-q", "-b", "123-fix-login")
    assert repo.check("--select", "SP017").found() == []
    repo.git("checkout", "-q", "-b", "spec-123-fix-login")
    assert repo.check("--select", "SP017").found() == [("SP017", "specs", 1, 1)]


def test_git_rules_are_silent_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = Repo.__new__(Repo)
    plain.path, plain.monkeypatch = tmp_path / "plain", monkeypatch
    plain.path.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    good_spec(plain, "specs/008-guided-tour", stage="closed")
    result = plain.check("--select", "SP016,SP017", env={"GITHUB_HEAD_REF": "spec-042-export"})
    assert result.found() == []
    assert json.loads(result.output)["summary"]["errors"] == 0
