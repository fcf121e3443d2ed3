"""Generated input (issue 11, "keep it true"): markdown built from the pieces planning
documents are made of — headings, lists and tasks, fences, comments, tables, front matter,
clarification markers — plus `.status` files, context.md JSON blocks and odd file names, run
through the real CLI. Properties: no traceback, exit 0 or 1, every output format parses, and
every diagnostic lies inside its file. Bounded so the module takes well under a minute."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GIT_ENV
from phaselint.cli import main

PIECES = [
    "# V1.2.0 - Phase 1: Week 1 (Dec 20-27)",
    "# Feature Specification: Export",
    "## Phase 2: Integration (3 days)",
    "### Stage 1 — Schema",
    "## Tasks",
    "## Success Criteria",
    "**Status**: In Progress",
    "**Token Budget**: 500K-800K tokens",
    "**Estimated**: 2-3 weeks",
    "**Deadline**: 2026-01-15",
    "- [ ] T001 [P] [US1] Model in src/models/user.py",
    "- [x] T002 [US1] Route in src/api/routes.py",
    "- [~] T003a Reverted",
    "- T004 depends on T001",
    "1. First",
    "   - nested item",
    "```json",
    "```",
    "~~~",
    "    indented code",
    "<!--",
    "-->",
    "<!-- phaselint-disable SP010 -->",
    "| Phase | Title |",
    "|---|---|",
    "| **1** | Foundation |",
    "---",
    "title: Week 3 plan",
    "[NEEDS CLARIFICATION: which provider?]",
    "`[NEEDS CLARIFICATION: quoted]`",
    '{"phase": "1c", "status": "in_progress"}',
    "> quoted text",
    "",
]
LINES = st.one_of(
    st.sampled_from(PIECES),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=40,
    ),
)
DOCUMENT = st.lists(LINES, max_size=30).map("\n".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
CONTEXT_KEYS = st.fixed_dictionaries(
    {},
    optional={
        "active_context": st.lists(st.text(max_size=30), max_size=3),
        "completed_summaries": st.lists(st.text(max_size=30), max_size=3),
        "phased_execution": st.fixed_dictionaries(
            {},
            optional={
                "phases": st.lists(
                    st.fixed_dictionaries(
                        {
                            "phase": st.one_of(st.integers(-1, 5), st.sampled_from(["1c", "x"])),
                            "status": st.sampled_from(["pending", "in_progress", "completed", "?"]),
                        }
                    ),
                    max_size=4,
                ),
                "current_phase": st.one_of(st.none(), st.integers(0, 5), st.just("1c")),
                "master_plan": st.text(max_size=20),
            },
        ),
        "last_updated": st.sampled_from(["2025-12-18T10:00:00Z", "yesterday", "2025-13-40"]),
        "noise": JSON_VALUES,
    },
)
NAMES = st.text(
    alphabet=st.characters(
        whitelist_categories=("Ll", "Lu", "Nd", "Zs", "So"), whitelist_characters="-_.#"
    ),
    min_size=1,
    max_size=16,
).filter(lambda name: name.strip(" .") == name and name not in (".", ".."))


def _repository() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="phaselint-fuzz-"))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=GIT_ENV)
    return folder


def _check(folder: Path) -> None:
    """Run every output format over the folder and hold the properties."""
    import os

    previous = os.getcwd()
    os.chdir(folder)
    try:
        runner = CliRunner()
        count = 0
        for fmt in ("json", "text", "sarif", "github"):
            result = runner.invoke(main, ["check", "--format", fmt], catch_exceptions=False)
            assert result.exit_code in (0, 1), result.output + result.stderr
            assert "Traceback" not in result.stderr
            if fmt == "json":
                report = json.loads(result.stdout)
                count = len(report["diagnostics"])
                for diagnostic in report["diagnostics"]:
                    target = folder / diagnostic["path"]
                    if target.is_file():
                        # Lines as phaselint counts them: CR LF, a lone CR and LF all end one.
                        data = target.read_bytes()
                        lines = len(re.split(rb"\r\n|\r|\n", data))
                        assert 1 <= diagnostic["line"] <= lines, diagnostic
                    assert diagnostic["column"] >= 1
            elif fmt == "sarif":
                assert json.loads(result.stdout)["version"] == "2.1.0"
            elif fmt == "text":
                # One diagnostic is one line, whatever the documents hold; then the summary.
                assert len(result.stdout.split("\n")) == count + 2, result.stdout
    finally:
        os.chdir(previous)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(
    spec=DOCUMENT,
    tasks=DOCUMENT,
    status=st.one_of(st.sampled_from(["draft", "implementing", "merged"]), st.text(max_size=20)),
)
def test_spec_folders(spec: str, tasks: str, status: str) -> None:
    folder = _repository()
    try:
        (folder / "specs/001-export").mkdir(parents=True)
        (folder / "specs/001-export/spec.md").write_text(spec, encoding="utf-8")
        (folder / "specs/001-export/tasks.md").write_text(tasks, encoding="utf-8")
        (folder / "specs/001-export/.status").write_text(status, encoding="utf-8")
        _check(folder)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(document=DOCUMENT, roadmap=DOCUMENT)
def test_phase_documents_and_roadmaps(document: str, roadmap: str) -> None:
    folder = _repository()
    try:
        (folder / "docs/development").mkdir(parents=True)
        (folder / "docs/development/V1.2.0_PHASE_1.md").write_text(document, encoding="utf-8")
        (folder / "ROADMAP.md").write_text(roadmap, encoding="utf-8")
        (folder / "docs/implementation").mkdir(parents=True)
        (folder / "docs/implementation/phase-1-implementation-log.md").write_text(
            document, encoding="utf-8"
        )
        _check(folder)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(data=CONTEXT_KEYS, notes=DOCUMENT, raw=st.booleans())
def test_para_context_blocks(data: dict[str, object], notes: str, raw: bool) -> None:
    folder = _repository()
    try:
        (folder / "context/plans").mkdir(parents=True)
        body = json.dumps(data, indent=2)
        if raw:
            body = body[: len(body) // 2]  # cut short: broken JSON
        text = f"{notes}\n\n```json\n{body}\n```\n"
        (folder / "context/context.md").write_text(text, encoding="utf-8")
        (folder / "context/plans/2025-12-18-x.md").write_text(notes, encoding="utf-8")
        _check(folder)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(names=st.lists(NAMES, min_size=1, max_size=4, unique=True), text=DOCUMENT)
def test_odd_file_names(names: list[str], text: str) -> None:
    folder = _repository()
    try:
        for name in names:
            spec = folder / "specs" / f"002-{name}"
            spec.mkdir(parents=True, exist_ok=True)
            (spec / "spec.md").write_text(text, encoding="utf-8")
            (folder / "specs" / f"{name}.md").write_text(text, encoding="utf-8")
        _check(folder)
    finally:
        shutil.rmtree(folder)
