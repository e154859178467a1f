"""The suite's own shape: every fixture name means one thing, and fixtures are shared through
conftest.py, never imported from another test module (an import shadows the conftest fixture
of the same name without a word)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).parent


def modules():
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(TESTS.rglob("*.py"))}


def fixture_name(function):
    """The name a function registers as a fixture (``name=`` wins), or None."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in ("pytest.fixture", "fixture"):
            names = [k.value.value for k in getattr(decorator, "keywords", ()) if k.arg == "name"]
            return names[0] if names else function.name
    return None


def fixtures(tree):
    functions = (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return {name: f.lineno for f in functions if (name := fixture_name(f))}


def test_every_fixture_name_is_defined_once():
    places = defaultdict(list)
    for path, tree in modules().items():
        for name, line in fixtures(tree).items():
            places[name].append(f"{path.relative_to(TESTS)}:{line}")
    assert places, "no fixtures found: the check would pass on anything"
    assert {name: where for name, where in places.items() if len(where) > 1} == {}


def test_no_test_module_imports_a_fixture_from_another():
    trees = modules()
    by_module = {path.stem: fixtures(tree) for path, tree in trees.items() if path.stem != "conftest"}
    imported = [(path.relative_to(TESTS), node.module, alias.name)
                for path, tree in trees.items() for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module in by_module
                for alias in node.names]
    assert imported, "no imports between test modules found: the check would pass on anything"
    assert [i for i in imported if i[2] in by_module[i[1]] or i[2] == "*"] == []
