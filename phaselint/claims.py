"""Which files a planning method could own, judged by their paths alone.

The pre-commit hook runs on every commit, and most commits touch no planning file: a commit of
source code, tests or a lock file. Such a commit has nothing for phaselint to lint, and finding
that out must cost what starting phaselint costs — no method detected, no model built, no
document parsed, no rule module imported (issue 12, "the hook pays for what it touches").

`unclaimed` answers the question for a staged commit with the repository's default layout: a
file is claimed when it lies where some method keeps its files (a folder named `specs`,
`docs/development/`, `docs/archive/`, `context/`, `.czarina/`), is named as one of its files
(a stage log, a consolidation artifact, the roadmap, a configured planning document), or sits
in a folder that holds a consolidation artifact (a workflow owns the files below it). The test
is a superset of what the methods own: a claimed file only means the full lint runs. A
configuration that moves a method's files (a `[specs]`, `[phases]` … section) turns the early
exit off, since these defaults no longer describe the layout. Deleting or renaming a planning
file is claimed like adding one: its consequences are linted.

The defaults here mirror the methods' `Options` defaults; `tests/test_claims.py` holds them to
each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path

    from phaselint.changes import ChangeSet
    from phaselint.config import Config
    from phaselint.git import Repository


class Unclaimed(NamedTuple):
    """A staged commit no method could own a file of: what the run has instead of a project."""

    change: ChangeSet


#: Option sections that can move a method's files: with one configured, every change is linted.
LAYOUT_SECTIONS = frozenset({"specs", "phases", "para", "stages", "czarina", "consolidation"})
#: Folders the methods keep their files in, by default (specs: any folder named `specs`).
SPECS_FOLDER = "specs"
LAYOUT_FOLDERS = ("docs/development/", "docs/archive/", "context/", ".czarina/")
#: What a stage log's or a consolidation artifact's name holds (casefolded), by default.
STAGE_LOG_WORDS = ("implementation", "stage")
ARTIFACT_WORDS = ("agent", "phase")
#: A spec branch's number (SP017 judges the checked-out branch on every change).
_SPEC_NUMBER = re.compile(r"\d{3}")


def claimed(path: str, config: Config) -> bool:
    """Whether a file at `path` (project-relative) could belong to a method's unit, with the
    default layout. A superset: False means no method owns it."""
    parts = path.split("/")
    # A spec folder lies in a folder named `specs`: the file is two levels below it at least.
    if SPECS_FOLDER in parts[:-2] or path.startswith(LAYOUT_FOLDERS):
        return True
    name = parts[-1].casefold()
    if name.endswith(".md") and "log" in name and any(w in name for w in STAGE_LOG_WORDS):
        return True
    if any(word in name for word in ARTIFACT_WORDS):
        return True
    folded = path.casefold()
    if any(folded == roadmap.casefold() for roadmap in config.roadmap):
        return True
    if config.planning_docs:
        from phaselint.globs import compile_globs

        return compile_globs(tuple(config.planning_docs)).fullmatch(path) is not None
    return False


def _folders(paths: Iterable[str]) -> set[str]:
    """Every folder above the paths, as prefixes (`src/`, `src/app/`; the root is ``)."""
    found = {""}
    for path in paths:
        parts = path.split("/")[:-1]
        found.update("/".join(parts[: end + 1]) + "/" for end in range(len(parts)))
    return found


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


#: Past this many files the question is not worth a command line: the commit is linted.
_MOST_FILES = 500


def unclaimed(
    change: ChangeSet,
    linted: frozenset[str],
    config: Config,
    top: Path,
    prefix: str,
    repository: Repository,
) -> int | None:
    """For a staged commit no method could own a file of, the number of the files the run lints
    (`linted`: the commit's, or those the command line names) that the index holds — the run's
    "files checked"; None when the commit must be linted. Asks git one question: which of those
    files the index holds, and which files lie directly in their folders (a consolidation
    artifact there makes a workflow of them)."""
    if LAYOUT_SECTIONS & set(config.sections):
        return None
    paths = linted | change.changed | frozenset(change.origins.values())
    if len(paths) > _MOST_FILES or any(claimed(path, config) for path in paths):
        return None
    branch = repository.current_branch
    if branch is not None and _SPEC_NUMBER.search(branch.rsplit("/", 1)[-1]):
        return None  # a spec branch: SP017 asks whether its spec exists
    from phaselint import git

    pathspecs = [f":(literal){prefix}{path}" for path in sorted(linted)]
    pathspecs += [f":(glob){_glob_escape(prefix + folder)}*" for folder in sorted(_folders(paths))]
    entries = git.index_entries(top, pathspecs)
    if any(any(w in e.path.rsplit("/", 1)[-1].casefold() for w in ARTIFACT_WORDS) for e in entries):
        return None
    held = {entry.path[len(prefix) :] for entry in entries if entry.mode != "160000"}
    return len(linted & held)
