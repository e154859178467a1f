"""Checks shared by the codebook commands: shortcuts, colours, the tree, the lock (names: :mod:`.names`)."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from typing import Optional

from ..changes import read_meta
from ..errors import NotFoundError, SchemeError
from .names import first_duplicate
from .records import CodebookLockedError, CodeRow

SHORT_COLOUR = re.compile(r"^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")


def _check_unlocked(conn: sqlite3.Connection) -> None:
    if read_meta(conn, "codebook_locked") == "1":
        raise CodebookLockedError("This project is a coder package: its codebook is fixed by the study lead "
                                  "and cannot be edited here.")


def check_colour(color) -> str:
    """``#RRGGBB`` (or ``#RGB``, expanded), upper case; anything else is refused."""
    text = str(color or "").strip()
    if not SHORT_COLOUR.match(text):
        raise SchemeError(f"{color!r} is not a colour; use #RRGGBB.")
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def is_code_key(shortcut: str) -> bool:
    """A code's key is one printable character ("1", "f", "?") or a function key F1-F24, with
    no Ctrl or Alt: those belong to the app's own commands (Ctrl+Z…), and the app codes the
    exact characters with Alt+key."""
    if len(shortcut) == 1:
        return shortcut.isprintable() and not shortcut.isspace()
    return re.fullmatch(r"F([1-9]|1[0-9]|2[0-4])", shortcut) is not None


def _check_shortcut(rows: list[CodeRow], shortcut, uuid) -> Optional[str]:
    shortcut = (str(shortcut).strip() if shortcut is not None else "") or None
    if shortcut is None:
        return None
    if len(shortcut) > 40:
        raise SchemeError(f"{shortcut[:40]!r}… is too long for a shortcut key.")
    if not is_code_key(shortcut):
        raise SchemeError(f"{shortcut!r} cannot be a code's key: use one letter, digit or sign, or a function "
                          "key (F1-F24), without Ctrl or Alt.")
    for row in rows:
        if row.uuid != uuid and row.shortcut and row.shortcut.casefold() == shortcut.casefold():
            raise SchemeError(f"The key {shortcut!r} is already the shortcut of code {row.name!r}.")
    return shortcut


def _find(rows: list[CodeRow], uuid) -> CodeRow:
    for row in rows:
        if row.uuid == uuid:
            return row
    raise NotFoundError(f"There is no code {uuid} in this project.")


def _ancestors(rows: list[CodeRow], uuid) -> list[str]:
    by_uuid = {r.uuid: r for r in rows}
    out, current = [], by_uuid.get(uuid)
    while current is not None and current.uuid not in out:
        out.append(current.uuid)
        current = by_uuid.get(current.parent_uuid) if current.parent_uuid else None
    return out


def _children(rows: list[CodeRow], parent_uuid) -> list[CodeRow]:
    return sorted((r for r in rows if r.parent_uuid == parent_uuid), key=lambda r: (r.position, r.id or 0))


def _count(conn, uuid: str) -> int:
    return conn.execute("SELECT count(*) FROM annotations a JOIN codes c ON c.id = a.code_id WHERE c.uuid = ?",
                        (uuid,)).fetchone()[0]


def _renumbered(siblings: list[CodeRow], changed: dict) -> dict:
    """Give ``siblings`` (in their new order) positions 0..n-1; return rows that changed."""
    for index, row in enumerate(siblings):
        row = changed.get(row.uuid, row)
        if row.position != index:
            changed[row.uuid] = replace(row, position=index)
    return changed


def _check_final(rows: list[CodeRow], source: str) -> None:
    duplicate = first_duplicate(rows)
    if duplicate is not None:
        raise SchemeError(f"The project already has a code named {duplicate.name!r} at that level.")
    keys_seen: dict = {}
    for row in rows:
        if row.shortcut:
            other = keys_seen.get(row.shortcut.casefold())
            if other is not None:
                raise SchemeError(f"Shortcut {row.shortcut!r} of code {row.name!r} is already used by another "
                                  f"code ({other.name!r}).")
            keys_seen[row.shortcut.casefold()] = row
        if row.uuid in _ancestors(rows, row.parent_uuid):
            raise SchemeError(f"{source}: code {row.name!r} would end up under itself.")
