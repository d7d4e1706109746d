"""The package's floors (docs/dev/architecture.md), checked on every import, function-local ones included.

Each module of ``generator`` sits on a floor and may import only modules on its own floor or
below; the imports form no cycle; no function is longer than 50 lines and no module longer than
500, so every rule keeps one small home.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

#: Floors from the ground up. A module not listed here fails the test: place it when you add it.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("vocab", "diagnostics", "messages", "errors", "clock", "urls"),
    ("fold", "keyboard", "pii", "scalars", "schema", "text"),
    ("yamlio", "schemaerrors", "parameters", "policymerge", "privacy", "screening", "activities", "reporters"),
    ("repofs", "ledger", "recordfile", "recordcodec", "inventory", "parsecache", "outputcache", "checkcache", "recordstore", "reviewfiles", "loadstate", "loader",
     "gitinfo", "gitdiff", "periods"),
    ("roster", "disclosure", "facts", "rights", "codeowners"),
    ("validate", "compliance", "snapshot"),
    ("pipeline", "runcache"),
    ("public", "review", "scaffold"),
    ("exports",),
    ("site",),
    ("builder", "serve", "schemadoc", "clizh", "clibase", "cliexport"),
    ("cli", "refdocs", "__main__", "__init__"),
)
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}
MAX_FUNCTION = 50
MAX_MODULE = 500


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield ".".join(parts), path


def floor_of(module: str) -> int:
    return FLOOR[module.split(".")[0]]


def imports(module: str, path: Path) -> Iterator[str]:
    """Every generator module ``module`` imports, wherever in the file the import statement is."""
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [f"{target}.{a.name}" if target else a.name for a in node.names]
            yield from (n for n in [target, *names] if _is_module(n))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for name in ([node.module] if isinstance(node, ast.ImportFrom) and node.module else
                         [a.name for a in node.names]):
                if name.startswith("generator."):
                    yield name.removeprefix("generator.")


def _is_module(name: str) -> bool:
    if not name:
        return False
    rel = Path(*name.split("."))
    return (PACKAGE / rel.with_suffix(".py")).is_file() or (PACKAGE / rel / "__init__.py").is_file()


GRAPH = {m: sorted(set(imports(m, p)) - {m}) for m, p in modules()}


def test_every_module_has_a_floor() -> None:
    assert sorted(m for m in GRAPH if m.split(".")[0] not in FLOOR) == []


def test_no_module_imports_one_above_it() -> None:
    upward = [f"{m} -> {t}" for m, targets in GRAPH.items() for t in targets if floor_of(t) > floor_of(m)]
    assert upward == []


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for t in GRAPH.get(m, []):
            if state.get(t) == 1:
                cycles.append(" -> ".join([*trail[trail.index(t):], t]))
            elif t not in state:
                visit(t, [*trail, t])
        state[m] = 2

    for m in GRAPH:
        if m not in state:
            visit(m, [m])
    assert cycles == []


@pytest.mark.parametrize(("low", "high"), [("public", "site"), ("pipeline", "public"), ("compliance", "validate"),
                                           ("roster", "validate"), ("privacy", "site")])
def test_layers_that_must_not_meet(low: str, high: str) -> None:
    assert [f"{m} -> {t}" for m, ts in GRAPH.items() if m.split(".")[0] == low
            for t in ts if t.split(".")[0] == high] == []


def test_small_functions_and_modules() -> None:
    long_functions, long_modules = [], []
    for module, path in modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE:
            long_modules.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION:
                    long_functions.append(f"{module}.{node.name}: {size} lines")
    assert (long_modules, long_functions) == ([], [])
