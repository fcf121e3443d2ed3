"""Markdown block structure in one pass over the lines, without a general parser.

`scan` finds what `phaselint.document` keeps of a text's block structure — headings, list
items and the first inline run of each, paragraphs, code blocks, HTML blocks and front matter —
as a list of events, the same events the document model reads from markdown-it's block tokens
(`events_from_tokens`). It follows CommonMark's block rules (containers matched line by line,
lazy paragraph continuation, the list-item and fence rules, GFM tables as markdown-it reads
them), and it reports the same line spans markdown-it does.

It is fast because it does only that: no token objects, no rule chain, one regular expression
per line at most. What it does not model exactly it does not guess: a text with a tab in the
indentation it would have to measure, a link reference definition, a raw HTML block other than
a comment or a block-level tag, a GitHub alert, a carriage return or a NUL makes `scan` return
None, and the caller parses that text with markdown-it. Tests compare both on every fixture;
`benchmarks/blocks.py` compares them over any folder of real repositories.
"""

from __future__ import annotations

import re
from typing import Any

from phaselint.lazyre import lazy_compile

#: One event: ("item", first, end) opens a list item (0-based line, exclusive end), ("close",)
#: closes it; ("inline", first, end) is a run of inline text (a paragraph, a heading's text, a
#: table cell), with its content as a fourth element for the first run of a list item;
#: ("heading", first, end, level, atx); ("fence", first, end, info, content);
#: ("code", first, end, content); ("html", first, end); ("front", first, end, content).
Event = tuple[Any, ...]


#: Containers (quotes, list items) nested deeper than this go to markdown-it, which caps
#: nesting itself: each line is matched against every open container, so an unbounded depth
#: would make a hostile file quadratic.
MAX_DEPTH = 24


class _Unsure(Exception):
    """The text uses something this scanner does not model: parse it with markdown-it."""


_ATX = lazy_compile(r"(#{1,6})(?:[ \t]+|$)")
_FENCE = lazy_compile(r"(`{3,}|~{3,})(.*)$")
_BULLET = lazy_compile(r"([-+*])(?=[ \t]|$)")
_ORDERED = lazy_compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_SETEXT = lazy_compile(r"(=+|-+)[ ]*$")
_BREAK = lazy_compile(r"(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$")
_TABLE_DELIMITER = lazy_compile(r"[|:\- ]+$")
_DELIMITER_CELL = lazy_compile(r":?-+:?$")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ]
)
_BLANK = lazy_compile(r"^$")  # an HTML block that ends at a blank line
_ATTRIBUTE = (
    r"(?:\s+[A-Za-z_:][A-Za-z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
#: The kinds of HTML block (CommonMark's seven): how each starts and how it ends.
_HTML_BLOCKS = (
    (
        lazy_compile(r"<(?:script|pre|style|textarea)(?=\s|>|$)", re.IGNORECASE),
        lazy_compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
    ),
    (lazy_compile(r"<!--"), lazy_compile(r"-->")),
    (lazy_compile(r"<\?"), lazy_compile(r"\?>")),
    (lazy_compile(r"<![A-Za-z]"), lazy_compile(r">")),
    (lazy_compile(r"<!\[CDATA\["), lazy_compile(r"\]\]>")),
    (
        lazy_compile(
            r"</?(?:" + "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True)) + r")(?=\s|/?>|$)",
            re.IGNORECASE,
        ),
        _BLANK,
    ),
)
#: A complete opening or closing tag alone on its line (the seventh kind).
_HTML_TAG_LINE = lazy_compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"
)
_REFERENCE = lazy_compile(r"\[(?:[^\]\\]|\\.)*\]:")


class _Quote:
    __slots__ = ()
    kind = "quote"


class _Item:
    __slots__ = ("column", "event", "filled", "marker", "outer", "start")
    kind = "item"

    def __init__(self, column: int, outer: int, marker: str, start: int, event: int) -> None:
        self.column = column  # where its content starts, counted from its quotes' markers
        self.outer = outer  # where the content of what holds its list starts, counted so
        self.marker = marker  # the bullet, or the ordered list's delimiter
        self.start = start
        self.event = event  # index of its ("item", …) event
        self.filled = False  # it holds a block


_Container = _Quote | _Item


def scan(text: str) -> list[Event] | None:
    """The block events of `text`, or None when `text` needs the full parser."""
    if "\r" in text or "\0" in text or "\x0b" in text or "\x0c" in text:
        return None
    try:
        return _Scanner(text).run()
    except _Unsure:
        return None


def _spaces(line: str, at: int) -> int:
    """How many spaces start `line[at:]`; a tab there is not measured."""
    size = len(line)
    if at >= size:
        return 0
    char = line[at]
    if char != " ":  # most lines: no indentation at all
        if char == "\t":
            raise _Unsure
        return 0
    end = at + 1
    while end < size and line[end] == " ":
        end += 1
    if end < size and line[end] == "\t":
        raise _Unsure
    return end - at


class _Scanner:
    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        self.newline = text.endswith("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.lines = lines
        self.events: list[Event] = []
        self.stack: list[_Container] = []
        # The open leaf block: None, or one of
        #   ["para", first, content lines or None (kept for a list item's first run only)]
        #   ["fence", first, char, length, indent, info, content lines, last content line]
        #   ["code", first, last, content lines, base]
        #   ["html", first, ends_on_blank]
        #   ["table", first, columns, delimiter still to come]
        self.leaf: list[Any] | None = None

    # -- the line loop ---------------------------------------------------------------------------

    def run(self) -> list[Event]:
        lines = self.lines
        number = 0
        if lines and lines[0].startswith("-"):
            number = self._front_matter()
        count = len(lines)
        while number < count:
            self._line(number, lines[number])
            number += 1
        self._close_leaf(count)
        self._close_containers(0, count, False)
        return self.events

    def _front_matter(self) -> int:
        lines = self.lines
        first = lines[0]
        dashes = len(first) - len(first.lstrip("-"))
        if dashes < 3:
            return 0
        if first[dashes:].strip(" \t"):
            raise _Unsure  # `---x`: a marker the front-matter plugin reads its own way
        for number in range(1, len(lines)):
            line = lines[number]
            if line.startswith("...") and not line[3:].strip(" "):
                break
            stripped = line.lstrip(" ")
            if len(line) - len(stripped) > 3 or not stripped.startswith("-"):
                continue
            run = len(stripped) - len(stripped.lstrip("-"))
            if run >= dashes and not stripped[run:].strip(" "):
                break
        else:
            return 0  # never closed: no front matter
        content = "\n".join(lines[1:number]) if number > 1 else ""
        self.events.append(("front", 0, number + 1, content))
        return number + 1

    def _line(self, number: int, line: str) -> None:
        stack = self.stack
        matched, at, quoted = self._continued(number, line)
        all_matched = matched == len(stack)
        leaf = self.leaf
        kind = leaf[0] if leaf is not None else None

        # An open fence, HTML block or table takes the line when its containers go on.
        if kind == "fence" and all_matched:
            self._fence_line(number, line, at, quoted)
            return
        if kind == "html" and all_matched:
            assert leaf is not None
            rest = line[at:]
            end = leaf[2]
            if end is not None:
                if end.search(rest):
                    self.leaf = None
                    self.events.append(("html", leaf[1], number + 1))
                return
            if rest.strip(" "):
                return  # a block that ends at a blank line
        if kind == "table" and all_matched:
            assert leaf is not None
            if leaf[3]:
                leaf[3] = False  # the delimiter row: no cells
                return
            if (
                line[at:].strip(" ")
                and _spaces(line, at) < 4
                and not self._interrupts(line, at, False, None)
            ):
                for _ in range(leaf[2]):
                    self.events.append(("inline", number, number + 1))
                return

        rest = line[at:]
        blank = not rest.strip(" ")
        if blank and "\t" in rest:
            raise _Unsure
        in_paragraph = kind == "para"

        # Lazy continuation: a paragraph goes on through a line its containers did not take,
        # unless that line starts a block.
        if not all_matched and in_paragraph and not blank:
            if sum(1 for c in stack[matched:] if c.kind == "quote") > 1:
                raise _Unsure  # markdown-it reads lazy lines of nested quotes its own way
            if self._listed_too_deep(line, at, quoted):
                self._paragraph_line(line, at, lazy=True)
                return  # markdown-it: no item four columns into the list's container
            quote_left = any(c.kind == "quote" for c in stack[matched:])
            if not self._interrupts(
                line, at, False, None if quote_left else number, lazy=not quote_left
            ):
                self._paragraph_line(line, at, lazy=True)
                return
        if not all_matched:
            self._close_leaf(number)
            self._close_containers(matched, number, blank)
            in_paragraph = False
        elif kind in ("html", "table"):
            self._close_leaf(number)

        # Container starts.
        while not blank:
            indent = _spaces(line, at)
            if indent >= 4:
                break
            position = at + indent
            if "|" in line and self._table_columns(number, line[position:]):
                break  # a table comes first, whatever its header line starts with
            char = line[position]
            if char == ">":
                self._close_leaf(number)
                self._fill()
                if len(self.stack) >= MAX_DEPTH:
                    raise _Unsure  # past any real document's nesting: markdown-it's limits
                self.stack.append(_Quote())
                at = position + 1
                if line.startswith(" ", at):
                    at += 1
                elif line.startswith("\t", at):
                    raise _Unsure
                quoted = at
                rest = line[at:]
                blank = not rest.strip(" ")
                if blank and "\t" in rest:
                    raise _Unsure
                in_paragraph = False
                continue
            item = self._item_start(line, position, in_paragraph)
            if item is None:
                break
            marker, content = item
            self._close_leaf(number)
            self._fill()
            if len(self.stack) >= MAX_DEPTH:
                raise _Unsure  # past any real document's nesting: markdown-it's limits
            self.events.append(("item", number, -1))
            self.stack.append(
                _Item(content - quoted, at - quoted, marker, number, len(self.events) - 1)
            )
            at = min(content, len(line))
            rest = line[at:]
            blank = not rest.strip(" ")
            if blank and "\t" in rest:
                raise _Unsure
            in_paragraph = False
        if blank:
            leaf = self.leaf
            if leaf is not None and leaf[0] == "code":
                leaf[3].append(line[leaf[4] :] if len(line) > leaf[4] else "")
                return
            self._close_leaf(number)
            return
        self._leaf_line(number, line, at, quoted, in_paragraph)

    # -- leaves ------------------------------------------------------------------------------------

    def _leaf_line(self, number: int, line: str, at: int, quoted: int, in_paragraph: bool) -> None:
        indent = _spaces(line, at)
        if indent >= 4:
            if in_paragraph:
                self._paragraph_line(line, at, lazy=False)
                return
            leaf = self.leaf
            if leaf is None or leaf[0] != "code":
                self._close_leaf(number)
                self._fill()
                leaf = self.leaf = ["code", number, number, [], at + 4]
            leaf[2] = number
            leaf[3].append(line[leaf[4] :])
            return
        position = at + indent
        stripped = line[position:]
        char = stripped[0]
        columns = self._table_columns(number, stripped) if "|" in stripped else 0
        if columns:
            self._close_leaf(number)
            self._fill()
            cells = _split_row(stripped.strip())
            for column in range(columns):
                self._inline(number, number + 1, lambda c=column: cells[c].strip())
            self.leaf = ["table", number, columns, True]
            return
        if char == "#":
            match = _ATX.match(stripped)
            if match is not None:
                self._close_leaf(number)
                self._fill()
                self.events.append(("heading", number, number + 1, len(match.group(1)), True))
                self._inline(number, number + 1, lambda: _atx_text(stripped, match.end()))
                return
        if char in "`~":
            match = _FENCE.match(stripped)
            if match is not None and not (char == "`" and "`" in match.group(2)):
                self._close_leaf(number)
                self._fill()
                self.leaf = [
                    "fence",
                    number,
                    char,
                    len(match.group(1)),
                    position - quoted,
                    match.group(2).strip(),
                    [],
                    -1,
                ]
                return
        if char == "<":
            html = self._html_start(stripped, in_paragraph)
            if html is not None:
                self._close_leaf(number)
                self._fill()
                if html is _BLANK:
                    self.leaf = ["html", number, None]
                elif html.search(stripped):
                    self.events.append(("html", number, number + 1))
                else:
                    self.leaf = ["html", number, html]
                return
        if in_paragraph and char in "=-" and _SETEXT.match(stripped):
            leaf = self.leaf
            assert leaf is not None
            self.leaf = None
            level = 1 if char == "=" else 2
            self.events.append(("heading", leaf[1], number + 1, level, False))
            self._inline(leaf[1], number, lambda: "\n".join(leaf[2] or ()).strip())
            return
        if char in "*-_" and _BREAK.match(stripped):
            self._close_leaf(number)
            self._fill()
            return
        if in_paragraph:
            self._paragraph_line(line, at, lazy=False)
            return
        if char == "[" and _REFERENCE.match(stripped):
            raise _Unsure  # a link reference definition
        self._close_leaf(number)
        self._fill()
        events = self.events
        first_of_item = bool(events) and events[-1][0] == "item" and events[-1][1] == number
        self.leaf = ["para", number, [stripped] if first_of_item else None]

    def _paragraph_line(self, line: str, at: int, lazy: bool) -> None:
        leaf = self.leaf
        assert leaf is not None
        if leaf[2] is None:
            return
        if lazy:
            # markdown-it removes up to the item's indentation from a lazy line
            item = next(c for c in reversed(self.stack) if isinstance(c, _Item))
            rest = line[at:]
            spaces = len(rest) - len(rest.lstrip(" "))
            leaf[2].append(rest[min(spaces, item.column) :])
        else:
            leaf[2].append(line[at:])

    def _inline(self, first: int, end: int, content: object) -> None:
        """An inline run; with its content when it is the first of the item just opened."""
        events = self.events
        last = events[-1] if events else None
        if last is not None and last[0] == "heading" and len(events) > 1:
            last = events[-2]  # the text of a heading that opens an item
        if last is not None and last[0] == "item" and last[1] == first:
            assert callable(content)
            events.append(("inline", first, end, content()))
        else:
            events.append(("inline", first, end))

    def _fence_line(self, number: int, line: str, at: int, quoted: int) -> None:
        leaf = self.leaf
        assert leaf is not None
        rest = line[at:]
        if rest.strip(" "):
            indent = _spaces(line, at)
            if indent <= 3:
                stripped = line[at + indent :]
                run = len(stripped) - len(stripped.lstrip(leaf[2]))
                if run >= leaf[3] and not stripped[run:].strip(" \t"):
                    self.leaf = None
                    self._emit_fence(leaf, number + 1)
                    return
        if not rest and quoted and number == len(self.lines) - 1 and not self.newline:
            raise _Unsure  # markdown-it ends the fence early at a quote's bare last `>`
        # Content: as many spaces as the fence was indented by are removed.
        content = line[quoted:]
        strip = 0
        limit = min(leaf[4], len(content))
        while strip < limit and content[strip] == " ":
            strip += 1
        leaf[6].append(content[strip:])
        leaf[7] = number

    def _emit_fence(self, leaf: list[Any], end: int) -> None:
        lines = leaf[6]
        content = "".join(line + "\n" for line in lines)
        if content and not self.newline and leaf[7] == len(self.lines) - 1:
            content = content[:-1]  # the text's last line, which has no line break
        self.events.append(("fence", leaf[1], end, leaf[5], content))

    def _close_leaf(self, number: int) -> None:
        leaf = self.leaf
        if leaf is None:
            return
        self.leaf = None
        kind = leaf[0]
        if kind == "para":
            self._inline(leaf[1], number, lambda: "\n".join(leaf[2] or ()).strip())
        elif kind == "fence":
            self._emit_fence(leaf, number)
        elif kind == "code":
            last = leaf[2]
            lines = leaf[3][: last - leaf[1] + 1]
            self.events.append(("code", leaf[1], last + 1, "".join(x + "\n" for x in lines)))
        elif kind == "html":
            self.events.append(("html", leaf[1], number))

    # -- containers --------------------------------------------------------------------------------

    def _fill(self) -> None:
        if self.stack and isinstance(self.stack[-1], _Item):
            self.stack[-1].filled = True

    def _close_containers(self, keep: int, number: int, blank: bool) -> None:
        """Close the containers after the first `keep`, at line `number`."""
        stack = self.stack
        while len(stack) > keep:
            container = stack.pop()
            if not isinstance(container, _Item):
                continue
            end = number
            if (
                not container.filled
                and blank
                and number == container.start + 1
                and not any(c.kind == "quote" for c in stack[keep:])
            ):
                end = min(container.start + 2, len(self.lines))  # markdown-it's empty item
            _, first, _ = self.events[container.event]
            self.events[container.event] = ("item", first, end)
            self.events.append(("close",))

    def _item_start(self, line: str, position: int, in_paragraph: bool) -> tuple[str, int] | None:
        """The marker and content column of a list item starting at `position`."""
        char = line[position]
        if char in "-+*":
            if _BULLET.match(line, position) is None:
                return None
            if char in "-*" and _BREAK.match(line, position):
                return None  # `- - -`, `* * *`: a thematic break
            marker = char
            after = position + 1
        elif "0" <= char <= "9":
            match = _ORDERED.match(line, position)
            if match is None:
                return None
            if in_paragraph and int(match.group(1)) != 1:
                return None
            marker = match.group(2)
            after = match.end()
        else:
            return None
        rest = line[after:]
        if not rest.strip(" "):
            if "\t" in rest:
                raise _Unsure
            if in_paragraph:
                return None  # an empty item cannot interrupt a paragraph
            return marker, after + 1
        padding = _spaces(line, after)
        if padding > 4:
            raise _Unsure  # an item that opens with indented code
        return marker, after + padding

    def _html_start(self, stripped: str, in_paragraph: bool) -> re.Pattern[str] | None:
        """How the HTML block starting `stripped` ends (`_BLANK`: at a blank line), or None
        when no HTML block starts there (a tag alone on its line does not interrupt a
        paragraph)."""
        for start, end in _HTML_BLOCKS:
            if start.match(stripped):
                return end
        if not in_paragraph and _HTML_TAG_LINE.match(stripped):
            return _BLANK
        return None

    # -- tables ------------------------------------------------------------------------------------

    def _table_columns(self, number: int, stripped: str) -> int:
        """How many columns the table has whose header is line `number` (the next line its
        delimiter row); 0 when no table starts there."""
        if number + 1 >= len(self.lines):
            return 0
        below = self.lines[number + 1]
        below_at = self._container_offset(number + 1)
        if below_at is None:
            return 0
        delimiter = below[below_at:]
        indent = len(delimiter) - len(delimiter.lstrip(" "))
        if "\t" in delimiter:
            raise _Unsure
        if indent >= 4:
            return 0
        delimiter = delimiter.strip(" ")
        if len(delimiter) < 2 or delimiter[0] not in "|-:":
            return 0
        if delimiter[1] not in "|-: " or (delimiter[0] == "-" and delimiter[1] == " "):
            return 0
        if not _TABLE_DELIMITER.match(delimiter):
            return 0
        cells = delimiter.split("|")
        aligns = 0
        for index, cell in enumerate(cells):
            cell = cell.strip()
            if not cell:
                if index in (0, len(cells) - 1):
                    continue
                return 0
            if not _DELIMITER_CELL.match(cell):
                return 0
            aligns += 1
        columns = _split_row(stripped.strip())
        return aligns if columns and len(columns) == aligns else 0

    def _continued(self, number: int, line: str) -> tuple[int, int, int]:
        """How many of the open containers line `number` goes on, where its content starts
        inside them, and where it starts inside the quote markers it matched."""
        at = quoted = matched = 0
        for container in self.stack:
            if container.kind == "quote":
                indent = _spaces(line, at)
                if indent <= 3 and line.startswith(">", at + indent):
                    at += indent + 1
                    if line.startswith(" ", at):
                        at += 1
                    elif line.startswith("\t", at):
                        raise _Unsure
                    quoted = at
                    matched += 1
                    continue
                break
            assert isinstance(container, _Item)
            rest = line[at:]
            if not rest.strip(" "):
                if "\t" in rest:
                    raise _Unsure
                if not container.filled and number > container.start:
                    break  # an empty item ends at a blank line
                at = len(line)
                matched += 1
                continue
            column = quoted + container.column
            if _spaces(line, at) >= column - at:
                at = column
                matched += 1
                continue
            break
        return matched, at, quoted

    def _container_offset(self, number: int) -> int | None:
        """Where line `number`'s content starts inside the open containers, or None when they
        do not all take it."""
        matched, at, _ = self._continued(number, self.lines[number])
        return at if matched == len(self.stack) else None

    def _listed_too_deep(self, line: str, at: int, quoted: int) -> bool:
        """Whether a line its innermost item did not take starts an item four or more columns
        into the container of that item's list, which markdown-it reads as text."""
        for container in reversed(self.stack):
            if isinstance(container, _Item):
                indent = _spaces(line, at)
                column = at + indent - quoted
                return (
                    column - container.outer >= 4
                    and column < container.column
                    and self._item_start(line, at + indent, False) is not None
                )
        return False

    def _interrupts(
        self, line: str, at: int, strict: bool, paragraph: int | None, lazy: bool = False
    ) -> bool:
        """Whether `line` starts a block that ends a paragraph (`paragraph`: the line's
        number) or a table (None). `strict`: the line is the paragraph's own (its containers
        took it), where an empty item or an ordered one not starting at 1 does not
        interrupt. A `lazy` line that only items left is indented against the innermost of
        them, which it falls short of: it is never indented code."""
        indent = _spaces(line, at)
        if indent >= 4 and not (lazy and isinstance(self.stack[-1], _Item)):
            return False
        stripped = line[at + indent :]
        if paragraph is not None and "|" in stripped and self._table_columns(paragraph, stripped):
            return True
        char = stripped[0]
        if char == ">":
            return True
        if char == "#" and _ATX.match(stripped):
            return True
        if char in "`~":
            match = _FENCE.match(stripped)
            if match is not None and not (char == "`" and "`" in match.group(2)):
                return True
        if char in "*-_" and _BREAK.match(stripped):
            return True
        if char == "<" and self._html_start(stripped, True) is not None:
            return True
        return self._item_start(line, at + indent, strict) is not None


def _atx_text(stripped: str, start: int) -> str:
    """An ATX heading's text as markdown-it keeps it: the closing run of #s removed."""
    text = stripped[start:].rstrip(" \t")
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing
    return text.strip()


def _split_row(row: str) -> list[str]:
    """A table row's cells, as markdown-it splits them (unescaped pipes; outer ones dropped)."""
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in row:
        if char == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current))
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells
