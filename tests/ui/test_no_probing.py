"""Views rely on the declared shape of our own objects (the Session, the windows, the project):
they never probe them with hasattr or getattr-with-a-default, which would hide a renamed
signal or method behind a silently dead feature."""
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
PROBE = re.compile(r"\bhasattr\(|\bgetattr\((self|session|window|project|text_view)(\.\w+)?, \"")


def test_ui_does_not_probe_its_own_objects():
    found = [f"{path.relative_to(UI)}:{number}: {line.strip()}"
             for path in sorted(UI.rglob("*.py"))
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if PROBE.search(line)]
    assert found == []
