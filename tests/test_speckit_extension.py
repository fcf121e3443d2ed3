"""The spec-kit extension (issue 16), proved with spec-kit's own tools: `specify-cli` installed
into a virtual environment of the session's (never one of phaselint's dependencies), next to
phaselint built from this checkout; projects made by `specify init` in fresh git repositories;
the extension installed by `specify extension add --dev`; and the shell lines the command files
tell the agent to run, taken out of those files and run as they are written."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from conftest import GIT_ENV, ROOT, Repo, copy_checkout
from phaselint import __version__

pytestmark = pytest.mark.speckit

EXTENSION = ROOT / "integrations" / "spec-kit"
SPECIFY_CLI = "specify-cli==1.2.3"
HOOKS = ("after_tasks", "before_implement", "after_implement")
COMMANDS = ["speckit.phaselint.check", "speckit.phaselint.status"]

#: What pip says when it cannot reach the package index: the one reason to skip. Seeing no
#: version at all of a package the index has is the same (pip retries in silence when told
#: to retry less).
_OFFLINE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
    r"resolution|Name or service not known|Network is unreachable|No route to host|"
    r"ConnectTimeout|Read timed out|ProxyError|Connection refused|"
    r"requirement specify-cli==1\.2\.3 \(from versions: none\)"
)


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXTENSION / "extension.yml").read_text("utf-8"))
    return data


def fenced(command: str, info: str) -> list[str]:
    """The fenced blocks of a command file with this info string, in order."""
    text = (EXTENSION / "commands" / command).read_text(encoding="utf-8")
    return re.findall(rf"^```{info}\n(.*?)\n```$", text, re.MULTILINE | re.DOTALL)


def shell_line(command: str, *, has: str, lacks: str | None = None) -> str:
    """The one shell line of a command file that contains `has` (and not `lacks`)."""
    lines = [
        block
        for block in fenced(command, "sh")
        if has in block and (lacks is None or lacks not in block)
    ]
    assert len(lines) == 1, f"{command}: expected one ```sh block with {has!r}, found {lines}"
    assert "\n" not in lines[0], "the agent is told to run one line"
    return lines[0]


CHECK_LINE = shell_line("check.md", has="phaselint check --format json")
FIX_LINE = shell_line("check.md", has="phaselint check --fix --format json")
EXPLAIN_LINE = shell_line("check.md", has="phaselint explain")
STATUS_LINE = shell_line("status.md", has="phaselint status")

# The spec folder the example in check.md describes: spec.md still asks which date albums are
# sorted by (CLR001: tasks.md exists, the gate is passed), and tasks.md writes an id `t002`
# (SP009, with a safe fix).
SPEC = """\
# Feature Specification: Photo albums

**Feature Branch**: `001-photo-albums`
**Status**: Draft

## User Scenarios & Testing

### User Story 1 - Group photos into albums (Priority: P1)

A user groups photos into albums by date.

**Independent Test**: create an album and add two photos to it.

**Acceptance Scenarios**:

1. **Given** two photos, **When** the user adds them to an album, **Then** the album shows both.

## Requirements

- **FR-001**: Albums MUST be sorted by [NEEDS CLARIFICATION: which date, taken or uploaded?]

## Success Criteria

- **SC-001**: A user makes an album of ten photos in under a minute.
"""
PLAN = """\
# Implementation Plan: Photo albums

## Technical Context

**Language/Version**: Python 3.12

## Project Structure

```text
src/albums.py
```
"""
TASKS = """\
# Tasks: Photo albums

## Phase 1: User Story 1

- [ ] T001 [US1] Create the album model in src/albums.py
- [ ] t002 [US1] Sort albums by date in src/albums.py
"""


# -- the manifest, the package, `phaselint init`: no network needed -----------------------------


def test_the_manifest_requires_this_very_phaselint() -> None:
    data = manifest()
    assert data["schema_version"] == "1.0"
    assert data["extension"]["id"] == "phaselint"
    assert data["extension"]["version"] == __version__
    tools = {tool["name"]: tool for tool in data["requires"]["tools"]}
    assert tools["phaselint"] == {
        "name": "phaselint",
        "version": f"=={__version__}",
        "required": True,
    }


def test_the_hooks_run_the_check_and_are_mandatory_by_default() -> None:
    data = manifest()
    assert [c["name"] for c in data["provides"]["commands"]] == COMMANDS
    for command in data["provides"]["commands"]:
        assert (EXTENSION / command["file"]).is_file()
    assert set(data["hooks"]) == set(HOOKS)
    for hook in data["hooks"].values():
        # spec-kit takes a hook without `optional` as optional: mandatory must be said.
        assert hook["command"] == "speckit.phaselint.check"
        assert hook["optional"] is False


def test_the_package_data_is_the_extension_folder_itself() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"]["phaselint.speckit"] == "integrations/spec-kit"
    # Each folder of the extension is a package of its own (setuptools asks for that), whose
    # files ship as its package data.
    files = [p.relative_to(EXTENSION) for p in EXTENSION.rglob("*") if p.is_file()]
    for name in files:
        package = ".".join(("phaselint", "speckit", *name.parent.parts))
        assert package in setuptools["packages"], name
        patterns = setuptools["package-data"].get(package, [])
        assert any(name.match(pattern) for pattern in patterns), f"{name} does not ship"


def test_init_offers_the_extension_in_a_spec_kit_project(repo: Repo) -> None:
    repo.write(".specify/memory/constitution.md", "# Constitution\n")
    offered = repo.run("init", "--yes")
    assert offered.exit_code == 0, offered.stderr
    assert f"specify extension add --dev {shlex.quote(str(EXTENSION))}`" in offered.output
    installed = repo.path / ".specify/extensions/phaselint/extension.yml"
    installed.parent.mkdir(parents=True)
    installed.write_text((EXTENSION / "extension.yml").read_text("utf-8"), encoding="utf-8")
    again = repo.run("init", "--yes")
    assert "spec-kit: the phaselint extension is installed; left as it is" in again.output
    installed.write_text(
        installed.read_text("utf-8").replace(f'version: "{__version__}"', 'version: "0.0.1"', 1),
        encoding="utf-8",
    )
    older = repo.run("init", "--yes")
    assert "installed is for phaselint 0.0.1" in older.output
    assert f"specify extension add --dev {shlex.quote(str(EXTENSION))} --force`" in older.output


def test_init_says_nothing_of_spec_kit_elsewhere(repo: Repo) -> None:
    result = repo.run("init", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "spec-kit" not in result.output


# -- spec-kit's own installer ---------------------------------------------------------------------


class SpecKit(NamedTuple):
    """A virtual environment holding `specify` (spec-kit 1.2.3) and `phaselint` (this checkout,
    built and installed as a user installs it), and the environment to run them in."""

    bin: Path
    env: dict[str, str]

    def run(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=cwd, env=self.env, capture_output=True, text=True, check=False
        )

    def specify(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        done = self.run(cwd, str(self.bin / "specify"), *args)
        assert done.returncode == 0, f"specify {' '.join(args)}: {done.stdout}{done.stderr}"
        return done

    def shell(self, cwd: Path, line: str) -> subprocess.CompletedProcess[str]:
        """Run a line as the agent runs it: one shell command, from the repository root."""
        return self.run(cwd, "bash", "-c", line)

    def project(self, path: Path) -> Path:
        """A spec-kit project made by `specify init` in a fresh git repository."""
        path.mkdir()
        self.run(path, "git", "init", "-q", "-b", "main")
        self.specify(
            path,
            "init",
            "--here",
            "--integration",
            "claude",
            "--non-interactive",
            "--ignore-agent-tools",
            "--script",
            "sh",
            "--force",
        )
        return path


@pytest.fixture(scope="session")
def speckit(tmp_path_factory: pytest.TempPathFactory) -> SpecKit:
    folder = tmp_path_factory.mktemp("speckit")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    source = folder / "phaselint"
    copy_checkout(source)  # built from a copy: the build leaves nothing in the checkout
    python = venv / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run(
        [*install, SPECIFY_CLI, str(source)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = done.stdout + done.stderr
        offline = _OFFLINE.search(said)
        if offline:
            pytest.skip(f"cannot install {SPECIFY_CLI}: no network to PyPI ({offline.group(0)})")
        pytest.fail(f"pip install {SPECIFY_CLI} failed:\n{said}")
    home = folder / "home"  # no user-level spec-kit configuration leaks in
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GITHUB_ACTIONS")
    }
    env.update(GIT_ENV)
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        # Extension catalogs on loopback, refused at once: `specify` never reaches out.
        SPECKIT_CATALOG_URL="http://127.0.0.1:9/catalog.json",
        COLUMNS="200",
        NO_COLOR="1",
        PHASELINT_NO_CACHE="1",
    )
    return SpecKit(venv / "bin", env)


def registered_hooks(project: Path) -> dict[str, list[dict[str, Any]]]:
    config = yaml.safe_load((project / ".specify/extensions.yml").read_text("utf-8"))
    assert "phaselint" in config["installed"]
    return {
        event: [entry for entry in entries if entry["extension"] == "phaselint"]
        for event, entries in config["hooks"].items()
    }


def test_specify_installs_the_extension_with_its_hooks(speckit: SpecKit, tmp_path: Path) -> None:
    project = speckit.project(tmp_path / "project")
    speckit.specify(project, "extension", "add", "--dev", str(EXTENSION))
    hooks = registered_hooks(project)
    assert set(hooks) == set(HOOKS)
    for event in HOOKS:
        [entry] = hooks[event]
        assert entry["command"] == "speckit.phaselint.check"
        assert entry["optional"] is False
        assert entry["enabled"] is True
    info = speckit.specify(project, "extension", "info", "phaselint").stdout
    # Claude Code runs commands as skills: spec-kit shows the names the user types.
    assert "speckit-phaselint-check:" in info
    assert "speckit-phaselint-status:" in info
    assert "✓ Installed" in info
    described = json.loads(
        speckit.specify(project, "extension", "info", "phaselint", "--json").stdout
    )
    assert [c["name"] for c in described["commands"]] == COMMANDS
    assert described["version"] == __version__
    # What the README says about optional hooks is what spec-kit's own implement command does:
    # it reads each hook's `optional` from .specify/extensions.yml.
    implement = (project / ".claude/skills/speckit-implement/SKILL.md").read_text("utf-8")
    assert ".specify/extensions.yml" in implement
    assert "hooks.before_implement" in implement
    assert "hooks.after_implement" in implement
    assert "`optional: false`" in implement
    # The agent is given the lines this file's tests run, as they are.
    skill = (project / ".claude/skills/speckit-phaselint-check/SKILL.md").read_text("utf-8")
    for line in (CHECK_LINE, FIX_LINE, EXPLAIN_LINE):
        assert f"```sh\n{line}\n```" in skill
    status = (project / ".claude/skills/speckit-phaselint-status/SKILL.md").read_text("utf-8")
    assert f"```sh\n{STATUS_LINE}\n```" in status


def test_init_points_at_the_extension_in_the_installed_package(
    speckit: SpecKit, tmp_path: Path
) -> None:
    project = speckit.project(tmp_path / "project")
    init = speckit.run(project, str(speckit.bin / "phaselint"), "init", "--yes")
    assert init.returncode == 0, init.stderr
    found = re.search(r"`specify extension add --dev (.+?)`", init.stdout)
    assert found, init.stdout
    [given] = shlex.split(found.group(1))
    installed = Path(given)
    assert "site-packages" in installed.parts and installed.parts[-2:] == ("phaselint", "speckit")
    files = sorted(p.relative_to(EXTENSION) for p in EXTENSION.rglob("*") if p.is_file())
    assert sorted(p.relative_to(installed) for p in installed.rglob("*") if p.is_file()) == files
    for name in files:
        assert (installed / name).read_bytes() == (EXTENSION / name).read_bytes()
    speckit.specify(project, "extension", "add", "--dev", given)
    assert set(registered_hooks(project)) == set(HOOKS)


def write_feature(speckit: SpecKit, project: Path) -> Path:
    """The feature of check.md's example, created by spec-kit's own script (which records it
    as the current feature in .specify/feature.json), its documents then written."""
    created = speckit.run(
        project,
        "bash",
        ".specify/scripts/bash/create-new-feature.sh",
        "--json",
        "--short-name",
        "photo-albums",
        "Photo albums",
    )
    assert created.returncode == 0, created.stderr
    folder = Path(json.loads(created.stdout)["SPEC_FILE"]).parent
    assert folder == project / "specs/001-photo-albums"
    for name, text in (("spec.md", SPEC), ("plan.md", PLAN), ("tasks.md", TASKS)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_check_line_gives_what_the_command_file_says(speckit: SpecKit, tmp_path: Path) -> None:
    project = speckit.project(tmp_path / "project")
    speckit.specify(project, "extension", "add", "--dev", str(EXTENSION))
    # No current feature yet: no report, the reason on standard error.
    none = speckit.shell(project, CHECK_LINE)
    assert none.returncode == 127
    assert none.stdout == ""
    assert "spec-kit found no current feature" in none.stderr

    folder = write_feature(speckit, project)
    checked = speckit.shell(project, CHECK_LINE)
    assert checked.returncode == 1, checked.stderr
    report = json.loads(checked.stdout)
    [example] = fenced("check.md", "json")
    assert {key: report[key] for key in ("diagnostics", "summary")} == json.loads(example)
    assert report["tool"] == {"name": "phaselint", "version": __version__}

    fixed = speckit.shell(project, FIX_LINE)
    assert fixed.returncode == 1
    assert "phaselint: fixed 1 problem(s) in 1 file(s)" in fixed.stderr
    remaining = json.loads(fixed.stdout)
    assert [d["code"] for d in remaining["diagnostics"]] == ["CLR001"]
    assert "- [ ] T002 [US1] Sort albums by date" in (folder / "tasks.md").read_text("utf-8")

    explained = speckit.shell(project, EXPLAIN_LINE.replace("CODE", "CLR001"))
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith("CLR001 (unresolved-clarification)")
    assert "## How to fix" in explained.stdout

    board = speckit.shell(project, STATUS_LINE)
    assert board.returncode == 0, board.stderr
    assert "| `specs/001-photo-albums` | tasked (inferred) | 0/2 |" in board.stdout

    # The clarification answered: the gate passes.
    spec = folder / "spec.md"
    spec.write_text(
        spec.read_text("utf-8").replace(
            "[NEEDS CLARIFICATION: which date, taken or uploaded?]", "the date a photo was taken"
        ),
        encoding="utf-8",
    )
    passed = speckit.shell(project, CHECK_LINE)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert json.loads(passed.stdout)["summary"]["errors"] == 0
