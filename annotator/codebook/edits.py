"""Commands that add a code or change one: name, colour, definition, key, kind, place."""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field, replace
from typing import Optional, Sequence

from ..errors import SchemeError
from ..uuids import new_uuid
from .checks import (
    _ancestors,
    _check_shortcut,
    _children,
    _count,
    _find,
    _renumbered,
    check_colour,
)
from .names import check_name_free, clean_name
from .patch import SchemePatch, _SchemeCommand
from .records import CodeInUseError, CodeRow
from .rules import Rule, check_rules, rules_text


@dataclass
class AddCode(_SchemeCommand):
    """A new code at the end of ``parent_uuid``'s children (or at ``index`` among them)."""

    name: str
    color: str = "#999999"
    parent_uuid: Optional[str] = None
    description: str = ""
    examples: str = ""
    use_when: str = ""
    dont_use_when: str = ""
    shortcut: Optional[str] = None
    codable: bool = True
    index: Optional[int] = None
    uuid: str = field(default_factory=new_uuid)
    id: Optional[int] = None     # set on first apply, so a redo gives the code its old id back
    label: str = "Add code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        name = clean_name(self.name)
        if self.parent_uuid is not None:
            _find(rows, self.parent_uuid)
        if any(r.uuid == self.uuid for r in rows):
            raise SchemeError(f"There is already a code with UUID {self.uuid}.")
        check_name_free(rows, name, self.parent_uuid, self.uuid)
        shortcut = _check_shortcut(rows, self.shortcut, self.uuid)
        if shortcut and not self.codable:
            raise SchemeError(f"{name!r} is a group, which is never applied itself, so it cannot have a shortcut.")
        position = max((r.position for r in rows), default=-1) + 1
        row = CodeRow(self.id, self.uuid, name, check_colour(self.color), self.description or "",
                      self.examples or "", self.use_when or "", self.dont_use_when or "", shortcut,
                      self.parent_uuid, position, bool(self.codable))
        changed: dict = {}
        if self.index is not None:
            siblings = _children(rows, self.parent_uuid)
            siblings.insert(max(0, min(self.index, len(siblings))), row)
            changed = _renumbered(siblings, {})
        changed.setdefault(row.uuid, row)
        return SchemePatch("add", self.uuid, {"name": name, "parent": self.parent_uuid},
                           upsert=tuple(changed.values()))

    def apply(self, conn):
        result = super().apply(conn)
        self.id = conn.execute("SELECT id FROM codes WHERE uuid = ?", (self.uuid,)).fetchone()[0]
        return result


def _edit(row: CodeRow, action: str, details: dict, **changes) -> SchemePatch:
    return SchemePatch(action, row.uuid, details, upsert=(replace(row, **changes),))


@dataclass
class RenameCode(_SchemeCommand):
    uuid: str
    name: str
    label: str = "Rename code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row, name = _find(rows, self.uuid), clean_name(self.name)
        check_name_free(rows, name, row.parent_uuid, row.uuid)
        return _edit(row, "rename", {"from": row.name, "to": name}, name=name)


@dataclass
class RecolourCode(_SchemeCommand):
    uuid: str
    color: str
    label: str = "Recolour code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row, color = _find(rows, self.uuid), check_colour(self.color)
        return _edit(row, "recolour", {"from": row.color, "to": color}, color=color)


@dataclass
class DescribeCode(_SchemeCommand):
    """Set the definition fields given (``None`` leaves a field as it is)."""

    uuid: str
    description: Optional[str] = None
    examples: Optional[str] = None
    use_when: Optional[str] = None
    dont_use_when: Optional[str] = None
    label: str = "Describe code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        changes = {k: str(v) for k, v in (("description", self.description), ("examples", self.examples),
                                          ("use_when", self.use_when), ("dont_use_when", self.dont_use_when))
                   if v is not None}
        return _edit(row, "describe", {"fields": sorted(changes)}, **changes)


@dataclass
class SetRules(_SchemeCommand):
    """Replace a code's rules (:class:`Rule` records or their JSON objects, each checked by
    :mod:`.rules`); a group, never applied itself, cannot have any."""

    uuid: str
    rules: Sequence = ()
    label: str = "Set rules"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        rules = check_rules([asdict(r) if isinstance(r, Rule) else r for r in self.rules], row.name)
        if rules and not row.codable:
            raise SchemeError(f"{row.name!r} is a group, which is never applied itself, so it cannot have rules.")
        text = rules_text(rules)
        return _edit(row, "rules", {"from": row.rules, "to": text}, rules=text)

    def unchanged(self, rows: list[CodeRow]) -> str:
        row = _find(rows, self.uuid)
        has = "already has exactly these rules" if self.rules else "has no rules"
        return f"{row.name!r} {has}; nothing was changed."


@dataclass
class SetShortcut(_SchemeCommand):
    """Set (or with ``None``/"" clear) the key that applies a code; a key used by another
    code is refused."""

    uuid: str
    shortcut: Optional[str]
    label: str = "Set shortcut"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        shortcut = _check_shortcut(rows, self.shortcut, row.uuid)
        if shortcut and not row.codable:
            raise SchemeError(f"{row.name!r} is a group, which is never applied itself, so it cannot have a shortcut.")
        return _edit(row, "shortcut", {"from": row.shortcut, "to": shortcut}, shortcut=shortcut)


@dataclass
class SetCodable(_SchemeCommand):
    """Make a code a pure group (not applied itself) or codable again. A code with
    annotations cannot become a group; a group's shortcut is cleared (and restored on undo)."""

    uuid: str
    codable: bool
    label: str = "Change code kind"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        details: dict = {"codable": bool(self.codable)}
        if not self.codable:
            count = _count(conn, row.uuid)
            if count:
                raise CodeInUseError(f"{row.name!r} has {count} annotation{'s' if count != 1 else ''}; move or "
                                     "delete them before making it a group.", count)
            if row.shortcut:
                details["shortcut cleared"] = row.shortcut
        return _edit(row, "codable", details, codable=bool(self.codable),
                     shortcut=row.shortcut if self.codable else None)


@dataclass
class MoveCode(_SchemeCommand):
    """Put a code under ``parent_uuid`` (None: top level) at ``index`` among its new
    siblings (None: last). Moving a code under itself or its own descendant is refused."""

    uuid: str
    parent_uuid: Optional[str]
    index: Optional[int] = None
    label: str = "Move code"

    def patch(self, conn: sqlite3.Connection, rows: list[CodeRow]) -> SchemePatch:
        row = _find(rows, self.uuid)
        if self.parent_uuid is not None:
            parent = _find(rows, self.parent_uuid)
            if row.uuid in _ancestors(rows, parent.uuid):
                raise SchemeError(f"{row.name!r} cannot go under {parent.name!r}, which is "
                                  f"{'itself' if parent.uuid == row.uuid else 'one of its own sub-codes'}.")
        check_name_free(rows, row.name, self.parent_uuid, row.uuid)
        old_siblings = [r for r in _children(rows, row.parent_uuid) if r.uuid != row.uuid]
        new_siblings = [r for r in _children(rows, self.parent_uuid) if r.uuid != row.uuid]
        at = len(new_siblings) if self.index is None else max(0, min(self.index, len(new_siblings)))
        moved = replace(row, parent_uuid=self.parent_uuid)
        new_siblings.insert(at, moved)
        changed = {row.uuid: moved}
        if self.parent_uuid != row.parent_uuid:
            _renumbered(old_siblings, changed)
        _renumbered(new_siblings, changed)
        return SchemePatch("move", row.uuid, {"from_parent": row.parent_uuid, "to_parent": self.parent_uuid,
                                              "index": at}, upsert=tuple(changed.values()))
