"""Reporters: text, json (against its schema), github (escaping), sarif (against the official
SARIF 2.1.0 schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT, Repo
from phaselint.diagnostics import Diagnostic, Edit, Fix, Severity
from phaselint.engine import Report
from phaselint.registry import REPOSITORY_URL, all_rules, rule_url
from phaselint.reporters import Settings, render
from phaselint.reporters.github_format import escape_data, escape_property

SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads(
    (ROOT / "phaselint/schemas/phaselint-report.schema.json").read_text(encoding="utf-8")
)
DOC = "docs/development/V1.2.0_PHASE_1.md"


def validate_sarif(log: dict[str, Any]) -> None:
    """Every SARIF the tests produce goes through here."""
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def sample_report() -> Report:
    diagnostics = (
        Diagnostic(
            "docs/a b/ünïcode.md",
            3,
            5,
            3,
            11,
            "CAL001",
            Severity.ERROR,
            'names "Week 1"; 100% sure, a:b\nsecond line',
        ),
        Diagnostic(DOC, 7, 1, 9, 1, "PH009", Severity.WARNING, "too large"),
        Diagnostic(
            DOC,
            12,
            2,
            12,
            3,
            "SP003",
            Severity.ERROR,
            "not a stage",
            Fix("normalise", (Edit(1, 1, 1, 9, "planned"),)),
        ),
    )
    return Report(diagnostics, files_checked=2, internal_errors=())


def settings() -> Settings:
    return Settings(rules=all_rules())


def test_sarif_of_a_real_run_validates(repo: Repo) -> None:
    repo.write(DOC, "# V1.2.0 - Phase 1: Week 1\n\n**Status**: Complete\n")
    repo.write("docs/development/V1.2.0_PHASE 2 é.md", "# V1.2.0 - Phase 2: Sprint 4\n")
    result = repo.check(fmt="sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    validate_sarif(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert all(r["shortDescription"]["text"] and r["help"]["markdown"] for r in rules)
    results = run["results"]
    assert results
    for item in results:
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "docs/development/V1.2.0_PHASE%202%20%C3%A9.md" in uris


def test_sarif_links_each_rule_to_its_own_page(repo: Repo) -> None:
    repo.write(DOC, "# V1.2.0 - Phase 1: Week 1\n")
    run = json.loads(repo.check(fmt="sarif").output)["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == REPOSITORY_URL
    for descriptor in run["tool"]["driver"]["rules"]:
        assert descriptor["helpUri"] == rule_url(descriptor["id"])
        assert (ROOT / "docs/rules" / f"{descriptor['id']}.md").is_file(), descriptor["id"]
    assert len({d["helpUri"] for d in run["tool"]["driver"]["rules"]}) == len(all_rules())


def test_sarif_of_a_clean_run_and_of_a_sample_validates(repo: Repo) -> None:
    repo.write("README.md", "# nothing to lint\n")
    clean = json.loads(repo.check(fmt="sarif").output)
    validate_sarif(clean)
    assert clean["runs"][0]["results"] == []
    sample = json.loads(render("sarif", sample_report(), settings()))
    validate_sarif(sample)
    region = sample["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": 1, "endLine": 9, "endColumn": 1}
    assert sample["runs"][0]["results"][1]["level"] == "warning"


def test_sarif_reports_internal_errors_as_notifications() -> None:
    report = Report((), 0, ("rule PH005 failed on x.md: ValueError: boom",))
    log = json.loads(render("sarif", report, settings()))
    validate_sarif(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_json_report_matches_its_schema(repo: Repo) -> None:
    repo.write(DOC, "# V1.2.0 - Phase 1: Week 1\n")
    report = repo.check().report
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert report["version"] == 1
    assert report["summary"]["errors"] == len(
        [d for d in report["diagnostics"] if d["severity"] == "error"]
    )
    sample = json.loads(render("json", sample_report(), settings()))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(sample)
    assert sample["diagnostics"][2]["fix"] == {
        "description": "normalise",
        "safety": "safe",
        "edits": [{"line": 1, "column": 1, "end_line": 1, "end_column": 9, "text": "planned"}],
    }
    assert sample["summary"]["by_rule"] == {"CAL001": 1, "PH009": 1, "SP003": 1}
    assert [d["url"] for d in sample["diagnostics"]] == [
        rule_url(code) for code in ("CAL001", "PH009", "SP003")
    ]
    assert all(d["url"] == rule_url(d["code"]) for d in report["diagnostics"])
    assert "fix" not in sample["diagnostics"][0]


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    output = render("github", sample_report(), settings()).splitlines()
    assert output[0] == (
        "::error file=docs/a b/ünïcode.md,line=3,col=5,endLine=3,endColumn=11,title=CAL001::"
        'names "Week 1"; 100%25 sure, a:b\\nsecond line'
    )
    assert output[1].startswith("::warning file=docs/development/V1.2.0_PHASE_1.md,line=7,")


def test_github_property_escaping_of_paths() -> None:
    report = Report(
        (Diagnostic("docs/a:b,c.md", 1, 1, 1, 2, "CAL001", Severity.ERROR, "m"),), 1, ()
    )
    assert render("github", report, settings()).startswith("::error file=docs/a%3Ab%2Cc.md,line=1,")


def test_text_is_sorted_and_summarised() -> None:
    text = render("text", sample_report(), settings()).splitlines()
    assert text[0].startswith("docs/a b/ünïcode.md:3:5: CAL001 ")
    assert f"{DOC}:12:2: SP003 [*] not a stage" in text  # fixable: marked
    assert text[-1] == "2 errors, 1 warning in 2 files, 1 fixable with --fix"


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_every_format_through_the_cli(repo: Repo, fmt: str, tmp_path: Path) -> None:
    repo.write(DOC, "# V1.2.0 - Phase 1: Week 1\n")
    result = repo.check(fmt=fmt)
    assert result.exit_code == 1
    assert "CAL001" in result.output
    if fmt == "sarif":
        validate_sarif(json.loads(result.output))
