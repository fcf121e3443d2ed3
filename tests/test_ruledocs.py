"""The rule documentation pages (`docs/rules/`) are the docstrings as they are now, each rule's
reports link its own page, and `phaselint explain` names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, Repo
from phaselint.registry import REPOSITORY_URL, RULE_DOCS, all_rules, rule_url
from phaselint.ruledocs import COMMAND, INDEX, main, out_of_date, pages

DOCS = ROOT / RULE_DOCS
#: Where the URLs of `rule_url` point: the repository's files on its main branch.
ON_MAIN = f"{REPOSITORY_URL}/blob/main/"
#: The methods by the names their readers know them (every rule but phaselint's own cites one).
METHOD = re.compile(
    r"(?i:phase-based development)|\bPARA\b|release train|spec-kit|czarina"
    r"|stage-gate method|consolidation method"
)


def test_committed_pages_are_what_the_generator_writes() -> None:
    stale = out_of_date(DOCS, pages())
    assert not stale, (
        f"{RULE_DOCS}/ is out of date with the rules' docstrings ({', '.join(stale)}): "
        f"run `{COMMAND}` at the repository's top and commit {RULE_DOCS}/"
    )


def test_every_rule_has_a_page_and_the_index_links_it() -> None:
    index = (DOCS / INDEX).read_text(encoding="utf-8")
    linked = re.findall(r"\]\(([A-Z]{2,3}\d{3})\.md\)", index)
    assert linked == [r.code for r in all_rules()]
    for r in all_rules():
        page = (DOCS / f"{r.code}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {r.code}: `{r.name}`\n")
        assert f"**Default severity**: {r.severity.value}" in page
        assert r.body in page


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_a_page_names_the_method_never_a_seed_number(code: str) -> None:
    page = (DOCS / f"{code}.md").read_text(encoding="utf-8")
    assert not re.search(r"\bseeds?\s+\d", page, re.IGNORECASE)
    assert METHOD.search(page) or code.startswith("PL")


def test_the_generator_writes_checks_and_removes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "rules"
    assert main(["--check", str(folder)]) == 1
    assert f"run `{COMMAND}`" in capsys.readouterr().err
    assert main([str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(pages())
    (folder / "SP009.md").write_text("edited by hand\n", encoding="utf-8")
    (folder / "XX001.md").write_text("a rule that is gone\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "SP009.md: out of date" in err and "XX001.md: out of date" in err
    assert main([str(folder)]) == 0
    assert not (folder / "XX001.md").exists()
    assert main(["--check", str(folder)]) == 0
    assert main(["--no-such-option"]) == 2


def test_a_rule_url_is_its_page_on_main() -> None:
    for r in all_rules():
        url = rule_url(r.code)
        assert url.startswith(ON_MAIN)
        assert (ROOT / url.removeprefix(ON_MAIN)).is_file()


def test_explain_ends_with_the_page(repo: Repo) -> None:
    result = repo.run("explain", "sp009")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"Documentation: {rule_url('SP009')}"
