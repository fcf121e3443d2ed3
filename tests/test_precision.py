"""Precision across the method rules: what a rule checks, shown inside a code block, in inline
code or in a sentence that talks about it, is not the thing itself. Each case also writes the
same construct for real and asserts where the rule reports it, so the quiet half cannot pass
by accident."""

from __future__ import annotations

from test_rules_consolidation import CHECKPOINT, RUN, workflow
from test_rules_para import CONTEXT, SUMMARY_TEXT, block, context_md, para, summary
from test_rules_spec import FOLDER, good_spec
from test_rules_stages import LOG, done, log, stage

from conftest import PHASE_DOC, Repo

FENCE = "```"


def _append(repo: Repo, path: str, text: str) -> int:
    """Append `text` to a file; the line number its first line lands on."""
    target = repo.path / path
    before = target.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    target.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def test_tasks_in_code_and_in_sentences_are_not_tasks(repo: Repo) -> None:
    """SP009, SP010, SP011, SP019, SP020: tasks.md of a spec in testing (every task done)."""
    good_spec(repo, stage="testing")
    tasks = f"{FOLDER}/tasks.md"
    _append(
        repo,
        tasks,
        "\n## Notes\n\nAn open task looks like this:\n\n"
        f"{FENCE}markdown\n- [ ] T099 [US9] Write the export in src/auth/missing.py\n"
        "- [ ] broken line T\n"
        f"{FENCE}\n\n"
        "A line such as `- [ ] T098 Implemented in src/nowhere.py` is an open task, and a task "
        "that says it is complete must name files that exist.\n",
    )
    assert repo.check().found() == []
    _append(repo, tasks, "- [ ] T099 [US2] Write the export in src/auth/form.py\n")
    result = repo.check("--select", "SP011")
    assert result.found() == [("SP011", f"{FOLDER}/.status", 1, 1)]
    assert "T099" in result.messages("SP011")[0]


def test_checklist_items_in_code_are_not_items(repo: Repo) -> None:
    """SP012: a spec implementing with an example of an unchecked item in its checklist."""
    good_spec(repo)
    checklist = f"{FOLDER}/checklists/requirements.md"
    _append(
        repo,
        checklist,
        f"\nUnchecked items look like:\n\n{FENCE}\n- [ ] CHK099 Is latency specified?\n{FENCE}\n"
        "\nWrite `- [ ] CHK100 …` for an open item.\n",
    )
    assert repo.check("--select", "SP012").found() == []
    line = _append(repo, checklist, "- [ ] CHK099 Is latency specified?\n")
    assert repo.check("--select", "SP012").found() == [("SP012", checklist, line, 3)]


def test_spec_status_and_stories_in_code(repo: Repo) -> None:
    """SP021 reads the Status field, SP007 the user stories: not their examples in code."""
    good_spec(repo)
    spec = f"{FOLDER}/spec.md"
    text = (repo.path / spec).read_text(encoding="utf-8")
    repo.write(spec, text.replace("**Status**: In progress\n", ""))
    _append(
        repo,
        spec,
        f"\n## Template notes\n\n{FENCE}markdown\n**Status**: Draft\n\n"
        "### User Story 9 - Export (Priority: P3)\n\nNo test here.\n"
        f"{FENCE}\n\nspec-kit writes `**Status**: Draft` and never updates it.\n",
    )
    assert repo.check("--select", "SP007,SP021").found() == []
    line = _append(repo, spec, "\n**Status**: Draft\n")
    assert repo.check("--select", "SP021").found() == [("SP021", spec, line + 1, 13)]


def test_a_section_shown_in_code_is_not_there(repo: Repo) -> None:
    """SP006: a Success Criteria heading inside a code block does not make the section."""
    good_spec(repo)
    spec = f"{FOLDER}/spec.md"
    text = (repo.path / spec).read_text(encoding="utf-8")
    start = text.index("## Success Criteria")
    repo.write(
        spec,
        text[:start]
        + f"{FENCE}markdown\n## Success Criteria *(mandatory)*\n- **SC-001**: fast\n{FENCE}\n\n"
        + text[text.index("## Clarifications") :],
    )
    found = repo.check("--select", "SP006").found()
    assert found == [("SP006", spec, 1, 3)]


def test_phase_status_in_code(repo: Repo) -> None:
    """PH005: the Status field, not a code block listing statuses."""
    doc = "docs/development/V1.2.0_PHASE_1.md"
    repo.write(doc, PHASE_DOC)
    _append(
        repo,
        doc,
        f"\n{FENCE}markdown\n**Status**: Almost done\n{FENCE}\n\nNever write `**Status**: Almost done`.\n",
    )
    assert repo.check("--select", "PH005").found() == []
    text = (repo.path / doc).read_text(encoding="utf-8")
    repo.write(doc, text.replace("**Status**: In Progress", "**Status**: Almost done", 1))
    assert repo.check("--select", "PH005").found() == [("PH005", doc, 3, 13)]


def test_a_json_example_inside_another_fence_is_not_a_second_block(repo: Repo) -> None:
    """CX001: context.md shows an example block inside a longer fence; still one block."""
    para(repo, ("completed", "in_progress", "pending"))
    _append(
        repo,
        CONTEXT,
        f'\n## Notes\n\n````markdown\n{FENCE}json\n{{"phase": 9}}\n{FENCE}\n````\n\n'
        "The block is the fenced `json` one above.\n",
    )
    assert repo.check().found() == []
    line = _append(repo, CONTEXT, f"\n{FENCE}json\n{{}}\n{FENCE}\n")
    assert repo.check("--select", "CX001").found() == [("CX001", CONTEXT, line + 1, 1)]


def test_todos_and_criteria_in_code(repo: Repo) -> None:
    """CX012 reads the To-Do List, CX011 the Success Criteria Validation: not code in them."""
    para(repo, ("completed", "pending", "pending"))
    data = block(("completed", "pending", "pending"))
    todos = ("- [x] Create users table", f"\n{FENCE}\n- [ ] example to-do\n{FENCE}")
    repo.write(CONTEXT, context_md(data, todos=todos))
    repo.write(
        summary(1),
        SUMMARY_TEXT.format(n=1).replace(
            "- [x] Tables created", f"- [x] Tables created\n\n{FENCE}\n- [ ] Load tested\n{FENCE}\n"
        ),
    )
    assert repo.check("--select", "CX011,CX012").found() == []
    repo.write(CONTEXT, context_md(data, todos=("- [x] Create users table", "- [ ] real to-do")))
    assert repo.check("--select", "CX012").found() == [("CX012", CONTEXT, 6, 3)]


def test_gates_talked_about_are_not_gates(repo: Repo) -> None:
    """ST005 judges the stated gate, not a sentence warning against vague ones; ST001 the
    status field, not one quoted in a note."""
    entries = [done(n) for n in range(3)]
    note = (
        "\nGates such as “tests pass” or “system works correctly” are too vague; a status like "
        "`- Status: mostly done` is not one.\n\n"
        f"{FENCE}\n- Acceptance gate: system works correctly\n- Status: mostly done\n{FENCE}\n"
    )
    repo.write(LOG, log(*entries) + note)
    assert repo.check().found() == []
    repo.write(LOG, log(*entries, stage(3, "in-progress", gate="system works correctly")))
    assert repo.check("--select", "ST005").found() == [("ST005", LOG, 36, 20)]


def test_checkpoint_items_in_code(repo: Repo) -> None:
    """CN003: a checkpoint's criteria, not an example of one in a code block."""
    workflow(repo)
    progress = f"{RUN}/WORKFLOW_PROGRESS.md"
    repo.write(
        progress,
        CHECKPOINT.format(mark="x").replace(
            "- [x] All agents completed successfully",
            f"- [x] All agents completed successfully\n\n{FENCE}\n- [ ] Example criterion\n{FENCE}\n",
        ),
    )
    assert repo.check("--select", "CN003").found() == []
    repo.write(progress, CHECKPOINT.format(mark=" "))
    assert repo.check("--select", "CN003").found() == [("CN003", progress, 6, 3)]
