"""Writing scheme codes straight into the codes table (a new project's scheme, a REFI-QDA
project's code tree). Not undoable and not logged: edits a user makes go through
:mod:`annotator.codebook` commands instead."""
from __future__ import annotations

import sqlite3

from ..errors import SchemeError
from . import scheme_json as scheme_io


def write_scheme(conn: sqlite3.Connection, codes: list) -> tuple[int, int]:
    """Insert or update ``codes`` (``scheme.SchemeCode``, parents first) by UUID; (added, updated)."""
    added = updated = 0
    for code in codes:
        parent_id = _parent_id(conn, code)
        _check_name_free(conn, code, parent_id)
        try:
            if _upsert(conn, code, parent_id):
                updated += 1
            else:
                added += 1
            _write_definition(conn, code)
        except sqlite3.IntegrityError:
            raise SchemeError(f"Shortcut {code.shortcut!r} of code {code.name!r} is already used "
                              "by another code.") from None
    return added, updated


def _parent_id(conn: sqlite3.Connection, code):
    if code.parent_uuid is None:
        return None
    return conn.execute("SELECT id FROM codes WHERE uuid = ?", (code.parent_uuid,)).fetchone()[0]


def _check_name_free(conn: sqlite3.Connection, code, parent_id) -> None:
    clash = conn.execute(
        "SELECT uuid FROM codes WHERE parent_id IS ? AND lower(name) = lower(?) AND uuid != ?",
        (parent_id, code.name, code.uuid)).fetchone()
    if clash:
        raise SchemeError(f"The project already has a code named {code.name!r} at that level.")


def _upsert(conn: sqlite3.Connection, code, parent_id) -> bool:
    """Update the code with this UUID, or insert it; True if it was an update."""
    values = (code.name, code.color, code.description, code.shortcut, parent_id,
              code.position, int(code.codable), code.uuid)
    cursor = conn.execute(
        "UPDATE codes SET name=?, color=?, description=?, shortcut=?, parent_id=?, "
        "position=?, codable=? WHERE uuid=?", values)
    if cursor.rowcount:
        return True
    conn.execute("INSERT INTO codes(name, color, description, shortcut, parent_id, "
                 "position, codable, uuid) VALUES (?,?,?,?,?,?,?,?)", values)
    return False


def _write_definition(conn: sqlite3.Connection, code) -> None:
    """The definition fields given (annotator.codebook); absent ones stay as they are."""
    given = {k: getattr(code, k) for k in scheme_io.DEFINITION_FIELDS if getattr(code, k) is not None}
    if given:
        conn.execute(f"UPDATE codes SET {', '.join(f'{k} = ?' for k in given)} WHERE uuid = ?",
                     [*given.values(), code.uuid])
