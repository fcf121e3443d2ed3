"""The persistent cache: what a run learnt, kept for the next run on the same content.

Two levels, both keyed by content, never by size or modification time:

- **the run**: a plain run (no `--staged`, no `--diff-base`) stores its diagnostics with what
  they were computed from — the file listing, the content hash of every file the run read (or
  why it could not be read), every other question put to the snapshot (does this path exist, is
  it a link leading out) and to git (the branch, the branches, ignored paths, the refs behind
  the deleted-files history). The next run with the same version, configuration, selected
  rules, targets and date asks those questions again; when every answer is the same, the
  stored diagnostics are the run's, and no document is parsed, no model built.
- **the document**: each parsed markdown file's facts (headings, list items, code blocks,
  paragraphs …), keyed by a hash of the file's text, so that after one file changes the others
  are loaded, not parsed again (a load costs a fifteenth of a parse). The documents of a run
  are kept together, in sixteen files per project root and targets (by the first digit of
  the text's hash): after one file changes, one of them is written again, not all the
  documents of the run; one file per document made a cold run a quarter slower (creating
  1,300 files).

Entries are pickles read by an unpickler that only builds phaselint's own value types, inside
the cache folder only (hex names, links not followed). Each is written to a temporary file in
its folder and moved into place (`os.replace`), so concurrent runs never see half an entry. A
damaged, foreign or outdated entry, a folder that cannot be written or is a file: a miss, with
at most one warning line per run, never a wrong result. The folder is bounded: past
`MAX_BYTES` or `MAX_ENTRIES`, the entries written longest ago are removed.

Change modes (`--staged`, `--diff-base`) are not cached: what they report depends on two
snapshots and the history between them, and a commit's lint reads a handful of files.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from datetime import date
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phaselint import __version__, git
from phaselint.snapshot import FileProblem, MissingFile, Snapshot

if TYPE_CHECKING:
    from phaselint.config import Config
    from phaselint.document import Document
    from phaselint.engine import Report
    from phaselint.project import Project
    from phaselint.registry import Rule

#: The folder's default name, at the project root.
FOLDER = ".phaselint_cache"
#: The layout of entries; bumped when it changes (entries of another layout are misses).
FORMAT = 1
#: What the cache folder may hold, in bytes; past it the entries written longest ago go.
MAX_BYTES = 256 * 1024 * 1024
#: How many entries it may hold (a run's outcome, a shard of a run's documents); past it
#: the oldest go.
MAX_ENTRIES = 1024
#: Documents whose text is larger than this are parsed every time, not stored.
MAX_DOCUMENT_TEXT = 4 * 1024 * 1024
#: An entry larger than this is neither written nor read.
MAX_ENTRY_BYTES = 128 * 1024 * 1024
#: Temporary files of runs that died before moving them into place are removed after this.
STALE_TEMPORARY_SECONDS = 3600

_MAGIC = "phaselint-cache"
_ALLOWED = frozenset(
    {
        ("phaselint.document", "Facts"),
        ("phaselint.document", "Heading"),
        ("phaselint.document", "ListItem"),
        ("phaselint.document", "CodeBlock"),
        ("phaselint.document", "Paragraph"),
        ("phaselint.diagnostics", "Diagnostic"),
        ("phaselint.diagnostics", "Severity"),
        ("phaselint.diagnostics", "Fix"),
        ("phaselint.diagnostics", "Edit"),
        ("phaselint.diagnostics", "Safety"),
    }
)
#: What a run may ask a snapshot, besides its files and their contents.
_QUESTIONS = frozenset({"exists", "is_dir", "escapes"})
#: Modules whose code decides what a run reports, besides phaselint's own.
_DEPENDENCIES = ("markdown_it", "mdit_py_plugins", "jsonschema", "rfc3339_validator")


def disabled_by_environment() -> bool:
    """`PHASELINT_NO_CACHE` set to anything but empty or `0`."""
    return os.environ.get("PHASELINT_NO_CACHE", "") not in ("", "0")


def location(root: Path, config: Config) -> tuple[Path, Path | None]:
    """Where the cache lives, and the folder it must lie in (None: anywhere):
    `PHASELINT_CACHE_DIR` (relative to the current folder; the user's environment may point
    anywhere), else the configuration's `cache-dir` (relative to the project root, and inside
    it: a repository's configuration never makes phaselint write elsewhere), else
    `.phaselint_cache/` at the project root."""
    from_environment = os.environ.get("PHASELINT_CACHE_DIR")
    if from_environment:
        return Path(os.path.abspath(os.path.expanduser(from_environment))), None
    if config.cache_dir:
        return Path(os.path.abspath(root / config.cache_dir)), root
    return root / FOLDER, root


class _Unpickler(pickle.Unpickler):
    """Builds plain values and phaselint's value types only: an entry cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache value")
        return super().find_class(module, name)


def _digest(*parts: bytes | str) -> str:
    hashed = blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hashed.update(b"%d:" % len(data))
        hashed.update(data)
    return hashed.hexdigest()


def build_fingerprint() -> str:
    """phaselint's version and the identity of the code that runs: every module of the package
    and of the dependencies that shape a report, by size and modification time (a development
    checkout that changes keeps its version), and the interpreter."""
    from importlib.machinery import PathFinder

    parts = [str(FORMAT), __version__, sys.implementation.cache_tag or "", sys.version]
    folders = [os.path.dirname(os.path.abspath(__file__))]
    for name in _DEPENDENCIES:
        spec = PathFinder.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts.append(f"{name}={origin}")
        if origin and spec is not None and spec.submodule_search_locations:
            folders.append(os.path.dirname(origin))
        elif origin:
            parts.append(_stamp(origin))
    for folder in folders:
        for current, dirs, names in os.walk(folder, followlinks=True):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".json")):
                    parts.append(f"{name}={_stamp(os.path.join(current, name))}")
    return _digest(*parts)


def _stamp(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


class Cache:
    """The cache folder of one run, with what the run found in it."""

    def __init__(
        self, folder: Path, warn: Callable[[str], None], within: Path | None = None
    ) -> None:
        self.folder = folder
        self._within = within
        self._checked: dict[str, bool] = {}
        self._warn_line = warn
        self._warned = False
        self._fingerprint: str | None = None
        #: False once the folder cannot be used (not writable, tracked by git, a link …).
        self.usable = True
        self._writable = True
        self._prepared = False
        self._folders: set[str] = set()
        self._counter = 0
        #: The key of the documents of this run (its project root and targets), once known.
        self._documents_key: str | None = None
        self._stored: dict[str, dict[str, Any]] = {}
        self._used: dict[str, Any] = {}
        self.wrote = False
        self.document_hits = 0
        self.document_misses = 0
        self.run = "not used"

    # -- the folder ---------------------------------------------------------------------------

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = build_fingerprint()
        return self._fingerprint

    def warn(self, message: str) -> None:
        """One line on stderr, the first time something is wrong with the cache in a run."""
        if not self._warned:
            self._warned = True
            self._warn_line(f"phaselint: warning: cache {self.folder}: {message}")

    def distrust(self, reason: str) -> None:
        """Stop using the cache for this run: neither read nor written."""
        self.warn(f"{reason}; not used")
        self.usable = False

    def _prepare(self) -> None:
        """Create the folder, with a `.gitignore` of `*` (git never lists it, nor commits it)
        and a CACHEDIR.TAG (backup tools skip it)."""
        if self._prepared:
            return
        os.makedirs(self.folder, exist_ok=True)
        for name, content in (
            (".gitignore", b"# Created by phaselint: the cache is never committed.\n*\n"),
            (
                "CACHEDIR.TAG",
                b"Signature: 8a477f597d28d172789f06886806bc55\n"
                b"# This file is a cache directory tag created by phaselint.\n",
            ),
        ):
            target = self.folder / name
            if not os.path.lexists(target):
                self._replace(target, content)
        self._prepared = True

    def _folder_ok(self, kind: str) -> bool:
        """Whether the folder of `kind` entries is the cache's own: inside the project when it
        must be, and reached through no symbolic link (checked once per run)."""
        checked = self._checked.get(kind)
        if checked is None:
            checked = True
            if self._within is not None:
                real, root = os.path.realpath(self.folder), os.path.realpath(self._within)
                if os.path.islink(self.folder) or os.path.commonpath([real, root]) != root:
                    self.distrust(
                        "is a symbolic link or lies outside the project (only "
                        "PHASELINT_CACHE_DIR may name a folder elsewhere)"
                    )
                    checked = False
            version = self.folder / f"v{FORMAT}"
            if checked and (os.path.islink(version) or os.path.islink(version / kind)):
                self.distrust("a folder of it is a symbolic link")
                checked = False
            self._checked[kind] = checked
        return checked and self.usable

    def _entry(self, kind: str, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / kind / key

    def _read(self, kind: str, key: str) -> Any:
        """The value stored under `key`, or None: absent, damaged, foreign or outdated."""
        if not self._folder_ok(kind):
            return None
        path = self._entry(kind, key)
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            self.warn(f"cannot read {kind} entry ({error.strerror}); computed afresh")
            return None
        try:
            with os.fdopen(handle, "rb") as stream:
                data = stream.read(MAX_ENTRY_BYTES + 1)
        except OSError as error:
            self.warn(f"cannot read {kind} entry ({error.strerror}); computed afresh")
            return None
        try:
            if len(data) > MAX_ENTRY_BYTES:
                raise ValueError("entry too large")
            magic, stored_kind, stored_key, value = _Unpickler(io.BytesIO(data)).load()
            if (magic, stored_kind, stored_key) != (_MAGIC, kind, key):
                raise ValueError("entry of another kind or key")
        except Exception:  # any damage, whatever the unpickler makes of it, is a miss
            self.warn(f"ignored a damaged or foreign {kind} entry; computed afresh")
            self._remove(path)
            return None
        return value

    def _write(self, kind: str, key: str, value: Any) -> None:
        if not (self._writable and self._folder_ok(kind)):
            return
        path = self._entry(kind, key)
        try:
            self._prepare()
            folder = str(path.parent)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            data = pickle.dumps((_MAGIC, kind, key, value), protocol=pickle.HIGHEST_PROTOCOL)
            if len(data) > MAX_ENTRY_BYTES:
                return
            self._replace(path, data)
        except OSError as error:
            self._writable = False
            self.warn(f"cannot be written ({error.strerror or error}); results are not kept")
            return
        self.wrote = True

    def _replace(self, target: Path, data: bytes) -> None:
        """Write `data` to a new temporary file beside `target`, then move it into place."""
        self._counter += 1
        temporary = target.parent / f".tmp-{os.getpid()}-{self._counter}-{os.urandom(4).hex()}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(temporary, flags, 0o644)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            self._remove(temporary)
            raise

    @staticmethod
    def _remove(path: Path | str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(path)

    # -- documents ----------------------------------------------------------------------------

    def document(self, path: str, text: str) -> Document:
        """The document of `text` at `path`: loaded when the last run on these targets parsed
        this text, else parsed (and kept for the next run)."""
        from phaselint.document import Document, Facts

        if not self.usable or self._documents_key is None or len(text) > MAX_DOCUMENT_TEXT:
            self.document_misses += 1
            return Document(path, text)
        key = _digest(text)
        facts = self._stored_documents(_shard(key)).get(key)
        if isinstance(facts, Facts) and facts.text == text:
            self.document_hits += 1
            document = Document.from_facts(path, facts)
        else:
            self.document_misses += 1
            document = Document(path, text)
        self._used[key] = document.facts()
        return document

    def _stored_documents(self, shard: str) -> dict[str, Any]:
        """The stored documents of one shard (`_shard`): the documents of a run are kept in
        sixteen entries, so that after a few files change only their entries are written
        again, not every document of the run."""
        stored = self._stored.get(shard)
        if stored is None:
            key = self._documents_key
            found = self._read("documents", key + shard) if key else None
            stored = self._stored[shard] = found if isinstance(found, dict) else {}
        return stored

    def ledgers(self) -> dict[str, dict[str, Any]]:
        """The documents this run parsed or loaded, by the hash of their text: what a run on
        two processes merges (`phaselint.parallel`)."""
        return {"documents": self._used}

    def _keep_documents(self) -> None:
        """Store the documents this run used, each shard only when it differs from what is
        stored: a document parsed afresh, or one stored that the run did not use."""
        key = self._documents_key
        if key is None or not self._used:
            return
        shards: dict[str, dict[str, Any]] = {}
        for digest, facts in self._used.items():
            shards.setdefault(_shard(digest), {})[digest] = facts
        for shard, used in sorted(shards.items()):
            if used.keys() != self._stored_documents(shard).keys():
                self._write("documents", key + shard, used)

    # -- runs ---------------------------------------------------------------------------------

    def _run_key(self, project: Project, selection: Iterable[Iterable[str]], today: date) -> str:
        """The key of a run's outcome; sets that of its documents (the same without the
        configuration, the rules and the date, which do not change a parse)."""
        snapshot = project.snapshot
        inner = snapshot.inner if isinstance(snapshot, WatchedSnapshot) else snapshot
        repository = project.repository
        where = repr(
            (
                type(inner).__name__,
                str(inner.root),
                inner.description,
                getattr(inner, "extra", ()),
                None if repository is None else (str(repository.top), repository.prefix),
                None if project.targets is None else sorted(project.targets),
            )
        )
        self._documents_key = _digest(self.fingerprint, "documents", where)
        how = repr(
            (project.config, [list(selectors) for selectors in selection], today.isoformat())
        )
        return _digest(self.fingerprint, "run", where, how)

    def recall(
        self, project: Project, selection: Iterable[Iterable[str]], today: date
    ) -> tuple[Report, str | None, tuple[Rule, ...]] | None:
        """The stored outcome of this run — its report, its note, the rules it ran (as names:
        what reporters show) — when every question it asked has the same answer."""
        from phaselint.diagnostics import Severity
        from phaselint.engine import Report
        from phaselint.registry import Rule

        snapshot = project.snapshot
        if not self.usable or not isinstance(snapshot, WatchedSnapshot):
            return None
        listing = _digest(*snapshot.files())  # lists the files (and distrusts a tracked cache)
        stored = (
            self._read("runs", self._run_key(project, selection, today)) if self.usable else None
        )
        self.run = "miss"
        if stored is None:
            return None
        try:
            stored_listing, reads, probes, answers, diagnostics, checked, note, names = stored
            if stored_listing != listing:
                return None
            limit = project.config.max_file_size
            for path, outcome in reads:
                if not _inside(path):
                    raise ValueError(f"{path!r} is not a path of the project")
                if snapshot.outcome(path, limit) != outcome:
                    return None
            for (question, path), answer in probes:
                if question not in _QUESTIONS or not _inside(path):
                    raise ValueError(f"{question!r} {path!r} is not a question of a run")
                if snapshot.ask(question, path) != answer:
                    return None
            if answers and not _same_answers(project.repository, answers):
                return None
            report = Report(tuple(diagnostics), int(checked), ())
            rules = tuple(
                Rule(code, name, Severity(severity), methodology, None, None, "")
                for code, name, severity, methodology in names
            )
        except Exception:  # a damaged entry, whatever it makes the checks do, is a miss
            self.warn("ignored a damaged runs entry; computed afresh")
            return None
        self.run = "hit"
        return report, note, rules

    def store(
        self,
        project: Project,
        selection: Iterable[Iterable[str]],
        today: date,
        outcome: tuple[Report, str | None, Iterable[Rule]],
    ) -> None:
        """Keep the outcome of a run, with what it was computed from."""
        report, note, rules = outcome
        snapshot = project.snapshot
        if not self.usable or not isinstance(snapshot, WatchedSnapshot) or report.internal_errors:
            return  # a rule that failed is reported each time until it is fixed
        repository = project.repository
        answers = repository.answers if isinstance(repository, WatchedRepository) else {}
        value = (
            _digest(*snapshot.files()),
            sorted(snapshot.reads.items()),
            sorted(snapshot.probes.items()),
            sorted(answers.items()),
            tuple(report.diagnostics),
            report.files_checked,
            note,
            [(rule.code, rule.name, rule.severity.value, rule.methodology) for rule in rules],
        )
        self._write("runs", self._run_key(project, selection, today), value)
        if self.run == "miss":
            self.run = "miss (stored)"

    # -- the bound ----------------------------------------------------------------------------

    def finish(self) -> None:
        """At the end of the run: keep its documents, then remove the entries written longest
        ago past the bound (only after a run that wrote some), and temporary files a killed
        run left behind."""
        self._keep_documents()
        if not self.wrote:
            return
        import time

        stale = time.time() - STALE_TEMPORARY_SECONDS
        entries: list[tuple[float, int, str]] = []
        for kind in ("runs", "documents"):
            for entry in _scan(self.folder / f"v{FORMAT}" / kind):
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.startswith(".tmp-"):
                    if info.st_mtime < stale:
                        self._remove(entry.path)
                    continue
                entries.append((info.st_mtime, info.st_size, entry.path))
        size, count = sum(size for _, size, _ in entries), len(entries)
        if size <= MAX_BYTES and count <= MAX_ENTRIES:
            return
        entries.sort()
        for _, entry_size, path in entries:  # down to 80%: not again at the next run
            if size <= MAX_BYTES * 8 // 10 and count <= MAX_ENTRIES * 8 // 10:
                break
            self._remove(path)
            size, count = size - entry_size, count - 1

    def summary(self) -> str:
        """The statistics line of `--verbose`."""
        where = self.folder if self.usable else f"{self.folder} (not used)"
        return (
            f"cache: {where}; run: {self.run}; documents: {self.document_hits} hits, "
            f"{self.document_misses} misses"
        )


def _shard(digest: str) -> str:
    """Which of a run's sixteen document entries holds the document of this text hash: its
    first hex digit."""
    return digest[0]


def _inside(path: object) -> bool:
    """Whether a stored path is one the project could have read (relative, no `..`)."""
    return (
        isinstance(path, str)
        and bool(path)
        and not path.startswith("/")
        and ".." not in path.split("/")
    )


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if not entry.is_symlink()]
    except OSError:
        return []


def _same_answers(repository: git.Repository | None, answers: list[tuple[Any, Any]]) -> bool:
    if repository is None:
        return False
    fresh = git.Repository(repository.top, repository.prefix)
    return all(_answer(fresh, question) == answer for question, answer in answers)


def _answer(repository: git.Repository, question: tuple[Any, ...]) -> Any:
    kind = question[0]
    if kind == "branch":
        return repository.current_branch
    if kind == "branches":
        return list(repository.local_branches)
    if kind == "ignored":
        return sorted(repository.ignored(list(question[1])))
    if kind == "history":
        return refs_fingerprint(repository.top)
    raise ValueError(f"unknown question {kind!r}")


def refs_fingerprint(top: Path) -> str:
    """What `git log --all` depends on: every ref and HEAD, and a shallow clone's boundary."""
    try:
        refs = git.run(["show-ref", "--head"], top)
    except git.GitError:
        refs = b""  # no commits yet (or git failed): the history is empty either way
    folder = git.git_dir(top)
    try:
        shallow = (folder / "shallow").read_bytes() if folder is not None else b""
    except OSError:
        shallow = b""
    return _digest(refs, shallow)


class WatchedSnapshot:
    """A snapshot that notes every question the run puts to it and the answer, for the run
    cache. The cache folder itself is not among its files."""

    def __init__(self, inner: Snapshot, cache: Cache) -> None:
        self.inner = inner
        self.root = inner.root
        self.description = inner.description
        self.cache = cache
        #: Path to what reading it gave: ("bytes", content hash) or (problem, message).
        self.reads: dict[str, tuple[str, str]] = {}
        self.probes: dict[tuple[str, str], bool] = {}
        self._files: list[str] | None = None
        self._pending: dict[str, tuple[bytes | None, FileProblem | None]] = {}

    def files(self) -> list[str]:
        if self._files is None:
            listed = self.inner.files()
            hidden = self._hidden_prefix()
            if hidden is not None and any(path.startswith(hidden) for path in listed):
                if getattr(self.inner, "in_git", False):
                    # Its `.gitignore` hides it from git, unless files in it were committed:
                    # then anyone could have written them, and they are linted as any file.
                    self.cache.distrust("git lists files in the cache folder")
                else:
                    listed = [path for path in listed if not path.startswith(hidden)]
            self._files = listed
        return self._files

    def _hidden_prefix(self) -> str | None:
        try:
            relative = Path(os.path.abspath(self.cache.folder)).relative_to(
                os.path.abspath(self.root)
            )
        except ValueError:
            return None
        name = relative.as_posix()
        return None if name in ("", ".") else name + "/"

    def _load(self, path: str, limit: int) -> tuple[bytes | None, FileProblem | None]:
        try:
            return self.inner.read(path, limit), None
        except FileProblem as problem:
            return None, problem

    def outcome(self, path: str, limit: int) -> tuple[str, str]:
        """What reading `path` gives now, as stored (the bytes are kept for the run's read)."""
        loaded = self._pending.get(path)
        if loaded is None:
            loaded = self._load(path, limit)
        self._pending[path] = loaded
        return _outcome(*loaded)

    def read(self, path: str, limit: int) -> bytes:
        loaded = self._pending.pop(path, None)
        data, problem = loaded if loaded is not None else self._load(path, limit)
        self.reads[path] = _outcome(data, problem)
        if problem is not None:
            raise type(problem)(str(problem))
        assert data is not None
        return data

    def ask(self, question: str, path: str) -> bool:
        """The inner snapshot's answer to `exists`, `is_dir` or `escapes`."""
        answer: bool = getattr(self.inner, question)(path)
        return answer

    def _noted(self, question: str, path: str) -> bool:
        answer = self.ask(question, path)
        self.probes[(question, path)] = answer
        return answer

    def ledgers(self) -> dict[str, dict[Any, Any]]:
        """What the run asked, for a run on two processes to merge (`phaselint.parallel`)."""
        return {"reads": self.reads, "probes": self.probes}

    def exists(self, path: str) -> bool:
        return self._noted("exists", path)

    def is_dir(self, path: str) -> bool:
        return self._noted("is_dir", path)

    def escapes(self, path: str) -> bool:
        return self._noted("escapes", path)


def _outcome(data: bytes | None, problem: FileProblem | None) -> tuple[str, str]:
    if problem is not None:
        kind = "missing" if isinstance(problem, MissingFile) else "problem"
        return kind, str(problem)
    assert data is not None
    return "bytes", _digest(data)


class WatchedRepository(git.Repository):
    """The repository's facts, each answer noted for the run cache."""

    def __init__(self, top: Path, prefix: str = "") -> None:
        super().__init__(top, prefix)
        self.answers: dict[tuple[Any, ...], Any] = {}

    def ledgers(self) -> dict[str, dict[Any, Any]]:
        """What the run asked git, for a run on two processes to merge (`phaselint.parallel`)."""
        return {"answers": self.answers}

    def ignored(self, paths: list[str]) -> set[str]:
        found = super().ignored(paths)
        self.answers[("ignored", tuple(paths))] = sorted(found)
        return found

    @property
    def deleted_paths(self) -> frozenset[str]:
        if ("history",) not in self.answers:
            # Taken before git is asked: should the refs move meanwhile, the entry is stale,
            # never wrong.
            self.answers[("history",)] = refs_fingerprint(self.top)
        return super().deleted_paths

    @property
    def current_branch(self) -> str | None:
        branch = super().current_branch
        self.answers[("branch",)] = branch
        return branch

    @property
    def local_branches(self) -> list[str]:
        branches = super().local_branches
        self.answers[("branches",)] = list(branches)
        return branches
