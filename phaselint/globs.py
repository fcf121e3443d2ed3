"""Repository-relative glob patterns: `*` within a folder, `**` across folders, `?` one character.

A pattern without `/` also matches a file name anywhere (`*.status` matches `specs/a/.status`).
"""

from __future__ import annotations

import re
from functools import cache


def _glob_regex(pattern: str) -> str:
    """The regular expression of one glob, over a whole `/`-separated path."""
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
        else:
            parts.append(re.escape(char))
        index += 1
    body = "".join(parts)
    if pattern.endswith("/"):
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
