"""SARIF 2.1.0 for code scanning: every rule in `tool.driver.rules` with its `phaselint
explain` text as `help` and its own documentation page (`docs/rules/CODE.md`) as `helpUri`;
results with repository-relative URIs (`uriBaseId` `%SRCROOT%`), code-point columns and a
`partialFingerprints` key that survives lines added above the finding (see
`phaselint.reporters.fingerprints`), so code scanning follows an alert instead of closing it and
opening a new one.

URIs percent-encode a path's bytes (a name that is not UTF-8 too: `%FF`); text is exact JSON
with control characters escaped, as in the json format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from phaselint import __version__
from phaselint.diagnostics import Diagnostic, Severity
from phaselint.registry import FAMILIES, REPOSITORY_URL, Rule, all_rules, family_of, rule_url
from phaselint.reporters import Settings, Sources, fingerprints, json_text

if TYPE_CHECKING:
    from phaselint.diagnostics import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = REPOSITORY_URL
#: The `partialFingerprints` property; versioned, as SARIF asks, should its computation change.
FINGERPRINT = "phaselint/v1"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _family(code: str) -> str:
    prefix = family_of(code)
    return FAMILIES.get(prefix, prefix)


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    what = rule.section("What it does") or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "helpUri": rule_url(rule.code),
        # What `phaselint explain CODE` prints; the documentation is markdown already.
        "help": {
            "text": f"{rule.code} ({rule.name}): {rule.summary}\n\n{rule.body}",
            "markdown": f"**{rule.code}** (`{rule.name}`) — {rule.summary}\n\n{rule.body}",
        },
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"tags": [_family(rule.code), rule.methodology]},
    }


def uri(path: str) -> str:
    """A repository path as a relative URI: its bytes percent-encoded, `/` kept."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _result(d: Diagnostic, index: dict[str, int], prefix: str, key: str) -> dict[str, Any]:
    region = {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": max(d.end_line, d.line),
        "endColumn": max(d.end_column, d.column + 1) if d.end_line <= d.line else d.end_column,
    }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _level(d.severity),
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": uri(prefix + d.path),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: key},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    return result


def render(report: Report, settings: Settings) -> str:
    rules = list(all_rules())
    index = {rule.code: position for position, rule in enumerate(rules)}
    keys = fingerprints(report.diagnostics, Sources(settings.source))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "phaselint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(d, index, settings.prefix, key)
            for d, key in zip(report.diagnostics, keys, strict=True)
        ],
        "invocations": [
            {
                "executionSuccessful": not report.internal_errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": error}}
                    for error in report.internal_errors
                ],
            }
        ],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(log)
