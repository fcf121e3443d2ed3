"""Validating the methods' JSON against their schemas with `jsonschema` (imported only when a
run meets such JSON), and describing each error in a sentence a diagnostic can carry."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from phaselint.jsonpos import JsonPath


class SchemaProblem(NamedTuple):
    """One way a value breaks its schema: where (a JSON path) and what is wrong."""

    path: JsonPath
    message: str
    instance: object


@cache
def _validator(name: str) -> Any:
    import jsonschema

    from phaselint.schema import load_schema

    return jsonschema.Draft202012Validator(
        load_schema(name), format_checker=jsonschema.FormatChecker()
    )


def schema_problems(value: object, schema: str, *, formats: bool = True) -> list[SchemaProblem]:
    """Every error of `value` against the schema file `schema` of `schemas/`; without
    `formats`, format errors (timestamps …) are left to a rule of their own."""
    problems = []
    for error in _validator(schema).iter_errors(value):
        if error.validator == "format" and not formats:
            continue
        problems.append(SchemaProblem(tuple(error.absolute_path), describe(error), error.instance))
    return problems


def show(value: object) -> str:
    """A value as JSON, shortened."""
    from phaselint.textutil import brief

    return brief(json.dumps(value, ensure_ascii=False))


def describe(error: Any) -> str:
    """A jsonschema error in one sentence."""
    from phaselint.schema import type_of

    kind, value = error.validator, error.instance
    if kind == "required":
        message = str(error.message)
        missing = message.split("'")[1] if "'" in message else "a key"
        return f"the required key `{missing}` is missing"
    if kind == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return f"expected {wanted}, got {type_of(value)}"
    if kind == "enum":
        return f"{show(value)} is not one of " + ", ".join(str(v) for v in error.validator_value)
    if kind == "minimum":
        return f"{show(value)} is below the minimum, {error.validator_value}"
    if kind == "minLength":
        return "is empty"
    if kind == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if kind == "format":
        return f"{show(value)} is not a valid {error.validator_value}"
    return str(error.message)
