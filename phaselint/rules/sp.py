"""SP — the spec lifecycle (the release train; compatible with GitHub spec-kit).

SP013, SP016, SP017 and SP022 ask git: the base of a change, the local branches, the checked-out
branch. Outside git, or with nothing to compare with, they stay silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from phaselint.clarification import ClarificationOptions, listed_with_others
from phaselint.diagnostics import Diagnostic, Edit, Fix, Safety, Severity
from phaselint.document import Document, Field, Section
from phaselint.lazyre import lazy_compile
from phaselint.methods.specs import (
    Spec,
    SpecBranch,
    SpecsModel,
    is_template_example,
    parse_spec_name,
    spec_number,
)
from phaselint.methods.tasks import Task, TaskList, TaskPath, locate, normalize_path, task_paths
from phaselint.project import path_tails
from phaselint.registry import RuleContext, rule

if TYPE_CHECKING:
    from phaselint.git import Repository

from phaselint.textutil import (
    brief,
    clean_inline,
    did_you_mean,
    listing,
    normalize_label,
    plural,
    section_names,
)

USER_STORIES = section_names(
    [
        "User Scenarios & Testing",
        "User Scenarios and Testing",
        "User Scenarios",
        "User Stories",
        "User Stories & Testing",
        "User Stories and Testing",
        "User Scenarios & Acceptance",
        "Scenarios",
        "User Journeys",
        "Use Cases",
    ]
)
REQUIREMENTS = section_names(
    ["Requirements", "Functional Requirements", "Requirements & Constraints", "Specification"]
)
SUCCESS_CRITERIA = section_names(
    [
        "Success Criteria",
        "Success Metrics",
        "Measurable Outcomes",
        "Acceptance Criteria",
        "Success Signals",
        "Definition of Done",
        "Exit Criteria",
        "Outcomes",
    ]
)
_SYNONYMS = {
    "user scenarios & testing": USER_STORIES,
    "user stories": USER_STORIES,
    "requirements": REQUIREMENTS,
    "success criteria": SUCCESS_CRITERIA,
}
INDEPENDENT_TEST = section_names(["Independent Test", "Independent Testing", "How to Test"])
ACCEPTANCE = section_names(
    [
        "Acceptance Scenarios",
        "Acceptance Scenario",
        "Acceptance Criteria",
        "Acceptance",
        "Acceptance Tests",
        "Acceptance Checks",
    ]
)
# A story's own test block written as a label line: `Acceptance:`, `**Acceptance**`,
# `Independent Test：` (a full-width colon, as authors writing in Chinese or Japanese do).
_TEST_LABEL = lazy_compile(
    r"^\W*(?:acceptance|independent\s+test|how\s+to\s+test|success\s+criteri\w*)\w*"
    r"[^\n:：]{0,80}(?:[:：]|\*\*\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
# A story that was dropped: struck through or marked descoped, deferred, superseded.
_DROPPED = lazy_compile(
    r"~~|\b(?:descoped|de-scoped|deferred|deprecated|superseded|removed|dropped|out of scope"
    r"|won't do|wontfix|cancel+ed)\b",
    re.IGNORECASE,
)
TECH_FIELDS = section_names(
    [
        "Language/Version",
        "Primary Dependencies",
        "Language",
        "Framework",
        "Library",
        "Libraries",
        "Runtime",
        "Dependencies",
    ]
)
# Plans name their stack and architecture in many ways: `Tech Stack Details`, `Technology
# Stack`, `Current Architecture`, `Technical Architecture (As Built)`, `Structure Decision`.
_STACK_WORDS = lazy_compile(
    r"\b(?:technical context|tech(?:nology|nical)? stack|technolog(?:y|ies)|stack|tooling"
    r"|toolchain|build infrastructure|dependencies|language(?:s|/version)?|frameworks?|platform)\b"
    r"|技术|技術"
)
_ARCHITECTURE_WORDS = lazy_compile(
    r"\b(?:architecture|structure|design|source code|code organi[sz]ation|file layout|modules?"
    r"|components?|files(?: touched)?|landing files|approach|boundar(?:y|ies)|implementation map"
    r"|code (?:map|locations)|owners?|proposed changes|critical files|deliverables)\b"
    r"|架构|構成|结构|落点"
)


def _files_named(document: Document) -> set[str]:
    """The file paths a document's prose names (`src/graphql/`, `svelte.config.js`) other than
    the spec's own documents (`data-model.md`): a plan that lists the files it changes lays out
    its structure."""
    found: set[str] = set()
    for number, text in enumerate(document.lines, start=1):
        if document.unquoted[number - 1] is not None and ("/" in text or "." in text):
            found.update(p.path for p in task_paths(text, number) if not _spec_document(p.path))
            if len(found) >= 3:
                break
    return found


def _identifiers_named(document: Document) -> set[str]:
    """The code identifiers a document's prose names in code spans — dotted members
    (`FileSnapshot.Text`) and compound type names (`PerformanceIntentDeclaration`) — outside
    code blocks."""
    found: set[str] = set()
    for number, text in enumerate(document.lines, start=1):
        if "`" in text and document.unquoted[number - 1] is not None:
            found.update(m.group(1) for m in _IDENTIFIER_SPAN.finditer(text))
            if len(found) >= 2:
                break
    return found


#: A code span holding one identifier: `Type.member` or `CompoundName`.
_IDENTIFIER_SPAN = lazy_compile(
    r"`((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*(?:\(\))?|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)`"
)
_NAMES_FILE = lazy_compile(r"/|\.\w{1,6}\b")
# Technologies a plan may name in its prose instead of a Technical Context block.
_TECHNOLOGY_NAMES = lazy_compile(
    r"(?<![\w.#])(?:Python|TypeScript|JavaScript|Golang|Rust|Java|Kotlin|Swift|C#|F#|\.NET|dotnet"
    r"|NuGet|Ruby|PHP|Elixir|Dart|Flutter|React|Svelte|SvelteKit|Vue|Angular|Next\.js|Nuxt"
    r"|Electron|Tauri|Django|Flask|FastAPI|Rails|Spring|Node(?:\.js)?|Deno|PostgreSQL|SQLite|MySQL"
    r"|Redis|Lisp|Haskell|OCaml|Zig|Scala|Clojure|Bash|Terraform|Kubernetes|pnpm|npm|yarn|Vite"
    r"|Vitest|Jest|pytest|Playwright|Cypress|webpack|Tailwind|Effect)(?![\w#])"
)
_PATH_FIELD = lazy_compile(r"\b(?:files?|owners?|location|path|module|package)\b")
PHASES = section_names(["Phases", "Implementation Phases", "Phase Breakdown", "Phased Delivery"])
RISKS = section_names(
    ["Risks", "Risk", "Risks & Mitigations", "Risks and Mitigations", "Risk Assessment"]
)
STATUS = section_names(["Status"])
_STORY = lazy_compile(r"^(?:user\s+story|story)\s+(\d+)\b")
_PHASE_STORY = lazy_compile(
    r"\b(?:user\s+stor(?:y|ies)|stor(?:y|ies)|US)\s*(\d+(?:\s*(?:[+&,/]|and)\s*(?:US\s*)?\d+)*)\b",
    re.IGNORECASE,
)


def story_numbers(text: str) -> set[int]:
    """The user stories a text names: `User Story 1`, `US3`, `User Stories 1 & 2`, `US1+2`."""
    return {int(n) for found in _PHASE_STORY.findall(text) for n in re.findall(r"\d+", found)}


_GIVEN = lazy_compile(r"\bgiven\b.*\bwhen\b.*\bthen\b", re.IGNORECASE | re.DOTALL)
_EXCEPTION = lazy_compile(
    r"\b(?:exception|waived|waiver|accepted\s+risk|not\s+applicable|n/a|deferred)\b\s*(?::|—|–|-|\()\s*\S",
    re.IGNORECASE,
)
# spec-kit's own Setup and Polish tasks ("Create project structure per implementation plan",
# "Code cleanup and refactoring") name no file.
_PATHLESS_PHASE = lazy_compile(
    r"\b(?:setup|polish|cross-cutting|validation|verification|qa|acceptance|deploy\w*|release)\b",
    re.IGNORECASE,
)
# Work done outside the repository's files: in a dashboard, or by running a command.
_OUTSIDE_FILES = lazy_compile(
    r"\b(?:dashboard|console|portal|admin\s+ui|web\s+ui|custom\s+domain|dns)\b"
    # A hosting service's settings: "Set environment variables in Cloudflare Pages".
    r"|\b(?:environment\s+variables?|secrets?|env\s+vars?)\b[^.\n]{0,60}\b(?:in|on)\s+(?:the\s+)?"
    r"(?:cloudflare|vercel|netlify|heroku|render|fly(?:\.io)?|railway|github|gitlab|aws|azure|gcp)\b"
    # The repository's settings on its host: "Add QUAY_PASSWORD as GitHub Actions secrets".
    r"|\b(?:(?:github|gitlab)\s+(?:actions\s+)?secrets?|(?:repository|repo)\s+(?:secrets?|settings?)"
    r"|branch\s+protection|actions\s+secrets?)\b"
    r"|`(?:podman|docker|npm|pnpm|yarn|npx|git|gh"
    r"|kubectl|helm|make|cargo|go|dotnet|python3?|uv|pip|bun|deno|terraform|aws|gcloud|az)\s[^`]+`",
    re.IGNORECASE,
)


#: A task that records a check's outcome rather than work: "Zero PluginState references
#: confirmed", "Documented: baseline 14.2% → 22.15%", "Parser tests → PASSED".
_OUTCOME_AT_END = lazy_compile(
    r"\b(?:confirmed|verified|validated|passed|succeeded)[.!]?\s*$", re.IGNORECASE
)
_RESULT_LABEL = lazy_compile(
    r"^\W*(?:documented|measured|recorded|verified|confirmed|observed|noted|benchmarked"
    r"|validated|checked|found|reviewed|audited)\s*:\s",
    re.IGNORECASE,
)
_OUTCOME_ARROW = lazy_compile(r"→\s*(?:passed|failed|pass|fail|ok)\b", re.IGNORECASE)
#: Words that make a closing "verified" a condition, not an outcome ("unless tests passed").
_CONDITION_WORDS = frozenset(
    ["if", "unless", "when", "until", "once", "after", "before", "not", "so"]
)
#: A step a person takes outside the files: "(manual action)", "(user action required)".
_MANUAL_STEP = lazy_compile(
    r"\((?:manual(?:\s+(?:action|step|task))?|user\s+action(?:\s+required)?|by\s+hand)\)",
    re.IGNORECASE,
)
#: A task whose file another task names: "In the same file, add a test …", "Same module:".
_SAME_FILE = lazy_compile(
    r"^\W*(?:in\s+the\s+)?same\s+(?:file|module|test\s+file)\b"
    r"|\bin\s+the\s+same\s+(?:file|module|test\s+file)\b|\bsame\s+file\s+as\s+T\d+",
    re.IGNORECASE,
)


def _records_result(description: str) -> bool:
    """Whether a task's description records a check's outcome rather than work to do: a result
    label (`Documented: …`), an arrow to the outcome (`→ PASSED`), or a statement that ends in
    one ("Zero PluginState references confirmed"; not "… unless tests passed", not "(disabled if
    not validated)", not "Add … validated")."""
    if _RESULT_LABEL.search(description) or _OUTCOME_ARROW.search(description):
        return True
    end = _OUTCOME_AT_END.search(description)
    if end is None or "(" in description[: end.start()].rsplit(")", 1)[-1]:
        return False
    words = description[: end.start()].casefold().split()
    if _CONDITION_WORDS.intersection(words[-4:]):
        return False
    return not _IMPERATIVE.match(description)


#: A description that opens with a verb of making: work, whatever it ends with.
_IMPERATIVE = lazy_compile(
    r"^\W*(?:add|create|implement|update|write|wire|make|build|extend|refactor|remove|delete"
    r"|replace|move|rename|fix|handle|integrate|configure|set|define|gate|introduce|port"
    r"|migrate|convert|expose|register|emit|render|support|enable|disable|generate)\b",
    re.IGNORECASE,
)


def _subjects_of_target(ctx: RuleContext, path: str, task: Task) -> set[tuple[int, int]]:
    """The paths a task names as the subject of its work in another file — after `for`,
    `references to`, `calls to`, before a later `in <file>` on the same line (`replace the
    patterns for `a.sh` and `b.sh` in `c.md``): the task writes c.md, not a.sh."""
    document = ctx.project.markdown(path)
    if document is None or len(task.paths) < 2:
        return set()
    found: set[tuple[int, int]] = set()
    for named in task.paths:
        line = document.line(named.line)
        before = line[: named.column - 1]
        opening = _SUBJECT_BEFORE.search(before)
        if opening is None:
            continue
        after = line[named.column - 1 + len(named.path) :]
        target = _TARGET_AFTER.search(after)
        if target is not None and any(
            other.line == named.line and other.column > named.column and other is not named
            for other in task.paths
        ):
            found.add((named.line, named.column))
    return found


#: Words that make the path after them the subject of the work, not its file: "patterns for
#: `a.sh`", "references to `a.sh`", "calls to", and the list that follows ("`a.sh` and `b.sh`").
_SUBJECT_BEFORE = lazy_compile(
    r"\b(?:patterns?|references?|calls?|mentions?|invocations?|lookups?|paths?)\s+(?:for|to|of)\s+"
    r"(?:`[^`]*`\s*(?:,|and|&)\s*)*`?$",
    re.IGNORECASE,
)
#: The file the work is in, later on the line: "… in `spex/commands/finish.md`".
_TARGET_AFTER = lazy_compile(r"\bin\s+`?[\w./-]+\.\w+`?")


def _named_before(task: Task, before: Task | None, with_files: set[str]) -> bool:
    """Whether the task `before` `task` in the list, or an earlier task it cites by id (`same
    file as T004`; `with_files`: the ids of the earlier tasks that name a file), names a
    file."""
    if before is not None and before.paths:
        return True
    return not with_files.isdisjoint(re.findall(r"\bT\d+[a-z]?\b", task.description))


def _heading_names_file(ctx: RuleContext, spec: Spec, heading: str, seen: dict[str, bool]) -> bool:
    """Whether a section heading names a file of the repository its tasks work in (`### Tests
    for US3 (in a_tests.fs)`; not `Node.js Integration`), judged once per heading."""
    if heading not in seen:
        seen[heading] = any(
            locate(ctx.project, spec.folder, named.path) is True for named in task_paths(heading)
        )
    return seen[heading]


_DONE_WORDS = ("implemented", "complete", "completed", "done", "shipped", "released")
# A task its author settled without work: "Already done — …", "N/A — …", "(deferred)".
_SETTLED = lazy_compile(
    r"\b(?:already\s+(?:done|implemented|removed|exists?|present|covered|handled|in\s+place)"
    r"|N/A|not\s+applicable|not\s+needed|no[- ]op|skipped|deferred|obsolete|superseded"
    r"|won'?t\s+do|dropped|completed\s+in|done\s+in\s+(?:phase|T\d)|consolidated\s+(?:in|into)"
    r"|\(confirmed\)|confirmed\s+(?:deleted|removed|absent|gone)|no\s+\w+(?:\s+\w+)?\s+found"
    r"|if\s+(?:it|one|they)\s+exists?|if\s+(?:needed|necessary|required|applicable)"
    r"|exists?\s+(?:from|since)\s+(?:phase|spec|T\d)|no\s+[\w-]+\s+needed)\b"
    r"|\(if\s+(?:present|any|it\s+exists)\)"  # `apps/web/CLAUDE.md (if present)`
    # The author's note on where the work went: `(COMPLETED - config tests in config.test.ts)`.
    r"|\((?:completed|done|implemented|covered)\s*[-—–:]\s*\w"
    r"|^[^:=\n/.`]{1,60}(?:=|:)\s+~?\d[\d,.]*(?:\s|$)"  # a recorded result: `Line count: 13,994`
    r"|[-—–:]\s*none\b"
    r"|^\W*(?:avoid|keep|do\s+not|don'?t|never|preserve)\b|\boptional\b"
    r"|暂不做|延后|推迟|跳过|不做|見送り",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def _settled(description: str) -> bool:
    """Whether a task's description says it was settled without work (`_SETTLED`): asked of
    every task by several rules, and the pattern is long, so each description is read once."""
    return _SETTLED.search(description) is not None


# For parallel conflicts, the verbs that surely write nothing ("Validate the form" may add
# validation to it).
_VERIFY_ONLY = lazy_compile(
    r"^\W*(?:manual(?:ly)?\s+)?(?:verify|check|confirm|run|re-?run|review|measure|benchmark"
    r"|inspect|audit|test\s+that)\b",
    re.IGNORECASE,
)
# Tasks that only read — run the tests, verify, review — have no file to name.
_READ_ONLY = lazy_compile(
    r"^[*_]*(?:\([^)\n]{1,40}\)[*_]*\s*)?"  # a tracker id before the verb: `(cc-mux-uwk.3) Verify …`
    r"(?:\[[^\]\n]{1,20}\]\s*)*"  # labels after it: `(cc-mux-uwk.3) [US3] Verify …`
    # A label that says the task is a check: `Visual test: navigate … and verify …`.
    r"(?:(?:(?:visual|manual|smoke|acceptance|e2e|end-to-end|exploratory|ux|qa)\s+"
    r"(?:tests?|testing|checks?|review|validation|verification)|verification|validation|qa"
    r"|sign[- ]off)\s*:"
    r"|(?:[^:\n]{1,40}:\s*)?"  # a label before the verb: `Establish baseline: run …`
    r"(?:\W*(?:manual(?:ly)?|final|full|e2e|smoke|re-?)\s*)?(?:verif\w*|run|ran|re-?run|review\w*"
    r"|check\w*|validate|validation|confirm\w*|measure|benchmark|test(?:ed|ing)?\b(?!\s+file)"
    r"|audit|inspect|smoke[- ]test|collect|gather|establish\s+(?:a\s+)?baseline|profile|record"
    r"|build|merge|deploy|release|publish|tag|push|rebase|install|validates?|evaluate|commit"
    r"|execute|ensure|capture|observe|demo|walk\s+through|sign[- ]off|approve|search|find|grep"
    r"|investigate|analy[sz]e|research|explore|survey|evaluate|assess|decide|spike"
    r"|(?:manual(?:ly)?\s+)?test\b(?=.*\b(?:run|build|verif\w*|manually|works?|succeeds?|passe?s?)\b)"
    r"|open\s+(?:a\s+)?(?:pr|pull\s+request)\b.*\bverify)\b)"
    # The same in the languages spec authors write in: confirm, run, verify, check.
    r"|list|identify|enumerate|tests?\s+pass|count|stop\s+if|\w+\s+review|preview"
    r"|seed\s+(?:a\s+)?temporary|lint|type-?check|sweep|peer[- ]check|clean\s+(?:\w+\s+)?build"
    r"|.*(?:確認|确认|核对|実行|验证|驗證|检查|檢查|运行|運行|测试通过|評価|判断|検証|评估)",
    re.IGNORECASE,
)


@rule("SP001", "spec-folder-name", Severity.ERROR, methodology="specs", target=Spec)
def spec_folder_name(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec folder's name does not follow one of the spec folder patterns.

    ## What it does
    Checks each folder of `specs/` against the configured patterns: `spec-NNN-slug` (the
    release train), `NNN-slug` (spec-kit; three digits or more), `YYYYMMDD-HHMMSS-slug`
    (spec-kit's timestamp numbering) and `hotfix-NNN-slug`, where the slug is lowercase words
    joined by hyphens. The diagnostic points at the spec's main artifact: spec.md, else its first
    markdown artifact, else `.status` — never a binary or empty file. Files lying directly in
    `specs/` (a README) are not spec folders, and a folder of `specs/` that holds spec folders
    rather than artifacts (`specs/feat/155-x/`) is a namespace, not a misnamed spec; its
    specs are checked instead.

    ## Why is this bad?
    The release train: "Tracked in specs/spec-NNN-feature-name/ directory"; the number ties the folder
    to its branch (`spec-NNN-feature-name`, spec-kit's `NNN-slug`) and orders the specs.

    ## Example
    `specs/Login Page/`, `specs/4-login/`, `specs/004_Login/`.

    ## Use instead
    `specs/004-login-page/`.

    ## How to fix
    Rename the folder (and its branch) to a pattern.

    ## Options
    `[tool.phaselint.specs]`: `folder-patterns`, `specs-dir`.
    """
    if spec.naming is not None:
        return
    options = spec.options
    suggestion = re.sub(r"[\s_]+", "-", spec.name.strip()).casefold()
    hint = f' (e.g. "{suggestion}")' if parse_spec_name(suggestion, options) else ""
    patterns = ", ".join(
        p.replace("{number}", "NNN")
        .replace("{timestamp}", "YYYYMMDD-HHMMSS")
        .replace("{slug}", "slug")
        for p in options.folder_patterns
    )
    yield ctx.diagnostic(
        spec.anchor,
        1,
        1,
        f'spec folder "{spec.name}" does not follow a spec folder pattern ({patterns}); '
        f"rename it{hint}",
    )


@rule("SP002", "duplicate-spec-number", Severity.ERROR, methodology="specs", target=Spec)
def duplicate_spec_number(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Two spec folders share a number.

    ## What it does
    Compares the numbers of the spec folders' names as numbers (`004-login`, `spec-004-signup`
    and `4-signup` are all 004) and reports each folder of a clash, naming the other(s), on
    the spec's main artifact. Timestamp-numbered folders never clash; hotfixes are numbered
    apart from specs. The namespaces of one spec tree share its numbering
    (`specs/web/004-x` and `specs/api/004-y` clash); two spec trees (`specs/`, `docs/specs/`)
    number their specs each on their own.

    ## Why is this bad?
    The release train names everything after the spec number — the folder, the branch
    `spec-NNN-feature-name`, the journal contexts `spec-NNN__planning`. Two specs with one number
    collide in all of them.

    ## Example
    `specs/004-login/` and `specs/004-signup/`.

    ## How to fix
    Renumber the newer spec (folder and branch) to the next free number.
    """
    number = spec_number(spec.name, spec.options)
    model = ctx.project.model(SpecsModel)
    if number is None or model is None:
        return
    others = model.sharing_number(spec)
    if others:
        yield ctx.diagnostic(
            spec.anchor,
            1,
            1,
            f"{spec.label} shares its number {number[1]:03d} with {_few(others)}; renumber "
            "one of them (folder and branch) to the next free number",
        )


def _few(names: list[str], shown: int = 5) -> str:
    """`a, b, c` — or the first few and how many more."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


@rule("SP003", "invalid-status-file", Severity.ERROR, methodology="specs", target=Spec)
def invalid_status_file(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec's `.status` is not exactly one known stage name.

    ## What it does
    Reads the spec's `.status`: its first line must be one stage name — draft, clarified,
    planned, tasked, checklist-validated, implementing, testing, review, merged, released,
    closed (configurable) — written exactly. A paused spec keeps its stage on the first line and
    says `paused` (or `paused: reason`) on a later line; blank lines are fine; anything else is
    reported. When the intended stage is unambiguous (`Implementing `, `Checklist Validated`,
    `5: implementing`) the diagnostic carries a fix that writes it exactly.

    An empty `.status`, an unknown word or extra lines each get one diagnostic; a binary or
    undecodable `.status` is PL001.

    ## Why is this bad?
    The release train: the `.status` file holds the stage ("file: "implementing""). Tools, people and the
    other rules read it; a stage they cannot read is no stage.

    ## Example
    ```
    In Progress
    ```

    ## Use instead
    ```
    implementing
    paused: waiting for the payments API
    ```

    ## How to fix
    Write one stage name on the first line (`phaselint check --fix` does it when the stage is
    clear).

    ## Fix safety
    Safe. When the first line names one stage in another form (`Implementing `, `Checklist
    Validated`, `5: implementing`), the fix writes that stage exactly; the stage is the same,
    and the later lines (`paused: …`) are kept. An unknown word has no fix.

    ## Options
    `[tool.phaselint.specs]`: `stages`, `status-file`.
    """
    status = spec.status
    if status is None:
        return
    options = spec.options
    stages = ", ".join(options.stages)
    first = status.first_line
    if not status.text.strip():
        yield ctx.diagnostic(
            status.path,
            1,
            1,
            f"{options.status_file} of {spec.label} is empty; write its stage on the first line ({stages})",
        )
        return
    if status.stage is None:
        hint = did_you_mean(first.strip().casefold(), options.stages)
        yield ctx.diagnostic(
            status.path,
            1,
            1,
            f'"{brief(first.strip())}" in {options.status_file} of {spec.label} is not a stage{hint}; write '
            f"one of {stages}",
            length=max(len(first), 1),
        )
    elif first != status.stage:
        fix = Fix(
            f"write the stage as `{status.stage}`", (Edit(1, 1, 1, len(first) + 1, status.stage),)
        )
        yield ctx.diagnostic(
            status.path,
            1,
            1,
            f'"{brief(first)}" in {options.status_file} of {spec.label} is not written exactly; write '
            f"`{status.stage}`",
            length=max(len(first), 1),
            fix=fix,
        )
    extra = status.extra
    if extra:
        number, line = extra[0]
        more = f" and {plural(len(extra) - 1, 'more line')}" if len(extra) > 1 else ""
        yield ctx.diagnostic(
            status.path,
            number,
            1,
            f"{options.status_file} of {spec.label} has more than the stage: line {number} "
            f'"{brief(line.strip())}"{more}; keep only the stage (and `paused: reason` when paused)',
            length=len(line),
        )


@rule("SP004", "missing-status-file", Severity.WARNING, methodology="specs", target=Spec)
def missing_status_file(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec has no `.status` while the repository uses `.status` files elsewhere.

    ## What it does
    Once any spec folder of the repository has a `.status`, reports the spec folders that have
    none; their stage is inferred from their artifacts meanwhile (the message says which). A
    repository without any `.status` (plain spec-kit) is not asked for them.

    ## Why is this bad?
    The release train's migration step: "Add .status files to existing specs". A repository half on
    declared stages and half on inferred ones reads inconsistently.

    ## Example
    `specs/003-summary/.status` exists; `specs/004-login/` has none.

    ## How to fix
    Add `.status` with the spec's stage.
    """
    model = ctx.project.model(SpecsModel)
    if model is None or spec.artifact(spec.options.status_file) or not model.with_status:
        return
    count = len(model.with_status)
    yield ctx.diagnostic(
        spec.anchor,
        1,
        1,
        f"{spec.label} has no {spec.options.status_file} while {plural(count, 'other spec')} "
        f"{'has' if count == 1 else 'have'} one; add it with the spec's stage "
        f"(inferred: `{spec.stage.name}`)",
    )


def _spec_under_another_name(spec: Spec) -> str | None:
    """A markdown file of the folder titled like a specification (`# Feature Specification: …`)
    that is not spec.md."""
    for path in spec.markdown_files:
        document = spec.project.markdown(path)
        title = document.title if document is not None else None
        if title is not None and title.title.startswith(("feature specification", "specification")):
            return path.rsplit("/", 1)[-1]
    return None


def _twin_has(spec: Spec, name: str) -> bool:
    """Whether a folder of the same name in another spec tree holds `name` (a repository that
    keeps spec.md under `docs/specs/004-x/` and plan.md under `.specify/specs/004-x/`)."""
    model = spec.project.model(SpecsModel)
    if model is None:
        return False
    return any(
        folder != spec.folder
        and folder.rsplit("/", 1)[-1] == spec.name
        and f"{folder}/{name}" in files
        for folder, files in model.folders.items()
    )


def _missing_artifacts(spec: Spec) -> list[str]:
    """The artifacts the spec's stage requires and the folder lacks."""
    stage, options = spec.stage, spec.options
    missing = []
    if not spec.artifact("spec.md") and not _twin_has(spec, "spec.md"):
        missing.append("spec.md")
    if spec.documents_exception:
        return missing  # a hotfix that documents its fast track skips the planning gates
    if stage.declared:
        if options.at_least(stage, "clarified") and not spec.has_clarifications:
            missing.append(
                "recorded clarifications (clarify.md or a Clarifications section in spec.md)"
            )
        if options.at_least(stage, "planned") and not spec.artifact("plan.md"):
            missing.append("plan.md")
        if options.at_least(stage, "tasked") and not spec.artifact("tasks.md"):
            missing.append("tasks.md")
        if options.at_least(stage, "checklist-validated") and not spec.checklists:
            missing.append("a checklist under checklists/")
    elif spec.artifact("tasks.md") and not spec.artifact("plan.md"):
        missing.append("plan.md")
    return missing


@rule("SP005", "missing-stage-artifact", Severity.ERROR, methodology="specs", target=Spec)
def missing_stage_artifact(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An artifact the spec's stage requires is missing.

    ## What it does
    Checks the spec folder against its stage, cumulatively: every stage needs spec.md;
    `clarified` and later need recorded clarifications (clarify.md or a `## Clarifications`
    section in spec.md); `planned` and later plan.md; `tasked` and later tasks.md;
    `checklist-validated` and later a checklist under `checklists/`. All that is missing is
    reported in one diagnostic, at `.status`.

    Without `.status` the stage is inferred from the artifacts themselves, so only what the
    inference leans on is required: spec.md, and plan.md beside a tasks.md (spec-kit's
    `/clarify` and `/checklist` are optional there). A hotfix spec (`hotfix-NNN-…`) that
    documents its exception (a heading or field named Exception or Fast-track) needs only
    spec.md, as the release train allows.

    ## Why is this bad?
    The release train gives every stage its artifacts ("Artifacts: specs/spec-NNN-feature-name/plan.md …")
    and its quality gate; a stage without its artifacts claims a gate it has not passed.

    ## Example
    `.status` says `tasked`; the folder has spec.md and tasks.md but no plan.md.

    ## How to fix
    Produce the missing artifacts (`/plan`, `/tasks`, `/checklist`), or move the stage back.
    """
    missing = _missing_artifacts(spec)
    if not missing:
        return
    listed = listing(missing)
    if spec.stage.declared:
        action = (
            "add them or move the stage back"
            if len(missing) > 1
            else "add it or move the stage back"
        )
    else:
        action = "add " + ("them" if len(missing) > 1 else "it")
    written = _spec_under_another_name(spec) if "spec.md" in missing else None
    if written:
        action = f"its specification seems to be {written}: rename it to spec.md"
    yield ctx.diagnostic(
        spec.stage_anchor, 1, 1, f"{spec.stage_phrase} but has no {listed}; {action}"
    )


def _required_sections(spec: Spec) -> list[tuple[str, frozenset[str]]]:
    """The mandatory sections of the spec's spec.md: configured; else those the repository's
    spec template marks `*(mandatory)*` (if it marks none, the built-in ones it has); else the
    built-in list. The older template had no Success Criteria."""
    templates = spec.templates
    listed = [(name, normalize_label(name)) for name in spec.options.required_sections]
    if not _configured(spec, "required-sections") and templates.spec_mandatory is not None:
        if templates.spec_mandatory:
            listed = list(templates.spec_mandatory)
        else:
            listed = [
                (name, key)
                for name, key in listed
                if _SYNONYMS.get(key, frozenset({key})) & templates.spec_sections
            ]
    required = []
    for name, key in listed:
        names = _SYNONYMS.get(key, frozenset({key}))
        if spec.legacy and names == SUCCESS_CRITERIA:
            continue
        required.append((name, names))
    return required


# What a heading says when it is one of the built-in mandatory sections under a name of its
# own: `Acceptance scenarios`, `Product / Behavior`, `成果物チェックリスト（Definition of Done）`.
_MEANINGS = (
    (
        USER_STORIES,
        lazy_compile(
            r"scenario|user stor|use case|user journe|user goal|场景|場景|シナリオ|用户故事"
        ),
    ),
    (
        REQUIREMENTS,
        lazy_compile(
            r"requirement|behaviou?r|must[- ]haves?|constraints|contracts?\b|rules\b|需求|要件|要求"
        ),
    ),
    (
        SUCCESS_CRITERIA,
        lazy_compile(
            r"success|acceptance|definition of done|outcome|exit criteri|metrics|kpi|verification"
            r"|done gates?|exit gates?|proof"
            r"|成功|验收|驗收|受入|完了条件"
        ),
    ),
)


def _names_its_meaning(document: Document, names: frozenset[str]) -> bool:
    """Whether a heading of `document` names what a built-in mandatory section is about, in
    words of its own (parenthetical notes included)."""
    meaning = next((pattern for known, pattern in _MEANINGS if known == names), None)
    if meaning is None:
        return False
    if names == SUCCESS_CRITERIA and document.first_field(SUCCESS_CRITERIA, bold=True):
        return True  # `**Success Criteria**: …` under an objective
    for heading in document.headings:
        text = clean_inline(heading.text).casefold()
        if heading.level <= 2 and meaning.search(text):
            return True
        # Deeper, the words must lead or close the title (`### Product / Behavior`), not sit
        # inside the title of one decision or item (`### TD-009: Scenario Trial …`).
        found = meaning.finditer(text)
        if heading.level == 3 and any(
            m.start() == 0 or not text[m.end() :].strip(" )）*_:") for m in found
        ):
            return True
    return False


def _configured(spec: Spec, option: str) -> bool:
    return option in spec.project.config.sections.get(spec.options.section, {})


_SUBTITLE = lazy_compile(r"\s*(?:›|»|>|:|—|–|-|/|\|)\s*")


def find_heading(document: Document, names: frozenset[str]) -> Section | None:
    """The first section whose heading is one of `names`, also with a sub-title after it
    (`Requirements › Functional Requirements`, `Requirements: Functional`)."""
    for section in document.sections:
        title = section.heading.title
        if title in names:
            return section
        if any(title.startswith(name) and _SUBTITLE.match(title, len(name)) for name in names):
            return section
    return None


@rule("SP006", "missing-spec-section", Severity.ERROR, methodology="specs", target=Spec)
def missing_spec_section(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """spec.md lacks a mandatory section.

    ## What it does
    Checks spec.md for the mandatory sections. When the repository has its own spec template
    (`.specify/templates/spec-template.md`), they are the headings that template marks
    `*(mandatory)*` (if it marks none, the built-in sections it has); otherwise User Scenarios &
    Testing (or User Stories), Requirements and Success Criteria; `required-sections` in the
    configuration overrides both. Headings are matched ignoring case, emphasis, emoji,
    numbering and a trailing note such as `*(mandatory)*`, also with a sub-title after the name
    (`## Requirements › Functional Requirements`, `## Requirements: Functional`); a built-in
    section also counts under a heading that says what it is about in words of its own —
    scenarios, user stories, use cases for the first; requirements or behavior for the second;
    success, acceptance, outcomes, definition of done or metrics for the third. A spec written
    with spec-kit's older template (`## Execution Flow (main)`, or — where the author deleted
    that block — its `Primary User Story` / `Review & Acceptance Checklist` without any `User
    Story N`) is not asked for Success Criteria, which that template did not have. An empty
    spec.md gets one diagnostic. `--verbose` says which list was used.

    ## Why is this bad?
    The release train, stage 0 quality gate: "Mandatory sections present (User Stories, Requirements,
    Success Criteria)".

    ## Example
    A spec.md with User Scenarios & Testing and Requirements but no Success Criteria.

    ## How to fix
    Add the section, with content.

    ## Options
    `[tool.phaselint.specs]`: `required-sections`.
    """
    document = spec.document("spec.md")
    if document is None:
        return
    if document.is_blank():
        yield ctx.diagnostic(
            document.path,
            1,
            1,
            f"spec.md of {spec.label} is empty; write the specification (/specify)",
        )
        return
    for name, names in _required_sections(spec):
        if find_heading(document, names) is None and not _names_its_meaning(document, names):
            yield ctx.at_title(
                document.path,
                document,
                f"spec.md of {spec.label} has no `## {name}` section; add it",
            )


def _stories(document: Document) -> list[tuple[Section, int]]:
    """User story sections of a spec (`### User Story 1 - …`) with their numbers."""
    found = []
    for section in document.sections:
        match = _STORY.match(section.heading.title)
        if match:
            found.append((section, int(match.group(1))))
    return found


def _has_any(document: Document, section: Section, names: frozenset[str]) -> bool:
    if document.field_values(names, section):
        return True
    return any(
        s.heading.title in names and document.has_content(s)
        for s in document.sections_within(section)
    )


@rule("SP007", "untestable-user-story", Severity.WARNING, methodology="specs", target=Spec)
def untestable_user_story(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A user story has neither an independent test nor acceptance scenarios.

    ## What it does
    For each user story of spec.md (`### User Story 1 - Title (Priority: P1)`), looks for an
    `**Independent Test**:` and for acceptance scenarios (`**Acceptance Scenarios**:`,
    `**Acceptance**:`, an `Acceptance:` label line or a heading of that name with content, or
    Given/When/Then lines; a full-width colon `：` counts as a colon) and reports a story that
    has neither. A story that was dropped — struck through, or marked descoped, deferred,
    superseded or out of scope in its heading — is not asked for tests, nor is a story that a
    spec-level Acceptance Criteria or Success Criteria section ties criteria to (`AC-001
    (US1)`). A spec in spec-kit's older template has one "Primary User Story" and one
    "Acceptance Scenarios" section for the whole spec; the latter is what it needs.

    ## Why is this bad?
    The release train, stage 0 quality gate: "Independent testability for user stories". A story nobody
    can test on its own cannot be delivered on its own.

    ## Example
    ```markdown
    ### User Story 2 - Review history (Priority: P2)
    A user reviews what changed.
    ```

    ## Use instead
    ```markdown
    ### User Story 2 - Review history (Priority: P2)
    A user reviews what changed.

    **Independent Test**: open the history view after one change and see it listed.
    ```

    ## How to fix
    Say how the story is tested on its own, or write its Given/When/Then scenarios.
    """
    document = spec.document("spec.md")
    if document is None:
        return
    stories = _stories(document)
    if not stories:
        scenarios = document.find_section(USER_STORIES)
        primary = next(
            (s for s in document.sections if s.heading.title.startswith("primary user story")), None
        )
        if primary is None or scenarios is None:
            return
        if _has_any(document, scenarios, ACCEPTANCE) or _GIVEN.search(
            document.body_text(scenarios)
        ):
            return
        stories_missing = [(primary, 0)]
    else:
        cited = _stories_cited_by_criteria(document)
        stories_missing = [
            (section, number)
            for section, number in stories
            if number not in cited
            and not _DROPPED.search(section.heading.text)
            and not (
                _has_any(document, section, INDEPENDENT_TEST | ACCEPTANCE)
                or _GIVEN.search(document.body_text(section))
                or _TEST_LABEL.search(document.body_text(section))
            )
        ]
    for section, _number in stories_missing:
        heading = section.heading
        yield ctx.at_heading(
            document.path,
            heading,
            f'user story "{brief(heading.plain, 80)}" of {spec.label} has no independent test and no acceptance '
            "scenarios; add `**Independent Test**:` or Given/When/Then scenarios",
        )


_TITLE = lazy_compile(r"^(?:user\s+story|story)\s+\d+\s*[-—–:.]*\s*", re.IGNORECASE)
_WORD = lazy_compile(r"[a-z][a-z0-9]{3,}")
_COMMON = frozenset(
    [
        "with",
        "from",
        "that",
        "this",
        "when",
        "into",
        "their",
        "there",
        "have",
        "will",
        "should",
        "would",
        "user",
        "users",
        "story",
        "stories",
        "able",
        "allow",
        "allows",
        "using",
        "via",
        "each",
        "only",
        "also",
        "more",
        "than",
        "then",
        "them",
        "they",
        "what",
    ]
)


def _title_words(text: str) -> set[str]:
    title = _TITLE.sub("", re.sub(r"\(priority[^)]*\)", "", text, flags=re.IGNORECASE))
    return {w for w in _WORD.findall(title.casefold()) if w not in _COMMON}


def _served_by_title(title: str, texts: list[str]) -> bool:
    """Whether a task or a heading of tasks.md carries (at least two of) the story's title
    words, under whatever label: the story is served, by tasks its author grouped otherwise."""
    words = _title_words(title)
    if not words:
        return False
    needed = min(2, len(words))
    return any(len(words & set(_WORD.findall(text.casefold()))) >= needed for text in texts)


_PROCESS_STORY = lazy_compile(
    r"\b(?:protocol|process|workflow|conventions?|guidelines?|operational|practices?)\b",
    re.IGNORECASE,
)
_IDENTIFIER = lazy_compile(r"`([^`\s]{4,60})`")


def _identifiers(document: Document, section: Section) -> set[str]:
    """The code identifiers a story names in its own text (`--target`, `SyncCoordinator`)."""
    found: set[str] = set()
    for number in range(section.body_start, section.end_line + 1):
        if document.unquoted[number - 1] is not None:
            found.update(_IDENTIFIER.findall(document.line(number)))
    return found


def _spoken_of(title: str, tasks_text: str) -> bool:
    """Whether tasks.md speaks of the story's subject at all: one of the title's distinctive
    words (seven letters or more), or, for a title in Chinese or Japanese, two characters of it
    in a row. Only a story tasks.md never mentions is reported."""
    words = {w for w in _title_words(title) if len(w) >= 7}
    if any(re.search(rf"\b{re.escape(w)}", tasks_text) for w in words):
        return True
    cjk = "".join(ch for ch in _TITLE.sub("", title) if "\u3040" <= ch <= "\u9fff")
    return any(cjk[i : i + 2] in tasks_text for i in range(len(cjk) - 1))


def _stories_cited_by_criteria(document: Document) -> set[int]:
    """Stories that a spec-level acceptance or success criteria section ties criteria to
    (`AC-001 (US1)`, `SC-002 — User Story 2`)."""
    cited: set[int] = set()
    headings = document.heading_lines
    for section in document.sections:
        if not _CRITERIA_HEADING.search(section.heading.title):
            continue
        for number in range(section.body_start, section.end_line + 1):
            text = document.prose_line(number)
            if number in headings and not _CRITERIA_HEADING.search(text or ""):
                break  # a section of another kind nested below: not criteria
            if text and number not in headings:
                cited.update(story_numbers(text))
    return cited


_CRITERIA_HEADING = lazy_compile(r"acceptance|success criteri|measurable outcomes")


@rule("SP008", "incomplete-plan", Severity.ERROR, methodology="specs", target=Spec)
def incomplete_plan(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A planned spec's plan.md does not define the tech stack and the architecture.

    ## What it does
    From stage `planned` on, checks plan.md for its tech stack (a heading that names it —
    Technical Context, Tech Stack Details, Technology Stack, Dependencies, Platform … — or
    `**Language/Version**:`-style fields) and its architecture (a heading naming the
    architecture, structure or design: Project Structure, Current Architecture, Technical
    Architecture (As Built), Structure Decision, Source Code …). When the repository has its
    own plan template (`.specify/templates/plan-template.md`), what it asks for is what is
    required: the tech stack and the architecture only if the template has them, and every
    heading it marks `*(mandatory)*`. The stack also counts when the plan's prose names its
    languages and frameworks (TypeScript, Svelte, F#, …), and the structure when it lays out
    its files (`**File**:` fields, `[MODIFY]` entries, Proposed Changes, Deliverables) or places
    the work in named types and members (two or more code spans such as `FileSnapshot.Text`,
    `SchemaVersion.sha256Bytes`: the design, laid out, whether or not under a heading). In a
    plain spec-kit folder (no `.status`), a plan that names files of the repository has a
    stack and a structure of its own: only a plan without technical content is reported. Where the spec follows the release-train
    method — it has a `.status` — the plan must also identify its phases (a Phases section or
    `Phase N` headings) and its risks (a Risks section), as the release train's planned gate says; in a
    plain spec-kit folder phases live in tasks.md and a missing risks section is not reported.
    A missing plan.md is SP005's to report.

    ## Why is this bad?
    The release train, stage 2 (planned) quality gate: "Tech stack defined; Architecture documented;
    Phases identified; Risks addressed".

    ## Example
    A plan.md with a Summary and a Project Structure, no Technical Context.

    ## How to fix
    Complete the plan (`/plan`), then move on to `/tasks`.
    """
    if not spec.options.at_least(spec.stage, "planned"):
        return
    document = spec.document("plan.md")
    if document is None:
        return
    missing = []
    templates = spec.templates
    titles = [h.title for h in document.headings]
    has_stack = (
        any(_STACK_WORDS.search(t) for t in titles)
        or document.first_field(TECH_FIELDS) is not None
        or any(_STACK_WORDS.search(f.key) for f in document.fields if f.bold)
        or any(_TECHNOLOGY_NAMES.search(text) for text in document.prose if text)
    )
    wants_stack = (
        templates.plan_mandatory is None
        or any(_STACK_WORDS.search(t) for t in templates.plan_sections)
        or bool(TECH_FIELDS & templates.plan_fields)
    )
    files = _files_named(document)
    if not spec.stage.declared and files:
        # A plain spec-kit plan that works in named files of the repository has a stack and a
        # structure of its own; only a plan with no technical content is reported.
        has_stack = True
    if not has_stack and wants_stack:
        missing.append("the tech stack (Technical Context)")
    wants_architecture = templates.plan_mandatory is None or any(
        _ARCHITECTURE_WORDS.search(t) for t in templates.plan_sections
    )
    fields = [f for f in document.fields if f.bold]
    has_architecture = (
        any(_ARCHITECTURE_WORDS.search(t) and not t.startswith("phase") for t in titles)
        or any(_ARCHITECTURE_WORDS.search(f.key) for f in fields)
        # `**File**:` per phase, `**Core owner**: packages/core/`, `[MODIFY]` per file: the
        # structure, laid out
        or sum(1 for f in fields if _PATH_FIELD.search(f.key) and _NAMES_FILE.search(f.value)) >= 2
        or document.text.count("[MODIFY]") + document.text.count("[NEW]") >= 2
        or len(_files_named(document)) >= 3
        or (not spec.stage.declared and bool(_files_named(document)))
        # prose that places the work in named types and members (`FileSnapshot.Text`,
        # `SchemaVersion.sha256Bytes`): the design, laid out, with or without a heading
        or len(_identifiers_named(document)) >= 2
    )
    if wants_architecture and not has_architecture:
        missing.append("the architecture (Project Structure)")
    for written, key in templates.plan_mandatory or ():
        if find_heading(document, frozenset({key})) is None and not (
            (_STACK_WORDS.search(key) and has_stack) or _ARCHITECTURE_WORDS.search(key)
        ):
            missing.append(f"`## {written}`")
    if spec.stage.declared:
        phases = document.find_section(PHASES) is not None or any(
            re.match(r"phase \d", h.title) for h in document.headings
        )
        if not phases:
            missing.append("the phases")
        if document.find_section(RISKS) is None and document.first_field(RISKS) is None:
            missing.append("the risks")
    if not missing:
        return
    yield ctx.at_title(
        document.path,
        document,
        f"plan.md of {spec.label} does not define {listing(missing)}; complete the plan before tasks",
    )


@rule("SP009", "malformed-task", Severity.ERROR, methodology="specs", target=Spec)
def malformed_task(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A task line of tasks.md breaks the task format or the numbering.

    ## What it does
    Parses every task of tasks.md — `- [ ] T012 [P] [US1] Description in path/to/file.py` —
    and reports: a task without a checkbox; a task without an id (a checkbox item among id'd
    tasks); an id not of the form `T001`; a task without a description; an id used twice; an
    id out of sequence (lower than the one before, or skipping numbers); a malformed id used
    twice is reported once, as malformed. Checkbox items of
    sections without task ids (the old template's Validation Checklist) are not tasks, and
    neither are lines in code blocks. Thousands of tasks are fine.

    What real task lists write is accepted: an id inserted later carries a letter (`T012a`
    after `T012`), an id may be bold (`- [x] **T001** …`), and `[~]` closes a task without
    doing it (reverted, superseded) — it keeps its number, so nothing is "missing". Bullets in
    the sections that talk about tasks — Dependencies & Execution Order, Parallel
    Opportunities, Implementation Strategy, Notes, Risks, summaries and examples, or a list
    introduced by such a label (`**Notes**:`, `**High-Risk Tasks**`) — are sentences, not
    tasks: `- T002 depends on T001` there is never asked for a checkbox. A bullet with an id
    and no checkbox is reported only among the boxed tasks of a phase section. `[-]` and
    `[N/A]` close a task as `[~]` does; `T012A` and `T012.1` are inserted like `T012a`; a
    companion id (`T012-TEST`) may stand anywhere beside its task, and so may an inserted
    task in another section than its base (`T046a` under "Tests for US3", T046 among the
    components: spec-kit authors letter a test after the task it covers); a range id
    (`T064-T073`) covers its numbers. Numbering in blocks — each phase from a round number
    (`T100`, `T200`, or `T020` opening a phase after `T011`) — is no gap. The fewest tasks that
    break the order are reported (one moved task is one diagnostic, not a cascade; a block moved
    as one is reported at its first task). A gap that tasks.md's prose accounts for
    (`T014-T015 are superseded by T018`) is none, and a task under a section its heading says
    was deferred or moved (`Phase 7: docs (deferred to the wrap-up)`) stands there on purpose.
    A gap beside a phase whose prose records that its work was skipped (`**Implementation
    Decision**: Skip migration`, "no migration needed") is the tasks dropped with that decision,
    and a section that lists a selection of the tasks (`## Completed Tasks`, a progress
    snapshot) leaves out the others on purpose, and tasks carried over from another spec with
    their ids ("Carries forward feature 068 tasks T027–T029") follow no gap; so does a phase with a section that says its
    work moved (`### Moved (absorbed by 060)`). A list whose prose says that tasks added later
    keep their appended ids in their phase ("keep appended task ids", "not renumbered") is not
    judged for order.
    A task list that numbers none of its tasks
    (`- [x] Chunk 1 …`) gets one diagnostic, not one per item.

    ## Why is this bad?
    The release train, stage 3 (tasked) quality gate: "All tasks numbered sequentially". Progress is
    tracked by these lines: a task that breaks the format cannot be counted, checked off or
    referred to.

    ## Example
    ```markdown
    - [ ] T001 Create project structure
    - T002 Configure linting
    - [ ] T4 [P] Add models
    - [ ] T005 [P]
    ```

    ## Use instead
    ```markdown
    - [ ] T001 Create project structure
    - [ ] T002 Configure linting in pyproject.toml
    - [ ] T003 [P] Add models in src/models/
    ```

    ## How to fix
    Write each task as `- [ ] T### [P] [USn] description`, numbered without gaps.

    ## Fix safety
    - A malformed id (`t012`, `T12`, `T-012`, `TASK-12`) is written `T012`, padded to the
      list's width. Safe: the task keeps its number; offered only when no other task has that
      id already.
    - A task without a checkbox gets an open one (`- T002 …` → `- [ ] T002 …`). Unsafe: the
      task may be done, and an open box says it is not (SP011 may then report it).
    - A gap (`T005` after `T002`, T003-T004 missing) is closed by moving every id from `T005`
      on down (`T005` → `T003`, …), in the tasks and wherever tasks.md's text outside code
      blocks names them (`T007 depends on T005`). Unsafe: other documents, commits and issues
      that name those ids are not changed and now point at other tasks. Offered for the last
      gap only — when the numbers after it run without another jump (no block such as
      `T100`), every task has a well-formed id and no missing number is mentioned — so
      `check --fix --unsafe-fixes` closes the gaps from the last back, one per pass.
    Duplicate ids, out-of-order tasks and missing descriptions have no fix.
    """
    tasks = spec.tasks
    if tasks is None or not tasks.tasks:
        return
    path = tasks.path
    if not tasks.numbered:
        first = tasks.tasks[0]
        yield ctx.diagnostic(
            path,
            first.line,
            first.column,
            f"none of the {plural(len(tasks.tasks), 'task')} of {spec.label} has a `T###` id; "
            "number them `T001`, `T002`, … in order (`- [ ] T001 description`)",
            length=3,
        )
        return
    seen: dict[str, int] = {}
    gaps: dict[int, tuple[int, int]] = {}
    sequence = _sequence_problems(tasks.tasks, spec, gaps)
    document = spec.document("tasks.md")
    for task in tasks.tasks:
        if task.id is None:
            yield ctx.diagnostic(
                path,
                task.line,
                task.column,
                f"task on line {task.line} of {spec.label} has no id; number it (`T###`) in sequence",
                length=3,
            )
            continue
        problems: list[tuple[str, Fix | None]] = []
        if task.mark is None:
            box = Fix(
                "add an open checkbox",
                (Edit(task.line, task.column, task.line, task.column, "[ ] "),),
                Safety.UNSAFE,
            )
            problems.append(
                (f"task {task.id} of {spec.label} has no checkbox; write `- [ ] {task.id} …`", box)
            )
        if task.number is None:
            problems.append(
                (
                    f'task id "{task.id}" of {spec.label} is not of the form T001; renumber it',
                    _id_fix(document, task, tasks.tasks),
                )
            )
        if not task.description:
            problems.append(
                (
                    f"task {task.id} of {spec.label} has no description; say what to do and in "
                    "which file",
                    None,
                )
            )
        if task.id in seen:
            if task.number is not None:  # a malformed id is told to be renumbered already
                problems.append(
                    (
                        f"task id {task.id} of {spec.label} is used twice (first on line "
                        f"{seen[task.id]}); renumber",
                        None,
                    )
                )
        else:
            seen[task.id] = task.line
            if task.line in sequence:
                gap = gaps.get(task.line)
                renumber = _renumber_fix(document, tasks.tasks, *gap) if gap else None
                problems.append((sequence[task.line], renumber))
        for message, fix in problems:
            yield ctx.diagnostic(
                path, task.line, task.id_column, message, length=len(task.id), fix=fix
            )


_LOOSE_ID = lazy_compile(r"^(?:TASK[-_ ]?|[Tt][-_]?)(\d+)([a-z]|\.\d+)?$")
_ID_TOKEN = lazy_compile(r"\bT(\d{3,})(?!\d)")


def _id_width(tasks: tuple[Task, ...]) -> int:
    """How many digits the list's well-formed ids have, most often (at least three)."""
    widths = [len(str(t.id)) - 1 for t in tasks if t.id and t.id[1:].isdigit() and t.number]
    return max(3, max(set(widths), key=widths.count) if widths else 3)


def _id_fix(document: Document | None, task: Task, tasks: tuple[Task, ...]) -> Fix | None:
    """`t012`, `T12`, `T-012`, `TASK-12` written `T012` — when that id is free."""
    match = _LOOSE_ID.match(task.id or "")
    if document is None or match is None or task.id is None:
        return None
    number, suffix = int(match.group(1)), match.group(2) or ""
    written = f"T{number:0{_id_width(tasks)}d}{suffix}"
    start = task.id_column - 1
    if document.line(task.line)[start : start + len(task.id)] != task.id:
        return None
    if any(other.id == written for other in tasks):
        return None  # taken: which of the two is meant is for the author to say
    end = task.id_column + len(task.id)
    return Fix(
        f"write the id as `{written}`", (Edit(task.line, task.id_column, task.line, end, written),)
    )


def _renumber_fix(
    document: Document | None, tasks: tuple[Task, ...], last: int, number: int
) -> Fix | None:
    """Close the gap between T`last` and T`number`: every id from T`number` on, in tasks and in
    tasks.md's text outside code blocks, moves down by the gap's size. Offered for the last gap
    only, when the numbers from T`number` on run without a further jump and no missing number
    is mentioned anywhere, and every task has a well-formed id; an earlier gap becomes the last
    once this one is closed."""
    if document is None or any(t.id is None or t.number is None for t in tasks):
        return None  # a task without a well-formed id may be one of the missing ones
    numbers = {
        n for t in tasks if t.number is not None for n in range(t.number, (t.last or t.number) + 1)
    }
    after = sorted(n for n in numbers if n >= number)
    if not after or after[-1] - number + 1 != len(after):
        return None  # a further gap or a block (T100 …) after this one
    shift = number - last - 1
    edits: list[Edit] = []
    for line_number, (raw, unquoted) in enumerate(
        zip(document.lines, document.unquoted, strict=True), start=1
    ):
        if unquoted is None:
            continue  # code blocks and front matter hold examples, not references
        for found in _ID_TOKEN.finditer(raw):
            digits = found.group(1)
            value = int(digits)
            if last < value < number:
                return None  # a missing task is mentioned: what it refers to is unclear
            if value >= number:
                column = found.start(1) + 1
                edits.append(
                    Edit(
                        line_number,
                        column,
                        line_number,
                        column + len(digits),
                        f"{value - shift:0{len(digits)}d}",
                    )
                )
    if not edits:
        return None
    first, final = f"T{last + 1:03d}", f"T{last + len(after):03d}"
    return Fix(
        f"renumber T{number:03d}… as {first}…{final}, closing the gap",
        tuple(edits),
        Safety.UNSAFE,
    )


def _sub_task_orders(
    ordered: list[tuple[tuple[int, int, str], Task]],
) -> list[tuple[tuple[int, int, str], Task]]:
    """Where a list numbered with three digits writes a sub-task with a fourth (`T0411` after
    `T041`), the sub-task sorts as one inserted after its parent."""
    widths = [
        len(str(task.id or "")) - 1 for _, task in ordered if task.id and task.id[1:].isdigit()
    ]
    if not widths:
        return ordered
    usual = max(set(widths), key=widths.count)
    numbers = {order[0] for order, task in ordered if len(task.id or "") - 1 == usual}
    result = []
    for order, task in ordered:
        digits = (task.id or "")[1:]
        if digits.isdigit() and len(digits) == usual + 1 and int(digits[:usual]) in numbers:
            order = (int(digits[:usual]), 1, digits)
        result.append((order, task))
    return result


def _explained_ids(
    spec: Spec, tasks: tuple[Task, ...], saying: re.Pattern[str] | None = None
) -> set[int]:
    """Task numbers tasks.md's own prose accounts for (`T014-T015 are superseded by T018`,
    `T021 removed: not needed`; with `saying`, the numbers of the lines that say that instead:
    `Carries forward feature 068 tasks T027–T029`): no gap to report."""
    saying = saying or _ACCOUNTED
    document = spec.document("tasks.md")
    if document is None:
        return set()
    lines = {task.line for task in tasks}
    found: set[int] = set()
    for number, text in enumerate(document.prose, start=1):
        if text and number not in lines and saying.search(text):
            for first, last in _ID_RANGE.findall(text):
                found.update(range(int(first), int(last or first) + 1))
    return found


def _skip_decided(
    spec: Spec, lines: tuple[int, ...], task_lines: frozenset[int], seen: dict[int, bool]
) -> bool:
    """Whether the phase around one of `lines` says in its prose, outside task lines, that
    work was skipped (`**Decision**: Skip migration.`, "Migration not applicable"), or has a
    section that says its work moved (`### Moved (absorbed by 060)`): the tasks that would
    have stood there were dropped or moved on purpose. Each phase is read once (`seen`, by
    its first line), however many gaps it has."""
    document = spec.document("tasks.md")
    if document is None:
        return False
    for line in lines:
        phase = next((s for s in document.enclosing(line) if s.heading.level > 1), None)
        if phase is None:
            continue
        if phase.start_line not in seen:
            seen[phase.start_line] = any(
                _MOVED_SECTION.search(s.heading.plain) for s in document.sections_within(phase)
            ) or any(
                (text := document.prose_line(number))
                and number not in task_lines
                and _SKIP_DECISION.search(text)
                for number in range(phase.body_start, phase.end_line + 1)
            )
        if seen[phase.start_line]:
            return True
    return False


def _keeps_appended_ids(spec: Spec) -> bool:
    """Whether tasks.md says that tasks added later keep their appended ids where they belong
    ("Remediation tasks added after analysis keep appended task ids while remaining in their
    execution phase")."""
    document = spec.document("tasks.md")
    if document is None:
        return False
    text = " ".join(line for line in document.prose if line)
    return _APPENDED_IDS.search(text) is not None


_APPENDED_IDS = lazy_compile(
    r"\b(?:keep|retain|preserve)s?\s+(?:their\s+)?(?:appended|original|existing)\s+"
    r"(?:task\s+)?(?:ids?|numbers?)\b|\bappended\s+(?:task\s+)?ids?\b"
    r"|\b(?:ids?|tasks?)\s+(?:are|were)\s+not\s+renumbered\b|\bwithout\s+renumbering\b",
    re.IGNORECASE,
)
_SELECTION = lazy_compile(
    r"^\W*(?:completed|done|finished|remaining|outstanding|open|selected)\b.*\btasks?\b"
    r"|\bsnapshot\b|快照|已完成",
    re.IGNORECASE,
)
_SKIP_DECISION = lazy_compile(
    r"\bskip(?:ped)?\s+(?:the\s+)?(?:migration|implementation|this|it|phase|step|story)\b"
    r"|\bdecision\b.*\bskip\b|\b(?:migration|implementation|work|changes?)\s+(?:is\s+)?not\s+"
    r"(?:applicable|needed|required)\b|\bno\s+(?:migration|implementation|work|changes?)\s+"
    r"(?:is\s+)?(?:needed|required)\b",
    re.IGNORECASE,
)
_MOVED_SECTION = lazy_compile(
    r"\b(?:deferred|postponed|moved|absorbed|carried\s+over|carried\s+forward)\b"
    r"|延后|推迟|延期|後回し",
    re.IGNORECASE,
)
_ACCOUNTED = lazy_compile(
    r"\b(?:supersed\w*|removed|deleted|dropped|merged|folded|not\s+needed|obsolete|skipped"
    r"|renumbered|reserved|intentionally|cancel+ed|replaced)\b",
    re.IGNORECASE,
)
#: Tasks brought from another spec keep their numbers (`Carries forward feature 068 tasks
#: T027–T029, deferred there to this PR`): the numbers before them were the other spec's.
_CARRIED = lazy_compile(
    r"\bcarr(?:y|ies|ied)\s+(?:over|forward)\b|\b(?:brought|moved|taken|imported)\s+(?:over\s+)?"
    r"from\s+(?:spec|feature)\b",
    re.IGNORECASE,
)
_ID_RANGE = lazy_compile(r"\bT(\d{3,})(?:\s*[-–]\s*T?(\d{3,}))?\b")


def _sequence_problems(
    tasks: tuple[Task, ...], spec: Spec, gaps: dict[int, tuple[int, int]] | None = None
) -> dict[int, str]:
    """What is wrong with the numbering, by line: the fewest tasks that stand out of order
    (those outside the longest run of ids in ascending order — one moved task is one
    diagnostic, not a cascade), and each gap in that run that no task anywhere fills. A gap
    no number of which is present or accounted for goes into `gaps` too, as (the number
    before it, the number after it) by line."""
    ordered: list[tuple[tuple[int, int, str], Task]] = []
    seen: set[str] = set()
    companions: list[Task] = []
    bases = {
        task.number: task.phase_line
        for task in tasks
        if task.order is not None and not task.inserted
    }
    for task in tasks:
        order = task.order
        if order is not None and (
            _COMPANION.search(task.id or "")
            or (task.inserted and bases.get(task.number, task.phase_line) != task.phase_line)
        ):
            # `T012-TEST` may come before T012 (tests first), and a task inserted later in
            # another section than its base (`T046a` under "Tests for US3", T046 under the
            # components) stands where that work belongs: it fills its number but is not
            # judged for order.
            companions.append(task)
        elif order is not None and task.id not in seen:
            seen.add(task.id or "")
            ordered.append((order, task))
    ordered = _sub_task_orders(ordered)
    keep = _ascending_run([order for order, _ in ordered])
    present = {n for _, t in ordered for n in range(t.number or 0, (t.last or 0) + 1)}
    present.update(t.number for t in companions if t.number is not None)
    # A malformed id (`T8`, `t012`) still holds its number: no gap where it stands.
    present.update(
        int(loose.group(1))
        for t in tasks
        if t.number is None and (loose := _LOOSE_ID.match(t.id or ""))
    )
    explained: set[int] | None = None  # read from tasks.md's prose when a gap shows
    appended: bool | None = None  # likewise, when a task stands out of order
    carried: set[int] | None = None  # tasks brought from another spec, keeping their ids
    task_lines = frozenset(t.line for t in tasks)
    skips: dict[int, bool] = {}  # whether a phase records a skip decision, by its first line
    problems: dict[int, str] = {}
    previous: Task | None = None
    previous_phase = -1
    for index, (order, task) in enumerate(ordered):
        if index not in keep:
            if index - 1 not in keep and index > 0 and _follows(ordered[index - 1][1], task):
                continue  # part of a block moved as one: reported at its first task
            if _MOVED_SECTION.search(task.phase):
                continue  # "Phase 7: docs (deferred to the wrap-up)": moved there on purpose
            if appended is None:
                appended = _keeps_appended_ids(spec)
            if appended:
                continue  # "tasks added later keep appended ids in their phase": by design
            after = [t for o, t in ordered[:index] if o > order]
            if after:
                where = f"comes after {after[-1].id}"
            else:
                later = next(t for o, t in ordered[index + 1 :] if o < order)
                where = f"comes before {later.id}"
            problems[task.line] = (
                f"task {task.id} of {spec.label} {where}: out of sequence; number tasks in order"
            )
            continue
        number, last = order[0], previous.last if previous is not None else None
        # Numbering in blocks — each phase from a round number (T100, T200; T020 after T011)
        # — leaves gaps on purpose.
        block = number % 100 in (0, 1) or (
            number % 10 in (0, 1) and task.phase_line != previous_phase
        )
        if previous is not None and last is not None and number > last + 1 and not block:
            gap = [n for n in range(last + 1, number) if n not in present]
            if gap and explained is None:
                explained = _explained_ids(spec, tasks)
            unexplained = [n for n in gap if n not in (explained or set())]
            if unexplained and carried is None:
                carried = _explained_ids(spec, tasks, _CARRIED)
            if unexplained and (
                number in (carried or set())
                or _SELECTION.search(task.phase)
                or _skip_decided(spec, (previous.line, task.line), task_lines, skips)
            ):
                # "Completed Tasks" lists a selection; "Decision: Skip migration" dropped the
                # tasks that would have stood there on purpose.
                unexplained = []
            missing = _ranges(unexplained)
            if gaps is not None and len(unexplained) == number - last - 1:
                gaps[task.line] = (last, number)
            if missing:
                verb = "is" if len(missing) == 1 and "-" not in missing[0] else "are"
                problems[task.line] = (
                    f"task {task.id} of {spec.label} follows {previous.id}: "
                    f"{', '.join(missing)} {verb} missing; number tasks sequentially"
                )
        previous, previous_phase = task, task.phase_line
    return problems


_COMPANION = lazy_compile(r"\d-[A-Z]{2,}[A-Z0-9]*$")


def _follows(before: Task, task: Task) -> bool:
    """Whether `task` continues the numbering of the task before it (`T104a` → `T104b`,
    `T020` → `T021`)."""
    if before.inserted and task.inserted:
        return True  # `T096a … T112a`: a block of tasks inserted beside their base tasks
    first, second = before.number, task.number
    return first is not None and second is not None and second in (first, first + 1)


def _ranges(numbers: list[int]) -> list[str]:
    """`[3, 4, 5, 8]` → `["T003-T005", "T008"]`."""
    found: list[str] = []
    start = None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            found.append(f"T{start:03d}" + (f"-T{number:03d}" if number > start else ""))
            start = None
    return found


def _ascending_run(keys: list[tuple[int, int, str]]) -> set[int]:
    """The indexes of one longest ascending subsequence of `keys` (equal keys — inserted tasks
    of one number — may follow each other; O(n log n)); of several, the one that keeps the
    earliest tasks, so the task that came later stands out."""
    import bisect

    rank = {key: position for position, key in enumerate(sorted(set(keys)))}
    # Built from the end as a descending run, so that ties favour earlier tasks.
    reversed_ranks = [-rank[key] for key in reversed(keys)]
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(keys)
    for index, key in enumerate(reversed_ranks):
        position = bisect.bisect_right(tails, key)
        if position == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[position] = key
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    kept: set[int] = set()
    current = tail_index[-1] if tail_index else -1
    while current >= 0:
        kept.add(len(keys) - 1 - current)
        current = parent[current]
    return kept


@rule("SP010", "task-file-paths", Severity.WARNING, methodology="specs", target=Spec)
def task_file_paths(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A task names no file, or two parallel tasks touch the same file.

    ## What it does
    Reports a task whose description — its line, continuation lines and sub-bullets — names
    no file path (`src/models/user.py`, `` `tests/` ``, `Dockerfile`), and two `[P]` tasks of
    the same phase that name the same file: they cannot run in parallel.

    Only tasks still to do are asked to name a file: a done task (`[x]`) has been carried out,
    and how it was worded is history (whether the files a done task names exist is SP020's
    question). On the public spec-kit repositories phaselint is measured on, three reports in
    four sat on done tasks, and most of the false ones were done tasks recording an outcome.
    Not asked to name a file either: a task closed without being done (`[N/A]`, `[~]`); tasks of a
    Setup or Polish phase, whose spec-kit tasks ("Create
    project structure per implementation plan", "Code cleanup and refactoring") name none; a
    task that only reads or runs (Verify, Run, Review, Check, Validate, Confirm, Measure,
    Benchmark, Build, Merge, Investigate, List, Count, "Test … run", "Open a PR and verify",
    a check label before the verb — "Visual test: …", "Validation: …", `[VALIDATION]` —
    and the same verbs in Japanese and Chinese: 確認, 确认, 実行, 验证, 检查, 运行); a task
    under a section heading that names the file (`### Tests for US3 (in a_tests.fs)`);
    work in a hosting service's settings ("Set environment variables in Cloudflare Pages"); a
    task its author settled without work ("Already done — …", "N/A — …", "(deferred)", "- NONE",
    "(confirmed)") or that states a constraint ("Avoid …", "Keep …", "Stop if …"); a manual
    step (`(manual action)`, `(user action required)`); a task that
    records a check's outcome ("Zero PluginState references confirmed", "Documented: baseline
    14.2% → 22.15%", "→ PASSED"); a task whose file the task before it (or the task it cites)
    names ("In the same file, add a test …"); and work in the repository's settings on its
    host (GitHub Actions secrets, branch protection).
    `and/or`, `CI/CD`, `login/logout` are words, not paths.

    For the parallel check a path is resolved as SP020 resolves it; a task never collides with
    itself; a task that only reads, or was done elsewhere, collides with none; and what a task
    only consults is not a file it writes: routes (`/api/items/`), the spec's own documents
    (`research.md`, `contracts/…`), paths it cites (`per data-model.md`, `see …`,
    `import … from …`, `agreeing with …`, `lacking …`), runs (`node scripts/a.js`) or passes
    as an argument (`--files a.ts`), paths inside code (`` `vi.mock("../a.svelte")` ``), the
    content of a fixture the task fills (`populate tests/fixtures/x.yml with … work/a.md`),
    the text that replaces another (`replace … with scripts/a.sh`), and what the task's
    work in another file is about (`replace the patterns for `a.sh` and `b.sh` in `c.md``:
    the task writes c.md). Folders are where
    tasks work, not files they share: two tasks "in Tests/Utilities/" collide only on the same
    file, and a path is read inside the folder its task names (`manifest.yml` under
    `fixtures/a/` and under `fixtures/b/` are two files).

    ## Why is this bad?
    The release train, stage 3 (tasked) quality gate: "File paths specified … Parallel opportunities
    marked". A task without a file is vague to execute; two parallel tasks editing one file
    collide.

    ## Example
    ```markdown
    ## Phase 3: User Story 1
    - [ ] T010 [P] [US1] Create User model in src/models/user.py
    - [ ] T011 [P] [US1] Add validation to src/models/user.py
    - [ ] T012 [US1] Wire everything up
    ```

    ## Use instead
    ```markdown
    - [ ] T010 [P] [US1] Create User model in src/models/user.py
    - [ ] T011 [US1] Add validation to src/models/user.py
    - [ ] T012 [US1] Register the login route in src/api/routes.py
    ```

    ## How to fix
    Name the file(s) each task touches; drop `[P]` from one of two tasks that share a file.
    """
    tasks = spec.tasks
    if tasks is None or not tasks.numbered:
        return  # a list that numbers no task is SP009's, once
    claimed: dict[tuple[int, str], Task] = {}
    # A section heading may name the file its tasks work in: `### Tests for US3 (in a.fs)`.
    heading_names_file: dict[str, bool] = {}
    with_files: set[str] = set()  # the ids of the tasks so far that name a file
    for before, task in zip((None, *tasks.tasks), tasks.tasks, strict=False):
        if before is not None and before.paths and before.id:
            with_files.add(before.id)
        if (
            not task.paths
            and not task.checked  # done: how it was worded is history (SP020 follows its files)
            and not task.closed  # `[N/A]`, `[~]`: nothing to do, no file to name
            and not _PATHLESS_PHASE.search(task.phase)
            and not _READ_ONLY.match(task.description)
            and not _settled(task.description)
            and not _names_folders(ctx, task.description)
            and not _OUTSIDE_FILES.search(task.description)
            and not _MANUAL_STEP.search(task.description)
            and not _records_result(task.description)
            and not (
                _SAME_FILE.search(task.description) and _named_before(task, before, with_files)
            )
            and not _heading_names_file(ctx, spec, task.phase, heading_names_file)
        ):
            yield ctx.diagnostic(
                tasks.path,
                task.line,
                task.description_column if task.description else task.id_column,
                f"task {task.label} of {spec.label} names no file; say which file(s) it touches",
                length=max(len(task.description.split("\n", 1)[0]), 1),
            )
        if (
            not task.parallel
            or task.closed
            or _VERIFY_ONLY.match(task.description)
            or _settled(task.description)
        ):
            continue  # verifies or runs, or was done elsewhere: no file to collide on
        folders = sorted(
            normalize_path(n.path) for n in task.paths if _folder_like(ctx, spec, n.path)
        )
        subjects = _subjects_of_target(ctx, tasks.path, task)
        for named in task.paths:
            path = normalize_path(named.path)
            if named.cited or path.startswith("/") or _spec_document(path):
                continue  # consulted, not written; a route; the spec's own documents
            if (named.line, named.column) in subjects:
                continue  # "patterns for `a.sh` in `b.md`": what b.md says about a.sh
            if path in folders or locate(ctx.project, spec.folder, named.path) is None:
                continue  # two tasks in one folder need not touch one file
            if folders and not ctx.project.has_file(path):
                path = f"{'|'.join(folders)}/{path}"  # `manifest.yml` under the folder named
            key = (task.phase_line, path)
            first = claimed.get(key)
            if first is None:
                claimed[key] = task
                continue
            if first is task:
                continue
            where = f'"{brief(task.phase, 80)}"' if task.phase else "tasks.md"
            yield ctx.diagnostic(
                tasks.path,
                named.line,
                named.column,
                f"[P] tasks {first.label} and {task.label} of {spec.label} both touch {named.path} in "
                f"{where}; they cannot run in parallel — drop [P] from one",
                length=len(named.path),
            )


def _existed(ctx: RuleContext, spec: Spec, written: str) -> bool:
    """Whether a path a task names existed once: a file the history deleted (or renamed away)
    at that path, in the spec folder, below it as a folder, or as its name anywhere — or the
    folder it lies in, since deleted as a whole (`store/` of `store/db.go`, gone in a later
    refactoring: whatever the file was called, that work is history)."""
    repository = ctx.project.repository
    if repository is None:
        return False
    deleted = ctx.project.memo("deleted-index", lambda: path_tails(repository.deleted_paths))
    path = normalize_path(written)
    if path in deleted or f"{spec.folder}/{path}" in deleted:
        return True
    first, _, rest = path.partition("/")
    if rest and "/" in rest and rest in deleted and _names_repository(ctx, first):
        return True  # `my-repo/plugin/src/a.rs`: written from above the checkout, deleted since
    parent, _, name = path.rpartition("/")
    nearby = parent and "." in name.lstrip(".") and name in deleted
    if nearby and _deleted_nearby(ctx, spec, repository, parent, name):
        return True
    return bool(parent) and parent in deleted and parent not in ctx.project.tails


def _deleted_nearby(
    ctx: RuleContext, spec: Spec, repository: Repository, parent: str, name: str
) -> bool:
    """Whether a file called `name`, none of which is here now, was made under a folder near
    `parent` (`…/Peer.Service/Connection/` for `…/Peer.Service/Network/`: all but the last of
    its folders, two at least) and deleted after the task list was written: the work is
    history. One of another package (`logix-core/src/` for `logix-query/src/`) or one deleted
    before tasks.md was written (an earlier app's `main.swift`) is not this file."""
    if name in ctx.project.file_names or spec.tasks is None:
        return False  # a file of that name is here: the task names the wrong path
    by_name = _deleted_by_name(ctx, repository)
    added = repository.first_added
    # When the task list was first written: its spec folder may have moved since (a
    # `specs/` tree moved under `.specify/`), so any tasks.md of a folder of that name counts.
    written = ctx.project.memo("task-lists-written", lambda: _task_lists_written(added)).get(
        spec.tasks.path.rsplit("/", 2)[-2] if "/" in spec.tasks.path else ""
    )
    if written is None:
        return False  # tasks.md is not in the history: every deleted file is older
    deleted = repository.last_deleted
    folders = parent.split("/")
    for other in by_name.get(name, ()):
        if deleted.get(other, 0) <= written:
            continue  # gone before the task list was written: an earlier app's file
        shared = _shared_folders(folders, other)
        if shared >= max(2, len(folders) - 1) and _successor(ctx, repository, other) is None:
            return True
    return False


def _shared_folders(folders: list[str], other: str) -> int:
    """How many leading folders the path `other` shares with the folder list `folders`."""
    count = 0
    for mine, theirs in zip(folders, other.split("/")[:-1], strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def _deleted_by_name(ctx: RuleContext, repository: Repository) -> dict[str, list[str]]:
    """The files the history deleted, by their names."""
    return ctx.project.memo(
        "deleted-by-name", lambda: _files_by_name(tuple(repository.deleted_paths))
    )


def _successor(ctx: RuleContext, repository: Repository, deleted: str) -> str | None:
    """The file that took over from `deleted`: the file git's history renamed it to, or one
    of the repository's files now, in its folder, whose name keeps the last part of its name
    (`Runtime.run.handleExtend.test.ts` for `Runtime.runProgram.handleExtend.test.ts`), added
    while it was there or when it went, and the only such file. The work was renamed, not
    removed: a task that names neither names the wrong path."""
    renamed, now = repository.renamed_to, deleted
    for _ in range(16):  # git saw it renamed: follow the renames to the file of today
        now = renamed.get(now, "")
        if not now or ctx.project.has_file(now):
            break
    if now and ctx.project.has_file(now):
        return now
    folder, _, name = deleted.rpartition("/")
    last = _name_core(name).casefold()
    if len(last) < 3:
        return None
    added = repository.first_added
    gone = repository.last_deleted.get(deleted, 0)
    made = added.get(deleted, 0)
    found = [
        path
        for path in ctx.project.files_in(folder)
        if made <= added.get(path, -1) <= gone
        and last in _bare_stem(path.rsplit("/", 1)[-1])[0].casefold()
    ]
    return found[0] if len(found) == 1 else None  # of several, none is surely the one


#: Parts of a file name that say what kind of file it is, not which one.
_KIND_PARTS = frozenset(
    [
        "ts",
        "tsx",
        "mts",
        "cts",
        "js",
        "jsx",
        "mjs",
        "cjs",
        "svelte",
        "vue",
        "d",
        "test",
        "tests",
        "spec",
        "specs",
        "py",
        "go",
        "rs",
        "cs",
        "fs",
        "fsi",
        "java",
        "kt",
        "swift",
        "rb",
        "php",
        "md",
        "json",
        "yml",
        "yaml",
        "toml",
        "sh",
        "lisp",
    ]
)
_TEST_PARTS = frozenset(("test", "tests", "spec", "specs"))


def _bare_stem(name: str) -> tuple[str, bool]:
    """A file name without the parts that say its kind (`modal-ui` of
    `modal-ui.svelte.test.ts`), and whether it names a test."""
    parts = name.split(".")
    test = False
    while len(parts) > 1 and parts[-1].casefold() in _KIND_PARTS:
        test = test or parts[-1].casefold() in _TEST_PARTS
        parts.pop()
    stem = ".".join(parts)
    for suffix in ("_test", "-test", "_spec", "-spec"):
        if stem.casefold().endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], True
    return stem, test


def _name_core(name: str) -> str:
    """The last part of a file name's bare stem: `handleExtend` of
    `Runtime.runProgram.handleExtend.test.ts`, `basic` of `CrudModule.basic.test.ts`,
    `env` of `env_test.go`."""
    return _bare_stem(name)[0].rsplit(".", 1)[-1]


def _task_lists_written(added: dict[str, int]) -> dict[str, int]:
    """When a tasks.md was first added under each spec folder name (`001-genesis`), wherever
    that folder stood."""
    written: dict[str, int] = {}
    for path, when in added.items():
        parts = path.rsplit("/", 2)
        if len(parts) >= 2 and parts[-1] == "tasks.md":
            folder = parts[-2]
            written[folder] = min(when, written.get(folder, when))
    return written


def _empty_folder(ctx: RuleContext, spec: Spec, written: str) -> bool:
    """A folder path (`backend/tests/contract/`) of a task that makes folders: made, and
    empty, it is not in git, which keeps files only (the files later tasks put there are
    theirs to find)."""
    return written.rstrip().endswith("/")


def _names_folders(ctx: RuleContext, text: str) -> bool:
    """Whether slashed words of a task are folders of the repository (`rooms/services` where
    `src/rooms/` and `src/services/` exist): the task names where it works."""
    names = ctx.project.folder_names
    return any(
        all(part in names for part in match.group().split("/"))
        for match in _SLASHED_WORDS.finditer(text)
    )


_SLASHED_WORDS = lazy_compile(r"\b[\w.-]+(?:/[\w.-]+)+\b")


def _folder_like(ctx: RuleContext, spec: Spec, written: str) -> bool:
    """A path that names a folder: written with a trailing `/`, a folder of the repository,
    or a slashed path whose last part has no extension."""
    path = normalize_path(written)
    last = path.rsplit("/", 1)[-1]
    return (
        written.endswith("/")
        or ctx.project.has_folder(path)
        or ctx.project.has_folder(f"{spec.folder}/{path}")
        or ("/" in path and "." not in last[1:])
    )


def _spec_document(path: str) -> bool:
    """One of a spec folder's own documents, which tasks cite rather than write."""
    name = path.rsplit("/", 1)[-1]
    return name in _SPEC_DOCUMENTS or path.startswith(("contracts/", "checklists/"))


_SPEC_DOCUMENTS = frozenset(
    {"spec.md", "plan.md", "research.md", "data-model.md", "quickstart.md", "tasks.md"}
)


@rule(
    "SP011", "unchecked-tasks-past-implementing", Severity.ERROR, methodology="specs", target=Spec
)
def unchecked_tasks(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec at `testing` or later still has unchecked tasks.

    ## What it does
    From stage `testing` on, counts the open tasks of tasks.md and reports them once, at
    `.status`, naming the first. Tasks closed without being done (`[~]`) are not open. Only a
    declared stage is judged: an inferred one reaches `testing` only when every task is
    checked.

    ## Why is this bad?
    The release train, stage 5 (implementing) quality gate: "All tasks marked [X] complete" — the spec
    may only move on to testing when every task is done.

    ## Example
    `.status` says `testing`; tasks.md still has `- [ ] T017 …`.

    ## How to fix
    Finish and check off the tasks, or move the stage back to `implementing`.
    """
    if not spec.stage.declared or not spec.options.at_least(spec.stage, "testing"):
        return
    tasks = spec.tasks
    open_tasks = tasks.open if tasks is not None else []
    if tasks is None or not open_tasks:
        return
    first = open_tasks[0]
    yield ctx.diagnostic(
        spec.stage_anchor,
        1,
        1,
        f"{spec.label} is at stage `{spec.stage.name}` but {len(open_tasks)} of {len(tasks.tasks)} "
        f"tasks {'is' if len(open_tasks) == 1 else 'are'} unchecked (first: {first.label}, line "
        f"{first.line}); check {'it' if len(open_tasks) == 1 else 'them'} off or move the stage back "
        "to `implementing`",
    )


@rule("SP012", "unchecked-checklist", Severity.ERROR, methodology="specs", target=Spec)
def unchecked_checklist(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec is implementing while a checklist has unchecked items without an exception.

    ## What it does
    From stage `implementing` on (declared, or inferred from checked tasks), reports every
    unchecked item of the checklists under `checklists/` that does not document an exception
    (`— exception: reason`, `(waived: reason)`, `N/A: reason`, `deferred: reason`, or an
    `Exception:` line inside the item). Nested items are items too. A checklist that says,
    before its first item, that it is superseded, deprecated, obsolete, archived or "background
    only" documents its own exception and is not read; items closed with `[~]`, `[-]` or
    `[N/A]` are not open; items of a section for a gate that closes after implementation
    (Release, Exit, Done, Sign-off, Post-merge, Live candidate) are not asked for yet; and a
    checklist whose author wrote that "all checks pass" recorded its validation in words.

    ## Why is this bad?
    The release train, stage 4 (checklist-validated) quality gate: "All checklist items passing OR
    Documented exceptions for incomplete items"; `/implement` only starts once "Checklists
    passing".

    ## Example
    ```markdown
    - [ ] CHK006 Success criteria are measurable
    ```

    ## Use instead
    ```markdown
    - [x] CHK006 Success criteria are measurable
    - [ ] CHK007 Load targets defined — exception: no load requirement for an internal tool
    ```

    ## How to fix
    Validate the requirement and check the item, or document why it is an exception.
    """
    if not spec.options.at_least(spec.stage, "implementing"):
        return
    for path in spec.checklists:
        document = ctx.project.markdown(path)
        if document is None or _RETIRED.search(_opening(document)):
            continue  # a checklist that says it is superseded documents its own exception
        if any(_ALL_PASS.search(text) for text in document.prose if text):
            continue  # "All checks pass": its author recorded the validation in words
        for item in document.checklist:
            if not item.open:
                continue
            section = document.section_of(item.line)
            if section is not None and _LATER_GATE.search(section.heading.title):
                continue  # a gate that closes after implementation: not one to pass before it
            span = "\n".join(document.line(n) for n in range(item.line, item.end_line + 1))
            if _EXCEPTION.search(span) or re.search(
                r"^\s*[-*]?\s*exception\s*:\s*\S", span, re.I | re.M
            ):
                continue
            text = clean_inline(item.text.split("\n", 1)[0])
            yield ctx.diagnostic(
                path,
                item.line,
                item.column,
                f'checklist item "{brief(text, 60)}" is unchecked while {spec.stage_phrase}; check it, '
                'or document the exception (e.g. "— exception: reason")',
                end_column=max(len(document.line(item.line)) + 1, item.column + 3),
            )


_ALL_PASS = lazy_compile(
    r"\ball\s+(?:checks?|items?|criteria|checklist\s+items?)\s+(?:\w+\s+)?"
    r"(?:pass(?:ed|es)?|validated|met|satisfied|complete[d]?)\b",
    re.IGNORECASE,
)
_LATER_GATE = lazy_compile(
    r"\b(?:release|exit|done|completion|closure|post[- ]\w+|after\s+\w+|live|candidate|members?"
    r"|sign[- ]off|future|later|follow[- ]ups?)\b"
)
_RETIRED = lazy_compile(
    r"\b(?:superseded|deprecated|obsolete|historical|archived|no longer (?:current|used|applies)"
    r"|not current|background only)\b",
    re.IGNORECASE,
)


def _opening(document: Document) -> str:
    """The prose before a document's first checklist item: where it says what it is."""
    end = document.checklist[0].line if document.checklist else len(document.lines)
    return "\n".join(text for text in document.prose[: end - 1] if text)


@rule("SP014", "too-many-active-specs", Severity.WARNING, methodology="specs", target=Spec)
def too_many_active_specs(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """More specs are in flight than the configured maximum.

    ## What it does
    Counts the specs with open work, leaving out paused ones: a `.status` stage from draft
    through review; without `.status`, a spec whose tasks are not all checked (or that has no
    tasks.md yet) and whose spec.md Status does not say it is over (Implemented, Complete, Done,
    Merged, Released, Shipped). A finished spec of the repository's history is not in flight.
    When there are more than `max-active` (default 5) it is reported once, on the newest of
    them (highest number, or latest timestamp) — usually the spec that just started.

    ## Why is this bad?
    The release train: "Max Simultaneous: 2-5 spec branches (more = need better prioritization)".

    ## Example
    Seven spec folders at draft, planned and implementing, none paused.

    ## How to fix
    Finish, pause (`paused` on the second line of `.status`) or close specs before starting more.

    ## Options
    `[tool.phaselint.specs]`: `max-active`.
    """
    model = ctx.project.model(SpecsModel)
    newest = model.newest_active if model is not None else None
    # Reported on the newest spec in flight only: the full count is taken just for that spec.
    if model is None or newest is None or newest.folder != spec.folder:
        return
    active = model.active
    limit = spec.options.max_active
    if len(active) <= limit:
        return
    names = ", ".join(s.name for s in active)
    yield ctx.diagnostic(
        spec.stage_anchor,
        1,
        1,
        f"{len(active)} specs are in flight (draft through review), more than the maximum of "
        f"{limit}: {names}; finish, pause or close some before starting more",
    )


@rule("SP015", "released-without-changelog", Severity.ERROR, methodology="specs", target=Spec)
def released_without_changelog(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A released (or closed) spec is not in the CHANGELOG.

    ## What it does
    From stage `released` on, reads CHANGELOG.md (or docs/CHANGELOG.md) and looks, under a
    version heading (`## [2.2.0]`, `## v2.2.0 - …`; not Unreleased), for the spec: its folder
    name (`004-login`), `spec-004`, its number `004` on its own, or its slug when it has several
    words (`guided-tour`). Lines in code blocks do not count.

    ## Why is this bad?
    The release train, stage 9 (released) quality gate: "CHANGELOG complete"; "Artifacts: Git tag
    (vX.Y.Z), Updated CHANGELOG, Release notes".

    ## Example
    `.status` says `released`; CHANGELOG.md's `## [2.2.0]` lists other specs only.

    ## How to fix
    Add the spec to the entry of the version that released it.

    ## Options
    `[tool.phaselint.specs]`: `changelog`.
    """
    model = ctx.project.model(SpecsModel)
    if (
        model is None
        or not spec.stage.declared
        or not spec.options.at_least(spec.stage, "released")
        or not ctx.kept(spec.stage_anchor)  # a run on spec.md alone: the changelog stays unread
    ):
        return
    changelog = model.changelog
    if changelog is None:
        yield ctx.diagnostic(
            spec.stage_anchor,
            1,
            1,
            f"{spec.label} is `{spec.stage.name}` but the repository has no CHANGELOG.md; "
            "add one with the release that shipped it",
        )
        return
    path = changelog[0]
    mentions = model.changelog_mentions
    if mentions is not None and mentions.mentions(spec):
        return
    yield ctx.diagnostic(
        spec.stage_anchor,
        1,
        1,
        f"{spec.label} is `{spec.stage.name}` but {path} mentions it under no version heading; add "
        "it to the entry of the release that shipped it",
    )


@rule("SP019", "untraced-story", Severity.WARNING, methodology="specs", target=Spec)
def untraced_story(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Tasks and user stories do not trace to each other.

    ## What it does
    Reports a task labelled `[USn]` when spec.md has no User Story n; and, once any task
    carries a `[USn]` label, a user story that no task serves — none labelled with it (a label
    may name several: `[US1+2]`, `[US1,US2]`), none grouped under a phase heading that names
    it (`## Phase 3: User Story 1`, `## Phase 4: User Stories 1 & 2`), and tasks.md's prose
    nowhere speaking for it (`This phase corresponds to User Story 3`, `US4 needs no tasks:
    already implemented`). A story whose title (two or more of its words) a task — under any
    label — or a heading of tasks.md carries is served too: authors group stories' work in
    their own ways; and only a story whose subject tasks.md never mentions (none of its title's
    distinctive words, of seven letters or more, nor any identifier the story names in
    backticks, stands anywhere in tasks.md) is reported. A story about a way of working (a
    protocol, a workflow, conventions) or marked deferred, descoped or struck through needs no
    task of its own. Tasks of the older
    spec-kit template carry no labels, so nothing is required of them. With
    `trace-requirements = true`, every `FR-###` and `SC-###` of spec.md must also be cited by
    some task (real task lists rarely cite requirement ids, so this is opt-in).

    ## Why is this bad?
    The release train carries a spec from its user stories ("Identify requirements, user stories") to
    numbered tasks, and its testing gate asks that "All acceptance scenarios validated". A story
    no task implements is silently dropped; a task for a story that does not exist implements
    something nobody specified.

    ## Example
    spec.md has User Stories 1 and 2; tasks are labelled `[US1]` and `[US3]`.

    ## How to fix
    Fix the label, add the story's tasks, or remove the story.

    ## Options
    `[tool.phaselint.specs]`: `trace-requirements`.
    """
    tasks, document = spec.tasks, spec.document("spec.md")
    if tasks is None or document is None:
        return
    stories = {number: section for section, number in _stories(document)}
    labelled = [task for task in tasks.tasks if task.story]
    used = {int(story[2:]) for task in labelled for story in task.stories}
    # A story is served too by the tasks grouped under a phase heading that names it
    # ("Phase 3: User Story 1", "Phase 4: User Stories 1 & 2"), and tasks.md's own prose may
    # speak for it ("This phase corresponds to User Story 3", "US4: no tasks, already done").
    source = ctx.project.markdown(tasks.path)
    for task in tasks.tasks:
        used.update(story_numbers(task.phase))
    if source is not None:
        task_lines = {task.line for task in tasks.tasks}
        for line_number, text in enumerate(source.prose, start=1):
            if text and line_number not in task_lines:
                used.update(story_numbers(text))
    for task in labelled:
        number = int(task.story[2:]) if task.story and task.story[2:].isdigit() else None
        if number is not None and stories and number not in stories:
            yield ctx.diagnostic(
                tasks.path,
                task.line,
                task.story_column,
                f"task {task.label} of {spec.label} is labelled [{task.story}] but spec.md has no "
                f"User Story {number}; fix the label",
                length=len(task.story or ""),
            )
    if labelled:
        texts = [task.description for task in tasks.tasks]
        texts += [h.plain for h in source.headings] if source is not None else []
        whole = " ".join(t for t in (source.prose if source is not None else ()) if t).casefold()
        for number, section in sorted(stories.items()):
            if number in used or _DROPPED.search(section.heading.text):
                continue
            heading = section.heading
            if _served_by_title(heading.plain, texts) or _spoken_of(heading.plain, whole):
                continue  # a task or heading carries the story's title, under any label
            if _PROCESS_STORY.search(heading.plain) or any(
                token.casefold() in whole for token in _identifiers(document, section)
            ):
                continue  # a way of working, or a story whose identifiers tasks.md names
            yield ctx.at_heading(
                document.path,
                heading,
                f'user story "{brief(heading.plain, 80)}" of {spec.label} has no task labelled '
                f"[US{number}], and no task or heading of tasks.md speaks of it; add its tasks "
                "or remove the story",
            )
    if spec.options.trace_requirements:
        cited = " ".join(task.description for task in tasks.tasks)
        for number, text in enumerate(document.prose, start=1):
            if text is None:
                continue
            for match in re.finditer(r"\b(FR|SC)-\d{3}\b", text):
                requirement = match.group()
                if requirement not in cited and text.lstrip("-* ").startswith(
                    ("**" + requirement, requirement)
                ):
                    yield ctx.diagnostic(
                        document.path,
                        number,
                        match.start() + 1,
                        f"{requirement} of {spec.label} is cited by no task; add a task for it",
                        length=len(requirement),
                    )


@rule("SP020", "phantom-completion", Severity.WARNING, methodology="specs", target=Spec)
def phantom_completion(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A task marked done names a file that does not exist.

    ## What it does
    For every checked task of tasks.md, looks up the files it names in the repository: from
    the repository root, then from the spec folder (`contracts/api.md`, `research.md`), then
    inside a sub-project (`src/a.ts` of `web/src/a.ts`); a bare file name may be anywhere; a
    folder counts (`ui/`); a `:line[:col]` suffix is not part of the path. What is not a path
    of this repository is not looked up: URLs, wildcards and placeholders, absolute paths and
    routes, paths leaving the repository, package scopes (`@scope/pkg`), domains
    (`acme.io/owned-paths`, `github.com/org/repo`), placeholders (`specs/NNN-feature/`,
    `FEATURE_DIR/`), technologies and packages named like files (`Node.js`, `Commander.js`,
    `CSS/Chart.js`), `process.env`, the dotfiles and dot-folders a program keeps in its users'
    projects (`.tool/state.json`), and slashed words without an extension
    (`critical/warning/pass`) or with an unknown extension in a folder that does not exist
    (`schemas/meta/dev.source`: a list of fields). A path written from above the repository
    (`my-repo/src/a.ts`) or in another letter case is found. A task closed without being done
    (`[~]`, `[-]`, `[N/A]`) is not done, and the tasks of a section marked `[REPO: other]`
    belong to another repository.

    In a git repository, a path that existed once — a file that later work deleted or renamed,
    on any branch (git's history says so), or a file of a folder later deleted as a whole — is
    history, not a phantom; a folder a "create the directory structure" task names is not
    reported when its parent exists (git keeps no empty folder); a file offered with an
    alternative (`a_test.go (or b_test.go)`) is found when the other is; and a path the
    repository's ignore rules match (build output, local state) is not meant to be committed;
    neither is reported.

    What a done task names but need not have left behind is not reported: a path it only
    consults (`per research.md`, `read … from config.yml`, `agreeing with scripts/a.py`), names
    as absent (`a work item lacking notes.md`), writes inside code (`` `vi.mock("../a")` ``) or
    as the content of a fixture it fills (`populate tests/fixtures/a.yml with … work/a.md`),
    links to or runs (`](images/a.png)`,
    `node scripts/a.js`), the text that replaces another (`replace … with .tool/a.sh`), the old
    path of a file it removes, renames, moves, migrates or converts, a path followed by a note
    that names the real file (`page.tsx (as ConfigurationPage.tsx)`), a bare file name beside a
    path of the same task that exists (`Create scripts/prepare-static.js for the 404.html
    fallback`), every path of a task that only verifies or runs or that its author settled
    without work (deferred, skipped, "completed in Phase 2", struck through), what a program
    writes when it runs (`output/`, `tmp/`, `dist/`, `readiness/` …), and another repository's
    files (a task that names a repository, under a folder that is nowhere here). When a file
    of the repository is likely the one meant, the message says which (`did you mean …?`): the
    only file of the missing file's name, or of two or three the one in the same folders (or in
    a renamed last folder); else the file of the same folder that differs only in the parts
    that say its kind (`modal.test.tsx` for `modal.test.ts`, `store.svelte.ts` for `store.ts`,
    never a component for its test); else the file a namesake was renamed to.
    A file another task of the list removes (`T046 Delete scripts/codemod.ts`) is gone by
    design, and so is a file a task notes it made elsewhere (`Create a.lisp … (implemented in
    b.lisp)`) and what a task closed without being done would have made (`[-] T036
    Populate — skipped: …/manifest.yml`, and its folders); a path written as a value the work
    handles ("the created artifact path `work/a.md`", a setting's value `root=docs/out`, and
    the same path named again in the task, a spelling set equal to others `(./Lib = Lib/)`), a
    task that allows another file ("in a new `Fixture.fs` or the existing support file"), a
    kind of file ("their respective `_test.go` files"), ids joined by slashes (`R2/R3/`), a
    line pointed at (`Cli/Program.fs:91`), or a path right after another repository's
    name (`` `acme/.github` `.github/workflows/a.yml` ``) is not this repository's file, nor is
    what a test makes in a temporary project ("creates `work/a.md` in a temporary project") or
    what an agent's command document (a `.md` file under `commands/`, `prompts/`, `agents/`,
    `skills/`) tells the agent to make when it runs; a file made under a neighbouring folder
    and deleted after tasks.md was written (a file of its name in git's history shares all but
    the last of the path's folders, two at least, and none is here now) is history — unless
    git's history renamed it to a file here now, or a file of its folder took over from it
    (added while it was there or when it went, its name
    keeping the last part of the old one's: `Runtime.run.handleExtend.test.ts` for
    `Runtime.runProgram.handleExtend.test.ts`), when the work lives on and the task names the
    wrong path; a bare name a task spells out as a path (`index.astro` for
    `site/src/pages/index.astro`, `Extensions.yml` for `.specify/extensions.yml`, in any letter
    case) is judged as that path, ignore rules included; a missing path whose file tasks.md
    places elsewhere in a note or its prose (`> Note: the script lives at
    server/src/scripts/a.ts`) is already recorded there; a path under a folder the spec's
    documents call a repository (`**mobile-app**: the iOS client repo`) is that repository's;
    and the folders of a task that makes the directory structure are never asked for (git
    keeps no empty folder). A spec in an archive folder (`specs/archive/053-sync/`) is not
    judged: it is history, and later work may rightly have removed what it made (a feature
    dropped since).

    ## Why is this bad?
    The release train: "Unit Tests: Must pass before marking tasks complete". A task checked off whose
    file does not exist was not done — or names the wrong file, which misleads whoever reads it.

    ## Example
    `- [x] T004 Implement login in src/api/auth.py` with no `src/api/auth.py`.

    ## How to fix
    Do the work, correct the path, or uncheck the task. A path the program itself writes when
    it runs (output, a user's settings, a test's temporary project) is not the repository's:
    list it in `.gitignore`, which SP020 honours, and the report goes.
    """
    tasks = spec.tasks
    if tasks is None or _ARCHIVED.search(spec.folder):
        return  # an archived spec is history: later work may have removed what it made
    document = ctx.project.markdown(tasks.path)
    missing: list[tuple[Task, TaskPath]] = []
    judged: dict[tuple[int, int], str] = {}
    facts: _ListFacts | None = None  # what the whole list says, read at the first missing path
    for task in tasks.done:
        line = document.line(task.line) if document else ""
        if _VERIFY_ONLY.match(task.description) or _settled(task.description) or "~~" in line:
            continue  # verifies or runs; deferred, skipped, struck through: no file of its own
        if _OTHER_FILE_ALLOWED.search(task.description):
            continue  # "in a new `Fixture.fs` or the existing support file": either will do
        found = {
            named: locate(ctx.project, spec.folder, _in_repository(ctx, named.path))
            for named in task.paths
        }
        if False not in found.values():
            continue  # every path it names is there (or is no path of this repository)
        if facts is None:
            facts = _list_facts(tasks)
        before = {named: _text_before(document, task, named) for named in task.paths}
        # A path the task writes as a setting's value (`baselineRoot=docs/surface`) is that
        # value wherever the task names it again ("maps to `docs/surface/`").
        values = {
            normalize_path(named.path).rstrip("/")
            for named in task.paths
            if _AS_VALUE.search(before[named])
        } | {
            normalize_path(assigned.group(1)).rstrip("/")
            for assigned in _ASSIGNED.finditer(task.description)
        }
        # A bare name beside a file of the task that exists is content (`404.html`); beside
        # only a folder (`Write FooTests.cs … in tests/Foo.Tests/`) it is the file to find.
        # Which missing paths the history had: asked once per path, here and below.
        existed = {
            named: _existed(ctx, spec, _in_repository(ctx, named.path))
            for named, exists in found.items()
            if exists is False
        }
        elsewhere = any(
            (exists or existed.get(named, False)) and not _folder_like(ctx, spec, named.path)
            for named, exists in found.items()
        )
        # A task that writes an agent's command document (`commands/build.md`: "Generate
        # `openshell/build.sh`") names what the command makes when it runs.
        instructions = any(
            exists
            and not named.cited
            and named.path.endswith(".md")
            and not _INSTRUCTION_FOLDERS.isdisjoint(normalize_path(named.path).split("/")[:-1])
            for named, exists in found.items()
        )
        verb = _GONE_BY_DESIGN.search(document.line(task.line)) if document else None
        gone_from = verb.end() + 1 if verb else None
        for named, exists in found.items():
            if exists is not False or named.cited or (elsewhere and "/" not in named.path):
                continue  # consulted, not written; a bare name beside a file that exists
            if instructions:
                continue  # what the command document tells an agent to make at run time
            if gone_from is not None and (named.line > task.line or named.column >= gone_from):
                continue  # what a task removes, renames or moves is gone by design
            if normalize_path(named.path) in facts.gone:
                continue  # a later task deletes it; a task notes it was made elsewhere
            if _LINE_CITED.search(named.path):
                continue  # `Cli/Program.fs:91`: a line pointed at, not a file to make
            if normalize_path(named.path).rstrip("/") in facts.dropped:
                continue  # the task that would have made it was closed without being done
            if normalize_path(named.path).rstrip("/") in values:
                continue  # "the created artifact path `work/a.md`": a value the work handles
            if _other_repository_before(ctx, spec, before[named]):
                continue  # "`acme/.github` `.github/workflows/a.yml`": that repository's file
            spelled_out = (
                facts.spelled.get(normalize_path(named.path).casefold(), ())
                if "/" not in named.path
                else ()
            )
            if any(
                locate(ctx.project, spec.folder, full) is not False
                or not _home_exists(ctx, spec, full, other)
                for other, full in spelled_out
            ):
                continue  # the bare name of a path another task spells out, judged there
            if spelled_out:
                judged[(named.line, named.column)] = spelled_out[0][1]  # ignored as that path
            if existed[named]:
                continue  # made, then removed or renamed by later work: history, no phantom
            if _SCAFFOLD.search(_PATH_TOKEN.sub(" ", task.description)) and _empty_folder(
                ctx, spec, named.path
            ):
                continue  # "Create the directory structure … tests/contract/": git keeps no
                # empty folder
            after = (
                document.line(named.line)[named.column - 1 + len(named.path) :] if document else ""
            )
            if _RENAMED_NOTE.match(after) or _REFERENCE_AFTER.match(after):
                continue  # `page.tsx (as ConfigurationPage.tsx)`, "run `x` equivalent"
            if _EQUATED.match(after):
                continue  # `(./Lib = Lib/ = Lib)`: a spelling set equal to others, a value
            if "/" not in named.path and _KIND_OF_FILE.match(after):
                continue  # "their respective `_test.go` files": a kind of file, not one
            if _ID_LIST.fullmatch(normalize_path(named.path).rstrip("/")):
                continue  # `R2/R3/`: requirement ids joined by slashes, not folders
            if _ALTERNATIVE.match(after) and elsewhere:
                continue  # `config_test.go (or badge_test.go)`: the other one was written
            if "/" not in named.path and _RUNTIME_CONTEXT.search(task.description):
                continue  # a bare name the program writes at run time (`into the worktree`)
            if _MADE_AT_RUN_TIME.search(task.description):
                continue  # "creates container/ in the user's setup directory"
            if not _home_exists(ctx, spec, _in_repository(ctx, named.path), task):
                continue  # no folder of it is here: another repository's, or made at run time
            if _exists_in_other_case(ctx, spec, named.path):
                continue  # `Observability/` for `observability/`: the file is there
            if document and _in_other_repository(document, task.line):
                continue  # the section belongs to another repository (`**[REPO: core]**`)
            missing.append((task, named))

    def as_judged(named: TaskPath) -> str:
        return _as_written(judged.get((named.line, named.column), named.path))

    ignored = _ignored(ctx, [as_judged(named) for _, named in missing])
    # A bare name that repeats the last part of a missing path of its task is that path again.
    full = {
        (task.line, named.path.rstrip("/").rsplit("/", 1)[-1])
        for task, named in missing
        if "/" in named.path
    }
    notes: str | None = None
    for task, named in missing:
        if "/" not in named.path and (task.line, named.path) in full:
            continue
        if as_judged(named) not in ignored:
            other = _counterpart(ctx, named.path)
            if other is not None:
                if notes is None:
                    notes = _notes(document, tasks)
                if other in notes:
                    continue  # a note of tasks.md says the file lives at `other`
            hint = f" (did you mean {other}?)" if other else ""
            yield ctx.diagnostic(
                tasks.path,
                named.line,
                named.column,
                f"task {task.label} of {spec.label} is done but {named.path} does not exist"
                f"{hint}; do the work, correct the path, or uncheck the task",
                length=len(named.path),
            )


#: A spec folder inside an archive of specs (`specs/archive/053-sync/`).
_ARCHIVED = lazy_compile(r"(?:^|/)(?:archive|archived)/", re.IGNORECASE)
_OTHER_FILE_ALLOWED = lazy_compile(
    r"\bor\s+(?:the\s+|an?\s+|wherever\s+)?(?:relevant|appropriate|equivalent|another|other"
    r"|similar|corresponding|matching|existing)\b|\bor\s+wherever\b|\bor\s+equivalent\b",
    re.IGNORECASE,
)


def _names_a_file(document: Document | None, named: TaskPath) -> bool:
    """Whether a task's path surely names a file: with a folder or an extension, or in
    backticks. A bare `Containerfile` or `Makefile` in prose ("the Containerfile generation
    logic") is a kind of file the work is about, not the file it changes."""
    if "/" in named.path or "." in named.path.lstrip("."):
        return True
    line = document.line(named.line) if document else ""
    return named.column >= 2 and line[named.column - 2 : named.column - 1] == "`"


@rule("SP022", "completion-without-change", Severity.WARNING, methodology="specs", target=Spec)
def completion_without_change(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A change checks a task off, but the file the task names was not changed.

    ## What it does
    Runs on a change — a commit (`--staged`, the pre-commit hook), a pull request or a push
    (`--diff-base`, pre-commit's `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`, the Action) — and
    finds the tasks of tasks.md whose checkbox the change moves from open (`[ ]`) to done
    (`[x]`). For each, it looks up the files the task names with SP020's resolver (from the
    repository root, the spec folder, a sub-project; a bare name anywhere); a task whose files
    exist but none of which the branch added or modified is reported at its checkbox. A file
    the same lookup finds among the changed files counts as changed (a folder, `ui/`, when a
    file under it changed).

    What "the branch" is: for `--diff-base`, every commit since the merge base (first-parent;
    a pull request's merge commit is followed to the branch's own commits), with the working
    tree when there is no head ref. The checkboxes are judged commit by commit as SP013 judges
    stages: a task added open in one commit and checked in a later one is checked off by the
    change, and a task checked in commit 3 whose file changed in commit 1 is fine. For
    `--staged`: the commit being made, with the earlier commits of the checked-out branch
    since its merge base with the default branch — `origin/HEAD` as a clone records it, else
    the local `init.defaultBranch`, `main` or `master`. On the default branch itself, on a
    detached HEAD, or with no default branch to find, only the commit being made counts: check
    tasks off in the commit that does the work.

    Not reported: a task whose leading verb only reads (`[tool.phaselint.specs]` `read-verbs`:
    Verify, Run, Review, Check, Validate, Confirm, Measure, Benchmark, "Test that …"), also
    after a label (`Final validation: run …`), under a label that names a check (`Dogfood:`,
    `Regression check:`, `Dry run:`) or followed by a command line (`` Dispatch it: `gh workflow
    run release.yml` ``), a task that is a command line (`` `dotnet build app.sln` clean ``), or
    in another language's words for checking (既存確認, 校对, 验证) with no verb of making beside
    them (新增 … 验证 is a new test); a path in a placeholder (`<a real deps.yml>`) or after
    another repository's name (`` `acme/.github` `registry/a.yml` ``); a
    task that documents the paths it lists (`Document the template locations: `a.md`, …`: the
    file it writes follows "in"), a setting kept outside the repository (branch protection, a
    required check), a program's dot-folder files a task makes at run time ("write
    `.claude/settings.json` to the worktree"); a task
    its author settled without work (deferred, skipped, N/A, struck through, "already
    discharged, no new test"), a task that names
    several files of which one changed, the paths a task only consults (`per research.md`), a
    task closed without being done (`[~]`, `[-]`, `[N/A]`), a task added already checked
    (it never went from open to done in the change), and a bare extensionless name in prose
    ("the Containerfile generation logic": a kind of file, not the file changed; written
    `` `Containerfile` `` or with its folder, it counts), and a task that allows another file
    ("update cli.adoc or the relevant page"). A file that does not exist is SP020's
    (phantom-completion), not this rule's. While a merge is being concluded the merged
    branch's checkboxes were judged on that branch.

    ## Why is this bad?
    Spec-kit users call it a phantom completion: an agent implementing tasks.md marks
    `T014 Create outcome types in src/outcomeTypes.ts` done and moves on, but the file was
    never touched — it existed already, or the work went elsewhere, or nowhere.
    In the release train the task list is the spec's record of progress ("Unit Tests: Must
    pass before marking tasks complete"); a checkbox with no change behind it makes the spec
    look further along than it is, and the stage gates that read it (SP011, SP021) pass on a
    false record.

    ## Example
    A branch whose only change to `src/` is elsewhere, and in tasks.md:
    `- [ ] T014 [US1] Create outcome types in src/outcomeTypes.ts` becomes
    `- [x] T014 [US1] Create outcome types in src/outcomeTypes.ts`.

    ## How to fix
    Commit the work with the checkbox (or on the same branch), correct the path the task
    names, or uncheck the task.
    """
    change = ctx.project.change
    tasks = spec.tasks
    model = ctx.project.model(SpecsModel)
    if change is None or tasks is None or model is None:
        return
    completed = model.completions(spec)
    if not completed:
        return
    document = ctx.project.markdown(tasks.path)
    changed, where = ctx.project.memo("changed-on-branch", lambda: _changed_on_branch(ctx))
    reads = _read_verbs(spec.options.read_verbs)
    for task in completed:
        line = document.line(task.line) if document else ""
        if _only_reads(task.description, reads) or "~~" in line:
            continue  # only reads, or settled without work: no file to change
        if _OTHER_FILE_ALLOWED.search(task.description) or _OUTSIDE_SETTINGS.search(
            task.description
        ):
            continue  # "cli.adoc or the relevant page"; a setting outside the repository
        documents = _DOCUMENTS.match(task.description) is not None
        runtime = _RUNTIME_CONTEXT.search(task.description) is not None
        existing = [
            (named, path)
            for named in task.paths
            if not named.cited
            and _names_a_file(document, named)
            and not (documents and not _WHERE_WRITTEN.search(_text_before(document, task, named)))
            and not (runtime and named.path.startswith("."))
            and not _in_placeholder_or_other_repository(ctx, spec, document, task, named)
            and locate(ctx.project, spec.folder, path := _in_repository(ctx, named.path)) is True
        ]
        if not existing or any(locate(changed, spec.folder, path) is True for _, path in existing):
            continue  # no file of the repository (a missing one is SP020's), or one changed
        names = listing([f"`{named.path}`" for named, _ in existing])
        yield ctx.diagnostic(
            tasks.path,
            task.line,
            task.column,
            f"task {task.label} of {spec.label} was checked off, but {names} "
            f"{'was' if len(existing) == 1 else 'were'} not changed {where}; commit the work, "
            "correct the path, or uncheck the task",
            length=len(task.mark or "") + 2,
        )


def _in_placeholder_or_other_repository(
    ctx: RuleContext, spec: Spec, document: Document | None, task: Task, named: TaskPath
) -> bool:
    """A path inside a placeholder (`<a real dependencies.yml>`) or right after another
    repository's name (`` `acme/.github` `registry/a.yml` ``) is no file of this repository."""
    before = _text_before(document, task, named)
    return _OPEN_PLACEHOLDER.search(before) is not None or _other_repository_before(
        ctx, spec, before
    )


_OPEN_PLACEHOLDER = lazy_compile(r"<[A-Za-z][^<>`\n]*$")  # not a comparison: "<2s for …"


def _only_reads(description: str, reads: re.Pattern[str]) -> bool:
    """Whether a task only reads, runs or checks (its leading verb, after a label such as
    `Final validation:` or `Dogfood:`; a label that names a check; a command line right after
    the label; the check verbs of other languages), or was settled without work."""
    if reads.match(description) or _settled(description) or _NO_CHANGE.search(description):
        return True
    if _COMMAND_LINE.match(description):
        return True  # the task is a command line: `dotnet build app.sln` clean
    if _CHECKS_IN_OTHER_WORDS.search(description) and not _MAKES_IN_OTHER_WORDS.search(description):
        return True  # 既存確認, 校对 …: a check, where no verb of making stands beside it
    label = _LABEL.match(description)
    if label is None or _MAKES.match(label.group(0)):
        return False  # no label, or one that makes something: "Implement the guard: check if …"
    if _CHECK_LABEL.search(label.group(0)):
        return True  # `Dogfood:`, `Gates green —`
    if label.group(0).rstrip().endswith(":"):
        rest = description[label.end() :]
        return reads.match(rest) is not None or _COMMAND_LINE.match(rest) is not None
    return False  # "Write tests for the adapter — …, verify …": the dash does not end a label


#: A short label ending in a colon or a dash before the task's own words (`Final validation:
#: run …`, `Gates green — …`).
_LABEL = lazy_compile(r"^[\W_]*[^:`\n—–]{1,60}(?::|\s[—–])\s*")
#: A label that makes something: what follows it says what the thing does, not the task.
_MAKES = lazy_compile(
    r"^[\W_]*(?:implement|add|create|write|update|build|extend|fix|refactor|remove|introduce"
    r"|make|generate|wire|port|migrate|rename|move|delete|replace|define|expose|modify|change"
    r"|rework|rewrite|adjust|revise|edit|amend|convert|split|merge|restructure|harden)\b",
    re.IGNORECASE,
)
#: A label that names a check (`Dogfood:`, `Regression check:`, `Dry run:`).
_CHECK_LABEL = lazy_compile(
    r"(?<![\w-])(?:validation|verification|dogfood\w*|smoke[- ]?tests?|dry[- ]run|regression"
    r"|sign[- ]off|gates?|suite|review|audit|benchmark|qa)(?![\w-])",
    re.IGNORECASE,
)
#: A command line right after the label: `` `gh workflow run release.yml -f version=1.1.1` ``.
_COMMAND_LINE = lazy_compile(r"[*_]*`[a-z][\w.-]*\s+[^`\n]*`")
#: The verbs of checking in the languages spec authors write in (既存確認, 校对, 验证).
_CHECKS_IN_OTHER_WORDS = lazy_compile(
    r"確認|确认|核对|核對|校对|校對|验证|驗證|検証|(?:检查|檢查)(?!清单|清單|表|项|項)"
)
#: The verbs of making beside them: 新增 … 验证 is a new test that verifies, not a check.
_MAKES_IN_OTHER_WORDS = lazy_compile(
    r"新增|新建|实现|實現|添加|编写|編寫|扩展|擴展|补上|補上|回写|回寫|创建|創建|建立|追加|作成|実装"
    r"|修正|修改|更新|重构|重構|コミット|書き|写入|寫入|改为|改為|删除|刪除|移除|替换|替換|迁移|遷移"
)
#: Work its author settled without a change: "already discharged, no new test".
_NO_CHANGE = lazy_compile(
    r"\balready\s+(?:discharged|satisfied|met|true)\b|\bno\s+(?:new\s+)?(?:test|change|code)s?\s+"
    r"(?:needed|required)\b|\bno\s+new\s+tests?\b|\bcheck\s+only\b",
    re.IGNORECASE,
)
#: A setting kept outside the repository's files (`branch protection`, a required check).
_OUTSIDE_SETTINGS = lazy_compile(
    r"\b(?:branch\s+protection|required\s+status\s+checks?|(?:repository|repo|github)\s+"
    r"settings|social\s+preview)\b",
    re.IGNORECASE,
)
#: A task that documents things (`Document template file locations: `a.md`, `b.md``): the
#: paths it lists are what it writes about; the file it writes follows "in" or "to".
_DOCUMENTS = lazy_compile(r"^[\W_]*(?:document|describe|explain|list)\b", re.IGNORECASE)
_WHERE_WRITTEN = lazy_compile(r"\b(?:in|to|into|under)\s+(?:the\s+)?[`\"'*\[]*$", re.IGNORECASE)


class _ChangedFiles:
    """The files a change and its branch changed, as `locate` asks a listing (a `PathIndex`):
    a task's file is changed when the lookup SP020 makes, over these files only, finds it."""

    def __init__(self, paths: frozenset[str]) -> None:
        self.files = sorted(paths)
        self._file_set = paths
        self.file_names = frozenset(path.rsplit("/", 1)[-1] for path in paths)
        self.folder_names = frozenset(name for path in paths for name in path.split("/")[:-1])
        self.tails = path_tails(paths)

    def has_file(self, path: str) -> bool:
        return path in self._file_set

    def has_folder(self, folder: str) -> bool:
        prefix = folder.strip("/") + "/"
        return any(path.startswith(prefix) for path in self.files)


def _changed_on_branch(ctx: RuleContext) -> tuple[_ChangedFiles, str]:
    """The files the change's branch added or modified, and where that is, for messages."""
    change = ctx.project.change
    assert change is not None
    spans = change.history is not None or (change.earlier is not None and change.earlier())
    where = "on this branch" if spans else f"in {change.head_step}"
    return _ChangedFiles(change.changed_on_branch()), where


@cache
def _read_verbs(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """The leading verbs of tasks that only read, as one pattern (after any bold or `**Label**:`)."""
    words = "|".join(r"\s+".join(map(re.escape, verb.split())) for verb in verbs) or r"(?!)"
    return re.compile(rf"^[\W_]*(?:manual(?:ly)?\s+)?(?:{words})\b", re.IGNORECASE)


def _names_repository(ctx: RuleContext, first: str) -> bool:
    """Whether a path's first part is the repository's own name (its checkout's folder)."""
    name = ctx.project.memo("root-name", lambda: ctx.project.snapshot.root.resolve().name)
    return name == first or name.endswith(("_" + first, "-" + first))


def _in_repository(ctx: RuleContext, written: str) -> str:
    """A path with the repository's own name in front dropped (`my-repo/src/a.ts` in the
    repository `my-repo`): written from the folder above the checkout."""
    first, separator, rest = normalize_path(written).partition("/")
    if not separator or not rest:
        return written
    if not _names_repository(ctx, first):
        return written
    project = ctx.project
    if first not in project.folder_names or project.has_file(rest) or project.has_folder(rest):
        return rest + ("/" if written.rstrip().endswith("/") else "")
    return written


def _as_written(path: str) -> str:
    """A path as git's ignore rules match it: a folder keeps its trailing `/` (`dist/`)."""
    normalized = normalize_path(path)
    return normalized + "/" if path.rstrip().endswith("/") else normalized


def _exists_in_other_case(ctx: RuleContext, spec: Spec, written: str) -> bool:
    path = normalize_path(written).casefold()
    lowered = ctx.project.memo(
        "casefolded-paths", lambda: frozenset(p.casefold() for p in ctx.project.tails)
    )
    return path in lowered or f"{spec.folder}/{path}".casefold() in lowered


class _ListFacts(NamedTuple):
    """What a task list says about paths across its tasks, for SP020."""

    #: Paths a task removes (`T046 Delete scripts/codemod.ts`) or notes it made elsewhere
    #: (`Create a.lisp … (implemented in b.lisp)`): never there as named, by design.
    gone: frozenset[str]
    #: What a task closed without being done would have made (`[-] T036 Populate — skipped:
    #: …/manifest.yml`), with its folders: not made, by the author's decision.
    dropped: frozenset[str]
    #: Slashed paths by their last part: a bare `index.astro` of one task is the
    #: `site/src/pages/index.astro` another task names.
    spelled: dict[str, list[tuple[Task, str]]]


def _list_facts(tasks: TaskList) -> _ListFacts:
    gone = {
        normalize_path(named.path)
        for task in tasks.tasks
        if _REMOVES.match(task.description) or _MADE_ELSEWHERE.search(task.description)
        for named in task.paths
    }
    dropped = {
        folder
        for task in tasks.tasks
        if task.closed
        for named in task.paths
        for folder in _with_folders(normalize_path(named.path))
    }
    spelled: dict[str, list[tuple[Task, str]]] = {}
    for task in tasks.tasks:
        for named in task.paths:
            path = normalize_path(named.path)
            if "/" in path:
                spelled.setdefault(path.rsplit("/", 1)[-1].casefold(), []).append((task, path))
    return _ListFacts(frozenset(gone), frozenset(dropped), spelled)


def _text_before(document: Document | None, task: Task, named: TaskPath) -> str:
    """What the task says just before one of its paths: the line up to it, and the line above
    when the path stands early on a continuation line ("… created artifact" / "path
    `work/a.md`")."""
    if document is None:
        return ""
    before = document.line(named.line)[: named.column - 1]
    if named.line > task.line and len(before.strip(" \t`")) < 25:
        before = document.line(named.line - 1).rstrip() + " " + before.strip()
    return before


def _with_folders(path: str) -> list[str]:
    """`a/b/c.yml` → [`a/b/c.yml`, `a/b`, `a`]."""
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]


#: A path written as a value the work handles, not a file it leaves: "created artifact path
#: `work/a/clarifications.md`", "output path: `dist/a.json`".
_AS_VALUE = lazy_compile(
    r"\b(?:artifact|output|created|generated|result|target|destination|expected|returned)\s+"
    r"(?:file\s+)?path\s*:?\s*`?$"
    r"|=\s*`?$",  # a setting's value: `baselineRoot=docs/surface`, `(./Lib = Lib/)`
    re.IGNORECASE,
)
#: A line in a file (`Cli/Program.fs:91`): where the author points, evidence, not a deliverable.
_LINE_CITED = lazy_compile(r":\d+(?::\d+)?$")
#: A task's note that its file was not made as named: `(implemented in package.lisp)`.
_MADE_ELSEWHERE = lazy_compile(
    r"\((?:(?:implemented|integrated|done|written|added|merged|folded|put|lives?|included)\s+"
    r"(?:in|into)\b|(?:in|into)\s+`?[\w./-]+\.\w+`?\s*\))",
    re.IGNORECASE,
)
#: A bare name followed by the plural "files": a kind of file (`_test.go` files).
_KIND_OF_FILE = lazy_compile(r"^[`'\"*_]*\s+files\b", re.IGNORECASE)
#: Identifiers joined by slashes (`R2/R3`, `FR-001/FR-002`): a list, not a path.
_ID_LIST = lazy_compile(r"[A-Z]{1,4}-?\d+(?:/[A-Z]{1,4}-?\d+)+")
#: A setting given a path as its value, in a command line or prose (`baselineRoot=docs/out`).
_ASSIGNED = lazy_compile(r"[\w-]=([\w.][\w./-]*)")
#: A value written as equal to others: `(./Lib = Lib/ = Lib)`, spellings of one thing.
_EQUATED = lazy_compile(r"^[`'\"]?\s*=\s")
#: The repository written just before a path, in backticks (`FS-GG/.github`
#: `.github/workflows/a.yml`); "missing/incomplete spec.md" is prose.
_REPOSITORY_BEFORE = lazy_compile(
    r"(?:^|[\s(])`([A-Za-z0-9][A-Za-z0-9_.-]*)/[A-Za-z0-9_.-]+`\s*`?$"
)


def _other_repository_before(ctx: RuleContext, spec: Spec, before: str) -> bool:
    """Whether the text just before a path names another repository as `owner/name`, whose
    owner is no folder here: the path is that repository's."""
    found = _REPOSITORY_BEFORE.search(before)
    return found is not None and locate(ctx.project, spec.folder, found.group(1)) is False


def _in_other_repository(document: Document, line: int) -> bool:
    """Whether a `[REPO: x]` marker stands above the task, up to its section's top-level
    heading: the section's work belongs to another repository."""
    for number in range(line - 1, 0, -1):
        text = document.prose_line(number) or ""
        if _REPO_MARKER.search(text):
            return True
        if text.startswith("## ") or text.startswith("# "):
            return False
    return False


_REPO_MARKER = lazy_compile(r"\[\s*REPO\s*:", re.IGNORECASE)


def _home_exists(ctx: RuleContext, spec: Spec, written: str, task: Task) -> bool:
    """Whether a missing path is this repository's to hold: not what a program writes when it
    runs (`output/images/`, `tmp/`, `readiness/run-1/`), and not another repository's files,
    which a task names with its repository (`[REPO: core]`, "in the website repository")
    under a folder that is nowhere here."""
    path = normalize_path(written)
    first = path.split("/", 1)[0]
    if "/" in path and first.casefold() in _RUNTIME_FOLDERS:
        return False
    if _ISSUE_OF_ANOTHER.search(task.description):
        return False  # `acme/tools#18 swaps …`: the work is in that repository
    if "/" not in path or ctx.project.has_folder(first) or first in ctx.project.folder_names:
        return True
    if _OTHER_REPOSITORY.search(_PATH_TOKEN.sub(" ", f"{task.phase} {task.description}")):
        return False
    return not _named_repository(ctx, spec, first)


def _named_repository(ctx: RuleContext, spec: Spec, name: str) -> bool:
    """Whether the spec's documents call `name` a repository (`**oo-ios** (iOS Client) -
    integration repo`, `### iOS Repository: oo-ios/`): its files are that repository's."""

    def build() -> str:
        texts = []
        for path in spec.files:
            if path.lower().endswith(".md"):
                document = ctx.project.markdown(path)
                if document is not None:
                    texts.append(document.text)
        return "\n".join(texts)

    text = ctx.project.memo(f"spec-text:{spec.folder}", build)
    if name not in text:
        return False
    escaped = re.escape(name)
    near = (
        rf"{escaped}\W[^\n]{{0,60}}\brepo(?:sitory)?\b"
        rf"|\brepo(?:sitory)?\b[^\n]{{0,60}}\W{escaped}(?:\W|$)"
    )
    return re.search(near, text, re.IGNORECASE) is not None


_RUNTIME_FOLDERS = frozenset(
    {
        "output",
        "outputs",
        "out",
        "tmp",
        "temp",
        "dist",
        "build",
        "target",
        "coverage",
        "logs",
        "reports",
        "artifacts",
        "readiness",
        "cache",
        "results",
    }
)
_PATH_TOKEN = lazy_compile(r"\S*/\S*")
_RUNTIME_CONTEXT = lazy_compile(
    r"\b(?:at\s+run\s*-?time|on\s+startup|user'?s\s+(?:worktree|project|home|machine|folder)"
    r"|(?:in|into|to)\s+(?:the\s+|each\s+)?(?:worktree|user'?s?\s+\w+)|generat\w*|runtime"
    r"|build[- ]time"
    r"|writes?\s+(?:an?\s+)?(?:entry|line)|user'?s\s+\w+\s+(?:directory|folder|dir))\b|<\w[\w-]*>",
    re.IGNORECASE,
)
# Said of every path of a task: the program makes it in its users' folders when it runs.
_MADE_AT_RUN_TIME = lazy_compile(
    r"\b(?:creates?|writes?|makes?)\b[^.]*\b(?:in|into|under)\s+the\s+user'?s\b"
    r"|\b(?:in|into|under|inside)\s+an?\s+(?:[\w-]+\s+){0,3}?temp(?:orary)?\b",
    re.IGNORECASE,
)
#: Where an agent's instructions live: the paths a command document names are what the command
#: reads and writes when it runs, not files of this repository.
_INSTRUCTION_FOLDERS = frozenset({"commands", "prompts", "agents", "skills"})
_ISSUE_OF_ANOTHER = lazy_compile(r"\b[\w.-]+/[\w.-]+#\d+\b")
_OTHER_REPOSITORY = lazy_compile(r"\brepo(?:sitory|sitories|s)?\b", re.IGNORECASE)


def _same_name(ctx: RuleContext, written: str) -> str | None:
    """The file of the repository that has the missing path's name (`tests/integration/a.rs`
    for `tests/a.rs`): the only one, or of several the one that shares the most of its
    folders."""
    path = normalize_path(written)
    name = path.rsplit("/", 1)[-1]
    if "." not in name[1:] or name not in ctx.project.file_names:
        return None
    by_name = ctx.project.memo("files-by-name", lambda: _files_by_name(ctx.project.files))
    return _nearest(ctx, path, by_name.get(name, []))


def _nearest(ctx: RuleContext, path: str, candidates: list[str]) -> str | None:
    """The one of `candidates`, or of a few (three at most) the one that shares more of
    `path`'s leading folders than any other: all of them (`internal/provider/env.ts` for
    `internal/env.ts`), or all but the last when that one is not in the repository
    (`field-kernel/install.ts` for `state-field/install.ts`, a folder renamed); None otherwise
    (of many `Program.cs` or `index.ts`, or beside a folder that exists, no one is surely the
    file meant)."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    if len(candidates) > 3:
        return None
    folders = path.split("/")[:-1]

    def shared(other: str) -> int:
        return _shared_folders(folders, other)

    ranked = sorted(candidates, key=shared, reverse=True)
    best = shared(ranked[0])
    if best <= shared(ranked[1]) or not folders:
        return None
    if best == len(folders):
        return ranked[0]
    renamed = best == len(folders) - 1 and not ctx.project.has_folder("/".join(folders))
    return ranked[0] if renamed else None


def _counterpart(ctx: RuleContext, written: str) -> str | None:
    """A file that is likely what a missing path meant, for the message: a file of its name
    elsewhere (`_same_name`); else the file of its folder that differs only in its extensions
    (`modal.test.tsx` for `modal.test.ts`, `store.svelte.ts` for `store.ts`); else the file a
    deleted namesake was renamed to (`_successor`)."""
    found = _same_name(ctx, written)
    if found is not None:
        return found
    path = normalize_path(written)
    folder, _, name = path.rpartition("/")
    stem = _bare_stem(name)
    if stem[0] and "." in name:
        near = [
            other
            for other in ctx.project.files_in(folder)
            if _bare_stem(other.rsplit("/", 1)[-1]) == stem and other != path
        ]
        if len(near) == 1:
            return near[0]
    repository = ctx.project.repository
    if repository is None or not name:
        return None
    moved = {
        successor
        for deleted in _deleted_by_name(ctx, repository).get(name, ())
        if (successor := _successor(ctx, repository, deleted)) is not None
    }
    return _nearest(ctx, path, sorted(moved))


def _notes(document: Document | None, tasks: TaskList) -> str:
    """tasks.md's text outside its task lines and code — the notes under tasks and its prose
    (`> Current State Note: the script lives at server/src/scripts/a.ts`), where an author
    writes down where a file really is."""
    if document is None:
        return ""
    starts = {task.line for task in tasks.tasks}
    return "\n".join(
        raw
        for number, (raw, unquoted) in enumerate(
            zip(document.lines, document.unquoted, strict=True), start=1
        )
        if unquoted is not None and number not in starts
    )


def _files_by_name(files: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in files:
        index.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    return index


def _ignored(ctx: RuleContext, paths: list[str]) -> set[str]:
    """The paths git ignores — build output, local state, a user's own files — which a done
    task need not have committed; one git call per spec that has any."""
    repository = ctx.project.repository
    return repository.ignored(paths) if repository is not None and paths else set()


@rule("SP021", "status-drift", Severity.WARNING, methodology="specs", target=Spec)
def status_drift(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """spec.md's `**Status**:` contradicts the spec's stage.

    ## What it does
    Compares spec.md's `**Status**:` field with the spec's stage: `Draft` while the declared
    stage is `implementing` or later, or `Implemented`/`Complete`/`Done` while the stage is
    before `testing` or tasks are still unchecked. spec-kit writes `**Status**: Draft` and never
    updates it, so a plain spec-kit folder (no `.status`, stage inferred) is not held to its
    Draft. Without `.status`, a spec whose tasks are all checked (numbered or not) has finished
    its implementation: its stage is inferred as `testing`, and `Implemented`, `Complete` or
    `Done` agree with it; a spec with neither `.status` nor tasks has no task state to
    contradict, and is not judged.

    ## Why is this bad?
    The release train promises "Clear stages (know where each spec is)". A status that drifts from
    reality misleads readers of the spec, who rarely look at `.status` or tasks.md.

    ## Example
    spec.md says `**Status**: Draft`; `.status` says `testing`.

    ## How to fix
    Update the Status field (or drop it and let `.status` speak).

    ## Fix safety
    When the stage is declared in `.status` and the Status field contradicts it, the fix writes
    the stage there (`**Status**: Draft` → `**Status**: Implementing`): `.status` is the record
    the other rules and tools read. Safe when the value is the one word (`Draft`, `Complete`,
    `Done` …); unsafe when more text follows (`Draft (reviewed 2025-01-02)`), which the fix
    drops. An inferred stage, and a done Status with unchecked tasks (the tasks may be what is
    wrong), have no fix.
    """
    document = spec.document("spec.md")
    field = document.first_field(STATUS, bold=True) if document is not None else None
    if document is None or field is None or not field.value.strip():
        return
    value = clean_inline(field.value).casefold()
    stage, options = spec.stage, spec.options
    problem = None
    if value.startswith("draft") and stage.declared and options.at_least(stage, "implementing"):
        problem = spec.stage_phrase
    elif value.startswith(_DONE_WORDS) and (stage.declared or (spec.tasks and spec.tasks.tasks)):
        open_tasks = spec.tasks.open if spec.tasks is not None else []
        if not options.at_least(stage, "testing"):
            problem = spec.stage_phrase
        elif open_tasks:
            problem = f"{len(open_tasks)} task(s) of {spec.label} are unchecked"
    if problem is None:
        return
    fix = None
    if problem == spec.stage_phrase and stage.declared:
        fix = _status_fix(document, field, stage.name)
    yield ctx.diagnostic(
        document.path,
        field.line,
        field.value_column,
        f"spec.md says **Status**: {clean_inline(field.value)} but {problem}; update the Status field",
        length=len(field.value),
        fix=fix,
    )


def _status_fix(document: Document, field: Field, stage: str) -> Fix | None:
    """`**Status**: Draft` written as the stage `.status` declares (`Implementing`): safe when
    the value is the one word, unsafe when more text follows (a date, a note), which goes."""
    start = field.value_column - 1
    if (
        not field.value
        or document.line(field.line)[start : start + len(field.value)] != field.value
    ):
        return None
    written = stage[:1].upper() + stage[1:]
    alone = clean_inline(field.value).strip().casefold() in ("draft", *_DONE_WORDS)
    end = field.value_column + len(field.value)
    return Fix(
        f"write the Status as `{written}`, the stage .status declares",
        (Edit(field.line, field.value_column, field.line, end, written),),
        Safety.SAFE if alone else Safety.UNSAFE,
    )


_KNOWN_PLACEHOLDERS = frozenset(
    [
        "FEATURE NAME",
        "FEATURE",
        "###-feature-name",
        "###-feature",
        "DATE",
        "link",
        "Brief Title",
        "Title",
        "CHECKLIST TYPE",
        "PROJECT NAME",
        "PROJECT_NAME",
        "Entity",
        "entity",
        "Service",
        "service",
        "endpoint",
        "endpoint/feature",
        "location",
        "file",
        "name",
        "user journey",
        "language",
        "framework",
        "initial state",
        "action",
        "expected outcome",
        "boundary condition",
        "error scenario",
        "specific action",
        "specific value",
        "REMOVE IF UNUSED",
        "Gates determined based on constitution file",
    ]
)
_NUMBERED_PLACEHOLDER = lazy_compile(r"(?:Category \d+|Entity ?\d+|entity\d+)")
_PUBLISHED_PLACEHOLDERS = frozenset(
    {
        "FEATURE NAME",
        "###-feature-name",
        "###-feature",
        "Brief Title",
        "CHECKLIST TYPE",
        "PROJECT NAME",
        "PROJECT_NAME",
        "REMOVE IF UNUSED",
        "Gates determined based on constitution file",
    }
)
_TEMPLATE_ASKS = (
    r"\[(?:Describe|Explain|Brief description|What it represents|Add more|Extract from|Document the"
    r"|How to verify|Link to|specific capability|key interaction|data requirement|behavior|"
    r"Measurable metric|User satisfaction metric|Business metric|Assumption about|Dependency on"
    r")\b[^\]\n]*\](?![(\[])"
)
_TEMPLATE_SPEAK = (
    r"\$ARGUMENTS\b|\bTXXX\b"
    rf"|{_TEMPLATE_ASKS}"
    r"|\[[^\]\n]*\be\.g\.,?[^\]\n]*\](?![(\[])"
)
_REMOVES = lazy_compile(r"^\W*(?:remove|delete|drop|retire|clean\s+up|删除|移除)\b", re.IGNORECASE)
_SCAFFOLD = lazy_compile(r"\b(?:director(?:y|ies)|folders?)\b", re.I)
_ALTERNATIVE = lazy_compile(r"^[`*_]*\s*(?:\(\s*)?or\s+[`*_]*[\w./-]+\.\w+", re.IGNORECASE)
_REFERENCE_AFTER = lazy_compile(r"^[`'\"*_]*\s*(?:equivalent|counterpart|analog(?:ue)?)\b", re.I)
_RENAMED_NOTE = lazy_compile(
    r"[`*_]*\s*\((?:as|renamed(?:\s+to)?|actually|now|moved\s+to|became)\b", re.IGNORECASE
)
_GONE_BY_DESIGN = lazy_compile(
    r"\b(?:remove[sd]?|removing|delete[sd]?|deleting|rename[sd]?|renaming|move[sd]?|moving"
    r"|migrate[sd]?|migrating|convert(?:s|ed)?|converting|replace[sd]?|replacing|deprecate[sd]?"
    r"|drop(?:s|ped)?|retire[sd]?|consolidate[sd]?|merge[sd]?\s+into|split|detect(?:s|ed)?)\b"
    r"|删除|移除|删掉|削除|迁移|重命名",
    re.IGNORECASE,
)
_EXAMPLE_BEFORE = lazy_compile(r"(?:e\.g\.,?|such as|like|for example)\s*[`\"'(]*$", re.IGNORECASE)
_ABOUT_PLACEHOLDERS = lazy_compile(
    r"[\s\"'”’`)]*(?:placeholders?|tokens?|markers?|fields?|variables?)\b", re.IGNORECASE
)
_TEMPLATE_COMMENT = lazy_compile(r"ACTION REQUIRED|SAMPLE TASKS|SAMPLE ITEMS|should be PRIORITIZED")


_BRACKET = lazy_compile(r"(?<![\"“'‘\w\]])\[([^\[\]\n]{1,200})\](?![(\[])")


class _Placeholders(NamedTuple):
    """Placeholders: the repository's templates' own (`tokens`), or spec-kit's published
    ones (`numbered` adds `[Entity 1]`-style ones); with either, what only a template says
    (`$ARGUMENTS`, `[e.g., …]`, `[Describe …]`). An opening quote right before one
    (`"[FEATURE] Dark mode"`, an issue title) is quoted text. Candidates are found with one
    pattern and looked up in a set, however many placeholders the templates hold."""

    tokens: frozenset[str]
    numbered: bool

    def finditer(self, text: str) -> list[re.Match[str]]:
        found = [
            m
            for m in _BRACKET.finditer(text)
            if " ".join(m.group(1).split()) in self.tokens
            or (self.numbered and _NUMBERED_PLACEHOLDER.fullmatch(m.group(1)))
        ]
        taken = [(m.start(), m.end()) for m in found]
        # Most lines hold only the bracketed asks, if anything: found with their pattern alone
        # (the same matches: no other part of `_SPEAK` can match such a line).
        alone = "$ARGUMENTS" not in text and "TXXX" not in text and "e.g" not in text
        for match in (_ASKS if alone else _SPEAK).finditer(text):
            if not any(start <= match.start() < end for start, end in taken):
                found.append(match)
        return sorted(found, key=lambda m: m.start())


_SPEAK = lazy_compile(_TEMPLATE_SPEAK)
_ASKS = lazy_compile(_TEMPLATE_ASKS)


def _placeholders(learned: frozenset[str] | None, *, from_template: bool) -> _Placeholders:
    """What SP018 looks for in one artifact. The published templates' one-word placeholders
    (`[name]`, `[file]`) stand only in the artifacts made from them; elsewhere
    (`contracts/cli.md`) `[name]` is CLI syntax. The published templates' unmistakable
    placeholders stay known when a repository's newer template dropped them: specs made from
    the older one still hold them."""
    if learned is not None:
        return _Placeholders(learned | _PUBLISHED_PLACEHOLDERS, numbered=False)
    if from_template:
        return _Placeholders(_KNOWN_PLACEHOLDERS, numbered=True)
    return _Placeholders(_PUBLISHED_PLACEHOLDERS, numbered=False)


def _from_template(spec: Spec, path: str) -> bool:
    """Whether an artifact is one spec-kit writes from a template: spec.md, plan.md, tasks.md,
    a checklist."""
    relative = path[len(spec.folder) + 1 :]
    return relative in ("spec.md", "plan.md", "tasks.md") or relative.startswith("checklists/")


def _describes_format(document: Document, line: int) -> bool:
    """Whether `line` belongs to a list that describes a format (`… using format:`), as the
    older plan template's Phase 0 does for research.md; its brackets are the format's."""
    for number in range(line - 1, max(0, line - 6), -1):
        text = (document.prose_line(number) or "").strip()
        if re.search(r"\bformat\s*:\**$", text, re.IGNORECASE):
            return True
        if text and not text.startswith(("-", "*", "+")) and not text[:1].isdigit():
            return False
    return False


@rule("SP018", "unfilled-template", Severity.ERROR, methodology="specs", target=Spec)
def unfilled_template(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Template text left unfilled in a spec artifact past draft.

    ## What it does
    Once a spec has left `draft`, scans its artifacts for what spec-kit's templates (older and
    current) leave to be filled in. When the repository has its own templates
    (`.specify/templates/*.md`), the placeholders are the bracketed ones those templates contain
    and the example lines are theirs (sample lines with a clarification marker or an
    "Example" lead); otherwise spec-kit's published placeholders: `[FEATURE NAME]`, `[DATE]`,
    `[###-feature-name]`, `[Brief Title]`, `[Entity 1]`, `[CHECKLIST TYPE]`, the sample task id
    `TXXX`. Either way `$ARGUMENTS`, `[Describe …]` and `[e.g., …]` are template text. An
    author's own bracketed tags (`[OBSERVE-FAIL]`, `[DEPENDS ON ALL]`) are not placeholders,
    nor is a quoted title that opens with one (`"[FEATURE] Dark mode"`). Also reported:
    HTML comments the template asks to act on ("ACTION REQUIRED", "SAMPLE TASKS", "SAMPLE
    ITEMS"); and the template's own example lines (the "Example of marking unclear
    requirements" and its FR-006/FR-007 lines, the sample checklist items). Placeholders inside
    code blocks or inline code are not reported, nor are links (`[text](url)`), task markers
    (`[P]`, `[US1]`) or checkboxes.

    ## Why is this bad?
    The release train's first gate is "Spec template followed, sections complete" — followed, not left
    as it came. A spec that moved on with template text in it was never written for this
    feature: a plan made from `[e.g., Python 3.11 or NEEDS CLARIFICATION]` is a plan made from
    nothing.

    ## Example
    ```markdown
    # Feature Specification: [FEATURE NAME]
    **Created**: [DATE]
    ```

    ## Use instead
    ```markdown
    # Feature Specification: Login
    **Created**: 2025-12-18
    ```

    ## How to fix
    Fill in or delete the template text (delete the ACTION REQUIRED comments once acted on).
    """
    if spec.stage.index == 0:
        return
    templates = spec.templates
    learned = templates.placeholders if templates.source else None
    from_template = _placeholders(learned, from_template=True)
    elsewhere = _placeholders(learned, from_template=False)
    markers = [m.casefold() for m in ctx.options(ClarificationOptions).markers]
    for path in spec.markdown_files:
        document = ctx.project.markdown(path)
        if document is None:
            continue
        name = path.rsplit("/", 1)[-1]
        pattern = from_template if _from_template(spec, path) else elsewhere
        for number, text in enumerate(document.prose, start=1):
            if text is None:
                continue
            if "[" in text or "$" in text or "TXXX" in text:
                for match in pattern.finditer(text):
                    inner = " ".join(match.group().strip("[]").split()).casefold()
                    if any(inner.startswith(marker) for marker in markers):
                        continue  # a clarification marker: CLR001's to report
                    if _ABOUT_PLACEHOLDERS.match(text, match.end()) or _EXAMPLE_BEFORE.search(
                        text, 0, match.start()
                    ):
                        continue  # "[FEATURE] placeholders are replaced …": talk about them
                    if match.group().startswith("[") and text.count('"', 0, match.start()) % 2:
                        continue  # inside a quoted string: the author's own text
                    if listed_with_others(text[: match.start()]) or _describes_format(
                        document, number
                    ):
                        continue  # placeholders named in a list, or a format described
                    yield ctx.diagnostic(
                        path,
                        number,
                        match.start() + 1,
                        f'{name} of {spec.label} still has the template placeholder "{match.group()}"; '
                        f"fill it in (the spec is past draft: {spec.stage.name})",
                        length=len(match.group()),
                    )
            if text.strip() and is_template_example(text, templates):
                yield ctx.diagnostic(
                    path,
                    number,
                    len(text) - len(text.lstrip()) + 1,
                    f"{name} of {spec.label} still has the template's example line; replace it "
                    "with the feature's own content",
                    length=len(text.strip()),
                )
        for line, column, inner in document.html_comments():
            found = _TEMPLATE_COMMENT.search(inner)
            if found:
                yield ctx.diagnostic(
                    path,
                    line,
                    column,
                    f'{name} of {spec.label} still has the template\'s "{found.group()}" comment; act '
                    "on it and delete it",
                    length=4 + len(inner.split("\n", 1)[0]),
                )


@rule("SP013", "stage-skip", Severity.ERROR, methodology="specs", target=Spec)
def stage_skip(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A spec moves forward more than one stage at once.

    ## What it does
    Runs on a change — a commit (`--staged`, the pre-commit hook) or a pull request
    (`--diff-base`) — and compares the stage `.status` declares with the stage it declared at
    the base: HEAD for a commit; for a pull request, the merge base and then each commit of the
    branch in turn (first-parent), so a branch that moves a spec one stage per commit skips
    nothing. Moving forward by more than one stage is reported at `.status`; moving backwards
    (reopening a spec for rework) is allowed.

    Decisions: only declared stages are compared (a spec that gets its first `.status`, or a
    spec-kit folder whose stage is inferred from its artifacts, has no transition to judge); a
    spec the change adds has no earlier stage; a renamed spec folder is followed to its old
    name; while a merge is being concluded the merged branch's own steps were checked on that
    branch, so the merge commit is not judged again. A hotfix spec (`hotfix-NNN-…`) that
    documents its exception (a heading or field named Exception or Fast-track) may fast-track.

    ## Why is this bad?
    The release train: every stage has a quality gate ("Gates at transitions, continuous validation");
    a spec that jumps from `planned` to `implementing` skipped tasking and checklist
    validation.

    ## Example
    `.status` says `planned` in HEAD and `implementing` in the staged commit.

    ## How to fix
    Move one stage at a time, doing each stage's work (`/tasks`, `/checklist`), or document the
    hotfix exception.
    """
    model = ctx.project.model(SpecsModel)
    status = spec.status
    if model is None or status is None or status.stage is None or spec.documents_exception:
        return
    before = model.status_at_base(spec)
    if before is None or before.stage is None:
        return
    change = ctx.project.change
    options = spec.options
    steps: list[tuple[str, str | None]] = [
        (f"commit {commit[:12]}", stage)
        for commit, stage in model.status_history.get(status.path, [])
    ]
    steps.append((change.head_step if change is not None else "this change", status.stage))
    previous = before.stage
    for where, stage in steps:
        if stage is None:
            continue
        was, now = options.stage_index(previous), options.stage_index(stage)
        if was is not None and now is not None and now - was > 1:
            skipped = [f"`{name}`" for name in options.stages[was + 1 : now]]
            yield ctx.diagnostic(
                status.path,
                1,
                1,
                f"{spec.label} moves from `{previous}` to `{stage}` in {where}, skipping "
                f"{listing(skipped)}; move one stage at a time, passing each stage's gate "
                "(a hotfix may fast-track when spec.md documents the exception)",
                length=max(len(status.first_line), 1),
            )
            return
        previous = stage


@rule("SP016", "orphaned-branch", Severity.WARNING, methodology="specs", target=Spec)
def orphaned_branch(spec: Spec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A closed spec's git branch still exists locally.

    ## What it does
    When a spec's `.status` says `closed` (the last configured stage), looks for local git
    branches named for it: `spec-NNN-slug`, `NNN-slug` (spec-kit) or `hotfix-NNN-slug`,
    namespaced ones included (`team/web/008-guided-tour` is spec 008's). A branch belongs to
    the spec with its number; hotfixes are numbered apart. Runs inside a git repository only.

    ## Why is this bad?
    The release train, stage 10 (closed): "Delete spec branch (local + GitHub)"; its exit criteria say
    "No orphaned branches". Stale spec branches crowd the 2–5 branch limit and invite work on
    finished specs.

    ## Example
    `specs/008-guided-tour/.status` says `closed`; `git branch` lists `008-guided-tour`.

    ## How to fix
    Delete the branch (`git branch -d 008-guided-tour`, and on the remote), or reopen the spec.

    ## Options
    `[tool.phaselint.specs]`: `branch-patterns` (which branch names are spec branches).
    """
    model = ctx.project.model(SpecsModel)
    status = spec.status
    options = spec.options
    naming = spec.naming
    if model is None or status is None or naming is None or naming.number is None:
        return
    if status.stage != options.stages[-1]:
        return
    for branch in model.branches.get((naming.hotfix, naming.number), []):
        yield ctx.diagnostic(
            status.path,
            1,
            1,
            f"{spec.label} is {status.stage} but its branch `{branch}` still exists locally; "
            f"delete it (`git branch -d {branch}`, and on the remote) — no orphaned branches",
            length=max(len(status.first_line), 1),
        )


@rule("SP017", "branch-without-spec", Severity.WARNING, methodology="specs", target=SpecBranch)
def branch_without_spec(branch: SpecBranch, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The checked-out branch is named like a spec branch but no spec folder has its number.

    ## What it does
    Reads the checked-out branch (in a detached pull-request checkout, `GITHUB_HEAD_REF`) and,
    when its last segment is named like a spec branch — `spec-NNN-slug`, spec-kit's `NNN-slug`,
    `hotfix-NNN-slug`; `team/web/008-guided-tour` counts — looks for a spec folder with that
    number. The diagnostic points at the specs folder, since a branch is no file. Runs on
    whole-repository runs and on changes (`--staged`, `--diff-base`), not when only some files
    are named.

    Branch names are matched by number, so an issue branch such as `123-fix-login` (GitHub's
    "create a branch" names them so) reads as spec 123: narrow `branch-patterns` to
    `["spec-{number}-{slug}", "hotfix-{number}-{slug}"]` if your team names branches that way.

    ## Why is this bad?
    The release train: a spec branch exists to develop one spec ("spec-NNN-feature-name: Develop one
    spec/feature"). A spec branch without its spec means the spec lives elsewhere, was
    renumbered, or was never written.

    ## Example
    On branch `spec-042-export` while `specs/` has no 042 folder.

    ## How to fix
    Create the spec (`specs/042-export/spec.md`), or rename the branch after its spec.

    ## Options
    `[tool.phaselint.specs]`: `branch-patterns`, `specs-dir`.
    """
    model = ctx.project.model(SpecsModel)
    naming = branch.naming
    if model is None or naming.number is None:
        return
    if any(key[1:] == (naming.hotfix, naming.number) for key in model.by_number):
        return
    kind = "hotfix" if naming.hotfix else "spec"
    yield ctx.diagnostic(
        branch.path,
        1,
        1,
        f"the checked-out branch `{branch.branch}` is named for {kind} {naming.digits} but "
        f"{branch.path}/ has no {kind} folder numbered {naming.digits}; create the spec, or "
        "rename the branch after its spec",
    )
