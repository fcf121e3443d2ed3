"""A thin layer over the `git` binary: one function per question phaselint asks git.

Every call runs `git` once, waits for it, and returns parsed output; the one long-lived process,
`git cat-file --batch` (a `BlobReader`), is closed by whoever opened it, and at exit at the
latest, so no git process outlives phaselint. Output is read with `-z` wherever git offers it,
so paths with spaces, newlines or non-ASCII characters arrive intact whatever `core.quotepath`
says. git's own environment is passed through: `GIT_INDEX_FILE` (set by `git commit -a` and
`git commit PATH`) decides which index a staged run reads.
"""

from __future__ import annotations

import atexit
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from phaselint.lazyre import lazy_compile

#: Git's empty tree: the base of a repository without commits.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class GitError(Exception):
    """git failed or is not available; the message says which command and why."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Keep git's output stable and machine-readable whatever the user's settings.
    env["LC_ALL"] = "C"
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


def _text(output: bytes) -> str:
    return output.decode("utf-8", "surrogateescape").strip()


#: The git directory of each work tree found, asked for in the same call as its top.
_GIT_DIRS: dict[Path, Path] = {}


def project_prefix(root: Path, top: Path | None) -> str:
    """The project root's folder within the work tree at `top`, as a prefix of repository paths
    (`planning/`), or empty when the root is the top (or there is no work tree)."""
    if top is None:
        return ""
    try:
        relative = Path(os.path.realpath(root)).relative_to(os.path.realpath(top)).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def toplevel(cwd: Path) -> Path | None:
    """The root of the work tree containing `cwd`, or None outside any git work tree."""
    found = _toplevel_from_files(cwd)
    if found is not None:
        return found
    try:
        output = run(["rev-parse", "--show-toplevel", "--absolute-git-dir"], cwd)
    except GitError:
        return None
    lines = _text(output).splitlines()
    if len(lines) != 2 or not lines[0]:
        return None
    top = Path(lines[0])
    _GIT_DIRS[top] = Path(lines[1])
    return top


#: What changes where git finds a repository: with any of these set, git is asked.
_DISCOVERY_ENVIRONMENT = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)


def _toplevel_from_files(cwd: Path) -> Path | None:
    """The work tree's top as git would find it, without starting git, in the plain case: the
    nearest folder at or above `cwd` holding a `.git` folder (with its `HEAD`) or a `.git`
    file (`gitdir: …`, a linked worktree or a submodule), owned by this user. None — ask
    git — for anything else: a discovery environment, a path inside a git directory, a bare
    repository on the way, another owner (git's `safe.directory`), a file it cannot read."""
    if any(name in os.environ for name in _DISCOVERY_ENVIRONMENT):
        return None
    try:
        here = Path(os.path.realpath(cwd))
        if ".git" in here.parts:
            return None
        uid = os.getuid() if hasattr(os, "getuid") else None
        for folder in (here, *here.parents):
            marker = folder / ".git"
            if marker.is_dir():
                if not (marker / "HEAD").is_file():
                    return None
                found = marker
            elif marker.is_file():
                text = marker.read_text(encoding="utf-8").strip()
                if not text.startswith("gitdir:"):
                    return None
                found = Path(os.path.realpath(folder / text[len("gitdir:") :].strip()))
                if not (found / "HEAD").is_file():
                    return None
            elif (folder / "HEAD").is_file() and (folder / "objects").is_dir():
                return None  # a bare repository, or a git directory: git's to say
            else:
                continue
            if uid is not None and os.stat(folder).st_uid != uid:
                return None  # git's ownership check decides
            _GIT_DIRS[folder] = found
            return folder
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return None


def git_dir(top: Path) -> Path | None:
    """The git directory of a work tree (`.git`, or `.git/worktrees/NAME` for a linked one)."""
    if top not in _GIT_DIRS:
        try:
            _GIT_DIRS[top] = Path(_text(run(["rev-parse", "--absolute-git-dir"], top)))
        except GitError:
            return None
    return _GIT_DIRS[top]


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


class Entry(NamedTuple):
    """A file of the index or of a commit: its mode (`100644`, `120000` for a symbolic link,
    `160000` for a submodule), its object id, and its path."""

    mode: str
    sha: str
    path: str


# Records of `git ls-files -s -z` and `git ls-tree -r -z`, each at the start of the output or
# after a NUL: read with one regular expression over the whole output, which is several times
# faster than splitting 5,000 records in Python.
_INDEX_RECORD = lazy_compile(r"(?<![^\0])(\d+) ([0-9a-f]+) 0\t([^\0]*)\0")
_TREE_RECORD = lazy_compile(r"(?<![^\0])(\d+) blob ([0-9a-f]+)\t([^\0]*)\0")


def index_entries(top: Path, pathspecs: Sequence[str] = ()) -> list[Entry]:
    """The index (the one `GIT_INDEX_FILE` names, if set), merged entries only: a path still in
    conflict (stages 1–3) cannot be committed and is left out. With `pathspecs`, only the
    entries they match."""
    where = ["--", *pathspecs] if pathspecs else []
    output = run(["ls-files", "-s", "-z", *where], top).decode("utf-8", "surrogateescape")
    return list(map(Entry._make, _INDEX_RECORD.findall(output)))


def tree_entries(top: Path, rev: str) -> list[Entry]:
    """The files of commit (or tree) `rev`."""
    output = run(["ls-tree", "-r", "-z", "--full-tree", rev], top)
    return list(map(Entry._make, _TREE_RECORD.findall(output.decode("utf-8", "surrogateescape"))))


class Change(NamedTuple):
    """A file a change touches: `A`dded, `M`odified, `D`eleted, `R`enamed (from `old`), …"""

    status: str
    path: str
    old: str | None


def changes(top: Path, args: list[str]) -> list[Change]:
    """`git diff --name-status -M -z ARGS`, parsed."""
    fields = split_z(run(["diff", "--name-status", "-M", "-z", *args], top))
    found = []
    index = 0
    while index < len(fields):
        status = fields[index]
        if status[:1] in ("R", "C"):
            found.append(Change(status[:1], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            found.append(Change(status[:1], fields[index + 1], None))
            index += 2
    return found


class Revision(NamedTuple):
    """A commit's new version of a file: the blob, or None when the commit deleted it."""

    commit: str
    path: str
    sha: str | None


def revisions(top: Path, start: str, end: str, paths: list[str]) -> list[Revision]:
    """Every change to `paths` along the first-parent line from `start` (excluded) to `end`,
    oldest first: the commits of a branch as it was built, in one `git log`."""
    if not paths:
        return []
    output = run(
        [
            "log",
            "--first-parent",
            "--reverse",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "-z",
            "--format=%H",
            f"{start}..{end}",
            "--",
            *(f":(literal){path}" for path in paths),
        ],
        top,
    )
    found = []
    commit = ""
    fields = output.split(b"\0")
    index = 0
    while index < len(fields):
        token = fields[index].lstrip(b"\n").decode("utf-8", "surrogateescape")
        index += 1
        if token.startswith(":"):
            sha = token.split(" ")[3]
            path = fields[index].decode("utf-8", "surrogateescape") if index < len(fields) else ""
            index += 1
            found.append(Revision(commit, path, None if sha.strip("0") == "" else sha))
        elif token:
            commit = token
    return found


def changed_paths(top: Path, start: str, end: str) -> frozenset[str]:
    """Every file a commit along the first-parent line from `start` (excluded) to `end` added,
    modified or deleted: what a branch's commits changed, in one `git log`."""
    output = run(
        [
            "log",
            "--first-parent",
            "--no-renames",
            "--name-only",
            "-z",
            "--format=",
            f"{start}..{end}",
        ],
        top,
    )
    names = (field.strip(b"\n").decode("utf-8", "surrogateescape") for field in output.split(b"\0"))
    return frozenset(name for name in names if name)


def default_branch(top: Path) -> str | None:
    """The ref of the repository's default branch: the remote's (`origin/HEAD`, as a clone
    records it), else the local branch `init.defaultBranch` names, `main` or `master`; None
    when the repository has none of them."""
    try:
        remote = _text(run(["symbolic-ref", "-q", "refs/remotes/origin/HEAD"], top))
    except GitError:
        remote = ""
    if remote and resolve(top, remote) is not None:
        return remote
    try:
        configured = _text(run(["config", "--get", "init.defaultBranch"], top))
    except GitError:
        configured = ""
    for name in (configured, "main", "master"):
        if name and resolve(top, f"refs/heads/{name}") is not None:
            return f"refs/heads/{name}"
    return None


def resolve(top: Path, ref: str) -> str | None:
    """The commit a ref names, or None when the repository does not have it."""
    try:
        return _text(run(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], top)) or None
    except GitError:
        return None


def parents(top: Path, commit: str) -> list[str]:
    """The parents of a commit, first parent first."""
    try:
        return _text(run(["rev-list", "--parents", "-n", "1", commit], top)).split()[1:]
    except GitError:
        return []


def merge_base(top: Path, first: str, second: str) -> str | None:
    try:
        return _text(run(["merge-base", first, second], top)) or None
    except GitError:
        return None


def is_shallow(top: Path) -> bool:
    try:
        return _text(run(["rev-parse", "--is-shallow-repository"], top)) == "true"
    except GitError:
        return False


def current_branch(top: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD. Read from the HEAD file, as git
    keeps it (`ref: refs/heads/NAME`), without running git — except in a repository whose refs
    live in a reftable, where HEAD is a placeholder and git is asked."""
    folder = git_dir(top)
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip() if folder else ""
    except (OSError, UnicodeDecodeError):
        head = ""
    prefix = "ref: refs/heads/"
    if head.startswith(prefix) and head != prefix + ".invalid":
        return head[len(prefix) :] or None
    if head and not head.startswith("ref:"):
        return None  # detached: HEAD holds a commit id
    try:
        return _text(run(["symbolic-ref", "--short", "-q", "HEAD"], top)) or None
    except GitError:
        return None


def local_branches(top: Path) -> list[str]:
    """The local branches, sorted: read from the repository's ref files when they are plain
    (loose refs under `refs/heads/` and `packed-refs`), which costs no process on every
    commit; asked of `git for-each-ref` otherwise (reftable, an odd name, a read error)."""
    found = _branches_from_files(top)
    if found is not None:
        return found
    try:
        return _text(
            run(["for-each-ref", "--format=%(refname:short)", "refs/heads/"], top)
        ).splitlines()
    except GitError:
        return []


#: What makes git read refs from another place than the work tree's git directory.
_REF_ENVIRONMENT = ("GIT_DIR", "GIT_COMMON_DIR", "GIT_WORK_TREE", "GIT_NAMESPACE")


def _branches_from_files(top: Path) -> list[str] | None:
    """The branch names of the ref files, or None when they cannot be read plainly."""
    folder = git_dir(top)
    if folder is None or any(name in os.environ for name in _REF_ENVIRONMENT):
        return None  # an environment that points git at other refs: git's own answer
    common = folder
    try:
        marker = folder / "commondir"
        if marker.is_file():
            common = (folder / marker.read_text(encoding="utf-8").strip()).resolve()
        if (common / "reftable").exists():
            return None
        names: set[str] = set()
        heads = common / "refs" / "heads"
        for path in heads.rglob("*") if heads.is_dir() else ():
            if path.is_file():
                names.add(path.relative_to(heads).as_posix())
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                sha, _, ref = line.partition(" ")
                if ref.startswith("refs/heads/") and len(sha) in (40, 64):
                    names.add(ref[len("refs/heads/") :])
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if any(not name or name.endswith(".lock") or "\n" in name for name in names):
        return None  # a ref being written, or a name git would spell otherwise
    return sorted(names)


def operation(top: Path) -> str | None:
    """A merge, rebase, cherry-pick or revert in progress, if any."""
    folder = git_dir(top)
    if folder is None:
        return None
    for marker, name in (
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase"),
        ("MERGE_HEAD", "a merge"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
    ):
        if (folder / marker).exists():
            return name
    return None


class MissingObject(GitError):
    """`git cat-file` has no such object (or no such path in that commit)."""


class LinkProblem(GitError):
    """A symbolic link read by path leads outside the repository (`symlink`), nowhere
    (`dangling`, `notdir`) or round in a `loop`: the kind is the message."""


class BlobReader:
    """Object contents through one `git cat-file --batch` process, started on first use and
    closed by `close()` (or at exit). Objects are named by id, or as `REV:PATH`; symbolic links
    inside a commit are followed (`--follow-symlinks`)."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch", "--follow-symlinks"],
                    cwd=self.top,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=_environment(),
                )
            except OSError as error:
                raise GitError(f"cannot run git cat-file: {error.strerror}") from error
            atexit.register(self.close)
        return self._process

    def read(self, name: str, limit: int) -> bytes | int:
        """The object's bytes; its size instead when it is larger than `limit`."""
        process = self._start()
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        if "\n" in name:
            raise MissingObject(f"git cat-file cannot name {name!r}")
        stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if not header or header[-1] in (b"missing", b"ambiguous"):
            raise MissingObject(f"git cat-file: {name} is missing")
        if header[0] in (b"symlink", b"dangling", b"loop", b"notdir"):
            _discard(stdout, int(header[1]) + 1)
            raise LinkProblem(header[0].decode())
        size = int(header[2])
        if header[1] != b"blob":  # a folder named as a file: no file there
            _discard(stdout, size + 1)
            raise MissingObject(f"git cat-file: {name} is a {header[1].decode()}, not a file")
        if size > limit:
            _discard(stdout, size + 1)
            return size
        data = _read_exactly(stdout, size)
        stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise GitError("git cat-file stopped early")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _discard(stream: IO[bytes], size: int) -> None:
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


def ignored(top: Path, paths: list[str]) -> set[str]:
    """Which of `paths` (relative to `top`) the repository's ignore rules match, tracked or
    not, asked of git in one call."""
    if not paths:
        return set()
    try:
        completed = subprocess.run(
            ["git", "check-ignore", "--no-index", "--stdin", "-z"],
            cwd=top,
            input=b"\0".join(p.encode("utf-8", "surrogateescape") for p in paths) + b"\0",
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except OSError:
        return set()
    if completed.returncode not in (0, 1):  # 1: nothing ignored
        return set()
    return set(split_z(completed.stdout))


class Repository:
    """What rules may ask about the repository itself (branches), asked of git lazily, once."""

    def __init__(self, top: Path, prefix: str = "") -> None:
        self.top = top
        #: The project root's folder in the work tree (`planning/`): paths below are relative
        #: to the project root.
        self.prefix = prefix
        self._branch: str | bool | None = False
        self._branches: list[str] | None = None
        self._deleted: frozenset[str] | None = None
        self._deleted_at: dict[str, int] | None = None
        self._added: dict[str, int] | None = None
        self._renamed: dict[str, str] | None = None

    def ignored(self, paths: list[str]) -> set[str]:
        """Which of `paths` (relative to the project root) git ignores."""
        prefix = self.prefix
        found = ignored(self.top, [prefix + path for path in paths])
        return {path[len(prefix) :] for path in found if path.startswith(prefix)}

    @property
    def deleted_paths(self) -> frozenset[str]:
        """Every file some commit deleted, on any branch (a rename counts as a deletion of
        the old name), relative to the project root; asked of git once, on first use. Empty
        without history."""
        if self._deleted is None:
            self._deleted = frozenset(self.last_deleted)
        return self._deleted

    @property
    def last_deleted(self) -> dict[str, int]:
        """When each file deleted on any branch was deleted last (commit time, seconds)."""
        if self._deleted_at is None:
            self._deleted_at = self._times("D", max)
        return self._deleted_at

    @property
    def first_added(self) -> dict[str, int]:
        """When each file was first added, on any branch (commit time, seconds), relative to
        the project root; asked of git once, on first use. Empty without history."""
        if self._added is None:
            self._added = self._times("A", min)
        return self._added

    @property
    def renamed_to(self) -> dict[str, str]:
        """What each file a commit renamed (on any branch, as git's rename detection sees it)
        was renamed to, relative to the project root; asked of git once, on first use."""
        if self._renamed is None:
            try:
                output = run(
                    ["log", "--all", "-M", "--diff-filter=R", "--name-status", "--format=", "-z"],
                    self.top,
                )
            except GitError:
                output = b""
            prefix = self.prefix
            fields = split_z(output.replace(b"\n", b"\0"))
            found: dict[str, str] = {}
            index = 0
            while index + 2 < len(fields):
                status, old, new = fields[index], fields[index + 1], fields[index + 2]
                if not status.startswith("R"):
                    index += 1
                    continue
                index += 3
                if old.startswith(prefix) and new.startswith(prefix):
                    found.setdefault(old[len(prefix) :], new[len(prefix) :])  # newest first
            self._renamed = found
        return self._renamed

    def _times(self, kind: str, keep: Callable[[int, int], int]) -> dict[str, int]:
        """The files some commit added (`A`) or deleted (`D`), each with the time `keep`
        chooses of the commits that did, relative to the project root (no renames: a rename
        is a deletion and an addition)."""
        try:
            output = run(
                [
                    "log",
                    "--all",
                    "--format=%x01%ct",
                    "--name-only",
                    f"--diff-filter={kind}",
                    "--no-renames",
                    "-z",
                ],
                self.top,
            )
        except GitError:
            output = b""
        prefix = self.prefix
        found: dict[str, int] = {}
        when = 0
        for path in split_z(output.replace(b"\n", b"\0")):
            if path.startswith("\x01"):
                when = int(path[1:]) if path[1:].isdigit() else 0
            elif path and path.startswith(prefix):
                relative = path[len(prefix) :]
                found[relative] = keep(when, found.get(relative, when))
        return found

    @property
    def current_branch(self) -> str | None:
        """The checked-out branch; on a detached HEAD (a pull request's checkout), the branch
        `GITHUB_HEAD_REF` names, if any."""
        if self._branch is False:
            self._branch = current_branch(self.top) or os.environ.get("GITHUB_HEAD_REF") or None
        return self._branch if isinstance(self._branch, str) else None

    @property
    def local_branches(self) -> list[str]:
        if self._branches is None:
            self._branches = local_branches(self.top)
        return self._branches
