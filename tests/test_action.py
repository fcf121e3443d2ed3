"""The GitHub Action: action.yml's shape, and its script run as the runner runs it — a
subprocess in a clone, with the environment variables GitHub sets for a pull request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import GIT_ENV, PHASE_DOC, ROOT, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
OLD = "docs/development/V1.1.0_PHASE_1.md"


def _pull_request(repo: Repo, tmp_path: Path) -> Path:
    """origin: main with an old violation, `feature` adding a new one; a full clone of it with
    the pull request's branch checked out."""
    repo.write(OLD, CALENDAR.replace("V1.2.0", "V1.1.0"))
    repo.commit("old")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(DOC, CALENDAR)
    repo.commit("new")
    repo.git("checkout", "-q", "main")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--branch", "feature", repo.path.as_uri(), str(clone))
    return clone


def _run_action(
    cwd: Path,
    tmp_path: Path,
    event: str,
    extra: dict[str, str] | None = None,
    payload: object = None,
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(payload or {}), encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PHASELINT_"))},
        **GIT_ENV,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        **(extra or {}),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "phaselint.action"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return completed, summary, outputs


def test_pull_request(repo: Repo, tmp_path: Path) -> None:
    clone = _pull_request(repo, tmp_path)
    sarif = tmp_path / "phaselint.sarif"
    completed, summary, outputs = _run_action(
        clone,
        tmp_path,
        "pull_request",
        {
            "GITHUB_BASE_REF": "main",
            "GITHUB_HEAD_REF": "feature",
            "PHASELINT_SARIF_FILE": str(sarif),
        },
    )
    assert completed.returncode == 1, completed.stderr
    out = completed.stdout
    assert "phaselint: linting the pull request against main" in out
    # The text report and the annotation, for the new violation only.
    assert f"{DOC}:1:21: CAL001" in out
    assert f"::error file={DOC},line=1,col=21," in out
    assert OLD not in out
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("## phaselint\n")
    assert "**1 error(s), 0 warning(s)** in the pull request against main" in table
    assert f"| ❌ | `{DOC}:1:21` | CAL001 |" in table
    assert outputs.read_text(encoding="utf-8") == "errors=1\nwarnings=0\n"
    report = json.loads(sarif.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    [result] = report["runs"][0]["results"]
    assert result["ruleId"] == "CAL001"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == DOC


def test_pull_request_in_a_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    """actions/checkout without fetch-depth: 0: exit 2, the advice in the log and the summary."""
    _pull_request(repo, tmp_path)
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", "--branch", "feature", repo.path.as_uri(), str(shallow))
    completed, summary, _ = _run_action(
        shallow, tmp_path, "pull_request", {"GITHUB_BASE_REF": "main"}
    )
    assert completed.returncode == 2
    assert "fetch-depth: 0" in completed.stderr
    assert "::error title=phaselint::" in completed.stdout
    assert "Could not run" in summary.read_text(encoding="utf-8")
    assert "Traceback" not in completed.stderr


def test_push_and_other_events(repo: Repo, tmp_path: Path) -> None:
    clone = _pull_request(repo, tmp_path)
    before = subprocess.run(
        ["git", "rev-parse", "HEAD~1"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    pushed, summary, _ = _run_action(clone, tmp_path, "push", payload={"before": before})
    assert pushed.returncode == 1
    assert f"the commits pushed since {before[:12]}" in pushed.stdout
    assert OLD not in pushed.stdout
    # A new branch (no "before"), a schedule, or all-files: the whole repository.
    for event, payload, extra in (
        ("push", {"before": "0" * 40}, {}),
        ("schedule", {}, {}),
        ("pull_request", {}, {"GITHUB_BASE_REF": "main", "PHASELINT_ALL_FILES": "true"}),
    ):
        whole, _, outputs = _run_action(clone, tmp_path, event, extra, payload)
        assert whole.returncode == 1
        assert f"{OLD}:1:21: CAL001" in whole.stdout
        assert "errors=2\n" in outputs.read_text(encoding="utf-8")
    assert summary.exists()


def test_inputs_select_and_strict(repo: Repo, tmp_path: Path) -> None:
    clone = _pull_request(repo, tmp_path)
    ignored, _, _ = _run_action(
        clone, tmp_path, "pull_request", {"GITHUB_BASE_REF": "main", "PHASELINT_IGNORE": "CAL"}
    )
    assert ignored.returncode == 0
    assert "No problems in the pull request" in (tmp_path / "summary.md").read_text("utf-8")
    bad, _, _ = _run_action(
        clone, tmp_path, "pull_request", {"GITHUB_BASE_REF": "main", "PHASELINT_SELECT": "XX9"}
    )
    assert bad.returncode == 2
    assert "unknown rule code or prefix `XX9`" in bad.stderr


def test_annotations_name_files_from_the_repository_top(repo: Repo, tmp_path: Path) -> None:
    """A project in a subfolder (its own phaselint.toml): the log speaks of the project's
    files, annotations and SARIF of the repository's."""
    repo.write("planning/phaselint.toml", "")
    repo.write(f"planning/{DOC}", CALENDAR)
    repo.commit()
    sarif = tmp_path / "out.sarif"
    completed, _, _ = _run_action(
        repo.path / "planning", tmp_path, "schedule", {"PHASELINT_SARIF_FILE": str(sarif)}
    )
    assert completed.returncode == 1
    assert f"\n{DOC}:1:21: CAL001" in "\n" + completed.stdout
    assert f"::error file=planning/{DOC},line=1,col=21," in completed.stdout
    location = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == f"planning/{DOC}"


def test_action_yml() -> None:
    """A composite action that installs this checkout and runs the script with every input."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert any(
        "pip install" in step.get("run", "") and "$GITHUB_ACTION_PATH" in step["run"]
        for step in steps
    )
    # phaselint runs in a virtual environment of its own: the job's Python is left alone.
    [setup] = [
        step for step in steps if str(step.get("uses", "")).startswith("actions/setup-python")
    ]
    assert setup["with"]["update-environment"] is False
    assert setup["with"]["cache"] == "pip"
    [install] = [step for step in steps if "pip install" in step.get("run", "")]
    assert "-m venv" in install["run"] and "PHASELINT_VERSION" in install["run"]
    [script] = [step for step in steps if "-m phaselint.action" in step.get("run", "")]
    assert script["run"].startswith('"$RUNNER_TEMP/phaselint-venv/bin/python"')
    passed = {value.split("inputs.")[1].rstrip(" }") for value in script["env"].values()}
    handled = set(action["inputs"]) - {"working-directory", "python-version", "version"}
    assert passed == handled
    assert script["working-directory"] == "${{ inputs.working-directory }}"
    for name in handled:
        env_name = "PHASELINT_" + name.upper().replace("-", "_")
        assert env_name in script["env"]
        assert env_name in (ROOT / "phaselint/action.py").read_text(encoding="utf-8")
    workflow = yaml.safe_load((ROOT / "examples/github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["phaselint"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("name", ["action.yml", "examples/github-workflow.yml"])
def test_yaml_files_parse(name: str) -> None:
    assert yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_args_pass_check_options_through(repo: Repo, tmp_path: Path) -> None:
    clone = _pull_request(repo, tmp_path)
    quiet, _, outputs = _run_action(
        clone,
        tmp_path,
        "push",
        {"PHASELINT_ALL_FILES": "true", "PHASELINT_ARGS": "--ignore CAL001"},
    )
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "errors=0\n" in outputs.read_text(encoding="utf-8")
    for args, problem in (
        ("--no-such-option", "No such option"),
        ("--fix", "the action's to choose"),
    ):
        bad, _, _ = _run_action(clone, tmp_path, "push", {"PHASELINT_ARGS": args})
        assert bad.returncode == 2
        assert problem in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
