"""Marking a gold annotation as an example or counter-example of a code, and unmarking it.

Both are codebook edits (:class:`~annotator.codebook.patch.SchemePatch`): they change what the
printed codebook says, so each bumps the scheme version, is logged and is undone like any other.
Only an annotation of the gold layer (:mod:`annotator.segments`) can be marked; an example is of
the annotation's own code, a counter-example of another code.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Optional

from ..errors import NotFoundError, SchemeError
from ..segments import gold_coder_row
from .anchors import KIND_WORDS, KINDS, Anchor, anchors_text, clean_note, context, read_anchors
from .checks import _find
from .patch import SchemePatch, _SchemeCommand
from .records import CodebookUnchangedError, CodeRow


@dataclass(frozen=True)
class _Gold:
    uuid: str
    code_uuid: str
    code_name: str
    document: str
    text: str
    start: int
    end: int


def _gold(conn: sqlite3.Connection, uuid: str) -> _Gold:
    row = conn.execute('SELECT a.uuid, c.uuid, c.name, d.name, d.text, a.start, a."end", a.coder_id '
                       "FROM annotations a JOIN codes c ON c.id = a.code_id JOIN documents d ON d.id = a.document_id "
                       "WHERE a.uuid = ?", (uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no annotation {uuid} in this project.")
    gold = gold_coder_row(conn)
    if gold is None or row[7] != gold.id:
        raise SchemeError("Only an adjudicated annotation (of the gold layer) can be an example or "
                          "counter-example; accept it into gold first.")
    return _Gold(*row[:7])


def _snapshot(gold: _Gold, kind: str, note: str) -> Anchor:
    before, after = context(gold.text, gold.start, gold.end)
    return Anchor(gold.uuid, kind, gold.text[gold.start:gold.end], gold.document, gold.start, gold.end,
                  clean_note(note), before, after)


def _set(row: CodeRow, action: str, anchor_uuid: str, anchors) -> SchemePatch:
    return SchemePatch(action, row.uuid, {"annotation": anchor_uuid, "name": row.name},
                       upsert=(replace(row, anchors=anchors_text(anchors)),))


@dataclass
class MarkAnchor(_SchemeCommand):
    """Mark the gold annotation ``annotation_uuid`` as an example of its own code (``kind``
    "example"; ``code_uuid`` None or that code) or a counter-example of ``code_uuid`` ("counter").
    Marking it again for the same code replaces its kind, and its note if ``note`` is given (None keeps it)."""

    annotation_uuid: str
    code_uuid: Optional[str] = None
    kind: str = "example"
    note: Optional[str] = None
    label: str = "Mark anchor"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        if self.kind not in KINDS:
            raise SchemeError(f"An anchor is an example or a counter, not {self.kind!r}.")
        gold = _gold(conn, self.annotation_uuid)
        row = _find(rows, self._code(gold))
        anchors = {a.annotation: a for a in read_anchors(row.anchors, row.name)}
        earlier = anchors.get(gold.uuid)
        kept = earlier.note if earlier else ""
        anchor = _snapshot(gold, self.kind, kept if self.note is None else self.note)
        if earlier == anchor:
            raise CodebookUnchangedError(f"That annotation is already marked as a{'n' * anchor.is_example} "
                              f"{KIND_WORDS[self.kind]} of {row.name!r}{' with that note' * bool(anchor.note)}; "
                              "nothing was changed.")
        anchors[anchor.annotation] = anchor
        return _set(row, "anchor", anchor.annotation, anchors.values())

    def _code(self, gold: _Gold) -> str:
        if self.kind == "example":
            if self.code_uuid not in (None, gold.code_uuid):
                raise SchemeError(f"An example is of its annotation's own code ({gold.code_name!r}); to show a "
                                  "passage is not some other code, mark it as a counter-example of that code.")
            return gold.code_uuid
        if self.code_uuid is None:
            raise SchemeError("Say which code a counter-example is a counter-example of.")
        if self.code_uuid == gold.code_uuid:
            raise SchemeError(f"A counter-example shows what a code is not; this annotation is coded "
                              f"{gold.code_name!r} itself, so it can only be an example of it.")
        return self.code_uuid


@dataclass
class UnmarkAnchor(_SchemeCommand):
    """Remove the anchor of ``annotation_uuid`` from the code ``code_uuid``."""

    annotation_uuid: str
    code_uuid: str
    label: str = "Remove anchor"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.code_uuid)
        anchors = read_anchors(row.anchors, row.name)
        kept = [a for a in anchors if a.annotation != self.annotation_uuid]
        if len(kept) == len(anchors):
            raise SchemeError(f"Annotation {self.annotation_uuid} is not an example or counter-example of "
                              f"{row.name!r}; nothing was changed.")
        return _set(row, "unanchor", self.annotation_uuid, kept)
