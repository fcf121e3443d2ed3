"""Hardening (issue 11): each finding of the adversarial pass, reproduced with real files, real
git repositories and the real CLI. What held stays tested here too: a plain check changes
nothing, and nothing outside the repository is read."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import GIT_ENV, PHASE_DOC, Repo

BIG = "9" * 5000  # more digits than Python reads as an integer by default


def tree_hash(folder: Path) -> str:
    """A digest of every file below `folder`, .git included (names, modes and bytes), but
    phaselint's cache (the one folder a run writes)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if ".phaselint_cache" in path.relative_to(folder).parts:
            continue
        if path.is_symlink():
            digest.update(f"{path}->{os.readlink(path)}".encode())
        elif path.is_file():
            digest.update(f"{path}:{path.stat().st_mode}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# 4. A folder named on the command line that is a link leading out is not read -------------------


def test_a_file_reached_through_a_linked_folder_is_not_read(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ".status").write_text("implementing\n")
    (outside / "spec.md").write_text("# Secret plan\n\n## Week 1\n")
    repo.write("specs/README.md", "# Specs\n")
    (repo.path / "specs/009-out").symlink_to(outside)
    repo.commit("link")
    for named in ("specs/009-out/.status", "specs/009-out/spec.md"):
        result = repo.check(named)
        assert ("PL001", named, 1, 1) in result.found()
        assert "folder that is a symbolic link leading outside" in result.messages("PL001")[0]
        assert "implementing" not in result.output
        assert "Week 1" not in result.output


# 5. One JSON file with a huge integer is that file's diagnostic; the run goes on --------------


def test_a_huge_integer_is_one_files_problem(repo: Repo) -> None:
    repo.write("context/context.md", f'# Context\n\n```json\n{{"active_context": [{BIG}]}}\n```\n')
    repo.write("context/plans/2025-12-18-search.md", "# Search\n")
    repo.write(".czarina/phases/phase-1-v1.2.0/config.json", f'{{"workers": {BIG}}}\n')
    repo.write(".czarina/phases/phase-1-v1.2.0/PHASE_SUMMARY.md", "# Summary\n\nDone.\n")
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC.replace("Foundation", "Week 1"))
    result = repo.check()
    assert result.exit_code == 1
    codes = {d[0] for d in result.found()}
    assert {"PL004", "CZ002", "CAL001"} <= codes
    assert "internal error" not in result.stderr
    assert any("integer" in m for m in result.messages("PL004"))


# 7. Configuration mistakes are configuration errors ------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "phaselint.toml",
            '[specs]\nfolder-patterns = ["{number}{number}-{slug}"]\n',
            "specs.folder-patterns: placeholder {number} appears twice",
        ),
        (
            "phaselint.toml",
            '[stages]\nvague-gates = ["(unclosed"]\n',
            "stages.vague-gates: '(unclosed' is not a regular expression",
        ),
        (
            "phaselint.toml",
            'max-file-size = "99999999999999999999GB"\n',
            "max-file-size: '99999999999999999999GB' is more than the limit of 1 GiB",
        ),
        ("pyproject.toml", "tool = 5\n", "pyproject.toml: tool: must be a table"),
        ("pyproject.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n", "nesting is too deep"),
    ],
)
def test_configuration_mistakes_are_one_line(
    repo: Repo, name: str, text: str, expected: str
) -> None:
    repo.write("specs/001-a/spec.md", "# Spec\n")
    (repo.path / name).write_text(text)
    result = repo.check()
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "internal error" not in result.stderr


def test_config_dev_null_means_the_defaults(repo: Repo) -> None:
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC.replace("Foundation", "Week 1"))
    result = repo.check("--config", os.devnull)
    assert result.exit_code == 1
    assert [d[0] for d in result.found()] == ["CAL001"]


# 10. A file staged and then deleted from disk is linted as the index holds it -----------------


def test_staged_file_deleted_from_disk(repo: Repo) -> None:
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write(doc, PHASE_DOC)
    repo.commit("phase")
    repo.write(doc, PHASE_DOC.replace("Foundation", "Week 1"))
    repo.git("add", doc)
    (repo.path / doc).unlink()
    result = repo.check("--staged", doc)
    assert result.exit_code == 1
    assert [d[:2] for d in result.found()] == [("CAL001", doc)]


# 11. A commit pre-commit splits over processes: each diagnostic reported once ------------------


def test_a_split_commit_reports_each_diagnostic_once(repo: Repo) -> None:
    repo.write(
        "ROADMAP.md", "# Roadmap\n\n## Current Work\n\n- docs/development/V1.2.0_PHASE_1.md\n"
    )
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    repo.commit("start")
    repo.git("rm", "-q", "docs/development/V1.2.0_PHASE_1.md")
    names = [f"docs/development/V1.{n}.0_PHASE_1.md" for n in (3, 4, 5, 6)]
    for name in names:
        version = name.split("/")[-1].split("_")[0]
        repo.write(name, PHASE_DOC.replace("V1.2.0", version).replace("Foundation", "Week 1"))
    repo.git("add", "-A")

    def seen(*named: str) -> list[tuple[str, str, int, int, str]]:
        report = repo.check("--staged", *named)
        return [
            (d["code"], d["path"], d["line"], d["column"], d["message"]) for d in report.diagnostics
        ]

    whole = seen(*names)
    together = seen(*names[:2]) + seen(*names[2:])
    assert sorted(together) == sorted(whole)
    assert len(together) == len(set(together))
    assert any(d[1] == "ROADMAP.md" for d in whole)  # the commit's consequence, reported once


# 12. The Action on a hostile runner ---------------------------------------------------------


def _action(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PHASELINT_"))}
    return subprocess.run(
        [sys.executable, "-m", "phaselint.action"],
        cwd=cwd,
        env={**base, **GIT_ENV, "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_action_event_from_a_device_or_too_deep(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    repo.commit("phase")
    deep = tmp_path / "event.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    devices = ["/dev/zero"] if Path("/dev/zero").exists() else []
    for event in (*devices, str(deep)):
        completed = _action(repo.path, {"GITHUB_EVENT_PATH": event})
        assert completed.returncode == 0, completed.stderr
        assert "cannot read the event" in completed.stderr
        assert "Traceback" not in completed.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_action_output_to_a_fifo_nobody_reads(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    repo.commit("phase")
    fifo = tmp_path / "output"
    os.mkfifo(fifo)
    completed = _action(repo.path, {"GITHUB_OUTPUT": str(fifo)})
    assert completed.returncode == 0
    assert f"cannot write {fifo}" in completed.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_action_output_to_a_fifo_that_stays_full(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    repo.commit("phase")
    fifo = tmp_path / "output"
    os.mkfifo(fifo)
    # A reader that opens the FIFO and never reads: a blocking write would wait forever once
    # the pipe is full; the summary's writes fill it.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    with contextlib.suppress(BlockingIOError):
        while True:
            os.write(writer, b"x" * 65536)
    os.close(writer)
    try:
        completed = _action(repo.path, {"GITHUB_OUTPUT": str(fifo)})
    finally:
        os.close(reader)
    assert completed.returncode == 0
    assert f"cannot write {fifo}" in completed.stderr


# 13. NUL bytes anywhere make a file binary ---------------------------------------------------


def test_nul_bytes_after_the_first_8_kib(repo: Repo) -> None:
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write_bytes(doc, PHASE_DOC.encode() + b"x" * 9000 + b"\0\n")
    result = repo.check()
    assert ("PL001", doc, 1, 1) in result.found()
    assert "looks binary" in result.messages("PL001")[0]


# What held ----------------------------------------------------------------------------------


def test_a_plain_check_changes_nothing_and_leaves_no_git_process(repo: Repo) -> None:
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC.replace("Foundation", "Week 1"))
    repo.write("specs/001-a/.status", "implementing\n")
    repo.write("specs/001-a/spec.md", "# Spec\n")
    repo.commit("start")
    before = tree_hash(repo.path)
    threads = threading.active_count()
    for args in ((), ("--staged",), ("--format", "sarif"), ("--statistics",)):
        repo.check(*args)
    assert tree_hash(repo.path) == before
    assert threading.active_count() == threads
    # No child process of ours survives (git cat-file readers are closed).
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if children.exists():
        assert children.read_text().split() == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_spec_folder_is_pl001_not_missing(repo: Repo) -> None:
    repo.write("specs/001-a/plan.md", "# Plan\n")
    os.mkfifo(repo.path / "specs/001-a/spec.md")
    result = repo.check()
    assert ("PL001", "specs/001-a/spec.md", 1, 1) in result.found()
    assert "is not a regular file" in result.messages("PL001")[0]
    assert not any("has no spec.md" in m for m in result.messages("SP005"))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads whatever the permissions"
)
def test_a_file_in_a_folder_without_permissions_named_on_the_command_line(repo: Repo) -> None:
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write(doc, PHASE_DOC)
    folder = repo.path / "docs/development"
    folder.chmod(0)
    try:
        result = repo.check(doc)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert ("PL001", doc, 1, 1) in result.found()
