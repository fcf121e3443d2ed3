"""Token quantities: `500K-800K tokens`, `~250K tokens`, `1.2M`, `500,000 tokens`.

Phase-based development budgets every phase in tokens ("Token-budgeted (500K-800K tokens)") and tracks spending
against the estimate with a reality-check multiplier. This module reads those numbers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from phaselint.lazyre import lazy_compile

_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([KkMmBb](?![A-Za-z]))?"
_QUANTITY = lazy_compile(
    rf"(?<![\w.,])(?:~|≈|about\s+|approx\.?\s+|roughly\s+)?{_NUMBER}"
    rf"(?:\s*(?:-|–|—|to)\s*{_NUMBER})?(?P<tokens>\s*tokens?\b)?",
    re.IGNORECASE,
)
_LEADING = lazy_compile(r"^\s*(?:~|≈|about\s+|approx\.?\s+|roughly\s+)?(?=\d)", re.IGNORECASE)
_MULTIPLIER = lazy_compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*[x×](?![\w])", re.IGNORECASE)
_PERCENT = lazy_compile(r"(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*%")


class TokenRange(NamedTuple):
    """A token quantity or range; `start`/`end` are offsets of the match in the scanned text."""

    low: int
    high: int
    start: int
    end: int
    text: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def _value(number: str, suffix: str | None) -> int:
    return int(float(number.replace(",", "")) * _MULTIPLIERS[(suffix or "").casefold()])


def _plausible(match: re.Match[str]) -> bool:
    """A number is a token quantity when it has a K/M/B suffix, is followed by "tokens", or is
    written large (1,000 and up)."""
    if match.group(2) or match.group(4) or match.group("tokens"):
        return True
    return _value(match.group(1), None) >= 1000


def find_token_ranges(text: str) -> list[TokenRange]:
    """Every token quantity or range in `text`, in order."""
    found = []
    for match in _QUANTITY.finditer(text):
        if not _plausible(match):
            continue
        found.append(_to_range(match))
    return found


def _to_range(match: re.Match[str]) -> TokenRange:
    low_suffix, high_suffix = match.group(2), match.group(4)
    if match.group(3) is None:
        value = _value(match.group(1), low_suffix)
        return TokenRange(value, value, match.start(), match.end(), match.group().strip())
    # `500-800K`: the suffix of the high end applies to a bare low end.
    low = _value(match.group(1), low_suffix or high_suffix)
    high = _value(match.group(3), high_suffix or low_suffix)
    return TokenRange(low, high, match.start(), match.end(), match.group().strip())


def parse_budget(value: str) -> TokenRange | None:
    """The token quantity or range a budget value opens with, or None when it does not open with
    one (`TBD`, `about half a million`)."""
    if not _LEADING.match(value):
        return None
    match = _QUANTITY.match(value.lstrip())
    if match is None or not _plausible(match):
        return None
    offset = len(value) - len(value.lstrip())
    parsed = _to_range(match)
    return TokenRange(
        parsed.low, parsed.high, parsed.start + offset, parsed.end + offset, parsed.text
    )


def parse_quantity(value: int | str) -> int:
    """A configured token quantity (`2000000`, `"2M"`, `"1.5M tokens"`)."""
    if isinstance(value, int):
        return value
    found = find_token_ranges(value)
    if not found:
        raise ValueError(f"not a token quantity: {value!r}")
    return found[0].high


def find_multiplier(text: str) -> float | None:
    """A reality-check multiplier such as `(1.5x)`."""
    match = _MULTIPLIER.search(text)
    return float(match.group(1)) if match else None


def find_percent(text: str) -> tuple[float, float, int, int] | None:
    """A stated percentage or percentage range: (low, high, start, end)."""
    match = _PERCENT.search(text)
    if match is None:
        return None
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) else low
    return low, high, match.start(), match.end()


def format_tokens(count: int) -> str:
    """`1200000` as `1.2M`, `750000` as `750K`."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.3g}M"
    if count >= 1_000:
        return f"{count / 1_000:.3g}K"
    return str(count)
