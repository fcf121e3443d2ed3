"""SP015's changelog lookup: one pass over the released entries, the same answers as a search
of the whole text for each spec."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest

from phaselint.methods.specs import ChangelogMentions, SpecOptions, parse_spec_name


def _spec(name: str) -> object:
    return SimpleNamespace(name=name, naming=parse_spec_name(name, SpecOptions()))


@pytest.mark.parametrize(
    ("text", "name", "mentioned"),
    [
        ("- 004-login\n", "004-login", True),
        ("- Added 004-LOGIN\n", "004-login", True),
        ("- spec-004 shipped\n", "004-login", True),
        ("- (004) shipped\n", "004-login", True),
        ("- v1.004 shipped\n", "004-login", False),
        ("- 0045 shipped\n", "004-login", False),
        ("- the guided-tour-v2\n", "001-guided-tour", True),  # the slug within a word
        ("- 1004-login\n", "004-login", True),  # the name within a word, as before
        ("- login\n", "004-login", False),
        ("- spec-0045\n", "004-login", False),
    ],
)
def test_mentions(text: str, name: str, mentioned: bool) -> None:
    assert ChangelogMentions.read(text).mentions(_spec(name)) is mentioned  # type: ignore[arg-type]


def test_linear_in_the_specs() -> None:
    """Three thousand released specs, each listed: one pass, then set lookups."""
    names = [f"{n:03d}-feature-{n}" for n in range(1, 3001)]
    text = "".join(f"- {name}\n" for name in names)
    started = time.perf_counter()
    mentions = ChangelogMentions.read(text)
    assert all(mentions.mentions(_spec(name)) for name in names)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert not re.search("(?i)feature-3001", text)
