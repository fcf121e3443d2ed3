"""The README's two commands (issue 14): verbatim, in a fresh clone, one after the other in one
shell — as a new user runs them. Slow (two virtual environments and the suite itself), so it
runs in `.ci/run`, and the suite it starts does not run it again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

INNER = "PHASELINT_README_COMMANDS"


def two_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    return commands


@pytest.mark.skipif(bool(os.environ.get(INNER)), reason="already inside the README's commands")
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_two_commands_pass_verbatim_in_a_fresh_clone(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "phaselint"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    shared = ROOT.parent / "shared"
    if shared.exists() and not (tmp_path / "shared").exists():
        (tmp_path / "shared").symlink_to(shared)
    first, second = two_commands()
    # One shell, one after the other: the first must leave the shell where it found it.
    script = f"set -u\n{first}\necho FIRST=$?\npwd\n{second}\necho SECOND=$?\n"
    completed = subprocess.run(
        ["bash", "-c", script],
        cwd=clone,
        env={**os.environ, INNER: "1", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    output = completed.stdout
    assert "FIRST=1" in output, output[-3000:] + completed.stderr[-3000:]  # the example violates
    assert f"\n{clone}\n" in output  # still in the clone's root for the second command
    assert "SECOND=0" in output, output[-3000:] + completed.stderr[-3000:]
    assert re.search(r"\d+ passed", output)
