"""Hostile output: names and document text that try to forge workflow commands, bytes that are
not UTF-8, broken standard outputs, and usage errors — every report stays one line per
diagnostic, valid UTF-8 JSON or SARIF, and every failure one line on stderr (exit 2)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_reporters import validate_sarif
from test_rules_para import CONTEXT, block, context_md, para

from conftest import GIT_ENV, Repo

WORKTREE = Path(__file__).resolve().parents[1]
FORGED_FOLDER = "specs/004-a\n::stop-commands::tok\n"
FORGED_BRANCH = "para/x\n::error file=evil.md,line=1::forged\n::stop-commands::tok"
#: Every control character a log or terminal acts on, and the Unicode line separators.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def phaselint(
    repo: Repo, *args: str, stdout: Any = subprocess.PIPE, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    """`python -m phaselint ARGS` in the repository, a real process with a UTF-8 locale."""
    env = {
        **os.environ,
        **GIT_ENV,
        "PYTHONPATH": str(WORKTREE),
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "",
    }
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PHASELINT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "phaselint", *args],
        cwd=repo.path,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
        **options,
    )


def assert_one_line_failure(stderr: bytes) -> str:
    """stderr holds exactly one line, `phaselint: …`, and no traceback."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("phaselint: "), text
    return lines[0]


def forged_folder(repo: Repo) -> None:
    repo.write(f"{FORGED_FOLDER}/spec.md", "# Feature Specification: Forged\n")
    repo.commit("a folder whose name holds newlines")


def assert_no_forged_commands(output: str, diagnostics: int) -> None:
    """Text then annotations: one line per diagnostic each, a summary, and no command but ours."""
    lines = output.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert len(lines) == 2 * diagnostics + 1, lines
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == diagnostics
    assert all(re.match(r"::(error|warning) file=[^:\s]+,line=\d+,", c) for c in commands)
    assert not any(line.startswith("::stop-commands") for line in lines)
    assert not CONTROLS.search(output.replace("\n", ""))


# Finding 2: workflow-command injection ------------------------------------------------------


def test_a_folder_named_with_newlines_forges_no_workflow_command(repo: Repo) -> None:
    forged_folder(repo)
    diagnostics = repo.check().diagnostics
    assert diagnostics and all(d["path"].startswith(FORGED_FOLDER) for d in diagnostics)
    result = repo.check(fmt="", env={"GITHUB_ACTIONS": "true"})
    assert_no_forged_commands(result.output, len(diagnostics))
    assert "specs/004-a\\n::stop-commands::tok\\n/spec.md:1:1: SP001" in result.output


def test_a_quoted_branch_with_newlines_forges_no_annotation(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    data = block(("completed", "in_progress", "pending"), execution_branch=FORGED_BRANCH)
    repo.write(CONTEXT, context_md(data))
    exact = repo.check("--select", "CX007")
    assert exact.messages("CX007") and all(FORGED_BRANCH in m for m in exact.messages("CX007"))
    result = repo.check("--select", "CX007", fmt="", env={"GITHUB_ACTIONS": "true"})
    assert_no_forged_commands(result.output, len(exact.diagnostics))
    assert not any(line.startswith("::error file=evil.md") for line in result.output.split("\n"))
    assert 'execution_branch is "para/x\\n::error file=evil.md' in result.output


def test_escape_sequences_and_c1_controls_are_shown_not_sent(repo: Repo) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    branch = "para/\x1b[2J\x1b]0;owned\x07\x9b31m\x7f\x00\r\u2028end"
    data = block(("completed", "in_progress", "pending"), execution_branch=branch)
    repo.write(CONTEXT, context_md(data))
    for fmt in ("text", "github"):
        output = repo.check("--select", "CX007", fmt=fmt).output
        assert not CONTROLS.search(output.replace("\n", "")), (fmt, output)
        assert output.count("\n") == (2 if fmt == "text" else 1)
    text = repo.check("--select", "CX007", fmt="text").output
    assert "para/\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\x7f\\x00\\r\\u2028end" in text
    github = repo.check("--select", "CX007", fmt="github").output
    # The runner's own escaping still applies on top: `:` and `,` in properties, `%` in data.
    assert github.startswith(f"::warning file={CONTEXT.replace(':', '%3A')},line=")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_keep_the_exact_text_escaped(repo: Repo, fmt: str) -> None:
    para(repo, ("completed", "in_progress", "pending"))
    branch = FORGED_BRANCH + "\x1b[31m\x9b\x7f\u2028"
    data = block(("completed", "in_progress", "pending"), execution_branch=branch)
    repo.write(CONTEXT, context_md(data))
    repo.write(f"{FORGED_FOLDER}/spec.md", "# Feature Specification: Forged\n")
    output = repo.check(fmt=fmt).output
    assert not CONTROLS.search(output.replace("\n", ""))
    log = json.loads(output)
    if fmt == "json":
        messages = [d["message"] for d in log["diagnostics"]]
        paths = {d["path"] for d in log["diagnostics"]}
    else:
        validate_sarif(log)
        results = log["runs"][0]["results"]
        messages = [r["message"]["text"] for r in results]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert "specs/004-a%0A%3A%3Astop-commands%3A%3Atok%0A/spec.md" in uris
        paths = {FORGED_FOLDER + "/spec.md"}
    assert any(branch in m for m in messages)
    assert any('"004-a\n::stop-commands::tok\n"' in m for m in messages)
    assert FORGED_FOLDER + "/spec.md" in paths


# Finding 6: bytes that are not UTF-8, broken standard output ---------------------------------


@pytest.fixture
def undecodable(repo: Repo) -> Repo:
    """A committed spec folder whose name holds the byte 0xFF."""
    try:
        os.makedirs(os.fsencode(repo.path) + b"/specs/002-b\xffad")
    except OSError:
        pytest.skip("the filesystem refuses names that are not UTF-8")
    with open(os.fsencode(repo.path) + b"/specs/002-b\xffad/spec.md", "w") as handle:
        handle.write("# Feature Specification: Bytes\n")
    repo.commit("a folder whose name is not UTF-8")
    return repo


def test_sarif_of_a_name_that_is_not_utf8(undecodable: Repo) -> None:
    completed = phaselint(undecodable, "check", "--format", "sarif")
    assert completed.returncode == 1, completed.stderr.decode()
    assert b"Traceback" not in completed.stderr
    log = json.loads(completed.stdout.decode("utf-8"))
    validate_sarif(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert "specs/002-b%FFad/spec.md" in uris


def test_json_file_of_a_name_that_is_not_utf8_round_trips(undecodable: Repo) -> None:
    completed = phaselint(undecodable, "check", "--format", "json", "-o", "report.json")
    assert completed.returncode == 1, completed.stderr.decode()
    assert completed.stderr == b""
    data = (undecodable.path / "report.json").read_bytes()
    report = json.loads(data.decode("utf-8"))
    assert b"\\udcff" in data
    paths = {os.fsencode(d["path"]) for d in report["diagnostics"]}
    assert b"specs/002-b\xffad/spec.md" in paths


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_stdout_of_a_name_that_is_not_utf8_is_utf8(undecodable: Repo, fmt: str) -> None:
    completed = phaselint(undecodable, "check", "--format", fmt)
    assert completed.returncode == 1, completed.stderr.decode()
    assert b"Traceback" not in completed.stderr
    output = completed.stdout.decode("utf-8")
    if fmt == "json":
        json.loads(output)
    else:
        assert "specs/002-b\\xffad/spec.md" in output


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stdout_on_a_full_device(repo: Repo, fmt: str) -> None:
    forged_folder(repo)
    with open("/dev/full", "w") as full:
        completed = phaselint(repo, "check", "--format", fmt, stdout=full)
    assert completed.returncode == 2
    line = assert_one_line_failure(completed.stderr)
    assert "standard output" in line


def test_stdout_closed(repo: Repo) -> None:
    forged_folder(repo)
    completed = phaselint(repo, "check", stdout=None, preexec_fn=lambda: os.close(1))
    assert completed.returncode == 2
    assert "standard output" in assert_one_line_failure(completed.stderr)


def test_stdout_a_broken_pipe(repo: Repo) -> None:
    forged_folder(repo)
    env = {**os.environ, "PYTHONPATH": str(WORKTREE), "LC_ALL": "C.UTF-8"}
    env.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "phaselint", "check", "--format", "json"],
        cwd=repo.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # no reader: the report's first write fails with EPIPE
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait() == 2
    assert "standard output" in assert_one_line_failure(stderr)


def test_other_commands_on_a_full_device(repo: Repo) -> None:
    with open("/dev/full", "w") as full:
        completed = phaselint(repo, "rules", stdout=full)
    assert completed.returncode == 2
    assert_one_line_failure(completed.stderr)


# Finding 10: usage errors are one line ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "bogus"),
        ("check", "--no-such-option"),
        ("no-such-command",),
        ("check", "--diff-base"),
        ("check", "--diff-base", "main\n::stop-commands::tok\nmore"),
    ],
)
def test_usage_errors_are_one_line(repo: Repo, args: tuple[str, ...]) -> None:
    repo.write("README.md", "# readme\n")
    repo.commit()
    result = repo.run(*args)
    assert result.exit_code == 2
    assert result.output == ""
    line = result.stderr.removesuffix("\n")
    assert "\n" not in line and line.startswith("phaselint: "), result.stderr
    assert not CONTROLS.search(line)


def test_usage_error_in_a_real_process_is_one_line(repo: Repo) -> None:
    completed = phaselint(repo, "check", "--format", "bogus")
    assert completed.returncode == 2
    assert "bogus" in assert_one_line_failure(completed.stderr)


# Finding 13: document text is quoted briefly ------------------------------------------------


def test_a_huge_status_is_quoted_briefly(repo: Repo) -> None:
    repo.write("specs/001-x/spec.md", "# Feature Specification: X\n")
    repo.write("specs/001-x/.status", "implementing" + " " * 1_000_000 + "\n")
    messages = repo.check("--select", "SP003").messages("SP003")
    assert len(messages) == 1
    assert len(messages[0]) < 200
    assert '"implementing' in messages[0] and "…" in messages[0]
    repo.write("specs/001-x/.status", "x" * 1_000_000 + "\n")
    assert all(len(m) < 300 for m in repo.check("--select", "SP003").messages("SP003"))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain ü", "plain ü"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\x1b[31m\x7f\x9b\x00", "\\x1b[31m\\x7f\\x9b\\x00"),
        ("line\u2028sep\u202eevil\u2066", "line\\u2028sep\\u202eevil\\u2066"),
        (os.fsdecode(b"b\xffad"), "b\\xffad"),
    ],
)
def test_one_line_shows_every_control(text: str, shown: str) -> None:
    from phaselint.reporters import json_text, one_line

    assert one_line(text) == shown
    encoded = json_text({"s": text})
    assert json.loads(encoded.encode("utf-8").decode("utf-8")) == {"s": text}
    assert not CONTROLS.search(encoded.replace("\n", ""))
