"""Commands that remove codes or bring several together: delete, merge, import a codebook."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Optional

from ..clock import now
from ..errors import SchemeError
from ..memos import moved_to, on_target
from . import suggested
from .anchors import anchors_text, read_anchors
from .checks import (
    _ancestors,
    _check_final,
    _children,
    _count,
    _find,
    _renumbered,
    check_colour,
)
from .names import check_name_free, clean_name
from .patch import SchemePatch, _SchemeCommand
from .records import DELETE_CHOICES, CodeInUseError, CodeRow


def _move_or_drop(conn, code: CodeRow, mode: str, target: Optional[CodeRow]) -> tuple[tuple, tuple, dict]:
    """The annotations of ``code``: re-coded to ``target`` or dropped; (recode, drop, details)."""
    uuids = [u for (u,) in conn.execute("SELECT a.uuid FROM annotations a JOIN codes c ON c.id = a.code_id "
                                        "WHERE c.uuid = ? ORDER BY a.id", (code.uuid,))]
    if not uuids:
        return (), (), {"annotations": 0}
    if mode == "move":
        assert target is not None, "a move names the code it moves to"
        stamp = now()
        return tuple((u, target.uuid, stamp) for u in uuids), (), \
            {"annotations": len(uuids), "moved_to": target.uuid, "moved_to_name": target.name}
    return (), tuple(uuids), {"annotations": len(uuids), "deleted": len(uuids)}


@dataclass
class DeleteCode(_SchemeCommand):
    """Delete a code. If it has annotations, ``annotations`` says what happens to them:
    ``"move"`` (to ``move_to``, a codable code) or ``"delete"``; the default ``"refuse"``
    raises :class:`CodeInUseError` with the count, so nothing is lost by accident. A code
    with sub-codes is refused: move or delete them first. Its suggestions move with its annotations,
    or go with the code and come back on undo (:mod:`.suggested`)."""

    uuid: str
    annotations: str = "refuse"
    move_to: Optional[str] = None
    label: str = "Delete code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        if self.annotations not in DELETE_CHOICES:
            raise SchemeError(f"annotations must be one of {', '.join(DELETE_CHOICES)}, not {self.annotations!r}.")
        children = _children(rows, row.uuid)
        if children:
            raise SchemeError(f"{row.name!r} has {len(children)} sub-code{'s' if len(children) != 1 else ''}; "
                              "move or delete them first.")
        count = _count(conn, row.uuid)
        target = None
        if count and self.annotations == "refuse":
            raise CodeInUseError(f"{row.name!r} has {count} annotation{'s' if count != 1 else ''}; choose whether "
                                 "to move them to another code or delete them.", count)
        if count and self.annotations == "move":
            target = _target(rows, self.move_to, row)
        recode, drop, details = _move_or_drop(conn, row, self.annotations, target)
        memos = tuple(m.uuid for m in on_target(conn, "code", row.uuid))   # undo brings them back with the code
        moves, twins = suggested.moved(conn, row.uuid, target.uuid) if target is not None else ((), ())
        return SchemePatch("delete", row.uuid, {"name": row.name, **details}, recode=recode, drop=drop,
                           remove=(row.uuid,), drop_memos=memos, resuggest=moves, drop_suggestions=twins)


def _target(rows, uuid, source: CodeRow) -> CodeRow:
    if uuid is None:
        raise SchemeError(f"Say which code the annotations of {source.name!r} should move to.")
    target = _find(rows, uuid)
    if target.uuid == source.uuid:
        raise SchemeError(f"The annotations of {source.name!r} cannot move to the same code.")
    if not target.codable:
        raise SchemeError(f"{target.name!r} is a group, which is never applied itself; choose a codable code.")
    return target


def _joined_anchors(target: CodeRow, source: CodeRow) -> CodeRow:
    """``target`` with the anchors of ``source`` after its own (its own win for one annotation)."""
    anchors = {a.annotation: a for a in read_anchors(target.anchors, target.name)}
    for anchor in read_anchors(source.anchors, source.name):
        anchors.setdefault(anchor.annotation, anchor)
    return replace(target, anchors=anchors_text(anchors.values()))


@dataclass
class MergeCodes(_SchemeCommand):
    """Merge ``source_uuid`` into ``target_uuid``: every annotation of the source is
    re-coded to the target, the source's sub-codes move under the target, its anchors join the
    target's, and the source is removed; its suggestions move to the target (:mod:`.suggested`).
    Undo restores all of it."""

    source_uuid: str
    target_uuid: str
    label: str = "Merge codes"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        source = _find(rows, self.source_uuid)
        target = _target(rows, self.target_uuid, source)
        if source.uuid in _ancestors(rows, target.uuid):
            raise SchemeError(f"{source.name!r} cannot be merged into its own sub-code {target.name!r}.")
        kept, moved = _children(rows, target.uuid), []
        for child in _children(rows, source.uuid):
            check_name_free(kept, child.name, target.uuid, child.uuid)
            moved.append(replace(child, parent_uuid=target.uuid))
            kept.append(moved[-1])
        changed = _renumbered(kept, {m.uuid: m for m in moved})
        if source.anchors != "[]":
            changed[target.uuid] = _joined_anchors(changed.get(target.uuid, target), source)
        recode, _drop, details = _move_or_drop(conn, source, "move", target)
        details = {"name": source.name, "into": target.uuid, "into_name": target.name, **details}
        if moved:
            details["sub_codes_moved"] = len(moved)
        memos, drop_memos = moved_to(conn, source.uuid, target.uuid, source.name)
        moves, twins = suggested.moved(conn, source.uuid, target.uuid)
        return SchemePatch("merge", source.uuid, details, upsert=tuple(changed.values()), recode=recode,
                           remove=(source.uuid,), memos=memos, drop_memos=drop_memos, resuggest=moves,
                           drop_suggestions=twins)


@dataclass
class ImportCodebook(_SchemeCommand):
    """Merge codes read from a scheme file (:class:`CodeRow` without ids, parents first) by
    UUID: a known UUID updates that code in place (its annotations stay), other codes are
    added. Definition fields named in a code's ``keep`` keep what the project has."""

    codes: list
    source: str = "the scheme"
    action: str = "import"
    label: str = "Import codebook"
    result: tuple = (0, 0)

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        by_uuid = {r.uuid: r for r in rows}
        incoming = {c.uuid for c in self.codes}
        final: dict[str, CodeRow] = dict(by_uuid)
        added = updated = 0
        base = max((r.position for r in rows), default=-1) + 1
        upsert: list[CodeRow] = []
        groups: dict[Optional[str], list[str]] = {}
        for code in self.codes:
            groups.setdefault(code.parent_uuid, []).append(code.uuid)
        # A group whose codes all exist there already, in the same order: keep their positions.
        unchanged = {parent for parent, uuids in groups.items()
                     if all(by_uuid.get(u) and by_uuid[u].parent_uuid == parent for u in uuids)
                     and uuids == sorted(uuids, key=lambda u: (by_uuid[u].position, by_uuid[u].id))}
        for code in self.codes:
            old = by_uuid.get(code.uuid)
            if code.parent_uuid is not None and code.parent_uuid not in final:
                raise SchemeError(f"{self.source}: the parent of code {code.name!r} is not in the project.")
            fields = {"name": clean_name(code.name), "color": check_colour(code.color),
                      "description": code.description or "", "shortcut": code.shortcut,
                      "parent_uuid": code.parent_uuid, "codable": bool(code.codable),
                      "position": old.position if old is not None and code.parent_uuid in unchanged
                      else code.position if old is not None or code.parent_uuid in incoming
                      else base + code.position}
            for key in ("examples", "use_when", "dont_use_when", "rules", "anchors"):
                if key not in code.keep or old is None:
                    fields[key] = getattr(code, key) or ("[]" if key in ("rules", "anchors") else "")
            row = replace(old, **fields) if old is not None else CodeRow(None, code.uuid, **fields)
            if old is not None and old.codable and not row.codable and _count(conn, old.uuid):
                raise SchemeError(f"{self.source}: code {old.name!r} has annotations and cannot become a group.")
            final[row.uuid] = row
            if row != old:
                upsert.append(row)
                added, updated = (added, updated + 1) if old is not None else (added + 1, updated)
        _check_final(list(final.values()), self.source)
        self.result = (added, updated)
        return SchemePatch(self.action, None, {"source": self.source, "added": added, "updated": updated},
                           upsert=tuple(upsert))

    def unchanged(self, rows: list[CodeRow]) -> str:
        return f"{self.source} holds the codebook as the project has it; nothing was changed."
