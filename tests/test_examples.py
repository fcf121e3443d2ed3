"""The example repositories of `examples/`: the violating ones produce exactly the diagnostics
listed here (every rule of their methodology at least once), the clean ones nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from phaselint.cli import main

EXAMPLES = ROOT / "examples"

EXPECTED = {
    "phases-violations": [
        ("PH013", "ROADMAP.md", 4, 3),
        ("CAL001", "ROADMAP.md", 6, 4),
        ("PH012", "docs/archive/V1.1.0_PHASE_1.md", 1, 1),
        ("PH012", "docs/archive/V1.1.0_PHASE_1.md", 3, 13),
        ("PH003", "docs/archive/development-history/2025-12/V1.2.0_PHASE_4.md", 1, 1),
        ("PL001", "docs/development/V1.0.0_PHASE_1.md", 1, 1),
        ("PH014", "docs/development/V1.2.0_PHASE_1.md", 1, 3),
        ("CAL001", "docs/development/V1.2.0_PHASE_1.md", 1, 21),
        ("CAL001", "docs/development/V1.2.0_PHASE_1.md", 1, 29),
        ("PH009", "docs/development/V1.2.0_PHASE_1.md", 5, 19),
        ("PH010", "docs/development/V1.2.0_PHASE_1.md", 6, 33),
        ("CAL002", "docs/development/V1.2.0_PHASE_1.md", 7, 16),
        ("CAL003", "docs/development/V1.2.0_PHASE_1.md", 8, 15),
        ("CAL003", "docs/development/V1.2.0_PHASE_1.md", 11, 30),
        ("CLR001", "docs/development/V1.2.0_PHASE_1.md", 12, 27),
        ("PH007", "docs/development/V1.2.0_PHASE_1.md", 16, 3),
        ("PH007", "docs/development/V1.2.0_PHASE_1.md", 17, 3),
        ("CAL001", "docs/development/V1.2.0_PHASE_1.md", 22, 5),
        ("PH011", "docs/development/V1.2.0_PHASE_1.md", 22, 5),
        ("PH011", "docs/development/V1.2.0_PHASE_1.md", 23, 5),
        ("PH006", "docs/development/V1.2.0_PHASE_1.md", 25, 4),
        ("PH002", "docs/development/V1.2.0_PHASE_1.md", 28, 4),
        ("PH003", "docs/development/V1.2.0_PHASE_4.md", 1, 1),
        ("PL003", "docs/development/V1.2.0_PHASE_4.md", 3, 1),
        ("PH008", "docs/development/V1.2.0_PHASE_4.md", 6, 19),
        ("PH010", "docs/development/V1.2.0_PHASE_4.md", 9, 15),
        ("CLR002", "docs/development/V1.2.0_PHASE_4.md", 12, 26),
        ("PL002", "docs/development/V1.2.0_PHASE_4.md", 16, 1),
        ("PH001", "docs/development/v1.2.0-phase-3.md", 1, 1),
        ("PH004", "docs/development/v1.2.0-phase-3.md", 1, 3),
        ("PH004", "docs/development/v1.2.0-phase-3.md", 1, 3),
        ("PH005", "docs/development/v1.2.0-phase-3.md", 3, 13),
        ("PH008", "docs/development/v1.2.0-phase-3.md", 4, 19),
    ],
    "czarina-violations": [
        ("CZ002", ".czarina/phases/old-stuff/PHASE_SUMMARY.md", 1, 1),
        ("CZ001", ".czarina/phases/phase-1-v1.2.0/config.json", 1, 1),
        ("CZ002", ".czarina/phases/phase-1-v1.2.0/config.json", 1, 50),
        ("CZ001", ".czarina/phases/phase-2025-13-40_10-00-00/PHASE_SUMMARY.md", 1, 1),
        ("CZ002", ".czarina/phases/phase-2025-13-40_10-00-00/PHASE_SUMMARY.md", 1, 1),
    ],
}
EXPECTED["specs-violations"] = [
    ("SP002", "specs/004-login/spec.md", 1, 1),
    ("SP002", "specs/004-signup/spec.md", 1, 1),
    ("SP003", "specs/005-search/.status", 1, 1),
    ("SP012", "specs/005-search/checklists/requirements.md", 5, 3),
    ("SP008", "specs/005-search/plan.md", 1, 3),
    ("SP006", "specs/005-search/spec.md", 1, 3),
    ("SP021", "specs/005-search/spec.md", 5, 13),
    ("SP007", "specs/005-search/spec.md", 15, 5),
    ("SP019", "specs/005-search/spec.md", 15, 5),
    ("SP010", "specs/005-search/tasks.md", 8, 33),
    ("SP020", "specs/005-search/tasks.md", 9, 30),
    ("SP009", "specs/005-search/tasks.md", 10, 3),
    ("SP010", "specs/005-search/tasks.md", 10, 14),
    ("SP009", "specs/005-search/tasks.md", 11, 7),
    ("SP019", "specs/005-search/tasks.md", 11, 10),
    ("SP010", "specs/005-search/tasks.md", 11, 16),
    ("SP009", "specs/005-search/tasks.md", 12, 7),
    ("SP009", "specs/005-search/tasks.md", 12, 7),
    ("SP010", "specs/005-search/tasks.md", 12, 7),
    ("SP004", "specs/006-notify/spec.md", 1, 1),
    ("SP005", "specs/006-notify/spec.md", 1, 1),
    ("SP005", "specs/007-billing/.status", 1, 1),
    ("SP018", "specs/007-billing/spec.md", 1, 26),
    ("SP018", "specs/007-billing/spec.md", 4, 14),
    ("SP018", "specs/007-billing/spec.md", 8, 20),
    ("SP018", "specs/007-billing/spec.md", 10, 23),
    ("SP018", "specs/007-billing/spec.md", 14, 1),
    ("CLR001", "specs/007-billing/spec.md", 15, 42),
    ("SP018", "specs/007-billing/spec.md", 18, 15),
    ("SP011", "specs/008-reports/.status", 1, 1),
    ("SP021", "specs/008-reports/spec.md", 3, 13),
    ("SP015", "specs/009-sharing/.status", 1, 1),
    ("SP014", "specs/Login Page/.status", 1, 1),
    ("SP001", "specs/Login Page/spec.md", 1, 1),
]
EXPECTED["para-violations"] = [
    ("CX010", "context/archives/2025-12-01-context.md", 10, 90),
    ("CX010", "context/archives/2025-12-01-context.md", 11, 90),
    ("CX009", "context/archives/old-context.md", 1, 1),
    ("PL004", "context/archives/old-context.md", 7, 41),
    ("CX003", "context/context.md", 13, 5),
    ("CX003", "context/context.md", 14, 5),
    ("CX006", "context/context.md", 17, 5),
    ("CX007", "context/context.md", 19, 23),
    ("CX008", "context/context.md", 20, 24),
    ("CX006", "context/context.md", 24, 90),
    ("CX003", "context/context.md", 26, 28),
    ("CX005", "context/context.md", 26, 90),
    ("CX009", "context/context.md", 27, 17),
    ("CX003", "context/context.md", 27, 28),
    ("CX002", "context/context.md", 27, 90),
    ("CX004", "context/context.md", 29, 22),
    ("CX001", "context/context.md", 37, 1),
    ("CX013", "context/plans/2025-12-18-build-search.md", 1, 3),
    ("CX009", "context/plans/2025-12-18-build-search.md", 11, 4),
    ("CX013", "context/plans/2025-12-18-build-search.md", 20, 5),
    ("CX009", "context/plans/2025-12-18-build-search.md", 26, 5),
    ("CX009", "context/plans/2025-12-20-fix-typos-phase-1.md", 1, 1),
    ("CX009", "context/plans/search-notes.md", 1, 1),
    ("CX011", "context/summaries/2025-12-18-build-search-phase-1-summary.md", 1, 3),
    ("CX011", "context/summaries/2025-12-18-build-search-phase-1-summary.md", 12, 3),
]
EXPECTED["stages-violations"] = [
    ("ST003", "docs/implementation/phase-1-stage-log.md", 12, 11),
    ("ST005", "docs/implementation/phase-1-stage-log.md", 14, 20),
    ("ST004", "docs/implementation/phase-1-stage-log.md", 25, 11),
    ("ST005", "docs/implementation/phase-1-stage-log.md", 27, 20),
    ("ST008", "docs/implementation/phase-1-stage-log.md", 30, 5),
    ("ST006", "docs/implementation/phase-1-stage-log.md", 32, 11),
    ("ST008", "docs/implementation/phase-1-stage-log.md", 36, 5),
    ("ST001", "docs/implementation/phase-1-stage-log.md", 38, 11),
    ("ST008", "docs/implementation/phase-1-stage-log.md", 41, 5),
    ("ST007", "docs/implementation/phase-2-stage-log.md", 5, 11),
    ("ST002", "docs/implementation/phase-2-stage-log.md", 10, 11),
]
EXPECTED["consolidation-violations"] = [
    ("CN003", "runs/2025-06-18/WORKFLOW_PROGRESS.md", 6, 3),
    ("CN001", "runs/2025-06-18/analysis_report_agent1.json", 1, 1),
    ("CN002", "runs/2025-06-18/analysis_report_agent2.json", 2, 13),
    ("CN002", "runs/2025-06-18/analysis_report_agent2.json", 5, 17),
    ("CN002", "runs/2025-06-18/analysis_report_agent2.json", 8, 21),
    ("PL004", "runs/2025-06-20/phase1_broken_report_agent2.json", 1, 25),
    ("CN002", "runs/2025-06-20/phase1_synthesis.json", 2, 16),
    ("CN002", "runs/2025-06-20/phase1_synthesis.json", 4, 13),
    ("CN002", "runs/2025-06-20/phase1_synthesis.json", 5, 16),
    ("CN002", "runs/2025-06-20/phase1_synthesis.json", 9, 16),
]
CLEAN = ["phases-ok", "czarina-ok", "specs-ok", "para-ok", "stages-ok", "consolidation-ok"]
# SP013, SP016 and SP017 need git history and branches: the examples are plain folders.
FAMILIES = {
    "phases-violations": ("PH", "CAL", "CLR", "PL001", "PL002", "PL003"),
    "czarina-violations": ("CZ",),
    "specs-violations": ("SP",),
    "para-violations": ("CX", "PL004"),
    "stages-violations": ("ST",),
    "consolidation-violations": ("CN",),
}
# SP013, SP016, SP017 need git history and branches; CX012 needs the state right after a phase
# completed (no phase in progress), which the violating context, mid-phase, cannot be in.
# Rules that judge a change or a branch (the examples are linted outside git).
NOT_IN_EXAMPLES = {"SP013", "SP016", "SP017", "SP022", "CX012"}


def lint_example(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[int, dict[str, object]]:
    """Lint a copy of the example, outside any git repository: the branch this checkout is on
    (CX007, SP017) must not change the result."""
    copy = tmp_path / name
    shutil.copytree(EXAMPLES / name, copy, symlinks=True)
    monkeypatch.chdir(copy)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, ["check", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_violating_examples(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, report = lint_example(name, monkeypatch, tmp_path)
    found = [(d["code"], d["path"], d["line"], d["column"]) for d in report["diagnostics"]]  # type: ignore[index]
    assert found == EXPECTED[name]
    assert status == 1


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_rule_of_the_family_fires(name: str) -> None:
    from phaselint.registry import all_rules

    wanted = {
        r.code
        for r in all_rules()
        if r.code.startswith(FAMILIES[name]) and r.code not in NOT_IN_EXAMPLES
    }
    assert wanted <= {code for code, *_ in EXPECTED[name]}


@pytest.mark.parametrize("name", CLEAN)
def test_clean_examples(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, report = lint_example(name, monkeypatch, tmp_path)
    assert report["diagnostics"] == []
    assert report["summary"]["files_checked"] > 0  # type: ignore[index]
    assert status == 0


def test_every_example_is_tested() -> None:
    """Each example folder is a project of its own (its phaselint.toml marks the root) and is
    listed above as clean or violating."""
    present = {p.name for p in EXAMPLES.iterdir() if p.is_dir()}
    assert present == set(EXPECTED) | set(CLEAN)
    assert all((EXAMPLES / name / "phaselint.toml").is_file() for name in present)
