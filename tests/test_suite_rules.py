"""Rules for the test suite itself: test modules share code through conftest.py and helpers.py only."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_test_module_imports_another():
    imports = {path.name: _imported_modules(path) for path in sorted(TESTS.glob("*.py"))}
    assert "helpers" in imports["test_documents.py"]  # the check sees imports at all
    assert [(name, module) for name, modules in imports.items() for module in modules
            if module.split(".")[0].startswith("test_")] == []


def test_slow_is_a_registered_marker(pytestconfig):
    assert any(line.startswith("slow:") for line in pytestconfig.getini("markers"))
