"""Writing codes read from a file straight into the codes table (a new project's scheme, a
REFI-QDA project's code tree). Not undoable and not logged: edits a user makes go through
:mod:`annotator.codebook` commands instead."""
from __future__ import annotations

import sqlite3

from ..errors import SchemeError
from .names import name_clash
from .reading import code_rows
from .records import CodeRow
from .store import write_rows


def write_codes(conn: sqlite3.Connection, codes: list[CodeRow]) -> tuple[int, int]:
    """Insert or update ``codes`` (parents first) by UUID; fields in a code's ``keep`` stay as
    the project has them. Returns (added, updated)."""
    rows = {r.uuid: r for r in code_rows(conn)}
    added = updated = 0
    for code in codes:
        if name_clash(rows.values(), code.name, code.parent_uuid, code.uuid) is not None:
            raise SchemeError(f"The project already has a code named {code.name!r} at that level.")
        try:
            write_rows(conn, [code])
        except sqlite3.IntegrityError:
            raise SchemeError(f"Shortcut {code.shortcut!r} of code {code.name!r} is already used "
                              "by another code.") from None
        updated, added = (updated + 1, added) if code.uuid in rows else (updated, added + 1)
        rows[code.uuid] = code
    return added, updated
