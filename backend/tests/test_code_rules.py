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
