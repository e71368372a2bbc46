"""The runtime package's shape: no import circle, every module importable on its own, and
nothing test-only in it (the browser's wheel is built from py/)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PY = Path(__file__).resolve().parents[2] / "py"
PACKAGE = "asyncio_playground"


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((PY / PACKAGE).rglob("*.py")):
        parts = path.relative_to(PY).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def top_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports as it is imported (not inside functions, not
    for type checkers), resolved from relative imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return {t for t in targets if t in known and t != name and t not in ancestors}


def test_no_module_of_the_package_imports_itself_in_a_circle():
    known = modules()
    graph = {name: top_level_imports(name, path, set(known)) for name, path in known.items()}
    circles = []

    def visit(name: str, path: list[str]) -> None:
        for target in sorted(graph[name]):
            if target in path:
                circles.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target, path + [target])
        done.add(name)

    done: set[str] = set()
    for name in graph:
        if name not in done:
            visit(name, [name])
    assert circles == [], "\n".join(" → ".join(circle) for circle in circles)


def test_every_module_imports_first_in_a_fresh_interpreter():
    env = {**os.environ, "PYTHONPATH": str(PY)}

    def import_alone(name: str) -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, env=env)
        return name, done.stderr.strip().splitlines()[-1] if done.returncode else ""

    with ThreadPoolExecutor(4) as pool:
        failed = {name: error for name, error in pool.map(import_alone, modules()) if error}
    assert failed == {}


def test_nothing_test_only_ships_in_the_wheel():
    defined = {node.name for path in modules().values() for node in ast.walk(ast.parse(path.read_text()))
               if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    assert not defined & {"ThreadHost", "run_captured", "Captured"}  # tests/support has them
    assert not (PY / PACKAGE / "testing.py").exists()
