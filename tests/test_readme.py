"""The README stays true: its rule table is the generated one, its configuration reference
names every key of the schema, its commands are what CI runs."""

from __future__ import annotations

import re

from conftest import ROOT
from phaselint.registry import all_rules
from phaselint.ruledocs import rules_table
from phaselint.schema import load_schema

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_generated_from_the_rules() -> None:
    table = README.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rules_table(all_rules())


def test_configuration_reference_names_every_key() -> None:
    schema = load_schema("phaselint-config.schema.json")
    keys = set(schema["properties"])
    for definition in schema["$defs"].values():
        if definition.get("type") == "object" and "properties" in definition:
            keys.update(definition["properties"])
    missing = sorted(key for key in keys if f"`{key}`" not in README and f"{key} =" not in README)
    assert missing == []


def test_the_two_commands_and_ci() -> None:
    commands = re.findall(r"^python3 -m venv .*$", README, re.MULTILINE)
    assert len(commands) == 2
    assert "phaselint check" in commands[0] and "examples/" in commands[0]
    assert commands[1].endswith(".venv/bin/python -m pytest")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert '-m pip install --quiet --disable-pip-version-check -e ".[test]"' in ci
    assert '"$venv/bin/python" -m pytest' in ci


def test_the_pins_agree_with_the_version() -> None:
    """The pre-commit snippet's `rev`, the workflow's `uses:` and the changelog's release all
    name this version, the tag `v{__version__}`."""
    from phaselint import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"rev: (v[\d.]+)", readme)) == {f"v{__version__}"}
    assert set(re.findall(r"phaselint/phaselint@(v[\d.]+)", readme)) == {f"v{__version__}"}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog
