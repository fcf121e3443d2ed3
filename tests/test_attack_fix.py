"""`check --fix` under attack: symbolic links, hard links, odd line endings, file modes and I/O
errors. --fix changes the bytes it claims, in regular files inside the repository, and nothing
else; what it cannot or will not fix is one line on stderr.

Everything here is real: files, links and git repositories in tmp_path, the CLI in-process.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import Repo
from phaselint.diagnostics import Diagnostic, Edit, Fix, Severity
from phaselint.fixes import apply_fixes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links, modes, hard links")

FOLDER = "specs/001-x"
STATUS = f"{FOLDER}/.status"
SECRET = b"outside the repository\n"


def spec(repo: Repo, folder: str = FOLDER, status: bytes = b"Implementing\n") -> Path:
    """A spec whose `.status` SP003 fixes to `implementing`; the `.status` file."""
    repo.write(f"{folder}/spec.md", "# Feature Specification: X\n")
    return repo.write_bytes(f"{folder}/.status", status)


def outside(repo: Repo) -> Path:
    """A folder beside the repository holding one file that must never change."""
    folder = repo.path.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "victim").write_bytes(SECRET)
    return folder


def fingerprint(top: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry below `top` (links not followed): mode, modification time, and the hash of
    the content or the link's target — but phaselint's cache folder, the one place a run
    writes."""
    seen = {}
    for current, dirs, names in os.walk(top):
        dirs[:] = [name for name in dirs if name != ".phaselint_cache"]
        for name in [*dirs, *names]:
            path = os.path.join(current, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                content = "-> " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            else:
                content = ""
            seen[os.path.relpath(path, top)] = (info.st_mode, info.st_mtime_ns, content)
    return seen


def sp003(path: str) -> Diagnostic:
    """The diagnostic SP003 makes of `path` holding `Implementing`, with its fix."""
    edit = Edit(1, 1, 1, 13, "implementing")
    return Diagnostic(
        path, 1, 1, 1, 13, "SP003", Severity.ERROR, "not exact", Fix("exact", (edit,))
    )


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` refuses new files, even to root (who ignores permission bits: the immutable
    attribute instead)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("running as root, and the folder cannot be made immutable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# 1. --fix never writes through a symbolic link.


def test_a_committed_temporary_file_link_is_not_followed(repo: Repo) -> None:
    victim = outside(repo) / "victim"
    status = spec(repo)
    (repo.path / f"{STATUS}.phaselint-fix").symlink_to(victim)
    repo.commit()
    result = repo.check("--select", "SP003", "--fix")
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == SECRET
    assert not status.is_symlink()
    assert status.read_bytes() == b"implementing\n"
    assert os.readlink(repo.path / f"{STATUS}.phaselint-fix") == str(victim)


def test_a_file_named_through_a_folder_link_leading_outside_is_not_fixed(repo: Repo) -> None:
    folder = outside(repo)
    spec(repo)
    (repo.path / "ext").symlink_to(folder)
    (folder / "specs/001-y").mkdir(parents=True)
    (folder / "specs/001-y/spec.md").write_text("# Feature Specification: Y\n")
    (folder / "specs/001-y/.status").write_bytes(b"Implementing\n")
    repo.commit()
    before = fingerprint(folder)
    result = repo.check("--select", "SP003,PL001", "--fix", "ext/specs/001-y/.status", STATUS)
    assert fingerprint(folder) == before
    assert [path for _, path, _, _ in result.found()] == ["ext/specs/001-y/.status"]
    assert result.exit_code == 1
    assert (repo.path / STATUS).read_bytes() == b"implementing\n"  # the other file is fixed
    # Handed a fix for it all the same, --fix refuses it itself.
    outcome = apply_fixes(repo.path, [sp003("ext/specs/001-y/.status")])
    assert outcome.refused == [
        "not fixing ext/specs/001-y/.status: it lies in a folder reached through a symbolic link"
    ]
    assert fingerprint(folder) == before


def test_a_file_named_through_a_folder_link_inside_is_not_fixed(repo: Repo) -> None:
    status = spec(repo)
    (repo.path / "specs/002-y").symlink_to("001-x")
    repo.commit()
    result = repo.check("--select", "SP003", "--fix", "specs/002-y/.status")
    assert (
        "phaselint: not fixing specs/002-y/.status: it lies in a folder reached through a "
        "symbolic link" in result.stderr
    )
    assert result.found() == [("SP003", "specs/002-y/.status", 1, 1)]
    assert result.exit_code == 1
    assert status.read_bytes() == b"Implementing\n"


def test_a_link_inside_the_repository_is_left_a_link(repo: Repo) -> None:
    spec(repo)
    spec(repo, "specs/002-y")
    (repo.path / STATUS).unlink()
    (repo.path / STATUS).symlink_to("../../stage")
    repo.write_bytes("stage", b"Implementing\n")
    repo.commit()
    result = repo.check("--select", "SP003", "--fix")
    assert "phaselint: not fixing specs/001-x/.status: it is a symbolic link" in result.stderr
    assert result.found() == [("SP003", STATUS, 1, 1)]
    assert result.exit_code == 1
    assert os.readlink(repo.path / STATUS) == "../../stage"
    assert (repo.path / "stage").read_bytes() == b"Implementing\n"
    # The other spec is fixed all the same.
    assert (repo.path / "specs/002-y/.status").read_bytes() == b"implementing\n"
    assert "fixed 1 problem(s) in 1 file(s)" in result.stderr


def test_no_temporary_file_is_left_behind(repo: Repo) -> None:
    spec(repo)
    repo.commit()
    repo.check("--select", "SP003", "--fix")
    assert sorted(p.name for p in (repo.path / FOLDER).iterdir()) == [".status", "spec.md"]


# 8. --fix changes the bytes it claims and nothing else.


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"Implementing\rpaused: waiting\r", b"implementing\rpaused: waiting\r"),
        (b"Implementing\r\npaused: a\nb\rc\r\n", b"implementing\r\npaused: a\nb\rc\r\n"),
        (b"\xef\xbb\xbfImplementing\n\r\n", b"\xef\xbb\xbfimplementing\n\r\n"),
        (b"  Implementing ", b"implementing"),
    ],
)
def test_line_endings_are_kept_byte_for_byte(repo: Repo, before: bytes, after: bytes) -> None:
    status = spec(repo, status=before)
    repo.check("--select", "SP003", "--fix")
    assert status.read_bytes() == after


def test_the_file_mode_is_kept(repo: Repo) -> None:
    status = spec(repo)
    status.chmod(0o751)
    repo.check("--select", "SP003", "--fix")
    assert status.read_bytes() == b"implementing\n"
    assert stat.S_IMODE(status.stat().st_mode) == 0o751


def test_a_file_with_hard_links_is_not_fixed(repo: Repo) -> None:
    status = spec(repo)
    other = outside(repo) / "linked"
    os.link(status, other)
    result = repo.check("--select", "SP003", "--fix")
    assert "phaselint: not fixing specs/001-x/.status: it has 2 hard links" in result.stderr, (
        result.stderr
    )
    assert result.found() == [("SP003", STATUS, 1, 1)]
    assert result.exit_code == 1
    assert status.read_bytes() == other.read_bytes() == b"Implementing\n"
    assert os.path.samefile(status, other)


# 9. I/O errors are one line on stderr, exit status 2, and the other files are still fixed.


def test_a_read_only_folder_is_one_line_and_exit_2(repo: Repo) -> None:
    spec(repo)
    spec(repo, "specs/002-y")
    with read_only(repo.path / FOLDER):
        result = repo.check("--select", "SP003", "--fix")
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("phaselint: cannot write specs/001-x/.status: ") for line in lines
    ), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert (repo.path / "specs/002-y/.status").read_bytes() == b"implementing\n"
    assert (repo.path / STATUS).read_bytes() == b"Implementing\n"
    assert result.found() == [("SP003", STATUS, 1, 1)]


def test_a_folder_in_the_old_temporary_files_place_is_no_obstacle(repo: Repo) -> None:
    status = spec(repo)
    (repo.path / f"{STATUS}.phaselint-fix").mkdir()
    (repo.path / f"{STATUS}.phaselint-fix/keep").write_text("kept\n")
    result = repo.check("--select", "SP003", "--fix")
    assert result.exit_code == 0, result.stderr
    assert status.read_bytes() == b"implementing\n"
    assert (repo.path / f"{STATUS}.phaselint-fix/keep").read_text() == "kept\n"


def test_a_file_that_vanished_is_reported_and_the_others_fixed(repo: Repo) -> None:
    spec(repo)
    spec(repo, "specs/002-y")
    (repo.path / STATUS).unlink()
    outcome = apply_fixes(repo.path, [sp003(STATUS), sp003("specs/002-y/.status")])
    assert outcome.failed == ["cannot write specs/001-x/.status: No such file or directory"]
    assert outcome.changed == ["specs/002-y/.status"]
    assert (repo.path / "specs/002-y/.status").read_bytes() == b"implementing\n"
    assert not (repo.path / STATUS).exists()


# Nothing else changes: not outside the repository, and nothing at all without --fix.


def test_a_plain_check_changes_nothing(repo: Repo) -> None:
    folder = outside(repo)
    spec(repo)
    spec(repo, "specs/002-y", b"Review\r\n")
    (repo.path / f"{STATUS}.phaselint-fix").symlink_to(folder / "victim")
    (repo.path / "specs/003-z").mkdir()
    (repo.path / "specs/003-z/.status").symlink_to("../002-y/.status")
    repo.commit()
    (repo.path / "specs/002-y/.status").chmod(0o600)
    (repo.path / ".phaselint_cache").mkdir()  # what the cache writes is its own, below
    before = fingerprint(repo.path.parent)
    result = repo.check()
    assert result.exit_code == 1
    assert ("SP003", STATUS, 1, 1) in result.found()
    assert fingerprint(repo.path.parent) == before


def test_fix_writes_nothing_outside_the_repository(repo: Repo) -> None:
    folder = outside(repo)
    spec(repo)
    (repo.path / "specs/002-y").mkdir(parents=True)
    (repo.path / "specs/002-y/spec.md").write_text("# Feature Specification: Y\n")
    (repo.path / "specs/002-y/.status").symlink_to(folder / "victim")
    (folder / "spec.md").write_text("# Feature Specification: Z\n")
    (folder / ".status").write_bytes(b"Implementing\n")
    (repo.path / "specs/003-z").symlink_to(folder)
    repo.commit()
    before = fingerprint(folder)
    repo.check("--fix")
    repo.check("--fix", "specs/003-z/.status")
    repo.check("--fix", str(folder / ".status"))
    assert fingerprint(folder) == before
    assert (repo.path / STATUS).read_bytes() == b"implementing\n"
