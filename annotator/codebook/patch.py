"""The patch every codebook edit becomes: it writes code rows and annotations, snapshots
what it overwrites (that snapshot is its inverse) and logs itself with a new scheme version.
:class:`_SchemeCommand` is the base of every command: check, build the patch, apply it."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Optional, cast

from ..changes import Change, ChangeKind, Command
from ..cited import CitedDisagreement
from ..clock import now
from ..errors import NotFoundError, SchemeError
from ..memos import overwritten
from ..memos import put as put_memo
from ..memos import remove as remove_memo
from . import suggested
from .checks import _check_unlocked
from .reading import _rows, code_rows, scheme_version
from .records import CodebookUnchangedError, CodeRow
from .store import remove_rows, write_rows


def _annotation_rows(conn: sqlite3.Connection, where: str, params) -> list[tuple]:
    cursor = conn.execute(f"SELECT * FROM annotations {where} ORDER BY id", params)
    names = [d[0] for d in cursor.description]
    return [tuple(zip(names, values)) for values in cursor]


def _value(row: tuple, key: str):
    return dict(row)[key]


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
    memos: tuple = ()      # memo rows (records.Memo) to write, by UUID: a code's memos moved or joined
    drop_memos: tuple = ()  # memo UUIDs to delete (a deleted code's)
    resuggest: tuple = ()  # (suggestion uuid, code uuid): a merged code's suggestions moved (.suggested)
    restore_suggestions: tuple = ()  # suggestion rows ((column, value), ...) to insert
    drop_suggestions: tuple = ()     # suggestion UUIDs to delete (a removed code's are added by apply)
    coder_id: Optional[int] = None
    label: str = "Edit codebook"

    def changes_nothing(self, rows: list[CodeRow]) -> bool:
        """True when applying would leave the project as ``rows`` (its codes) and its annotations are:
        nothing to remove, re-code, restore, drop or move, and every row to write equal to the one there."""
        if any((self.remove, self.recode, self.restore, self.drop, self.memos, self.drop_memos, self.resuggest,
                self.restore_suggestions, self.drop_suggestions)):
            return False
        current = {row.uuid: row for row in rows}
        return all(current.get(row.uuid) == row for row in self.upsert)

    def apply(self, conn: sqlite3.Connection):
        """Apply; the suggestions of the codes removed go out first (not by CASCADE), so the inverse keeps them."""
        going = suggested.left_behind(conn, self.remove, self.resuggest)
        return replace(self, drop_suggestions=tuple(dict.fromkeys([*self.drop_suggestions, *going])))._apply(conn)

    def _apply(self, conn: sqlite3.Connection):
        inverse = self._inverse(conn)
        try:
            self._write(conn)
        except sqlite3.IntegrityError as error:
            raise SchemeError(_integrity_message(conn, self, error)) from None
        _record(conn, self.action, self.code_uuid, self.details, self.coder_id)
        touched = tuple(dict.fromkeys([*(r[0] for r in self.recode), *self.drop,
                                       *(_value(r, "uuid") for r in self.restore)]))
        return inverse, Change(None, (), touched, ChangeKind.SCHEME)

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
        memos, drop_memos = overwritten(conn, self.memos, self.drop_memos)
        return SchemePatch(action, self.code_uuid, self.details,
                           upsert=tuple(current[u] for u in dict.fromkeys(wanted) if u in current),
                           remove=tuple(r.uuid for r in self.upsert if r.uuid not in current),
                           recode=tuple(recode), restore=tuple(restore),
                           drop=tuple(_value(r, "uuid") for r in self.restore),
                           memos=memos, drop_memos=drop_memos, coder_id=self.coder_id, label=self.label,
                           resuggest=suggested.codes_now(conn, self.resuggest),
                           restore_suggestions=suggested.rows(conn, self.drop_suggestions),
                           drop_suggestions=tuple(_value(r, "uuid") for r in self.restore_suggestions))

    def _write(self, conn: sqlite3.Connection) -> None:
        suggested.remove(conn, self.drop_suggestions)
        for uuid in self.drop:
            conn.execute("DELETE FROM annotations WHERE uuid = ?", (uuid,))
        write_rows(conn, self.upsert)
        for uuid, code_uuid, modified in self.recode:
            conn.execute("UPDATE annotations SET code_id = (SELECT id FROM codes WHERE uuid = ?), modified = ? "
                         "WHERE uuid = ?", (code_uuid, modified, uuid))
        for row in self.restore:
            names = [k for k, _ in row]
            conn.execute(f"INSERT INTO annotations({', '.join(_quote(n) for n in names)}) "
                         f"VALUES ({', '.join('?' * len(names))})", [v for _, v in row])
        suggested.put(conn, self.resuggest, self.restore_suggestions)
        for uuid in self.drop_memos:
            remove_memo(conn, uuid)
        for memo in self.memos:
            put_memo(conn, memo)
        remove_rows(conn, self.remove)


def reasons(because: str, disagreements) -> dict:
    """What a change log entry keeps of why the change was made: the note and snapshots of the cited
    disagreements (each once, in the order cited); nothing for neither."""
    cited = list({d.id: d.as_json() for d in disagreements}.values())
    return {**({"because": because.strip()} if because.strip() else {}),
            **({"disagreements": cited} if cited else {})}


def _quote(name: str) -> str:
    return f'"{name}"'


def _integrity_message(conn, patch: SchemePatch, error) -> str:
    text = str(error)
    if "shortcut" in text:
        return "Two codes would have the same shortcut key; the change was not made."
    if "FOREIGN KEY" in text:
        return "A code that still has annotations or sub-codes cannot be removed; the change was not made."
    return f"The codebook change was refused ({text})."


def record_scheme_change(conn: sqlite3.Connection, action: str, details: dict, code_uuid=None,
                         coder_id=None) -> int:
    """Log a codebook change made outside the edit commands (a merge, a REFI-QDA import):
    bumps ``meta.scheme_version`` and appends to ``scheme_log``; returns the new version."""
    return _record(conn, action, code_uuid, details, coder_id)


def _record(conn: sqlite3.Connection, action: str, code_uuid, details: dict, coder_id) -> int:
    version = scheme_version(conn) + 1
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('scheme_version', ?)", (str(version),))
    coder = conn.execute("SELECT uuid FROM coders WHERE id = ?", (coder_id,)).fetchone() if coder_id else None
    conn.execute("INSERT INTO scheme_log(time, coder_uuid, action, code_uuid, details, scheme_version) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (now(), coder[0] if coder else None, action, code_uuid,
                  json.dumps(details, ensure_ascii=False, sort_keys=True), version))
    return version


@dataclass
class _SchemeCommand:
    coder_id: Optional[int] = field(default=None, kw_only=True)
    because: str = field(default="", kw_only=True)   # why: a note kept in the change log (a disagreement, a round)
    disagreements: tuple[CitedDisagreement, ...] = field(default=(), kw_only=True)   # the disagreements it answers

    def apply(self, conn: sqlite3.Connection):
        """Build the patch and apply it; an edit that changes nothing is refused (no version, no log entry)."""
        _check_unlocked(conn)
        rows = code_rows(conn)
        patch = self.patch(conn, rows)
        if patch.changes_nothing(rows):
            raise CodebookUnchangedError(self.unchanged(rows))
        patch.coder_id, patch.label = self.coder_id, cast(Command, self).label  # every subclass has a label
        patch.details = {**patch.details, **reasons(self.because, self.disagreements)}
        return patch.apply(conn)

    def patch(self, conn, rows: list[CodeRow]) -> SchemePatch:  # pragma: no cover - abstract
        raise NotImplementedError

    def unchanged(self, rows: list[CodeRow]) -> str:
        """The sentence that refuses this edit when it would change nothing."""
        return f"{cast(Command, self).label}: that would leave the codebook as it is; nothing was changed."
