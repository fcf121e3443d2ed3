"""The `phaselint` program: the hook's common invocations without click, the rest with it.

The pre-commit hook starts phaselint as a fresh process on every commit, and importing click
costs about as much as a one-file lint does. `phaselint check` with paths and the options of
`CHECK_OPTIONS`, written plainly (`--staged`, `--format json`, `--select=SP`), is read here and
run at once; anything else — another command, `--help`, a short-option cluster (`-qv`), `-`
for standard input, a value that is not one of an option's choices, a mistake — goes to the
click command line (`phaselint.cli`), which parses, explains and refuses as it always has. Both
call the same `phaselint.checking.run_check`, and a test holds the table to click's options.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple


class Option(NamedTuple):
    """One option of `phaselint check`: its spellings, the parameter it sets, and what it
    takes — nothing (a flag), one value, or one value each time it is given (`multiple`)."""

    names: tuple[str, ...]
    dest: str
    takes_value: bool = False
    multiple: bool = False
    choices: tuple[str, ...] = ()
    is_path: bool = False


CHECK_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--format",),
        "output_format",
        True,
        choices=("text", "concise", "full", "json", "github", "sarif", "junit", "gitlab"),
    ),
    Option(("--select",), "select", True, multiple=True),
    Option(("--extend-select",), "extend_select", True, multiple=True),
    Option(("--ignore",), "ignore", True, multiple=True),
    Option(("--strict",), "strict"),
    Option(("--config",), "config_file", True, is_path=True),
    Option(("--exit-zero",), "exit_zero"),
    Option(("--fix",), "fix"),
    Option(("--diff",), "show_diff"),
    Option(("--unsafe-fixes",), "unsafe_fixes"),
    Option(("--statistics",), "statistics"),
    Option(("-q", "--quiet"), "quiet"),
    Option(("-v", "--verbose"), "verbose"),
    Option(("--color",), "color", True, choices=("auto", "always", "never")),
    Option(("--output-file", "-o"), "output_file", True, is_path=True),
    Option(("--staged",), "staged"),
    Option(("--diff-base",), "diff_base", True),
    Option(("--baseline",), "baseline_file", True, is_path=True),
    Option(("--no-baseline",), "no_baseline"),
    Option(("--stdin-filename",), "stdin_filename", True, is_path=True),
    Option(("--no-cache",), "no_cache"),
)

#: What `run_check` is given for an option not on the command line.
DEFAULTS: dict[str, Any] = {
    option.dest: ()
    if option.multiple
    else ("auto" if option.dest == "color" else (None if option.takes_value else False))
    for option in CHECK_OPTIONS
}

_BY_NAME = {name: option for option in CHECK_OPTIONS for name in option.names}


def parse_check(words: Sequence[str]) -> dict[str, Any] | None:
    """`run_check`'s parameters for `phaselint check WORDS`, or None when click should read
    them (anything not plainly one of `CHECK_OPTIONS` or a path)."""
    params: dict[str, Any] = dict(DEFAULTS)
    paths: list[Path] = []
    index, options_end = 0, False
    while index < len(words):
        word = words[index]
        index += 1
        if options_end or not word.startswith("-"):
            if not word:
                return None  # an empty path: click's to refuse
            paths.append(Path(word))
            continue
        if word == "--":
            options_end = True
            continue
        name, equals, value = word.partition("=")
        option = _BY_NAME.get(name)
        if option is None or (equals and not name.startswith("--")):
            return None  # unknown, `-h`, `-qv`, `-`, `-o=x`: click's to read
        if not option.takes_value:
            if equals:
                return None  # `--strict=yes`: click's to refuse
            params[option.dest] = True
            continue
        if not equals:
            if index == len(words):
                return None  # the value is missing: click says so
            value = words[index]
            index += 1
        if option.choices and value not in option.choices:
            return None  # click names the choices
        converted: Any = Path(value) if option.is_path else value
        if option.multiple:
            params[option.dest] = (*params[option.dest], converted)
        else:
            params[option.dest] = converted
    params["paths"] = tuple(paths)
    return params


def main(argv: Sequence[str] | None = None) -> None:
    """Run `phaselint` with `argv` (default: the process's arguments)."""
    words = list(sys.argv[1:] if argv is None else argv)
    params = parse_check(words[1:]) if words[:1] == ["check"] else None
    if params is None:
        from phaselint.cli import main as click_main

        click_main(args=words, prog_name="phaselint")
        return
    from phaselint.checking import _fail, _stdout_broken, run_check

    try:
        run_check(**params)
    except OSError as error:  # only output fails this way; `run_check` catches all else
        _stdout_broken(error)
    except KeyboardInterrupt:
        _fail("interrupted")


if __name__ == "__main__":  # pragma: no cover
    main()
