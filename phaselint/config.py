"""Configuration: where it is found, how it is validated, and the typed options rules read.

phaselint reads, in the repository root, the first of `phaselint.toml`, `.phaselint.toml` and
`pyproject.toml` (its `[tool.phaselint]` table) that exists, or the file `--config` names. The
table is validated against `schemas/phaselint-config.schema.json`; a wrong key or type is a
`ConfigError` naming the file, the key and what was expected (exit status 2).

Option sections (`[tool.phaselint.phases]`, `…calendar`, …) are read through `Options`
subclasses that live beside the code that uses them; their defaults are the catalog's defaults.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from phaselint.diagnostics import Severity
from phaselint.lazyre import lazy_compile

CONFIG_SCHEMA = "phaselint-config.schema.json"
CONFIG_FILES = ("phaselint.toml", ".phaselint.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024

OptionsT = TypeVar("OptionsT", bound="Options")

_SIZE = lazy_compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KkMmGg]i?[Bb]?|[Bb])?\s*$")
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Options:
    """Base of every option section. Subclasses are frozen dataclasses whose fields are the
    section's keys with `-` written as `_`; list values arrive as tuples."""

    section: ClassVar[str] = ""

    @classmethod
    def from_table(cls: type[OptionsT], table: Mapping[str, Any]) -> OptionsT:
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            key = spec.name.replace("_", "-")
            if key in table:
                value = table[key]
                values[spec.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


@dataclass(frozen=True)
class Config:
    """The validated configuration of one run."""

    source: Path | None = None
    methodologies: tuple[str, ...] | None = None
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    roadmap: tuple[str, ...] = ("ROADMAP.md", "docs/ROADMAP.md")
    #: Globs of more planning documents the calendar rules read (`docs/planning/**`).
    planning_docs: tuple[str, ...] = ()
    #: The baseline file `phaselint check` leaves recorded diagnostics out by (project-relative).
    baseline: str | None = None
    strict: bool = False
    #: Where the cache lives (`phaselint.cache`), relative to the project root; None: default.
    cache_dir: str | None = None
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _options: dict[type, Options] = field(default_factory=dict, compare=False, repr=False)

    def options(self, kind: type[OptionsT]) -> OptionsT:
        """The options of one section, defaults filled in."""
        cached = self._options.get(kind)
        if cached is None:
            cached = kind.from_table(self.sections.get(kind.section, {}))
            self._options[kind] = cached
        return cached  # type: ignore[return-value]

    def find_roadmap(
        self, exists: Callable[[str], bool], files: Callable[[], Iterable[str]] = tuple
    ) -> str | None:
        """The first of the configured roadmap files that `exists`; else, among `files`, one
        that is a roadmap in another letter case (`docs/roadmap.md`)."""
        found = next((path for path in self.roadmap if exists(path)), None)
        if found is not None:
            return found
        wanted = {path.casefold(): rank for rank, path in enumerate(self.roadmap)}
        matches = sorted(
            (wanted[path.casefold()], path) for path in files() if path.casefold() in wanted
        )
        return matches[0][1] if matches else None

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The configured severity of `code`: the most specific override, else its default."""
        best: tuple[int, Severity] | None = None
        for selector, level in self.severity:
            if code.startswith(selector) and (best is None or len(selector) > best[0]):
                best = (len(selector), level)
        return best[1] if best else default

    @property
    def display_name(self) -> str:
        return self.source.name if self.source else "defaults"


def parse_size(value: int | str) -> int:
    """Bytes in a size such as `2MB`, `512 KiB` or `1048576`."""
    if isinstance(value, int):
        return value
    match = _SIZE.match(value)
    if match is None:
        raise ValueError(f"not a size: {value!r}")
    number = float(match.group(1))
    unit = (match.group(2) or "").casefold()[:1]
    return int(number * _SIZE_UNITS[unit])


def holds_config(folder: Path) -> bool:
    """Whether `folder` holds a phaselint configuration (cheap: no TOML is parsed)."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if name != "pyproject.toml":
            if candidate.is_file():
                return True
            continue
        try:
            if candidate.is_file() and "[tool.phaselint" in candidate.read_text("utf-8", "replace"):
                return True
        except OSError:
            continue
    return False


def find_config(root: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The configuration file in `root` and its phaselint table, or None."""
    for name in CONFIG_FILES:
        candidate = root / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml":
            return candidate, _read_toml(candidate)
        tool = _read_toml(candidate).get("tool", {})
        if not isinstance(tool, Mapping):
            raise ConfigError(f"{candidate.name}: tool: must be a table, not {type(tool).__name__}")
        table = tool.get("phaselint")
        if table is not None:
            if not isinstance(table, Mapping):
                raise ConfigError(f"{candidate.name}: [tool.phaselint] must be a table")
            return candidate, table
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Find, read and validate the configuration of the repository at `root`."""
    if explicit is not None:
        if not explicit.exists():
            raise ConfigError(f"{explicit}: configuration file not found")
        if not explicit.is_file():
            import os

            if os.path.exists(os.devnull) and explicit.samefile(os.devnull):
                return Config()  # `--config /dev/null`: no configuration, the defaults
            raise ConfigError(f"{explicit}: is not a regular file")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            tool = data.get("tool", {})
            if not isinstance(tool, Mapping):
                raise ConfigError(f"{explicit.name}: tool: must be a table")
            data = tool.get("phaselint", {})
            if not isinstance(data, Mapping):
                raise ConfigError(f"{explicit.name}: [tool.phaselint] must be a table")
        return build_config(data, explicit)
    found = find_config(root)
    if found is None:
        return Config()
    return build_config(found[1], found[0])


def build_config(table: Mapping[str, Any], source: Path | None) -> Config:
    """Validate a phaselint table and turn it into a `Config`."""
    from phaselint.schema import load_schema, validate

    name = source.name if source else "configuration"
    prefix = "tool.phaselint" if source is not None and source.name == "pyproject.toml" else ""
    errors = validate(table, load_schema(CONFIG_SCHEMA))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise ConfigError(f"{name}: {first.dotted(prefix)}: {first.message}{more}")
    _check_values(table, name, prefix)
    for pattern in table.get("per-file-ignores", {}):
        if str(pattern).lstrip().startswith("!"):
            raise ConfigError(
                f"{name}: per-file-ignores: {pattern!r}: a negated pattern is not supported"
            )
    sections = {key: value for key, value in table.items() if isinstance(value, Mapping)}
    ignores = tuple(
        (pattern, tuple(codes)) for pattern, codes in table.get("per-file-ignores", {}).items()
    )
    overrides = tuple(
        (selector.upper(), Severity(level)) for selector, level in table.get("severity", {}).items()
    )
    methodologies = table.get("methodologies")
    return Config(
        source=source,
        methodologies=tuple(methodologies) if methodologies is not None else None,
        select=tuple(table.get("select", ("ALL",))),
        extend_select=tuple(table.get("extend-select", ())),
        ignore=tuple(table.get("ignore", ())),
        per_file_ignores=ignores,
        severity=overrides,
        exclude=tuple(table.get("exclude", ())),
        max_file_size=_file_size(table.get("max-file-size", DEFAULT_MAX_FILE_SIZE), name),
        roadmap=tuple(table.get("roadmap", Config.roadmap)),
        planning_docs=tuple(table.get("planning-docs", ())),
        baseline=table.get("baseline"),
        strict=bool(table.get("strict", False)),
        cache_dir=table.get("cache-dir"),
        sections={k: v for k, v in sections.items() if k not in ("per-file-ignores", "severity")},
    )


#: Keys whose values are globs (see phaselint.globs).
GLOB_KEYS = frozenset({"exclude", "planning-docs"})
#: Option keys whose values are regular expressions, compiled when the configuration loads.
REGEX_KEYS = frozenset({"vague-gates"})
#: The largest `max-file-size`: files past it are not planning documents anyway.
MAX_FILE_SIZE_LIMIT = 1024**3
_PLACEHOLDER = lazy_compile(r"\{([A-Za-z_]+)\}")


def _check_values(table: Mapping[str, Any], name: str, prefix: str) -> None:
    """What the schema cannot say: a name template uses each placeholder once, and regular
    expressions compile. A mistake is a ConfigError naming the file and the key."""
    import re

    stack: list[tuple[str, Any]] = [(prefix, table)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(
                (f"{where}.{key}" if where else str(key), item) for key, item in value.items()
            )
            continue
        items = value if isinstance(value, list) else [value]
        key = where.rsplit(".", 1)[-1]
        for item in items:
            if not isinstance(item, str):
                continue
            seen = _PLACEHOLDER.findall(item)
            twice = next((p for p in seen if seen.count(p) > 1), None)
            if twice is not None:
                raise ConfigError(
                    f"{name}: {where}: placeholder {{{twice}}} appears twice in {item!r}; "
                    "use each placeholder once"
                )
            if key in GLOB_KEYS and item.lstrip().startswith("!"):
                raise ConfigError(
                    f"{name}: {where}: {item!r}: a negated pattern is not supported; list what "
                    "to leave out in `exclude` instead"
                )
            if key in REGEX_KEYS:
                try:
                    re.compile(item)
                except re.error as error:
                    raise ConfigError(
                        f"{name}: {where}: {item!r} is not a regular expression ({error})"
                    ) from None


def _file_size(value: int | str, name: str) -> int:
    try:
        size = parse_size(value)
    except (ValueError, OverflowError):
        raise ConfigError(f"{name}: max-file-size: not a size: {value!r}") from None
    if size > MAX_FILE_SIZE_LIMIT:
        raise ConfigError(f"{name}: max-file-size: {value!r} is more than the limit of 1 GiB")
    return size


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            loaded: dict[str, Any] = tomllib.load(handle)
            return loaded
    except OSError as error:
        raise ConfigError(f"{path.name}: cannot be read ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: invalid TOML: {error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path.name}: is not valid UTF-8") from error
    except RecursionError:
        raise ConfigError(f"{path.name}: invalid TOML: nesting is too deep") from None
