"""CZ001–CZ002: czarina phase archives."""

from __future__ import annotations

from conftest import Repo

PHASES = ".czarina/phases"


def test_cz001_archive_without_summary(repo: Repo) -> None:
    repo.write(f"{PHASES}/phase-1-v1.2.0/config.json", '{"workers": []}\n')
    repo.write(f"{PHASES}/phase-1-v1.2.0/workers/backend.md", "# Backend worker\n")
    result = repo.check("--select", "CZ")
    assert result.found() == [("CZ001", f"{PHASES}/phase-1-v1.2.0/config.json", 1, 1)]
    assert "has no PHASE_SUMMARY.md" in result.messages("CZ001")[0]


def test_cz001_empty_summary(repo: Repo) -> None:
    repo.write(f"{PHASES}/phase-2025-12-20_14-30-00/PHASE_SUMMARY.md", "# Phase summary\n\n\n")
    result = repo.check("--select", "CZ")
    assert result.found() == [
        ("CZ001", f"{PHASES}/phase-2025-12-20_14-30-00/PHASE_SUMMARY.md", 1, 1)
    ]
    assert "is empty" in result.messages("CZ001")[0]


def test_cz002_folder_names_and_config(repo: Repo) -> None:
    repo.write(f"{PHASES}/old-stuff/PHASE_SUMMARY.md", "Did things.\n")
    repo.write(f"{PHASES}/phase-2025-13-40_10-00-00/PHASE_SUMMARY.md", "Did things.\n")
    repo.write(f"{PHASES}/phase-2-v1.3.0/PHASE_SUMMARY.md", "Did things.\n")
    repo.write(f"{PHASES}/phase-2-v1.3.0/config.json", '{\n  "workers": [1, 2,]\n}\n')
    result = repo.check("--select", "CZ")
    assert result.found() == [
        ("CZ002", f"{PHASES}/old-stuff/PHASE_SUMMARY.md", 1, 1),
        ("CZ002", f"{PHASES}/phase-2-v1.3.0/config.json", 2, 19),
        ("CZ002", f"{PHASES}/phase-2025-13-40_10-00-00/PHASE_SUMMARY.md", 1, 1),
    ]
    messages = result.messages("CZ002")
    assert "neither phase-N-vX.Y.Z nor phase-YYYY-MM-DD_HH-MM-SS" in messages[0]
    assert (
        "config.json is not valid JSON: Illegal trailing comma before end of array" in messages[1]
    )
    assert "not a real date and time" in messages[2]


def test_cz_valid_archives_pass(repo: Repo) -> None:
    repo.write(
        f"{PHASES}/phase-2025-12-20_14-30-00/PHASE_SUMMARY.md",
        "# Phase 1\n\nJWT service shipped.\n",
    )
    repo.write(f"{PHASES}/phase-2025-12-20_14-30-00/config.json", '{"workers": ["backend"]}\n')
    repo.write(f"{PHASES}/phase-2-v1.3.0/PHASE_SUMMARY.md", "Integration done.\n")
    result = repo.check()
    assert result.found() == []
    assert result.exit_code == 0
