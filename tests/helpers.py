"""Helpers shared by the core and the UI tests (tests/ is on sys.path through its conftest)."""
import sqlite3


def dump(path):
    """Every row of every table of the file, read on a separate read-only connection,
    for 'nothing changed' comparisons."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()
