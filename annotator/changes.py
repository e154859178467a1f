"""The shape of an undoable change: a :class:`Command` applies itself in the caller's
transaction and returns ``(inverse, Change)``; the inverse is another command that puts the
store back exactly. ``Change`` tells views what to refresh, and its :class:`ChangeKind` what
sort of thing changed. :class:`Group` and :class:`SetMeta` are the building blocks commands
share (several commands as one undo step; one ``meta`` key set and restored).

The codebook's ``SchemePatch`` and the merge's ``RestoreRows`` keep their own snapshots: a
version bump with its log row, or many tables' rows at once, is not one key set and restored.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from typing import Optional, Protocol, runtime_checkable


class ChangeKind(Enum):
    ANNOTATION = "annotation"      # annotations added, edited or removed
    SCHEME = "scheme"              # the codebook (codes, and annotations re-coded or removed with them)
    ADJUDICATION = "adjudication"  # a gold decision; annotations only if it names them
    MERGE = "merge"                # a merge or its undo: codes, coders and annotations
    CODERS = "coders"              # coders added (a coder package made)
    DOCUMENTS = "documents"        # documents' attributes
    MEMOS = "memos"                # a memo on a document or a code, or a journal (annotations' memos: ANNOTATION)
    BULK = "bulk"                  # annotations added or removed in many documents at once (auto-coding)
    SUGGESTIONS = "suggestions"    # suggestions offered, or decided without an annotation made or removed
    ROUNDS = "rounds"              # a coding round deleted or restored (with its empty retest coder row)


@dataclass(frozen=True)
class Change:
    document_id: Optional[int]
    ranges: tuple[tuple[int, int], ...]
    annotation_uuids: tuple[str, ...]
    kind: ChangeKind = ChangeKind.ANNOTATION


@runtime_checkable
class Command(Protocol):
    """Anything ``project.apply`` runs: applied in the caller's transaction, it returns the
    command that undoes it and the change to announce."""

    label: str

    def apply(self, conn: sqlite3.Connection) -> tuple["Command", Change]: ...


@dataclass
class Group:
    """Several commands as one undo step; the inverse undoes them in reverse order. ``kind``
    is what the group reports when it holds no command."""

    commands: list
    label: str
    kind: ChangeKind

    def apply(self, conn: sqlite3.Connection) -> tuple["Group", Change]:
        inverses, changes = [], []
        for command in self.commands:
            inverse, change = command.apply(conn)
            inverses.append(inverse)
            changes.append(change)
        return Group(inverses[::-1], self.label, self.kind), merge_changes(changes, self.kind)


def merge_changes(changes: list[Change], kind: ChangeKind) -> Change:
    """One change for many: the annotation edits among them if any, else all of them (with
    the first one's kind); no change at all is an empty change of ``kind``."""
    edits = [c for c in changes if c.kind is ChangeKind.ANNOTATION] or changes or [Change(0, (), (), kind)]
    return Change(edits[0].document_id, tuple(r for c in edits for r in c.ranges),
                  tuple(u for c in edits for u in c.annotation_uuids), edits[0].kind)


def read_meta(conn: sqlite3.Connection, key: str) -> Optional[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


@dataclass
class SetMeta:
    """Set one ``meta`` key (``None`` deletes it); the inverse puts the old value back."""

    key: str
    value: Optional[str]
    kind: ChangeKind
    document_id: int = 0
    label: str = "Change a setting"

    def apply(self, conn: sqlite3.Connection) -> tuple["SetMeta", Change]:
        old = read_meta(conn, self.key)
        if self.value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (self.key,))
        else:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (self.key, self.value))
        inverse = SetMeta(self.key, old, self.kind, self.document_id, self.label)
        return inverse, Change(self.document_id, (), (), self.kind)
