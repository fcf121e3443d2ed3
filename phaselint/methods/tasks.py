"""The task-line grammar of `tasks.md`, parsed in one place for every rule and report.

A task line (seed 003's `/tasks` output, GitHub spec-kit's format):

    - [ ] T012 [P] [US1] Create User model in src/models/user.py
      │    │    │   │    └ description, naming the files it touches
      │    │    │   └ the user story it serves (optional)
      │    │    └ may run in parallel with other [P] tasks of its phase (optional)
      │    └ task id: T and three or more digits, numbered sequentially
      └ checkbox: `[ ]` open, `[x]` / `[X]` done

Which list items are tasks: a list item whose text opens with a task-like id (`T012`, or a
malformed `T12`, `t012`, `T-012`, `TASK-12`), with or without a checkbox; and a checkbox item
without an id in a section that holds id'd tasks (a task that lost its id). Checkbox items of
sections without any task id — the old template's "Validation Checklist", notes — are not
tasks. Lines in code blocks are never tasks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from phaselint.lazyre import lazy_compile

if TYPE_CHECKING:
    from phaselint.document import Document, ListItem

_ID = lazy_compile(r"^(?P<id>TASK[-_ ]?\d+|[Tt][-_]?\d+)(?=[\s\[:.)—–-]|$)")
_VALID_ID = lazy_compile(r"^T(\d{3,})$")
_MARKER = lazy_compile(r"\s*\[(?P<marker>P|US\s*\d+|Story\s*\d+|[A-Z]{1,3}\d+)\]", re.IGNORECASE)
_EXTENSIONS = (
    "py|pyi|js|jsx|ts|tsx|mjs|cjs|go|rs|java|kt|kts|swift|rb|php|cs|c|h|cc|cpp|hpp|m|mm|scala|sql|"
    "sh|bash|zsh|ps1|md|mdx|json|jsonc|yaml|yml|toml|ini|cfg|conf|env|html|htm|css|scss|sass|"
    "less|vue|svelte|graphql|gql|proto|xml|csv|txt|lock|tf|hcl|ex|exs|erl|dart|lua|ipynb|gradle|"
    "cmake|mk|tsv|svg|png"
)
_BACKTICKED = lazy_compile(r"`([^`\s]+)`")
_PATH = lazy_compile(
    rf"(?<![\w/.:@-])(?P<path>(?:\.{{1,2}}/|/)?(?:[\w@~.-]+/)+[\w@~.-]*|[\w.-]+\.(?:{_EXTENSIONS})"
    r"|Dockerfile|Makefile|Justfile|Procfile)(?![\w/])"
)
_TRAILING = ".,;:)!?'\""


class TaskPath(NamedTuple):
    """A file path a task names, and where (1-based line and column)."""

    path: str
    line: int
    column: int


class Task(NamedTuple):
    """One task line of tasks.md."""

    line: int
    column: int
    mark: str | None
    id: str | None
    id_column: int
    parallel: bool
    story: str | None
    story_column: int
    description: str
    description_column: int
    paths: tuple[TaskPath, ...]
    phase: str
    phase_line: int

    @property
    def checked(self) -> bool:
        return self.mark is not None and self.mark in "xX"

    @property
    def number(self) -> int | None:
        """The id's number when the id is well formed (`T012` → 12)."""
        match = _VALID_ID.match(self.id or "")
        return int(match.group(1)) if match else None

    @property
    def label(self) -> str:
        return self.id or f"the task on line {self.line}"


class TaskList(NamedTuple):
    """Every task of a tasks.md, in document order."""

    path: str
    tasks: tuple[Task, ...]

    @property
    def open(self) -> list[Task]:
        return [task for task in self.tasks if not task.checked]

    @property
    def done(self) -> list[Task]:
        return [task for task in self.tasks if task.checked]


def parse_tasks(document: Document) -> TaskList:
    """The tasks of `document` (see the module docstring for which items are tasks)."""
    with_ids: set[int] = set()
    candidates: list[tuple[ListItem, str, int]] = []
    for item in document.list_items:
        section = document.section_of(item.line)
        phase_line = section.heading.line if section else 0
        phase = section.heading.plain if section else ""
        first = item.text.split("\n", 1)[0]
        if _ID.match(first):
            with_ids.add(phase_line)
        candidates.append((item, phase, phase_line))
    tasks = []
    for item, phase, phase_line in candidates:
        first = item.text.split("\n", 1)[0]
        has_id = _ID.match(first) is not None
        if not has_id and not (item.has_checkbox and phase_line in with_ids):
            continue
        if not has_id and item.depth > 1:
            continue  # a sub-step under a task, not a task of its own
        tasks.append(_task(document, item, phase, phase_line))
    return TaskList(document.path, tuple(tasks))


def _task(document: Document, item: ListItem, phase: str, phase_line: int) -> Task:
    raw = document.line(item.line)
    start = item.text_column - 1
    rest = raw[start:]
    match = _ID.match(rest)
    task_id, id_column = None, item.text_column
    offset = 0
    if match:
        task_id = match.group("id")
        offset = match.end()
    parallel, story, story_column = False, None, 0
    while True:
        marker = _MARKER.match(rest, offset)
        if marker is None:
            break
        value = re.sub(r"\s+", "", marker.group("marker")).upper()
        if value == "P":
            parallel = True
        elif value.startswith(("US", "STORY")):
            story = "US" + re.sub(r"\D", "", value)
            story_column = item.text_column + marker.start("marker") - 1
        offset = marker.end()
    description_start = offset
    while description_start < len(rest) and rest[description_start] in " \t:—–-":
        description_start += 1
    description = rest[description_start:].strip()
    continuation = item.text.split("\n")[1:]
    full = " ".join([description, *continuation]).strip()
    paths = _paths(rest, item.line, item.text_column, description_start)
    for number in range(item.line + 1, item.line + len(continuation) + 1):
        following = document.line(number)
        indent = len(following) - len(following.lstrip())
        paths.extend(_paths(following, number, 1, indent))
    return Task(
        line=item.line,
        column=item.column,
        mark=item.mark,
        id=task_id,
        id_column=id_column,
        parallel=parallel,
        story=story,
        story_column=story_column,
        description=full,
        description_column=item.text_column + description_start,
        paths=tuple(paths),
        phase=phase,
        phase_line=phase_line,
    )


def _paths(text: str, line: int, base_column: int, start: int) -> list[TaskPath]:
    """File paths named in a task's description: backticked ones, slashed ones that end in a
    file name or `/` or run over several folders, and file names with a known extension.
    `and/or`, `CI/CD`, `login/logout` are words, not paths."""
    found: list[TaskPath] = []
    seen: set[str] = set()
    quoted = {m.start(1): m.group(1) for m in _BACKTICKED.finditer(text, start)}
    inside = [(m.start(), m.end()) for m in _BACKTICKED.finditer(text, start)]
    for position, value in quoted.items():
        path = value.rstrip(_TRAILING)
        if ("/" in path or _PATH.fullmatch(path)) and "://" not in path and path not in seen:
            seen.add(path)
            found.append(TaskPath(path, line, base_column + position))
    for match in _PATH.finditer(text, start):
        path = match.group("path").rstrip(_TRAILING)
        if not path or path in seen or "://" in text[max(0, match.start() - 8) : match.end()]:
            continue
        if any(first <= match.start() < last for first, last in inside):
            continue  # part of a backticked token, judged whole above
        if "/" in path and not _looks_like_path(path):
            continue
        seen.add(path)
        found.append(TaskPath(path, line, base_column + match.start()))
    return found


def _looks_like_path(path: str) -> bool:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return (
        path.endswith("/")
        or path.count("/") >= 2
        or "." in last[1:]
        or path.startswith(("./", "../", "/"))
    )


def normalize_path(path: str) -> str:
    """A task path as compared across tasks: no leading `./`, no trailing `/`."""
    while path.startswith("./"):
        path = path[2:]
    return path.rstrip("/")
