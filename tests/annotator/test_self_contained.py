"""The tests and benchmarks use only files inside the repository (schemas from resources/,
fixtures under tests/), so the README's test command passes in a clone anywhere."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The repository's parent, its sibling "shared" folder and home folders: nothing a clone elsewhere has.
# (Built, not written out, so this file does not name them itself.)
OUTSIDE = (f"{ROOT.parent}/", "/".join(("..", "shared")), "/home/", "/root/", "/Users/")
READERS = {"Path", "open", "PurePath"}


def sources() -> list[Path]:
    here = Path(__file__).resolve()
    return [p for folder in ("tests", "benchmarks") for p in sorted((ROOT / folder).rglob("*.py")) if p != here]


def absolute_paths(tree) -> list[str]:
    """Absolute or parent-relative paths written as the first argument of Path(...)/open(...)."""
    found = []
    for node in ast.walk(tree):
        name = getattr(node, "func", None)
        name = getattr(name, "id", getattr(name, "attr", None))
        if name in READERS and node.args and isinstance(node.args[0], ast.Constant):
            value = node.args[0].value
            if isinstance(value, str) and value.startswith(("/", "..")):
                found.append(value)
    return found


def test_no_test_or_benchmark_names_a_file_outside_the_repository():
    offenders = {}
    for source in sources():
        text = source.read_text("utf-8")
        found = [word for word in OUTSIDE if word in text] + absolute_paths(ast.parse(text))
        if found:
            offenders[str(source.relative_to(ROOT))] = found
    assert offenders == {}
