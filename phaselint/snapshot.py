"""Where file contents come from.

A snapshot answers three questions: which files exist, what bytes a file holds, and whether a
path exists. Rules never open files or call git themselves; they ask the project, which asks a
snapshot. The working tree is one snapshot; the git index and a git ref are others, so the same
rule works on a commit, a pull request and a plain directory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
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
        ".phaselint_cache",
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


_LINK_PROBLEMS = {
    "symlink": "is a symbolic link that leads outside the repository; phaselint does not "
    "follow it (replace it with the file, or exclude it)",
    "dangling": "is a broken symbolic link; point it at an existing file or remove it",
    "notdir": "is a broken symbolic link; point it at an existing file or remove it",
    "loop": "is a symbolic link in a loop",
    "folder": "lies in a folder that is a symbolic link leading outside the repository; "
    "phaselint does not follow it (replace the link with the folder, or exclude it)",
}


def _too_large(size: int, limit: int) -> FileProblem:
    return FileProblem(
        f"is {size:,} bytes, over the {limit:,}-byte limit, and was not read "
        "(raise `max-file-size` or exclude the file)"
    )


def walk_files(root: Path, folder: str = "") -> list[str]:
    """Files on disk below `root` (or below its `folder`), root-relative, sorted; tool and
    dependency folders (`_PRUNED`) are skipped. What git says does not matter here."""
    base = os.path.join(root, *folder.split("/")) if folder else str(root)
    found: list[str] = []
    for current, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in _PRUNED)
        relative = os.path.relpath(current, root)
        lead = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.extend(lead + name for name in names)
    return sorted(found)


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
        self._folders_inside: dict[str, bool] = {}
        self._real_folders: dict[str, str] = {}

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

    def _walk(self) -> list[str]:
        return walk_files(self.root)

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

    def _inside(self, disk: str) -> bool:
        """Whether the folder holding `disk`, every symbolic link of its path followed, lies
        inside the repository (`specs/009-out/.status` with `specs/009-out` a link leading out
        does not). Resolved once per folder."""
        folder = os.path.dirname(disk)
        inside = self._folders_inside.get(folder)
        if inside is None:
            real = self._real_folder(folder)
            inside = os.path.commonpath([self._real_root, real]) == self._real_root
            self._folders_inside[folder] = inside
        return inside

    def _real_folder(self, folder: str) -> str:
        """`os.path.realpath(folder)`, from its parent's when the folder is no link: one
        `lstat` per folder of the tree rather than one per part of every folder's path."""
        real = self._real_folders.get(folder)
        if real is not None:
            return real
        parent, name = os.path.split(folder)
        real = None
        if name not in ("", ".", "..") and parent != folder and folder != str(self.root):
            try:
                plain = not stat.S_ISLNK(os.lstat(folder).st_mode)
            except OSError:
                plain = False  # missing or unreadable: as realpath says
            if plain:
                real = os.path.join(self._real_folder(parent), name)
        if real is None:
            real = os.path.realpath(folder)
        self._real_folders[folder] = real
        return real

    def read(self, path: str, limit: int) -> bytes:
        disk = self._disk(path)
        if not self._inside(disk):
            raise FileProblem(_LINK_PROBLEMS["folder"])
        try:
            info = os.lstat(disk)
        except FileNotFoundError as error:
            raise MissingFile("does not exist") from error
        except OSError as error:
            raise FileProblem(f"cannot be read ({error.strerror})") from error
        if stat.S_ISLNK(info.st_mode):
            if self.escapes(path):
                raise FileProblem(_LINK_PROBLEMS["symlink"])
            try:
                info = os.stat(disk)
            except OSError as error:
                raise FileProblem(_LINK_PROBLEMS["dangling"]) from error
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("is not a regular file")
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        try:
            return _read_bounded(disk, info.st_size, limit)
        except OSError as error:
            raise FileProblem(f"cannot be read ({error.strerror})") from error


class OverlaySnapshot:
    """Another snapshot with some files' contents given in memory: what stdin holds for
    `--stdin-filename`, or the unsaved buffers of an editor (`phaselint server`). Those paths
    read as the given bytes and are listed even when they are not on disk; every other path is
    the base snapshot's. Nothing is ever written."""

    def __init__(self, base: Snapshot, contents: Mapping[str, bytes], source: str) -> None:
        self.base = base
        self.root = base.root
        self.contents = dict(contents)
        #: Where the contents come from, for `--verbose`: "stdin", "the editor".
        self.description = f"{base.description}, {', '.join(sorted(self.contents))} from {source}"
        self._files: list[str] | None = None
        self._folders = {path[:end] for path in self.contents for end in _slashes(path)}

    def files(self) -> list[str]:
        if self._files is None:
            self._files = sorted(set(self.base.files()) | set(self.contents))
        return self._files

    def exists(self, path: str) -> bool:
        return path in self.contents or path in self._folders or self.base.exists(path)

    def is_dir(self, path: str) -> bool:
        return path.strip("/") in self._folders or self.base.is_dir(path)

    def escapes(self, path: str) -> bool:
        return path not in self.contents and self.base.escapes(path)

    def read(self, path: str, limit: int) -> bytes:
        data = self.contents.get(path)
        if data is None:
            return self.base.read(path, limit)
        if len(data) > limit:
            raise _too_large(len(data), limit)
        return data


def _slashes(path: str) -> list[int]:
    """Where each folder of `path` ends (`a/b/c` → the ends of `a` and `a/b`)."""
    return [index for index, char in enumerate(path) if char == "/"]


def _read_bounded(disk: str | Path, size: int, limit: int) -> bytes:
    """What reading `disk` to `limit + 1` bytes reads — to the end, or one byte past `limit` —
    asking first for the `size` the file had when looked at: a read of `limit + 1` bytes
    allocates that much (2 MiB by default) for every file, which tripled the cost of reading a
    tree. Plain descriptor reads: a buffered file object costs more than the read itself."""
    descriptor = os.open(disk, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = _read_up_to(descriptor, min(size, limit) + 1)
        if size < len(data) <= limit:  # it grew meanwhile: read on, as before
            data += _read_up_to(descriptor, limit + 1 - len(data))
        return data
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, count: int) -> bytes:
    """`count` bytes, or fewer at the end of the file (one read may return less)."""
    chunks = []
    while count > 0:
        chunk = os.read(descriptor, count)
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """Text of a planning file: UTF-8 (a BOM is fine), line endings normalized to `\\n`.

    Raise FileProblem for binary data, UTF-16/32 and invalid UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if b"\0" in data:  # anywhere: memchr over the whole file costs next to nothing
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
    """Files as git holds them: the index (what a commit will hold) or a commit (`rev`, the base
    of a comparison). The listing is asked of git on first use (`entries` is called then: the
    base of a commit is often never listed). Contents come through one shared
    `git cat-file --batch` process: a commit's files by `REV:PATH` (git follows symbolic links
    inside the commit), the index's by object id, its symbolic links followed here. For the
    index (`worktree`), a file whose work tree copy hashes to the staged object is read from
    disk instead — the usual case under pre-commit, which sets unstaged changes aside — and git
    is not asked at all. Submodules are not files. `prefix` is the project root's folder in the
    repository (`planning/`, or empty)."""

    def __init__(
        self,
        top: Path,
        prefix: str,
        entries: Callable[[], list[git.Entry]],
        reader: git.BlobReader,
        description: str,
        rev: str | None = None,
        worktree: bool = False,
    ) -> None:
        self.rev = rev
        self.worktree = worktree
        self.prefix = prefix
        self.root = top / prefix if prefix else top
        self.description = description
        self._reader = reader
        self._load = entries
        self._listing: tuple[dict[str, git.Entry], list[str]] | None = None

    def _listed(self) -> tuple[dict[str, git.Entry], list[str]]:
        """The entries by project path, and the paths in order."""
        if self._listing is None:
            start = len(self.prefix)
            entries = {
                entry.path[start:]: entry
                for entry in self._load()
                if entry.mode != "160000" and entry.path.startswith(self.prefix)
            }
            self._listing = (entries, sorted(entries))
        return self._listing

    @property
    def _entries(self) -> dict[str, git.Entry]:
        return self._listed()[0]

    @property
    def _files(self) -> list[str]:
        return self._listed()[1]

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
            raise FileProblem(_LINK_PROBLEMS["symlink"])
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
        if self.rev is not None and "\n" not in path:  # cat-file names cannot hold a newline
            return self._fetch(f"{self.rev}:{self.prefix}{path}", limit)
        entry = self._entries.get(path)
        for _ in range(8):  # symbolic links to symbolic links, up to a point
            if entry is None:
                raise MissingFile("does not exist")
            if entry.mode != "120000":
                break
            target = self._link_target(path, entry)
            entry = self._entries.get(target)
            if entry is None:
                raise FileProblem(_LINK_PROBLEMS["dangling"])
            path = target
        else:
            raise FileProblem(_LINK_PROBLEMS["loop"])
        if self.worktree:
            data = self._from_disk(path, entry, limit)
            if data is not None:
                return data
        return self._fetch(entry.sha, limit)

    def _from_disk(self, path: str, entry: git.Entry, limit: int) -> bytes | None:
        """The work tree's copy of an index entry, when it is the same object; else None."""
        disk = self.root / path
        try:
            info = os.lstat(disk)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = _read_bounded(disk, info.st_size, limit)
        except OSError:
            return None
        if _blob_id(data, len(entry.sha) == 64) != entry.sha:
            return None
        return data

    def _fetch(self, name: str, limit: int) -> bytes:
        try:
            data = self._reader.read(name, limit)
        except git.MissingObject as error:
            raise MissingFile("does not exist") from error
        except git.LinkProblem as error:
            raise FileProblem(_LINK_PROBLEMS.get(str(error), _LINK_PROBLEMS["dangling"])) from error
        except git.GitError as error:
            raise FileProblem(f"cannot be read from git ({error})") from error
        if isinstance(data, int):
            raise _too_large(data, limit)
        return data


def _blob_id(data: bytes, sha256: bool) -> str:
    """git's object id of `data` as a blob. CPython's own digest modules first: `hashlib`
    loads OpenSSL, some 2.5 ms of a one-file commit, for the one digest the hook needs."""
    header = b"blob %d\0" % len(data)
    try:
        if sha256:
            from _sha256 import sha256 as digest  # type: ignore[import-not-found]
        else:
            from _sha1 import sha1 as digest  # type: ignore[import-not-found]
    except ImportError:  # another Python, or one built without them
        import hashlib

        digest = hashlib.sha256 if sha256 else hashlib.sha1
    return str(digest(header + data).hexdigest())
