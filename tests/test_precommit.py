"""The pre-commit hook, run for real: a hook repository made from this checkout, a
`.pre-commit-config.yaml` pointing at it, `pre-commit install`, and `git commit`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMPLETE_PHASE_DOC, GIT_ENV, PHASE_DOC, Repo, copy_checkout

pytestmark = pytest.mark.precommit

CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
DOC = "docs/development/V1.2.0_PHASE_1.md"


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's files as they are now (committed or not)."""
    target = tmp_path_factory.mktemp("hook-repo")
    copy_checkout(target)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "phaselint under test")
    return target, _git(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the session, so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit_env(home: Path) -> dict[str, str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return env


def _install(
    repo: Repo,
    hook_repo: tuple[Path, str],
    home: Path,
    hooks: tuple[str, ...] = ("phaselint",),
    hook_type: str = "pre-commit",
) -> dict[str, str]:
    path, rev = hook_repo
    listed = "".join(f"      - id: {hook}\n" for hook in hooks)
    config = f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n{listed}"
    (repo.path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = _pre_commit_env(home)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install", "--hook-type", hook_type],
        cwd=repo.path,
        env=env,
        check=True,
        capture_output=True,
    )
    repo.git("add", ".pre-commit-config.yaml")
    repo.git("commit", "-q", "--no-verify", "-m", "pre-commit config")
    return env


def _commit(
    repo: Repo, env: dict[str, str], *paths: str, args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    if paths:
        subprocess.run(["git", "add", *paths], cwd=repo.path, env=env, check=True)
    return subprocess.run(
        ["git", "commit", "-m", "plan", *args],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_refuses_a_violating_commit_and_accepts_a_clean_one(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    env = _install(repo, hook_repo, pre_commit_home)
    head = repo.git("rev-parse", "HEAD").strip()

    repo.write(DOC, CALENDAR)
    refused = _commit(repo, env, DOC)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert f"{DOC}:1:21: CAL001 title names a calendar period" in output
    assert repo.git("rev-parse", "HEAD").strip() == head

    repo.write(DOC, PHASE_DOC)
    accepted = _commit(repo, env, DOC)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert repo.git("rev-parse", "HEAD").strip() != head


def test_unrelated_commit_passes(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """A commit of unrelated files passes, old violations elsewhere notwithstanding."""
    repo.write(DOC, CALENDAR)
    repo.commit("an old violation")
    env = _install(repo, hook_repo, pre_commit_home)
    repo.write("src/app.py", "print('hello')\n")
    result = _commit(repo, env, "src/app.py")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "phaselint" in output and "Passed" in output
    assert "CAL001" not in output


def test_commit_all_and_commit_path(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """`git commit -a` and `git commit PATH` commit through another index (GIT_INDEX_FILE):
    the hook judges what they commit, not what `git add` had staged."""
    other = "docs/development/V1.2.0_PHASE_2.md"
    repo.write(DOC, PHASE_DOC)
    repo.write(other, PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.commit()
    env = _install(repo, hook_repo, pre_commit_home)
    head = repo.git("rev-parse", "HEAD").strip()
    # -a picks up the unstaged violation.
    repo.write(DOC, CALENDAR)
    refused = _commit(repo, env, args=("-a",))
    assert refused.returncode != 0
    assert f"{DOC}:1:21: CAL001" in refused.stdout + refused.stderr
    assert repo.git("rev-parse", "HEAD").strip() == head
    # PATH commits only that file: the violation staged in DOC stays out of this commit.
    repo.git("add", DOC)
    repo.write(other, PHASE_DOC.replace("Phase 1", "Phase 2").replace("Foundation", "Groundwork"))
    accepted = _commit(repo, env, args=("--", other))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert repo.git("diff", "--cached", "--name-only").strip() == DOC
    # And the other way round: PATH is the violating file, the staged one is clean.
    repo.write(DOC, PHASE_DOC.replace("Foundation", "Base"))
    repo.git("add", DOC)
    repo.write(other, CALENDAR.replace("Phase 1", "Phase 2"))
    refused = _commit(repo, env, args=("--", other))
    assert refused.returncode != 0
    assert f"{other}:1:21: CAL001" in refused.stdout + refused.stderr
    assert f"{DOC}:" not in refused.stdout + refused.stderr


def test_rename_into_the_archive(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    archive = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"
    repo.write(DOC, PHASE_DOC)
    repo.commit()
    env = _install(repo, hook_repo, pre_commit_home)
    (repo.path / archive).parent.mkdir(parents=True)
    repo.git("mv", DOC, archive)
    refused = _commit(repo, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert f"{archive}:3:13: PH012" in output
    (repo.path / archive).write_text(COMPLETE_PHASE_DOC.lstrip("\n"), encoding="utf-8")
    accepted = _commit(repo, env, archive)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_a_commit_that_only_deletes(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """pre-commit names no file for a deletion; the hook runs anyway and sees it: the spec is
    implementing without its tasks.md."""
    from test_rules_spec import good_spec

    good_spec(repo)
    repo.commit()
    env = _install(repo, hook_repo, pre_commit_home)
    repo.git("rm", "-q", "specs/004-login/tasks.md")
    result = _commit(repo, env)
    assert result.returncode != 0
    assert "specs/004-login/.status:1:1: SP005" in result.stdout + result.stderr


def test_all_files_split_over_processes_reports_each_diagnostic_once(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """`pre-commit run --all-files` names every file (the index's content), split over several
    processes when the list is longer than a command line; the cross-file duplicate (PH003) is
    still reported once per file, and old violations are found."""
    archive = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"
    repo.write(DOC, CALENDAR)
    repo.write(archive, COMPLETE_PHASE_DOC)
    filler = "x" * 60
    for index in range(2200):
        repo.write(f"src/{filler}_{index:04d}.txt", "")
    repo.commit("old violations")
    env = _install(repo, hook_repo, pre_commit_home)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "phaselint", "--all-files"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    lines = [line for line in output.splitlines() if ": PH003 " in line or ": CAL001 " in line]
    assert sorted(lines) == sorted(set(lines))
    assert sum(1 for line in lines if line.startswith(f"{DOC}:1:1: PH003")) == 1
    assert sum(1 for line in lines if line.startswith(f"{archive}:1:1: PH003")) == 1
    assert sum(1 for line in lines if line.startswith(f"{DOC}:1:21: CAL001")) == 1
    # Each process ends with its own summary line: more than one shows the files were split.
    assert sum(1 for line in output.splitlines() if " warning" in line and " in " in line) >= 2


def test_pre_push_hook(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path, tmp_path: Path
) -> None:
    """The push hook lints what the push adds (stage skips commit by commit), not the rest."""
    from test_rules_spec import good_spec

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo.write("docs/development/V1.1.0_PHASE_1.md", CALENDAR.replace("V1.2.0", "V1.1.0"))
    good_spec(repo, stage="planned")
    repo.commit("old violation")
    env = _install(repo, hook_repo, pre_commit_home, ("phaselint-push",), "pre-push")
    repo.git("remote", "add", "origin", str(remote))
    pushed = subprocess.run(
        ["git", "push", "-q", "origin", "main"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
    )
    # The first push of a branch: pre-commit hands over no range; the whole repository is linted.
    assert pushed.returncode != 0
    assert "V1.1.0_PHASE_1.md:1:21: CAL001" in pushed.stdout + pushed.stderr
    subprocess.run(
        ["git", "push", "-q", "--no-verify", "origin", "main"], cwd=repo.path, env=env, check=True
    )
    repo.write("specs/004-login/.status", "tasked\n")
    repo.commit("tasked")
    repo.write("specs/004-login/.status", "implementing\n")
    repo.commit("implementing")
    refused = subprocess.run(
        ["git", "push", "origin", "main"], cwd=repo.path, env=env, capture_output=True, text=True
    )
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "specs/004-login/.status:1:1: SP013" in output
    assert "from `tasked` to `implementing` in commit" in output
    assert "CAL001" not in output


def test_manual_whole_repository_hook(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    repo.write(DOC, CALENDAR)
    repo.commit("old violation")
    env = _install(repo, hook_repo, pre_commit_home, ("phaselint", "phaselint-all"))
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "phaselint-all", "--hook-stage", "manual"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"{DOC}:1:21: CAL001" in result.stdout
    # Not run at commit time.
    repo.write("src/app.py", "x = 1\n")
    committed = _commit(repo, env, "src/app.py")
    assert committed.returncode == 0
    assert "whole repository" not in committed.stdout + committed.stderr


def test_try_repo(repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    repo.write(DOC, CALENDAR)
    repo.git("add", DOC)
    env = _pre_commit_env(pre_commit_home)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo[0]),
            "phaselint",
            "--files",
            DOC,
        ],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{DOC}:1:21: CAL001" in result.stdout
