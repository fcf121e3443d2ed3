"""The task-line grammar of `tasks.md`, parsed in one place for every rule and report.

A task line (the release train's `/tasks` output, GitHub spec-kit's format):

    - [ ] T012 [P] [US1] Create User model in src/models/user.py
      │    │    │   │    └ description, naming the files it touches
      │    │    │   └ the user story it serves (optional)
      │    │    └ may run in parallel with other [P] tasks of its phase (optional)
      │    └ task id: T, three or more digits and, for a task inserted later, a letter or a
      │      dotted number (`T012a`, `T012.1`); written bold (`**T012**`) by some authors
      └ checkbox: `[ ]` open, `[x]` / `[X]` done, `[~]` closed without being done (reverted,
        superseded: never open, never missing)

Which list items are tasks:
- a checkbox item whose text opens with a task-like id (`T012`, or a malformed `T12`, `t012`,
  `T-012`, `TASK-12`);
- a bullet with an id but no checkbox (a task that lost its box) only inside a section that
  holds tasks, and only when it reads as a task: sections about dependencies, execution order,
  parallel work, strategy, notes, summaries and examples talk *about* tasks (`- T002 depends
  on T001`, `- T002 and T003 can run in parallel`), and so does a bullet whose id is followed by
  another id or a verb of ordering. Where no task of the file has a checkbox, bullets with ids
  in the other sections are its tasks;
- a checkbox item without an id in a section that holds id'd tasks (a task that lost its id).

Checkbox items of sections without any task id — the old template's "Validation Checklist" —
are not tasks. Lines in code blocks are never tasks. A section's kind is decided by the nearest
heading above the line that says something: `Phase N …`, `User Story N`, Setup, Foundational and
Polish hold tasks; otherwise a heading naming dependencies, order, parallel work, strategy,
notes, summary or examples holds none; other headings defer to the heading above them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, Protocol

from phaselint.lazyre import lazy_compile
from phaselint.textutil import normalize_label

if TYPE_CHECKING:
    from phaselint.document import Document, ListItem

_ID = lazy_compile(
    # A status emoji may stand before the id: `- [x] ✅ T006 …`.
    r"^(?:[\u2190-\u2BFF\U0001F000-\U0001FAFF]\uFE0F?\s*)*(?P<bold>\*\*|__)?(?P<id>T\d+\s?[-–/]\s?T\d+|TASK[-_ ]?\d+"
    r"|[Tt][-_]?\d+(?:[a-zA-Z]|\.\d+)?(?:-[A-Z]{2,}[A-Z0-9]*)?)(?P=bold)?(?=[\s\[:.)—–*,-]|$)"
)
# T012; T012a / T012A / T012.1 (inserted later); T012-TEST (a companion); T064-T073 (a range);
# T005/T006 (two tasks done as one).
_VALID_ID = lazy_compile(
    r"^T(?P<number>\d{3,})(?:\s?[-–/]\s?T(?P<last>\d{3,})|(?P<suffix>[a-zA-Z]|\.\d+)?"
    r"(?P<companion>-[A-Z]{2,}[A-Z0-9]*)?)$"
)
# After an id, what makes a checkbox-less bullet a sentence about tasks: another id
# (`T002 and T003`, `T010-T015`, `T001 → T002`) or a verb of ordering (`T002 depends on T001`).
_TALK_AFTER_ID = lazy_compile(
    r"^[\s*_]*(?:(?:,|and|&|or|to|through|thru|-|–|—|→|->|⇒|=>|\+|/)\s*[*_]*T\d"
    r"|\(?(?:depends?|blocks?|blocked|requires?|needs?|must|can|could|should|may|before|after"
    r"|then|is|are|was|were|has|have|runs?|waits?|unblocks?|precedes?|follows?|parallel)\b)",
    re.IGNORECASE,
)
_TASK_SECTION = lazy_compile(
    r"^(?:phase\b|stage\b|user story\b|story\b|us\d|setup\b|foundation|polish\b|tasks?\b)"
)
_TALK_SECTION = lazy_compile(
    r"\b(?:depend\w*|order\w*|sequenc\w*|parallel\w*|strateg\w*|notes?|summary|summaries"
    r"|examples?|critical path|graph|mvp|incremental|overview|legend|format|conventions?|progress"
    r"|statistics|metrics|totals?|counts?|blocking|blockers?|team|checkpoints?|timeline|risks?"
    r"|mitigations?|references?|glossary|changelog|history|status|completed|report)\b"
)
_MARKER = lazy_compile(
    r"\s*\[(?P<marker>P|(?:US|Story)\s*\d+(?:\s*[+,/&]\s*(?:US|Story)?\s*\d+)*|[A-Z]{1,3}\d+)\]",
    re.IGNORECASE,
)
_EXTENSIONS = (
    "py|pyi|js|jsx|ts|tsx|mjs|cjs|mts|cts|go|mod|rs|java|kt|kts|swift|rb|php|cs|csproj|sln|vb|"
    "fs|fsx|fsi|fsproj|c|h|cc|cpp|hpp|m|mm|scala|sbt|groovy|sql|sh|bash|zsh|ps1|psm1|bat|cmd|md|"
    "mdx|mdc|rst|adoc|tex|json|jsonc|jsonl|yaml|yml|toml|ini|cfg|conf|config|env|properties|props|"
    "targets|plist|html|"
    "htm|css|scss|sass|less|vue|svelte|astro|razor|cshtml|xaml|graphql|gql|proto|prisma|xml|csv|"
    "tsv|txt|log|lock|tf|hcl|nix|cue|rego|bicep|ex|exs|erl|dart|lua|lisp|asd|el|clj|cljs|cljc|edn|"
    "ml|mli|hs|cabal|elm|nim|zig|jl|pl|pm|sol|ipynb|gradle|cmake|mk|j2|jinja|hbs|ejs|pug|liquid|"
    "wat|cu|glsl|wgsl|gemspec|rake|svg|png"
)
_BACKTICKED = lazy_compile(r"`([^`\s]+)`")
_DOTFILE = lazy_compile(r"\.[A-Za-z][\w.-]{1,40}")  # `.spex-state`, `.env.local`
# ASCII only: a path glued to text in another script (`mocks.tsのモック`) ends where the script
# changes. `*` belongs to a glob (`docs/**/*.txt`), which is then not looked up as a whole.
# Files named without an extension that `_PATH` takes for paths.
_BARE_NAMES = (
    "Dockerfile|Makefile|Justfile|Procfile|Gemfile|Rakefile|Brewfile|Containerfile|Vagrantfile"
    "|LICENSE|NOTICE|CODEOWNERS|AUTHORS|CHANGELOG|README"
)
_PATH = lazy_compile(
    r"(?<![A-Za-z0-9_/.:@*+$%{-])(?P<path>(?:\.{1,2}/|/)?(?:[A-Za-z0-9_@~.*+-]+/)+[A-Za-z0-9_@~.*+-]*"
    rf"|[A-Za-z0-9_.+-]+\.(?:{_EXTENSIONS})|{_BARE_NAMES})"
    r"(?![A-Za-z0-9_/])"
)
_BARE_NAME = lazy_compile(_BARE_NAMES)
_TRAILING = ".,;:)!?'\""
_CITED = lazy_compile(
    r"(?:\b(?:per|see|import\w*(?:\s+[\w{},* ]+?)?\s+from|(?:read|load)\w*(?:\s+\S+){0,3}?\s+from|according\s+to|based\s+on|using|uses?|following|follow|consult"
    r"|(?:defined|described|documented|listed|outlined|referenced|given|shown)\s+in"
    r"|as\s+specified\s+in"
    r"|as\s+in|like|matching|match|mirrors?|mirroring|against|imports?|importing|reads?|reading"
    r"|extends?|extending|cf\.?|references?|referencing|via|e\.g\.,?|for\s+example|such\s+as"
    r"|instead\s+of|rather\s+than|agree\w*\s+with|consistent\s+with|compar\w+\s+(?:to|with)"
    r"|same\s+as|parity\s+with"
    # Named as what is absent: `a work item lacking spec.md`, `a fixture without plan.md`.
    r"|lacking|lacks|without(?:\s+\w+ing)?|missing|absent"
    r"|example))"
    r"\s+(?:the\s+|an?\s+)?(?:existing\s+)?[`\"'*\[]*$",
    re.IGNORECASE,
)


class TaskPath(NamedTuple):
    """A file path a task names, and where (1-based line and column). `cited` when the task
    only refers to it (`per research.md`, `see contracts/api.md`, `import from lib/db.ts`): a
    document consulted, not a file the task writes."""

    path: str
    line: int
    column: int
    cited: bool = False


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
    #: Every story the task's label names (`[US1+2]` → US1, US2).
    stories: tuple[str, ...]
    description: str
    description_column: int
    paths: tuple[TaskPath, ...]
    phase: str
    phase_line: int

    @property
    def checked(self) -> bool:
        return self.mark is not None and self.mark in "xX"

    @property
    def closed(self) -> bool:
        """`[~]`, `[-]`, `[N/A]`: closed without being done (reverted, superseded, dropped)."""
        return self.mark is not None and self.mark in CLOSED_MARKS

    @property
    def is_open(self) -> bool:
        """Still to do: neither done nor closed."""
        return not self.checked and not self.closed

    @property
    def number(self) -> int | None:
        """The id's number when the id is well formed (`T012`, `T012a`, `T012-TEST` → 12;
        a range `T064-T073` → 64)."""
        parts = _id_parts(self.id)
        return parts[0] if parts else None

    @property
    def last(self) -> int | None:
        """The highest number the id covers (73 for the range `T064-T073`)."""
        parts = _id_parts(self.id)
        return parts[1] if parts else None

    @property
    def inserted(self) -> bool:
        """A task inserted after numbering (`T012a`, `T012.1`) or a companion (`T012-TEST`):
        it shares its number with `T012`."""
        parts = _id_parts(self.id)
        return parts is not None and parts[2]

    @property
    def order(self) -> tuple[int, int, str] | None:
        """Where the id sorts: `T012` and the tasks inserted beside it (`T012a`, `T012.1`,
        `T012-TEST`), in any order among themselves — a test written first may stand before
        its task — before `T013` (None when malformed)."""
        parts = _id_parts(self.id)
        return (parts[0], 0, "") if parts else None

    @property
    def label(self) -> str:
        """How messages name the task after the word "task": its id, else its line."""
        return self.id or f"on line {self.line}"


@lru_cache(maxsize=8192)
def _id_parts(task_id: str | None) -> tuple[int, int, bool] | None:
    """A well-formed id's number, the last number it covers and whether it is inserted (see
    `Task`), or None: read once per id, as every rule asks them of every task."""
    match = _VALID_ID.match(task_id or "")
    if match is None:
        return None
    number = int(match.group("number"))
    last = int(match.group("last") or number)
    return number, last, bool(match.group("suffix") or match.group("companion"))


#: Checkbox marks of a task closed without being done.
CLOSED_MARKS = frozenset({"~", "-", "N/A", "n/a"})


class TaskList(NamedTuple):
    """Every task of a tasks.md, in document order. `numbered` is False for a list that
    numbers none of its tasks (checkbox items only, `- [x] Chunk 1 …`): its items are its tasks,
    for progress and the stage, but not judged item by item."""

    path: str
    tasks: tuple[Task, ...]
    numbered: bool = True

    @property
    def open(self) -> list[Task]:
        return [task for task in self.tasks if task.is_open]

    @property
    def done(self) -> list[Task]:
        return [task for task in self.tasks if task.checked]


def parse_tasks(document: Document) -> TaskList:
    """The tasks of `document` (see the module docstring for which items are tasks)."""
    kinds: dict[int, bool] = {}
    boxed: set[int] = set()
    candidates: list[tuple[ListItem, str, int, bool]] = []
    lead_in = _lead_ins(document)
    for item in document.list_items:
        section = document.section_of(item.line)
        phase_line = section.heading.line if section else 0
        phase = section.heading.plain if section else ""
        has_id = _ID.match(item.text.split("\n", 1)[0]) is not None
        if has_id and item.has_checkbox:
            boxed.add(phase_line)
        candidates.append((item, phase, phase_line, has_id))
    tasks = []
    starts = frozenset(
        item.line for item, _, _, has_id in candidates if has_id or item.has_checkbox
    )
    headed = any(_TASK_HEADING.match(h.title) for h in document.headings)
    for item, phase, phase_line, has_id in candidates:
        if has_id and not item.has_checkbox:
            if headed:
                continue  # tasks are headings here (`### T001: …`): bullets summarise them
            if phase_line not in kinds:
                kinds[phase_line] = _holds_tasks(document, phase_line)
            if not kinds[phase_line] or (boxed and phase_line not in boxed):
                continue
            rest = _ID.sub("", item.text.split("\n", 1)[0], count=1)
            if _TALK_AFTER_ID.match(rest) or _talk_lead_in(lead_in(item.line)):
                continue
        elif not has_id and not (item.has_checkbox and phase_line in boxed):
            continue
        elif not has_id and _criteria_lead_in(lead_in(item.line)):
            continue  # `**Verification Checklist**:` among tasks: checks, not tasks
        if item.depth > 1 and not item.has_checkbox:
            continue  # a sub-bullet of a task that refers to another (`- T003 green ⇒ …`)
        if not has_id and item.depth > 1:
            continue  # a sub-step under a task, not a task of its own
        tasks.append(_task(document, item, phase, phase_line, starts))
    if not tasks:
        return _unnumbered(document, starts)
    return TaskList(document.path, tuple(tasks))


def _unnumbered(document: Document, starts: frozenset[int]) -> TaskList:
    """A tasks.md that numbers none of its tasks: its top-level checkbox items outside the
    sections that talk about tasks or hold criteria and checklists. None when its tasks are
    headings or table rows (`### T001: …`, `### Task 1.1`, `| T001 | … |`): the checkboxes
    there are their acceptance criteria."""
    if any(_TASK_HEADING.match(h.title) for h in document.headings) or any(
        _TABLE_TASK.match(line) for line in document.lines
    ):
        return TaskList(document.path, ())
    items = []
    kinds: dict[int, bool] = {}
    lead_in = _lead_ins(document)
    for item in document.checklist:
        section = document.section_of(item.line)
        phase_line = section.heading.line if section else 0
        if phase_line not in kinds:
            kinds[phase_line] = _holds_tasks(document, phase_line) and not (
                section is not None and _CRITERIA.search(section.heading.title)
            )
        if item.depth == 1 and kinds[phase_line] and not _talk_lead_in(lead_in(item.line)):
            phase = section.heading.plain if section else ""
            items.append(_task(document, item, phase, phase_line, starts))
    return TaskList(document.path, tuple(items), numbered=False)


_TASK_HEADING = lazy_compile(r"^(?:\W*t\d{2,}\b|task\s+\d|[a-z]{2,}-\d{2,}\b)")
_TABLE_TASK = lazy_compile(r"^\s*\|[^|]*\bT\d{3,}\b")
_CRITERIA = lazy_compile(
    r"\b(?:acceptance|checklists?|validation|verification|criteria|definition of done|success)\b"
)
_LIST_LINE = lazy_compile(r"^(?:[-*+]|\d{1,9}[.)])(?:\s|$)")


def _criteria_lead_in(text: str | None) -> bool:
    """Whether a list's lead-in (`_lead_ins`) is a label of checks or criteria
    (`**Verification Checklist**:`, `**Acceptance**:`)."""
    return text is not None and _CRITERIA.search(normalize_label(text)) is not None


def _lead_ins(document: Document) -> Callable[[int], str | None]:
    """For a line, the paragraph line that introduces the list holding it, or None when a
    heading does: the last line above it that is neither blank, nor a list item, nor indented.

    Found for every line in one pass, when first asked for (walking back from each item
    would take quadratic time in a long list).
    """
    leads: list[str | None] = []

    def lead_in(line: int) -> str | None:
        if not leads:
            current: str | None = None
            leads.append(None)
            for raw in document.lines:
                leads.append(current)
                text = raw.strip()
                if text and not _LIST_LINE.match(text) and raw[:1] not in " \t":
                    current = None if text.startswith("#") else text
            leads.append(current)
        return leads[min(max(line, 0), len(leads) - 1)]

    return lead_in


def _talk_lead_in(text: str | None) -> bool:
    """Whether a list's lead-in (`_lead_ins`) is a label that talks about tasks (`**Notes**:`,
    `**High-Risk Tasks**`, `Dependencies:`)."""
    return text is not None and _TALK_SECTION.search(normalize_label(text)) is not None


def _holds_tasks(document: Document, line: int) -> bool:
    """Whether the section whose heading is on `line` holds tasks (module docstring)."""
    for section in reversed(document.enclosing(line)):  # innermost first
        title = section.heading.title
        if _TASK_SECTION.match(title):
            return True
        if _TALK_SECTION.search(title):
            return False
    return True


def _task(
    document: Document, item: ListItem, phase: str, phase_line: int, nested: frozenset[int]
) -> Task:
    raw = document.line(item.line)
    start = item.text_column - 1
    rest = raw[start:]
    match = _ID.match(rest)
    task_id, id_column = None, item.text_column
    offset = 0
    if match:
        task_id = match.group("id")
        id_column = item.text_column + match.start("id")
        offset = match.end()
    parallel, story, story_column = False, None, 0
    stories: list[str] = []
    while True:
        marker = _MARKER.match(rest, offset)
        if marker is None:
            break
        value = re.sub(r"\s+", "", marker.group("marker")).upper()
        if value == "P":
            parallel = True
        elif value.startswith(("US", "STORY")):
            numbers = re.findall(r"\d+", value)
            story = "US" + numbers[0]
            stories.extend("US" + n for n in numbers)
            story_column = item.text_column + marker.start("marker") - 1
        offset = marker.end()
    description_start = offset
    while description_start < len(rest) and rest[description_start] in " \t:—–-":
        description_start += 1
    description = rest[description_start:].strip()
    continuation = item.text.split("\n")[1:]
    full = " ".join([description, *continuation]).strip()
    paths = _paths(rest, item.line, item.text_column, description_start)
    fixture = False  # whether an earlier line began a fixture's content (`populate … with`)
    earlier = rest
    # The files a task names may stand on its continuation lines and in its sub-bullets
    # (`- **Files**: src/a.ts`), not in a nested task of its own or in a code block.
    for number in range(item.line + 1, item.end_line + 1):
        if number in nested or document.unquoted[number - 1] is None:
            if number in nested:
                break
            continue
        following = document.line(number)
        indent = len(following) - len(following.lstrip())
        fixture = fixture or _FIXTURE_CONTENT.search(earlier) is not None
        paths.extend(_paths(following, number, 1, indent, fixture, earlier))
        earlier = following
    return Task(
        line=item.line,
        column=item.column,
        mark=item.mark,
        id=task_id,
        id_column=id_column,
        parallel=parallel,
        story=story,
        story_column=story_column,
        stories=tuple(stories),
        description=full,
        description_column=item.text_column + description_start,
        paths=tuple(paths),
        phase=phase,
        phase_line=phase_line,
    )


def _paths(
    text: str, line: int, base_column: int, start: int, fixture: bool = False, context: str = ""
) -> list[TaskPath]:
    """File paths named in a task's description: backticked ones, slashed ones that end in a
    file name or `/` or run over several folders, and file names with a known extension.
    `and/or`, `CI/CD`, `login/logout` are words, not paths."""
    found: list[TaskPath] = []
    seen: set[str] = set()
    quoted: dict[int, str] = {}
    inside: list[tuple[int, int]] = []
    if text.find("`", start) >= 0:
        for m in _BACKTICKED.finditer(text, start):
            quoted[m.start(1)] = m.group(1)
            inside.append((m.start(), m.end()))
        # Code with spaces (`build(entity, calendarStore.config)`): its words are not paths.
        if "(" in text:
            inside += [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text, start)]
    for position, value in quoted.items():
        if _CODE_EXPRESSION.match(value):
            continue  # `vi.mock("../ui.svelte")`: code, whose paths are relative to its file
        path = value.rstrip(_TRAILING)
        bare = _LINE_SUFFIX.sub("", path)
        dotfile = _DOTFILE.fullmatch(bare) is not None
        if (
            ("/" in path or dotfile or _PATH.fullmatch(bare))
            and "://" not in path
            and path not in seen
        ):
            seen.add(path)
            cited = fixture or _cited(text, position - 1, context)
            found.append(TaskPath(path, line, base_column + position, cited))
    # A path holds a `/` or a `.`, or is one of the bare names `_PATH` knows (`Makefile`).
    rest = text[start:]
    if "/" not in rest and "." not in rest and _BARE_NAME.search(rest) is None:
        return found
    for match in _PATH.finditer(text, start):
        path = match.group("path").rstrip(_TRAILING)
        if not path or path in seen or "://" in text[max(0, match.start() - 8) : match.end()]:
            continue
        if inside and any(first <= match.start() < last for first, last in inside):
            continue  # part of a backticked token, judged whole above
        if "/" in path and not _looks_like_path(path):
            continue
        if _HOME_PATH_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            continue  # `~/Library/Application Support/app/`: the rest of a user's path
        if path.endswith("/") and _GLUED_CODE.match(text, match.end()):
            continue  # `guard/sort/`hasBlocking`/gate`: words joined by slashes, code among them
        seen.add(path)
        cited = fixture or _cited(text, match.start(), context)
        found.append(TaskPath(path, line, base_column + match.start(), cited))
    return found


def task_paths(text: str, line: int = 1) -> list[TaskPath]:
    """The file paths a line of text names, read as a task's description is read."""
    return _paths(text, line, 1, 0)


# A backticked call (`vi.mock("../ui.svelte")`, `GetTempPath()/x-<id>/`): a name and `(`
# before the path's first `/`.
_GLUED_CODE = lazy_compile(r"`[^`\s]+`/")
# A home-folder path whose folder names hold spaces, right before a match.
_HOME_PATH_BEFORE = lazy_compile(r"~/[^\s,;`()]*(?:\s+[A-Z][\w.-]*)*\s$")
_CODE_EXPRESSION = lazy_compile(r"[^/]*?[A-Za-z_][\w.]*\(")
_CODE_SPAN = lazy_compile(r"`[^`\n]*?[A-Za-z_][\w.]*\([^`\n]*\s[^`\n]*`")


def _cited(text: str, position: int, context: str = "") -> bool:
    """Whether the path at `position` is only referred to: cited (`per research.md`), a link
    target or image (`](images/a.png)`), run by a command (`node scripts/a.js`), the text
    that replaces another (`replace … with .specify/a.sh`), or the content of a fixture the
    task fills (`populate tests/fixtures/a/manifest.yml with … work/x/spec.md`). `context` is
    the line above, for a path that opens a continuation line ("without mutating" /
    "`work/a.md`")."""
    before = text[max(0, position - 80) : position]
    if context and len(before.strip()) < 25:
        before = (context.strip() + " " + before.lstrip())[-80:]
    # Each pattern below is searched only when what it needs is there (most paths follow
    # "in" or "to" and are cited by none): a pattern that ends in a word then spaces needs
    # that word among the last three; a command's needs a space, `=`, `(` or `>` last.
    quoted = before.rstrip("`\"'*[")
    spaced = quoted[-1:].isspace()
    words = _WORDS.findall(quoted[-40:])[-4:] if spaced else []
    if (
        spaced
        and _may_cite(words)
        and _CITED.search(before[-40:]) is not None
        and not _EXTENDS_IT.match(text, 0, position)
    ):
        return True
    if before.endswith("]("):
        return True
    last = before[-1:]
    if last in "`\"'":
        last = before[-2:-1]
    if (
        last
        and (last.isspace() or last in "=(>")
        and (
            "--" in before
            or ">" in before
            or last == "("
            or (words and words[-1] in _COMMAND_WORDS)
        )
        and _INVOKED.search(before) is not None
    ):
        return True
    lowered = before.lower()
    if (
        spaced
        and (
            "replac" in lowered
            or "swap" in lowered
            or "substitut" in lowered
            or "rewrit" in lowered
        )
        and _REPLACEMENT.search(before) is not None
    ):
        return True
    return "fixture" in text[:position].lower() and (
        _FIXTURE_CONTENT.search(text, 0, position) is not None
    )


#: The last words of `_CITED`'s phrases (`e.g.`: `g`), and of its two-word phrases with the
#: words that may stand before them (`according to`; a phrase ending in "-ing", such as
#: `without mutating`, is looked for too).
_CITING_WORDS = frozenset(
    [
        "per",
        "see",
        "from",
        "using",
        "use",
        "uses",
        "following",
        "follow",
        "consult",
        "like",
        "matching",
        "match",
        "mirror",
        "mirrors",
        "mirroring",
        "against",
        "import",
        "imports",
        "importing",
        "read",
        "reads",
        "reading",
        "extend",
        "extends",
        "extending",
        "cf",
        "reference",
        "references",
        "referencing",
        "via",
        "g",
        "example",
        "lacking",
        "lacks",
        "without",
        "missing",
        "absent",
    ]
)
_CITING_PAIRS = {
    "in": frozenset(
        [
            "defined",
            "described",
            "documented",
            "listed",
            "outlined",
            "referenced",
            "given",
            "shown",
            "specified",
            "as",
        ]
    ),
    "to": frozenset({"according"}),
    "on": frozenset({"based"}),
    "of": frozenset({"instead"}),
    "than": frozenset({"rather"}),
    "with": frozenset({"consistent", "parity"}),
    "as": frozenset({"such", "same"}),
}
_WORDS = lazy_compile(r"\w+")


def _may_cite(words: list[str]) -> bool:
    """Whether text whose last four words are `words` could end in one of `_CITED`'s phrases:
    one of the last three (the phrase's last, then `the`/`an`, `existing`) ends one."""
    last = [word.lower() for word in words[-3:]]
    if not _CITING_WORDS.isdisjoint(last) or any(word.endswith("ing") for word in last):
        return True
    if _CITING_PAIRS.keys().isdisjoint(last):
        return False
    offset = len(words) - len(last)
    for index, word in enumerate(last, start=offset):
        pairs = _CITING_PAIRS.get(word)
        if pairs is not None and index > 0:
            previous = words[index - 1].lower()
            if previous in pairs or previous.startswith(("compar", "agree")):
                return True
    return False


#: The words `_INVOKED`'s commands end in (`go run`: `run`).
_COMMAND_WORDS = frozenset(
    [
        "node",
        "bash",
        "sh",
        "zsh",
        "python",
        "python3",
        "npx",
        "bun",
        "bunx",
        "deno",
        "ruby",
        "perl",
        "run",
        "source",
        "COPY",
        "ADD",
    ]
)


#: A task whose own verb is "extend" changes the file it names (`T042 Extend `TestSupport.fs`
#: with helpers`); "extends" elsewhere cites what is built on (`a class extending base.py`).
_EXTENDS_IT = lazy_compile(
    r"\W*(?:\*\*)?T\d+\w*(?:\*\*)?(?:\s*\[[^\]\n]*\])*\s*[*_]*\s*extend\s+(?:the\s+)?"
    r"(?:existing\s+)?[`\"'*\[]*$",
    re.IGNORECASE,
)
_FIXTURE_CONTENT = lazy_compile(
    r"\bfixtures?/\S*\s+(?:with|containing|that\s+(?:has|holds|contains))\b", re.IGNORECASE
)


_INVOKED = lazy_compile(
    r"\b(?:node|bash|sh|zsh|python3?|npx|bunx?|deno|ruby|perl|go\s+run|uv\s+run|source)\s+[`\"']?$"
    r"|(?:^|\s)--[a-z][\w-]*[= ]\s*[`\"']?$"  # a command's argument: `--files a.ts`
    r"|\b(?-i:COPY|ADD)\s+[`\"']?$"  # a Containerfile's build context
    r"|[A-Za-z_]\w*\($"  # an argument in code: `WriteFile(guidance.json)`
    r"|>>?\s*$"  # a shell redirect: `… > out.txt`
)
_REPLACEMENT = lazy_compile(
    r"\b(?:replac\w*|swap\w*|substitut\w*|rewrit\w*)\b[^;]*?\b(?:with|by|to)\s+[`\"']?$"
    r"|[:—–]\s*(?:replac\w*|swap\w*|substitut\w*)\s+(?:all\s+|every\s+)?[`\"']?$",
    re.IGNORECASE,
)


def _looks_like_path(path: str) -> bool:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return (
        path.endswith("/")
        or path.count("/") >= 2
        or "." in last[1:]
        or last.startswith(".")
        or path.startswith(("./", "../", "/"))
    )


def normalize_path(path: str) -> str:
    """A task path as compared across tasks: no leading `./`, no trailing `/`, no `:line[:col]`
    or `#L12` suffix."""
    while path.startswith("./"):
        path = path[2:]
    return _LINE_SUFFIX.sub("", path).rstrip("/")


_LINE_SUFFIX = lazy_compile(r"(?::\d+(?:[-:]\d+)*|#L\d+(?:-L?\d+)?)$")
_DOMAIN = lazy_compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
# `Commander.js`, `Express.js`: a package named like a file, when no such file is here.
_PACKAGE_JS = lazy_compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)?\.js$")
_SHORTHAND = lazy_compile(r"\.\w+\(\w{1,3}\)?$|\.\w+\($")
_KNOWN_EXTENSION = lazy_compile(rf"(?:{_EXTENSIONS})", re.IGNORECASE)
# Dot-folders a repository commits; any other (`.cc-deck/`, `.claude/`) is a program's state.
_COMMITTED_DOT_FOLDERS = frozenset(
    {
        ".github",
        ".gitlab",
        ".gitea",
        ".forgejo",
        ".circleci",
        ".buildkite",
        ".vscode",
        ".devcontainer",
        ".husky",
        ".storybook",
        ".changeset",
        ".cargo",
        ".config",
        ".specify",
    }
)
_PLACEHOLDER_PART = lazy_compile(
    r"(?:^|[/-])(?:N{2,}|X{2,}|#{2,}|YYYY\w*)(?:$|[/.-])"
    r"|(?:^|/)(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|spec-dir|feature-dir|your-[\w-]+|my-[\w-]+)(?:/|$)"
)
_NOT_LOOKED_UP = lazy_compile(r"://|[*?{}<>\[\]$]|^[/~]|^\.\.?(?:/|$)|/\.\./")
# Technologies named like files: "Set up the Node.js project".
_TECHNOLOGY = lazy_compile(
    r"^(?:node|vue|next|nuxt|three|d3|express|chart|react|ember|backbone|angular|alpine|solid"
    r"|deno|p5|moment|day|pixi|babylon|phaser|matter|tone|paper|fabric|leaflet|video|socket"
    r"|knockout|handlebars|mustache|mermaid|highlight|prism|htmx)\.js$",
    re.IGNORECASE,
)


class PathIndex(Protocol):
    """What `locate` asks of the repository's file listing (a `Project`)."""

    @property
    def file_names(self) -> frozenset[str]: ...

    @property
    def folder_names(self) -> frozenset[str]: ...

    @property
    def tails(self) -> frozenset[str]: ...

    def has_file(self, path: str) -> bool: ...

    def has_folder(self, folder: str) -> bool: ...


def _names_like(index: PathIndex, stem: str) -> list[str]:
    return [name for name in index.file_names if name[: len(stem)] == stem]


def locate(index: PathIndex, folder: str, written: str) -> bool | None:
    """Whether a path a task names exists: True, False, or None when it is not a path of this
    repository to look up.

    One resolver for every rule that follows a task's files. A path is looked up from the
    repository root, then from the spec folder `folder` (`contracts/api.md`, `research.md`),
    then as a path inside a sub-project (`src/a.ts` of `web/src/a.ts`); a folder counts (`ui/`);
    a `:line[:col]` suffix is not part of it; a bare name may lie anywhere. Not looked up:
    URLs, wildcards and placeholders, absolute paths and routes (`/api/items`), paths leaving
    the repository, bare dotfile names and bare folder names that are nowhere in the repository
    (a user's `.tool.yml`, an output folder `images/`), package scopes (`@scope/pkg`), domains (`acme.io/owned-paths`,
    `github.com/org/repo`), placeholders (`specs/NNN-feature/spec.md`), symbols
    (`pkg/mod:name`), technologies (`Node.js`), `process.env`, the dotfiles and dot-folders a
    program keeps in its users' projects (`.tool/state.json`, `.cc-deck/`), and slashed words
    whose last part has no extension and no trailing `/` (`critical/warning/pass`,
    `agent/mode`, and with them extensionless files).
    """
    path = normalize_path(written)
    if not path or _NOT_LOOKED_UP.search(path):
        return None
    local = f"{folder}/{path}"
    if index.has_file(path) or index.has_folder(path):
        return True
    if index.has_file(local) or index.has_folder(local):
        return True
    if "/" not in path:
        if path in index.file_names or path in index.folder_names:
            return True
        if "." not in path and any(n.startswith(path + ".") for n in _names_like(index, path)):
            return True  # `README` for README.md, `LICENSE` for LICENSE.txt
        if (
            _TECHNOLOGY.match(path)
            or _PACKAGE_JS.match(path)
            or (path.endswith(".env") and not path.startswith("."))
        ):
            return None
        if path.startswith(".") or written.rstrip().endswith("/"):
            return None  # a user's dotfile (`.tool.yml`), a folder made at run time (`images/`)
        return False
    if path in index.tails:
        return True
    first, last = path.split("/", 1)[0], path.rsplit("/", 1)[-1]
    rest = path.split("/", 1)[1]
    if (
        first not in index.folder_names
        and "/" in rest
        and (index.has_file(rest) or index.has_folder(rest))
    ):
        return True  # written from above the repository: `my-repo/src/a.ts`
    if _TECHNOLOGY.match(last) or _SHORTHAND.search(written):
        return None  # `CSS/Chart.js`: technologies; `Plan.fs(i)`: two files in one word
    if first.startswith("@") or _PLACEHOLDER_PART.search(path) or ":" in path:
        return None  # a package scope, a placeholder (`specs/NNN-feature/`), `pkg:symbol`
    if last.startswith(".") and len(last) > 1:
        return None  # a dotfile a program keeps (`.tool/state.json`, `.spex-state`)
    if first.startswith(".") and first not in _COMMITTED_DOT_FOLDERS:
        return None  # a program's own folder in its users' projects (`.cc-deck/`)
    extension = last.rsplit(".", 1)[-1] if "." in last[1:] else ""
    if extension and not _KNOWN_EXTENSION.fullmatch(extension):
        parent = path.rsplit("/", 1)[0]
        if first not in index.folder_names:
            return None  # `org/Repo.Name`, a repository slug
        if not (index.has_folder(parent) or index.has_folder(f"{folder}/{parent}")):
            return None  # `schemas/meta/services/dev.source`: a list of fields, not a file
    if "." not in last[1:] and not written.endswith("/"):
        return None  # `critical/warning/pass`, `agent/mode`, an extensionless name
    if path.count("/") >= 2 and first not in index.folder_names and "." not in path:
        return None  # `clock/duration/host-path/ordering/`: words, not folders of this repository
    if first not in index.folder_names and _DOMAIN.match(first):
        return None
    return False
