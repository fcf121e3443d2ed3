"""A small validator for the subset of JSON Schema (draft 2020-12) phaselint's own
configuration schema uses.

phaselint validates its configuration on every run, and a pre-commit hook is a fresh process on
every commit: importing `jsonschema` costs about 80 ms, more than the rest of a one-file run. The
configuration schema therefore sticks to the keywords below, and this module checks them. The
schema file stays the single source of truth; the test suite checks that this validator and
`jsonschema` agree on it and that the schema uses no keyword outside `SUPPORTED`.
JSON read from the methodologies' own files is validated with `jsonschema` itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

#: Keywords this validator enforces.
ASSERTIONS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "minLength",
        "pattern",
        "anyOf",
    }
)
#: Keywords that only annotate.
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
SUPPORTED = ASSERTIONS | ANNOTATIONS

_TYPE_NAMES = {
    "object": "a table",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


class SchemaError(NamedTuple):
    """One violation: where (a path of keys and indexes) and what was expected."""

    path: tuple[str | int, ...]
    message: str

    def dotted(self, prefix: str = "") -> str:
        """The path as TOML readers write it: `phases.statuses[2]`, `severity."PH0"`."""
        text = prefix
        for part in self.path:
            if isinstance(part, int):
                text += f"[{part}]"
                continue
            name = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part)
            text = f"{text}.{name}" if text else name
        return text or "(top level)"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in `schemas/` (and inside the installed package)."""
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _is_type(value: object, expected: str) -> bool:
    actual = type_of(value)
    return actual == expected or (expected == "number" and actual == "integer")


def _show(value: object) -> str:
    from phaselint.textutil import brief

    return brief(json.dumps(value, default=str, ensure_ascii=False))


def validate(instance: object, schema: Mapping[str, Any]) -> list[SchemaError]:
    """All violations of `schema` by `instance`, most specific first."""
    return list(_validate(instance, schema, schema, ()))


def _resolve(root: Mapping[str, Any], reference: str) -> Mapping[str, Any]:
    if not reference.startswith("#/"):
        raise ValueError(f"only local references are supported, not {reference}")
    node: Any = root
    for part in reference[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node  # type: ignore[no-any-return]


def _validate(
    value: object, schema: Mapping[str, Any], root: Mapping[str, Any], path: tuple[str | int, ...]
) -> Iterator[SchemaError]:
    if "$ref" in schema:
        yield from _validate(value, _resolve(root, schema["$ref"]), root, path)
    if "anyOf" in schema:
        branches = [list(_validate(value, branch, root, path)) for branch in schema["anyOf"]]
        if all(branches):
            yield SchemaError(path, _describe_any_of(value, schema["anyOf"], root))
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else list(expected)
        if not any(_is_type(value, name) for name in names):
            wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
            actual = _TYPE_NAMES.get(type_of(value), type_of(value))
            yield SchemaError(path, f"expected {wanted}, got {actual} {_show(value)}")
            return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(f"`{choice}`" for choice in schema["enum"])
        yield SchemaError(path, f"expected one of {choices}, got {_show(value)}")
    if "const" in schema and value != schema["const"]:
        yield SchemaError(path, f"expected {_show(schema['const'])}, got {_show(value)}")
    if isinstance(value, str):
        yield from _validate_string(value, schema, path)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield from _validate_number(value, schema, path)
    elif isinstance(value, (list, tuple)):
        yield from _validate_array(value, schema, root, path)
    elif isinstance(value, Mapping):
        yield from _validate_object(value, schema, root, path)


def _describe_any_of(value: object, branches: list[Any], root: Mapping[str, Any]) -> str:
    kinds = []
    for branch in branches:
        resolved = _resolve(root, branch["$ref"]) if "$ref" in branch else branch
        described = resolved.get("description") or resolved.get("type") or "another form"
        kinds.append(str(described))
    return f"{_show(value)} matches none of: " + "; ".join(kinds)


def _validate_string(
    value: str, schema: Mapping[str, Any], path: tuple[str | int, ...]
) -> Iterator[SchemaError]:
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield SchemaError(path, f"expected at least {schema['minLength']} characters")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        hint = schema.get("description", f"text matching `{schema['pattern']}`")
        yield SchemaError(path, f"{_show(value)} is not valid: expected {hint}")


def _validate_number(
    value: float, schema: Mapping[str, Any], path: tuple[str | int, ...]
) -> Iterator[SchemaError]:
    if "minimum" in schema and value < schema["minimum"]:
        yield SchemaError(path, f"expected a value of at least {schema['minimum']}, got {value}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        yield SchemaError(path, f"expected a value above {schema['exclusiveMinimum']}, got {value}")
    if "maximum" in schema and value > schema["maximum"]:
        yield SchemaError(path, f"expected a value of at most {schema['maximum']}, got {value}")


def _validate_array(
    value: list[Any] | tuple[Any, ...],
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    path: tuple[str | int, ...],
) -> Iterator[SchemaError]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield SchemaError(path, f"expected at least {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield SchemaError(path, f"expected at most {schema['maxItems']} items")
    if schema.get("uniqueItems"):
        seen: list[object] = []
        for item in value:
            if item in seen:
                yield SchemaError(path, f"{_show(item)} is listed twice")
                break
            seen.append(item)
    if "items" in schema:
        for index, item in enumerate(value):
            yield from _validate(item, schema["items"], root, (*path, index))


def _validate_object(
    value: Mapping[str, Any],
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    path: tuple[str | int, ...],
) -> Iterator[SchemaError]:
    for name in schema.get("required", ()):
        if name not in value:
            yield SchemaError(path, f"the required key `{name}` is missing")
    properties: Mapping[str, Any] = schema.get("properties", {})
    patterns: Mapping[str, Any] = schema.get("patternProperties", {})
    additional = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key, item in value.items():
        if names is not None:
            for error in _validate(key, names, root, (*path, key)):
                yield SchemaError(error.path, f"the key `{key}` is not valid: {error.message}")
        matched = False
        if key in properties:
            matched = True
            yield from _validate(item, properties[key], root, (*path, key))
        for pattern, subschema in patterns.items():
            if re.search(pattern, key):
                matched = True
                yield from _validate(item, subschema, root, (*path, key))
        if matched:
            continue
        if additional is False:
            from phaselint.textutil import did_you_mean

            hint = did_you_mean(key, list(properties))
            yield SchemaError((*path, key), f"unknown key `{key}`{hint}")
        elif isinstance(additional, Mapping):
            yield from _validate(item, additional, root, (*path, key))


def unsupported_keywords(schema: object, where: str = "#") -> Iterator[str]:
    """Keywords in `schema` outside `SUPPORTED` (used by the tests to keep the subset honest)."""
    if isinstance(schema, Mapping):
        for key, value in schema.items():
            if key not in SUPPORTED:
                yield f"{where}/{key}"
            if key in ("properties", "patternProperties", "$defs"):
                for name, subschema in value.items():
                    yield from unsupported_keywords(subschema, f"{where}/{key}/{name}")
            elif key in ("items", "additionalProperties", "propertyNames"):
                yield from unsupported_keywords(value, f"{where}/{key}")
            elif key == "anyOf":
                for index, subschema in enumerate(value):
                    yield from unsupported_keywords(subschema, f"{where}/anyOf/{index}")
