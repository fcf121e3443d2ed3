"""`phaselint check --staged`: the commit about to be made, read from the git index, in real
repositories — including the odd states a repository can be in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_rules_para import CONTEXT, block, context_md, para, summary
from test_rules_spec import good_spec

from conftest import COMPLETE_PHASE_DOC, GIT_ENV, PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
ARCHIVED = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"


def test_the_index_is_linted_not_the_work_tree(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    # A violation staged is reported at its line and column …
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    staged = repo.check("--staged")
    assert staged.found() == [("CAL001", DOC, 1, 21)]
    assert staged.exit_code == 1
    # … while the same violation left unstaged, or in an untracked file, is not.
    repo.git("reset", "-q", DOC)
    repo.write("docs/development/V1.2.0_PHASE_2.md", CALENDAR.replace("Phase 1", "Phase 2"))
    unstaged = repo.check("--staged")
    assert unstaged.found() == []
    assert unstaged.exit_code == 0
    # A clean index under a dirty work tree: the work tree's violation is what a plain run sees.
    assert ("CAL001", DOC, 1, 21) in repo.check().found()


def test_a_commit_answers_for_what_it_touches(repo: Repo) -> None:
    """Old violations elsewhere do not block a commit; the commit's own files are judged whole."""
    repo.write("docs/development/V1.1.0_PHASE_1.md", CALENDAR.replace("V1.2.0", "V1.1.0"))
    repo.commit("an old violation")
    repo.write(DOC, PHASE_DOC)
    repo.git("add", DOC)
    result = repo.check("--staged")
    assert result.found() == []
    assert result.report["summary"]["files_checked"] == 1
    # A file the commit touches is reported whole, not just its changed lines.
    repo.write(DOC, CALENDAR.replace("- Created jwt_service.py skeleton", "- Skeleton done"))
    repo.commit()
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    assert repo.check("--staged").found() == [("CAL001", DOC, 1, 21)]


def test_consequences_in_files_the_commit_leaves_alone(repo: Repo) -> None:
    """Deleting the phase document ROADMAP.md names as current work is reported at the
    roadmap (PH013), though the commit does not touch it; its old problems are not."""
    repo.write(DOC, PHASE_DOC)
    repo.write("docs/development/V1.2.0_PHASE_2.md", PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.write(
        "ROADMAP.md",
        """
        # Roadmap

        ## Current Work
        - docs/development/V1.2.0_PHASE_1.md
        - docs/development/V1.2.0_PHASE_2.md

        ## Week 3 Goals
        - Ship authentication
        """,
    )
    repo.commit()
    assert ("CAL001", "ROADMAP.md", 7, 4) in repo.check().found()
    repo.git("rm", "-q", "docs/development/V1.2.0_PHASE_2.md")
    result = repo.check("--staged")
    assert result.found() == [("PH013", "ROADMAP.md", 5, 3)]
    assert "V1.2.0_PHASE_2.md" in result.messages("PH013")[0]


def test_a_deleted_file_in_a_spec_folder(repo: Repo) -> None:
    good_spec(repo)
    repo.commit()
    repo.git("rm", "-q", "specs/004-login/tasks.md")
    result = repo.check("--staged")
    assert result.found() == [("SP005", "specs/004-login/.status", 1, 1)]
    assert "tasks.md" in result.messages("SP005")[0]


def test_git_index_file_decides(repo: Repo) -> None:
    """`git commit -a` and `git commit PATH` hand hooks another index in GIT_INDEX_FILE."""
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.write(DOC, CALENDAR)
    other = repo.path / ".git" / "other-index"
    env = {**GIT_ENV, "GIT_INDEX_FILE": str(other)}
    subprocess.run(
        ["git", "read-tree", "HEAD"], cwd=repo.path, env={**os.environ, **env}, check=True
    )
    subprocess.run(["git", "add", DOC], cwd=repo.path, env={**os.environ, **env}, check=True)
    assert repo.check("--staged").found() == []
    assert repo.check("--staged", env={"GIT_INDEX_FILE": str(other)}).found() == [
        ("CAL001", DOC, 1, 21)
    ]


def test_first_commit(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    result = repo.check("--staged", "-v")
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert "the staged commit (first commit)" in result.stderr


def test_detached_head(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.git("checkout", "-q", "--detach")
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    result = repo.check("--staged", "-v")
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert "branch: (detached HEAD)" in result.stderr


def _spec_branch_with_steps(repo: Repo) -> None:
    """main: spec 004 planned; branch 004-login: tasked, then checklist-validated."""
    good_spec(repo, stage="planned")
    repo.commit("planned")
    repo.git("checkout", "-q", "-b", "004-login")
    for stage in ("tasked", "checklist-validated"):
        repo.write("specs/004-login/.status", stage + "\n")
        repo.commit(stage)
    repo.git("checkout", "-q", "main")


def test_merge_in_progress(repo: Repo) -> None:
    """Concluding a merge judges the merged files, not the merged branch's steps again (it
    moved the spec one stage per commit)."""
    _spec_branch_with_steps(repo)
    repo.write("notes.md", "# Notes\n")
    repo.commit("main moves on")
    repo.git("merge", "--no-ff", "--no-commit", "004-login")
    result = repo.check("--staged", "-v")
    assert result.found() == []
    assert "concluding a merge" in result.stderr
    assert "transitions not judged" in result.stderr
    # The merged files are still linted: a problem in one is reported.
    repo.write("specs/004-login/.status", "Implementing now\n")
    repo.git("add", "specs/004-login/.status")
    assert repo.check("--staged").found() == [("SP003", "specs/004-login/.status", 1, 1)]


def test_merge_with_a_conflict_left(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.git("checkout", "-q", "-b", "other")
    repo.write(DOC, PHASE_DOC.replace("Foundation", "Base"))
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.write(DOC, PHASE_DOC.replace("Foundation", "Groundwork"))
    repo.commit()
    repo.git("merge", "other", check=False)
    # The conflicted path cannot be committed yet: it is not read from the index.
    result = repo.check("--staged")
    assert result.exit_code == 0, result.output + result.stderr
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    assert repo.check("--staged").found() == [("CAL001", DOC, 1, 21)]


def test_rebase_in_progress(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.git("checkout", "-q", "-b", "topic")
    repo.write(DOC, PHASE_DOC.replace("Foundation", "Base"))
    repo.commit("topic")
    repo.git("checkout", "-q", "main")
    repo.write(DOC, PHASE_DOC.replace("Foundation", "Groundwork"))
    repo.commit("main")
    repo.git("checkout", "-q", "topic")
    repo.git("rebase", "main", check=False)
    assert (repo.path / ".git" / "rebase-merge").exists() or (
        repo.path / ".git" / "rebase-apply"
    ).exists()
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    result = repo.check("--staged", "-v")
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert "concluding a rebase" in result.stderr


def test_worktree(repo: Repo, tmp_path: Path) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    worktree = tmp_path / "second worktree"
    repo.git("worktree", "add", "-q", "-b", "second", str(worktree))
    (worktree / DOC).write_text(CALENDAR.lstrip("\n"), encoding="utf-8")
    repo.git("-C", str(worktree), "add", DOC)
    other = Repo.__new__(Repo)
    other.path, other.monkeypatch = worktree, repo.monkeypatch
    result = other.check("--staged", "-v")
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert "branch: second" in result.stderr
    # The main work tree's index is its own.
    assert repo.check("--staged").found() == []


def test_submodule(repo: Repo, tmp_path: Path) -> None:
    (tmp_path / "library").mkdir()
    library = Repo(tmp_path / "library", repo.monkeypatch)
    library.write("README.md", "# Library\n")
    library.commit()
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.git(
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(library.path),
        "vendor/library",
    )
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    staged = repo.check("--staged")
    assert staged.found() == [("CAL001", DOC, 1, 21)]
    assert staged.exit_code == 1
    # A whole-repository run does not try to read the submodule as a file either.
    assert repo.check().found() == [("CAL001", DOC, 1, 21)]


@pytest.mark.parametrize("quotepath", ["true", "false"])
def test_odd_paths(repo: Repo, quotepath: str) -> None:
    """Spaces, non-ASCII characters and a newline in a path arrive intact, whatever
    core.quotepath says (PH012: the archive folder is not named YYYY-MM)."""
    repo.git("config", "core.quotepath", quotepath)
    names = ["2025-12 été", "2025-12\nnewline", "月 2025"]
    for index, name in enumerate(names, start=1):
        text = COMPLETE_PHASE_DOC.replace("Phase 1", f"Phase {index}")
        repo.write(f"docs/archive/development-history/{name}/V1.2.0_PHASE_{index}.md", text)
    repo.git("add", "-A")
    found = repo.check("--staged", "--select", "PH012").found()
    assert found == sorted(
        ("PH012", f"docs/archive/development-history/{name}/V1.2.0_PHASE_{index}.md", 1, 1)
        for index, name in enumerate(names, start=1)
    )
    assert repo.check("--select", "PH012").found() == found


def test_rename_into_the_archive(repo: Repo) -> None:
    """PH012 on a staged rename (with edits) into the archive: the phase is not Complete."""
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    (repo.path / ARCHIVED).parent.mkdir(parents=True)
    repo.git("mv", DOC, ARCHIVED)
    assert repo.check("--staged", "--select", "PH012").found() == [("PH012", ARCHIVED, 3, 13)]
    # Completed in the same commit, with its summary: the move is fine.
    repo.write(ARCHIVED, COMPLETE_PHASE_DOC)
    repo.git("add", ARCHIVED)
    result = repo.check("--staged", "-v")
    assert result.found() == []
    assert "1 renamed" in result.stderr


def test_archive_added_outright(repo: Repo) -> None:
    repo.write(ARCHIVED, PHASE_DOC)
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "PH012").found() == [("PH012", ARCHIVED, 3, 13)]


def test_context_renamed_into_the_archive(repo: Repo) -> None:
    """CX010 on `/para-archive` done by hand before the phases were finished."""
    para(repo, ("completed", "completed", "in_progress"))
    repo.commit()
    archive = "context/archives/2025-12-20-context.md"
    (repo.path / archive).parent.mkdir()
    repo.git("mv", CONTEXT, archive)
    result = repo.check("--staged", "--select", "CX010")
    assert result.found() == [("CX010", archive, 35, 19)]
    assert "archived with phase 3 still in_progress" in result.messages("CX010")[0]
    # Finished first, then archived: fine.
    data = block(("completed",) * 3)
    data["completed_summaries"] = [summary(n) for n in (1, 2, 3)]
    repo.write(archive, context_md(data))
    repo.write(summary(3), (repo.path / summary(1)).read_text("utf-8").replace("1", "3"))
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "CX010").found() == []


def test_czarina_phase_closed_into_an_archive(repo: Repo) -> None:
    """`czarina phase close` moves the state into .czarina/phases/…: without PHASE_SUMMARY.md
    the archive is reported (CZ001), and so is a summary deleted from an archive later."""
    repo.write(".czarina/config.json", '{"workers": ["backend"]}\n')
    repo.commit()
    archive = ".czarina/phases/phase-1-v1.2.0"
    (repo.path / archive).mkdir(parents=True)
    repo.git("mv", ".czarina/config.json", f"{archive}/config.json")
    result = repo.check("--staged", "--select", "CZ")
    assert result.found() == [("CZ001", f"{archive}/config.json", 1, 1)]
    repo.write(f"{archive}/PHASE_SUMMARY.md", "# Phase 1\n\nJWT service shipped.\n")
    repo.git("add", "-A")
    assert repo.check("--staged", "--select", "CZ").found() == []
    repo.commit()
    repo.git("rm", "-q", f"{archive}/PHASE_SUMMARY.md")
    assert repo.check("--staged", "--select", "CZ").found() == [
        ("CZ001", f"{archive}/config.json", 1, 1)
    ]


def test_a_project_in_a_subfolder(repo: Repo) -> None:
    """The project root is the folder holding phaselint.toml; index paths are read relative to
    it, and changes outside it are not its business."""
    repo.write("planning/phaselint.toml", "")
    repo.write(f"planning/{DOC}", PHASE_DOC)
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.write(f"planning/{DOC}", CALENDAR)
    repo.write(DOC, CALENDAR)
    repo.git("add", "-A")
    inside = Repo.__new__(Repo)
    inside.path, inside.monkeypatch = repo.path / "planning" / "docs", repo.monkeypatch
    assert inside.check("--staged").found() == [("CAL001", DOC, 1, 21)]


def test_staged_named_files(repo: Repo) -> None:
    """Files named with --staged are linted as the index holds them: pre-commit names every
    file under --all-files."""
    repo.write("docs/development/V1.1.0_PHASE_1.md", CALENDAR.replace("V1.2.0", "V1.1.0"))
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    repo.write("docs/development/V1.1.0_PHASE_1.md", PHASE_DOC.replace("V1.2.0", "V1.1.0"))
    found = repo.check("--staged", "docs/development/V1.1.0_PHASE_1.md", DOC).found()
    assert found == [("CAL001", "docs/development/V1.1.0_PHASE_1.md", 1, 21)]


def test_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain folder: everything but the git rules works, and --staged says why it cannot."""
    folder = tmp_path / "plain"
    (folder / "docs/development").mkdir(parents=True)
    (folder / DOC).write_text(CALENDAR.lstrip("\n"), encoding="utf-8")
    plain = Repo.__new__(Repo)
    plain.path, plain.monkeypatch = folder, monkeypatch
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert plain.check().found() == [("CAL001", DOC, 1, 21)]
    staged = plain.check("--staged", fmt="")
    assert staged.exit_code == 2
    assert "--staged reads the git index" in staged.stderr
    assert "not inside a git work tree" in staged.stderr
    assert plain.check("--diff-base", "main", fmt="").exit_code == 2


def test_usage_errors(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    both = repo.check("--staged", "--diff-base", "main", fmt="")
    assert both.exit_code == 2
    assert "choose one" in both.stderr
    fix = repo.check("--staged", "--fix", fmt="")
    assert fix.exit_code == 2
    assert "--fix edits the working tree" in fix.stderr


def _children() -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children = (task / "children").read_text().split()
        found.update(int(pid) for pid in children)
    return found


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task").exists(), reason="needs /proc to list processes"
)
def test_no_git_process_is_left_running(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    good_spec(repo)
    repo.commit()
    repo.write(DOC, CALENDAR)
    repo.git("add", "-A")
    before = _children()
    assert repo.check("--staged").found() == [("CAL001", DOC, 1, 21)]
    assert _children() - before == set()
    # As a process of its own too: it exits, and leaves nothing behind.
    completed = subprocess.run(
        [sys.executable, "-m", "phaselint", "check", "--staged"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert _children() - before == set()


def test_the_blob_id_is_gits(repo: Repo) -> None:
    """The staged path reads a file from disk when its content is the staged object: the id
    computed without hashlib is git's own."""
    from phaselint.snapshot import _blob_id

    for data in (b"", b"# Tasks\n", "é\r\n".encode() * 1000):
        path = repo.write_bytes("blob.bin", data)
        assert _blob_id(data, False) == repo.git("hash-object", str(path)).strip()
