"""Real-world precision corpus: run phaselint over a folder of checkouts and count per rule.

The corpus is other people's repositories, so it is never committed: fetch or clone the
repositories you want to measure into one folder (one checkout per subfolder), then

    python benchmarks/corpus.py CORPUS_DIR [--phaselint PATH] [--json OUT] [--sample N]

runs `phaselint check --format json --exit-zero` in each checkout as a fresh process and prints,
per repository, its exit status, files checked, the methods detected (stderr's `--verbose`
lines) and the diagnostics per rule, then the totals per rule over the corpus. `--sample N`
prints N diagnostics per rule, spread over the repositories, as `repo: path:line:col: message`
with the offending line, for checking by hand. `--phaselint` names the executable to measure
(default: the one beside this interpreter), so two versions can be compared on one corpus.
Nothing is fetched and nothing in the checkouts is changed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def run(phaselint: str, checkout: Path) -> dict[str, Any]:
    """One repository: phaselint's JSON report, its exit status and what --verbose said."""
    completed = subprocess.run(
        [phaselint, "check", "--format", "json", "--exit-zero", "--verbose"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        report = {"diagnostics": [], "error": completed.stderr.strip().splitlines()[-1:]}
    report["stderr"] = completed.stderr
    report["exit"] = completed.returncode
    return report


def methods(stderr: str) -> str:
    """The methodologies `--verbose` says were used."""
    used: list[str] = []
    inside = False
    for line in stderr.splitlines():
        if not line.startswith("  "):
            inside = line.startswith("methodologies:")  # only that block names methods
            continue
        if inside and "(" in line and ": not used" not in line:
            used.append(line.strip().split(" ", 1)[0])
    return ",".join(name for name in used if name.isidentifier()) or "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--phaselint", default=str(Path(sys.executable).parent / "phaselint"))
    parser.add_argument("--json", type=Path, help="write every report to this file")
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()

    checkouts = sorted(p for p in args.corpus.iterdir() if p.is_dir())
    totals: Counter[str] = Counter()
    reports: dict[str, dict[str, Any]] = {}
    for checkout in checkouts:
        report = run(args.phaselint, checkout)
        reports[checkout.name] = report
        counts = Counter(d["code"] for d in report["diagnostics"])
        totals.update(counts)
        summary = report.get("summary", {})
        rules = " ".join(f"{code}={n}" for code, n in sorted(counts.items()))
        print(
            f"{checkout.name}: files={summary.get('files_checked', '?')} "
            f"methods={methods(report['stderr'])} diagnostics={sum(counts.values())} {rules}"
        )
        if report.get("error"):
            print(f"  error: {report['error']}")
    print()
    print("totals:", sum(totals.values()))
    for code, count in sorted(totals.items()):
        repos = sum(1 for r in reports.values() if any(d["code"] == code for d in r["diagnostics"]))
        print(f"  {code}: {count} in {repos} repositories")
    if args.sample:
        print()
        for code in sorted(totals):
            print(f"== {code}")
            for name, diagnostic in spread(reports, code, args.sample):
                print(
                    f"{name}: {diagnostic['path']}:{diagnostic['line']}:{diagnostic['column']}: "
                    f"{diagnostic['message']}"
                )
                line = source_line(args.corpus / name / diagnostic["path"], diagnostic["line"])
                if line:
                    print(f"    | {line}")
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


def spread(
    reports: dict[str, dict[str, Any]], code: str, count: int
) -> list[tuple[str, dict[str, Any]]]:
    """Up to `count` diagnostics of `code`, taken round-robin over the repositories."""
    pools = [
        [(name, d) for d in report["diagnostics"] if d["code"] == code]
        for name, report in reports.items()
    ]
    pools = [pool for pool in pools if pool]
    picked: list[tuple[str, dict[str, Any]]] = []
    depth = 0
    while len(picked) < count and any(depth < len(pool) for pool in pools):
        for pool in pools:
            if depth < len(pool) and len(picked) < count:
                # spread within a repository too: every k-th diagnostic
                step = max(1, len(pool) // max(1, count))
                index = min(depth * step, len(pool) - 1)
                picked.append(pool[index])
        depth += 1
    return picked


def source_line(path: Path, number: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return ""
    return lines[number - 1].strip()[:200] if 0 < number <= len(lines) else ""


if __name__ == "__main__":
    raise SystemExit(main())
