"""Layout hygiene over src/precis: no import cycles, no private name imported across modules.

The graph is built with ``ast`` from every ``import``/``from ... import`` in each module, at top
level and inside functions alike (a function-level import is still a dependency, only a deferred
one); imports under ``if TYPE_CHECKING:`` are left out, as they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "precis"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, skipping ``if TYPE_CHECKING:`` bodies."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module -> precis modules it imports; and every private name imported across modules."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    private: list[str] = []
    for mod, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        aliases: dict[str, str] = {}
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = _resolve(mod, path, node)
                targets = []
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    if sub in modules:  # "from precis.claims import speakers"
                        targets.append(sub)
                    else:
                        targets.append(base)
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        private.append(f"{mod}: from {base} import {a.name}")
            # Names bound to precis modules here ("from precis.claims import cues"): reading
            # "cues._set" is importing a private name too.
            for a in node.names:
                full = (
                    f"{_resolve(mod, path, node)}.{a.name}"
                    if isinstance(node, ast.ImportFrom)
                    else a.name
                )
                if full in modules:
                    aliases[a.asname or a.name.split(".")[-1]] = full
            for t in targets:
                if t == PACKAGE or t.startswith(PACKAGE + "."):
                    # The module itself, or the nearest enclosing package module.
                    while t and t not in modules:
                        t = t.rpartition(".")[0]
                    if t and t != mod:
                        graph[mod].add(t)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                private.append(f"{mod}: {aliases[node.value.id]}.{node.attr}")
    return graph, private


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), as a readable path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    comps: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return comps


# Package __init__ modules import their submodules by design (re-exports); an edge from a
# submodule back to its own package's __init__ would make every such package a "cycle", so the
# check is over edges between modules that are not each other's package.
def _without_package_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        m: {t for t in ts if not m.startswith(t + ".") and not t.startswith(m + ".")}
        for m, ts in graph.items()
    }


def test_graph_sees_the_package() -> None:
    graph, _ = _graph()
    assert "precis.pipeline" in graph and "precis.model" in graph["precis.pipeline"]


def test_no_import_cycles() -> None:
    cycles = _cycles(_without_package_edges(_graph()[0]))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_cycle_finder_finds_a_cycle() -> None:
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(g) == [["a", "b", "c"]]


def test_no_private_name_imported_across_modules() -> None:
    _, private = _graph()
    assert not private, "private names imported across modules: " + "; ".join(private)
