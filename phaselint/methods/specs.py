"""Spec folders (the release train, GitHub spec-kit): one folder per feature, moving through stages.

Layout: `specs/<folder>/` with `spec.md`, `clarify.md`, `plan.md`, `research.md`,
`data-model.md`, `contracts/`, `quickstart.md`, `tasks.md`, `checklists/*.md`, and a `.status`
file whose first line is the stage: 0 draft, 1 clarified, 2 planned, 3 tasked,
4 checklist-validated, 5 implementing, 6 testing, 7 review, 8 merged, 9 released, 10 closed.
Folders are named `spec-NNN-slug` (the release train), `NNN-slug` (spec-kit), `YYYYMMDD-HHMMSS-slug`
(spec-kit's timestamp numbering) or `hotfix-NNN-slug`.

A paused spec keeps its stage: `.status` holds the stage on its first line and `paused` (or
`paused: reason`) on a later line.

Without `.status` the stage is inferred from the artifacts: every task of tasks.md checked
(at least one; `[~]` closed ones aside) → testing, the implementation is done; some tasks
checked → implementing; tasks.md → tasked; plan.md → planned; clarifications recorded
(clarify.md, or a `## Clarifications` section in spec.md) → clarified; else draft.

Two generations of spec-kit templates exist. The older one (before late 2025) has
`## Execution Flow (main)` in spec.md, no Success Criteria, `## Phase 3.1: Setup` in tasks.md
and no `[USn]` labels; `Spec.legacy` says which a spec follows, and rules adapt to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from phaselint.config import Options
from phaselint.lazyre import lazy_compile
from phaselint.methods import FolderUnit, Methodology, PlanningDoc
from phaselint.methods.tasks import Task, TaskList, parse_tasks
from phaselint.textutil import normalize_label, template_regex

if TYPE_CHECKING:
    from phaselint.document import Document
    from phaselint.project import Project

STAGES = (
    "draft",
    "clarified",
    "planned",
    "tasked",
    "checklist-validated",
    "implementing",
    "testing",
    "review",
    "merged",
    "released",
    "closed",
)
ARTIFACTS = frozenset(
    {
        "spec.md",
        "clarify.md",
        "plan.md",
        "research.md",
        "data-model.md",
        "quickstart.md",
        "tasks.md",
    }
)
CLARIFICATIONS = frozenset({"clarifications", "clarification", "clarification log"})
_OLD_SPEC_HEADINGS = ("primary user story", "review & acceptance checklist", "execution status")
_ANCHOR_ORDER = (
    "plan.md",
    "tasks.md",
    "clarify.md",
    "research.md",
    "data-model.md",
    "quickstart.md",
)
_RECORDS_DONE = lazy_compile(
    r"\b(?:reverse[- ]engineered|as[- ]is|retroactive|superseded|abandoned|stopped|cancel+ed"
    r"|archived|obsolete|deprecated|withdrawn|rejected)\b"
)
#: How spec.md's Status says the work is over.
FINISHED_WORDS = (
    "implemented",
    "complete",
    "completed",
    "done",
    "shipped",
    "released",
    "merged",
    "closed",
    "final",
    "stopped",
    "abandoned",
    "superseded",
    "delivered",
)
_PAUSED = lazy_compile(r"^\s*paused\b\s*:?\s*(?P<reason>.*)$", re.IGNORECASE)
_VERSION = lazy_compile(r"\bv?\d+\.\d+(?:\.\d+)?\b")
_EXCEPTION_LABEL = lazy_compile(r"\b(?:exception|fast[- ]?track(?:ed)?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SpecOptions(Options):
    """`[tool.phaselint.specs]`."""

    section: ClassVar[str] = "specs"

    specs_dir: str = "specs"
    status_file: str = ".status"
    stages: tuple[str, ...] = STAGES
    folder_patterns: tuple[str, ...] = (
        "spec-{number}-{slug}",
        "{number}-{slug}",
        "{timestamp}-{slug}",
        "hotfix-{number}-{slug}",
    )
    branch_patterns: tuple[str, ...] = (
        "spec-{number}-{slug}",
        "{number}-{slug}",
        "hotfix-{number}-{slug}",
    )
    required_sections: tuple[str, ...] = (
        "User Scenarios & Testing",
        "Requirements",
        "Success Criteria",
    )
    max_active: int = 5
    changelog: tuple[str, ...] = ("CHANGELOG.md", "docs/CHANGELOG.md")
    trace_requirements: bool = False
    #: Leading verbs of tasks that only read: checked off without changing a file (SP022).
    read_verbs: tuple[str, ...] = (
        "Verify",
        "Run",
        "Review",
        "Check",
        "Validate",
        "Confirm",
        "Measure",
        "Benchmark",
        "Test that",
    )

    def stage_index(self, name: str) -> int | None:
        try:
            return self.stages.index(name)
        except ValueError:
            return None

    def normalize_stage(self, text: str) -> str | None:
        """The stage a `.status` line names, ignoring case, spaces, underscores and a leading
        stage number (`5: implementing`); None when it names no stage unambiguously."""
        wanted = re.sub(r"[\s_]+", "-", text.strip().casefold()).strip("-")
        wanted = re.sub(r"^(?:stage-?)?\d+\s*[-:.]\s*-?", "", wanted)
        for stage in self.stages:
            if wanted == stage.casefold():
                return stage
        return None

    def at_least(self, stage: Stage, name: str) -> bool:
        """Whether `stage` is `name` or later (False when `name` is not a configured stage)."""
        index = self.stage_index(name)
        return index is not None and stage.index >= index


class SpecName(NamedTuple):
    """What a spec folder's name says: its number (or timestamp), slug, and whether it is a
    hotfix."""

    number: int | None
    digits: str
    timestamp: str | None
    slug: str
    hotfix: bool


_FOLDER_FIELDS = {
    "number": r"\d{3,}",
    "slug": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "timestamp": r"\d{8}-\d{6}",
}


@cache
def _folder_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(template_regex(pattern, _FOLDER_FIELDS))


@cache
def _ordered_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(patterns, key=lambda p: "{timestamp}" not in p))


@cache
def parse_spec_name(name: str, options: SpecOptions) -> SpecName | None:
    """The first configured pattern `name` fits, read; None when it fits none. Timestamp
    patterns are tried first: `20251201-101500-sso` is a timestamp, not spec number 20251201."""
    return _parse_name(name, options.folder_patterns)


@cache
def parse_branch_name(branch: str, options: SpecOptions) -> SpecName | None:
    """What a git branch says about the spec it serves: its last segment read with the
    configured branch patterns (`team/web/008-guided-tour` → spec 008), None when it is no spec
    branch or names no number."""
    naming = _parse_name(branch.rsplit("/", 1)[-1], options.branch_patterns)
    return naming if naming is not None and naming.number is not None else None


def _parse_name(name: str, patterns: tuple[str, ...]) -> SpecName | None:
    for pattern in _ordered_patterns(patterns):
        match = _folder_pattern(pattern).fullmatch(name)
        if match is None:
            continue
        groups = match.groupdict()
        digits = groups.get("number") or ""
        return SpecName(
            number=int(digits) if digits else None,
            digits=digits,
            timestamp=groups.get("timestamp"),
            slug=groups.get("slug") or "",
            hotfix=pattern.casefold().startswith("hotfix"),
        )
    return None


_LEADING_NUMBER = lazy_compile(
    r"^(?P<hotfix>hotfix-)?(?:spec-)?(?P<number>\d+)(?:-|$)", re.IGNORECASE
)


def spec_number(name: str, options: SpecOptions) -> tuple[bool, int] | None:
    """(is a hotfix, number) of a spec folder's name, also for a name no pattern fits
    (`1-x`): None for timestamps and names without a number."""
    naming = parse_spec_name(name, options)
    if naming is not None:
        return (naming.hotfix, naming.number) if naming.number is not None else None
    match = _LEADING_NUMBER.match(name)
    if match is None or len(match.group("number")) >= 8:
        return None
    return bool(match.group("hotfix")), int(match.group("number"))


class StatusFile(NamedTuple):
    """A spec's `.status` file as read: its raw text and what its lines say."""

    path: str
    text: str
    stage: str | None
    paused: bool
    pause_reason: str
    #: Lines after the first that are neither blank nor `paused`: (line number, line).
    extra: tuple[tuple[int, str], ...] = ()

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


@dataclass(frozen=True)
class Stage:
    """A spec's stage and where it comes from (`declared` in `.status`, or inferred)."""

    name: str
    index: int
    declared: bool
    reason: str


def parse_status(path: str, text: str, options: SpecOptions) -> StatusFile:
    lines = text.split("\n")
    stage = options.normalize_stage(lines[0]) if lines else None
    paused, reason = False, ""
    extra = []
    for number, line in enumerate(lines[1:], start=2):
        match = _PAUSED.match(line)
        if match:
            paused, reason = True, match.group("reason").strip()
        elif line.strip():
            extra.append((number, line))
    return StatusFile(path, text, stage, paused, reason, tuple(extra))


@dataclass(frozen=True)
class Spec(FolderUnit):
    """One spec folder: its name, artifacts, documents, tasks and stage."""

    options: SpecOptions

    @cached_property
    def naming(self) -> SpecName | None:
        return parse_spec_name(self.name, self.options)

    @property
    def label(self) -> str:
        """How messages name the spec: `spec 004-login`."""
        return f"spec {self.name}"

    def document(self, relative: str) -> Document | None:
        path = self.artifact(relative)
        return self.project.markdown(path) if path else None

    @property
    def markdown_files(self) -> list[str]:
        return [path for path in self.files if path.lower().endswith(".md")]

    @property
    def checklists(self) -> list[str]:
        """The checklists under `checklists/`."""
        prefix = f"{self.folder}/checklists/"
        return [p for p in self.files if p.startswith(prefix) and p.lower().endswith(".md")]

    @cached_property
    def anchor(self) -> str:
        """The file folder-level diagnostics point at: the spec's main artifact — spec.md, else
        its first markdown artifact (plan.md, tasks.md …, then any markdown file), else
        `.status` — never a binary or empty file when the folder holds another."""
        candidates = [f"{self.folder}/spec.md"]
        candidates += [f"{self.folder}/{name}" for name in _ANCHOR_ORDER]
        candidates += self.markdown_files
        candidates.append(f"{self.folder}/{self.options.status_file}")
        files = set(self.files)
        for path in candidates:
            if path in files and self.project.text(path):
                return path
        return next((p for p in self.files if self.project.text(p)), self.files[0])

    @property
    def stage_anchor(self) -> str:
        """Where diagnostics about the stage point: `.status` when the stage is declared."""
        return self.artifact(self.options.status_file) or self.anchor

    @cached_property
    def status(self) -> StatusFile | None:
        path = self.artifact(self.options.status_file)
        if path is None:
            return None
        text = self.project.text(path)
        if text is None:
            return None
        return parse_status(path, text, self.options)

    @property
    def paused(self) -> bool:
        return self.status is not None and self.status.paused

    @cached_property
    def stage(self) -> Stage:
        status = self.status
        if status is not None and status.stage is not None:
            index = self.options.stage_index(status.stage) or 0
            return Stage(status.stage, index, True, f"declared in {self.options.status_file}")
        name, reason = self._inferred()
        inferred = self.options.stage_index(name)
        return Stage(name, inferred if inferred is not None else 0, False, reason)

    def _inferred(self) -> tuple[str, str]:
        tasks_path = self.artifact("tasks.md")
        if self.tasks is not None and self.tasks.done and not self.tasks.open:
            return "testing", "inferred: every task of tasks.md is checked"
        if self.tasks is not None and self.tasks.done:
            return "implementing", "inferred: tasks.md has checked tasks"
        if tasks_path:
            return "tasked", "inferred: tasks.md exists"
        if self.artifact("plan.md"):
            return "planned", "inferred: plan.md exists"
        if self.has_clarifications:
            return "clarified", "inferred: clarifications are recorded"
        return "draft", "inferred: no artifact past spec.md"

    @cached_property
    def declared_status(self) -> str:
        """What spec.md's `**Status**:` field says, as a reader reads it (lowercase; empty when
        there is none)."""
        from phaselint.textutil import clean_inline, section_names

        spec = self.document("spec.md")
        field = spec.first_field(section_names(["Status"]), bold=True) if spec else None
        return clean_inline(field.value).casefold() if field is not None else ""

    @property
    def says_finished(self) -> bool:
        """spec.md's Status says the work is over (Implemented, Complete, Done, Merged, Final,
        Stopped …), or that the spec records work already done (reverse-engineered, as-is,
        retroactive)."""
        status = self.declared_status
        return status.startswith(FINISHED_WORDS) or bool(_RECORDS_DONE.search(status))

    @property
    def has_clarifications(self) -> bool:
        """clarify.md, or a Clarifications section in spec.md."""
        if self.artifact("clarify.md"):
            return True
        spec = self.document("spec.md")
        return spec is not None and spec.find_section(CLARIFICATIONS) is not None

    @property
    def past_clarification_gate(self) -> tuple[bool, str]:
        """Whether clarification markers must be gone, and why (for messages).

        Declared: at stage `clarified` or later. Without `.status`: once plan.md or tasks.md exists
        (a `/clarify` session may end with markers left, so recorded clarifications alone do not
        close the gate).
        """
        stage = self.stage
        if stage.declared:
            return self.options.at_least(stage, "clarified"), self.stage_phrase
        for artifact in ("tasks.md", "plan.md"):
            if self.artifact(artifact):
                return True, f"{self.label} already has {artifact}"
        return False, self.stage_phrase

    @property
    def stage_phrase(self) -> str:
        """`spec 004-login is at stage `planned` (declared in .status)`."""
        return f"{self.label} is at stage `{self.stage.name}` ({self.stage.reason})"

    @cached_property
    def tasks(self) -> TaskList | None:
        document = self.document("tasks.md")
        return parse_tasks(document) if document is not None else None

    @property
    def templates(self) -> SpecTemplates:
        return spec_templates(self.project)

    @cached_property
    def legacy(self) -> bool:
        """Whether the spec follows spec-kit's older templates (see the module docstring): its
        spec.md has the old template's `Execution Flow`, or — when the author deleted that
        block — its `Primary User Story`, `Review & Acceptance Checklist` or
        `Execution Status`, and no `User Story N` of the current one."""
        spec = self.document("spec.md")
        if spec is not None:
            titles = [h.title for h in spec.headings]
            if any(t.startswith("execution flow") for t in titles):
                return True
            old = any(t.startswith(_OLD_SPEC_HEADINGS) for t in titles)
            if old and not any(re.match(r"user story \d", t) for t in titles):
                return True
        tasks = self.document("tasks.md")
        return tasks is not None and any(
            re.match(r"phase \d+\.\d+\b", h.title) for h in tasks.headings
        )

    @property
    def hotfix(self) -> bool:
        return self.naming is not None and self.naming.hotfix

    @cached_property
    def documents_exception(self) -> bool:
        """A hotfix spec that documents its fast-track exception (a heading or bold field named
        Exception or Fast-track, with something written under it) may skip planning gates."""
        if not self.hotfix:
            return False
        spec = self.document("spec.md")
        if spec is None:
            return False
        for section in spec.sections:
            if _EXCEPTION_LABEL.search(section.heading.title) and spec.has_content(section):
                return True
        return any(
            f.bold and _EXCEPTION_LABEL.search(f.key) and f.value.strip() for f in spec.fields
        )


_WORD = lazy_compile(r"[\w-]+")
_LONE_NUMBER = lazy_compile(r"(?<![\w.-])\d+(?![\w.])", re.IGNORECASE)
_SPEC_REFERENCE = lazy_compile(r"spec-(\d+)\b", re.IGNORECASE)


class ChangelogMentions(NamedTuple):
    """The names, numbers and `spec-NNN` references a changelog's released entries hold,
    collected in one pass, so that looking up each released spec costs a set lookup rather
    than a search of the whole changelog (SP015 over a thousand specs was quadratic).

    `mentions(spec)` is what SP015 has always asked — the folder name or the slug (of several
    words) anywhere, `spec-NNN`, or the number on its own, case ignored: a name or slug that
    is a whole word (`004-login`, `guided-tour`) is found in the set; only one found nowhere
    there (a name within a longer word, a name with other characters) is looked for in the
    text, as before."""

    text: str
    words: frozenset[str]
    numbers: frozenset[str]
    references: frozenset[str]

    @classmethod
    def read(cls, text: str) -> ChangelogMentions:
        return cls(
            text,
            frozenset(word.lower() for word in _WORD.findall(text)),
            frozenset(_LONE_NUMBER.findall(text)),
            frozenset(_SPEC_REFERENCE.findall(text)),
        )

    def mentions(self, spec: Spec) -> bool:
        naming = spec.naming
        digits = naming.digits if naming is not None else ""
        if digits and (digits in self.numbers or digits in self.references):
            return True
        names = [spec.name]
        if naming is not None and "-" in naming.slug:
            names.append(naming.slug)
        # A whole word found (ASCII, where lower case and the regex's ignored case agree).
        if any(name.isascii() and name.lower() in self.words for name in names):
            return True
        pattern = "|".join(re.escape(name) for name in names)
        return re.search(pattern, self.text, re.IGNORECASE) is not None


class SpecBranch(NamedTuple):
    """The checked-out branch, when it is named like a spec branch (SP017). `path` is the specs
    folder, where the diagnostic points: the branch is no file."""

    path: str
    branch: str
    naming: SpecName

    @property
    def paths(self) -> frozenset[str]:
        return frozenset()


#: Folders whose `specs/` trees are test data or other people's code, not the repository's plan.
_NOT_PLANS = frozenset(
    {
        "test",
        "tests",
        "__tests__",
        "fixtures",
        "__fixtures__",
        "testdata",
        "test-data",
        "node_modules",
        "vendor",
        "third_party",
    }
)
_NAMESPACE_DEPTH = 3


def spec_folders(project: Project) -> dict[str, list[str]]:
    """Every spec folder of the repository with its files (computed once per run).

    With `specs-dir` configured, the folders directly below it. Otherwise every folder named
    `specs` that holds spec folders, wherever it lies (`specs/`, `docs/specs/`,
    `app-specs/specs/`), except under test data and vendored code. A child of it is a spec
    folder when its name is a spec name (`004-login`) or it holds a spec artifact itself (a
    misnamed spec: SP001); a child that is neither and holds spec folders is a namespace
    (`specs/feat/155-x/`, mirroring a `feat/155-x` branch), read the same way; a child that
    holds neither (shared documents, `specs/project-context/`) is no spec.
    """
    return project.memo("spec-folders", lambda: _find_spec_folders(project))


def _find_spec_folders(project: Project) -> dict[str, list[str]]:
    options = project.config.options(SpecOptions)
    if "specs-dir" in project.config.sections.get(SpecOptions.section, {}):
        roots = [options.specs_dir.strip("/")]
    else:
        roots = _spec_roots(project.files, options.specs_dir.strip("/"))
    found: dict[str, list[str]] = {}
    for root in roots:
        _collect(project, root, options, found, 0)
    return found


def _spec_roots(files: tuple[str, ...], default: str) -> list[str]:
    roots: set[str] = set()
    # A root holds a folder that holds a file: what a file says depends only on the folders
    # above its own folder, so each such folder is looked at once, not each file.
    above = {path.rsplit("/", 2)[0] for path in files if "specs/" in path and path.count("/") > 1}
    for folder in above:
        parts = folder.split("/")
        for index, part in enumerate(parts):
            if part == "specs" and _NOT_PLANS.isdisjoint(parts[:index]):
                roots.add("/".join(parts[: index + 1]))
    return sorted(roots | {default})


def _collect(
    project: Project,
    root: str,
    options: SpecOptions,
    found: dict[str, list[str]],
    depth: int,
) -> None:
    for folder, files in project.folders_under(root).items():
        name = folder.rsplit("/", 1)[-1]
        start = len(folder) + 1
        artifacts = [f for f in files if _is_artifact(f, options)]
        if any("/" not in f[start:] for f in artifacts) or parse_spec_name(name, options):
            found[folder] = files
            continue
        if depth < _NAMESPACE_DEPTH and artifacts:
            _collect(project, folder, options, found, depth + 1)


def _is_artifact(path: str, options: SpecOptions) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in ARTIFACTS or name == options.status_file


TEMPLATE_DIR = ".specify/templates"
_MANDATORY = lazy_compile(r"[*_]\(\s*mandatory\s*\)[*_]|\(\s*mandatory\s*\)", re.IGNORECASE)
_BRACKETED = lazy_compile(r"(?<![!\]\\])\[(?P<inner>[^\[\]\n]{1,200})\](?![(\[:])")
# Bracketed text of a template that is no placeholder: checkboxes, task markers, markers.
_NOT_PLACEHOLDER = lazy_compile(
    r"^(?:[ xX~]|P\??|US\s*\d+|Story|ID|NEEDS CLARIFICATION.*|P\d|T\d+|\d+|[A-Z]{1,3}\d+)$"
)
_EXAMPLE_LINE = lazy_compile(r"^(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*)?(?:example|e\.g\.)", re.IGNORECASE)


class SpecTemplates(NamedTuple):
    """What the repository's own spec-kit templates (`.specify/templates/`) say, learned once
    per run; `source` is None when the repository has none (the built-in lists apply)."""

    source: str | None
    #: The headings spec-template.md marks `*(mandatory)*`, as written and normalized; None
    #: without that template. `spec_sections` are all its headings, normalized.
    spec_mandatory: tuple[tuple[str, str], ...] | None
    spec_sections: frozenset[str]
    plan_mandatory: tuple[tuple[str, str], ...] | None
    plan_sections: frozenset[str]
    plan_fields: frozenset[str]
    #: Bracketed placeholders of every template (`FEATURE NAME`, `Entity 1`), without brackets.
    placeholders: frozenset[str]
    #: The templates' example lines (sample content with a clarification marker or an
    #: "Example" lead), whitespace folded.
    examples: frozenset[str]


def spec_templates(project: Project) -> SpecTemplates:
    """The repository's templates (see `SpecTemplates`), read once per run."""
    return project.memo("spec-templates", lambda: _read_templates(project))


def _read_templates(project: Project) -> SpecTemplates:
    paths = [p for p in project.files_under(TEMPLATE_DIR) if p.lower().endswith(".md")]
    if not paths:
        return SpecTemplates(
            None, None, frozenset(), None, frozenset(), frozenset(), frozenset(), frozenset()
        )
    scanned = {p.rsplit("/", 1)[-1]: _scan_template(project.text(p) or "") for p in paths}
    placeholders: set[str] = set()
    examples: set[str] = set()
    for _headings, prose in scanned.values():
        for text in prose:
            if "[" not in text:
                continue
            for match in _BRACKETED.finditer(text):
                inner = " ".join(match.group("inner").split())
                if inner and not _NOT_PLACEHOLDER.match(inner):
                    placeholders.add(inner)
            folded = fold_line(text)
            if "needs clarification:" in folded.casefold() or _EXAMPLE_LINE.match(folded):
                examples.add(folded)
    spec = scanned.get("spec-template.md")
    plan = scanned.get("plan-template.md")
    return SpecTemplates(
        TEMPLATE_DIR,
        _mandatory(spec[0]) if spec else None,
        frozenset(normalize_label(h) for h in spec[0]) if spec else frozenset(),
        _mandatory(plan[0]) if plan else None,
        frozenset(normalize_label(h) for h in plan[0]) if plan else frozenset(),
        frozenset(_plan_fields(plan[1])) if plan else frozenset(),
        frozenset(placeholders),
        frozenset(examples),
    )


_TEMPLATE_HEADING = lazy_compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_TEMPLATE_FENCE = lazy_compile(r"^ {0,3}(`{3,}|~{3,})")
_TEMPLATE_COMMENT_BLOCK = lazy_compile(r"<!--.*?-->", re.DOTALL)
_TEMPLATE_FIELD = lazy_compile(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{1,60}?)\s*:?\*\*\s*:?")


def _scan_template(text: str) -> tuple[list[str], list[str]]:
    """A template's headings and its prose lines (code blocks, code spans and HTML comments
    left out), read line by line: templates are read on every run that meets a spec, and need
    no full parse."""
    from phaselint.textutil import mask_code_spans, mask_markup

    text = _TEMPLATE_COMMENT_BLOCK.sub(lambda m: "\n" * m.group().count("\n"), text)
    headings: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _TEMPLATE_FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        heading = _TEMPLATE_HEADING.match(line)
        if heading:
            headings.append(heading.group(1))
        prose.append(mask_markup(mask_code_spans(line)))
    return headings, prose


def _plan_fields(prose: list[str]) -> list[str]:
    return [normalize_label(m.group(1)) for line in prose if (m := _TEMPLATE_FIELD.match(line))]


def _mandatory(headings: list[str]) -> tuple[tuple[str, str], ...]:
    from phaselint.textutil import clean_inline

    return tuple(
        (clean_inline(_MANDATORY.sub("", heading)).strip(), normalize_label(heading))
        for heading in headings
        if _MANDATORY.search(heading)
    )


_BUILTIN_EXAMPLES = (
    re.compile(r"^\W*Example of marking unclear requirements\W*$", re.IGNORECASE),
    re.compile(r"auth method not specified - email/password, SSO, OAuth\?"),
    re.compile(r"retention period not specified\]"),
    re.compile(
        r"\bCHK00[1-6] (?:First checklist item with clear action|Another category item|"
        r"Item with specific criteria|Final item in this category)\b"
    ),
)


def is_template_example(text: str, templates: SpecTemplates) -> bool:
    """Whether a prose line is one of the template's example lines: one of the repository's
    templates' (see `SpecTemplates.examples`), or, without templates, of spec-kit's published
    ones (the "Example of marking unclear requirements" and its FR-006/FR-007 lines, the
    sample checklist items)."""
    if templates.source is not None:
        return fold_line(text) in templates.examples
    if "xample" not in text and "not specified" not in text and "CHK00" not in text:
        return False
    return any(example.search(text) for example in _BUILTIN_EXAMPLES)


def template_example_lines(document: Document, templates: SpecTemplates) -> frozenset[int]:
    """The lines of `document` that are template example lines."""
    return frozenset(
        number
        for number, text in enumerate(document.prose, start=1)
        if text is not None and text.strip() and is_template_example(text, templates)
    )


def fold_line(text: str) -> str:
    """A line as compared with a template's example lines: list marker kept, spaces folded."""
    return " ".join(text.split())


_MAIN_ARTIFACTS = ("spec.md", "plan.md", "tasks.md")


def _task_key(task: Task) -> str:
    """What follows a task from one version of tasks.md to the next: its id, else its text."""
    return task.id or " ".join(task.description.casefold().split())


class SpecsModel:
    """The spec folders of a repository."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(SpecOptions)
        self.folders = spec_folders(project)

    def spec(self, folder: str) -> Spec:
        files = self.folders[folder]
        # A main artifact git does not list but the folder holds (a FIFO, a device: git keeps
        # regular files only) is there, and unreadable: PL001 says why, not "has no spec.md".
        listed = set(files)
        special = [
            path
            for name in _MAIN_ARTIFACTS
            if (path := f"{folder}/{name}") not in listed and self.project.snapshot.exists(path)
        ]
        return Spec(folder, tuple(sorted([*files, *special])), self.project, self.options)

    @cached_property
    def targeted(self) -> list[Spec]:
        return [
            self.spec(folder)
            for folder, files in self.folders.items()
            if self.project.touches(files, folder)
        ]

    @cached_property
    def all_specs(self) -> list[Spec]:
        """Every spec of the repository (built on demand by cross-file rules)."""
        return [self.spec(folder) for folder in self.folders]

    @cached_property
    def by_number(self) -> dict[tuple[str, bool, int], list[str]]:
        """Spec folders by (spec tree, is a hotfix, number): each tree numbers its specs (its
        namespaces share the numbering), hotfixes are numbered apart. Numbers compare as
        numbers, whatever the folder's name pattern (`1-x` and `001-x` share one)."""
        index: dict[tuple[str, bool, int], list[str]] = {}
        for folder in self.folders:
            number = spec_number(folder.rsplit("/", 1)[-1], self.options)
            if number is not None:
                index.setdefault((_root_of(folder), *number), []).append(folder)
        return index

    def sharing_number(self, spec: Spec) -> list[str]:
        """The other spec folders of the spec's tree with its number. For a run on a few
        specs (a commit's), the folders are scanned for the number's digits instead of read
        into `by_number`: a one-file run pays for one name in a thousand."""
        number = spec_number(spec.name, self.options)
        if number is None:
            return []
        root = _root_of(spec.folder)
        if "by_number" not in self.__dict__ and len(self.targeted) <= _FEW_TARGETS:
            digits = str(number[1])
            return [
                folder
                for folder in self.folders
                if folder != spec.folder
                and digits in folder.rsplit("/", 1)[-1]
                and spec_number(folder.rsplit("/", 1)[-1], self.options) == number
                and _root_of(folder) == root
            ]
        folders = self.by_number.get((root, *number), [])
        return [folder for folder in folders if folder != spec.folder]

    @cached_property
    def with_status(self) -> list[str]:
        """Spec folders that hold a `.status` file."""
        suffix = "/" + self.options.status_file
        return [f for f, files in self.folders.items() if any(p == f + suffix for p in files)]

    @cached_property
    def changelog(self) -> tuple[str, str] | None:
        """The changelog's path and the text of its released entries: what stands under a
        version heading (`## [2.2.0]`, `## v2.2.0 - …`; not Unreleased), code blocks left out.
        Read once per run, however many specs look themselves up in it."""
        path = next((p for p in self.options.changelog if self.project.has_file(p)), None)
        if path is None:
            return None
        document = self.project.markdown(path)
        if document is None:
            return path, ""
        released: list[str] = []
        for section in document.sections:
            if "unreleased" in section.heading.title or not _VERSION.search(section.heading.text):
                continue
            released.extend(
                document.line(n)
                for n in range(section.body_start, section.end_line + 1)
                if document.unquoted[n - 1] is not None
            )
        return path, "\n".join(released)

    @cached_property
    def changelog_mentions(self) -> ChangelogMentions | None:
        """What the changelog's released entries mention, read in one pass (see
        `ChangelogMentions`); None without a changelog."""
        changelog = self.changelog
        return ChangelogMentions.read(changelog[1]) if changelog is not None else None

    def is_active(self, spec: Spec) -> bool:
        """Whether a spec has open work: not paused, and a declared stage from draft through
        review; or, with the stage inferred, tasks still open or no tasks.md yet — unless
        spec.md's Status says the work is over."""
        if spec.paused:
            return False
        declared = spec.status.stage if spec.status is not None else None
        if declared:
            index, review = self.options.stage_index(declared), self.options.stage_index("review")
            return index is None or review is None or index <= review
        testing = self.options.stage_index("testing")
        if testing is not None and spec.stage.index >= testing:
            return False
        return not spec.says_finished

    @cached_property
    def by_age(self) -> list[Spec]:
        """Every spec, oldest first (by number, then timestamp, then name)."""
        options = self.options
        return sorted(self.all_specs, key=lambda spec: _age_of_name(spec.folder, options))

    @cached_property
    def newest_active(self) -> Spec | None:
        """The newest spec in flight; reads the `.status` of newer specs only. For a run on a
        few specs, the folders are ordered by their names and only the newer specs built."""
        if "all_specs" in self.__dict__ or len(self.targeted) > _FEW_TARGETS:
            return next((spec for spec in reversed(self.by_age) if self.is_active(spec)), None)
        options = self.options
        built = {spec.folder: spec for spec in self.targeted}
        oldest_first = sorted(self.folders, key=lambda f: _age_of_name(f, options))
        for folder in oldest_first[::-1]:  # as `reversed(by_age)`: ties newest-listed first
            spec = built.get(folder) or self.spec(folder)
            if self.is_active(spec):
                return spec
        return None

    @cached_property
    def active(self) -> list[Spec]:
        """Every spec in flight, oldest first (reads every `.status`); a spec whose folder
        stands in two spec trees (`docs/specs/004-x`, `.specify/specs/004-x`) counts once."""
        seen: set[str] = set()
        found = []
        for spec in self.by_age:
            if spec.name not in seen and self.is_active(spec):
                seen.add(spec.name)
                found.append(spec)
        return found

    def status_at_base(self, spec: Spec) -> StatusFile | None:
        """The spec's `.status` before the change (under its old name, if the folder moved);
        None when there was none, the change leaves it alone, or the run compares with nothing.
        Read file by file: the base is not listed or modelled for this."""
        base, change = self.project.base, self.project.change
        status = spec.artifact(self.options.status_file)
        if base is None or change is None or status is None or status not in change.touched:
            return None  # an unchanged `.status` moved nowhere
        origin = self._status_origin(spec)
        text = base.text(origin)
        return parse_status(origin, text, self.options) if text is not None else None

    def _status_origin(self, spec: Spec) -> str:
        """Where the spec's `.status` was before the change: in its old folder if it moved
        (any file git saw move names the old place; a rewritten `.status` itself is too small
        for git to pair)."""
        folder = spec.folder
        for path in spec.files:
            origin = self.project.origin(path)
            relative = path[len(folder) :]
            if origin != path and origin.endswith(relative):
                folder = origin[: len(origin) - len(relative)]
                break
        return f"{folder}/{self.options.status_file}"

    @cached_property
    def status_history(self) -> dict[str, list[tuple[str, str | None]]]:
        """For the `.status` of each spec in the run, the stage each commit between the base and
        the head gave it, (commit, stage or None when it names none), oldest first; keyed by
        the path at the head. Empty without a history (a staged commit: one step)."""
        change = self.project.change
        if change is None or change.history is None or self.project.base is None:
            return {}
        paths: dict[str, str] = {}
        for spec in self.targeted:
            status = spec.artifact(self.options.status_file)
            if status is not None:
                paths[status] = status
                paths[self._status_origin(spec)] = status
        versions = change.history.versions(paths, self.project.config.max_file_size)
        history: dict[str, list[tuple[str, str | None]]] = {}
        for path, found in versions.items():
            for commit, data in found:
                text = data.decode("utf-8", "replace").lstrip("\ufeff")
                stage = parse_status(path, text, self.options).stage
                history.setdefault(paths[path], []).append((commit, stage))
        return history

    def completions(self, spec: Spec) -> list[Task]:
        """The tasks of the spec's tasks.md the change checks off: open at the base or at
        some commit between the base and the head (`history`, first-parent), done in the next
        version, and still done at the head — judged commit by commit, so a task added open in
        one commit and checked in a later one of the branch is checked off by the change. A
        task is followed by its id (by its text without one). Empty when the run compares with
        nothing, the change leaves tasks.md alone, or a merge is being concluded."""
        tasks = spec.tasks
        base, change = self.project.base, self.project.change
        if tasks is None or base is None or change is None or tasks.path not in change.touched:
            return []
        origin = self.project.origin(tasks.path)
        before = base.text(origin)
        versions = [before] if before is not None else []
        if change.history is not None:
            paths = dict.fromkeys((origin, tasks.path))  # the old name's versions come first
            found = change.history.versions(paths, self.project.config.max_file_size)
            for path in paths:
                versions.extend(data.decode("utf-8", "replace") for _, data in found.get(path, []))
        # The head's own version last: the working tree or the index may differ from the
        # last commit (and for a staged commit it is the only step after the base).
        versions.append(self.project.text(tasks.path) or "")
        from phaselint.document import Document  # at run time only here: the model stays light

        flipped: set[str] = set()
        previous: dict[str, Task] = {}
        for index, text in enumerate(versions):
            states = {
                _task_key(task): task for task in parse_tasks(Document(tasks.path, text)).tasks
            }
            if index:
                flipped |= {
                    key
                    for key, task in states.items()
                    if task.checked and key in previous and previous[key].is_open
                }
            previous = states
        return [task for task in tasks.done if _task_key(task) in flipped]

    @cached_property
    def branches(self) -> dict[tuple[bool, int], list[str]]:
        """The repository's local spec branches by (is a hotfix, number)."""
        repository = self.project.repository
        found: dict[tuple[bool, int], list[str]] = {}
        for branch in repository.local_branches if repository is not None else ():
            naming = parse_branch_name(branch, self.options)
            if naming is not None and naming.number is not None:
                found.setdefault((naming.hotfix, naming.number), []).append(branch)
        return found

    def current_branch(self) -> list[SpecBranch]:
        """The checked-out branch as a unit, in runs over the repository or a change."""
        project = self.project
        repository = project.repository
        if repository is None or (project.targets is not None and project.change is None):
            return []
        branch = repository.current_branch
        naming = parse_branch_name(branch, self.options) if branch else None
        if branch is None or naming is None:
            return []
        return [SpecBranch(self.options.specs_dir.strip("/"), branch, naming)]

    def units(self, kind: type) -> Iterable[Any]:
        if kind is Spec:
            return self.targeted
        if kind is PlanningDoc:
            return list(self._planning_docs())
        if kind is SpecBranch:
            return self.current_branch()
        return ()

    def _planning_docs(self) -> Iterable[PlanningDoc]:
        """The spec artifacts as planning documents, none of them parsed yet."""
        project = self.project
        for spec in self.targeted:
            gate = _gate_of(spec)
            examples = _examples_of(spec)
            for path in project.target_readable(spec.markdown_files):
                yield PlanningDoc(
                    path,
                    METHOD.name,
                    "spec artifact",
                    _reader(project, path),
                    gate,
                    False,
                    examples,
                )

    def describe(self) -> list[str]:
        roots = sorted({_root_of(folder) for folder in self.folders})
        lines = [f"{len(self.folders)} spec folder(s) in {', '.join(r + '/' for r in roots)}"]
        templates = spec_templates(self.project)
        if templates.source is None:
            lines.append(
                "templates: none in the repository; mandatory sections and placeholders are "
                "spec-kit's published ones"
            )
        else:
            marked = ", ".join(w for w, _ in templates.spec_mandatory or ()) or "none marked"
            lines.append(
                f"templates: {templates.source}/ (mandatory spec sections: {marked}; "
                f"{len(templates.placeholders)} placeholder(s) learned)"
            )
        for spec in self.targeted:
            stage = spec.stage
            paused = " (paused)" if spec.paused else ""
            template = ", older spec-kit template" if spec.legacy else ""
            lines.append(f"{spec.folder}: stage {stage.name}{paused}, {stage.reason}{template}")
        return lines


def _reader(project: Project, path: str) -> Callable[[], Document]:
    """What reads a planning document on first use (a readable one: never None)."""

    def read() -> Document:
        document = project.markdown(path)
        assert document is not None
        return document

    return read


def _gate_of(spec: Spec) -> Callable[[], tuple[bool | None, str]]:
    return lambda: spec.past_clarification_gate


def _examples_of(spec: Spec) -> Callable[[Document], frozenset[int]]:
    """The lines of a spec artifact that are its template's example text (only a document that
    talks of clarification is looked at)."""

    def examples(document: Document) -> frozenset[int]:
        if "clarification" in document.text.casefold():
            return template_example_lines(document, spec.templates)
        return frozenset()

    return examples


def _age_of_name(folder: str, options: SpecOptions) -> tuple[int, str]:
    name = folder.rsplit("/", 1)[-1]
    naming = parse_spec_name(name, options)
    if naming is not None and naming.timestamp:
        return (1, naming.timestamp)
    if naming is not None and naming.number is not None:
        return (0, f"{naming.number:012d}")
    return (2, name)


#: Up to this many targeted specs, cross-spec questions scan names instead of indexing them.
_FEW_TARGETS = 8


def _detect(project: Project) -> str | None:
    options = project.config.options(SpecOptions)
    specs = [
        folder
        for folder, files in spec_folders(project).items()
        if any(_is_artifact(f, options) for f in files)
    ]
    if not specs:
        return None
    roots = sorted({_root_of(folder) for folder in specs})
    where = ", ".join(f"{root}/" for root in roots[:3]) + (" …" if len(roots) > 3 else "")
    return f"{where} hold{'s' if len(roots) == 1 else ''} {len(specs)} spec folder(s) with spec artifacts"


def _root_of(folder: str) -> str:
    parts = folder.split("/")
    index = max((i for i, part in enumerate(parts[:-1]) if part == "specs"), default=-1)
    return "/".join(parts[: index + 1]) if index >= 0 else folder.rsplit("/", 1)[0]


METHOD = Methodology(
    name="specs",
    title="spec lifecycle: the release train and spec-kit",
    detect=_detect,
    build=SpecsModel,
)
