"""Clarification markers: `[NEEDS CLARIFICATION]` and `[NEEDS CLARIFICATION: question]`.

The release train: "Mark unclear areas with [NEEDS CLARIFICATION]" while drafting; the clarified gate is
"Zero [NEEDS CLARIFICATION] remaining". Documents also *talk about* markers — a checklist item
"No [NEEDS CLARIFICATION] markers remain", an instruction "Answer all [NEEDS CLARIFICATION]
markers" — and those are not markers. A marker counts as talk when:

- the words after it call it a marker (`markers`, `tags`, `placeholders`, `remain`, `left`), or
- the words before it quantify or act on markers (`no`, `zero`, `any`, `all`, `every`,
  `without`, `remaining`, `resolve`, `answer`, `remove`, `mark … with`, `use`, `search for`), or
- it is quoted (`"[NEEDS CLARIFICATION]"`);
- it shows how to write one: its question is a stand-in (the older spec-kit template's "Use
  [NEEDS CLARIFICATION: specific question] for any assumption you'd need to make"), or the
  words before it say to mark something with it.

Markers in code blocks, inline code spans and HTML comments are never markers (the prose view of
the document leaves them out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from phaselint.config import Options
from phaselint.lazyre import lazy_compile

if TYPE_CHECKING:
    from phaselint.document import Document

_TALK_AFTER = lazy_compile(
    r"^[\s\"'”’`)*_]*(?:(?:markers?|tags?|placeholders?|annotations?|remains?|remaining|left"
    r"|items?|entries|blockers?|detection|handling|support|resolution|workflow|hooks?|checks?"
    r"|validation|scan(?:ner|ning)?|counts?|syntax|format|patterns?|tokens?|occurrences?"
    r"|(?:are|is|have\s+been|has\s+been|must\s+be|should\s+be)\s+"
    r"(?:resolved|gone|answered|removed|cleared|replaced))\b"
    # The same words in the languages spec authors write in: マーカー, 标记 / 標記 (marker),
    # 遗留 / 残 (remain).
    r"|\s*(?:マーカー|标记|標記|遗留|遺留|残))",
    re.IGNORECASE,
)
_TALK_BEFORE = lazy_compile(
    r"(?:\b(?:no|zero|any|all|every|each|without|remaining|unresolved|resolved?|resolving|answer"
    r"|answered|answering|remove|removed|removing|replace|replaced|clear|cleared|use|using"
    r"|search(?:ing)?\s+for|grep\s+for|find|count|mark\w*\b.*\bwith|rather\s+than|instead\s+of"
    r"|detects?|detecting|flags?|flagging|parses?|parsing|scans?|scanning|emits?|emitting"
    r"|inserts?|inserting|not|never|left\s+as|leaving|as)(?:\s+an?)?"
    r"\s*[\"'“‘]?\s*|[\"'“‘]|(?:无|沒有|没有|不再残留|不再殘留|零))$",
    re.IGNORECASE,
)


# The older spec-kit template's guidance: "Use [NEEDS CLARIFICATION: specific question] for any
# assumption you'd need to make" — how to write a marker, not a marker.
_GENERIC_QUESTION = lazy_compile(
    r"^(?:specific\s+question|question|your\s+question|the\s+question|\.\.\.|…)\s*$",
    re.IGNORECASE,
)
_HOW_TO_MARK = lazy_compile(
    r"\bmark\w*(?:\s+\w+){0,4}\s+(?:with|as|using)\s*[\"'“‘]?$",
    re.IGNORECASE,
)


_LISTED_WITH_OTHERS = lazy_compile(r"\b(?:markers?|placeholders?)\b[^.]*\(\s*[^)]*$", re.IGNORECASE)


def listed_with_others(before: str) -> bool:
    """Whether the text before a marker or placeholder opens a parenthesised list of them
    (`detects placeholder markers ([FEATURE], TODO, …`): it is named, not left unfilled."""
    return _LISTED_WITH_OTHERS.search(before) is not None


@dataclass(frozen=True)
class ClarificationOptions(Options):
    """`[tool.phaselint.clarification]`."""

    section = "clarification"

    markers: tuple[str, ...] = ("NEEDS CLARIFICATION",)


class Marker(NamedTuple):
    """One unresolved marker: 1-based line and columns (end exclusive), and its question."""

    line: int
    column: int
    end_column: int
    question: str


@cache
def _marker_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(
        rf"\[\s*(?:{alternatives})\s*(?::\s*(?P<question>[^\]]*?)\s*)?(?:\]|$)", re.IGNORECASE
    )


def find_markers(document: Document, options: ClarificationOptions) -> list[Marker]:
    """Every unresolved marker in the prose of `document` (talk about markers excluded)."""
    pattern = _marker_pattern(tuple(options.markers))
    found = []
    first_word = options.markers[0].split()[0].casefold() if options.markers else ""
    for number, text in enumerate(document.prose, start=1):
        if text is None or "[" not in text or first_word not in text.casefold():
            continue
        for match in pattern.finditer(text):
            if _is_talk(text, match):
                continue
            question = (match.group("question") or "").strip()
            found.append(Marker(number, match.start() + 1, match.end() + 1, question))
    return found


def _is_talk(text: str, match: re.Match[str]) -> bool:
    if text[: match.start()].count("~~") % 2 == 1 and "~~" in text[match.end() :]:
        return True  # struck through: resolved or dropped
    if match.group("question"):
        # A marker with a question is a real question, unless the sentence calls it a marker
        # or tells how to write one ("Use [NEEDS CLARIFICATION: specific question] for …").
        if _GENERIC_QUESTION.match(match.group("question")):
            return True
        if _HOW_TO_MARK.search(_sentence_before(text[: match.start()])):
            return True
        return bool(re.match(r"^[\s\"'”’)]*markers?\b", text[match.end() :], re.IGNORECASE))
    before = _sentence_before(text[: match.start()])
    after = text[match.end() :]
    if listed_with_others(before) or (
        before.rstrip(" *_`").endswith("|") and after.lstrip(" *_`").startswith("|")
    ):
        return True  # one of the markers a sentence lists, or a table cell naming it
    return bool(_TALK_BEFORE.search(before) or _TALK_AFTER.match(after))


def _sentence_before(text: str) -> str:
    """The part of the current sentence (or list item) before a position."""
    cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "), text.rfind("; "))
    text = text[cut + 2 :] if cut >= 0 else text
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", "", text)
    return text.rstrip()
