"""The rule documentation pages: `docs/rules/CODE.md` for every rule and an index,
`docs/rules/README.md`, written from the docstrings `phaselint explain` prints.

    python -m phaselint.ruledocs            # write the pages (at the repository's top)
    python -m phaselint.ruledocs --check    # exit 1 naming the pages that are out of date

The docstring stays the one source: a page is its title line (code, name, default severity,
methodology), the summary and the sections as written. `rule_url` links each page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from phaselint.registry import FAMILIES, RULE_DOCS, Rule, all_rules, family_of

#: The command that writes the pages, for messages that ask to run it.
COMMAND = "python -m phaselint.ruledocs"
INDEX = "README.md"


def rules_table(rules: Sequence[Rule], link: Callable[[Rule], str] | None = None) -> str:
    """A markdown table of the rules, a row per family before its rules; `link` gives the
    target each code links to (the README's table links none)."""
    lines = ["| code | name | default | what |", "|---|---|---|---|"]
    family = None
    for r in rules:
        prefix = family_of(r.code)
        if prefix != family:
            family = prefix
            lines.append(f"| **{prefix}** | *{FAMILIES.get(prefix, '')}* | | |")
        code = f"[{r.code}]({link(r)})" if link else r.code
        lines.append(f"| {code} | `{r.name}` | {r.severity.value} | {r.summary} |")
    return "\n".join(lines) + "\n"


def _method_titles() -> dict[str, str]:
    from phaselint.methods import all_methods

    return {method.name: method.title for method in all_methods()}


def source_of(rule: Rule) -> str:
    """The module whose docstring documents the rule (one module per family)."""
    return f"phaselint/rules/{family_of(rule.code).lower()}.py"


def rule_page(rule: Rule, titles: dict[str, str]) -> str:
    """One rule's page: what `phaselint explain` prints, as a markdown document."""
    title = titles.get(rule.methodology)
    applies = f"{title} (`{rule.methodology}`)" if title else rule.applies
    return (
        f"# {rule.code}: `{rule.name}`\n\n"
        f"**Default severity**: {rule.severity.value} · **Applies to**: {applies} · "
        f"**Family**: `{family_of(rule.code)}`\n\n"
        f"{rule.summary}\n\n"
        f"{rule.body}\n\n"
        "---\n\n"
        f"`phaselint explain {rule.code}` prints this page. It is generated from the rule's "
        f"docstring in [{source_of(rule)}](../../{source_of(rule)}) by `{COMMAND}`; "
        f"[all rules]({INDEX}).\n"
    )


def index_page(rules: Sequence[Rule]) -> str:
    """The index of the pages: every rule, grouped by family, linking its page."""
    return (
        "# Rules\n\n"
        f"One page per rule, generated from the rules' docstrings by `{COMMAND}`; "
        "`phaselint explain CODE` prints the same text, `phaselint rules` lists them.\n\n"
        + rules_table(rules, link=lambda r: f"{r.code}.md")
    )


def pages(rules: Sequence[Rule] | None = None) -> dict[str, str]:
    """Every page by its file name: one per rule and the index."""
    chosen = all_rules() if rules is None else rules
    titles = _method_titles()
    written = {f"{r.code}.md": rule_page(r, titles) for r in chosen}
    written[INDEX] = index_page(chosen)
    return written


def out_of_date(directory: Path, expected: dict[str, str]) -> list[str]:
    """The pages of `directory` that differ from `expected`, are missing, or document no rule
    any more (a markdown file the generator would not write)."""
    present = {p.name for p in directory.glob("*.md")} if directory.is_dir() else set()
    stale = [
        name
        for name, text in expected.items()
        if name not in present or (directory / name).read_text(encoding="utf-8") != text
    ]
    return sorted([*stale, *(present - set(expected))])


def write(directory: Path, expected: dict[str, str]) -> list[str]:
    """Bring `directory` up to date: write the changed pages, remove those of no rule; the
    names of the files changed."""
    changed = out_of_date(directory, expected)
    directory.mkdir(parents=True, exist_ok=True)
    for name in changed:
        if name in expected:
            (directory / name).write_text(expected[name], encoding="utf-8", newline="\n")
        else:
            (directory / name).unlink()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    if len(rest) > 1 or any(a.startswith("-") for a in rest):
        print(f"usage: {COMMAND} [--check] [DIRECTORY (default {RULE_DOCS})]", file=sys.stderr)
        return 2
    directory = Path(rest[0] if rest else RULE_DOCS)
    expected = pages()
    if check:
        stale = out_of_date(directory, expected)
        for name in stale:
            print(f"{directory / name}: out of date; run `{COMMAND}`", file=sys.stderr)
        return 1 if stale else 0
    for name in write(directory, expected):
        print(directory / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
