"""A consistent copy of an open project file, written beside its target and renamed into
place so that a failure never leaves half a file.

An intact file is copied page by page (SQLite's online backup). A damaged one (SQLite's
``quick_check`` failed) is rebuilt instead: ``VACUUM INTO`` reads every row through its table
and writes a fresh file with new indexes, which saves everything readable when the damage
is in an index or in free space; the copy is checked before it is put in place. When even
that fails, SQLite's own recovery (``sqlite3 FILE .recover``) is the way left.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

from .errors import AnnotatorError
from .outputs import new_temporary_file, output_target, replace_into
from .store import Damage, check_file, check_header, connect, quick_check


def copy_file(path: Path, target) -> tuple[Path, Optional[Damage]]:
    """Copy a project file without opening it for writing (it may be damaged, read-only or
    older); return the copy's path and what the damage check found (damaged pages: the copy
    was rebuilt; a damaged value: the copy holds it too)."""
    path = Path(path)
    check_header(path)
    conn = connect(path, read_only=True)
    try:
        damage = check_file(conn)
        return write_copy(conn, path, target, rebuild=damage is not None and damage.pages), damage
    finally:
        conn.close()


def write_copy(conn: sqlite3.Connection, source: Path, path, rebuild: bool = False) -> Path:
    """Back ``conn`` (the project open on ``source``) up to ``path``; refuses ``source`` itself
    and any other project (a copy never replaces a study). ``rebuild``: the source is damaged,
    so rebuild it row by row instead."""
    path = Path(path).expanduser()
    target = output_target(path)  # never the open project nor any other project, a folder or a pipe
    temporary = new_temporary_file(target)  # empty: SQLite writes a database into it, 0666 less the umask
    try:
        _rebuild(conn, source, temporary) if rebuild else _backup(conn, temporary)
        replace_into(temporary, path)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        raise AnnotatorError(f"The copy could not be written to {target} ({error}).") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _backup(conn: sqlite3.Connection, temporary: Path) -> None:
    copy = sqlite3.connect(str(temporary))
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def _rebuild(conn: sqlite3.Connection, source: Path, temporary: Path) -> None:
    try:
        conn.execute("VACUUM INTO ?", (str(temporary),))
        copy = sqlite3.connect(str(temporary))
        try:
            finding = quick_check(copy)
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        finding = str(error)
    if finding is not None:
        raise AnnotatorError(f"{source.name} is too damaged to copy row by row ({finding}); "
                             f"SQLite's recovery may still save some of it: sqlite3 {source.name} .recover | "
                             "sqlite3 recovered.annot.")

