"""The project: the files of one snapshot, read and parsed at most once each, and the models of
the methodologies the repository uses.

Rules reach every file through here. A file that cannot be read is recorded once, with the reason
(reported as PL001), and reads as `None`; the run goes on.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from phaselint.globs import compile_globs
from phaselint.methods import (
    Methodology,
    Model,
    PlanningDoc,
    StructuredData,
    all_methods,
    parse_json,
)
from phaselint.snapshot import FileProblem, MissingFile, Snapshot, decode


class DocumentStore(Protocol):
    """Where a run's documents come from when parsed before (the cache)."""

    document_hits: int
    document_misses: int

    def document(self, path: str, text: str) -> Document: ...

    def ledgers(self) -> dict[str, dict[Any, Any]]: ...


if TYPE_CHECKING:
    from phaselint.changes import ChangeSet
    from phaselint.config import Config
    from phaselint.document import Document
    from phaselint.git import Repository


ModelT = TypeVar("ModelT")


class Project:
    """One run's view of a repository."""

    def __init__(
        self,
        snapshot: Snapshot,
        config: Config,
        targets: frozenset[str] | None = None,
        *,
        base: Project | None = None,
        repository: Repository | None = None,
        change: ChangeSet | None = None,
        store: DocumentStore | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.config = config
        self.targets = targets
        #: The same repository before the change, for the rules about transitions.
        self.base = base
        #: Branch facts, when the project lives in a git repository.
        self.repository = repository
        #: The change being linted (`--staged`, `--diff-base`), if any.
        self.change = change
        #: Where documents parsed before are kept (`phaselint.cache`): loaded, not parsed again.
        self._store = store
        self._texts: dict[str, str | None] = {}
        self._documents: dict[str, Document | None] = {}
        self.problems: dict[str, str] = {}
        self._units: dict[type, list[Any]] = {}
        self._folders: dict[str, dict[str, list[str]]] = {}
        self._matching: dict[tuple[str, ...], list[str]] = {}
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, build: Callable[[], ModelT]) -> ModelT:
        """A fact about the run computed once, whoever asks first (detection or a model)."""
        if key not in self._memo:
            self._memo[key] = build()
        result: ModelT = self._memo[key]
        return result

    # -- the file listing ---------------------------------------------------------------------

    @cached_property
    def files(self) -> tuple[str, ...]:
        """Every file of the run, sorted (listed on first use: the base of a change is mostly
        read file by file)."""
        listed = self.snapshot.files()
        if self.config.exclude:
            excluded = compile_globs(tuple(self.config.exclude))
            listed = [path for path in listed if not excluded.fullmatch(path)]
        return tuple(listed)

    @cached_property
    def _file_set(self) -> frozenset[str]:
        return frozenset(self.files)

    @cached_property
    def file_names(self) -> frozenset[str]:
        """The name of every file of the run, wherever it lies (listed once per run)."""
        return frozenset(path.rsplit("/", 1)[-1] for path in self.files)

    @cached_property
    def folder_names(self) -> frozenset[str]:
        """The name of every folder that holds a file of the run."""
        return frozenset(name for path in self.files for name in path.split("/")[:-1])

    @cached_property
    def tails(self) -> frozenset[str]:
        """Every trailing part of every file and folder path (`b/c.py` and `c.py` of
        `a/b/c.py`, `b` of `a/b/`): what a path written relative to a sub-project can be."""
        return path_tails(self.files)

    def has_file(self, path: str) -> bool:
        return path in self._file_set

    def files_under(self, folder: str) -> list[str]:
        """Files below `folder` (at any depth), sorted."""
        prefix = folder.strip("/") + "/"
        start = bisect.bisect_left(self.files, prefix)
        end = bisect.bisect_left(self.files, prefix[:-1] + "0")  # "0" sorts right after "/"
        return list(self.files[start:end])

    def files_in(self, folder: str) -> list[str]:
        """Files lying directly in `folder` (the root: ""), sorted."""
        folder = folder.strip("/")
        if not folder:
            return [path for path in self.files if "/" not in path]
        start = len(folder) + 1
        return [path for path in self.files_under(folder) if "/" not in path[start:]]

    def folders_under(self, root: str) -> dict[str, list[str]]:
        """The folders directly below `root`, each with the files it holds (at any depth);
        files lying directly in `root` belong to no folder."""
        root = root.strip("/")
        if root in self._folders:
            return self._folders[root]
        folders: dict[str, list[str]] = {}
        for path in self.files_under(root):
            name, separator, _ = path[len(root) + 1 :].partition("/")
            if separator:
                folders.setdefault(f"{root}/{name}", []).append(path)
        self._folders[root] = folders
        return folders

    def files_matching(self, patterns: tuple[str, ...]) -> list[str]:
        """Files matching any of the globs, computed once per set of globs."""
        if patterns not in self._matching:
            regex = compile_globs(patterns)
            self._matching[patterns] = [path for path in self.files if regex.fullmatch(path)]
        return self._matching[patterns]

    def has_folder(self, folder: str) -> bool:
        prefix = folder.strip("/") + "/"
        index = bisect.bisect_left(self.files, prefix)
        return index < len(self.files) and self.files[index].startswith(prefix)

    def touches(self, paths: Iterable[str], folder: str | None = None) -> bool:
        """Whether a unit made of `paths` (in `folder`, when it is a folder of files) is part of
        this run; a folder also counts when a target lies in it (a file a change deleted)."""
        if self.targets is None or not self.targets.isdisjoint(paths):
            return True
        if folder is None:
            return False
        prefix = folder.rstrip("/") + "/" if folder else ""
        return any(target.startswith(prefix) for target in self.targets)

    def origin(self, path: str) -> str:
        """Where a file was before the change (its old name, for a rename)."""
        return self.change.origins.get(path, path) if self.change is not None else path

    def is_target(self, path: str) -> bool:
        return self.targets is None or path in self.targets

    # -- reading ------------------------------------------------------------------------------

    def text(self, path: str) -> str | None:
        """The decoded text of `path`, or None (the reason recorded for PL001)."""
        if path in self._texts:
            return self._texts[path]
        try:
            text: str | None = decode(self.snapshot.read(path, self.config.max_file_size))
        except MissingFile:
            text = None
        except FileProblem as problem:
            self.problems[path] = str(problem)
            text = None
        self._texts[path] = text
        return text

    def markdown(self, path: str) -> Document | None:
        """The parsed markdown document at `path`, or None when it cannot be read."""
        if path in self._documents:
            return self._documents[path]
        text = self.text(path)
        document = None
        if text is not None and self._store is not None:
            document = self._store.document(path, text)
        elif text is not None:
            from phaselint.document import Document

            document = Document(path, text)
        self._documents[path] = document
        return document

    @property
    def store(self) -> DocumentStore | None:
        """The persistent cache's documents, when the run has one."""
        return self._store

    def target_readable(self, paths: Iterable[str]) -> Iterator[str]:
        """The markdown files among `paths` that are part of the run and can be read, not yet
        parsed (`markdown` parses one on first use)."""
        for path in paths:
            if self.is_target(path) and self.text(path) is not None:
                yield path

    def target_documents(self, paths: Iterable[str]) -> Iterator[tuple[str, Document]]:
        """The markdown documents among `paths` that are part of the run and can be read."""
        for path in self.target_readable(paths):
            document = self.markdown(path)
            assert document is not None  # readable text always parses
            yield path, document

    def json_file(self, path: str, methodology: str, description: str) -> StructuredData | None:
        """A JSON file, parsed; None when it cannot be read."""
        text = self.text(path)
        if text is None:
            return None
        return parse_json(text, path, methodology, description)

    # -- methodologies ------------------------------------------------------------------------

    @cached_property
    def methodologies(self) -> dict[str, tuple[Methodology, str]]:
        """The methodologies linted in this run, each with the reason it was chosen."""
        chosen: dict[str, tuple[Methodology, str]] = {}
        configured = self.config.methodologies
        for method in all_methods():
            if configured is not None:
                if method.name in configured:
                    chosen[method.name] = (method, f"enabled in {self.config.display_name}")
                continue
            reason = self.detected(method)
            if reason:
                chosen[method.name] = (method, reason)
        return chosen

    def detected(self, method: Methodology) -> str | None:
        """Why `method`'s layout was found (None: not found), worked out once per run: the
        stage logs' detection asks about the methods whose documents hold stage entries."""
        return self.memo(f"detected:{method.name}", lambda: method.detect(self))

    @cached_property
    def models(self) -> dict[str, Model]:
        return {name: method.build(self) for name, (method, _) in self.methodologies.items()}

    def model(self, kind: type[ModelT]) -> ModelT | None:
        """The model of a methodology in use, by its class; None when the method is not used."""
        return next((m for m in self.models.values() if isinstance(m, kind)), None)

    @cached_property
    def roadmap(self) -> str | None:
        """The roadmap file, if the repository has one (in any letter case)."""
        return self.config.find_roadmap(self.has_file, lambda: self.files)

    @cached_property
    def extra_planning_docs(self) -> list[str]:
        """The markdown files the configuration's `planning-docs` globs name."""
        if not self.config.planning_docs:
            return []
        return [
            p for p in self.files_matching(self.config.planning_docs) if p.lower().endswith(".md")
        ]

    def units(self, kind: type) -> list[Any]:
        """Every unit of type `kind` that touches the run's targets, across methodologies."""
        if kind in self._units:
            return self._units[kind]
        found: list[Any] = []
        for model in self.models.values():
            found.extend(model.units(kind))
        if kind is PlanningDoc:
            found = self._planning_docs(found)
        self._units[kind] = found
        return found

    def _planning_docs(self, found: list[PlanningDoc]) -> list[PlanningDoc]:
        # The roadmap and the configured planning documents are read whatever methods were
        # detected: calendar planning is wrong in any method.
        generic = [(self.roadmap, "roadmap")] if self.roadmap else []
        generic += [(path, "planning document") for path in self.extra_planning_docs]
        for path, kind in generic:
            if path is not None and self.is_target(path):
                document = self.markdown(path)
                if document is not None:
                    found.append(PlanningDoc(path, "*", kind, document))
        merged: dict[str, PlanningDoc] = {}
        for doc in found:
            earlier = merged.get(doc.path)
            merged[doc.path] = doc if earlier is None else _merge(earlier, doc)
        return list(merged.values())


def path_tails(paths: Iterable[str]) -> frozenset[str]:
    """Every path, each of its folders, and every trailing part of either (`a/b/c.py`,
    `b/c.py`, `c.py`, `a/b`, `b`)."""
    found: set[str] = set()
    for path in paths:
        parts = path.split("/")
        for end in range(len(parts), 0, -1):
            for start in range(end):
                tail = "/".join(parts[start:end])
                if tail in found and end < len(parts):
                    break  # this folder's trailing parts are in already
                found.add(tail)
    return frozenset(found)


def _merge(first: PlanningDoc, second: PlanningDoc) -> PlanningDoc:
    """One planning document claimed by two methodologies: the stricter reading wins."""
    from dataclasses import replace

    if second.past_gate is True or (second.past_gate is False and first.past_gate is None):
        first = replace(first, gate_source=(second.past_gate, second.gate))
    return replace(first, time_budgets=first.time_budgets and second.time_budgets)
