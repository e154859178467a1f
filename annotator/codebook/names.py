"""The one rule for code names: whitespace runs collapse to one space, and two codes under
the same parent may not have names equal ignoring Unicode form and case (NFC, then
``str.casefold``, so "Ärger" and "ärger", or "Straße" and "STRASSE", are the same name).
Every writer of codes checks it here: the editor's commands, scheme and REFI-QDA imports, and
merges."""
from __future__ import annotations

from typing import Iterable, Optional, Protocol, TypeVar

from ..errors import SchemeError
from ..textio import nfc


def clean_name(name) -> str:
    """``name`` with whitespace collapsed; an empty name is refused."""
    name = " ".join(str(name or "").split())
    if not name:
        raise SchemeError("A code needs a name.")
    return name


def name_key(name) -> str:
    """What two names must share to be the same name (composed by NFC first, so a name typed
    on one system matches one from a file written on another)."""
    return nfc(" ".join(str(name or "").split())).casefold()


def name_clash(rows: Iterable, name: str, parent_uuid, uuid):
    """The code (other than ``uuid``) under ``parent_uuid`` already named ``name``, or None."""
    key = name_key(name)
    return next((r for r in rows if r.parent_uuid == parent_uuid and r.uuid != uuid and name_key(r.name) == key),
                None)


def check_name_free(rows: Iterable, name: str, parent_uuid, uuid) -> None:
    clash = name_clash(rows, name, parent_uuid, uuid)
    if clash is not None:
        raise SchemeError(f"There is already a code named {clash.name!r} at that level.")


class _Sibling(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def parent_uuid(self) -> Optional[str]: ...


_Named = TypeVar("_Named", bound=_Sibling)


def first_duplicate(rows: Iterable[_Named]) -> Optional[_Named]:
    """The first code whose name an earlier sibling already has, or None."""
    seen = set()
    for row in rows:
        key = (row.parent_uuid, name_key(row.name))
        if key in seen:
            return row
        seen.add(key)
    return None
