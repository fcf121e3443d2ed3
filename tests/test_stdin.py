"""`phaselint check --stdin-filename PATH -`: standard input linted as PATH of the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, Repo, Result
from phaselint.cli import main

SPEC = "specs/001-login"
STATUS = f"{SPEC}/.status"
PHASE = "docs/development/V1.2.0_PHASE_1.md"


def stdin_check(repo: Repo, text: str | bytes, *args: str, fmt: str = "json") -> Result:
    """`phaselint check ARGS` in the repository with `text` on standard input."""
    repo.monkeypatch.chdir(repo.path)
    command = ["check", *args] + (["--format", fmt] if fmt else [])
    invoked = CliRunner().invoke(main, command, input=text, env={}, catch_exceptions=False)
    return Result(invoked.exit_code, invoked.stdout, invoked.stderr)


def _week(phase_doc: str) -> str:
    """The phase document with a calendar title (CAL001 at 1:21)."""
    return phase_doc.lstrip("\n").replace("Phase 1: Foundation", "Phase 1: Week 1")


def _spec(repo: Repo, status: str) -> None:
    repo.write(
        f"{SPEC}/spec.md",
        """
        # Feature Specification: Login

        ## User Scenarios & Testing

        ### User Story 1 - Log in (Priority: P1)

        **Independent Test**: Log in and land on the dashboard.
        """,
    )
    repo.write(f"{SPEC}/tasks.md", "# Tasks: Login\n\n- [ ] T001 Build the login form\n")
    repo.write(STATUS, status)
    repo.commit()


def test_cross_file_rules_see_the_stdin_content(repo: Repo) -> None:
    """On disk the spec is `implementing` (its open task is fine); stdin moves it to `testing`,
    and SP011 reads tasks.md from disk against the stage stdin gives."""
    _spec(repo, "implementing\n")
    assert repo.check().found("SP011") == []
    result = stdin_check(repo, "testing\n", "--stdin-filename", STATUS, "-")
    assert result.found("SP011") == [("SP011", STATUS, 1, 1)]
    assert "T001" in result.messages("SP011")[0]
    assert result.exit_code == 1
    assert (repo.path / STATUS).read_text(encoding="utf-8") == "implementing\n"


def test_only_the_stdin_file_is_reported(repo: Repo, phase_doc: str) -> None:
    _spec(repo, "Implementing \n")
    repo.write(PHASE, _week(phase_doc))
    repo.commit()
    whole = repo.check()
    assert {path for _, path, _, _ in whole.found()} >= {STATUS, PHASE}
    result = stdin_check(repo, phase_doc.lstrip("\n"), "--stdin-filename", PHASE, "-")
    assert result.exit_code == 0
    assert result.diagnostics == []
    assert result.report["summary"]["files_checked"] == 1
    # The same stdin with the violation: PATH's diagnostics only, in every format.
    violation = _week(phase_doc)
    result = stdin_check(repo, violation, "--stdin-filename", PHASE, "-")
    assert {path for _, path, _, _ in result.found()} == {PHASE}
    assert result.found("CAL001") == [("CAL001", PHASE, 1, 21)]
    text = stdin_check(repo, violation, "--stdin-filename", PHASE, "-", fmt="text")
    assert f"{PHASE}:1:21: CAL001" in text.output and STATUS not in text.output
    github = stdin_check(repo, violation, "--stdin-filename", PHASE, "-", fmt="github")
    assert "CAL001" in github.output and STATUS not in github.output
    sarif = json.loads(
        stdin_check(repo, violation, "--stdin-filename", PHASE, "-", fmt="sarif").output
    )
    uris = {
        found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for found in sarif["runs"][0]["results"]
    }
    assert uris == {PHASE}


def test_a_file_not_on_disk_yet(repo: Repo, phase_doc: str) -> None:
    """An editor's new, unsaved buffer: linted where it would be, nothing written."""
    repo.write("README.md", "# Project\n")
    repo.commit()
    violation = _week(phase_doc)
    result = stdin_check(repo, violation, "--stdin-filename", PHASE, "-")
    assert ("CAL001", PHASE, 1, 21) in result.found()
    assert not (repo.path / PHASE).exists()


def test_relative_to_the_current_folder(repo: Repo, phase_doc: str) -> None:
    repo.write(PHASE, phase_doc)
    repo.commit()
    repo.monkeypatch.chdir(repo.path / "docs")
    violation = _week(phase_doc)
    invoked = CliRunner().invoke(
        main,
        ["check", "--format", "json", "--stdin-filename", "development/V1.2.0_PHASE_1.md", "-"],
        input=violation,
        env={},
    )
    found = json.loads(invoked.stdout)["diagnostics"]
    assert [(d["code"], d["path"]) for d in found] == [("CAL001", PHASE)]


def test_undecodable_stdin_is_pl001(repo: Repo) -> None:
    _spec(repo, "implementing\n")
    result = stdin_check(repo, b"\xff\xfeimplementing", "--stdin-filename", STATUS, "-")
    assert result.found("PL001") == [("PL001", STATUS, 1, 1)]
    assert "UTF-16" in result.messages("PL001")[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-"], "--stdin-filename PATH"),
        (["--stdin-filename", "notes.md"], "give `-` as the path"),
        (["--stdin-filename", "../outside.md", "-"], "is outside the repository"),
        (["--stdin-filename", "docs", "-"], "is a folder"),
        (["--stdin-filename", "a.md", "-", "docs"], "the only path"),
        (["--stdin-filename", "a.md", "--fix", "-"], "standard input is no file"),
        (["--stdin-filename", "a.md", "--diff", "-"], "standard input is no file"),
        (["--stdin-filename", "a.md", "--staged", "-"], "--staged or --diff-base"),
    ],
)
def test_usage_errors(repo: Repo, args: list[str], says: str) -> None:
    repo.write("docs/notes.md", "# Notes\n")
    repo.commit()
    result = stdin_check(repo, "# x\n", *args, fmt="")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("phaselint: error: "), result.stderr
    assert says in lines[0]
    assert result.output == ""


def test_real_stdin_in_a_subprocess(repo: Repo, phase_doc: str) -> None:
    repo.write(PHASE, phase_doc)
    repo.commit()
    violation = _week(phase_doc)
    completed = subprocess.run(
        [sys.executable, "-m", "phaselint", "check", "--stdin-filename", PHASE, "-"],
        input=violation.encode("utf-8"),
        cwd=repo.path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 1
    assert f"{PHASE}:1:21: CAL001".encode() in completed.stdout
    assert (repo.path / PHASE).read_text(encoding="utf-8") == phase_doc.lstrip("\n")
