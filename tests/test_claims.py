"""The hook on a commit no planning method could own (issue 12): no model is built, nothing is
reported; a commit that deletes or renames a planning file is still linted."""

from __future__ import annotations

import pytest
from test_rules_spec import good_spec

from conftest import PHASE_DOC, Repo
from phaselint.claims import (
    ARTIFACT_WORDS,
    LAYOUT_FOLDERS,
    LAYOUT_SECTIONS,
    SPECS_FOLDER,
    claimed,
)
from phaselint.config import Config

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
NOTHING = "nothing to lint: no file of the change lies where a planning method keeps its files"


def _no_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building a project (and so any model) fails the run: proof that none is built."""
    import phaselint.project

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a project was built")

    monkeypatch.setattr(phaselint.project.Project, "__init__", refuse)


def test_unrelated_commit_builds_no_model(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write(DOC, CALENDAR)  # an old violation: never the business of an unrelated commit
    good_spec(repo)
    repo.write("src/app.py", "print('hi')\n")
    repo.commit()
    repo.write("src/app.py", "print('hello')\n")
    repo.write("README.md", "# App\n")
    repo.git("add", "src/app.py", "README.md")
    _no_project(monkeypatch)
    result = repo.check("--staged", "-v")
    assert result.exit_code == 0, result.stderr
    assert result.found() == []
    assert result.report["summary"]["files_checked"] == 2
    assert NOTHING in result.stderr
    assert "models built: none" in result.stderr
    assert "documents (" not in result.stderr
    # pre-commit names the files: the same.
    named = repo.check("--staged", "src/app.py", "-v")
    assert named.found() == [] and NOTHING in named.stderr
    assert named.report["summary"]["files_checked"] == 1


def test_deleting_a_planning_file_is_linted(repo: Repo) -> None:
    good_spec(repo)
    repo.write("src/app.py", "print('hi')\n")
    repo.commit()
    repo.git("rm", "-q", "specs/004-login/tasks.md")
    result = repo.check("--staged", "-v")
    assert result.found() == [("SP005", "specs/004-login/.status", 1, 1)]
    assert NOTHING not in result.stderr
    # Named with an unrelated file, as pre-commit names what a commit stages: still linted.
    repo.write("src/app.py", "print('hello')\n")
    repo.git("add", "src/app.py")
    named = repo.check("--staged", "src/app.py")
    assert named.found() == [("SP005", "specs/004-login/.status", 1, 1)]


def test_renaming_a_planning_file_away_is_linted(repo: Repo) -> None:
    good_spec(repo)
    repo.commit()
    (repo.path / "notes").mkdir()
    repo.git("mv", "specs/004-login/tasks.md", "notes/tasks.md")
    result = repo.check("--staged", "-v")
    assert ("SP005", "specs/004-login/.status", 1, 1) in result.found()
    assert NOTHING not in result.stderr


def test_a_spec_branch_is_still_judged(repo: Repo) -> None:
    """SP017 is about the checked-out branch, whatever the commit touches."""
    good_spec(repo)
    repo.write("src/app.py", "print('hi')\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "042-export")
    repo.write("src/app.py", "print('hello')\n")
    repo.git("add", "src/app.py")
    assert repo.check("--staged", "--select", "SP017").found() == [("SP017", "specs", 1, 1)]


def test_a_file_in_a_consolidation_workflow_is_linted(repo: Repo) -> None:
    """A workflow folder owns the files below it: a file beside an agent report is no
    unrelated file."""
    repo.write("work/analysis_report_agent1.json", "{}\n")
    repo.write("work/notes.txt", "a\n")
    repo.commit()
    repo.write("work/notes.txt", "b\n")
    repo.git("add", "work/notes.txt")
    assert NOTHING not in repo.check("--staged", "-v").stderr


def test_a_configured_layout_turns_the_early_exit_off(repo: Repo) -> None:
    repo.write("phaselint.toml", '[specs]\nspecs-dir = "planning"\n')
    repo.write("src/app.py", "print('hi')\n")
    repo.commit()
    repo.write("src/app.py", "print('hello')\n")
    repo.git("add", "src/app.py")
    assert NOTHING not in repo.check("--staged", "-v").stderr


@pytest.mark.parametrize(
    ("path", "owned"),
    [
        ("src/app.py", False),
        ("README.md", False),
        ("CHANGELOG.md", False),
        ("specs/004-login/spec.md", True),
        ("docs/specs/004-login/notes.txt", True),
        ("specs/README.md", False),
        ("docs/development/V1.2.0_PHASE_1.md", True),
        ("docs/archive/development-history/2025-12/V1.md", True),
        ("context/context.md", True),
        (".czarina/config.json", True),
        ("logs/IMPLEMENTATION_LOG.md", True),
        ("docs/phase-2-stage-log.md", True),
        ("out/phase2_synthesis.json", True),
        ("ROADMAP.md", True),
        ("docs/roadmap.md", True),
    ],
)
def test_claimed_paths(path: str, owned: bool) -> None:
    assert claimed(path, Config()) is owned


def test_claims_follow_the_methods_defaults() -> None:
    """The layout `phaselint.claims` assumes is the methods' default one."""
    from phaselint.methods import METHOD_MODULES
    from phaselint.methods.czarina import CzarinaOptions, _root
    from phaselint.methods.para import ParaOptions
    from phaselint.methods.phases import PhaseOptions
    from phaselint.methods.specs import SpecOptions
    from phaselint.methods.stages import StageOptions

    assert set(METHOD_MODULES) == LAYOUT_SECTIONS
    assert SpecOptions().specs_dir == SPECS_FOLDER
    phases = PhaseOptions()
    assert phases.development_root + "/" in LAYOUT_FOLDERS
    assert phases.archive_root + "/" in LAYOUT_FOLDERS
    para = ParaOptions()
    for folder in (para.context_file, para.plans_dir, para.summaries_dir, para.archives_dir):
        assert folder.startswith(LAYOUT_FOLDERS)
    assert _root(CzarinaOptions()) + "/" in LAYOUT_FOLDERS
    for pattern in StageOptions().log_paths:
        name = pattern.rsplit("/", 1)[-1].casefold()
        assert "log" in name and ("implementation" in name or "stage" in name)
    # Every consolidation artifact's name holds one of the words.
    from phaselint.methods.consolidation import is_artifact

    for name in (
        "analysis_report_agent1.json",
        "phase2_synthesis.json",
        "PHASE3_x_report_agent2.json",
    ):
        assert is_artifact(name) and any(w in name.casefold() for w in ARTIFACT_WORDS)
