"""Adjudication: compare coders' layers and build a consensus ("gold") layer, every step undoable.

**The gold layer is a coder.** It is created on demand, named "gold", and its UUID is stored
in the project's ``meta`` table under ``gold_coder_uuid``, so it stays recognisable when
renamed. Because it is an ordinary coder it is exported, merged and compared like any other;
edit its annotations with the ordinary ``UpdateAnnotation``/``DeleteAnnotation`` commands.

**Segments.** :func:`compare` splits the coders' annotations of one document into
*agreements* (an identical span and code from every coder) and *disagreements* (overlapping
annotations that are not shared by all, grouped into one segment, with who coded what;
a coder with nothing there has an empty tuple).

**Decisions.** Accepting copies a coder's annotation into gold (:class:`AcceptAnnotation`,
:class:`AcceptAllAgreements`). Rejecting (:class:`RejectSegment`) records that nothing goes
into gold for a segment: the segment's key is kept in ``meta`` under
``adjudication.rejected.<document uuid>`` (a JSON list), so the decision lives in the
project file, needs no schema change, and survives a copy of the file. The key is a
fingerprint of the annotations in the segment, so if a coder later changes them the segment
is open again. A segment is *resolved* when gold has an annotation overlapping it or it was
rejected.

Commands follow ``annotator.commands``: ``project.apply(command)`` returns ``(inverse,
change)`` and the inverse restores the store exactly, including removing a gold coder the
command created.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Optional

from .clock import now
from .commands import AddAnnotation, Change, DeleteAnnotation, _fetch
from .errors import AnnotatorError
from .records import Annotation, Coder
from .uuids import new_uuid

GOLD_NAME = "gold"
GOLD_KEY = "gold_coder_uuid"
REJECTED_PREFIX = "adjudication.rejected."


@dataclass(frozen=True)
class Segment:
    document_id: int
    start: int
    end: int
    kind: str  # "agreement" or "disagreement"
    annotations: Mapping  # coder name -> tuple of Annotation (empty: coded nothing here)
    key: str
    gold: tuple[Annotation, ...] = ()
    rejected: bool = False

    @property
    def resolved(self) -> bool:
        return bool(self.gold) or self.rejected


def _key(document_id: int, annotations: Mapping) -> str:
    items = sorted((c, a.uuid, a.start, a.end, a.code_id) for c, anns in annotations.items() for a in anns)
    return hashlib.sha1(repr((document_id, items)).encode()).hexdigest()[:16]


def _segment(document_id, kind, annotations: dict) -> Segment:
    spans = [a for anns in annotations.values() for a in anns]
    frozen = MappingProxyType({c: tuple(anns) for c, anns in annotations.items()})
    return Segment(document_id, min(a.start for a in spans), max(a.end for a in spans), kind, frozen,
                   _key(document_id, frozen))


def find_segments(document_id: int, annotations_by_coder: Mapping) -> list[Segment]:
    """Agreements and disagreements among ``{coder name: [Annotation, ...]}`` of one document.

    An *agreement* is a (start, end, code) that every coder has. The remaining annotations
    are grouped by overlap (any shared character, across coders and codes) into
    *disagreements*. Sorted by start, then end. Pure: no project needed.
    """
    coders = list(annotations_by_coder)
    keysets = [{(a.start, a.end, a.code_id) for a in annotations_by_coder[c]} for c in coders]
    common = set.intersection(*keysets) if keysets else set()
    out = []
    for key in sorted(common):
        out.append(_segment(document_id, "agreement",
                            {c: [a for a in annotations_by_coder[c] if (a.start, a.end, a.code_id) == key] for c in coders}))
    rest = sorted(((c, a) for c in coders for a in annotations_by_coder[c] if (a.start, a.end, a.code_id) not in common),
                  key=lambda item: (item[1].start, item[1].end))
    group, reach = [], -1
    for coder, a in rest + [(None, None)]:
        if a is None or (group and a.start >= reach):
            if group:
                out.append(_segment(document_id, "disagreement", {c: [x for k, x in group if k == c] for c in coders}))
            group, reach = [], -1
        if a is not None:
            group.append((coder, a))
            reach = max(reach, a.end)
    return sorted(out, key=lambda s: (s.start, s.end, s.kind))


# ------------------------------------------------------------------ gold coder and decisions
def gold_coder(project) -> Optional[Coder]:
    """The gold coder, or ``None`` if the project has none yet."""
    uuid = project.setting(GOLD_KEY)
    found = [c for c in project.coders() if c.uuid == uuid] if uuid else []
    return found[0] if found else None


def rejected_keys(project, document) -> set:
    raw = project.setting(REJECTED_PREFIX + project.document(document).uuid)
    return {entry["key"] for entry in json.loads(raw)} if raw else set()


def compare(project, document, coders) -> list[Segment]:
    """The segments of ``document`` for ``coders`` (two or more; records, ids or names), with
    the gold annotations overlapping each segment and whether it was rejected."""
    doc = project.document(document)
    chosen = list(dict.fromkeys(project.coder(c) for c in coders))
    gold = gold_coder(project)
    if gold is not None and gold in chosen:
        raise AnnotatorError("Compare the coders with each other; the gold layer is what adjudication builds.")
    if len(chosen) < 2:
        raise AnnotatorError("Adjudication compares at least two coders.")
    by_coder = {c.name: project.annotations(document=doc, coder=c) for c in chosen}
    gold_anns = project.annotations(document=doc, coder=gold) if gold else []
    rejected = rejected_keys(project, doc)
    out = []
    for seg in find_segments(doc.id, by_coder):
        overlapping = tuple(a for a in gold_anns if a.start < seg.end and seg.start < a.end)
        out.append(Segment(**{**seg.__dict__, "gold": overlapping, "rejected": seg.key in rejected}))
    return out


def _meta(conn: sqlite3.Connection, key: str) -> Optional[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _no_change(document_id: int = 0) -> Change:
    return Change(document_id, (), (), kind="adjudication")


@dataclass
class _SetMeta:
    key: str
    value: Optional[str]
    document_id: int = 0
    label: str = "Adjudication decision"

    def apply(self, project, conn):
        old = _meta(conn, self.key)
        if self.value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (self.key,))
        else:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (self.key, self.value))
        return _SetMeta(self.key, old, self.document_id, self.label), _no_change(self.document_id)


@dataclass
class _CreateCoder:
    coder: Coder
    label: str = "Create the gold layer"

    def apply(self, project, conn):
        conn.execute("INSERT INTO coders(id, uuid, name) VALUES (?, ?, ?)", (self.coder.id, self.coder.uuid, self.coder.name))
        return _DropCoder(self.coder.uuid, self.label), _no_change()


@dataclass
class _DropCoder:
    uuid: str
    label: str = "Remove the gold layer"

    def apply(self, project, conn):
        coder = Coder(*conn.execute("SELECT id, uuid, name FROM coders WHERE uuid = ?", (self.uuid,)).fetchone())
        conn.execute("DELETE FROM coders WHERE id = ?", (coder.id,))
        return _CreateCoder(coder, self.label), _no_change()


@dataclass
class _Group:
    """Several commands as one undo step; the inverse undoes them in reverse order."""

    commands: list
    label: str

    def apply(self, project, conn):
        inverses, changes = [], []
        for command in self.commands:
            inverse, change = command.apply(project, conn)
            inverses.append(inverse)
            changes.append(change)
        return _Group(inverses[::-1], self.label), _merge(changes)


def _merge(changes: list) -> Change:
    edits = [c for c in changes if c.kind == "annotation"] or changes or [_no_change()]
    return Change(edits[0].document_id, tuple(r for c in edits for r in c.ranges),
                  tuple(u for c in edits for u in c.annotation_uuids), edits[0].kind)


def _ensure_gold(conn: sqlite3.Connection) -> tuple[int, list]:
    """The gold coder's id, creating and marking it if needed, and the commands that undo that."""
    uuid = _meta(conn, GOLD_KEY)
    row = conn.execute("SELECT id FROM coders WHERE uuid = ?", (uuid,)).fetchone() if uuid else None
    if row:
        return row[0], []
    undo = [_SetMeta(GOLD_KEY, uuid)]
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

    def apply(self, project, conn):
        source = _fetch(conn, self.annotation_uuid)
        gold_id, undo = _ensure_gold(conn)
        if source.coder_id == gold_id:
            raise AnnotatorError("That annotation is already in the gold layer.")
        if _gold_has(conn, gold_id, source):
            raise AnnotatorError(f"Gold already has this code on [{source.start}, {source.end}).")
        memo = f"Accepted from {_name(conn, source.coder_id)} (annotation {source.uuid})."
        inverse, change = _copy(source, gold_id, self.uuid, memo).apply(project, conn)
        return _Group([inverse, *undo], self.label), change


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

    def apply(self, project, conn):
        segments = [s for s in compare(project, self.document_id, self.coders) if s.kind == "agreement"]
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
        inverse, change = _Group(commands, self.label).apply(project, conn)
        if not commands:
            change = Change(self.document_id, (), (), "annotation")
        return _Group([inverse, *undo], self.label), change


def _rejections(conn, document_id: int) -> tuple[str, list]:
    """The meta key holding a document's rejected segments, and its entries."""
    doc_uuid = conn.execute("SELECT uuid FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    meta_key = REJECTED_PREFIX + doc_uuid
    return meta_key, json.loads(_meta(conn, meta_key) or "[]")


@dataclass
class RejectSegment:
    """Record that nothing from this segment goes into gold (see the module docstring)."""

    document_id: int
    key: str
    start: int
    end: int
    label: str = "Reject"

    def apply(self, project, conn):
        meta_key, entries = _rejections(conn, self.document_id)
        if all(e["key"] != self.key for e in entries):
            entries.append({"key": self.key, "start": self.start, "end": self.end, "at": now()})
        inverse, _ = _SetMeta(meta_key, json.dumps(entries), self.document_id, self.label).apply(project, conn)
        return inverse, Change(self.document_id, ((self.start, self.end),), (), kind="adjudication")


@dataclass
class ReopenSegment:
    """Withdraw a rejection (the segment is open again)."""

    document_id: int
    key: str
    label: str = "Reopen"

    def apply(self, project, conn):
        meta_key, entries = _rejections(conn, self.document_id)
        entries = [e for e in entries if e["key"] != self.key]
        inverse, _ = _SetMeta(meta_key, json.dumps(entries) if entries else None, self.document_id, self.label).apply(project, conn)
        return inverse, _no_change(self.document_id)


def reject(project, segment: Segment):
    """Convenience: apply :class:`RejectSegment` for a segment from :func:`compare`."""
    return project.apply(RejectSegment(segment.document_id, segment.key, segment.start, segment.end))


__all__ = ["GOLD_NAME", "GOLD_KEY", "Segment", "find_segments", "compare", "gold_coder", "rejected_keys",
           "AcceptAnnotation", "AcceptAllAgreements", "RejectSegment", "ReopenSegment", "reject", "DeleteAnnotation"]
