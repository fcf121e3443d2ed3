"""The local branches read from the ref files are git's own: loose and packed refs, nested
names, a linked worktree; anything else is asked of git."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Repo
from phaselint import git


def for_each_ref(repo: Repo) -> list[str]:
    return repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/").split()


def test_loose_packed_nested_and_worktree_branches(repo: Repo, tmp_path: Path) -> None:
    repo.write("a.md", "# A\n")
    repo.commit("first")
    for name in ("001-login", "feature/002-export", "zeta"):
        repo.git("branch", name)
    repo.git("pack-refs", "--all")
    repo.git("branch", "003-after-packing")
    repo.git("branch", "-D", "zeta")  # gone from packed-refs as well
    assert git._branches_from_files(repo.path) == for_each_ref(repo)
    assert git.local_branches(repo.path) == for_each_ref(repo)
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "-b", "004-linked", str(linked))
    assert git._branches_from_files(linked) == for_each_ref(repo)


def test_another_ref_store_is_asked_of_git(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("a.md", "# A\n")
    repo.commit("first")
    monkeypatch.setenv("GIT_DIR", str(repo.path / ".git"))
    assert git._branches_from_files(repo.path) is None
    assert git.local_branches(repo.path) == ["main"]


def rev_parse(folder: Path) -> tuple[Path, Path]:
    import subprocess

    out = subprocess.run(
        ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return Path(out[0]), Path(out[1])


def test_the_top_found_without_git_is_gits(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/deep/a.md", "# A\n")
    repo.commit("first")
    for folder in (repo.path, repo.path / "docs" / "deep"):
        top = git._toplevel_from_files(folder)
        assert top is not None
        assert (top, git.git_dir(top)) == rev_parse(folder)
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "-b", "002-linked", str(linked))
    top = git._toplevel_from_files(linked / "docs")
    assert top is not None and (top, git.git_dir(top)) == rev_parse(linked / "docs")
    # Inside the git directory, or with an environment that moves it: git is asked.
    assert git._toplevel_from_files(repo.path / ".git" / "refs") is None
    assert git.toplevel(repo.path / ".git" / "refs") is None


def test_discovery_environments_are_gits(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("a.md", "# A\n")
    repo.commit("first")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.path.parent))
    assert git._toplevel_from_files(repo.path) is None
    assert git.toplevel(repo.path) == rev_parse(repo.path)[0]
