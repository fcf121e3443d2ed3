"""Phase documents (phase-based development): one file per phase, token-budgeted, archived when complete.

Layout: active phase documents in `docs/development/` named `V{VERSION}_PHASE_{N}.md`; archived
ones in `docs/archive/development-history/YYYY-MM/`. A phase document opens with
`# V1.2.0 - Phase 1: Foundation`, then `**Status**:`, `**Started**:`, `**Token Budget**:` and
`**Tokens Spent**:` fields, then Objectives, Deliverables, Progress Updates, Technical Decisions and
Completion Summary sections.

Which files are phase documents: every markdown file in the development folder whose name fits
the pattern, starts with a version (`V1.2.0_…`) or mentions a phase, or whose title is a phase
title; and every file below the archive's parent folder (`docs/archive/`) whose name does. Other
files there (a README, notes) are not phase documents and are left alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from phaselint.config import Config, Options
from phaselint.lazyre import lazy_compile
from phaselint.methods import Methodology, PlanningDoc
from phaselint.textutil import clean_inline, section_names, template_regex

if TYPE_CHECKING:
    from phaselint.budget import TokenRange
    from phaselint.document import Document, Field, ListItem, Section
    from phaselint.project import Project
    from phaselint.snapshot import Snapshot

COMPLETE = "Complete"
IN_PROGRESS = "In Progress"

_TITLE = lazy_compile(
    r"^(?:v(?P<version>\d[\w.+-]*?)\s*[-–—:]\s*)?phase\s+(?P<phase>\d+)\b\s*[:\-–—.]?\s*(?P<name>.*)$",
    re.IGNORECASE,
)
_ISO_DATE = lazy_compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_FOLDER = lazy_compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class PhaseOptions(Options):
    """`[tool.phaselint.phases]`."""

    section: ClassVar[str] = "phases"

    development_dir: str = "docs/development"
    archive_dir: str = "docs/archive/development-history"
    file_pattern: str = "V{version}_PHASE_{phase}.md"
    statuses: tuple[str, ...] = (
        "Planned",
        "In Progress",
        "Paused",
        "Blocked",
        "Complete",
        "Deferred",
    )
    status_aliases: Mapping[str, str] = field(
        default_factory=lambda: {"Completed": "Complete", "Done": "Complete"}
    )
    required_fields: tuple[str, ...] = ("Status", "Started", "Token Budget")
    required_sections: tuple[str, ...] = ("Objectives", "Deliverables")
    max_budget: int | str = "2M"
    arithmetic_tolerance: float = 5

    @property
    def development_root(self) -> str:
        """The development folder, as listings name it (no leading or trailing `/`)."""
        return self.development_dir.strip("/")

    @property
    def archive_root(self) -> str:
        """The folder searched for archived phase documents: the archive folder's parent."""
        parent = posixpath.dirname(self.archive_dir.strip("/"))
        return parent or self.archive_dir.strip("/")

    @property
    def name_pattern(self) -> re.Pattern[str]:
        return _name_pattern(self.file_pattern, False)

    @property
    def loose_name_pattern(self) -> re.Pattern[str]:
        return _name_pattern(self.file_pattern, True)

    def canonical_status(self, value: str) -> str | None:
        """The status a `**Status**` value states (aliases resolved), or None."""
        text = clean_inline(value).casefold()
        choices = {s.casefold(): s for s in self.statuses}
        choices.update({alias.casefold(): target for alias, target in self.status_aliases.items()})
        for word in sorted(choices, key=len, reverse=True):
            if text.startswith(word) and (len(text) == len(word) or not text[len(word)].isalnum()):
                return choices[word]
        return None


_NAME_FIELDS = {"version": r"\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?", "phase": r"\d+"}


@cache
def _name_pattern(file_pattern: str, loose: bool) -> re.Pattern[str]:
    return re.compile(template_regex(file_pattern, _NAME_FIELDS), re.IGNORECASE if loose else 0)


class PhaseTitle(NamedTuple):
    """What a phase document's `# V1.2.0 - Phase 1: Foundation` title says."""

    version: str | None
    phase: int
    name: str


def parse_phase_title(text: str) -> PhaseTitle | None:
    match = _TITLE.match(clean_inline(text))
    if match is None:
        return None
    return PhaseTitle(
        match.group("version"), int(match.group("phase")), match.group("name").strip()
    )


def parse_date(text: str) -> date | None:
    """The first ISO date (YYYY-MM-DD) in `text`, if it is a real date."""
    match = _ISO_DATE.search(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


STATUS = section_names(["Status"])
STARTED = section_names(["Started", "Start Date", "Started On"])
COMPLETED = section_names(["Completed", "Completion Date", "Completed On", "Finished"])
TOKEN_BUDGET = section_names(["Token Budget", "Budget"])
COMPLETION_SUMMARY = section_names(["Completion Summary", "Summary of Completion"])
TECHNICAL_DECISIONS = section_names(["Technical Decisions", "Decisions", "Key Decisions"])
LESSONS_LEARNED = section_names(["Lessons Learned", "Lessons", "Learnings", "Key Learnings"])
DELIVERABLES = section_names(["Deliverables"])
PROGRESS_UPDATES = section_names(["Progress Updates", "Progress", "Updates", "Progress Log"])


class PhaseBudget(NamedTuple):
    """A phase's token budget and where it is written."""

    tokens: TokenRange
    line: int
    column: int


@dataclass(frozen=True)
class PhaseDoc:
    """One phase document."""

    path: str
    document: Document
    archived: bool
    options: PhaseOptions

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.path)

    @cached_property
    def name_key(self) -> tuple[str, int] | None:
        """(version, phase) from a file name that follows the pattern."""
        return _key_from_name(self.file_name, self.options)

    @cached_property
    def title(self) -> PhaseTitle | None:
        heading = self.document.title
        return parse_phase_title(heading.text) if heading else None

    @cached_property
    def status_field(self) -> Field | None:
        return self.document.first_field(STATUS, bold=True)

    @cached_property
    def status(self) -> str | None:
        """The canonical status (aliases resolved), or None when missing or unknown."""
        if self.status_field is None:
            return None
        return self.options.canonical_status(self.status_field.value)

    @property
    def is_complete(self) -> bool:
        return self.status == COMPLETE

    @property
    def is_in_progress(self) -> bool:
        return self.status == IN_PROGRESS

    def field(self, names: frozenset[str]) -> Field | None:
        """The first bold field with one of `names`."""
        return self.document.first_field(names, bold=True)

    @cached_property
    def started(self) -> date | None:
        found = self.field(STARTED)
        return parse_date(found.value) if found else None

    @cached_property
    def completed(self) -> date | None:
        found = self.field(COMPLETED)
        return parse_date(found.value) if found else None

    def section(self, names: frozenset[str]) -> Section | None:
        return self.document.find_section(names)

    @cached_property
    def budget(self) -> PhaseBudget | None:
        """The token budget: the `**Token Budget**:` field when it parses, else a budget in the
        title (`# V1.2.0 - Phase 1: Foundation (500K-800K tokens)`)."""
        from phaselint.budget import find_token_ranges, parse_budget

        field = self.field(TOKEN_BUDGET)
        if field is not None:
            parsed = parse_budget(field.value)
            if parsed is not None:
                return PhaseBudget(parsed, field.line, field.value_column + parsed.start)
        heading = self.document.title
        if heading is not None:
            found = find_token_ranges(heading.text)
            if found:
                return PhaseBudget(found[0], heading.line, heading.column + found[0].start)
        return None

    @cached_property
    def deliverables(self) -> tuple[ListItem, ...]:
        """The checklist items of the Deliverables section(s), in document order."""
        document = self.document
        return tuple(
            item
            for section in document.find_sections(DELIVERABLES)
            for item in document.items_in(section)
        )

    @property
    def anchor(self) -> tuple[int, int]:
        """Where document-level diagnostics point: the title, else line 1."""
        heading = self.document.title
        return (heading.line, heading.column) if heading else (1, 1)


TYPE = section_names(["Type"])


def is_master_plan(document: Document) -> bool:
    """A plan that lists phases (PARA `**Type:** Phased Plan`, `# Master Plan: …`) is not a
    phase document."""
    kind = document.first_field(TYPE, bold=True)
    if kind is not None and "phased plan" in kind.value.casefold():
        return True
    title = document.title
    return title is not None and title.title.startswith(("master plan", "version plan"))


def _key_from_name(name: str, options: PhaseOptions) -> tuple[str, int] | None:
    match = options.name_pattern.fullmatch(name)
    if match is None:
        return None
    return match.group("version"), int(match.group("phase"))


def _is_phase_name(name: str, options: PhaseOptions) -> bool:
    """A name that follows the phase document pattern, in any letter case or separator."""
    return bool(options.loose_name_pattern.fullmatch(name)) or bool(_LOOSE_NAME.fullmatch(name))


_LOOSE_NAME = lazy_compile(r"v\d+(?:\.\d+){1,3}[-_ ]phase[-_ ]?\d+\.md", re.IGNORECASE)


def _titled_as_phase(project: Project, path: str, *, versioned: bool = False) -> bool:
    """Whether the document is titled `# V1.2.0 - Phase 1: …` (`versioned`) or `# Phase 1: …`."""
    document = project.markdown(path) if path.lower().endswith(".md") else None
    title = document.title if document is not None else None
    parsed = parse_phase_title(title.text) if title is not None else None
    return parsed is not None and (not versioned or bool(parsed.version))


def _is_candidate_name(name: str, options: PhaseOptions) -> bool:
    """A file name that shows the file is meant as a phase document."""
    if not name.lower().endswith(".md"):
        return False
    if options.loose_name_pattern.fullmatch(name):
        return True
    stem = name[:-3]
    return bool(re.match(r"^v\d", stem, re.IGNORECASE)) or "phase" in stem.casefold()


@dataclass(frozen=True)
class Roadmap:
    """The roadmap and the active phase documents its Current Work section should name."""

    path: str
    document: Document
    phase_docs: tuple[PhaseDoc, ...]
    known_files: frozenset[str]

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))


class PhasesModel:
    """The phase documents of a repository."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(PhaseOptions)
        options = self.options
        development = options.development_root
        self.active_paths = [
            path
            for path in project.files_under(development)
            if path.lower().endswith(".md") and not path.startswith(options.archive_root + "/")
        ]
        self.archived_paths = [
            path
            for path in project.files_under(options.archive_root)
            if _is_candidate_name(posixpath.basename(path), options)
        ]
        self._docs: dict[str, PhaseDoc | None] = {}

    @cached_property
    def by_key(self) -> dict[tuple[str, int], list[str]]:
        """Phase documents (active and archived) by the (version, phase) their names give."""
        index: dict[tuple[str, int], list[str]] = {}
        for path in (*self.active_paths, *self.archived_paths):
            key = _key_from_name(posixpath.basename(path), self.options)
            if key is not None:
                index.setdefault((key[0].casefold(), key[1]), []).append(path)
        return index

    def phase_doc(self, path: str) -> PhaseDoc | None:
        """The phase document at `path`, or None when it is not one (or cannot be read)."""
        if path in self._docs:
            return self._docs[path]
        archived = path not in self.active_paths
        found = None
        document = self.project.markdown(path)
        if document is not None and not is_master_plan(document):
            title = document.title
            named = archived or _is_candidate_name(posixpath.basename(path), self.options)
            if named or (title is not None and parse_phase_title(title.text)):
                found = PhaseDoc(path, document, archived, self.options)
        self._docs[path] = found
        return found

    def at_base(self, doc: PhaseDoc) -> PhaseDoc | None:
        """The same phase document before the change (under its old name if it moved, into
        the archive say); None when the change adds it or the run compares with nothing."""
        base = self.project.base
        if base is None:
            return None
        origin = self.project.origin(doc.path)
        document = base.markdown(origin)
        return PhaseDoc(origin, document, doc.archived, self.options) if document else None

    @cached_property
    def targeted(self) -> list[PhaseDoc]:
        docs = []
        for path in (*self.active_paths, *self.archived_paths):
            if self.project.is_target(path):
                doc = self.phase_doc(path)
                if doc is not None:
                    docs.append(doc)
        return docs

    def units(self, kind: type) -> Iterable[Any]:
        if kind is PhaseDoc:
            return self.targeted
        if kind is PlanningDoc:
            return [self._planning_doc(doc) for doc in self.targeted]
        if kind is Roadmap:
            return self._roadmap()
        return ()

    def _planning_doc(self, doc: PhaseDoc) -> PlanningDoc:
        status = doc.status
        past = status in (IN_PROGRESS, COMPLETE)
        gate = f"its status is {status}" if status else "it has no known status"
        return PlanningDoc(doc.path, METHOD.name, "phase document", doc.document, (past, gate))

    def _roadmap(self) -> list[Roadmap]:
        path = self.project.roadmap
        if path is None or not self.project.is_target(path):
            return []
        document = self.project.markdown(path)
        if document is None:
            return []
        docs = tuple(d for d in map(self.phase_doc, self.active_paths) if d is not None)
        known = frozenset((*self.active_paths, *self.archived_paths))
        return [Roadmap(path, document, docs, known)]

    def describe(self) -> list[str]:
        lines = [
            f"{len(self.active_paths)} markdown file(s) in {self.options.development_dir}/",
            f"{len(self.archived_paths)} archived phase document(s) under {self.options.archive_root}/",
        ]
        for doc in self.targeted:
            where = "archived" if doc.archived else "active"
            lines.append(f"  {doc.path}: {where} phase document, status {doc.status or 'unknown'}")
        return lines


def month_folder(path: str, options: PhaseOptions) -> str | None:
    """The `YYYY-MM` folder an archived phase document sits in, or None when it does not sit in
    one directly below the archive folder."""
    archive = options.archive_dir.strip("/") + "/"
    if not path.startswith(archive):
        return None
    rest = path[len(archive) :].split("/")
    if len(rest) != 2 or not _MONTH_FOLDER.match(rest[0]):
        return None
    return rest[0]


def _detect(project: Project) -> str | None:
    options = project.config.options(PhaseOptions)
    development = options.development_root
    active = [
        p
        for p in project.files_under(development)
        if _is_candidate_name(posixpath.basename(p), options)
    ]
    archived = [
        p
        for p in project.files_under(options.archive_root)
        if _is_candidate_name(posixpath.basename(p), options)
    ]
    # A name with "phase" in it (`phase2-completion-summary.md`) is evidence only when the
    # name follows the pattern or the document is titled as a phase document: another method's
    # reports are named like that too.
    named = [p for p in (*active, *archived) if _is_phase_name(posixpath.basename(p), options)]
    titled = [
        p
        for p in (*active, *archived)
        if p not in named and _titled_as_phase(project, p, versioned=True)
    ]
    if named or titled:
        evidence = named or titled
        how = f"named like {options.file_pattern}" if named else "titled as phase documents"
        return (
            f"{len(evidence)} phase document(s) in {development}/ or {options.archive_root}/ "
            f"{how} ({evidence[0]} …)"
        )
    for path in project.files_under(development):
        if _titled_as_phase(project, path):
            return f"{path} is titled as a phase document"
    return None


def _related(config: Config, snapshot: Snapshot, changed: frozenset[str]) -> set[str]:
    """A change to phase documents concerns the roadmap's Current Work (PH013)."""
    options = config.options(PhaseOptions)
    folders = (options.development_root + "/", options.archive_root + "/")
    if not any(path.startswith(folders) for path in changed):
        return set()
    roadmap = config.find_roadmap(snapshot.exists)
    return {roadmap} if roadmap is not None else set()


METHOD = Methodology(
    name="phases",
    title="phase-based development: phase documents",
    detect=_detect,
    build=PhasesModel,
    related=_related,
)
