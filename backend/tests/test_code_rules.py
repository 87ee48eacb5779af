"""CLAUDE.md's rules that a machine can check."""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
SQL = re.compile(
    r"\bselect\b[\s\S]+\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|"
    r"\bdelete\s+from\b|\bfor\s+update\b",
    re.IGNORECASE,
)


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_all_sql_lives_in_app_store():
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        if path.is_relative_to(APP / "store"):
            continue
        for line, text in _strings(ast.parse(path.read_text())):
            if SQL.search(text):
                offenders.append(f"{path.relative_to(APP.parent)}:{line}")
    assert not offenders, f"SQL outside app/store: {offenders}"


# Spelled in pieces so that this file does not match itself (nor a grep for the names).
_NAMES = ("DES" + "IGN", "REFER" + "ENCE", "STY" + "LE")
CITES_OUTSIDE = re.compile(
    "|".join([rf"{n}\.md" for n in _NAMES] + [rf"\b{_NAMES[2]} \d", r"\.\./shared"])
)


def test_the_repository_stands_alone():
    root = APP.parents[1]
    cited = []
    for path in root.rglob("*"):
        if any(part in {"node_modules", ".git", ".venv", ".next", ".data"} for part in path.parts):
            continue
        if path.is_file() and (
            path.suffix in {".py", ".md", ".ts", ".tsx", ".sh", ".sql", ".mjs", ".toml", ".yml"}
            or path.name == "Makefile"
        ):
            text = path.read_text(errors="ignore")
            if CITES_OUTSIDE.search(text):
                cited.append(str(path.relative_to(root)))
    assert not cited, f"files citing material outside the repository: {cited}"


# --- the import graph of app/ ----------------------------------------------------------------
def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str, known: set[str]) -> str | None:
    """The app module an imported name lives in (`from app.x import y`: y may be a module)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _imports() -> dict[str, set[tuple[str, bool]]]:
    """Each app module's imports of app modules, wherever written: module level, under
    `if TYPE_CHECKING:`, or inside a function (flagged True). A package's `__init__` counts as
    imported by whoever imports one of its modules (Python runs it first), unless it is a
    package of the importer's own, already being initialised."""
    paths = {_module_name(p): p for p in APP.rglob("*.py")}
    known = set(paths)
    graph: dict[str, set[tuple[str, bool]]] = {}
    for module, path in paths.items():
        edges: set[tuple[str, bool]] = set()
        tree = ast.parse(path.read_text())
        in_function: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                in_function.update(id(n) for n in ast.walk(node) if n is not node)
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{a.name}" for a in node.names]
            own_packages = {module.rsplit(".", n)[0] for n in range(module.count(".") + 1)}
            for name in names:
                target = _resolve(name, known) if name.startswith("app") else None
                while target and target not in own_packages:
                    edges.add((target, id(node) in in_function))
                    target = target.rpartition(".")[0]
        graph[module] = edges
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_of_app_has_no_cycle_even_through_deferred_imports():
    """A function-level or `TYPE_CHECKING` import that dodges a cycle is a cycle all the same:
    every import counts. (Function-level imports of optional SDKs, which close no loop, stay.)"""
    graph = {m: {t for t, _ in edges} for m, edges in _imports().items()}
    assert _cycle(graph) is None, f"import cycle: {' -> '.join(_cycle(graph) or [])}"


def test_layers_import_only_downwards():
    """Engines never import the pipeline; the runtime (infrastructure) imports nothing of the
    pipeline built from it; the worker pool knows no engine (its initializer is passed in)."""
    graph = _imports()
    offenders = []
    for module, edges in graph.items():
        for target, _ in edges:
            engine = module.startswith(("app.ocr", "app.metadata"))
            if (
                (engine and target.startswith("app.pipeline"))
                or (module == "app.runtime" and target.startswith("app.pipeline"))
                or (
                    module == "app.workers"
                    and target.startswith(("app.ocr", "app.metadata", "app.pipeline"))
                )
                or (
                    module.startswith(("app.store", "app.auth"))
                    and target.startswith(("app.pipeline", "app.services", "app.api"))
                )
            ):
                offenders.append(f"{module} -> {target}")
    assert not offenders, offenders
