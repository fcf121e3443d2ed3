"""The hook's fast start: `phaselint check` read without click, exactly as click reads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import Repo
from phaselint import cli
from phaselint.entry import CHECK_OPTIONS, parse_check


def test_the_table_is_clicks_options_of_check() -> None:
    options = {p.name: p for p in cli.check.params if isinstance(p, click.Option)}
    table = {option.dest: option for option in CHECK_OPTIONS}
    assert set(table) == set(options)
    for dest, option in table.items():
        declared = options[dest]
        assert set(option.names) == set(declared.opts) | set(declared.secondary_opts), dest
        assert option.takes_value == (not declared.is_flag), dest
        assert option.multiple == declared.multiple, dest
        choices = tuple(declared.type.choices) if isinstance(declared.type, click.Choice) else ()
        assert option.choices == choices, dest
        assert option.is_path == isinstance(declared.type, click.Path), dest


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["--staged"],
        ["--staged", "specs/001-a/spec.md", "docs/phase.md"],
        ["--format", "json", "--select", "SP,CAL", "--select=PH", "--ignore", "SP020"],
        ["--format=concise", "-q", "--strict", "--exit-zero", "--no-cache", "-v"],
        ["--diff-base", "origin/main", "--baseline", "b.json", "--no-baseline"],
        ["--color", "never", "-o", "report.txt", "--config", "x.toml", "--statistics"],
        ["--fix", "--unsafe-fixes", "--", "--odd-name.md"],
        ["--diff", "--extend-select", "SP022", "a.md"],
    ],
)
def test_read_as_click_reads_it(words: list[str]) -> None:
    expected = cli.check.make_context("check", list(words)).params
    assert parse_check(words) == expected


@pytest.mark.parametrize(
    "words",
    [
        ["--help"],
        ["-h"],
        ["-qv"],
        ["-"],
        ["--format", "bogus"],
        ["--format"],
        ["--strict=yes"],
        ["--unknown"],
        ["-o=x"],
        [""],
    ],
)
def test_the_rest_is_clicks(words: list[str]) -> None:
    assert parse_check(words) is None


def test_the_hook_starts_without_click(repo: Repo) -> None:
    repo.write("specs/001-export/spec.md", "# Feature Specification: Export\n")
    repo.commit("spec")
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).parent.parent)}
    command = [sys.executable, "-X", "importtime", "-m", "phaselint", "check", "--no-cache"]
    fast = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, env=env)
    imported = {line.rsplit("|", 1)[-1].strip() for line in fast.stderr.splitlines()}
    assert "phaselint.checking" in imported
    assert "click" not in imported
    # Help is click's, as before.
    helped = subprocess.run(
        [sys.executable, "-m", "phaselint", "check", "--help"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert helped.returncode == 0 and "--diff-base REF" in helped.stdout


def test_mistakes_are_still_one_line(repo: Repo) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "phaselint", "check", "--format", "bogus"],
        cwd=repo.path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("phaselint: error: ") and done.stderr.count("\n") == 1
