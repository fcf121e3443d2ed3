"""Inline suppression comments, PL002 and PL003; and PL004 on the context JSON block."""

from __future__ import annotations

from conftest import PHASE_DOC, Repo

DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.lstrip("\n").replace(
    "# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1"
)


def test_disable_next_line(repo: Repo) -> None:
    repo.write(
        DOC, "<!-- phaselint-disable-next-line CAL001 -- quoted from the retro -->\n" + CALENDAR
    )
    result = repo.check()
    assert result.found() == []


def test_disable_next_line_covers_only_the_next_line(repo: Repo) -> None:
    repo.write(DOC, "<!-- phaselint-disable-next-line CAL001 -->\n\n" + CALENDAR)
    result = repo.check()
    assert result.found() == [("PL003", DOC, 1, 1), ("CAL001", DOC, 3, 21)]


def test_disable_enable_range_and_prefixes(repo: Repo) -> None:
    text = (
        CALENDAR
        + "\n<!-- phaselint-disable CAL -->\n## Phase 2: Week 2\n<!-- phaselint-enable CAL -->\n## Phase 3: Week 3\n"
    )
    repo.write(DOC, text)
    result = repo.check("--select", "CAL,PL")
    assert result.found() == [("CAL001", DOC, 1, 21), ("CAL001", DOC, 29, 13)]


def test_bare_disable_file_suppresses_everything(repo: Repo) -> None:
    repo.write(
        DOC,
        CALENDAR.replace("**Status**: In Progress", "**Status**: Almost")
        + "\n<!-- phaselint-disable-file -->\n",
    )
    assert repo.check().found() == []


def test_rule_names_are_accepted(repo: Repo) -> None:
    repo.write(DOC, "<!-- phaselint-disable-file calendar-period-name -->\n" + CALENDAR)
    assert repo.check().found() == []


def test_pl002_unknown_code_and_verb(repo: Repo) -> None:
    repo.write(
        DOC,
        PHASE_DOC
        + "\n<!-- phaselint-disable-next-line CAL099 -->\ntext\n<!-- phaselint-disabel CAL001 -->\n<!-- phaselint -->\n",
    )
    result = repo.check()
    assert result.found() == [("PL002", DOC, 26, 1), ("PL002", DOC, 28, 1), ("PL002", DOC, 29, 1)]
    messages = result.messages("PL002")
    assert "unknown rule code(s) `CAL099`" in messages[0]
    assert "`phaselint-disabel` is not a phaselint directive" in messages[1]
    assert result.exit_code == 1


def test_pl003_unused_suppression_names_the_idle_codes(repo: Repo) -> None:
    repo.write(DOC, "<!-- phaselint-disable-next-line CAL001, PH004 -->\n" + CALENDAR)
    result = repo.check()
    assert result.found() == [("PL003", DOC, 1, 1)]
    assert "phaselint-disable-next-line of PH004 suppressed nothing" in result.messages("PL003")[0]
    assert result.diagnostics[0]["severity"] == "warning"


def test_pl003_skips_codes_that_did_not_run(repo: Repo) -> None:
    repo.write(DOC, "<!-- phaselint-disable-next-line PH004 -->\n" + PHASE_DOC)
    assert repo.check("--select", "CAL,PL").found() == []
    assert repo.check("--ignore", "PH004").found() == []


def test_suppressions_in_code_are_ignored(repo: Repo) -> None:
    repo.write(
        DOC,
        CALENDAR
        + "\n```markdown\n<!-- phaselint-disable-file -->\n```\n\nWrite `<!-- phaselint-disabel -->` like this.\n",
    )
    result = repo.check()
    assert result.found() == [("CAL001", DOC, 1, 21)]


def test_per_file_ignores_and_severity_overrides(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("docs/development/V1.2.0_PHASE_2.md", CALENDAR.replace("Phase 1", "Phase 2"))
    repo.write(
        "pyproject.toml",
        '[tool.phaselint]\n[tool.phaselint.per-file-ignores]\n"**/V1.2.0_PHASE_2.md" = ["CAL"]\n'
        '[tool.phaselint.severity]\nCAL001 = "warning"\n',
    )
    result = repo.check()
    assert result.found() == [("CAL001", DOC, 1, 21)]
    assert result.diagnostics[0]["severity"] == "warning"
    assert result.exit_code == 0


def test_pl004_context_block_syntax_error_points_into_the_markdown(repo: Repo) -> None:
    repo.write(
        "context/context.md",
        """
        # Current Work Summary

        - [ ] Create users table

        ```json
        {
          "active_context": [],
          "completed_summaries": [],
          "last_updated": "2025-12-18T10:00:00Z",
        }
        ```
        """,
    )
    result = repo.check("--select", "PL")
    assert result.found() == [("PL004", "context/context.md", 9, 41)]
    message = result.messages("PL004")[0]
    assert (
        "the context JSON block is not valid JSON: Illegal trailing comma before end of object"
        in message
    )


def test_pl004_commented_jsonc_block_in_a_list_item(repo: Repo) -> None:
    repo.write(
        "context/context.md",
        '# Summary\n\n- state:\n\n  ```jsonc\n  {\n    // where we are\n    "active_context": []\n  }\n  ```\n',
    )
    result = repo.check("--select", "PL004")
    assert result.found() == [("PL004", "context/context.md", 7, 5)]
    assert "JSON does not allow comments" in result.messages("PL004")[0]


def test_pl004_valid_block_and_prose_examples_pass(repo: Repo) -> None:
    repo.write(
        "context/context.md",
        '# Summary\n\n```json\n{"active_context": [], "completed_summaries": [], "last_updated": "2025-12-18T10:00:00Z"}\n```\n',
    )
    repo.write(
        "context/plans/2025-12-18-auth.md", "# Master Plan\n\n```json\n{ ... elided ... }\n```\n"
    )
    assert repo.check("--select", "PL").found() == []
