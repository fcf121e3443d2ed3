"""The markdown document model: one parse per file, no parser tokens beyond this module.

A `Document` knows its headings (with level, line and column), the sections they open,
`**Field**: value` pairs, checklist items with their state, fenced and indented code blocks with
their info string, front matter, and a *prose view* of every line: the line as a reader sees it,
with code blocks removed and inline code spans, HTML comments and link targets blanked out. Rules
that look for prose markers (calendar words, clarification markers, vague gates) scan the prose
view only, so text quoted in code never trips them.

Block structure comes from `phaselint.blocks`, a one-pass scanner of CommonMark's block rules
(with GFM tables and front matter) that yields what markdown-it-py's block phase yields, some
three times faster; a text it is not sure of (a tab in measured indentation, a link reference
definition) is parsed by markdown-it-py, whose block tokens become the same events. Inline
structure phaselint needs (code spans, emphasis) is computed here on the raw lines, which keeps
every column exact and the parse fast.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from phaselint.blocks import Event, scan
from phaselint.lazyre import lazy_compile
from phaselint.textutil import (
    clean_inline,
    html_comment_spans,
    mask_code_spans,
    mask_markup,
    normalize_label,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_PARSER: MarkdownIt | None = None

_CONTAINER_PREFIX = lazy_compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_ITEM = lazy_compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"(?:\[(?P<mark>[ xX~-]|N/A|n/a)\](?=[ \t]|$))?"
)
_BOLD_FIELD = lazy_compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
    r"(?P<open>\*\*|__)(?P<name>[^*_:\n][^*_\n]{0,60}?)"
    r"(?:[ \t]*[:：][ \t]*(?P=open)|(?P=open)[ \t]*[:：])[ \t]*(?P<value>.*)$"
)
_PLAIN_FIELD = lazy_compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+)?)"
    r"(?P<name>[A-Za-z][A-Za-z0-9 /&'()-]{0,48}?)(?P<colon>[:：])(?P<value>.*)$"
)
_FRONT_MATTER_KEY = lazy_compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_ATX_CLOSE = lazy_compile(r"[ \t]+#+[ \t]*$")


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
        # Inline structure is computed on raw lines (see module docstring): skip that phase.
        parser.disable(["inline", "text_join"])
        _PARSER = parser
    return _PARSER


class Heading(NamedTuple):
    """An ATX or setext heading."""

    level: int
    text: str
    line: int
    column: int
    end_line: int

    @property
    def title(self) -> str:
        """The heading as matched against synonyms (see `normalize_label`)."""
        return normalize_label(self.text)

    @property
    def plain(self) -> str:
        """The heading text with emphasis and emoji removed."""
        return clean_inline(self.text)


class Section(NamedTuple):
    """A heading and the lines it governs, up to the next heading of the same or higher level."""

    heading: Heading
    start_line: int
    end_line: int

    @property
    def body_start(self) -> int:
        return self.heading.end_line + 1

    def contains(self, line: int) -> bool:
        return self.start_line <= line <= self.end_line


class Field(NamedTuple):
    """A `**Name**: value` (bold) or `- Name: value` (plain) pair on one line."""

    name: str
    value: str
    line: int
    column: int
    value_column: int
    bold: bool

    @property
    def key(self) -> str:
        return normalize_label(self.name)


class ListItem(NamedTuple):
    """A list item, with its checkbox if it has one (`- [ ] text`, `- [x] text`; `- [~] text`,
    `- [-] text`, `- [N/A] text`: closed without being done — reverted, superseded, dropped —
    as spec-kit users write it).

    `text` is the item's first paragraph (continuation lines joined by newlines) without the
    checkbox; `column` is the checkbox's `[` (or the text's start when there is none).
    """

    mark: str | None
    text: str
    line: int
    column: int
    text_column: int
    end_line: int
    depth: int

    @property
    def has_checkbox(self) -> bool:
        return self.mark is not None

    @property
    def checked(self) -> bool:
        return self.mark is not None and self.mark in "xX"

    @property
    def open(self) -> bool:
        """An unchecked box: neither done nor closed (`[~]`)."""
        return self.mark == " "


class CodeBlock(NamedTuple):
    """A fenced or indented code block; `line` is its first line (the fence, if fenced)."""

    info: str
    line: int
    end_line: int
    content: str
    fenced: bool

    @property
    def language(self) -> str:
        return self.info.split(maxsplit=1)[0].casefold() if self.info.strip() else ""

    @property
    def content_line(self) -> int:
        """The line of the block's first content line."""
        return self.line + 1 if self.fenced else self.line


class Paragraph(NamedTuple):
    """A run of inline text (paragraph, heading, table row) with its raw line span."""

    start_line: int
    end_line: int
    in_list_item: bool


@dataclass
class _Builder:
    lines: list[str]
    headings: list[Heading] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    html_lines: list[tuple[int, int]] = field(default_factory=list)
    front_matter: tuple[int, int, str] | None = None


class Facts(NamedTuple):
    """What the parse of a text found, the rest of a `Document` derived from it: the form the
    cache keeps (`phaselint.cache`), loaded in a fifteenth of the time a parse takes."""

    text: str
    headings: tuple[Heading, ...]
    list_items: tuple[ListItem, ...]
    code_blocks: tuple[CodeBlock, ...]
    paragraphs: tuple[Paragraph, ...]
    html_lines: tuple[tuple[int, int], ...]
    front_matter: tuple[int, int, str] | None


class Document:
    """One parsed markdown file. Lines are 1-based everywhere."""

    def __init__(self, path: str, text: str) -> None:
        self._settle(path, facts_from_events(text, _events(text)))

    @classmethod
    def from_facts(cls, path: str, facts: Facts) -> Document:
        """The document at `path` whose parse found `facts` (the text is not parsed again)."""
        document = cls.__new__(cls)
        document._settle(path, facts)
        return document

    def _settle(self, path: str, facts: Facts) -> None:
        self.path = path
        self.text = facts.text
        self.lines: tuple[str, ...] = tuple(facts.text.split("\n"))
        self.headings: tuple[Heading, ...] = facts.headings
        self.list_items: tuple[ListItem, ...] = facts.list_items
        self.checklist: tuple[ListItem, ...] = tuple(i for i in self.list_items if i.has_checkbox)
        self.code_blocks: tuple[CodeBlock, ...] = facts.code_blocks
        self.paragraphs: tuple[Paragraph, ...] = facts.paragraphs
        self._html_lines = facts.html_lines
        self._front_matter = facts.front_matter
        self._facts = facts

    def facts(self) -> Facts:
        """What the parse found (see `Facts`)."""
        return self._facts

    # -- line views ---------------------------------------------------------------------------

    def line(self, number: int) -> str:
        """The raw text of line `number` (empty past the end)."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    @cached_property
    def _code_lines(self) -> frozenset[int]:
        lines: set[int] = set()
        for block in self.code_blocks:
            lines.update(range(block.line, block.end_line + 1))
        if self._front_matter is not None:
            lines.update(range(self._front_matter[0], self._front_matter[1] + 1))
        return frozenset(lines)

    @cached_property
    def unquoted(self) -> tuple[str | None, ...]:
        """Every line with code removed: `None` for lines of code blocks and front matter, code
        spans blanked elsewhere. HTML comments are kept (suppression comments live there)."""
        view: list[str | None] = list(self.lines)
        for number in self._code_lines:
            view[number - 1] = None
        for paragraph in self.paragraphs:
            first, last = paragraph.start_line - 1, paragraph.end_line
            chunk = "\n".join(line or "" for line in view[first:last])
            if "`" in chunk:
                view[first:last] = mask_code_spans(chunk).split("\n")
        return tuple(view)

    @cached_property
    def prose(self) -> tuple[str | None, ...]:
        """Every line as prose: `unquoted`, with HTML blocks removed and inline HTML comments,
        link targets and URLs blanked out."""
        view: list[str | None] = list(self.unquoted)
        for first, last in self._html_lines:
            for number in range(first, last + 1):
                view[number - 1] = None
        for paragraph in self.paragraphs:
            first, last = paragraph.start_line - 1, paragraph.end_line
            chunk = "\n".join(line or "" for line in view[first:last])
            masked = mask_markup(chunk)
            if masked is not chunk:
                view[first:last] = masked.split("\n")
        return tuple(view)

    def prose_line(self, number: int) -> str | None:
        """Line `number` as prose, or None when it is code, HTML or front matter."""
        return self.prose[number - 1] if 1 <= number <= len(self.prose) else None

    def prose_of(self, number: int) -> str | None:
        """`prose_line(number)`, worked out from the line's own paragraph when the prose view
        of the whole document has not been built: a rule that reads a few lines (the headings)
        does not pay for every line of the document."""
        if "prose" in self.__dict__ or not 1 <= number <= len(self.lines):
            return self.prose_line(number)
        if number in self._code_lines or number in self._html_line_set:
            return None
        starts, reach = self._paragraph_index
        index = bisect_right(starts, number) - 1
        if index < 0 or self.paragraphs[index].end_line < number:
            if index >= 0 and reach[index] >= number:
                return self.prose_line(number)  # inside an earlier, longer paragraph
            return self.lines[number - 1]  # in no paragraph: nothing is masked
        paragraph = self.paragraphs[index]
        alone = (index == 0 or reach[index - 1] < paragraph.start_line) and (
            index + 1 == len(starts) or starts[index + 1] > paragraph.end_line
        )
        if not alone:  # the cells of a table row share their line: the full view
            return self.prose_line(number)
        # What `unquoted`, then `prose`, do to this paragraph's lines.
        first, last = paragraph.start_line - 1, paragraph.end_line
        code = self._code_lines
        view: list[str | None] = [
            None if n + 1 in code else self.lines[n] for n in range(first, last)
        ]
        chunk = "\n".join(line or "" for line in view)
        if "`" in chunk:
            view = list(mask_code_spans(chunk).split("\n"))
        html = self._html_line_set
        view = [None if first + k + 1 in html else line for k, line in enumerate(view)]
        chunk = "\n".join(line or "" for line in view)
        masked = mask_markup(chunk)
        if masked is not chunk:
            view = list(masked.split("\n"))
        return view[number - 1 - first]

    @cached_property
    def _html_line_set(self) -> frozenset[int]:
        return frozenset(n for first, last in self._html_lines for n in range(first, last + 1))

    @cached_property
    def _paragraph_index(self) -> tuple[list[int], list[int]]:
        """The paragraphs' first lines, and the furthest line any paragraph up to each reaches."""
        starts, reach, furthest = [], [], 0
        for paragraph in self.paragraphs:
            starts.append(paragraph.start_line)
            furthest = max(furthest, paragraph.end_line)
            reach.append(furthest)
        return starts, reach

    # -- structure ----------------------------------------------------------------------------

    @cached_property
    def _outline(self) -> tuple[tuple[Section, ...], tuple[int, ...], list[int]]:
        """The sections, the index of each one's parent section (-1: none) and their first
        lines, found in one pass with a stack of the sections still open."""
        count = len(self.lines)
        ends = [count] * len(self.headings)
        parents = [-1] * len(self.headings)
        still_open: list[int] = []
        for index, heading in enumerate(self.headings):
            while still_open and self.headings[still_open[-1]].level >= heading.level:
                ends[still_open.pop()] = heading.line - 1
            if still_open:
                parents[index] = still_open[-1]
            still_open.append(index)
        sections = tuple(
            Section(heading, heading.line, ends[index])
            for index, heading in enumerate(self.headings)
        )
        return sections, tuple(parents), [section.start_line for section in sections]

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """One section per heading, in document order."""
        return self._outline[0]

    @cached_property
    def title(self) -> Heading | None:
        """The first level-1 heading, if any."""
        return next((h for h in self.headings if h.level == 1), None)

    def find_sections(self, names: frozenset[str] | set[str]) -> list[Section]:
        """Sections whose normalized heading is one of `names` (already normalized)."""
        return [s for s in self.sections if s.heading.title in names]

    def find_section(self, names: frozenset[str] | set[str]) -> Section | None:
        """The first section whose heading matches one of `names`."""
        return next((s for s in self.sections if s.heading.title in names), None)

    def sections_within(self, section: Section) -> tuple[Section, ...]:
        """The sections whose heading is inside `section`, the section itself first."""
        starts = self._outline[2]
        first = bisect_left(starts, section.start_line)
        return self.sections[first : bisect_right(starts, section.end_line)]

    def subsections(self, section: Section) -> list[Section]:
        """The direct child sections of `section`."""
        starts = self._outline[2]
        first = bisect_right(starts, section.start_line)
        level = None
        children = []
        for candidate in self.sections[first : bisect_right(starts, section.end_line)]:
            if level is None:
                level = candidate.heading.level
            if candidate.heading.level == level:
                children.append(candidate)
            elif candidate.heading.level < level:
                level = candidate.heading.level
                children.append(candidate)
        return children

    def _innermost(self, line: int) -> int:
        """The index of the innermost section containing `line`, or -1."""
        sections, parents, starts = self._outline
        index = bisect_right(starts, line) - 1
        # Sections nest: the one containing `line` is the last to start before it, or the
        # nearest of its ancestors that reaches `line`.
        while index >= 0 and sections[index].end_line < line:
            index = parents[index]
        return index

    def enclosing(self, line: int) -> list[Section]:
        """The sections containing `line`, outermost first."""
        sections, parents, _starts = self._outline
        chain = []
        index = self._innermost(line)
        while index >= 0:
            chain.append(sections[index])
            index = parents[index]
        chain.reverse()
        return chain

    def section_of(self, line: int) -> Section | None:
        """The innermost section containing `line`."""
        index = self._innermost(line)
        return self.sections[index] if index >= 0 else None

    @cached_property
    def _checklist_lines(self) -> list[int]:
        return [item.line for item in self.checklist]

    def items_in(self, section: Section) -> list[ListItem]:
        """Checklist items inside a section (including its subsections)."""
        lines = self._checklist_lines
        first = bisect_right(lines, section.start_line)
        return list(self.checklist[first : bisect_right(lines, section.end_line)])

    def body_text(self, section: Section) -> str:
        """The prose of a section's body, without its heading; code removed."""
        lines = self.prose[section.body_start - 1 : section.end_line]
        return "\n".join(line for line in lines if line is not None)

    @cached_property
    def heading_lines(self) -> frozenset[int]:
        """The lines headings occupy (two for a setext heading)."""
        return frozenset(n for h in self.headings for n in range(h.line, h.end_line + 1))

    def has_content(self, section: Section) -> bool:
        """True when the section's body holds more than headings and blank lines."""
        headings = self.heading_lines
        for number in range(section.body_start, section.end_line + 1):
            text = self.unquoted[number - 1]
            if text is None:
                if number in self._code_lines:
                    return True
                continue
            if text.strip() and number not in headings:
                return True
        return False

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """Every `**Name**: value` and list-item `Name: value` pair outside code."""
        found: list[Field] = []
        unquoted = self.unquoted
        for paragraph in self.paragraphs:
            for number in range(paragraph.start_line, paragraph.end_line + 1):
                masked = unquoted[number - 1]
                if not masked or ":" not in masked:
                    continue
                parsed = _parse_field(masked, self.lines[number - 1], number, paragraph)
                if parsed is not None:
                    found.append(parsed)
        return tuple(found)

    @cached_property
    def _field_lines(self) -> list[int]:
        return [f.line for f in self.fields]

    def fields_in(self, section: Section) -> tuple[Field, ...]:
        """The fields on the lines of a section, its heading included."""
        lines = self._field_lines
        first = bisect_left(lines, section.start_line)
        return self.fields[first : bisect_right(lines, section.end_line)]

    def field_values(
        self, names: frozenset[str] | set[str], section: Section | None = None
    ) -> list[Field]:
        """Fields whose normalized name is in `names`, optionally within a section."""
        fields = self.fields if section is None else self.fields_in(section)
        return [f for f in fields if f.key in names]

    def first_field(
        self, names: frozenset[str] | set[str], *, bold: bool | None = None
    ) -> Field | None:
        """The first field with one of `names` (optionally only bold or only plain ones)."""
        return next(
            (f for f in self.fields if f.key in names and (bold is None or f.bold == bold)), None
        )

    @cached_property
    def front_matter(self) -> dict[str, tuple[str, int]]:
        """Top-level `key: value` pairs of a YAML front matter block, with their lines."""
        if self._front_matter is None:
            return {}
        first, _last, content = self._front_matter
        found: dict[str, tuple[str, int]] = {}
        for offset, text in enumerate(content.split("\n")):
            match = _FRONT_MATTER_KEY.match(text)
            if match:
                value = match.group("value").strip().strip("'\"")
                found[match.group("key").casefold()] = (value, first + 1 + offset)
        return found

    def html_comments(self) -> Iterator[tuple[int, int, str]]:
        """Every HTML comment outside code as (line, column, inner text)."""
        from phaselint.textutil import line_starts, position_of

        text = "\n".join(line if line is not None else "" for line in self.unquoted)
        if "<!--" not in text:
            return
        starts = line_starts(text)
        for start, end in html_comment_spans(text):
            line, column = position_of(starts, start)
            yield line, column, text[start + 4 : end - 3]

    def is_blank(self) -> bool:
        return not self.text.strip()


def _parse_field(masked: str, raw: str, number: int, paragraph: Paragraph) -> Field | None:
    match = _BOLD_FIELD.match(masked)
    bold = True
    if match is None:
        if not paragraph.in_list_item:
            return None
        match = _PLAIN_FIELD.match(masked)
        bold = False
        if match is None:
            return None
        after = match.group("value")
        if match.group("colon") == ":" and after and after[0] not in " \t":
            return None  # `https://…`, `a:b`: no field (a full-width colon needs no space)
    name = match.group("name").strip()
    if match.group("value") is not None and not match.group("value").strip():
        value_start = len(raw)
    else:
        value_start = match.start("value") + (
            len(match.group("value")) - len(match.group("value").lstrip())
        )
    value = raw[value_start:].strip()
    return Field(
        name=name,
        value=value,
        line=number,
        column=match.start("name") + 1 - (2 if bold else 0),
        value_column=value_start + 1,
        bold=bold,
    )


def facts_from_events(text: str, events: list[Event]) -> Facts:
    """What a document model keeps of `text` whose block events are `events`."""
    builder = _Builder(text.split("\n"))
    _build(builder, events)
    return Facts(
        text,
        tuple(builder.headings),
        tuple(builder.list_items),
        tuple(builder.code_blocks),
        tuple(builder.paragraphs),
        tuple(builder.html_lines),
        builder.front_matter,
    )


def _events(text: str) -> list[Event]:
    """The block events of `text`: from the scanner, or from markdown-it's block tokens when
    the scanner is not sure of the text."""
    events = scan(text)
    if events is None:
        events = events_from_tokens(_parser().parse(text))
    return events


def events_from_tokens(tokens: list[Token]) -> list[Event]:
    """markdown-it's block tokens as the scanner's events (see `phaselint.blocks`)."""
    events: list[Event] = []
    for token in tokens:
        kind = token.type
        span = token.map
        if kind == "list_item_open":
            events.append(("item", span[0], span[1]) if span else ("item", -1, -1))
        elif kind == "list_item_close":
            events.append(("close",))
        elif span is None:
            continue
        elif kind == "inline":
            events.append(("inline", span[0], span[1], token.content))
        elif kind == "heading_open":
            level = int(token.tag[1])
            events.append(("heading", span[0], span[1], level, token.markup[:1] == "#"))
        elif kind == "fence":
            events.append(("fence", span[0], span[1], token.info.strip(), token.content))
        elif kind == "code_block":
            events.append(("code", span[0], span[1], token.content))
        elif kind == "html_block":
            events.append(("html", span[0], span[1]))
        elif kind == "front_matter":
            events.append(("front", span[0], span[1], token.content))
    return events


def _build(builder: _Builder, events: list[Event]) -> None:
    list_depth = 0
    item_stack: list[int] = []
    pending_item: int | None = None
    for event in events:
        kind = event[0]
        if kind == "item":
            list_depth += 1
            if event[1] >= 0:
                item_stack.append(event[2])
                pending_item = event[1]
        elif kind == "close":
            list_depth -= 1
            if item_stack:
                item_stack.pop()
        elif kind == "inline":
            first, last = event[1] + 1, event[2]
            builder.paragraphs.append(Paragraph(first, last, list_depth > 0))
            if pending_item is not None and pending_item == event[1]:
                _add_item(
                    builder,
                    event[3],
                    event[1],
                    item_stack[-1] if item_stack else last,
                    list_depth,
                )
            pending_item = None
        elif kind == "heading":
            _add_heading(builder, event[3], event[4], event[1], event[2])
        elif kind in ("fence", "code"):
            info = event[3] if kind == "fence" else ""
            content = event[4] if kind == "fence" else event[3]
            builder.code_blocks.append(
                CodeBlock(info, event[1] + 1, event[2], content, kind == "fence")
            )
        elif kind == "html":
            builder.html_lines.append((event[1] + 1, event[2]))
        elif kind == "front":
            builder.front_matter = (event[1] + 1, event[2], event[3])


def _add_heading(builder: _Builder, level: int, atx: bool, first: int, end: int) -> None:
    raw = builder.lines[first]
    if atx:
        prefix = _CONTAINER_PREFIX.match(raw)
        start = prefix.end() if prefix else 0
        start += level
        while start < len(raw) and raw[start] in " \t":
            start += 1
        text = _ATX_CLOSE.sub("", raw[start:])
        if text.strip() == "#" * len(text.strip()) and text.strip():
            text = ""
        builder.headings.append(Heading(level, text.rstrip(), first + 1, start + 1, first + 1))
        return
    # Setext heading: the text runs over the lines before the underline.
    prefix = _CONTAINER_PREFIX.match(raw)
    start = prefix.end() if prefix else 0
    text_lines = [line.strip() for line in builder.lines[first : end - 1]]
    builder.headings.append(Heading(level, " ".join(text_lines), first + 1, start + 1, end))


def _add_item(builder: _Builder, text: str, first: int, item_end: int, depth: int) -> None:
    raw = builder.lines[first]
    match = _LIST_ITEM.match(raw)
    if match is None:
        return
    mark = match.group("mark")
    if mark is not None and text.startswith(f"[{mark}]"):
        text = text[len(mark) + 2 :].lstrip()
    text_column = match.end() + 1
    while text_column <= len(raw) and raw[text_column - 1] in " \t":
        text_column += 1
    builder.list_items.append(
        ListItem(
            mark=mark,
            text=text,
            line=first + 1,
            column=match.start("mark") if mark is not None else text_column,
            text_column=text_column,
            end_line=item_end,
            depth=depth,
        )
    )
