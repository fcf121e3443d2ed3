"""Repository-relative glob patterns: `*` within a folder, `**` across folders, `?` one character,
`[abc]` / `[a-z]` / `[!a]` one of (or none of) a set, `{md,txt}` alternatives. A leading `!`
(negation) is not a glob: the configuration rejects it.

A pattern without `/` also matches a file name anywhere (`*.status` matches `specs/a/.status`).
"""

from __future__ import annotations

import re
from functools import cache


def _closing_brace(pattern: str, start: int) -> int | None:
    """The index of the `}` that closes the `{` at `start` (braces may nest)."""
    depth = 0
    for index in range(start, len(pattern)):
        if pattern[index] == "{":
            depth += 1
        elif pattern[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _split_alternatives(body: str) -> list[str]:
    """`a,b{c,d},e` → `a`, `b{c,d}`, `e`: commas of this level only."""
    options: list[str] = []
    current: list[str] = []
    depth = 0
    for char in body:
        if char == "," and depth == 0:
            options.append("".join(current))
            current = []
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current.append(char)
    options.append("".join(current))
    return options


def _glob_regex(pattern: str, *, nested: bool = False) -> str:
    """The regular expression of one glob, over a whole `/`-separated path (`nested`: a part of
    one, inside `{…}`)."""
    if not nested:
        pattern = pattern.strip().lstrip("/")
        if pattern.startswith("./"):
            pattern = pattern[2:]
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]*/)*")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[" and "]" in pattern[index + 2 :]:
            # A character class: `[abc]`, `[a-z]`, `[!a]` or `[^a]` (not a, nor a `/`).
            end = pattern.index("]", index + 2)
            body = pattern[index + 1 : end]
            negated = body[:1] in ("!", "^")
            body = body[1:] if negated else body
            escaped = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
            parts.append(f"[^/{escaped}]" if negated else f"(?!/)[{escaped}]")
            index = end + 1
            continue
        elif char == "{" and "}" in pattern[index:]:
            # Alternatives: `*.{md,txt}`, each a glob of its own.
            closing = _closing_brace(pattern, index)
            if closing is not None:
                options = _split_alternatives(pattern[index + 1 : closing])
                parts.append("(?:" + "|".join(_glob_regex(o, nested=True) for o in options) + ")")
                index = closing + 1
                continue
            parts.append(re.escape(char))
        else:
            parts.append(re.escape(char))
        index += 1
    body = "".join(parts)
    if pattern.endswith("/") and not nested:
        body += ".*"
    return body


@cache
def compile_globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a set of globs: a path matches it when it matches any of them,
    as a whole or — for a pattern without `/` — by its file name."""
    alternatives = []
    for pattern in patterns:
        body = _glob_regex(pattern)
        alternatives.append(f"(?:{body})(?:/.*)?")  # a folder covers everything below it
        if "/" not in pattern.strip("/"):
            alternatives.append(f"(?:.*/)?(?=[^/]*$)(?:{body})")  # the file name, anywhere
    return re.compile("|".join(alternatives) or "(?!)")


def glob_matches(pattern: str, path: str) -> bool:
    """Whether `path` matches `pattern` (see module docstring)."""
    return compile_globs((pattern,)).fullmatch(path) is not None
