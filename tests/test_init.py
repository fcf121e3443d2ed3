"""`phaselint init` (issue 13): the configuration with only what differs, the pre-commit hook,
the workflow and a baseline — in real repositories, run twice, with and without pyproject.toml."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

import yaml

from conftest import PHASE_DOC, Repo

SPEC = "# Feature Specification: Export\n\n## Phase 1: Week 1\n"


def snapshot(repo: Repo) -> dict[str, bytes]:
    return {
        str(p.relative_to(repo.path)): p.read_bytes()
        for p in sorted(repo.path.rglob("*"))
        if p.is_file()
        and ".git/" not in str(p.relative_to(repo.path)) + "/"
        and not str(p.relative_to(repo.path)).startswith(".git/")
    }


def test_init_writes_what_differs_and_changes_nothing_the_second_time(repo: Repo) -> None:
    repo.write("docs/specs/001-export/spec.md", SPEC)
    repo.write(
        ".pre-commit-config.yaml",
        "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black\n"
        "default_stages: [pre-commit]\n",
    )
    repo.commit("start")
    first = repo.run("init", "--github")
    assert first.exit_code == 0, first.stderr
    assert 'phaselint.toml: written (specs-dir = "docs/specs")' in first.output
    config = tomllib.loads((repo.path / "phaselint.toml").read_text())
    assert config == {"specs": {"specs-dir": "docs/specs"}}
    hooks = yaml.safe_load((repo.path / ".pre-commit-config.yaml").read_text())
    assert [r["repo"] for r in hooks["repos"]] == [
        "https://github.com/psf/black",
        "https://github.com/phaselint/phaselint",
    ]
    assert hooks["repos"][1]["hooks"] == [{"id": "phaselint"}]
    assert hooks["repos"][1]["rev"].startswith("v")
    assert hooks["default_stages"] == ["pre-commit"]
    workflow = yaml.safe_load((repo.path / ".github/workflows/phaselint.yml").read_text())
    assert any(
        "phaselint/phaselint@" in step.get("uses", "")
        for step in workflow["jobs"]["phaselint"]["steps"]
    )
    before = snapshot(repo)
    second = repo.run("init", "--github")
    assert second.exit_code == 0
    assert "already configures phaselint; left as it is" in second.output
    assert "already runs phaselint; left as it is" in second.output
    assert snapshot(repo) == before
    # The written configuration is the one check uses: the spec under docs/specs is found.
    assert ("CAL001", "docs/specs/001-export/spec.md", 3, 13) in repo.check().found()


def test_init_in_a_repository_with_pyproject(repo: Repo) -> None:
    repo.write("pyproject.toml", '[project]\nname = "app"\nversion = "1.0"\n')
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    result = repo.run("init")
    assert result.exit_code == 0
    assert "pyproject.toml: added [tool.phaselint] (the defaults fit this layout)" in result.output
    data = tomllib.loads((repo.path / "pyproject.toml").read_text())
    assert data["project"]["name"] == "app"
    assert data["tool"]["phaselint"] == {}
    assert not (repo.path / "phaselint.toml").exists()
    assert yaml.safe_load((repo.path / ".pre-commit-config.yaml").read_text())["repos"][0][
        "hooks"
    ] == [{"id": "phaselint"}]


def test_init_baseline_then_check_passes_and_a_new_violation_fails(repo: Repo) -> None:
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write(doc, PHASE_DOC.replace("Foundation", "Week 1"))
    repo.commit("old debt")
    assert repo.check().exit_code == 1
    result = repo.run("init", "--baseline")
    assert result.exit_code == 0
    assert "recorded 1 diagnostic(s) in .phaselint-baseline.json" in result.output
    assert repo.check().exit_code == 0
    repo.write(doc, PHASE_DOC.replace("Foundation", "Week 1") + "\n## Sprint 3 review\n")
    failing = repo.check()
    assert failing.exit_code == 1
    assert [d[0] for d in failing.found()] == ["CAL001"]
    again = repo.run("init", "--baseline")
    assert ".phaselint-baseline.json: already there; left as it is" in again.output


def test_init_adds_a_baseline_key_to_an_existing_configuration(repo: Repo) -> None:
    repo.write("phaselint.toml", '# ours\nstrict = true\n\n[specs]\nspecs-dir = "specs"\n')
    repo.write("docs/development/V1.2.0_PHASE_1.md", PHASE_DOC)
    result = repo.run("init", "--baseline")
    assert 'phaselint.toml: added `baseline = ".phaselint-baseline.json"`' in result.output
    data = tomllib.loads((repo.path / "phaselint.toml").read_text())
    assert data == {
        "strict": True,
        "baseline": ".phaselint-baseline.json",
        "specs": {"specs-dir": "specs"},
    }
    assert (repo.path / "phaselint.toml").read_text().startswith("# ours\n")


def test_init_outside_a_repository_says_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from phaselint.cli import main

    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert "run `git init` first" in result.stderr
    assert list(folder.iterdir()) == []
