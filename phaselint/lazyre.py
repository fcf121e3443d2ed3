"""Regular expressions compiled on first use.

phaselint runs as a fresh process on every commit, and compiling its eighty-odd module-level
patterns at import took some 15 ms of every run, a tenth of a one-file commit. A pattern made with
`lazy_compile` compiles when a run first uses it; a run that never meets, say, a budget field
never compiles the budget grammar.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What callers use of a compiled pattern: copied onto the stand-in at the first use, so later
# calls cost what calls on the compiled pattern cost.
_ATTRIBUTES = (
    "match",
    "search",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, deferred to the pattern's first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, int(flags)))
