"""The text output on a terminal (a source excerpt and a caret under each diagnostic) and off
one (a line each), and the CI formats: junit, gitlab, and SARIF's help and fingerprints."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from test_reporters import sample_report, settings, validate_sarif

from conftest import GIT_ENV, Repo
from phaselint.diagnostics import Diagnostic, Severity
from phaselint.engine import Report
from phaselint.registry import all_rules, rule_url
from phaselint.reporters import Settings, render
from phaselint.reporters.full_format import WIDTH, excerpt

WORKTREE = Path(__file__).resolve().parents[1]
DOC = "docs/development/V1.2.0_PHASE_1.md"
#: A phase document with an error (CAL001 at 1:21, under "Week 1") and a warning (PH009).
PHASE = """\
# V1.2.0 - Phase 1: Week 1

**Status**: In Progress
**Started**: 2024-01-01
**Token Budget**: 5M tokens

## Objectives

- one

## Deliverables

- [ ] one
"""
ANSI = re.compile("\x1b\\[[0-9;]*m")
LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: [A-Z]+\d{3} ")


def on_a_terminal(repo: Repo, *args: str, env: dict[str, str] | None = None) -> str:
    """`phaselint check ARGS` in a real process whose stdout is a pseudo-terminal."""
    master, slave = pty.openpty()
    environment = {**os.environ, **GIT_ENV, "PYTHONPATH": str(WORKTREE), "LC_ALL": "C.UTF-8"}
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "PHASELINT_DEBUG"):
        environment.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "phaselint", "check", *args],
        cwd=repo.path,
        env={**environment, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 1, stderr
    # The terminal turns each newline into CR LF.
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def phase_repo(repo: Repo, text: str = PHASE) -> Repo:
    repo.write(DOC, text)
    return repo


# Text on a terminal, and off it ---------------------------------------------------------------


def test_a_terminal_shows_the_line_and_a_caret_under_the_column(repo: Repo) -> None:
    output = on_a_terminal(phase_repo(repo), env={"NO_COLOR": "1"})
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(f"{DOC}:1:21: CAL001 "))
    assert lines[header + 1 : header + 5] == [
        "  |",
        "1 | # V1.2.0 - Phase 1: Week 1",
        "  |                     ^^^^^^",
        "  |",
    ]
    source, caret = lines[header + 2], lines[header + 3]
    assert source[caret.index("^") : caret.rindex("^") + 1] == "Week 1"
    assert lines[-2] == "1 error, 1 warning in 1 file"
    assert lines[-1] == "Run `phaselint explain CODE` for why and how to fix: CAL001, PH009."


def test_a_terminal_gets_colour_unless_no_color(repo: Repo) -> None:
    coloured = on_a_terminal(phase_repo(repo))
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == on_a_terminal(repo, env={"NO_COLOR": "1"})


def test_concise_on_a_terminal_is_one_line_per_diagnostic(repo: Repo) -> None:
    lines = on_a_terminal(phase_repo(repo), "--format", "concise", "--color", "never").splitlines()
    assert len(lines) == 3
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert lines[0].startswith(f"{DOC}:1:21: CAL001 ")
    assert lines[-1] == "1 error, 1 warning in 1 file"


@pytest.mark.parametrize("fmt", ["", "text", "concise"])
def test_off_a_terminal_text_stays_one_line_per_diagnostic(repo: Repo, fmt: str) -> None:
    result = phase_repo(repo).check(fmt=fmt)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in lines[:-1]] == ["CAL001", "PH009"]
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert lines[-1] == "1 error, 1 warning in 1 file"
    assert "^" not in result.output and "\x1b" not in result.output


def test_full_off_a_terminal_quotes_the_line(repo: Repo, tmp_path: Path) -> None:
    output = phase_repo(repo).check(fmt="full").output
    assert "1 | # V1.2.0 - Phase 1: Week 1\n  |                     ^^^^^^\n" in output
    assert "\x1b" not in output
    repo.check("--format", "full", "-o", str(tmp_path / "report.txt"))
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == output


def test_full_under_staged_quotes_the_index(repo: Repo) -> None:
    phase_repo(repo)
    repo.git("add", "-A")
    repo.write(DOC, "# V1.2.0 - Phase 1: Sprint 4 changed on disk only\n")
    output = repo.check("--staged", fmt="full").output
    assert "1 | # V1.2.0 - Phase 1: Week 1\n" in output


def full(line: str, diagnostic: Diagnostic) -> list[str]:
    report = Report((diagnostic,), 1, ())
    source = Settings(rules=all_rules(), quiet=True, source=lambda path: f"{line}\nnext\n")
    return render("full", report, source).splitlines()


def caret_text(shown: list[str]) -> str:
    """What the caret row points at in the source row (both after the `N | ` gutter)."""
    source, caret = shown[2].split(" | ", 1)[1], shown[3].split(" | ", 1)[1]
    return source[caret.index("^") : len(caret)]


def test_the_quoted_line_is_neutralised_and_the_caret_follows() -> None:
    line = "# V1.2.0 - Phase 1: \x1b]0;owned\x07\u202eWeek 1"
    start = line.index("Week") + 1
    d = Diagnostic("a.md", 1, start, 1, start + 6, "CAL001", Severity.ERROR, "m")
    shown = full(line, d)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", "".join(shown))
    assert "\\x1b]0;owned\\x07\\u202eWeek 1" in shown[2]
    assert caret_text(shown) == "Week 1"


def test_excerpt_handles_tabs_wide_characters_and_the_end_of_line() -> None:
    tabbed = excerpt("-\t[ ] T001\tfoo", 12, 15)
    assert tabbed.text == "-   [ ] T001    foo"
    assert tabbed.text[tabbed.start : tabbed.end] == "foo"
    wide = excerpt("日本 Week 1", 4, 10)
    assert (wide.start, wide.end) == (5, 11)  # two columns for each of 日 and 本
    assert excerpt("abc", 4, 4)[1:] == (3, 4)  # past the end: one caret after the text
    assert excerpt("abc", 2, None)[1:] == (1, 3)  # a span over lines: to the end of this one
    assert excerpt("", 1, 1) == ("", 0, 1)


def test_a_long_line_is_shortened_around_the_column() -> None:
    line = "a" * 299 + "TARGET" + "b" * 300
    shown = excerpt(line, 300, 306)
    assert len(shown.text) <= WIDTH + 2
    assert shown.text.startswith("…") and shown.text.endswith("…")
    assert shown.text[shown.start : shown.end] == "TARGET"
    start = excerpt(line, 1, 2)
    assert start.text.startswith("aaa") and start.text.endswith("…") and start.start == 0
    last = excerpt(line, 600, 606)
    assert last.text.startswith("…") and last.text[last.start : last.end] == "b" * 6
    after = excerpt(line, 606, 607)  # past the end of the line: the caret just after it
    assert after.text.endswith("b") and after.start == len(after.text)


def test_full_without_a_source_shows_the_line_alone() -> None:
    text = render("full", sample_report(), settings())
    assert " | " not in text
    assert "  = fix: normalise (phaselint check --fix)" in text
    assert text.splitlines()[-2:] == [
        "2 errors, 1 warning in 2 files, 1 fixable with --fix",
        "Run `phaselint explain CODE` for why and how to fix: CAL001, PH009, SP003.",
    ]


# junit --------------------------------------------------------------------------------------


def test_junit_has_a_failing_testcase_per_diagnostic(repo: Repo) -> None:
    phase_repo(repo, PHASE.replace("In Progress", 'Bogus <&"\x1b[31m>'))
    repo.write("specs/004-a\n::stop-commands::tok\n/spec.md", "# Feature Specification: F\n")
    result = repo.check(fmt="junit")
    expected = repo.check().diagnostics
    assert result.output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.output)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(expected) == int(root.get("tests", "")) > 2
    assert int(root.get("failures", "")) == len(expected)
    suites = {suite.get("name") for suite in root.findall("testsuite")}
    assert DOC in suites and "specs/004-a\\n::stop-commands::tok\\n/spec.md" in suites
    failures = [case.find("failure") for case in cases]
    assert [f.get("type") for f in failures if f is not None] == [d["code"] for d in expected]
    status = next(f for f in failures if f is not None and f.get("type") == "PH005")
    message = next(d["message"] for d in expected if d["code"] == "PH005")
    assert '<&"\x1b[31m>' in message
    assert status.get("message") == message.replace("\x1b", "\\x1b")
    assert f"{DOC}:3:" in (status.text or "") and '<&"\\x1b[31m>' in (status.text or "")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", result.output)


def test_junit_of_a_clean_run_passes_one_testcase(repo: Repo) -> None:
    repo.write("README.md", "# nothing to lint\n")
    root = ET.fromstring(repo.check(fmt="junit").output)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 1 and list(cases[0]) == []
    assert root.get("failures") == "0"


def test_junit_reports_internal_errors() -> None:
    report = Report((), 0, ("rule PH005 failed on x.md: ValueError: boom",))
    root = ET.fromstring(render("junit", report, settings()))
    errors = root.findall("./testsuite/testcase/error")
    assert len(errors) == 1 and "boom" in (errors[0].get("message") or "")
    assert root.get("errors") == "1"


# Fingerprints that survive a line shift: gitlab and SARIF --------------------------------------


def shifted(repo: Repo, fmt: str) -> tuple[Any, Any]:
    """The report in `fmt`, then again once lines are added above the diagnostics."""
    phase_repo(repo)
    before = json.loads(repo.check(fmt=fmt).output)
    repo.write(DOC, "<!-- moved down -->\n\n" + PHASE)
    after = json.loads(repo.check(fmt=fmt).output)
    return before, after


def test_gitlab_code_quality(repo: Repo) -> None:
    before, after = shifted(repo, "gitlab")
    expected = repo.check().diagnostics
    assert len(before) == len(after) == len(expected) >= 2
    for issue, d in zip(after, expected, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == d["code"]
        assert d["message"] in issue["description"]
        assert issue["severity"] == {"error": "major", "warning": "minor"}[d["severity"]]
        assert issue["location"] == {"path": d["path"], "lines": {"begin": d["line"]}}
    assert {i["severity"] for i in after} == {"major", "minor"}
    assert [i["location"]["lines"]["begin"] for i in after] != [
        i["location"]["lines"]["begin"] for i in before
    ]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert len({i["fingerprint"] for i in after}) == len(after)


def test_gitlab_fingerprints_tell_twin_lines_apart() -> None:
    twins = tuple(
        Diagnostic("a.md", line, 1, line, 2, "SP009", Severity.ERROR, "malformed task")
        for line in (1, 2)
    )
    source = Settings(rules=all_rules(), source=lambda path: "- [ ] same\n- [ ] same\n")
    issues = json.loads(render("gitlab", Report(twins, 1, ()), source))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert json.loads(render("gitlab", Report((), 0, ()), source)) == []


def test_sarif_help_and_fingerprints(repo: Repo) -> None:
    before, after = shifted(repo, "sarif")
    validate_sarif(before)
    validate_sarif(after)
    rules = after["runs"][0]["tool"]["driver"]["rules"]
    for descriptor, rule in zip(rules, all_rules(), strict=True):
        assert descriptor["helpUri"] == rule_url(rule.code)
        assert rule.summary in descriptor["help"]["text"]
        assert rule.body in descriptor["help"]["text"]
        assert rule.body in descriptor["help"]["markdown"]

    def keys(log: dict[str, Any]) -> list[tuple[str, int, str]]:
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["phaselint/v1"],
            )
            for r in log["runs"][0]["results"]
        ]

    assert len(keys(after)) >= 2
    assert [line for _, line, _ in keys(after)] != [line for _, line, _ in keys(before)]
    assert [(code, key) for code, _, key in keys(after)] == [
        (code, key) for code, _, key in keys(before)
    ]
    assert all(re.fullmatch("[0-9a-f]{16}:[0-9]+", key) for _, _, key in keys(after))


def test_sarif_fingerprint_changes_with_the_offending_line(repo: Repo) -> None:
    phase_repo(repo)
    first = json.loads(repo.check(fmt="sarif").output)["runs"][0]["results"][0]
    repo.write(DOC, PHASE.replace("V1.2.0 - Phase 1: Week 1", "V1.2.0 - Phase 1:  Week 1 "))
    same = json.loads(repo.check(fmt="sarif").output)["runs"][0]["results"][0]
    repo.write(DOC, PHASE.replace("Week 1", "Week 1 again"))
    edited = json.loads(repo.check(fmt="sarif").output)["runs"][0]["results"][0]
    assert first["ruleId"] == same["ruleId"] == edited["ruleId"] == "CAL001"
    # Whitespace is folded, as the baseline does; other edits of the line make a new finding.
    assert first["partialFingerprints"] == same["partialFingerprints"]
    assert first["partialFingerprints"] != edited["partialFingerprints"]


@pytest.mark.parametrize("fmt", ["concise", "full", "junit", "gitlab"])
def test_the_new_formats_through_the_cli(repo: Repo, fmt: str) -> None:
    result = phase_repo(repo).check(fmt=fmt)
    assert result.exit_code == 1 and "CAL001" in result.output


def test_the_readme_sample_is_the_real_output(repo: Repo) -> None:
    readme = (WORKTREE / "README.md").read_text(encoding="utf-8")
    output = phase_repo(repo).check(fmt="full").output
    sample = "".join(f"  {line}\n" if line else "\n" for line in output.splitlines())
    assert f"  ```\n{sample}  ```\n" in readme
