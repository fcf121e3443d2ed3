"""PARA phased plans (PARA): a master plan executed phase by phase, tracked in the JSON block
of `context/context.md`.

Layout: `context/context.md` (a markdown summary, then one fenced ```json block), plans
`context/plans/YYYY-MM-DD-slug.md` (master, or a single plan) and `…-slug-phase-N.md`, summaries
`context/summaries/YYYY-MM-DD-slug-phase-N-summary.md` (or `…-slug-summary.md` for a single
plan), archives `context/archives/YYYY-MM-DD-context.md` or `…/YYYY-MM-DD-HHMM-context.md`.

The block's shape is `schemas/para-context.schema.json`. The model reads the block leniently
— a `phases` that is not a list, a phase number that is a string — so that every rule can go on
while the schema rule (CX002) says what is malformed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from phaselint.config import Config, Options
from phaselint.jsonpos import JsonPath
from phaselint.lazyre import lazy_compile
from phaselint.methods import Methodology, PlanningDoc, StructuredData, parse_json

if TYPE_CHECKING:
    from phaselint.document import CodeBlock, Document, Section
    from phaselint.project import Project
    from phaselint.snapshot import Snapshot

JSON_LANGUAGES = frozenset({"json", "jsonc", "json5"})
STATUSES = ("pending", "in_progress", "completed")
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*?"
_DATE = r"\d{4}-\d{2}-\d{2}"
_PHASE_PLAN = lazy_compile(rf"^(?P<date>{_DATE})-(?P<slug>{_SLUG})-phase-(?P<phase>\d+)\.md$")
_PLAN = lazy_compile(rf"^(?P<date>{_DATE})-(?P<slug>{_SLUG})\.md$")
_PHASE_SUMMARY = lazy_compile(
    rf"^(?P<date>{_DATE})-(?P<slug>{_SLUG})-phase-(?P<phase>\d+)(?P<sub>[a-z]?)-summary\.md$"
)
_SUMMARY = lazy_compile(rf"^(?P<date>{_DATE})-(?P<slug>{_SLUG})-summary\.md$")
# `2025-12-01-context.md`, `2025-12-01-1430-context.md`, `2026-02-14-rebrand-context.md`,
# `2026-01-14-2206-search-complete.md`, `context-2025-11-09-1430.md`.
_ARCHIVE = lazy_compile(
    rf"^(?:{_DATE}(?:-\d{{4}})?(?:-{_SLUG})?|context-{_DATE}(?:-\d{{4}})?)\.md$"
)
#: A phase id: a number, or a number and a letter for a sub-phase (`1c`, `7A`).
_PHASE_ID = lazy_compile(r"^(\d+)([A-Za-z]?)$")
#: The Phase Breakdown of a master plan, by the names PARA's templates have given it.
BREAKDOWN = frozenset({"phase breakdown", "phases", "phase details", "phase overview"})
TO_DO = frozenset({"to-do list", "to-do", "todo list", "todo", "to do list", "tasks"})


@dataclass(frozen=True)
class ParaOptions(Options):
    """`[tool.phaselint.para]`."""

    section: ClassVar[str] = "para"

    context_file: str = "context/context.md"
    plans_dir: str = "context/plans"
    summaries_dir: str = "context/summaries"
    archives_dir: str = "context/archives"


class PlanName(NamedTuple):
    """What a plan's or summary's file name says (`sub`: a sub-phase's letter, `7a`)."""

    date: str
    slug: str
    phase: int | None
    sub: str = ""


def parse_plan_name(name: str) -> PlanName | None:
    """`2025-12-18-auth-phase-2.md` → (2025-12-18, auth, 2); `2025-12-18-auth.md` → (…, None)."""
    match = _PHASE_PLAN.match(name)
    if match:
        return PlanName(match.group("date"), match.group("slug"), int(match.group("phase")))
    match = _PLAN.match(name)
    return PlanName(match.group("date"), match.group("slug"), None) if match else None


def parse_summary_name(name: str) -> PlanName | None:
    """`…-auth-phase-2-summary.md` → (date, auth, 2); `…-auth-summary.md` → (date, auth, None)."""
    match = _PHASE_SUMMARY.match(name)
    if match:
        return PlanName(
            match.group("date"), match.group("slug"), int(match.group("phase")), match.group("sub")
        )
    match = _SUMMARY.match(name)
    return PlanName(match.group("date"), match.group("slug"), None) if match else None


def summary_entry_name(value: str) -> PlanName | None:
    """What an entry of completed_summaries names: a summary, or a file of a summaries folder
    named like a phase plan (`summaries/…-phase-1.md`, a summary missing its `-summary`, whose
    name CX009 reports)."""
    name = parse_summary_name(basename(value))
    if name is None and "summaries/" in value:
        name = parse_plan_name(basename(value))
    return name


def is_archive_name(name: str) -> bool:
    return bool(_ARCHIVE.match(name))


def basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def clean_path(path: str) -> str:
    """A path of the block as the repository lists it (no leading `./`)."""
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    return path


def phase_key(value: object) -> tuple[int, str] | None:
    """Where a phase id sorts: `2` → (2, ""), `"1c"` → (1, "c"); None when it is no phase id
    (a boolean, zero, a word)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, "") if value >= 1 else None
    if isinstance(value, str):
        match = _PHASE_ID.match(value.strip())
        if match and int(match.group(1)) >= 1:
            return int(match.group(1)), match.group(2).casefold()
    return None


class PhaseEntry(NamedTuple):
    """One entry of `phased_execution.phases`, read leniently (None where malformed).
    `number` is an integer phase's number; `key` also places a sub-phase (`"1c"` → (1, "c")),
    and `label` is the id as the block writes it."""

    position: int
    number: int | None
    plan: str | None
    status: str | None
    branch: str | None
    key: tuple[int, str] | None = None
    label: str = "?"

    @property
    def plan_name(self) -> PlanName | None:
        """What the phase's plan file name says (slug, phase number)."""
        return parse_plan_name(basename(self.plan)) if self.plan else None


@dataclass(frozen=True)
class Context:
    """The live context file and its JSON block: the rules about the current state judge it."""

    path: str
    document: Document

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @cached_property
    def json_blocks(self) -> tuple[CodeBlock, ...]:
        return tuple(
            b for b in self.document.code_blocks if b.fenced and b.language in JSON_LANGUAGES
        )

    def _indent(self, block: CodeBlock) -> int:
        fence_line = self.document.line(block.line)
        return len(fence_line) - len(fence_line.lstrip())

    @cached_property
    def blocks(self) -> tuple[StructuredData, ...]:
        """Every JSON block, parsed, with positions in the markdown file."""
        return tuple(
            parse_json(
                block.content,
                self.path,
                METHOD.name,
                "the context JSON block",
                line=block.content_line,
                indent=self._indent(block),
            )
            for block in self.json_blocks
        )

    @property
    def block(self) -> CodeBlock | None:
        """The block the context is read from: the first (CX001 reports any other)."""
        return self.json_blocks[0] if self.json_blocks else None

    @property
    def parsed(self) -> StructuredData | None:
        """The first block's parse, when it is valid JSON."""
        if not self.blocks or self.blocks[0].error is not None:
            return None
        return self.blocks[0]

    @property
    def data(self) -> Mapping[str, Any] | None:
        """The block's object (None when missing, invalid or not an object)."""
        parsed = self.parsed
        return parsed.value if parsed is not None and isinstance(parsed.value, Mapping) else None

    def position(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Where a key (`key=True`) or value of the block is in the markdown file; the nearest
        located ancestor when the path itself is not there."""
        return self.blocks[0].position(path, key=key) if self.blocks else (1, 1)

    @property
    def execution(self) -> Mapping[str, Any] | None:
        data = self.data
        execution = data.get("phased_execution") if data is not None else None
        return execution if isinstance(execution, Mapping) else None

    @cached_property
    def phases(self) -> tuple[PhaseEntry, ...]:
        execution = self.execution
        raw = execution.get("phases") if execution is not None else None
        if not isinstance(raw, list):
            return ()
        entries = []
        for index, item in enumerate(raw):
            if not isinstance(item, Mapping):
                entries.append(PhaseEntry(index, None, None, None, None))
                continue
            number = item.get("phase")
            key = phase_key(number)
            plan = item.get("plan")
            status = item.get("status")
            branch = item.get("branch")
            entries.append(
                PhaseEntry(
                    index,
                    number
                    if isinstance(number, int) and not isinstance(number, bool) and number >= 1
                    else None,
                    clean_path(plan) if isinstance(plan, str) else None,
                    status if isinstance(status, str) else None,
                    branch if isinstance(branch, str) else None,
                    key,
                    (str(number).strip() if key is not None else "?"),
                )
            )
        return tuple(entries)

    def strings(self, key: str) -> list[tuple[int, str]]:
        """The string items of a top-level list (`active_context`), with their indexes."""
        data = self.data
        items = data.get(key) if data is not None else None
        if not isinstance(items, list):
            return []
        return [(index, item) for index, item in enumerate(items) if isinstance(item, str)]

    @cached_property
    def summaries(self) -> dict[tuple[int, str], tuple[tuple[str, str], ...]]:
        """What completed_summaries lists: by phase key, (plan slug, entry as written) of each
        summary, in list order (entries not named as summaries are left out). Read once,
        however many phases ask."""
        found: dict[tuple[int, str], list[tuple[str, str]]] = {}
        for _, value in self.strings("completed_summaries"):
            name = summary_entry_name(value)
            if name is not None and name.phase is not None:
                key = (name.phase, name.sub.casefold())
                found.setdefault(key, []).append((name.slug, clean_path(value)))
        return {phase: tuple(listed) for phase, listed in found.items()}

    @property
    def summarized(self) -> dict[tuple[int, str], frozenset[str]]:
        """By phase key, the plan slugs completed_summaries summarizes."""
        return {
            phase: frozenset(slug for slug, _ in listed) for phase, listed in self.summaries.items()
        }

    def summary_of(self, entry: PhaseEntry) -> str | None:
        """The completed_summaries entry that summarizes a phase — its number and its plan's
        slug match (any slug when the phase names no plan) — or None."""
        listed = self.summaries.get(entry.key, ()) if entry.key is not None else ()
        plan_name = entry.plan_name
        return next(
            (path for slug, path in listed if plan_name is None or slug == plan_name.slug), None
        )

    def phase_statuses(self) -> dict[str, str]:
        """Plan path → status, from `phased_execution.phases`."""
        return {entry.plan: entry.status or "" for entry in self.phases if entry.plan}

    def master_plan(self) -> str | None:
        execution = self.execution
        plan = execution.get("master_plan") if execution is not None else None
        return clean_path(plan) if isinstance(plan, str) else None

    @property
    def to_do(self) -> Section | None:
        return self.document.find_section(TO_DO)


@dataclass(frozen=True)
class ArchivedContext(Context):
    """A context archived under `context/archives/`: a record of the past, held to its name
    (CX009) and to having been completed and summarized before it was archived (CX010)."""


@dataclass(frozen=True)
class ParaPlan:
    """A file of the plans folder: a master plan, a phase plan, or a single plan."""

    path: str
    document: Document
    name: PlanName | None
    model: ParaModel

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))

    @property
    def is_phase_plan(self) -> bool:
        return self.name is not None and self.name.phase is not None

    @cached_property
    def phase_plans(self) -> dict[int, str]:
        """For a master plan: the phase plan files named after it, by phase number."""
        if self.name is None or self.name.phase is not None:
            return {}
        return self.model.phase_plans.get((self.name.date, self.name.slug), {})

    @property
    def is_master_plan(self) -> bool:
        """A plan that breaks work into phases: `**Type:** Phased Plan`, a Phase Breakdown, or
        phase plans named after it."""
        if self.is_phase_plan:
            return False
        document = self.document
        kind = document.first_field(frozenset({"type"}), bold=True)
        if kind is not None and "phased" in kind.value.casefold():
            return True
        context = self.model.context
        return (
            bool(self.phase_plans)
            or document.find_section(BREAKDOWN) is not None
            or (context is not None and context.master_plan() == self.path)
        )


@dataclass(frozen=True)
class ParaSummary:
    """A file of the summaries folder."""

    path: str
    document: Document
    name: PlanName | None

    @property
    def paths(self) -> frozenset[str]:
        return frozenset((self.path,))


class ParaModel:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.options = project.config.options(ParaOptions)
        options = self.options
        self.plan_paths = [
            p for p in project.files_under(options.plans_dir) if p.lower().endswith(".md")
        ]
        self.summary_paths = [
            p for p in project.files_under(options.summaries_dir) if p.lower().endswith(".md")
        ]
        self.archive_paths = [
            p for p in project.files_under(options.archives_dir) if p.lower().endswith(".md")
        ]

    @cached_property
    def phase_plans(self) -> dict[tuple[str, str], dict[int, str]]:
        """Phase plan files by (date, slug) of their master, then by phase number."""
        index: dict[tuple[str, str], dict[int, str]] = {}
        for path in self.plan_paths:
            name = parse_plan_name(basename(path))
            if name is not None and name.phase is not None:
                index.setdefault((name.date, name.slug), {}).setdefault(name.phase, path)
        return index

    @cached_property
    def master_plans(self) -> dict[tuple[str, str], str]:
        """Plan files without a phase number, by (date, slug)."""
        index = {}
        for path in self.plan_paths:
            name = parse_plan_name(basename(path))
            if name is not None and name.phase is None:
                index[(name.date, name.slug)] = path
        return index

    def context_at_base(self) -> Context | None:
        """The live context before the change; None without one (or nothing to compare with)."""
        base = self.project.base
        path = self.options.context_file
        document = base.markdown(path) if base is not None else None
        return Context(path, document) if document is not None else None

    @cached_property
    def context(self) -> Context | None:
        """The live context (read whenever plans are linted: it holds their phases' status)."""
        path = self.options.context_file
        if not self.project.has_file(path):
            return None
        document = self.project.markdown(path)
        return Context(path, document) if document is not None else None

    @cached_property
    def targeted_contexts(self) -> list[Context]:
        """The live context, when it is part of the run."""
        live = self.context
        return [live] if live is not None and self.project.is_target(live.path) else []

    @cached_property
    def targeted_archives(self) -> list[ArchivedContext]:
        return [
            ArchivedContext(path, document)
            for path, document in self.project.target_documents(self.archive_paths)
        ]

    @cached_property
    def targeted_plans(self) -> list[ParaPlan]:
        return [
            ParaPlan(path, document, parse_plan_name(basename(path)), self)
            for path, document in self.project.target_documents(self.plan_paths)
        ]

    @cached_property
    def targeted_summaries(self) -> list[ParaSummary]:
        return [
            ParaSummary(path, document, parse_summary_name(basename(path)))
            for path, document in self.project.target_documents(self.summary_paths)
        ]

    def units(self, kind: type) -> Iterable[Any]:
        if kind is Context:
            return self.targeted_contexts
        if kind is ArchivedContext:
            return self.targeted_archives
        if kind is ParaPlan:
            return self.targeted_plans
        if kind is ParaSummary:
            return self.targeted_summaries
        if kind is StructuredData:
            contexts = (*self.targeted_contexts, *self.targeted_archives)
            return [block for context in contexts for block in context.blocks]
        if kind is PlanningDoc:
            return list(self._plans())
        return ()

    def _plans(self) -> Iterable[PlanningDoc]:
        statuses = self.context.phase_statuses() if self.context else {}
        master = self.context.master_plan() if self.context else None
        for plan in self.targeted_plans:
            if plan.is_phase_plan:
                status = statuses.get(plan.path, "")
                past = status in ("in_progress", "completed")
                gate = f"its phase is {status}" if status else "its phase has not started"
                yield PlanningDoc(plan.path, METHOD.name, "phase plan", plan.document, (past, gate))
            else:
                started = [s for s in statuses.values() if s in ("in_progress", "completed")]
                past = plan.path == master and bool(started)
                gate = "its phased execution has started" if past else "no phase has started"
                yield PlanningDoc(
                    plan.path, METHOD.name, "master plan", plan.document, (past, gate)
                )

    def describe(self) -> list[str]:
        lines = [
            f"context file {self.options.context_file}: "
            + ("present" if self.context else "absent"),
            f"{len(self.plan_paths)} plan(s) in {self.options.plans_dir}/, "
            f"{len(self.summary_paths)} summary(ies) in {self.options.summaries_dir}/, "
            f"{len(self.archive_paths)} archived context(s) in {self.options.archives_dir}/",
        ]
        context = self.context
        if context is not None and context.phases:
            states = ", ".join(f"{e.label}: {e.status or '?'}" for e in context.phases[:20])
            lines.append(f"phases ({len(context.phases)}): {states}")
        return lines


def _detect(project: Project) -> str | None:
    """PARA from its evidence: context.md's JSON block (which CX002 holds to the schema), or
    the plans or summaries folder. A free-form `context/context.md` of notes is not PARA."""
    options = project.config.options(ParaOptions)
    if project.has_file(options.context_file):
        document = project.markdown(options.context_file)
        blocks = [
            b.content
            for b in (document.code_blocks if document is not None else ())
            if b.fenced and b.language in JSON_LANGUAGES
        ]
        if blocks:
            known = _KEYS.search("\n".join(blocks)) is not None
            return f"{options.context_file} holds a JSON block" + (
                " naming PARA's keys" if known else ""
            )
    for folder in (options.plans_dir, options.summaries_dir):
        if project.has_folder(folder):
            return f"{folder}/ exists"
    return None


_KEYS = lazy_compile(r'"(?:active_context|completed_summaries|phased_execution)"\s*:')


def _related(config: Config, snapshot: Snapshot, changed: frozenset[str]) -> set[str]:
    """A change to plans or summaries concerns the context that points at them (CX003, CX006)."""
    options = config.options(ParaOptions)
    folders = tuple(
        folder.strip("/") + "/" for folder in (options.plans_dir, options.summaries_dir)
    )
    if snapshot.exists(options.context_file) and any(p.startswith(folders) for p in changed):
        return {options.context_file}
    return set()


METHOD = Methodology(
    name="para",
    title="PARA phased plans and context.md",
    detect=_detect,
    build=ParaModel,
    related=_related,
)
