"""phaselint's modules import one way at load time: no cycle among the imports a module makes
when it loads (type-only imports under `TYPE_CHECKING` and imports inside functions aside), and
the layers below the engine never load what is above them — snapshot and documents, then the
models, the rules, the engine, the command line."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "phaselint"

#: Modules of the bottom layers, and what none of them may load when it loads.
LOWER = (
    "phaselint.lazyre",
    "phaselint.textutil",
    "phaselint.diagnostics",
    "phaselint.snapshot",
    "phaselint.blocks",
    "phaselint.document",
    "phaselint.git",
    "phaselint.globs",
)
UPPER = (
    "phaselint.project",
    "phaselint.registry",
    "phaselint.engine",
    "phaselint.rules",
    "phaselint.reporters",
    "phaselint.checking",
    "phaselint.cli",
    "phaselint.changes",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def load_time_imports() -> dict[str, set[str]]:
    """Each module's phaselint imports at module level, outside `if TYPE_CHECKING:`."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            for sub in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
                if isinstance(sub, ast.ImportFrom) and (sub.module or "").startswith("phaselint"):
                    module = sub.module or ""
                    found.add(module)
                    found.update(
                        f"{module}.{alias.name}"
                        for alias in sub.names
                        if f"{module}.{alias.name}" in modules
                    )
                elif isinstance(sub, ast.Import):
                    found.update(a.name for a in sub.names if a.name.startswith("phaselint."))
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_module_loads_itself_back() -> None:
    graph = load_time_imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_bottom_layers_never_load_what_is_above_them() -> None:
    graph = load_time_imports()
    assert len(graph) > 40  # the package was found
    for lower in LOWER:
        reached, todo = set(), [lower]
        while todo:
            for other in graph[todo.pop()]:
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
        above = sorted(m for m in reached if m.startswith(UPPER))
        assert above == [], f"{lower} loads {above}"
