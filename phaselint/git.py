"""A thin layer over the `git` binary: one function per question phaselint asks git.

Every call runs `git` once, waits for it, and returns parsed output; no git process outlives the
call. Output is read with `-z` wherever git offers it, so paths with spaces, newlines or
non-ASCII characters arrive intact whatever `core.quotepath` says.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """git failed or is not available; the message says which command and why."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Keep git's output stable and machine-readable whatever the user's settings.
    env["LC_ALL"] = "C"
    env.pop("GIT_PAGER", None)
    env["GIT_PAGER"] = "cat"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


def run(args: list[str], cwd: Path, *, stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` in `cwd` and return its standard output; raise GitError on failure."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {completed.returncode}"
        raise GitError(f"`git {' '.join(args[:2])}` failed: {detail}")
    return completed.stdout


def toplevel(cwd: Path) -> Path | None:
    """The root of the work tree containing `cwd`, or None outside any git work tree."""
    try:
        output = run(["rev-parse", "--show-toplevel"], cwd)
    except GitError:
        return None
    text = output.decode("utf-8", "surrogateescape").strip()
    return Path(text) if text else None


def split_z(output: bytes) -> list[str]:
    """Split NUL-terminated git output into paths."""
    return [item.decode("utf-8", "surrogateescape") for item in output.split(b"\0") if item]


def ls_files(root: Path, *, untracked: bool = True, under: str | None = None) -> list[str]:
    """Files of the work tree below `root` (or below its folder `under`), relative to `root`,
    sorted: tracked ones (unless deleted on disk) and, with `untracked`, untracked ones that
    are not ignored. Without `untracked` this is the index's list alone, which git answers
    without scanning the work tree."""
    pathspec = ["--", f":(literal){under}"] if under else []
    if not untracked:
        return sorted(set(split_z(run(["ls-files", "-z", "--cached", *pathspec], root))))
    output = run(
        [
            "ls-files",
            "-z",
            "-t",
            "--cached",
            "--deleted",
            "--others",
            "--exclude-standard",
            *pathspec,
        ],
        root,
    )
    present: set[str] = set()
    deleted: set[str] = set()
    for entry in split_z(output):
        tag, _, path = entry.partition(" ")
        (deleted if tag == "R" else present).add(path)
    return sorted(present - deleted)
