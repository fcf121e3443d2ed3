"""The block scanner against markdown-it, on real markdown: same model, how often sure, how fast.

phaselint reads a document's block structure with its own scanner (`phaselint.blocks`) and
hands a text to markdown-it only when the scanner is not sure of it. This script checks that
bargain on any folder of checkouts (other people's repositories: never committed):

    python benchmarks/blocks.py FOLDER [FOLDER ...] [--show N]

For every `.md` file under the folders (`.git` and `node_modules` skipped) it builds the
document model from the scanner's events and from markdown-it's block tokens and compares them
(headings, list items with their text and extent, code blocks with their content, paragraphs,
HTML blocks, front matter). It prints how many files read the same, how many the scanner left to
markdown-it, and how many differ (the first difference of up to N of them), then the CPU time of
each parse over all files. A difference is a bug in the scanner.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from phaselint import document
from phaselint.blocks import scan

FIELDS = ("headings", "list items", "code blocks", "paragraphs", "HTML blocks", "front matter")


def model(events: list[tuple[object, ...]], text: str) -> tuple[object, ...]:
    """The document model the events yield, without the text."""
    return tuple(document.facts_from_events(text, events))[1:]


def first_difference(ours: tuple[object, ...], theirs: tuple[object, ...]) -> str:
    for name, mine, other in zip(FIELDS, ours, theirs, strict=True):
        if mine == other:
            continue
        if isinstance(mine, tuple) and isinstance(other, tuple):
            for index in range(max(len(mine), len(other))):
                a = mine[index] if index < len(mine) else None
                b = other[index] if index < len(other) else None
                if a != b:
                    return f"{name} #{index}:\n    scanner:   {a}\n    markdown-it: {b}"
        return f"{name}:\n    scanner:   {mine}\n    markdown-it: {other}"
    return "no difference"


def markdown_files(folders: list[Path]) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for current, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(d for d in subfolders if d not in (".git", "node_modules"))
            for name in sorted(names):
                if not name.endswith(".md"):
                    continue
                path = os.path.join(current, name)
                try:
                    with open(path, encoding="utf-8") as handle:
                        found.append((path, handle.read()))
                except (OSError, UnicodeDecodeError):
                    continue
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    arguments = parser.parse_args()
    files = markdown_files(arguments.folders)
    markdown_it = document._parser()
    counts: Counter[str] = Counter()
    shown = 0
    for path, text in files:
        events = scan(text)
        if events is None:
            counts["left to markdown-it"] += 1
            continue
        ours = model(events, text)
        theirs = model(document.events_from_tokens(markdown_it.parse(text)), text)
        if ours == theirs:
            counts["same"] += 1
            continue
        counts["different"] += 1
        if shown < arguments.show:
            shown += 1
            print(f"{path}: {first_difference(ours, theirs)}")
    started = time.process_time()
    for _, text in files:
        markdown_it.parse(text)
    theirs_time = time.process_time() - started
    started = time.process_time()
    for _, text in files:
        scan(text)
    ours_time = time.process_time() - started
    print(
        f"{len(files)} files: {counts['same']} the same, {counts['left to markdown-it']} left "
        f"to markdown-it, {counts['different']} different"
    )
    print(
        f"CPU: markdown-it's block parse {theirs_time:.2f} s, the scanner {ours_time:.2f} s "
        f"({theirs_time / max(ours_time, 1e-9):.1f}x faster)"
    )
    return 1 if counts["different"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
