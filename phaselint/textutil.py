"""Small text helpers shared by the document model and the rules.

Everything here works on plain strings and keeps character positions stable: masking replaces
characters with spaces instead of removing them, so a column found in masked text is the column
in the original line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from phaselint.lazyre import lazy_compile

_BACKTICKS = lazy_compile(r"`+")
_LINK_DESTINATION = lazy_compile(r"\]\(([^()\s]*(?:\s+\"[^\"]*\")?)\)")
_AUTOLINK = lazy_compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_BARE_URL = lazy_compile(r"\b(?:https?|ftp)://[^\s<>()]+")

_EMPHASIS = lazy_compile(r"(\*{1,3}|_{1,3}|~~)")
_NUMBERING = lazy_compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivxIVX]+[.)])\s+")
_TRAILING_NOTE = lazy_compile(r"\s*\([^()]*\)\s*$")
_SPACES = lazy_compile(r"\s+")
_EDGE_PUNCTUATION = " \t:：-–—.*_`#"


def blank(text: str) -> str:
    """Return `text` with every character but line breaks replaced by a space."""
    return "".join("\n" if ch == "\n" else " " for ch in text)


def _blank_span(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def mask_code_spans(text: str) -> str:
    """Blank out inline code spans (CommonMark backtick rules), keeping positions.

    A run of N backticks opens a span that the next run of exactly N backticks closes; a run with
    no partner is literal text. A backslash escapes the first backtick of an opening run.
    """
    if "`" not in text:
        return text
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    # The runs of each width, by index: a run's partner is found by bisection, not by a scan
    # of every later run.
    by_width: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_width.setdefault(end - start, []).append(number)
    chars: list[str] | None = None
    index = 0
    while index < len(runs):
        start, end = runs[index]
        backslashes = 0
        while start - backslashes - 1 >= 0 and text[start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2:
            start += 1
        if start >= end:
            index += 1
            continue
        width = end - start
        same = by_width.get(width, [])
        later = bisect_right(same, index)
        if later == len(same):
            index += 1
            continue
        partner = same[later]
        if chars is None:
            chars = list(text)
        _blank_span(chars, start, runs[partner][1])
        index = partner + 1
    return text if chars is None else "".join(chars)


def html_comment_spans(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of each `<!-- … -->` in `text`, in one forward pass.

    An opening with no `-->` after it ends the search: no later opening has one either (a
    regular expression would look for it again from every `<!--`, in quadratic time).
    """
    find = text.find
    start = find("<!--")
    while start != -1:
        close = find("-->", start + 4)
        if close == -1:
            return
        yield start, close + 3
        start = find("<!--", close + 3)


def mask_markup(text: str) -> str:
    """Blank out what is not prose a reader sees: HTML comments, link targets and URLs."""
    if "<" not in text and "](" not in text and "://" not in text:
        return text
    chars = list(text)
    for start, end in html_comment_spans(text):
        _blank_span(chars, start, end)
    for pattern in (_AUTOLINK, _BARE_URL):
        for match in pattern.finditer(text):
            _blank_span(chars, match.start(), match.end())
    for match in _LINK_DESTINATION.finditer(text):
        _blank_span(chars, match.start(1), match.end(1))
    return "".join(chars)


def strip_symbols(text: str) -> str:
    """Drop emoji and other pictographic symbols (and the joiners that glue them)."""
    if text.isascii():
        return text
    kept = []
    for ch in text:
        if ch.isascii():
            kept.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("So", "Sk", "Cf", "Co", "Cn") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        kept.append(ch)
    return "".join(kept)


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Reduce a heading or field name to the form synonyms are matched in.

    Case-insensitive, ignoring emphasis, emoji, leading numbering, a trailing parenthetical note
    and trailing colons, so that `## 📋 2. **Objectives**:` and `objectives` compare equal, and
    `## User Scenarios & Testing *(mandatory)*` is `user scenarios & testing`.
    """
    text = strip_symbols(text)
    text = _EMPHASIS.sub("", text).replace("`", "")
    text = _NUMBERING.sub("", text)
    text = _TRAILING_NOTE.sub("", text.strip().rstrip(":"))
    text = text.strip(_EDGE_PUNCTUATION)
    return _SPACES.sub(" ", text).strip().casefold()


def section_names(names: Iterable[str]) -> frozenset[str]:
    """Labels (section titles, field names) as `normalize_label` compares them."""
    return frozenset(normalize_label(name) for name in names)


@lru_cache(maxsize=4096)
def clean_inline(text: str) -> str:
    """Inline text as a reader sees it: emphasis markers and emoji removed, spaces folded."""
    text = strip_symbols(text)
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def template_regex(template: str, fields: dict[str, str]) -> str:
    """A regular expression for a name template such as `V{version}_PHASE_{phase}.md`: each
    `{field}` becomes a named group matching `fields[field]`, the rest is literal."""
    names = "|".join(re.escape("{" + name + "}") for name in fields)
    parts = []
    for part in re.split(f"({names})", template):
        name = part[1:-1]
        parts.append(
            f"(?P<{name}>{fields[name]})"
            if part.startswith("{") and name in fields
            else re.escape(part)
        )
    return "".join(parts)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts (line 1 is index 0)."""
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def position_of(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, given `line_starts`."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1, offset - starts[low] + 1


#: How much of a document's text a message quotes by default.
QUOTE_LIMIT = 40


def brief(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Document text as a message quotes it: whole when short, else its first `limit`
    characters and an ellipsis, so a 1 MB line cannot make a 1 MB message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ` (did you mean `x`?)` hint when a close choice exists, else an empty string."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
