"""Editing the codebook: undoable commands for codes, a change log and a scheme version.

Every command applies itself in the caller's transaction (``project.apply(command)``) and
returns ``(inverse, Change(kind="scheme"))`` like the annotation commands. Internally each
edit is turned into a :class:`SchemePatch` (the code rows to write, the codes to remove, the
annotations to re-code, restore or delete); applying a patch snapshots exactly what it
overwrites, and that snapshot is the inverse. So undo puts back every code row and every
annotation with the same ids, UUIDs, timestamps and scheme versions.

Each applied patch (an edit, an undo or a redo) adds one row to ``scheme_log`` and increments
``meta.scheme_version``; the version only ever grows, so the version stored on an annotation
(``annotations.scheme_version``, filled when it is inserted) names one codebook state.

Commands name codes by UUID, never by row id, so that a redo after an undo still finds them.
A project whose ``codebook_locked`` is true (a coder package) refuses every edit.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Optional

from .commands import Change
from .errors import AnnotatorError, NotFoundError, SchemeError

SHORT_COLOUR = re.compile(r"^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_KNOWN = ("id", "uuid", "name", "color", "description", "examples", "use_when", "dont_use_when",
          "shortcut", "parent_id", "position", "codable", "parent_uuid")
DELETE_CHOICES = ("refuse", "move", "delete")


class CodebookLockedError(AnnotatorError):
    """The codebook of this project may not be edited (a coder package)."""


class CodeInUseError(SchemeError):
    """A code still has annotations; the caller must say where they go."""

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class CodeRow:
    """A full row of the codes table, with the parent named by UUID."""

    id: Optional[int]
    uuid: str
    name: str
    color: str
    description: str = ""
    examples: str = ""
    use_when: str = ""
    dont_use_when: str = ""
    shortcut: Optional[str] = None
    parent_uuid: Optional[str] = None
    position: int = 0
    codable: bool = True
    extra: tuple = ()   # columns added by later migrations, written back as they were


@dataclass(frozen=True)
class CodeDefinition:
    """What a coder reads when in doubt."""

    uuid: str
    name: str
    path: str
    color: str
    codable: bool
    shortcut: Optional[str]
    description: str
    examples: str
    use_when: str
    dont_use_when: str

    @property
    def is_empty(self) -> bool:
        return not (self.description or self.examples or self.use_when or self.dont_use_when)


@dataclass(frozen=True)
class SchemeLogEntry:
    id: int
    time: str
    coder: Optional[str]
    coder_uuid: Optional[str]
    action: str
    code_uuid: Optional[str]
    details: dict
    scheme_version: int


# --------------------------------------------------------------------------- reading
def _rows(conn: sqlite3.Connection, where: str = "", params=()) -> list[CodeRow]:
    cursor = conn.execute("SELECT c.*, p.uuid AS parent_uuid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id "
                          f"{where} ORDER BY c.position, c.id", params)
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(names, values))
        extra = tuple((k, v) for k, v in row.items() if k not in _KNOWN)
        out.append(CodeRow(row["id"], row["uuid"], row["name"], row["color"], row["description"],
                           row.get("examples", ""), row.get("use_when", ""), row.get("dont_use_when", ""),
                           row["shortcut"], row["parent_uuid"], row["position"], bool(row["codable"]), extra))
    return out


def code_rows(conn: sqlite3.Connection) -> list[CodeRow]:
    """Every code, ordered by position then id."""
    return _rows(conn)


def code_row(conn: sqlite3.Connection, uuid: str) -> CodeRow:
    rows = _rows(conn, "WHERE c.uuid = ?", (uuid,))
    if not rows:
        raise NotFoundError(f"There is no code {uuid} in this project.")
    return rows[0]


def tree_order(rows: list[CodeRow]) -> list[tuple[int, CodeRow]]:
    """(depth, row) depth first, siblings by position."""
    children: dict[Optional[str], list[CodeRow]] = {}
    known = {r.uuid for r in rows}
    for row in sorted(rows, key=lambda r: (r.position, r.id or 0)):
        parent = row.parent_uuid if row.parent_uuid in known else None
        children.setdefault(parent, []).append(row)
    out: list[tuple[int, CodeRow]] = []

    def walk(parent: Optional[str], depth: int) -> None:
        for row in children.get(parent, []):
            out.append((depth, row))
            walk(row.uuid, depth + 1)

    walk(None, 0)
    return out


def path_of(rows_by_uuid: dict, uuid: str) -> str:
    names, seen = [], set()
    row = rows_by_uuid.get(uuid)
    while row is not None and row.uuid not in seen:
        seen.add(row.uuid)
        names.append(row.name)
        row = rows_by_uuid.get(row.parent_uuid)
    return " > ".join(reversed(names))


def definition(project, ref) -> CodeDefinition:
    """The definition of one code (a record, id, UUID or name)."""
    conn = project.store.conn
    uuid = project.code(ref).uuid
    by_uuid = {r.uuid: r for r in code_rows(conn)}
    row = by_uuid[uuid]
    return CodeDefinition(row.uuid, row.name, path_of(by_uuid, uuid), row.color, row.codable, row.shortcut,
                          row.description, row.examples, row.use_when, row.dont_use_when)


def scheme_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'scheme_version'").fetchone()
    try:
        return int(row[0]) if row else 1
    except ValueError:
        return 1


def scheme_log(conn: sqlite3.Connection) -> list[SchemeLogEntry]:
    rows = conn.execute("SELECT l.id, l.time, c.name, l.coder_uuid, l.action, l.code_uuid, l.details, "
                        "l.scheme_version FROM scheme_log l LEFT JOIN coders c ON c.uuid = l.coder_uuid "
                        "ORDER BY l.id")
    return [SchemeLogEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), r[7]) for r in rows]


def annotation_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Code UUID -> number of annotations (all coders)."""
    rows = conn.execute("SELECT c.uuid, count(a.id) FROM codes c LEFT JOIN annotations a ON a.code_id = c.id "
                        "GROUP BY c.id")
    return {uuid: count for uuid, count in rows}


def annotation_scheme_version(conn: sqlite3.Connection, annotation_uuid: str) -> Optional[int]:
    row = conn.execute("SELECT scheme_version FROM annotations WHERE uuid = ?", (annotation_uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no annotation {annotation_uuid} in this project.")
    return row[0]


# --------------------------------------------------------------------------- the patch
def _annotation_rows(conn: sqlite3.Connection, where: str, params) -> list[tuple]:
    cursor = conn.execute(f"SELECT * FROM annotations {where} ORDER BY id", params)
    names = [d[0] for d in cursor.description]
    return [tuple(zip(names, values)) for values in cursor]


def _value(row: tuple, key: str):
    return dict(row)[key]


def _depth(uuid: str, parents: dict) -> int:
    depth, seen = 0, set()
    while parents.get(uuid) is not None and uuid not in seen:
        seen.add(uuid)
        uuid = parents[uuid]
        depth += 1
    return depth


@dataclass
class SchemePatch:
    """Put code rows and annotations into a given state; ``apply`` returns the patch that
    puts back exactly what it changed."""

    action: str
    code_uuid: Optional[str] = None
    details: dict = field(default_factory=dict)
    upsert: tuple = ()     # CodeRow: insert (with its id, if given) or update by UUID
    remove: tuple = ()     # code UUIDs to delete (they must have no annotations by then)
    recode: tuple = ()     # (annotation uuid, code uuid, modified)
    restore: tuple = ()    # annotation rows ((column, value), ...) to insert
    drop: tuple = ()       # annotation UUIDs to delete
    coder_id: Optional[int] = None
    label: str = "Edit codebook"

    def apply(self, project, conn: sqlite3.Connection):
        inverse = self._inverse(conn)
        try:
            self._write(conn)
        except sqlite3.IntegrityError as error:
            raise SchemeError(_integrity_message(conn, self, error)) from None
        _record(conn, self.action, self.code_uuid, self.details, self.coder_id)
        touched = tuple(dict.fromkeys([*(r[0] for r in self.recode), *self.drop,
                                       *(_value(r, "uuid") for r in self.restore)]))
        return inverse, Change(None, (), touched, kind="scheme")

    def _inverse(self, conn: sqlite3.Connection) -> "SchemePatch":
        wanted = [r.uuid for r in self.upsert] + list(self.remove)
        current = {r.uuid: r for r in _rows(conn, f"WHERE c.uuid IN ({','.join('?' * len(wanted))})", wanted)} \
            if wanted else {}
        recode = []
        for uuid, _code, _modified in self.recode:
            row = conn.execute("SELECT c.uuid, a.modified FROM annotations a JOIN codes c ON c.id = a.code_id "
                               "WHERE a.uuid = ?", (uuid,)).fetchone()
            if row is None:
                raise NotFoundError(f"There is no annotation {uuid} in this project.")
            recode.append((uuid, row[0], row[1]))
        restore = []
        for uuid in self.drop:
            rows = _annotation_rows(conn, "WHERE uuid = ?", (uuid,))
            if not rows:
                raise NotFoundError(f"There is no annotation {uuid} in this project.")
            restore.append(rows[0])
        action = self.action[5:] if self.action.startswith("undo ") else f"undo {self.action}"
        return SchemePatch(action, self.code_uuid, self.details,
                           upsert=tuple(current[u] for u in dict.fromkeys(wanted) if u in current),
                           remove=tuple(r.uuid for r in self.upsert if r.uuid not in current),
                           recode=tuple(recode), restore=tuple(restore),
                           drop=tuple(_value(r, "uuid") for r in self.restore),
                           coder_id=self.coder_id, label=self.label)

    def _write(self, conn: sqlite3.Connection) -> None:
        for uuid in self.drop:
            conn.execute("DELETE FROM annotations WHERE uuid = ?", (uuid,))
        existing = {u for (u,) in conn.execute("SELECT uuid FROM codes")}
        updates = [r for r in self.upsert if r.uuid in existing]
        inserts = [r for r in self.upsert if r.uuid not in existing]
        for row in updates:   # free the shortcuts first, so two codes may swap keys
            conn.execute("UPDATE codes SET shortcut = NULL WHERE uuid = ?", (row.uuid,))
        parents = {r.uuid: r.parent_uuid for r in inserts}
        for row in sorted(inserts, key=lambda r: _depth(r.uuid, parents)):
            columns = {**_columns(conn, row), "uuid": row.uuid}
            if row.id is not None:
                columns["id"] = row.id
            conn.execute(f"INSERT INTO codes({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [*columns.values()])
        for row in updates:
            columns = _columns(conn, row)
            conn.execute(f"UPDATE codes SET {', '.join(f'{k} = ?' for k in columns)} WHERE uuid = ?",
                         [*columns.values(), row.uuid])
        for uuid, code_uuid, modified in self.recode:
            conn.execute("UPDATE annotations SET code_id = (SELECT id FROM codes WHERE uuid = ?), modified = ? "
                         "WHERE uuid = ?", (code_uuid, modified, uuid))
        for row in self.restore:
            names = [k for k, _ in row]
            conn.execute(f"INSERT INTO annotations({', '.join(_quote(n) for n in names)}) "
                         f"VALUES ({', '.join('?' * len(names))})", [v for _, v in row])
        if self.remove:
            parents = dict(conn.execute("SELECT c.uuid, p.uuid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id"))
            for uuid in sorted(self.remove, key=lambda u: -_depth(u, parents)):
                conn.execute("DELETE FROM codes WHERE uuid = ?", (uuid,))


def _columns(conn: sqlite3.Connection, row: CodeRow) -> dict:
    parent_id = None
    if row.parent_uuid is not None:
        found = conn.execute("SELECT id FROM codes WHERE uuid = ?", (row.parent_uuid,)).fetchone()
        if found is None:
            raise SchemeError(f"There is no parent code {row.parent_uuid} in this project.")
        parent_id = found[0]
    return {"name": row.name, "color": row.color, "description": row.description, "examples": row.examples,
            "use_when": row.use_when, "dont_use_when": row.dont_use_when, "shortcut": row.shortcut,
            "parent_id": parent_id, "position": row.position, "codable": int(row.codable),
            **dict(row.extra)}


def _quote(name: str) -> str:
    return f'"{name}"'


def _integrity_message(conn, patch: SchemePatch, error) -> str:
    text = str(error)
    if "shortcut" in text:
        return "Two codes would have the same shortcut key; the change was not made."
    if "FOREIGN KEY" in text:
        return "A code that still has annotations or sub-codes cannot be removed; the change was not made."
    return f"The codebook change was refused ({text})."


def _record(conn: sqlite3.Connection, action: str, code_uuid, details: dict, coder_id) -> int:
    from .project import now

    version = scheme_version(conn) + 1
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('scheme_version', ?)", (str(version),))
    coder = conn.execute("SELECT uuid FROM coders WHERE id = ?", (coder_id,)).fetchone() if coder_id else None
    conn.execute("INSERT INTO scheme_log(time, coder_uuid, action, code_uuid, details, scheme_version) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (now(), coder[0] if coder else None, action, code_uuid,
                  json.dumps(details, ensure_ascii=False, sort_keys=True), version))
    return version


# --------------------------------------------------------------------------- checks
def _check_unlocked(project) -> None:
    locked = getattr(project, "codebook_locked", False)
    if callable(locked):
        locked = locked()
    if locked:
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


def _clean_name(name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise SchemeError("A code needs a name.")
    return name


def _check_name_free(rows: list[CodeRow], name: str, parent_uuid, uuid) -> None:
    for row in rows:
        if row.parent_uuid == parent_uuid and row.uuid != uuid and row.name.casefold() == name.casefold():
            raise SchemeError(f"There is already a code named {row.name!r} at that level.")


def _check_shortcut(rows: list[CodeRow], shortcut, uuid) -> Optional[str]:
    shortcut = (str(shortcut).strip() if shortcut is not None else "") or None
    if shortcut is None:
        return None
    if len(shortcut) > 40:
        raise SchemeError(f"{shortcut[:40]!r}… is too long for a shortcut key.")
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
        current = by_uuid.get(current.parent_uuid)
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


# --------------------------------------------------------------------------- commands
@dataclass
class _SchemeCommand:
    coder_id: Optional[int] = field(default=None, kw_only=True)

    def apply(self, project, conn: sqlite3.Connection):
        _check_unlocked(project)
        patch = self.patch(conn, code_rows(conn))
        patch.coder_id, patch.label = self.coder_id, self.label
        return patch.apply(project, conn)

    def patch(self, conn, rows: list[CodeRow]) -> SchemePatch:  # pragma: no cover - abstract
        raise NotImplementedError


def _new_uuid() -> str:
    from .project import new_uuid

    return new_uuid()


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
    uuid: str = field(default_factory=_new_uuid)
    id: Optional[int] = None     # set on first apply, so a redo gives the code its old id back
    label: str = "Add code"

    def patch(self, conn, rows):
        name = _clean_name(self.name)
        if self.parent_uuid is not None:
            _find(rows, self.parent_uuid)
        if any(r.uuid == self.uuid for r in rows):
            raise SchemeError(f"There is already a code with UUID {self.uuid}.")
        _check_name_free(rows, name, self.parent_uuid, self.uuid)
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

    def apply(self, project, conn):
        result = super().apply(project, conn)
        self.id = conn.execute("SELECT id FROM codes WHERE uuid = ?", (self.uuid,)).fetchone()[0]
        return result


def _edit(row: CodeRow, action: str, details: dict, **changes) -> SchemePatch:
    return SchemePatch(action, row.uuid, details, upsert=(replace(row, **changes),))


@dataclass
class RenameCode(_SchemeCommand):
    uuid: str
    name: str
    label: str = "Rename code"

    def patch(self, conn, rows):
        row, name = _find(rows, self.uuid), _clean_name(self.name)
        _check_name_free(rows, name, row.parent_uuid, row.uuid)
        return _edit(row, "rename", {"from": row.name, "to": name}, name=name)


@dataclass
class RecolourCode(_SchemeCommand):
    uuid: str
    color: str
    label: str = "Recolour code"

    def patch(self, conn, rows):
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

    def patch(self, conn, rows):
        row = _find(rows, self.uuid)
        changes = {k: str(v) for k, v in (("description", self.description), ("examples", self.examples),
                                          ("use_when", self.use_when), ("dont_use_when", self.dont_use_when))
                   if v is not None}
        return _edit(row, "describe", {"fields": sorted(changes)}, **changes)


@dataclass
class SetShortcut(_SchemeCommand):
    """Set (or with ``None``/"" clear) the key that applies a code; a key used by another
    code is refused."""

    uuid: str
    shortcut: Optional[str]
    label: str = "Set shortcut"

    def patch(self, conn, rows):
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

    def patch(self, conn, rows):
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

    def patch(self, conn, rows):
        row = _find(rows, self.uuid)
        if self.parent_uuid is not None:
            parent = _find(rows, self.parent_uuid)
            if row.uuid in _ancestors(rows, parent.uuid):
                raise SchemeError(f"{row.name!r} cannot go under {parent.name!r}, which is "
                                  f"{'itself' if parent.uuid == row.uuid else 'one of its own sub-codes'}.")
        _check_name_free(rows, row.name, self.parent_uuid, row.uuid)
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


def _move_or_drop(conn, code: CodeRow, mode: str, target: Optional[CodeRow]) -> tuple[tuple, tuple, dict]:
    """The annotations of ``code``: re-coded to ``target`` or dropped; (recode, drop, details)."""
    from .project import now

    uuids = [u for (u,) in conn.execute("SELECT a.uuid FROM annotations a JOIN codes c ON c.id = a.code_id "
                                        "WHERE c.uuid = ? ORDER BY a.id", (code.uuid,))]
    if not uuids:
        return (), (), {"annotations": 0}
    if mode == "move":
        stamp = now()
        return tuple((u, target.uuid, stamp) for u in uuids), (), \
            {"annotations": len(uuids), "moved_to": target.uuid, "moved_to_name": target.name}
    return (), tuple(uuids), {"annotations": len(uuids), "deleted": len(uuids)}


@dataclass
class DeleteCode(_SchemeCommand):
    """Delete a code. If it has annotations, ``annotations`` says what happens to them:
    ``"move"`` (to ``move_to``, a codable code) or ``"delete"``; the default ``"refuse"``
    raises :class:`CodeInUseError` with the count, so nothing is lost by accident. A code
    with sub-codes is refused: move or delete them first."""

    uuid: str
    annotations: str = "refuse"
    move_to: Optional[str] = None
    label: str = "Delete code"

    def patch(self, conn, rows):
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
        return SchemePatch("delete", row.uuid, {"name": row.name, **details}, recode=recode, drop=drop,
                           remove=(row.uuid,))


def _target(rows, uuid, source: CodeRow) -> CodeRow:
    if uuid is None:
        raise SchemeError(f"Say which code the annotations of {source.name!r} should move to.")
    target = _find(rows, uuid)
    if target.uuid == source.uuid:
        raise SchemeError(f"The annotations of {source.name!r} cannot move to the same code.")
    if not target.codable:
        raise SchemeError(f"{target.name!r} is a group, which is never applied itself; choose a codable code.")
    return target


@dataclass
class MergeCodes(_SchemeCommand):
    """Merge ``source_uuid`` into ``target_uuid``: every annotation of the source is
    re-coded to the target, the source's sub-codes move under the target, and the source
    is removed. Undo restores all of it."""

    source_uuid: str
    target_uuid: str
    label: str = "Merge codes"

    def patch(self, conn, rows):
        source = _find(rows, self.source_uuid)
        target = _target(rows, self.target_uuid, source)
        if source.uuid in _ancestors(rows, target.uuid):
            raise SchemeError(f"{source.name!r} cannot be merged into its own sub-code {target.name!r}.")
        kept, moved = _children(rows, target.uuid), []
        for child in _children(rows, source.uuid):
            _check_name_free(kept, child.name, target.uuid, child.uuid)
            moved.append(replace(child, parent_uuid=target.uuid))
            kept.append(moved[-1])
        changed = _renumbered(kept, {m.uuid: m for m in moved})
        recode, _drop, details = _move_or_drop(conn, source, "move", target)
        details = {"name": source.name, "into": target.uuid, "into_name": target.name, **details}
        if moved:
            details["sub_codes_moved"] = len(moved)
        return SchemePatch("merge", source.uuid, details, upsert=tuple(changed.values()), recode=recode,
                           remove=(source.uuid,))


@dataclass
class ImportCodebook(_SchemeCommand):
    """Merge codes read from a scheme file (``scheme.SchemeCode``, parents first) by UUID:
    a known UUID updates that code in place (its annotations stay), other codes are added.
    Definition fields given as None keep what the project has."""

    codes: list
    source: str = "the scheme"
    action: str = "import"
    label: str = "Import codebook"
    result: tuple = (0, 0)

    def patch(self, conn, rows):
        by_uuid = {r.uuid: r for r in rows}
        incoming = {c.uuid for c in self.codes}
        final: dict[str, CodeRow] = dict(by_uuid)
        added = updated = 0
        base = max((r.position for r in rows), default=-1) + 1
        upsert, groups = [], {}
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
            fields = {"name": _clean_name(code.name), "color": check_colour(code.color),
                      "description": code.description or "", "shortcut": code.shortcut,
                      "parent_uuid": code.parent_uuid, "codable": bool(code.codable),
                      "position": old.position if code.parent_uuid in unchanged
                      else code.position if old is not None or code.parent_uuid in incoming
                      else base + code.position}
            for key in ("examples", "use_when", "dont_use_when"):
                value = getattr(code, key, None)
                if value is not None or old is None:
                    fields[key] = value or ""
            row = replace(old, **fields) if old is not None else CodeRow(None, code.uuid, **fields)
            if old is not None and old.codable and not row.codable and _count(conn, old.uuid):
                raise SchemeError(f"{self.source}: code {old.name!r} has annotations and cannot become a group.")
            final[row.uuid] = row
            upsert.append(row)
            added, updated = (added, updated + 1) if old is not None else (added + 1, updated)
        _check_final(list(final.values()), self.source)
        self.result = (added, updated)
        return SchemePatch(self.action, None, {"source": self.source, "added": added, "updated": updated},
                           upsert=tuple(upsert))


def _check_final(rows: list[CodeRow], source: str) -> None:
    keys, keys_seen = {}, {}
    for row in rows:
        key = (row.parent_uuid, row.name.casefold())
        if key in keys:
            raise SchemeError(f"The project already has a code named {row.name!r} at that level.")
        keys[key] = row
        if row.shortcut:
            other = keys_seen.get(row.shortcut.casefold())
            if other is not None:
                raise SchemeError(f"Shortcut {row.shortcut!r} of code {row.name!r} is already used by another "
                                  f"code ({other.name!r}).")
            keys_seen[row.shortcut.casefold()] = row
        if row.uuid in _ancestors(rows, row.parent_uuid):
            raise SchemeError(f"{source}: code {row.name!r} would end up under itself.")
