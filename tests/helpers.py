"""Helpers shared by the core and the UI tests (tests/ is on sys.path through its conftest)."""
import csv
import sqlite3
from pathlib import Path

GAMMA_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gamma"


def dump(path):
    """Every row of every table of the file, read on a separate read-only connection,
    for 'nothing changed' comparisons."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def damage(path):
    """Flip the bits of one byte in the page header of an index (its cell content offset):
    the file opens and its tables read fine, but SQLite's quick_check fails, every time."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotations_by_coder'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size + 5] ^= 0xFF
    path.write_bytes(bytes(data))
    check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    finally:
        check.close()


def apply_undo_redo(project, command, snapshot):
    """Apply ``command``, undo it with its inverse and redo it with the inverse's inverse: after
    the undo ``snapshot(project)`` is exactly as before, after the redo exactly as after the apply.
    Returns the inverse, the change, and whether the command changed the snapshot."""
    before = snapshot(project)
    inverse, change = project.apply(command)
    after = snapshot(project)
    redo, _ = project.apply(inverse)
    assert snapshot(project) == before
    project.apply(redo)
    assert snapshot(project) == after
    return inverse, change, after != before


def span_of(text, words, nth=0):
    """``[start, end)`` of the ``nth`` (from 0) occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def gamma_continuum(name: str) -> dict[str, list[tuple[int, int, str]]]:
    """A continuum of pygamma's test data (tests/fixtures/gamma/NAME: rows coder, code, start, end) as
    ``{coder: [(start, end, code), ...]}``."""
    by_coder: dict[str, list[tuple[int, int, str]]] = {}
    with open(GAMMA_FIXTURES / name, newline="", encoding="utf-8") as f:
        for coder, code, start, end in csv.reader(f):
            by_coder.setdefault(coder, []).append((int(float(start)), int(float(end)), code))
    return by_coder
