"""The command line: exit codes, options, paths, subcommands, and the installed entry points."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import COMPLETE_PHASE_DOC, PHASE_DOC, ROOT, Repo
from phaselint.registry import all_rules

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")
LARGE = PHASE_DOC.replace("500K-800K tokens", "3M-5M tokens").replace(" (50% complete)", "")


def test_exit_0_when_clean(repo: Repo) -> None:
    repo.write(DOC, COMPLETE_PHASE_DOC)
    result = repo.check(fmt="text")
    assert result.exit_code == 0
    assert result.output == "0 errors, 0 warnings in 1 file\n"


def test_exit_1_on_errors_and_text_format(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    result = repo.check(fmt="text")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{DOC}:1:21: CAL001 title names a calendar period")
    assert lines[-1] == "1 error, 0 warnings in 1 file"


def test_warnings_fail_only_under_strict(repo: Repo) -> None:
    repo.write(DOC, LARGE)
    assert repo.check().exit_code == 0
    assert repo.check("--strict").exit_code == 1
    repo.write("phaselint.toml", "strict = true\n")
    assert repo.check().exit_code == 1


def test_exit_zero(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    result = repo.check("--exit-zero")
    assert result.exit_code == 0
    assert result.found() == [("CAL001", DOC, 1, 21)]


def test_select_ignore_extend_select(repo: Repo) -> None:
    repo.write(DOC, LARGE.replace("Phase 1: Foundation", "Phase 1: Week 1"))
    assert repo.check().codes() == {"CAL001", "PH009"}
    assert repo.check("--select", "PH").codes() == {"PH009"}
    assert repo.check("--ignore", "CAL001").codes() == {"PH009"}
    assert repo.check("--select", "PH", "--extend-select", "CAL").codes() == {"CAL001", "PH009"}
    assert repo.check("--select", "CAL,PH009").codes() == {"CAL001", "PH009"}
    assert repo.check("--select", "ALL", "--ignore", "PH", "--extend-select", "PH009").codes() == {
        "CAL001",
        "PH009",
    }
    assert repo.check("--select", "PH009", "--ignore", "PH").codes() == {"PH009"}
    assert repo.check("--select", "phase-too-large").codes() == {"PH009"}


def test_unknown_selector_is_a_usage_error(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    result = repo.check("--select", "XX999")
    assert result.exit_code == 2
    assert "--select: unknown rule code or prefix `XX999`" in result.stderr


def test_bad_option_is_a_usage_error(repo: Repo) -> None:
    result = repo.run("check", "--format", "yaml")
    assert result.exit_code == 2


def test_statistics_and_quiet(repo: Repo) -> None:
    repo.write(
        DOC,
        CALENDAR.replace("# V1.2.0 - Phase 1: Week 1", "# V1.2.0 - Phase 1: Week 1 (Dec 20-27)"),
    )
    stats = repo.check("--statistics", fmt="text")
    assert stats.output.splitlines()[0] == "2  CAL001  calendar-period-name  [error]"
    quiet = repo.check("--quiet", fmt="text")
    assert quiet.output.count("\n") == 2
    assert "errors" not in quiet.output


def test_verbose_says_what_was_found_and_why(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write("specs/001-login/spec.md", "# Spec\n")
    repo.write("specs/001-login/.status", "draft\n")
    result = repo.check("--verbose", fmt="text")
    assert (
        "phases (phase-based development: phase documents): 1 phase document(s) in docs/development/"
        in result.stderr
    )
    assert "specs (spec lifecycle" in result.stderr
    assert "specs/001-login: stage draft, declared in .status" in result.stderr
    assert f"{DOC}: active phase document, status In Progress" in result.stderr
    assert "czarina: not used" in result.stderr


def test_paths_limit_what_is_reported(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("docs/development/V1.2.0_PHASE_2.md", CALENDAR.replace("Phase 1", "Phase 2"))
    both = repo.check()
    assert len(both.found("CAL001")) == 2
    one = repo.check(DOC)
    assert one.found() == [("CAL001", DOC, 1, 21)]
    assert one.report["summary"]["files_checked"] == 1
    folder = repo.check("docs")
    assert len(folder.found("CAL001")) == 2
    unrelated = repo.write("src/app.py", "print('hi')\n")
    assert repo.check(str(unrelated)).found() == []


def test_split_runs_report_each_diagnostic_once(repo: Repo) -> None:
    """pre-commit may split file names over several processes: the union of the split runs
    equals the whole run, with no duplicate."""
    first = "docs/development/V1.2.0_PHASE_1.md"
    second = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"
    repo.write(first, CALENDAR)
    repo.write(second, COMPLETE_PHASE_DOC)
    repo.git("add", "-A")
    whole = repo.check(first, second).found()
    split = repo.check(first).found() + repo.check(second).found()
    assert sorted(split) == sorted(whole)
    assert len(set(split)) == len(split)
    assert ("PH003", first, 1, 1) in whole and ("PH003", second, 1, 1) in whole


def test_runs_on_given_files_see_what_git_tracks(repo: Repo) -> None:
    """Given files (pre-commit's way), the rest of the repository is what git tracks: an
    untracked duplicate elsewhere is not part of the commit and does not count."""
    first = "docs/development/V1.2.0_PHASE_1.md"
    second = "docs/archive/development-history/2025-12/V1.2.0_PHASE_1.md"
    repo.write(first, PHASE_DOC)
    repo.write(second, COMPLETE_PHASE_DOC)
    assert repo.check().found("PH003", first) == [("PH003", first, 1, 1)]
    assert repo.check(first).found("PH003") == []
    repo.git("add", second)
    assert repo.check(first).found("PH003") == [("PH003", first, 1, 1)]
    repo.git("rm", "-q", "--cached", second)
    assert repo.check(first).found("PH003") == []


def test_missing_path_and_path_outside_the_repository(repo: Repo, tmp_path: Path) -> None:
    missing = repo.check("docs/nope.md")
    assert missing.exit_code == 2
    assert "docs/nope.md: no such file or folder" in missing.stderr
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# x\n")
    result = repo.check(str(outside))
    assert result.exit_code == 2
    assert "is outside the repository" in result.stderr


def test_outside_git_the_current_folder_is_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    (folder / "docs/development").mkdir(parents=True)
    (folder / DOC).write_text(CALENDAR.lstrip("\n"))
    (folder / "node_modules/x/docs/development").mkdir(parents=True)
    monkeypatch.chdir(folder)
    from click.testing import CliRunner

    from phaselint.cli import main

    result = CliRunner().invoke(main, ["check", "--format", "json", "-v"])
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["CAL001"]
    assert "not a git repository" in result.stderr


def test_github_actions_prints_annotations_too(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    result = repo.check(fmt="", env={"GITHUB_ACTIONS": "true"})
    assert f"{DOC}:1:21: CAL001" in result.output
    assert (
        f"::error file={DOC},line=1,col=21,endLine=1,endColumn=27,title=CAL001::" in result.output
    )


def test_color_on_demand_and_no_color(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    colored = repo.check("--color", "always", fmt="text")
    assert "\033[31mCAL001\033[0m" in colored.output
    plain = repo.check("--color", "auto", fmt="text", env={"NO_COLOR": "1"})
    assert "\033[" not in plain.output


def test_output_file(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    result = repo.check("--output-file", "report.json")
    assert result.output == ""
    assert json.loads((repo.path / "report.json").read_text())["summary"]["errors"] == 1


def test_rules_command_formats(repo: Repo) -> None:
    text = repo.run("rules")
    assert text.exit_code == 0
    assert "CAL001  error    calendar-period-name" in text.output
    listed = json.loads(repo.run("rules", "--format", "json").output)
    codes = [r["code"] for r in listed]
    assert codes[0] == "PL001" and "PH014" in codes and "CZ002" in codes
    assert all(r["summary"] and r["severity"] in ("error", "warning") for r in listed)
    markdown = repo.run("rules", "--format", "markdown").output
    assert "| CAL001 | `calendar-period-name` | error |" in markdown


@pytest.mark.parametrize("code", [rule.code for rule in all_rules()])
def test_explain_every_rule(repo: Repo, code: str) -> None:
    result = repo.run("explain", code)
    assert result.exit_code == 0
    assert result.output.startswith(f"{code} (")
    for section in ("## What it does", "## Why is this bad?", "## How to fix"):
        assert section in result.output, section
    # The page cites the method by its name, never by our internal seed numbers.
    assert not re.search(r"\bseeds?\s+\d", result.output, re.IGNORECASE)
    methods = ("phase-based development", "para", "release train", "stage-gate", "consolidation")
    assert any(m in result.output.casefold() for m in methods) or code.startswith("PL")


def test_explain_unknown_code(repo: Repo) -> None:
    result = repo.run("explain", "CAL01")
    assert result.exit_code == 2
    assert "unknown rule code `CAL01` (did you mean `CAL001`?)" in result.stderr


def test_internal_error_is_one_line_not_a_traceback(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write(DOC, PHASE_DOC)
    import phaselint.methods.phases as phases

    def broken(self: object, kind: type) -> list[object]:
        raise RuntimeError("model exploded")

    monkeypatch.setattr(phases.PhasesModel, "units", broken)
    result = repo.check()
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "phaselint: error: internal error: RuntimeError: model exploded (please report this)"
    )


def test_a_failing_rule_does_not_stop_the_others(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write(DOC, CALENDAR)

    def broken(doc: object, ctx: object) -> list[object]:
        raise ValueError("bad rule")

    import phaselint.registry as registry

    rules = registry.all_rules()
    patched = tuple(replace(r, check=broken) if r.code == "PH005" else r for r in rules)
    monkeypatch.setattr(registry, "_ALL", patched)
    result = repo.check()
    assert result.exit_code == 2
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert f"internal error: rule PH005 failed on {DOC}: ValueError: bad rule" in result.stderr


def test_python_dash_m_and_console_script(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    env = {**os.environ, "NO_COLOR": "1"}
    module = subprocess.run(
        [sys.executable, "-m", "phaselint", "check"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert module.returncode == 1
    assert f"{DOC}:1:21: CAL001" in module.stdout
    script = Path(sys.executable).parent / "phaselint"
    if script.exists():
        version = subprocess.run(
            [str(script), "--version"], capture_output=True, text=True, check=True
        )
        assert version.stdout.startswith("phaselint, version ")


def test_schemas_ship_inside_the_package() -> None:
    import phaselint

    # The schemas live in the package itself: no symbolic link (which Windows checkouts lose).
    package = Path(phaselint.__file__).resolve().parent
    folder = ROOT / "phaselint" / "schemas"
    assert folder.is_dir() and not folder.is_symlink()
    assert not (ROOT / "schemas").exists()
    for schema in folder.glob("*.json"):
        assert (package / "schemas" / schema.name).read_bytes() == schema.read_bytes()
