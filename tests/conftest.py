"""Test helpers: real git repositories in tmp_path, and the real CLI run in-process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from phaselint.cli import main

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def copy_checkout(target: Path) -> None:
    """Copy this checkout's files as they are now (committed or not; what git ignores left
    out) into `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree, not yet in the index
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), destination)
        else:
            shutil.copy2(source, destination)


@dataclass
class Result:
    """The outcome of one `phaselint` invocation."""

    exit_code: int
    output: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.output)

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        return self.report["diagnostics"]

    def found(
        self, code: str | None = None, path: str | None = None
    ) -> list[tuple[str, str, int, int]]:
        """(code, path, line, column) of every diagnostic, optionally of one code / path."""
        return [
            (d["code"], d["path"], d["line"], d["column"])
            for d in self.diagnostics
            if (code is None or d["code"] == code) and (path is None or d["path"] == path)
        ]

    def codes(self) -> set[str]:
        return {d["code"] for d in self.diagnostics}

    def messages(self, code: str) -> list[str]:
        return [d["message"] for d in self.diagnostics if d["code"] == code]


class Repo:
    """A git repository made for one test."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.monkeypatch = monkeypatch
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, check: bool = True) -> str:
        env = {**os.environ, **GIT_ENV}
        completed = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False
        )
        if check and completed.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {completed.stderr}")
        return completed.stdout

    def write(self, relative: str, text: str) -> Path:
        """Write a file (dedented; a leading newline dropped)."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return target

    def write_bytes(self, relative: str, data: bytes) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def commit(self, message: str = "commit") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)

    def check(self, *args: str, fmt: str = "json", env: dict[str, str] | None = None) -> Result:
        """Run `phaselint check ARGS` in the repository, in-process."""
        self.monkeypatch.chdir(self.path)
        runner = CliRunner()
        command = ["check", *args]
        if fmt and not any(a.startswith("--format") for a in args):
            command += ["--format", fmt]
        invoked = runner.invoke(main, command, env=env or {}, catch_exceptions=False)
        return Result(invoked.exit_code, invoked.stdout, invoked.stderr)

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run any `phaselint` subcommand in the repository, in-process."""
        self.monkeypatch.chdir(self.path)
        invoked = CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)
        return Result(invoked.exit_code, invoked.stdout, invoked.stderr)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    """An empty git repository, the current folder while the test runs."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    folder = tmp_path / "repo"
    folder.mkdir()
    yield Repo(folder, monkeypatch)


PHASE_DOC = """
# V1.2.0 - Phase 1: Foundation

**Status**: In Progress
**Started**: 2025-12-22
**Token Budget**: 500K-800K tokens
**Tokens Spent**: ~250K tokens (50% complete)

## Objectives
- Implement JWT service with token generation and validation

## Deliverables
- [ ] JWT service (generate, validate, refresh)
- [x] Test framework setup

## Progress Updates

### 2025-12-22: Started JWT Implementation
- Created jwt_service.py skeleton

## Technical Decisions
- **JWT Library**: Chose PyJWT over python-jose

## Completion Summary
(Added when phase complete)
"""

COMPLETE_PHASE_DOC = """
# V1.2.0 - Phase 1: Foundation

**Status**: Complete
**Started**: 2025-12-22
**Token Budget**: 500K-800K tokens
**Tokens Spent**: 650K tokens

## Objectives
- Implement JWT service with token generation and validation

## Deliverables
- [x] JWT service (generate, validate, refresh)
- [x] Test framework setup

## Progress Updates

### 2025-12-22: Started JWT Implementation
- Created jwt_service.py skeleton

### 2025-12-23: Validation Complete
- 15 tests passing

## Technical Decisions
- **JWT Library**: Chose PyJWT over python-jose

## Completion Summary
**Completed**: 2025-12-23
**Token Usage**: 650K / 500K-800K estimated

**Delivered**:
- ✅ JWT service with generation, validation, refresh

**Lessons Learned**:
- PyJWT was easier to use than expected
"""


@pytest.fixture
def phase_doc() -> str:
    return PHASE_DOC


def only(result: Result, code: str) -> list[tuple[str, str, int, int]]:
    """The diagnostics of one code."""
    return result.found(code)
