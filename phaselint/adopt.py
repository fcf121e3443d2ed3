"""`phaselint init`: from an existing repository to a green gate in one command.

It looks at the repository as `phaselint check` does (the methods detected, where their
documents actually are), writes the configuration with only what differs from the defaults,
adds the pre-commit hook pinned to the installed version, and — on request — the GitHub
workflow and a baseline of today's diagnostics. It never overwrites: a configuration, hook or
workflow already there is left as it is, and it says so. Run twice, it changes nothing. In a
spec-kit project it says how to install the spec-kit extension that makes phaselint the
workflow's gate (it installs nothing itself: that is `specify`'s job).
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from phaselint import __version__

if TYPE_CHECKING:
    from phaselint.project import Project

HOOKS_REPOSITORY = "https://github.com/phaselint/phaselint"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/phaselint.yml"
BASELINE = ".phaselint-baseline.json"
#: The manifest of the spec-kit extension, once `specify extension add` has installed it.
SPECKIT_INSTALLED = ".specify/extensions/phaselint/extension.yml"


@dataclass
class Plan:
    """What init will write: per file, its new content (None: left as it is) and a line to
    say about it."""

    writes: dict[str, str] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)
    baseline: str | None = None


def settings(project: Project) -> list[tuple[str, str, str]]:
    """The configuration that differs from the defaults, as (table, key = value, why): the
    spec trees where they are, a roadmap that is not where the defaults look."""
    from phaselint.methods.specs import SpecOptions, spec_folders

    found: list[tuple[str, str, str]] = []
    options = project.config.options(SpecOptions)
    roots: dict[str, int] = {}
    for folder in spec_folders(project):
        parts = folder.split("/")
        index = max((i for i, part in enumerate(parts[:-1]) if part == "specs"), default=-1)
        root = "/".join(parts[: index + 1]) if index >= 0 else folder.rsplit("/", 1)[0]
        roots[root] = roots.get(root, 0) + 1
    if roots and options.specs_dir.strip("/") not in roots:
        main = max(sorted(roots), key=lambda root: roots[root])
        others = ", ".join(sorted(r for r in roots if r != main))
        why = f"{roots[main]} spec folder(s) found there" + (f" (also: {others})" if others else "")
        found.append(("specs", f'specs-dir = "{main}"', why))
    if project.roadmap is None:
        nested = sorted(
            path for path in project.files if path.rsplit("/", 1)[-1].casefold() == "roadmap.md"
        )
        if nested:
            shown = ", ".join(f'"{path}"' for path in nested[:3])
            found.append(("", f"roadmap = [{shown}]", "the roadmap is not at ROADMAP.md"))
    return found


def configuration_text(
    found: list[tuple[str, str, str]], methods: list[str], *, prefix: str, baseline: str | None
) -> str:
    """A commented configuration holding `found` (tables under `prefix`, `tool.phaselint` in
    pyproject.toml)."""
    detected = ", ".join(methods) if methods else "none yet (the defaults apply)"
    lines = [
        f"# phaselint {__version__}: written by `phaselint init`. Methods detected: {detected}.",
        "# Only what differs from the defaults is here; see the README's Configuration section.",
    ]
    if prefix:
        lines.append(f"[{prefix}]")
    if baseline:
        lines += [
            "# Diagnostics recorded by `phaselint baseline` are not reported.",
            f'baseline = "{baseline}"',
        ]
    for table, setting, why in found:
        if not table:
            lines += [f"# {why}", setting]
    for table in sorted({t for t, _, _ in found if t}):
        name = f"{prefix}.{table}" if prefix else table
        lines += ["", f"[{name}]"]
        for owner, setting, why in found:
            if owner == table:
                lines += [f"# {why}", setting]
    return "\n".join(lines) + "\n"


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_REPO_ITEM = re.compile(r"^(\s*)-\s+repo:")


def pre_commit_text(existing: str | None) -> str | None:
    """`.pre-commit-config.yaml` with the phaselint hook added, or None when it has it."""
    block = [
        f"- repo: {HOOKS_REPOSITORY}",
        f"  rev: v{__version__}",
        "  hooks:",
        "    - id: phaselint",
    ]
    if existing is None or not existing.strip():
        return "repos:\n" + "".join(f"  {line}\n" for line in block)
    if re.search(r"\bphaselint/phaselint\b|^\s*-\s*id:\s*phaselint\s*$", existing, re.M):
        return None
    lines = existing.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"^repos\s*:", line)), None)
    if start is None:
        text = existing if existing.endswith("\n") else existing + "\n"
        return text + "repos:\n" + "".join(f"  {line}\n" for line in block)
    end = len(lines)
    for index in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[index]):
            end = index
            break
    indent = next(
        (m.group(1) for line in lines[start + 1 : end] if (m := _REPO_ITEM.match(line))), "  "
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # after the last item, before the blank lines
    added = [indent + line for line in block]
    return "\n".join([*lines[:end], *added, *lines[end:]]) + "\n"


def workflow_text() -> str:
    return f"""# Written by `phaselint init --github`: lint every pull request and push to main.
name: phaselint

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  phaselint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the change is measured from the merge base, commit by commit
      - uses: phaselint/phaselint@v{__version__}
"""


def plan(root: Path, project: Project, *, github: bool, baseline: bool) -> Plan:
    """What init writes in the repository at `root` (nothing is written here)."""
    result = Plan()
    methods = sorted(project.methodologies)
    found = settings(project)
    pyproject = root / "pyproject.toml"
    config = root / "phaselint.toml"
    configured = _configured(root)
    wanted_baseline = BASELINE if baseline else None
    if configured is not None:
        name, text = configured
        current = project.config.baseline
        if baseline and current is None:
            result.writes[name] = _with_baseline(name, text, BASELINE)
            result.said.append(
                f'{name}: added `baseline = "{BASELINE}"`; its other keys left as they are'
            )
        else:
            result.said.append(f"{name}: already configures phaselint; left as it is")
        result.baseline = (current or BASELINE) if baseline else None
    elif pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        addition = configuration_text(
            found, methods, prefix="tool.phaselint", baseline=wanted_baseline
        )
        result.writes["pyproject.toml"] = (
            text + ("" if text.endswith("\n") else "\n") + "\n" + addition
        )
        result.said.append(_described("pyproject.toml: added [tool.phaselint]", found))
        result.baseline = wanted_baseline
    else:
        result.writes[config.name] = configuration_text(
            found, methods, prefix="", baseline=wanted_baseline
        )
        result.said.append(_described("phaselint.toml: written", found))
        result.baseline = wanted_baseline
    hooks = root / PRE_COMMIT_CONFIG
    existing = hooks.read_text(encoding="utf-8") if hooks.is_file() else None
    updated = pre_commit_text(existing)
    if updated is None:
        result.said.append(f"{PRE_COMMIT_CONFIG}: already runs phaselint; left as it is")
    else:
        result.writes[PRE_COMMIT_CONFIG] = updated
        verb = "written" if existing is None else "extended"
        result.said.append(
            f"{PRE_COMMIT_CONFIG}: {verb} with the phaselint hook, pinned to v{__version__}"
        )
    if github:
        if (root / WORKFLOW).exists():
            result.said.append(f"{WORKFLOW}: already there; left as it is")
        else:
            result.writes[WORKFLOW] = workflow_text()
            result.said.append(
                f"{WORKFLOW}: written (the phaselint Action on pull requests and pushes)"
            )
    if (root / ".specify").is_dir():
        result.said.append(speckit_offer(root))
    return result


def speckit_extension() -> Path | None:
    """The spec-kit extension's folder: in the installed package (`phaselint/speckit`, which
    pyproject.toml maps to integrations/spec-kit), else in the source checkout this code runs
    from (integrations/spec-kit itself); None when neither holds it."""
    package = Path(__file__).resolve().parent
    for folder in (package / "speckit", package.parent / "integrations" / "spec-kit"):
        if (folder / "extension.yml").is_file():
            return folder
    return None


_MANIFEST_VERSION = re.compile(r'^\s+version:\s*["\']?([^"\'\s]+)', re.M)


def speckit_offer(root: Path) -> str:
    """What init says in a spec-kit project: the command that installs the extension, or that
    it is installed (and how to update it when it was written for another phaselint)."""
    folder = speckit_extension()
    where = shlex.quote(str(folder)) if folder else "<phaselint's integrations/spec-kit folder>"
    installed = root / SPECKIT_INSTALLED
    if installed.is_file():
        # The manifest's first `version:` is the extension's, which is phaselint's version.
        found = _MANIFEST_VERSION.search(installed.read_text(encoding="utf-8", errors="replace"))
        if found is None or found.group(1) == __version__:
            return "spec-kit: the phaselint extension is installed; left as it is"
        return (
            f"spec-kit: the phaselint extension installed is for phaselint {found.group(1)}, this "
            f"is {__version__}: update it with `specify extension add --dev {where} --force`"
        )
    return (
        "spec-kit found (.specify/): to make phaselint its gate (after /speckit.tasks, before and "
        f"after /speckit.implement), run `specify extension add --dev {where}`"
    )


def _described(what: str, found: list[tuple[str, str, str]]) -> str:
    if not found:
        return f"{what} (the defaults fit this layout)"
    return f"{what} ({'; '.join(setting for _, setting, _ in found)})"


def _configured(root: Path) -> tuple[str, str] | None:
    """The configuration file that already configures phaselint, with its text."""
    for name in ("phaselint.toml", ".phaselint.toml"):
        if (root / name).is_file():
            return name, (root / name).read_text(encoding="utf-8")
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        if "[tool.phaselint" in text:
            return "pyproject.toml", text
    return None


def _with_baseline(name: str, text: str, baseline: str) -> str:
    """The configuration with a top-level `baseline` key added where TOML wants it: before the
    first table (phaselint.toml), or right after `[tool.phaselint]` (pyproject.toml)."""
    line = f'baseline = "{baseline}"'
    lines = text.splitlines()
    if name == "pyproject.toml":
        header = next(
            (i for i, item in enumerate(lines) if item.strip() == "[tool.phaselint]"), None
        )
        if header is None:  # only sub-tables: the top table goes first, with the key
            ending = "" if text.endswith("\n") else "\n"
            return f"{text}{ending}\n[tool.phaselint]\n{line}\n"
        index = header + 1
    else:
        index = next(
            (i for i, item in enumerate(lines) if item.lstrip().startswith("[")), len(lines)
        )
    return "\n".join([*lines[:index], line, *lines[index:]]) + "\n"


def write(root: Path, result: Plan) -> list[str]:
    """Write the plan's files (each through a temporary file, then replaced); the paths."""
    import tempfile

    written = []
    for relative, text in result.writes.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".phaselint-init-", dir=target.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(relative)
    return written
