"""The baseline (issue 13): `phaselint baseline` records today's diagnostics; `phaselint check`
then reports only what is new, through line shifts and edits elsewhere, in every mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
OLD = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")


def test_baseline_then_check_is_clean_across_line_shifts(repo: Repo) -> None:
    repo.write(DOC, OLD)
    recorded = repo.run("baseline")
    assert recorded.exit_code == 0
    assert (
        recorded.output.strip() == "phaselint: recorded 1 diagnostic(s) in .phaselint-baseline.json"
    )
    assert repo.check().exit_code == 1  # no baseline configured: everything counts
    # Lines inserted above the violation and another part edited: still the old violation.
    shifted = "<!-- a note -->\n\n" + OLD.replace("**Status**", "**Status**")
    repo.write(DOC, shifted)
    result = repo.check("--baseline", ".phaselint-baseline.json")
    assert result.found() == []
    assert result.exit_code == 0
    assert (
        "0 errors, 0 warnings"
        in repo.check("--baseline", ".phaselint-baseline.json", fmt="").output
    )


def test_a_new_violation_of_the_same_rule_is_reported(repo: Repo) -> None:
    repo.write(DOC, OLD)
    repo.run("baseline")
    repo.write("phaselint.toml", 'baseline = ".phaselint-baseline.json"\n')
    repo.write(DOC, OLD + "\n## Week 2 retro\n")
    result = repo.check()
    line = (repo.path / DOC).read_text().splitlines().index("## Week 2 retro") + 1
    assert result.found() == [("CAL001", DOC, line, 4)]
    assert '"Week 2"' in result.messages("CAL001")[0]
    assert result.exit_code == 1
    assert repo.check("--no-baseline").exit_code == 1
    assert len(repo.check("--no-baseline").found("CAL001")) == 2


def test_a_fixed_violation_is_a_stale_entry_until_the_baseline_is_written_again(repo: Repo) -> None:
    repo.write(DOC, OLD)
    repo.run("baseline")
    first = (repo.path / ".phaselint-baseline.json").read_bytes()
    repo.run("baseline")
    assert (repo.path / ".phaselint-baseline.json").read_bytes() == first  # byte-identical
    repo.write(DOC, PHASE_DOC)
    result = repo.check("--baseline", ".phaselint-baseline.json")
    assert result.found() == [("PL005", DOC, 1, 1)]
    assert "stale baseline entry: the CAL001 violation" in result.messages("PL005")[0]
    assert result.exit_code == 0  # a warning
    repo.run("baseline")
    assert repo.check("--baseline", ".phaselint-baseline.json").found() == []


def test_the_same_text_twice_is_baselined_twice_not_three_times(repo: Repo) -> None:
    text = OLD + "\n## Phase 2: Week 1\n\n## Phase 2: Week 1\n"
    repo.write(DOC, text)
    repo.run("baseline")
    repo.write(DOC, text + "\n## Phase 2: Week 1\n")
    result = repo.check("--baseline", ".phaselint-baseline.json")
    assert len(result.found("CAL001")) == 1  # the third copy is new


def test_the_baseline_under_staged_and_the_stale_entries_of_other_files(repo: Repo) -> None:
    other = "docs/development/V1.3.0_PHASE_1.md"
    repo.write(DOC, OLD)
    repo.write(other, OLD.replace("V1.2.0", "V1.3.0"))
    repo.write("phaselint.toml", 'baseline = ".phaselint-baseline.json"\n')
    repo.run("baseline")
    repo.commit("adopt")
    repo.write(DOC, OLD + "\n## Week 9 retro\n")
    repo.write(other, PHASE_DOC.replace("V1.2.0", "V1.3.0"))  # fixed, not staged
    repo.git("add", DOC)
    result = repo.check("--staged")
    # The staged file's old violation stays baselined, its new one is reported; the other
    # file is not part of the commit, so its entry is not judged stale here.
    assert [d[0] for d in result.found()] == ["CAL001"]
    assert "Week 9" in result.messages("CAL001")[0]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "is not a phaselint baseline (not JSON)"),
        ('{"version": 7, "tool": "phaselint", "entries": []}', "baseline version 7 is not 1"),
        ('{"version": 1, "tool": "phaselint", "entries": [{"code": "X"}]}', "entries[0].path"),
        ("[]", 'no `"tool": "phaselint"`'),
    ],
)
def test_a_broken_baseline_is_one_line_and_exit_2(repo: Repo, content: str, problem: str) -> None:
    repo.write(DOC, OLD)
    repo.write(".phaselint-baseline.json", content)
    result = repo.check("--baseline", ".phaselint-baseline.json")
    assert result.exit_code == 2
    assert problem in result.stderr
    assert ".phaselint-baseline.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_configured_baseline_is_an_error(repo: Repo) -> None:
    repo.write(DOC, OLD)
    repo.write("phaselint.toml", 'baseline = "debt.json"\n')
    result = repo.check()
    assert result.exit_code == 2
    assert "debt.json: baseline file not found; run `phaselint baseline`" in result.stderr
    assert repo.run("baseline").output.strip().endswith("in debt.json")
    assert repo.check().exit_code == 0
    data = json.loads((repo.path / "debt.json").read_text())
    assert data["entries"][0]["code"] == "CAL001"


def test_the_action_honours_the_configured_baseline(repo: Repo, tmp_path: Path) -> None:
    from test_action import _run_action

    repo.write(DOC, OLD)
    repo.write("phaselint.toml", 'baseline = ".phaselint-baseline.json"\n')
    repo.run("baseline")
    repo.commit("adopt with a baseline")
    completed, _, outputs = _run_action(
        repo.path, tmp_path, "push", {"PHASELINT_ALL_FILES": "true"}
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "::error" not in completed.stdout
    assert "errors=0" in outputs.read_text()


def test_the_baseline_under_diff_base(repo: Repo) -> None:
    repo.write(DOC, OLD)
    repo.write("phaselint.toml", 'baseline = ".phaselint-baseline.json"\n')
    repo.run("baseline")
    repo.commit("adopt")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(DOC, "<!-- moved down -->\n\n" + OLD + "\n## Week 4 retro\n")
    repo.commit("feature")
    result = repo.check("--diff-base", "main")
    assert [d[0] for d in result.found()] == ["CAL001"]
    assert '"Week 4"' in result.messages("CAL001")[0]
