"""The core's structure (ARCHITECTURE.md, "Layers"): the import-linter contracts in
pyproject.toml hold, and core modules import each other at the top, not inside functions,
so that the order of the layers is visible and checked."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LAZY = 10


def test_every_import_contract_is_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in ("core stays Qt-free", "core layers", "no import cycle in the core",
                     "the report reads gold through segments"):
        assert f"{contract} KEPT" in result.stdout


def _core_imports_in_functions(path: Path) -> list[tuple[int, str]]:
    source = path.read_text("utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.level or (inner.module or "").startswith("annotator")):
                found.append((inner.lineno, lines[inner.lineno - 1]))
            elif isinstance(inner, ast.Import) and any(a.name.startswith("annotator") for a in inner.names):
                found.append((inner.lineno, lines[inner.lineno - 1]))
    return found


def test_core_modules_import_each_other_at_the_top():
    lazy = {f"{path.relative_to(ROOT)}:{line}": text.strip()
            for path in sorted((ROOT / "annotator").rglob("*.py"))
            for line, text in _core_imports_in_functions(path)}
    unexplained = {where: text for where, text in lazy.items() if "# lazy:" not in text}
    assert unexplained == {}, "a core import inside a function needs a '# lazy: reason' comment"
    assert len(lazy) <= MAX_LAZY, lazy
