"""Where file contents come from.

A snapshot answers three questions: which files exist, what bytes a file holds, and whether a
path exists. Rules never open files or call git themselves; they ask the project, which asks a
snapshot. The working tree is one snapshot; the git index and a git ref are others, so the same
rule works on a commit, a pull request and a plain directory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from phaselint import git

# Folders never worth walking when the tree is not a git repository.
_PRUNED = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)


class FileProblem(Exception):
    """A file that should be read cannot be: the message completes "PATH ...", for PL001."""


class MissingFile(FileProblem):
    """The file is not there (deleted on disk, but still listed): absent, not a problem."""


class Snapshot(Protocol):
    """The interface every snapshot offers."""

    root: Path
    description: str

    def files(self) -> list[str]:
        """Repository-relative `/`-separated paths, sorted."""
        ...

    def exists(self, path: str) -> bool:
        """Whether `path` is a file or folder of the snapshot."""
        ...

    def is_dir(self, path: str) -> bool:
        """Whether `path` is a folder of the snapshot."""
        ...

    def escapes(self, path: str) -> bool:
        """Whether `path` is a symbolic link that leads outside the repository."""
        ...

    def read(self, path: str, limit: int) -> bytes:
        """The bytes of `path`; raise FileProblem when it cannot or should not be read."""
        ...


class WorktreeSnapshot:
    """The files on disk below `root`.

    In a git repository the listing is git's: tracked files and untracked ones that are not
    ignored; with `tracked_only`, the tracked files alone plus the `extra` files named on the
    command line (what a commit holds: pre-commit hands over the files it touches, and git
    lists the rest without scanning the work tree).
    """

    def __init__(
        self, root: Path, *, in_git: bool, tracked_only: bool = False, extra: tuple[str, ...] = ()
    ) -> None:
        self.root = root
        self.in_git = in_git
        self.tracked_only = tracked_only and in_git
        self.extra = extra
        if not in_git:
            self.description = "the folder (not a git repository)"
        elif self.tracked_only:
            self.description = "the working tree (tracked files and the files given)"
        else:
            self.description = "the working tree"
        self._real_root = os.path.realpath(root)
        self._files: list[str] | None = None

    def files(self) -> list[str]:
        if self._files is None:
            if not self.in_git:
                listed = self._walk()
            elif self.tracked_only:
                listed = sorted(set(git.ls_files(self.root, untracked=False)) | set(self.extra))
            else:
                listed = git.ls_files(self.root)
            self._files = listed
        return self._files

    def walk(self, folder: str) -> list[str]:
        """Files on disk below `folder` (repository-relative), whatever git says."""
        base = os.path.join(self.root, *folder.split("/"))
        found: list[str] = []
        for current, dirs, names in os.walk(base):
            dirs[:] = sorted(d for d in dirs if d not in _PRUNED)
            relative = os.path.relpath(current, self.root).replace(os.sep, "/")
            found.extend(f"{relative}/{name}" for name in names)
        return sorted(found)

    def _walk(self) -> list[str]:
        found: list[str] = []
        root = str(self.root)
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _PRUNED)
            relative = os.path.relpath(folder, root)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            found.extend(prefix + name for name in names)
        return sorted(found)

    def _disk(self, path: str) -> str:
        return os.path.join(self.root, *path.split("/"))

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._disk(path))

    def is_dir(self, path: str) -> bool:
        disk = self._disk(path)
        return os.path.isdir(disk) and not os.path.islink(disk)

    def escapes(self, path: str) -> bool:
        disk = self._disk(path)
        if not os.path.islink(disk):
            return False
        target = os.path.realpath(disk)
        return os.path.commonpath([self._real_root, target]) != self._real_root

    def read(self, path: str, limit: int) -> bytes:
        disk = self._disk(path)
        try:
            info = os.lstat(disk)
        except FileNotFoundError as error:
            raise MissingFile("does not exist") from error
        except OSError as error:
            raise FileProblem(f"cannot be read ({error.strerror})") from error
        if stat.S_ISLNK(info.st_mode):
            if self.escapes(path):
                raise FileProblem(
                    "is a symbolic link that leads outside the repository; phaselint does not "
                    "follow it (replace it with the file, or exclude it)"
                )
            try:
                info = os.stat(disk)
            except OSError as error:
                raise FileProblem(
                    "is a broken symbolic link; point it at an existing file or remove it"
                ) from error
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("is not a regular file")
        if info.st_size > limit:
            raise FileProblem(
                f"is {info.st_size:,} bytes, over the {limit:,}-byte limit, and was not read "
                "(raise `max-file-size` or exclude the file)"
            )
        try:
            with open(disk, "rb") as handle:
                return handle.read(limit + 1)
        except OSError as error:
            raise FileProblem(f"cannot be read ({error.strerror})") from error


def decode(data: bytes) -> str:
    """Text of a planning file: UTF-8 (a BOM is fine), line endings normalized to `\\n`.

    Raise FileProblem for binary data, UTF-16/32 and invalid UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if b"\0" in data[:8192]:
        raise FileProblem("looks binary (it contains NUL bytes); planning documents must be text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}); save it as UTF-8"
        ) from error
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class GitSnapshot:
    """Files as git holds them: the index (what a commit will hold) or a commit (the base of a
    comparison). Contents come through one shared `git cat-file --batch` process. Submodules
    are not files; a symbolic link is followed to the file it names inside the repository."""

    def __init__(
        self,
        top: Path,
        prefix: str,
        entries: list[git.Entry],
        reader: git.BlobReader,
        description: str,
    ) -> None:
        self.top = top
        self.prefix = prefix.strip("/")
        self.root = top / self.prefix if self.prefix else top
        self.description = description
        self._reader = reader
        start = len(self.prefix) + 1 if self.prefix else 0
        self._entries = {
            entry.path[start:]: entry
            for entry in entries
            if entry.mode != "160000"
            and (not self.prefix or entry.path.startswith(self.prefix + "/"))
        }
        self._files = sorted(self._entries)

    def files(self) -> list[str]:
        return self._files

    def exists(self, path: str) -> bool:
        return path in self._entries or self.is_dir(path)

    def is_dir(self, path: str) -> bool:
        import bisect

        prefix = path.strip("/") + "/"
        index = bisect.bisect_left(self._files, prefix)
        return index < len(self._files) and self._files[index].startswith(prefix)

    def _link_target(self, path: str, entry: git.Entry) -> str:
        """The repository path a symbolic link names; FileProblem when it leads outside."""
        import posixpath

        data = self._reader.read(entry.sha, 4096)
        target = data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else ""
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or resolved == ".." or resolved.startswith("../"):
            raise FileProblem(
                "is a symbolic link that leads outside the repository; phaselint does not "
                "follow it (replace it with the file, or exclude it)"
            )
        return resolved

    def escapes(self, path: str) -> bool:
        entry = self._entries.get(path)
        if entry is None or entry.mode != "120000":
            return False
        try:
            self._link_target(path, entry)
        except FileProblem:
            return True
        return False

    def read(self, path: str, limit: int) -> bytes:
        entry = self._entries.get(path)
        for _ in range(8):  # symbolic links to symbolic links, up to a point
            if entry is None:
                raise MissingFile("does not exist")
            if entry.mode != "120000":
                break
            target = self._link_target(path, entry)
            entry = self._entries.get(target)
            if entry is None:
                raise FileProblem(
                    "is a broken symbolic link; point it at an existing file or remove it"
                )
            path = target
        else:
            raise FileProblem("is a symbolic link in a loop")
        try:
            data = self._reader.read(entry.sha, limit)
        except git.GitError as error:
            raise FileProblem(f"cannot be read from git ({error})") from error
        if isinstance(data, int):
            raise FileProblem(
                f"is {data:,} bytes, over the {limit:,}-byte limit, and was not read "
                "(raise `max-file-size` or exclude the file)"
            )
        return data

    def close(self) -> None:
        self._reader.close()
