"""Adjudication: build a consensus ("gold") layer from the coders' layers, every step undoable.

The reading side (the gold coder, segments, :func:`compare`) is :mod:`annotator.segments`,
re-exported here. Because the gold layer is an ordinary coder it is exported, merged and
compared like any other; edit its annotations with the ordinary ``UpdateAnnotation``/
``DeleteAnnotation`` commands.

**Decisions.** Accepting copies a coder's annotation into gold (:class:`AcceptAnnotation`,
:class:`AcceptAllAgreements`). Rejecting (:class:`RejectSegment`) records that nothing goes
into gold for a segment: the segment's key is kept in ``meta`` under
``adjudication.rejected.<document uuid>`` (a JSON list), so the decision lives in the
project file, needs no schema change, and survives a copy of the file. The key is a
fingerprint of the annotations in the segment, so if a coder later changes them the segment
is open again. A segment is *resolved* when gold has an annotation overlapping it or it was
rejected.

Commands follow :class:`annotator.changes.Command`: ``project.apply(command)`` returns
``(inverse, change)`` and the inverse restores the store exactly, including removing a gold
coder the command created.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from ._refs import resolve
from .changes import Change, ChangeKind, Command, Group, SetMeta, read_meta
from .clock import now
from .commands import AddAnnotation, DeleteAnnotation, _fetch
from .errors import AnnotatorError
from .records import Annotation, Coder
from .segments import (
    GOLD_KEY,
    GOLD_NAME,
    REJECTED_PREFIX,
    Segment,
    agreements,
    compare,
    find_segments,
    gold_coder,
    rejected_keys,
    rejections,
)
from .uuids import new_uuid

ADJUDICATION = ChangeKind.ADJUDICATION


def _no_change(document_id: int = 0) -> Change:
    return Change(document_id, (), (), ADJUDICATION)


@dataclass
class _CreateCoder:
    coder: Coder
    label: str = "Create the gold layer"

    def apply(self, conn):
        conn.execute("INSERT INTO coders(id, uuid, name) VALUES (?, ?, ?)",
                     (self.coder.id, self.coder.uuid, self.coder.name))
        return _DropCoder(self.coder.uuid, self.label), _no_change()


@dataclass
class _DropCoder:
    uuid: str
    label: str = "Remove the gold layer"

    def apply(self, conn):
        coder = Coder(*conn.execute("SELECT id, uuid, name FROM coders WHERE uuid = ?", (self.uuid,)).fetchone())
        conn.execute("DELETE FROM coders WHERE id = ?", (coder.id,))
        return _CreateCoder(coder, self.label), _no_change()


def _ensure_gold(conn: sqlite3.Connection) -> tuple[int, list[Command]]:
    """The gold coder's id, creating and marking it if needed, and the commands that undo that."""
    uuid = read_meta(conn, GOLD_KEY)
    row = conn.execute("SELECT id FROM coders WHERE uuid = ?", (uuid,)).fetchone() if uuid else None
    if row:
        return row[0], []
    undo: list[Command] = [SetMeta(GOLD_KEY, uuid, ADJUDICATION, label="Adjudication decision")]
    row = conn.execute("SELECT id, uuid FROM coders WHERE name = ?", (GOLD_NAME,)).fetchone()
    if row is None:
        cursor = conn.execute("INSERT INTO coders(uuid, name) VALUES (?, ?)", (new_uuid(), GOLD_NAME))
        row = conn.execute("SELECT id, uuid FROM coders WHERE id = ?", (cursor.lastrowid,)).fetchone()
        undo.insert(0, _DropCoder(row[1]))
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (GOLD_KEY, row[1]))
    return row[0], undo


def _name(conn, coder_id: int) -> str:
    return conn.execute("SELECT name FROM coders WHERE id = ?", (coder_id,)).fetchone()[0]


def _gold_has(conn, gold_id: int, a: Annotation) -> bool:
    return conn.execute('SELECT 1 FROM annotations WHERE coder_id = ? AND document_id = ? AND start = ? AND "end" = ? '
                        "AND code_id = ?", (gold_id, a.document_id, a.start, a.end, a.code_id)).fetchone() is not None


def _copy(source: Annotation, gold_id: int, uuid: str, memo: str) -> AddAnnotation:
    if source.memo:
        memo += f" Original memo: {source.memo}"
    return AddAnnotation(source.document_id, gold_id, source.code_id, source.start, source.end, memo, uuid=uuid)



@dataclass
class AcceptAnnotation:
    """Copy one coder's annotation into gold (new UUID; the memo names the source)."""

    annotation_uuid: str
    uuid: str = field(default_factory=new_uuid)
    label: str = "Accept into gold"

    def apply(self, conn):
        source = _fetch(conn, self.annotation_uuid)
        gold_id, undo = _ensure_gold(conn)
        if source.coder_id == gold_id:
            raise AnnotatorError("That annotation is already in the gold layer.")
        if _gold_has(conn, gold_id, source):
            raise AnnotatorError(f"Gold already has this code on [{source.start}, {source.end}).")
        memo = f"Accepted from {_name(conn, source.coder_id)} (annotation {source.uuid})."
        inverse, change = _copy(source, gold_id, self.uuid, memo).apply(conn)
        return Group([inverse, *undo], self.label, ADJUDICATION), change


@dataclass
class AcceptAllAgreements:
    """Copy every agreement of ``coders`` in one document into gold as one undo step.

    Agreements gold already has are skipped. The inverse deletes exactly the annotations
    this command added (and the gold coder, if it created it); applying the command again
    after its inverse reuses the same UUIDs."""

    document_id: int
    coders: tuple
    label: str = "Accept all agreements"
    assigned: dict = field(default_factory=dict)

    def apply(self, conn):
        document_id = resolve(conn, "documents", "document", self.document_id, ("uuid", "sha256", "name"))
        coder_ids = [resolve(conn, "coders", "coder", c, ("uuid", "name")) for c in self.coders]
        segments = agreements(conn, document_id, coder_ids)
        gold_id, undo = _ensure_gold(conn)
        names = ", ".join(segments[0].annotations) if segments else ""
        commands = []
        for seg in segments:
            source = next(iter(seg.annotations.values()))[0]
            if _gold_has(conn, gold_id, source):
                continue
            uuid = self.assigned.setdefault((source.start, source.end, source.code_id), new_uuid())
            memo = f"Accepted: all coders agreed ({names}); copied from annotation {source.uuid}."
            commands.append(_copy(source, gold_id, uuid, memo))
        inverse, change = Group(commands, self.label, ADJUDICATION).apply(conn)
        if not commands:
            change = Change(self.document_id, (), (), ChangeKind.ANNOTATION)
        return Group([inverse, *undo], self.label, ADJUDICATION), change


@dataclass
class RejectSegment:
    """Record that nothing from this segment goes into gold (see the module docstring)."""

    document_id: int
    key: str
    start: int
    end: int
    label: str = "Reject"

    def apply(self, conn):
        meta_key, entries = rejections(conn, self.document_id)
        if all(e["key"] != self.key for e in entries):
            entries.append({"key": self.key, "start": self.start, "end": self.end, "at": now()})
        inverse, _ = SetMeta(meta_key, json.dumps(entries), ADJUDICATION, self.document_id, self.label).apply(conn)
        return inverse, Change(self.document_id, ((self.start, self.end),), (), ADJUDICATION)


@dataclass
class ReopenSegment:
    """Withdraw a rejection (the segment is open again)."""

    document_id: int
    key: str
    label: str = "Reopen"

    def apply(self, conn):
        meta_key, entries = rejections(conn, self.document_id)
        entries = [e for e in entries if e["key"] != self.key]
        inverse, _ = SetMeta(meta_key, json.dumps(entries) if entries else None, ADJUDICATION, self.document_id,
                             self.label).apply(conn)
        return inverse, _no_change(self.document_id)


def reject(project, segment: Segment):
    """Convenience: apply :class:`RejectSegment` for a segment from :func:`compare`."""
    return project.apply(RejectSegment(segment.document_id, segment.key, segment.start, segment.end))


__all__ = ["GOLD_NAME", "GOLD_KEY", "REJECTED_PREFIX", "Segment", "find_segments", "compare", "gold_coder",
           "rejected_keys", "AcceptAnnotation", "AcceptAllAgreements", "RejectSegment", "ReopenSegment", "reject",
           "DeleteAnnotation"]
