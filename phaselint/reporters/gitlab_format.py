"""GitLab Code Quality: a JSON array, one object per diagnostic, for a job's
`artifacts:reports:codequality`.

    [{"description": "CODE: message", "check_name": "CODE", "fingerprint": "…",
      "severity": "major" | "minor", "location": {"path": "…", "lines": {"begin": 3}}}]

Errors are `major`, warnings `minor`. The fingerprint is the one SARIF carries (code, path, the
line's text and the message; no line number), so a finding keeps it when lines are added above
it and GitLab does not report it as fixed and new again. Paths are from the repository's top.
"""

from __future__ import annotations

import hashlib

from phaselint.diagnostics import Severity
from phaselint.engine import Report
from phaselint.reporters import Settings, Sources, fingerprints, json_text


def render(report: Report, settings: Settings) -> str:
    keys = fingerprints(report.diagnostics, Sources(settings.source))
    issues = [
        {
            "description": f"{d.code}: {d.message}",
            "check_name": d.code,
            # GitLab expects an MD5-sized hex digest; the key itself holds a colon.
            "fingerprint": hashlib.sha256(key.encode("ascii")).hexdigest()[:32],
            "severity": "major" if d.severity is Severity.ERROR else "minor",
            "location": {"path": settings.prefix + d.path, "lines": {"begin": d.line}},
        }
        for d, key in zip(report.diagnostics, keys, strict=True)
    ]
    return json_text(issues)
