"""The pre-commit hook, run for real: a hook repository made from this checkout, a
`.pre-commit-config.yaml` pointing at it, `pre-commit install`, and `git commit`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMPLETE_PHASE_DOC, GIT_ENV, PHASE_DOC, ROOT, Repo

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
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), destination)
        else:
            shutil.copy2(source, destination)
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


def _install(repo: Repo, hook_repo: tuple[Path, str], home: Path) -> dict[str, str]:
    path, rev = hook_repo
    repo.write(
        ".pre-commit-config.yaml",
        f"""
        repos:
          - repo: {path}
            rev: {rev}
            hooks:
              - id: phaselint
        """,
    )
    env = _pre_commit_env(home)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo.path,
        env=env,
        check=True,
        capture_output=True,
    )
    repo.git("add", ".pre-commit-config.yaml")
    repo.git("commit", "-q", "--no-verify", "-m", "pre-commit config")
    return env


def _commit(repo: Repo, env: dict[str, str], *paths: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", *paths], cwd=repo.path, env=env, check=True)
    return subprocess.run(
        ["git", "commit", "-m", "plan"],
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


def test_hook_skips_unrelated_files(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    env = _install(repo, hook_repo, pre_commit_home)
    repo.write("src/app.py", "print('hello')\n")
    result = _commit(repo, env, "src/app.py")
    assert result.returncode == 0
    assert "(no files to check)Skipped" in (result.stdout + result.stderr).replace(".", "")


def test_split_processes_report_each_diagnostic_once(
    repo: Repo, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """pre-commit spreads the files over several processes (two cores, several files); the
    cross-file duplicate (PH003) is still reported once per file."""
    env = _install(repo, hook_repo, pre_commit_home)
    env.pop("PRE_COMMIT_NO_CONCURRENCY", None)
    archive = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"
    repo.write(DOC, CALENDAR)
    repo.write(archive, COMPLETE_PHASE_DOC)
    for index in range(2, 8):
        repo.write(
            f"docs/development/V1.3.0_PHASE_{index}.md",
            PHASE_DOC.replace("V1.2.0 - Phase 1", f"V1.3.0 - Phase {index}"),
        )
    result = _commit(repo, env, "docs")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    lines = [line for line in output.splitlines() if ": PH003 " in line or ": CAL001 " in line]
    assert sorted(lines) == sorted(set(lines))
    assert sum(1 for line in lines if line.startswith(f"{DOC}:1:1: PH003")) == 1
    assert sum(1 for line in lines if line.startswith(f"{archive}:1:1: PH003")) == 1
    assert sum(1 for line in lines if line.startswith(f"{DOC}:1:21: CAL001")) == 1
    # Each process ends with its own summary line: more than one shows the files were split.
    assert sum(1 for line in output.splitlines() if " warning" in line and " in " in line) >= 2


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
