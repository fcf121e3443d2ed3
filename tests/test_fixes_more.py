"""The fixes of issue 14: SP009 (task ids, checkboxes, renumbering), SP021 (**Status**), CX004
(current_phase), and how `check` offers them — `[*]`, the summary count, JSON `fix.safety`,
`--diff` (writes nothing; exit 1 when there is something to fix) and `--unsafe-fixes`.

Real git repositories in tmp_path; file contents are asserted byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import textwrap
from pathlib import Path

import pytest
from test_rules_para import CONTEXT, block, context_md, para

from conftest import Repo

FOLDER = "specs/001-x"
TASKS_MD = f"{FOLDER}/tasks.md"
SPEC_MD = f"{FOLDER}/spec.md"


def spec(
    repo: Repo, tasks: str, stage: str = "tasked", spec_md: str = "# Feature Specification: X\n"
) -> Path:
    repo.write(SPEC_MD, spec_md)
    repo.write(f"{FOLDER}/plan.md", "# Plan\n")
    repo.write(f"{FOLDER}/.status", f"{stage}\n")
    path = repo.write(TASKS_MD, tasks)
    repo.commit()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


HEAD = "# Tasks: X\n\n## Phase 1: Setup\n\n"


# SP009: a malformed id (safe) -------------------------------------------------------------------


def test_sp009_malformed_id_is_written_as_t001_by_fix(repo: Repo) -> None:
    path = spec(
        repo,
        HEAD
        + "- [ ] T001 Create src/a.py\n- [ ] t2 Create src/b.py\n- [ ] T-003 Create src/c.py\n",
    )
    first = repo.check("--select", "SP009")
    fixes = [d["fix"] for d in first.diagnostics]
    assert [f["safety"] for f in fixes] == ["safe", "safe"]
    assert fixes[0]["edits"] == [
        {"line": 6, "column": 7, "end_line": 6, "end_column": 9, "text": "T002"}
    ]
    result = repo.check("--select", "SP009", "--fix")
    assert result.exit_code == 0, result.output
    assert "fixed 2 problem(s) in 1 file(s)" in result.stderr
    assert path.read_text() == HEAD + (
        "- [ ] T001 Create src/a.py\n- [ ] T002 Create src/b.py\n- [ ] T003 Create src/c.py\n"
    )


def test_sp009_malformed_id_whose_fixed_form_is_taken_has_no_fix(repo: Repo) -> None:
    spec(repo, HEAD + "- [ ] T001 Create src/a.py\n- [ ] T1 Create src/b.py\n")
    result = repo.check("--select", "SP009")
    assert [d.get("fix") for d in result.diagnostics if "T001" in d["message"]] == [None]


# SP009: a missing checkbox (unsafe) -------------------------------------------------------------


def test_sp009_missing_checkbox_is_added_only_with_unsafe_fixes(repo: Repo) -> None:
    text = HEAD + "- [ ] T001 Create src/a.py\n- T002 Create src/b.py\n"
    path = spec(repo, text)
    before = digest(path)
    result = repo.check("--select", "SP009", "--fix")
    assert result.exit_code == 1
    assert digest(path) == before  # unsafe: not applied by --fix alone
    assert repo.check("--select", "SP009").diagnostics[0]["fix"]["safety"] == "unsafe"
    result = repo.check("--select", "SP009", "--fix", "--unsafe-fixes")
    assert result.exit_code == 0, result.output
    assert path.read_text() == HEAD + "- [ ] T001 Create src/a.py\n- [ ] T002 Create src/b.py\n"


# SP009: renumbering after gaps (unsafe) ---------------------------------------------------------

GAPPED = HEAD + (
    "- [ ] T001 Create src/a.py\n"
    "- [ ] T003 Create src/b.py\n"
    "- [ ] T004 Create src/c.py\n"
    "- [ ] T007 Create src/d.py\n"
    "\n## Dependencies\n\n"
    "- T007 depends on T004 and `T003`\n"
    "\n```markdown\n- [ ] T004 an example, not a reference\n```\n"
)


def test_sp009_gaps_are_closed_with_unsafe_fixes_references_included(repo: Repo) -> None:
    path = spec(repo, GAPPED)
    found = repo.check("--select", "SP009")
    # Only the last gap has a fix; once it is closed, the next pass closes the one before it.
    assert [d["line"] for d in found.diagnostics] == [6, 8]
    assert "fix" not in found.diagnostics[0]
    last = found.diagnostics[1]["fix"]
    assert last["safety"] == "unsafe"
    assert [(e["line"], e["text"]) for e in last["edits"]] == [(8, "005"), (12, "005")]
    assert repo.check("--select", "SP009", "--fix").exit_code == 1
    assert path.read_text() == GAPPED
    result = repo.check("--select", "SP009", "--fix", "--unsafe-fixes")
    assert result.exit_code == 0, result.output
    assert path.read_text() == HEAD + (
        "- [ ] T001 Create src/a.py\n"
        "- [ ] T002 Create src/b.py\n"
        "- [ ] T003 Create src/c.py\n"
        "- [ ] T004 Create src/d.py\n"
        "\n## Dependencies\n\n"
        "- T004 depends on T003 and `T002`\n"
        "\n```markdown\n- [ ] T004 an example, not a reference\n```\n"
    )


def test_sp009_gap_whose_missing_task_is_mentioned_is_not_renumbered(repo: Repo) -> None:
    text = (
        HEAD + "- [ ] T001 Create src/a.py\n- [ ] T003 Create src/b.py\n\nT002 moved to spec 002.\n"
    )
    spec(repo, text)
    result = repo.check("--select", "SP009")
    assert [d.get("fix") for d in result.diagnostics] == [None]


def test_sp009_gap_before_a_numbering_block_is_not_renumbered(repo: Repo) -> None:
    text = HEAD + (
        "- [ ] T001 Create src/a.py\n- [ ] T003 Create src/b.py\n\n"
        "## Phase 2: Core\n\n- [ ] T100 Create src/c.py\n"
    )
    spec(repo, text)
    result = repo.check("--select", "SP009")
    assert [(d["line"], d.get("fix")) for d in result.diagnostics] == [(6, None)]


# SP021: **Status** in line with the declared stage ---------------------------------------------

SPEC_TEXT = "# Feature Specification: X\n\n**Status**: {}\n\n## User Scenarios\n"


def test_sp021_status_is_written_as_the_declared_stage(repo: Repo) -> None:
    spec(
        repo,
        HEAD + "- [ ] T001 Create src/a.py\n",
        stage="implementing",
        spec_md=SPEC_TEXT.format("Draft"),
    )
    path = repo.path / SPEC_MD
    assert repo.check("--select", "SP021").diagnostics[0]["fix"]["safety"] == "safe"
    result = repo.check("--select", "SP021", "--fix")
    assert result.exit_code == 0, result.output
    assert path.read_text() == SPEC_TEXT.format("Implementing")


def test_sp021_status_with_a_note_is_an_unsafe_fix(repo: Repo) -> None:
    text = SPEC_TEXT.format("Draft (reviewed 2025-01-02)")
    spec(repo, HEAD + "- [ ] T001 Create src/a.py\n", stage="implementing", spec_md=text)
    path = repo.path / SPEC_MD
    assert repo.check("--select", "SP021").diagnostics[0]["fix"]["safety"] == "unsafe"
    repo.check("--select", "SP021", "--fix")
    assert path.read_text() == text
    repo.check("--select", "SP021", "--fix", "--unsafe-fixes")
    assert path.read_text() == SPEC_TEXT.format("Implementing")


def test_sp021_fix_keeps_crlf_and_the_file_mode(repo: Repo) -> None:
    spec(repo, HEAD + "- [ ] T001 Create src/a.py\n", stage="testing", spec_md="x\n")
    path = repo.write_bytes(SPEC_MD, SPEC_TEXT.format("Draft").replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    repo.write(TASKS_MD, HEAD + "- [x] T001 Create src/a.py\n")
    result = repo.check("--select", "SP021", "--fix")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == SPEC_TEXT.format("Testing").replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_sp021_inferred_stage_has_no_fix(repo: Repo) -> None:
    repo.write(SPEC_MD, SPEC_TEXT.format("Complete"))
    repo.write(TASKS_MD, HEAD + "- [ ] T001 Create src/a.py\n")
    result = repo.check("--select", "SP021")
    assert [d.get("fix") for d in result.diagnostics] == [None]


# CX004: current_phase --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "current", "written"),
    [
        (("completed", "in_progress", "pending"), 1, "2"),
        (("completed", "pending", "pending"), 2, "null"),
    ],
)
def test_cx004_current_phase_is_set_by_fix(
    repo: Repo, statuses: tuple[str, ...], current: int, written: str
) -> None:
    para(repo, statuses)
    data = block(statuses)
    data["phased_execution"]["current_phase"] = current
    path = repo.write(CONTEXT, context_md(data))
    assert repo.check("--select", "CX004").diagnostics[0]["fix"]["safety"] == "safe"
    result = repo.check("--select", "CX004", "--fix")
    assert result.exit_code == 0, result.output
    data["phased_execution"]["current_phase"] = json.loads(written)
    assert path.read_text() == context_md(data)


def test_cx004_two_phases_in_progress_have_no_fix(repo: Repo) -> None:
    para(repo, ("in_progress", "in_progress", "pending"))
    result = repo.check("--select", "CX004")
    assert result.diagnostics and all("fix" not in d for d in result.diagnostics)


# How check offers fixes: [*], the summary, --diff -----------------------------------------------


def test_text_marks_fixable_diagnostics_and_counts_them(repo: Repo) -> None:
    spec(
        repo,
        HEAD + "- [ ] T001 Create src/a.py\n- [ ] t2 Create src/b.py\n- T003 Create src/c.py\n",
    )
    lines = repo.check("--select", "SP009", fmt="text").output.splitlines()
    assert (
        lines[0]
        == f'{TASKS_MD}:6:7: SP009 [*] task id "t2" of spec 001-x is not of the form T001; renumber it'
    )
    assert lines[1] == (  # unsafe: no [*]
        f"{TASKS_MD}:7:3: SP009 task T003 of spec 001-x has no checkbox; write `- [ ] T003 …`"
    )
    # t2 is malformed but holds number 2: T003 follows it without a gap.
    assert (
        lines[-1]
        == "2 errors, 0 warnings in 4 files, 1 fixable with --fix (1 more with --unsafe-fixes)"
    )
    unsafe = repo.check("--select", "SP009", "--unsafe-fixes", fmt="text").output.splitlines()
    assert unsafe[1].startswith(f"{TASKS_MD}:7:3: SP009 [*] task T003 of spec 001-x has no")
    assert unsafe[-1] == "2 errors, 0 warnings in 4 files, 2 fixable with --fix --unsafe-fixes"


def test_diff_prints_a_unified_diff_and_writes_nothing(repo: Repo) -> None:
    path = spec(
        repo,
        HEAD + "- [ ] T001 Create src/a.py\n- [ ] t2 Create src/b.py\n- T003 Create src/c.py\n",
    )
    before = digest(path)
    result = repo.check("--select", "SP009", "--diff", fmt="")
    assert result.exit_code == 1
    assert digest(path) == before
    assert result.output == (
        f"--- a/{TASKS_MD}\n+++ b/{TASKS_MD}\n@@ -3,5 +3,5 @@\n ## Phase 1: Setup\n \n"
        " - [ ] T001 Create src/a.py\n-- [ ] t2 Create src/b.py\n+- [ ] T002 Create src/b.py\n"
        " - T003 Create src/c.py\n"
    )
    assert "would fix 1 problem(s) in 1 file(s) (1 more with --unsafe-fixes)" in result.stderr
    unsafe = repo.check("--select", "SP009", "--diff", "--unsafe-fixes", fmt="")
    assert unsafe.exit_code == 1
    assert "+- [ ] T003 Create src/c.py\n" in unsafe.output
    assert digest(path) == before


def test_diff_exits_0_when_there_is_nothing_to_fix(repo: Repo) -> None:
    spec(repo, HEAD + "- [ ] T001 Create src/a.py\n- T002 Create src/b.py\n")
    result = repo.check("--select", "SP009", "--diff", fmt="")
    assert (result.exit_code, result.output) == (0, "")
    assert "nothing to fix (1 more with --unsafe-fixes)" in result.stderr


def test_diff_shows_a_missing_final_newline(repo: Repo) -> None:
    path = spec(repo, HEAD + "- [ ] T001 Create src/a.py\n- [ ] t2 Create src/b.py")
    result = repo.check("--select", "SP009", "--diff", fmt="")
    assert result.output.endswith(
        "-- [ ] t2 Create src/b.py\n\\ No newline at end of file\n"
        "+- [ ] T002 Create src/b.py\n\\ No newline at end of file\n"
    )
    assert path.read_text().endswith("t2 Create src/b.py")


def test_diff_and_fix_together_is_a_usage_error(repo: Repo) -> None:
    spec(repo, HEAD + "- [ ] T001 Create src/a.py\n")
    result = repo.check("--fix", "--diff")
    assert result.exit_code == 2
    assert "give one" in result.stderr


@pytest.mark.parametrize("code", ["SP003", "SP009", "SP021", "CX004"])
def test_every_fixable_rule_explains_its_fix_safety(repo: Repo, code: str) -> None:
    result = repo.run("explain", code)
    assert "Fix safety" in result.output


# PH006: a Completion Summary skeleton (unsafe) -------------------------------------------------

PHASE = "docs/development/V1.2.0_PHASE_1.md"


def test_ph006_skeleton_holds_what_the_document_says_and_asks_for_the_rest(repo: Repo) -> None:
    from datetime import date

    from conftest import COMPLETE_PHASE_DOC

    before = COMPLETE_PHASE_DOC.split("## Completion Summary")[0].rstrip("\n") + "\n"
    before = before.replace("- [x] Test framework setup", "- [ ] Test framework setup")
    path = repo.write(PHASE, before)
    repo.commit()
    first = repo.check("--select", "PH006")
    [diagnostic] = first.diagnostics
    assert (diagnostic["line"], diagnostic["column"]) == (3, 1)
    assert diagnostic["fix"]["safety"] == "unsafe"
    # Unsafe: --fix alone leaves the document as it is.
    kept = digest(path)
    repo.check("--select", "PH006", "--fix")
    assert digest(path) == kept
    result = repo.check("--select", "PH006", "--fix", "--unsafe-fixes")
    added = (
        "\n## Completion Summary\n"
        f"**Completed**: {date.today().isoformat()}\n"
        "\n**Delivered**:\n- JWT service (generate, validate, refresh)\n"
    )
    assert path.read_text(encoding="utf-8") == textwrap.dedent(before).lstrip("\n") + added
    # What only the author knows is still asked for, and no skeleton is offered again.
    [left] = result.diagnostics
    assert "lacks token usage against the estimate and lessons learned" in left["message"]
    assert "fix" not in left


def test_ph006_skeleton_keeps_crlf_and_a_missing_last_line_break(repo: Repo) -> None:
    from conftest import COMPLETE_PHASE_DOC

    text = textwrap.dedent(COMPLETE_PHASE_DOC).lstrip("\n").split("## Completion Summary")[0]
    text = text.replace(
        "**Started**: 2025-12-22\n", "**Started**: 2025-12-22\n**Completed**: 2025-12-23\n"
    )
    data = text.rstrip("\n").replace("\n", "\r\n").encode()
    path = repo.write_bytes(PHASE, data)
    repo.commit()
    repo.check("--select", "PH006", "--fix", "--unsafe-fixes")
    assert path.read_bytes() == data + (
        b"\r\n\r\n## Completion Summary\r\n**Completed**: 2025-12-23\r\n\r\n**Delivered**:\r\n"
        b"- JWT service (generate, validate, refresh)\r\n- Test framework setup"
    )
