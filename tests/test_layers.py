"""The layout DESIGN.md describes holds: packages import only from the layers below them,
no module imports another in a circle, `generator/` keeps few modules at its top and no
module grows past 450 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"
# Lowest first; a part may import itself and every part of a lower layer only.
LAYERS: list[set[str]] = [
    {"errors", "lifetime", "__init__", "text"},
    {"files", "model"},
    {"sources"},
    {"view"},
    {"loaded"},
    {"compose", "writers", "cycle"},
    {"api", "stamps"},
    {"batch", "compare", "preview", "project"},
    {"importing"},
    {"web"},  # zv web builds on the preview's server and the project's status rows
    {"cli"},
]


def _modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = file
    return found


def _imports(name: str, file: Path, known: set[str], when_loaded: bool = False) -> set[str]:
    """The modules of zv that `name` imports: anywhere in the file, or (`when_loaded`)
    those its loading runs, not the ones imported inside functions when called."""
    is_package = file.name == "__init__.py"
    tree = ast.parse(file.read_text(encoding="utf-8"))
    nodes = ([n for top in tree.body if not isinstance(top, ast.FunctionDef | ast.ClassDef)
              for n in ast.walk(top)] if when_loaded else list(ast.walk(tree)))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                out.add(full if full in known else target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in known and m != name}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(part: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


def test_every_part_has_a_layer_and_imports_only_below() -> None:
    modules = _modules()
    wrong = []
    for name, file in modules.items():
        part = _part(name)
        for target in _imports(name, file, set(modules)):
            other = _part(target)
            if other != part and _layer(other) >= _layer(part):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_no_module_imports_another_in_a_circle() -> None:
    modules = _modules()
    graph = {name: _imports(name, file, set(modules), when_loaded=True)
             for name, file in modules.items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_the_top_of_generator_stays_small_and_modules_short() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}
