"""The block scanner (`phaselint.blocks`) against markdown-it, which it stands in for: on every
document it is sure of, the document model it yields is the one markdown-it's block tokens
yield, line for line; on what it is not sure of it says so, and markdown-it parses it."""

from __future__ import annotations

import random

import pytest

from phaselint import document
from phaselint.blocks import scan
from phaselint.document import Document


def facts_of(events: list, text: str) -> document.Facts:
    return document.facts_from_events(text, events)


def reference(text: str) -> tuple:
    return facts_of(document.events_from_tokens(document._parser().parse(text)), text)


def scanned(text: str) -> tuple:
    events = scan(text)
    assert events is not None, "the scanner should be sure of this text"
    return facts_of(events, text)


# Documents of the shapes planning files have, and the corners of CommonMark they meet.
DOCUMENTS = {
    "tasks": (
        "# Tasks: Export\n\n## Phase 1: Setup\n\n"
        "- [ ] T001 Create `src/export.py`\n"
        "  with a second line\n"
        "lazily continued\n"
        "- [x] T002 [P] Add tests in tests/test_export.py\n\n"
        "  A second paragraph of T002.\n\n"
        "    - [ ] T003 nested four deep\n"
        "- [~] **T004** closed\n"
        "- [N/A] T005 dropped\n\n"
        "## Dependencies\n\n- T002 depends on T001\n"
    ),
    "ordered lists": "1. one\n2. two\n\ntext\n3. three interrupts? no\n\n10) ten\n11) eleven\n",
    "interrupting a paragraph": "Para\n2. not a list\n- but this is\n-\nstill the item\n",
    "empty items": "-\n  content of an empty first line\n-\n\n  not in the item\n- \n",
    "fences": (
        '```json\n{"a": 1}\n```\n\n~~~~ python\ncode\n~~~\nstill code\n~~~~\n\n'
        "- item\n\n  ```sh\n  indented in the item\n\n    more\n  ```\n"
        "- ```\n  fence opening an item\n  ```\n"
        "```\nunclosed at the end"
    ),
    "indented code": "para\n    continuation, not code\n\n    code\n\n      more code\n\nafter\n",
    "headings": (
        "# One #\n## Two ##   \n### Three\\#\n####### seven is text\n#5 is text\n"
        "Setext one\n===\nSetext\ntwo lines\n---\n\n---\n***\n- - -\n"
    ),
    "tables": (
        "| Col | Other |\n|-----|:-----:|\n| a | b |\n| only one |\nno pipe row\n\n"
        "para line\n| h | i |\n| - | - |\n\n"
        "- item\n| x | y |\n  |---|---|\n"
        "> | q | r |\n> |---|---|\n> | 1 | 2 |\n"
    ),
    "quotes": (
        "> quoted\nlazy line\n> back\n\n> - item in a quote\n>   continued\n>\n> after\n\n"
        "> # heading\nnot lazy after a heading\n\n>     code in a quote\n"
    ),
    "html": (
        "<!-- a comment -->\n\n<!--\nmulti\n\nline\n-->\n\n<details>\n<summary>More</summary>\n\n"
        "text\n</details>\n\n<br>\n\n<span>inline html starts a paragraph</span>\n\n"
        "<script>\nlet a = 1;\n\n</script>\n\n- item\n  <!--\n\n  -->\n"
    ),
    "front matter": "---\ntitle: x\nlist:\n  - a\n---\n# Body\n",
    "unclosed front matter": "---\nno end\n# Heading\n",
    "no final newline": "# Title\n\n- item\n  ```\n  code",
    "deep nesting": "- a\n  - b\n    - c\n      - d\n        text\n   - e\n - f\n",
    # Each marker one column further in: the fourth is four columns into its list's container
    # (text, for markdown-it), and the way back out leaves a line of indented code.
    "stairs": " - a\n  - b\n   - c\n    - d\n     - e\n      - f\n     - e\n    - d\n   - c\n - a\n",
    "zero-padded numbers": "- Item\n  01. One\n  02. Two\n\nText\n01. interrupts, as 1. does\n",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_scanner_reads_what_markdown_it_reads(name: str) -> None:
    text = DOCUMENTS[name]
    assert scanned(text) == reference(text)


def test_tasks_are_read_line_for_line() -> None:
    """The differential tests above could pass on two parsers that agree on nothing useful;
    here is what the scanner finds in the tasks document, written out."""
    built = Document("tasks.md", DOCUMENTS["tasks"])
    items = [(i.mark, i.line, i.end_line, i.depth, i.text.split("\n")[0]) for i in built.list_items]
    assert items == [
        (" ", 5, 7, 1, "T001 Create `src/export.py`"),
        ("x", 8, 12, 1, "T002 [P] Add tests in tests/test_export.py"),
        (" ", 12, 12, 2, "T003 nested four deep"),
        ("~", 13, 13, 1, "**T004** closed"),
        ("N/A", 14, 15, 1, "T005 dropped"),
        (None, 18, 18, 1, "T002 depends on T001"),
    ]
    assert (
        built.list_items[0].text
        == "T001 Create `src/export.py`\nwith a second line\nlazily continued"
    )
    assert [(h.level, h.text, h.line) for h in built.headings] == [
        (1, "Tasks: Export", 1),
        (2, "Phase 1: Setup", 3),
        (2, "Dependencies", 16),
    ]


def test_code_blocks_are_read_with_their_content() -> None:
    built = Document("a.md", DOCUMENTS["fences"])
    blocks = [(b.info, b.line, b.end_line, b.content, b.fenced) for b in built.code_blocks]
    assert blocks[0] == ("json", 1, 3, '{"a": 1}\n', True)
    assert blocks[1] == ("python", 5, 9, "code\n~~~\nstill code\n", True)
    assert blocks[2] == ("sh", 13, 17, "indented in the item\n\n  more\n", True)
    assert blocks[-1] == ("", 21, 22, "unclosed at the end", True)


#: Lines the fuzz test puts together: each a corner of the block grammar.
PIECES = (
    "",
    "",
    "text",
    "more text",
    "# Head",
    "## Sub ##",
    "   ### x",
    "#no",
    "- item",
    "* star",
    "+ plus",
    "1. one",
    "2. two",
    "3) three",
    "- [ ] T001 task",
    "- [x] T002 done",
    "  - nested",
    "    - deeper",
    "  continued",
    "    indented",
    "      six",
    "> quote",
    "> - qitem",
    ">",
    "> > deep",
    "```",
    "```py",
    "~~~",
    "````",
    "  ```",
    "---",
    "***",
    "- - -",
    "===",
    "-",
    "- ",
    "1.",
    "<!-- c -->",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "| a | b |",
    "|---|---|",
    "| - | - |",
    "a | b",
    "--- | ---",
    "|:--|--:|",
    "  | x | y |",
    "   - sub",
    "10. ten",
    "- # h in item",
    "-   spaced",
    "- ```",
    "lazy line",
    "**Bold**: value",
    "  > quoted in item",
    "* * *",
    "__",
    "1) x",
    "  1. y",
    "     code?",
    "\\- escaped",
    "`inline`",
    "<details>",
    "</details>",
    "<summary>S</summary>",
    "<br>",
    '<img src="x">',
    "<script>",
    "</script>",
    "<?php",
    "?>",
    "<!DOCTYPE html>",
    "<span>inline</span>",
    "  |---|---|",
    "  | a | b |",
    "  <!--",
    "  -->",
    "1. ```",
    "   code in item",
    "> ```",
    "> code",
    "> | a | b |",
    "> |---|---|",
    "|a|",
    "|-|",
    "a|b|c",
    "-|-|-",
    "#",
    "- [x]",
    "01. zero-one",
    "     - five in",
    "  02) two",
)


def test_random_documents_read_the_same() -> None:
    rng = random.Random(20261202)
    sure = 0
    for _ in range(2500):
        text = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        text += rng.choice(("\n", "", "\n\n"))
        events = scan(text)
        if events is None:
            continue
        sure += 1
        assert facts_of(events, text) == reference(text), text
    assert sure > 2000  # the scanner is sure of most documents, not of a few


@pytest.mark.parametrize(
    "text",
    [
        "- item\n\t- tab-indented\n",  # a tab in the indentation it measures
        "See [the spec][spec].\n\n[spec]: https://example.com\n",  # a reference definition
        "> nested\n> > quote\n    - lazy in two quotes\n",
        "line\r\nwith a carriage return\r\n",
        "".join(">" * depth + " deeper\n" for depth in range(1, 40)),  # past any real nesting
        "".join("  " * depth + "- deeper\n" for depth in range(40)),
    ],
)
def test_what_the_scanner_is_not_sure_of_goes_to_markdown_it(text: str) -> None:
    assert scan(text) is None
    assert Document("a.md", text).facts() == reference(text)
