"""A consistent copy of an open project file (SQLite's online backup), written beside its
target and renamed into place so that a failure never leaves half a file."""
from __future__ import annotations

import sqlite3
import uuid as uuidlib
from pathlib import Path

from .errors import AnnotatorError
from .outputs import output_target, replace_into


def write_copy(conn: sqlite3.Connection, source: Path, path) -> Path:
    """Back ``conn`` (the project open on ``source``) up to ``path``; refuses ``source`` itself
    and any other project (a copy never replaces a study)."""
    path = Path(path).expanduser()
    target = output_target(path)  # never the open project nor any other project, a folder or a pipe
    temporary = target.with_name(f".{target.name}.{str(uuidlib.uuid4())[:8]}.tmp")
    try:
        _backup(conn, temporary)
        replace_into(temporary, path)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        raise AnnotatorError(f"The copy could not be written to {target} ({error}).") from None
    return target


def _backup(conn: sqlite3.Connection, temporary: Path) -> None:
    copy = sqlite3.connect(str(temporary))
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
