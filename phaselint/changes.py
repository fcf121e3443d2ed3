"""Linting a change: a commit about to be made (`--staged`) or a branch against its base
(`--diff-base REF`, pre-commit's `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`).

What is reported:

- every diagnostic located in a file the change adds or modifies;
- elsewhere, the change's consequences: diagnostics of the units the change touches (a spec
  folder, the roadmap of a phase document, the context of a plan) that the same lint of the
  base does not produce — a `.status` that now claims `testing` while tasks.md is unfinished;
  never the old violations of files the change leaves alone;
- repository-level diagnostics (about the checked-out branch, not about a file).

Transition rules (SP013, PH005, CX005) compare a unit with itself at the base.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from phaselint import git
from phaselint.snapshot import GitSnapshot, Snapshot, WorktreeSnapshot

if TYPE_CHECKING:
    from phaselint.config import Config
    from phaselint.diagnostics import Diagnostic
    from phaselint.engine import Report
    from phaselint.project import Project
    from phaselint.registry import Rule


class ChangeError(Exception):
    """The change cannot be read (no repository, a missing base …): exit status 2."""


class History:
    """The commits between a change's base and its head, for transitions made step by step: a
    pull request that moves a spec one stage per commit skips nothing. Which commits those are
    is asked of git only when a rule wants them."""

    def __init__(
        self,
        top: Path,
        prefix: str,
        commits: tuple[str, str, str],
        reader: git.BlobReader,
    ) -> None:
        self.top = top
        self.prefix = prefix
        self.commits = commits  # the base, the merge base, the head
        self.reader = reader
        self._paths: frozenset[str] | None = None

    def versions(self, paths: Collection[str], limit: int) -> dict[str, list[tuple[str, bytes]]]:
        """For each path (project-relative), the contents commits gave it, as (commit, bytes),
        oldest first; deletions and versions over `limit` bytes are left out."""
        lead = self.prefix
        start, end = _branch_line(self.top, *self.commits)
        found: dict[str, list[tuple[str, bytes]]] = {}
        for revision in git.revisions(self.top, start, end, [lead + p for p in paths]):
            if revision.sha is None:
                continue
            data = self.reader.read(revision.sha, limit)
            if isinstance(data, bytes):
                path = revision.path[len(lead) :]
                found.setdefault(path, []).append((revision.commit, data))
        return found

    def paths(self) -> frozenset[str]:
        """Every file (project-relative) a commit of the branch changed, asked of git once."""
        if self._paths is None:
            start, end = _branch_line(self.top, *self.commits)
            lead = self.prefix
            self._paths = frozenset(
                path[len(lead) :]
                for path in git.changed_paths(self.top, start, end)
                if path.startswith(lead)
            )
        return self._paths


@dataclass(frozen=True)
class ChangeSet:
    """What a change adds, modifies, deletes and renames, and the two snapshots it joins.
    Paths are relative to the project root.

    `head_step` names the last step for messages ("this commit", "the working tree");
    `history`, when the change spans commits, gives the steps in between. `transitions` is
    False while a merge is being concluded: the merged branch's steps were checked on it.
    `earlier`, for a staged commit on a branch, gives the branch's commits before it (since it
    left the default branch): work done there counts for the commit (SP022).
    """

    description: str
    head: Snapshot
    base: Snapshot
    touched: frozenset[str]
    deleted: frozenset[str] = frozenset()
    origins: Mapping[str, str] = field(default_factory=dict)
    head_step: str = "this change"
    history: History | None = None
    transitions: bool = True
    earlier: Callable[[], History | None] | None = None  # asked of git only when wanted

    @property
    def changed(self) -> frozenset[str]:
        return self.touched | self.deleted

    def changed_on_branch(self) -> frozenset[str]:
        """The files the change adds or modifies, with every file a commit of its branch
        changed: the steps of `history`, or for a staged commit the `earlier` ones."""
        found = self.touched
        for steps in (self.history, self.earlier() if self.earlier is not None else None):
            if steps is not None:
                found = found | steps.paths()
        return found

    def naming(self, paths: frozenset[str]) -> ChangeSet:
        """The change as the command line names it: the named files, as the head holds them,
        are what is linted — pre-commit names the files a commit stages, or every file under
        `--all-files` — while the change's deletions and renames stay, for their consequences
        (a deleted file cannot be named)."""
        present = paths & frozenset(self.head.files())
        return replace(
            self,
            touched=present,
            origins={new: old for new, old in self.origins.items() if new in present},
        )


def _paths(
    entries: Sequence[git.Change], prefix: str
) -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """The files a diff adds or modifies, those it deletes, and renamed files' old names,
    relative to the project root (`prefix`, `dir/` or empty; files outside it are left out)."""

    def local(path: str | None) -> str | None:
        if path is None or not path.startswith(prefix):
            return None
        return path[len(prefix) :]

    touched: set[str] = set()
    deleted: set[str] = set()
    origins: dict[str, str] = {}
    for entry in entries:
        path, old = local(entry.path), local(entry.old)
        if entry.status == "D":
            if path:
                deleted.add(path)
            continue
        if path:
            touched.add(path)
        if entry.status == "R" and old:
            deleted.add(old)
            if path:
                origins[path] = old
    return frozenset(touched), frozenset(deleted), origins


def staged(top: Path, prefix: str, reader: git.BlobReader) -> ChangeSet:
    """The commit `git commit` would make now: the index against HEAD (or against nothing in a
    repository without commits). `prefix` is the project root's folder in the repository."""
    base_rev = "HEAD"
    try:
        try:
            entries = git.changes(top, ["--cached", base_rev])
        except git.GitError:
            if git.resolve(top, "HEAD") is not None:
                raise
            base_rev = git.EMPTY_TREE
            entries = git.changes(top, ["--cached", base_rev])
    except git.GitError as error:
        raise ChangeError(str(error)) from error
    head = GitSnapshot(
        top, prefix, lambda: git.index_entries(top), reader, "the git index", worktree=True
    )
    base = GitSnapshot(top, prefix, _tree(top, base_rev), reader, "HEAD", rev=base_rev)
    description = "the staged commit" + ("" if base_rev == "HEAD" else " (first commit)")
    operation = git.operation(top)
    if operation:
        description += f", concluding {operation}"
    touched, deleted, origins = _paths(entries, prefix)
    return ChangeSet(
        description,
        head,
        base,
        touched,
        deleted,
        origins,
        head_step="this commit",
        transitions=operation != "a merge",
        earlier=cache(lambda: _earlier(top, prefix, reader)) if base_rev == "HEAD" else None,
    )


def _earlier(top: Path, prefix: str, reader: git.BlobReader) -> History | None:
    """The commits of the checked-out branch before the staged commit: from its merge base
    with the default branch (`git.default_branch`) to HEAD. None on the default branch itself,
    on a detached HEAD, without a default branch, or when HEAD has not left it: then the
    staged commit stands alone."""
    branch = git.current_branch(top)
    default = git.default_branch(top)
    head = git.resolve(top, "HEAD")
    if branch is None or default is None or head is None:
        return None
    if branch == default.removeprefix("refs/heads/").removeprefix("refs/remotes/origin/"):
        return None  # on the default branch: no base to have left
    default_commit = git.resolve(top, default)
    merge_base = git.merge_base(top, default_commit, head) if default_commit else None
    if default_commit is None or merge_base is None or merge_base == head:
        return None
    return History(top, prefix, (default_commit, merge_base, head), reader)


def against(
    top: Path, prefix: str, reader: git.BlobReader, base_ref: str, head_ref: str | None
) -> ChangeSet:
    """A branch against its base: from the merge base of `base_ref` and the head — the commit
    `head_ref` names, or the working tree."""
    base_commit = git.resolve(top, base_ref)
    head_commit = git.resolve(top, head_ref or "HEAD")
    if base_commit is None or head_commit is None:
        missing = base_ref if base_commit is None else (head_ref or "HEAD")
        raise ChangeError(_missing_history(top, f"the repository has no `{missing}`"))
    merge_base = git.merge_base(top, base_commit, head_commit)
    if merge_base is None:
        raise ChangeError(
            _missing_history(top, f"`{base_ref}` and {head_ref or 'HEAD'} share no history")
        )
    try:
        base = GitSnapshot(
            top,
            prefix,
            _tree(top, merge_base),
            reader,
            f"the merge base {merge_base[:12]}",
            rev=merge_base,
        )
        head: Snapshot
        if head_ref is not None:
            head = GitSnapshot(
                top, prefix, _tree(top, head_commit), reader, head_ref, rev=head_commit
            )
            entries = git.changes(top, [merge_base, head_commit])
        else:
            head = WorktreeSnapshot(top / prefix if prefix else top, in_git=True)
            entries = git.changes(top, [merge_base])
    except git.GitError as error:
        raise ChangeError(str(error)) from error
    description = f"the change from {base_ref} (merge base {merge_base[:12]}) to {head_ref or 'the working tree'}"
    history = History(top, prefix, (base_commit, merge_base, head_commit), reader)
    step = "the working tree" if head_ref is None else f"{head_ref} ({head_commit[:12]})"
    touched, deleted, origins = _paths(entries, prefix)
    return ChangeSet(
        description, head, base, touched, deleted, origins, head_step=step, history=history
    )


def _tree(top: Path, rev: str) -> Callable[[], list[git.Entry]]:
    """The files of a commit, listed when first asked for (the empty tree has none)."""
    return lambda: [] if rev == git.EMPTY_TREE else git.tree_entries(top, rev)


def _branch_line(top: Path, base: str, merge_base: str, head: str) -> tuple[str, str]:
    """The commits a branch was built in, as (start, end) for `History`. A pull request's
    checkout on CI is a merge commit onto the base: its own commits are the second parent's."""
    parents = git.parents(top, head)
    if len(parents) == 2 and parents[0] == merge_base:
        start = git.merge_base(top, base, parents[1])
        if start is not None:
            return start, parents[1]
    return merge_base, head


def _missing_history(top: Path, problem: str) -> str:
    if git.is_shallow(top):
        return (
            f"{problem}: the clone is shallow; fetch the history (actions/checkout with "
            "`fetch-depth: 0`, or `git fetch --unshallow`) and run again"
        )
    return f"{problem}; fetch it (git fetch origin) or name a base the repository has"


def lint_change(
    change: ChangeSet, config: Config, rules: Sequence[Rule], repository: git.Repository | None
) -> tuple[Project, Report]:
    """Lint a change: see the module docstring for what is reported. Returns the project as
    the change's head, for `--verbose`, with the report."""
    from phaselint.engine import Report, lint
    from phaselint.methods import all_methods
    from phaselint.project import Project

    changed = change.changed
    selection = set(changed)
    for method in all_methods():
        if method.related is not None:
            selection |= method.related(config, change.head, changed)
    base = Project(
        change.base,
        config,
        frozenset(selection | set(change.origins.values())),
        repository=repository,
    )
    project = Project(
        change.head,
        config,
        frozenset(selection),
        base=base if change.transitions else None,
        repository=repository,
        change=change,
    )
    report = lint(project, rules, keep_all=True)
    files = frozenset(change.head.files())
    inside: list[Diagnostic] = []
    outside: list[Diagnostic] = []
    for diagnostic in report.diagnostics:
        path = diagnostic.path
        (outside if path in files and path not in change.touched else inside).append(diagnostic)
    if outside:
        known = {_key(d) for d in lint(base, rules, keep_all=True).diagnostics}
        outside = [d for d in outside if _key(d) not in known]
    kept = tuple(sorted([*inside, *outside], key=lambda d: d.sort_key))
    checked = len(change.touched & files)
    return project, Report(kept, checked, report.internal_errors)


def _key(diagnostic: Diagnostic) -> tuple[str, str, int, int, str]:
    return (
        diagnostic.code,
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.message,
    )
