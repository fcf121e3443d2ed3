"""Bad input: one diagnostic or none for each case, never a crash, never a file changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import COMPLETE_PHASE_DOC, PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.lstrip("\n").replace(
    "# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1"
)


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below `root` but git's and phaselint's cache (the one folder a run writes)."""
    digests = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", ".phaselint_cache")]
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                digests[str(path)] = "link:" + os.readlink(path)
            else:
                digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@pytest.fixture
def unchanged(repo: Repo):  # type: ignore[no-untyped-def]
    """Assert the test's run changed no file of the repository."""
    yield
    assert tree_digest(repo.path) == repo.before  # type: ignore[attr-defined]


def snapshot(repo: Repo) -> None:
    repo.before = tree_digest(repo.path)  # type: ignore[attr-defined]


def test_binary_file(repo: Repo, unchanged: None) -> None:
    repo.write_bytes(DOC, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    repo.write("docs/development/V1.2.0_PHASE_2.md", CALENDAR.replace("Phase 1", "Phase 2"))
    snapshot(repo)
    result = repo.check()
    assert result.found(path=DOC) == [("PL001", DOC, 1, 1)]
    assert "looks binary" in result.messages("PL001")[0]
    assert ("CAL001", "docs/development/V1.2.0_PHASE_2.md", 1, 21) in result.found()


def test_not_utf8(repo: Repo, unchanged: None) -> None:
    repo.write_bytes(DOC, CALENDAR.replace("Implement JWT", "Implémenter JWT").encode("latin-1"))
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "is not valid UTF-8 (byte 0xe9 on line" in result.messages("PL001")[0]


def test_utf16(repo: Repo, unchanged: None) -> None:
    repo.write_bytes(DOC, CALENDAR.encode("utf-16"))
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "UTF-16" in result.messages("PL001")[0]


def test_bom_and_crlf_are_fine(repo: Repo, unchanged: None) -> None:
    repo.write_bytes(DOC, b"\xef\xbb\xbf" + CALENDAR.replace("\n", "\r\n").encode("utf-8"))
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("CAL001", DOC, 1, 21)]


def test_empty_file_gets_one_diagnostic(repo: Repo, unchanged: None) -> None:
    repo.write(DOC, "")
    repo.write("specs/001-x/spec.md", "")
    repo.write("context/plans/2025-12-18-x.md", "")
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PH004", DOC, 1, 1), ("SP006", "specs/001-x/spec.md", 1, 1)]
    assert "phase document is empty" in result.messages("PH004")[0]
    assert "spec.md of spec 001-x is empty" in result.messages("SP006")[0]


def test_huge_file_is_not_read(repo: Repo, unchanged: None) -> None:
    repo.write(DOC, CALENDAR + ("- filler line\n" * 200_000))
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "over the 2,097,152-byte limit" in result.messages("PL001")[0]


def test_broken_symlink(repo: Repo, unchanged: None) -> None:
    (repo.path / "docs/development").mkdir(parents=True)
    os.symlink("missing.md", repo.path / DOC)
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "broken symbolic link" in result.messages("PL001")[0]


def test_symlink_outside_the_repository_is_not_followed(
    repo: Repo, tmp_path: Path, unchanged: None
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(CALENDAR)
    (repo.path / "docs/development").mkdir(parents=True)
    os.symlink(outside, repo.path / DOC)
    snapshot(repo)
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "leads outside the repository" in result.messages("PL001")[0]


def test_symlink_inside_the_repository_is_followed(repo: Repo, unchanged: None) -> None:
    repo.write("notes/phase.md", CALENDAR)
    (repo.path / "docs/development").mkdir(parents=True)
    os.symlink("../../notes/phase.md", repo.path / DOC)
    snapshot(repo)
    assert repo.check().found() == [("CAL001", DOC, 1, 21)]


def test_not_a_regular_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    (folder / "docs/development").mkdir(parents=True)
    os.mkfifo(folder / DOC)
    monkeypatch.chdir(folder)
    from click.testing import CliRunner

    from phaselint.cli import main

    result = CliRunner().invoke(main, ["check", "--format", "json"])
    import json

    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["line"]) for d in diagnostics] == [("PL001", 1)]
    assert "not a regular file" in diagnostics[0]["message"]


@pytest.mark.parametrize(
    "text",
    [
        "```\n# V1.2.0 - Phase 1: Week 1\nunclosed fence",
        "> " * 500 + "# deep quote\n",
        "".join("  " * depth + "- item\n" for depth in range(300)),
        "[" * 5000 + "]" * 5000 + "\n",
        "<!-- unclosed comment\n# V1.2.0 - Phase 1: Week 1\n",
        "| a |\n|---|\n" + "| x |\n" * 100 + "| unbalanced | cells | here |\n",
        "**Status**:\n**Status**: **\n** : **\n",
        "\x00".join(["a"] * 10),
        "---\ntitle: [broken yaml\n---\n# V1.2.0 - Phase 1: Foundation\n",
        "# V1.2.0 - Phase 1: Foundation\n\n## Completion Summary\n" + "#" * 7 + "\n",
        "\u2028\u2029\x0b\x0c\x1c" * 20 + "\n# V1.2.0 - Phase 1: Foundation\n",
        "`" * 1000 + "\n" + "`" * 999 + "\n",
    ],
)
def test_malformed_markdown_never_crashes(repo: Repo, text: str, unchanged: None) -> None:
    repo.write_bytes(DOC, text.encode("utf-8"))
    snapshot(repo)
    result = repo.check()
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == ""


def test_front_matter_is_not_prose(repo: Repo, unchanged: None) -> None:
    repo.write(
        DOC, "---\nschedule: Week 1 (Dec 20-27)\nstatus: x\n---\n" + COMPLETE_PHASE_DOC.lstrip("\n")
    )
    snapshot(repo)
    assert repo.check().found() == []


def test_deleted_but_tracked_file_is_not_read(repo: Repo, unchanged: None) -> None:
    repo.write(DOC, CALENDAR)
    repo.commit()
    (repo.path / DOC).unlink()
    snapshot(repo)
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0


def test_ignored_files_are_not_listed(repo: Repo, unchanged: None) -> None:
    repo.write(".gitignore", "scratch/\n")
    repo.write("scratch/docs/development/V1.2.0_PHASE_1.md", CALENDAR)
    snapshot(repo)
    assert repo.check().found() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(repo: Repo, unchanged: None) -> None:
    path = repo.write(DOC, CALENDAR)
    path.chmod(0)
    snapshot(repo)
    try:
        result = repo.check()
    finally:
        path.chmod(0o644)
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "cannot be read" in result.messages("PL001")[0]
