"""Configuration: discovery, validation (exit 2 naming the key), options and their defaults."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import PHASE_DOC, Repo
from phaselint.budget import parse_quantity
from phaselint.calendar import CalendarOptions
from phaselint.clarification import ClarificationOptions
from phaselint.config import Config, ConfigError, Options, build_config, parse_size
from phaselint.methods.czarina import CzarinaOptions
from phaselint.methods.para import ParaOptions
from phaselint.methods.phases import PhaseOptions
from phaselint.methods.specs import SpecOptions
from phaselint.methods.stages import StageOptions
from phaselint.schema import load_schema, unsupported_keywords, validate

SCHEMA = load_schema("phaselint-config.schema.json")
OPTION_CLASSES: list[type[Options]] = [
    PhaseOptions,
    CalendarOptions,
    ClarificationOptions,
    SpecOptions,
    ParaOptions,
    StageOptions,
    CzarinaOptions,
]
DOC = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR = PHASE_DOC.replace("# V1.2.0 - Phase 1: Foundation", "# V1.2.0 - Phase 1: Week 1")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pyproject.toml", '[tool.phaselint]\nignore = ["CAL001"]\n'),
        ("phaselint.toml", 'ignore = ["CAL001"]\n'),
        (".phaselint.toml", 'ignore = ["CAL001"]\n'),
    ],
)
def test_config_files_are_found(repo: Repo, name: str, content: str) -> None:
    repo.write(DOC, CALENDAR)
    assert repo.check().found("CAL001") == [("CAL001", DOC, 1, 21)], name
    repo.write(name, content)
    assert repo.check().found("CAL001") == []


def test_phaselint_toml_wins_over_pyproject(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("pyproject.toml", '[tool.phaselint]\nignore = ["CAL001"]\n')
    repo.write("phaselint.toml", "ignore = []\n")
    assert repo.check().found("CAL001") == [("CAL001", DOC, 1, 21)]


def test_pyproject_without_table_is_not_a_config(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("pyproject.toml", '[project]\nname = "x"\n')
    result = repo.check("-v")
    assert "none found (defaults)" in result.stderr


def test_explicit_config(repo: Repo, tmp_path: Path) -> None:
    repo.write(DOC, CALENDAR)
    config = tmp_path / "custom.toml"
    config.write_text('ignore = ["CAL"]\n')
    assert repo.check("--config", str(config)).found("CAL001") == []
    missing = repo.check("--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2
    assert "configuration file not found" in missing.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[tool.phaselint]\nselct = ["CAL"]\n',
            "pyproject.toml: tool.phaselint.selct: unknown key `selct` (did you mean `select`?)",
        ),
        (
            '[tool.phaselint]\nselect = "CAL"\n',
            "pyproject.toml: tool.phaselint.select: expected a list, got a string",
        ),
        (
            "[tool.phaselint.phases]\nmax-budget = true\n",
            "tool.phaselint.phases.max-budget: expected an integer or a string, got a boolean",
        ),
        (
            '[tool.phaselint.severity]\nCAL001 = "fatal"\n',
            "tool.phaselint.severity.CAL001: expected one of `error`, `warning`",
        ),
        (
            '[tool.phaselint]\nmethodologies = ["scrum"]\n',
            "tool.phaselint.methodologies[0]: expected one of `phases`",
        ),
        (
            "[tool.phaselint.phases]\nstatuses = [1]\n",
            "tool.phaselint.phases.statuses[0]: expected a string, got an integer",
        ),
        (
            '[tool.phaselint]\nselect = ["XYZ9"]\n',
            "pyproject.toml: select: unknown rule code or prefix `XYZ9`",
        ),
        ("[tool.phaselint\n", "pyproject.toml: invalid TOML"),
    ],
)
def test_bad_configuration_exits_2_naming_the_key(repo: Repo, content: str, expected: str) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write("pyproject.toml", content)
    result = repo.check()
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.startswith("phaselint: error: ")
    assert "Traceback" not in result.stderr


def test_options_reach_the_rules(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC.replace("**Status**: In Progress", "**Status**: Shipping"))
    assert repo.check("--select", "PH005").found("PH005") == [("PH005", DOC, 3, 13)]
    repo.write("phaselint.toml", '[phases]\nstatus-aliases = { Shipping = "In Progress" }\n')
    assert repo.check("--select", "PH005").found() == []


def test_methodologies_can_be_configured(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("phaselint.toml", 'methodologies = ["specs"]\n')
    result = repo.check("-v")
    assert result.found() == []
    assert "phases: not used" in result.stderr


def test_max_file_size(repo: Repo) -> None:
    repo.write(DOC, PHASE_DOC)
    repo.write("phaselint.toml", 'max-file-size = "100B"\n')
    result = repo.check()
    assert result.found() == [("PL001", DOC, 1, 1)]
    assert "over the 100-byte limit" in result.messages("PL001")[0]


def test_exclude(repo: Repo) -> None:
    repo.write(DOC, CALENDAR)
    repo.write("phaselint.toml", 'exclude = ["docs/development/**"]\n')
    assert repo.check().found() == []


def test_parse_size() -> None:
    assert parse_size("2MB") == 2 * 1024 * 1024
    assert parse_size("512 KiB") == 512 * 1024
    assert parse_size("100B") == 100
    assert parse_size(4096) == 4096
    with pytest.raises(ValueError):
        parse_size("lots")


def test_build_config_direct() -> None:
    config = build_config({"select": ["CAL"], "severity": {"ph0": "warning"}}, None)
    assert config.select == ("CAL",)
    assert config.severity_of("PH006", config.severity[0][1]).value == "warning"
    with pytest.raises(ConfigError):
        build_config({"ignore": [3]}, None)


def test_schema_uses_only_what_the_fast_validator_enforces() -> None:
    assert list(unsupported_keywords(SCHEMA)) == []


GOOD_CONFIGS: list[dict[str, Any]] = [
    {},
    {"select": ["ALL"], "ignore": ["PH009"], "extend-select": ["CLR"]},
    {"per-file-ignores": {"docs/archive/**": ["PH011", "CAL"]}, "severity": {"PH": "warning"}},
    {
        "max-file-size": "2MB",
        "exclude": ["vendor/**"],
        "strict": True,
        "roadmap": ["docs/ROADMAP.md"],
    },
    {
        "phases": {
            "max-budget": 3000000,
            "statuses": ["Planned", "Complete"],
            "arithmetic-tolerance": 2.5,
        }
    },
    {"calendar": {"period-words": ["week"]}, "clarification": {"markers": ["TBD"]}},
    {
        "specs": {"specs-dir": "features", "stages": ["draft", "done"]},
        "czarina": {"phases-dir": "x"},
    },
    {"para": {"context-file": "ctx.md"}, "methodologies": ["phases", "para"]},
    {"cache-dir": "build/phaselint-cache"},
]
BAD_CONFIGS: list[dict[str, Any]] = [
    {"select": "ALL"},
    {"select": ["not a code!"]},
    {"unknown": 1},
    {"per-file-ignores": {"x": "CAL"}},
    {"severity": {"CAL001": "info"}},
    {"severity": {"bad key!": "error"}},
    {"max-file-size": 0},
    {"max-file-size": "big"},
    {"max-file-size": True},
    {"strict": "yes"},
    {"phases": {"max-budget": "lots"}},
    {"phases": {"file-pattern": "PHASE.md"}},
    {"phases": {"arithmetic-tolerance": 200}},
    {"phases": {"nope": 1}},
    {"specs": {"stages": ["only-one"]}},
    {"methodologies": ["phases", "phases"]},
    {"exclude": [""]},
    {"cache-dir": ""},
    {"cache-dir": 3},
]


@pytest.mark.parametrize("config", GOOD_CONFIGS + BAD_CONFIGS)
def test_fast_validator_agrees_with_jsonschema(config: dict[str, Any]) -> None:
    reference = jsonschema.Draft202012Validator(SCHEMA)
    assert (not list(reference.iter_errors(config))) == (not validate(config, SCHEMA))
    assert (config in GOOD_CONFIGS) == (not validate(config, SCHEMA))


def _schema_defaults(section: str) -> dict[str, Any]:
    definition = SCHEMA["$defs"][section]
    defaults = {}
    for key, spec in definition["properties"].items():
        default = spec.get("default")
        if default is None and "$ref" in spec:
            default = SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[-1]].get("default")
        defaults[key] = default
    return defaults


@pytest.mark.parametrize("kind", OPTION_CLASSES)
def test_option_defaults_match_the_schema(kind: type[Options]) -> None:
    """The schema documents every option with its default; the code uses the same default."""
    defaults = _schema_defaults(kind.section)
    instance = kind()
    fields = {f.name.replace("_", "-"): getattr(instance, f.name) for f in dataclasses.fields(kind)}
    assert set(fields) == set(defaults)
    for key, value in fields.items():
        expected = defaults[key]
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, dict) or hasattr(value, "items"):
            value = dict(value)
        assert value == expected, key


def test_top_level_defaults_match_the_schema() -> None:
    config = Config()
    properties = SCHEMA["properties"]
    assert list(config.select) == properties["select"]["default"]
    assert list(config.roadmap) == properties["roadmap"]["default"]
    assert config.max_file_size == parse_size(properties["max-file-size"]["default"])
    assert config.strict is properties["strict"]["default"]
    assert parse_quantity(PhaseOptions().max_budget) == 2_000_000


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert json.loads(json.dumps(SCHEMA)) == SCHEMA


def test_nearest_configuration_marks_the_project_root(repo: Repo) -> None:
    """A folder with its own phaselint.toml is linted as a project of its own, as the
    examples are (`cd examples/phases-ok && phaselint check`)."""
    repo.write("examples/demo/phaselint.toml", "# demo project\n")
    repo.write(f"examples/demo/{DOC}", CALENDAR)
    repo.write(DOC, PHASE_DOC)
    top = repo.check()
    assert top.found() == []
    repo.monkeypatch.chdir(repo.path / "examples/demo/docs")
    from click.testing import CliRunner

    from phaselint.cli import main

    inside = CliRunner().invoke(main, ["check", "--format", "json"])
    diagnostics = json.loads(inside.stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["line"]) for d in diagnostics] == [("CAL001", DOC, 1)]


def test_globs_with_classes_and_alternatives(repo: Repo) -> None:
    bad = PHASE_DOC.replace("Foundation", "Week 1")
    for version in ("1.2.0", "1.3.0", "1.4.0"):
        repo.write(f"docs/development/V{version}_PHASE_1.md", bad.replace("V1.2.0", f"V{version}"))
    repo.write("phaselint.toml", 'exclude = ["docs/development/V1.[23].0_*.{md,txt}"]\n')
    found = {d[1] for d in repo.check().found()}
    assert found == {"docs/development/V1.4.0_PHASE_1.md"}


def test_a_negated_glob_is_a_configuration_error(repo: Repo) -> None:
    repo.write("phaselint.toml", 'exclude = ["!docs/keep.md"]\n')
    result = repo.check()
    assert result.exit_code == 2
    assert "exclude: '!docs/keep.md': a negated pattern is not supported" in result.stderr
