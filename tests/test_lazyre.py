"""lazy_compile: a module-level pattern compiles at its first use and then behaves as the
compiled pattern."""

from __future__ import annotations

import re

from phaselint.lazyre import lazy_compile


def test_compiles_on_first_use_and_behaves_as_compiled() -> None:
    pattern = lazy_compile(r"\bweek\s+(\d+)", re.IGNORECASE)
    assert "search" not in vars(pattern)  # nothing compiled yet
    match = pattern.search("Phase 1: Week 3")
    assert match is not None and match.group(1) == "3"
    assert "search" in vars(pattern)  # later calls go straight to the compiled pattern
    assert pattern.pattern == r"\bweek\s+(\d+)"
    assert pattern.flags & re.IGNORECASE
    assert pattern.findall("week 1, WEEK 2") == ["1", "2"]
    assert pattern.sub("period", "week 4") == "period"
    assert [m.group() for m in pattern.finditer("week 5 week 6")] == ["week 5", "week 6"]
    assert pattern.fullmatch("week 7") is not None
    assert pattern.groups == 1


def test_a_bad_pattern_fails_where_it_is_used() -> None:
    pattern = lazy_compile(r"(unclosed")
    try:
        pattern.search("x")
    except re.error as error:
        assert "missing )" in str(error)
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("the bad pattern compiled")
