"""Repository-relative glob patterns: `*` within a folder, `**` across folders, `?` one character.

A pattern without `/` also matches a file name anywhere (`*.status` matches `specs/a/.status`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache


def _glob_regex(pattern: str) -> str:
    """The regular expression of one glob (see `compile_glob`)."""
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
    # A folder pattern also covers everything below it.
    return f"(?:{body})(?:/.*)?"


@cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Translate a glob into a regular expression over `/`-separated paths."""
    return re.compile(_glob_regex(pattern))


@cache
def compile_globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a set of globs: a path matches it when it matches any of them
    (patterns without `/` matched against the file name, anywhere)."""
    alternatives = []
    for pattern in patterns:
        regex = _glob_regex(pattern)
        alternatives.append(regex if "/" in pattern.strip("/") else f"(?:.*/)?{regex}")
    return re.compile("|".join(alternatives) or "(?!)")


def glob_matches(pattern: str, path: str) -> bool:
    """Whether `path` matches `pattern` (see module docstring)."""
    if compile_glob(pattern).fullmatch(path):
        return True
    if "/" not in pattern.strip("/"):
        return compile_glob(pattern).fullmatch(path.rsplit("/", 1)[-1]) is not None
    return False


def matches_any(patterns: Iterable[str], path: str) -> bool:
    return compile_globs(tuple(patterns)).fullmatch(path) is not None
