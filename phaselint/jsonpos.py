"""Where each key and value of a JSON text is: a map from JSON paths to positions.

`json.loads` tells what a text holds but not where; diagnostics about JSON phaselint reads (the
PARA context block, consolidation syntheses and messages: `StructuredData.position`) must
point at the offending key or value. `locate` scans a text that `json.loads`
already accepted and records, for every value, the position of the value and of its key. The
scan is iterative (no recursion limit), linear in the text, and never raises on valid JSON.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from phaselint.lazyre import lazy_compile
from phaselint.textutil import line_starts, position_of

JsonPath = tuple[str | int, ...]

_TOKEN = lazy_compile(
    r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}\[\]:,]'
)


class Location(NamedTuple):
    """1-based positions (in the scanned text) of a value and of the key that names it; a
    value in an array, or the top-level value, has its own position as key position."""

    line: int
    column: int
    key_line: int
    key_column: int


def locate(text: str) -> dict[JsonPath, Location]:
    """Positions of every value of a valid JSON text, by path (`("phases", 1, "status")`)."""
    starts = line_starts(text)
    found: dict[JsonPath, Location] = {}
    # Each open container: (path, is_object, [index of its next element]); an object's pending
    # key and its offset are held apart, in `pending_key`.
    stack: list[tuple[JsonPath, bool, list[int]]] = []
    pending_key: tuple[str, int] | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ":,":
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if stack and stack[-1][1] and pending_key is None:
            # A string in key position of an object.
            pending_key = (_decode_key(token), match.start())
            continue
        path, key_offset = _child_path(stack, pending_key, match.start())
        pending_key = None
        line, column = position_of(starts, match.start())
        key_line, key_column = position_of(starts, key_offset)
        found[path] = Location(line, column, key_line, key_column)
        if token in "{[":
            stack.append((path, token == "{", [0]))
    return found


def _child_path(
    stack: list[tuple[JsonPath, bool, list[int]]], key: tuple[str, int] | None, offset: int
) -> tuple[JsonPath, int]:
    if not stack:
        return (), offset
    parent, is_object, state = stack[-1]
    if is_object and key is not None:
        return (*parent, key[0]), key[1]
    index = state[0]
    state[0] = index + 1
    return (*parent, index), offset


def _decode_key(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return token.strip('"')
    return value if isinstance(value, str) else token.strip('"')


def nearest(
    locations: dict[JsonPath, Location], path: JsonPath
) -> tuple[JsonPath, Location] | None:
    """The location of `path`, or of its nearest ancestor that has one (a missing key is
    reported at the object that lacks it)."""
    probe = path
    while probe not in locations and probe:
        probe = probe[:-1]
    location = locations.get(probe)
    return (probe, location) if location is not None else None


def json_path(path: JsonPath) -> str:
    """`$.phased_execution.phases[1].status`."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            text += f".{part}"
        else:
            text += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return text
