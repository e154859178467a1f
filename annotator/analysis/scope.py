"""Which annotations an analysis reads: codes (with their sub-codes), coders (``gold`` is the
adjudicated layer, found by its UUID even when renamed), documents (by name, UUID or id) and
``--where`` conditions, resolved to row ids once. An unknown name is refused with the closest
known one and the list of known ones."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Optional, Sequence

from .._refs import closest_name
from ..attributes import document_id
from ..display import shown
from ..errors import NotFoundError
from ..records import Code, code_path
from ..segments import GOLD_NAME, gold_coder_row
from ..where import document_ids, parse

GOLD_ALIAS = "@" + GOLD_NAME
_CODE_COLUMNS = "id, uuid, name, color, description, shortcut, parent_id, position, codable"


@dataclass(frozen=True)
class Scope:
    """Row ids to keep; ``None`` keeps everything of that kind."""

    code_ids: Optional[frozenset]
    coder_ids: Optional[frozenset]
    document_ids: Optional[frozenset]

    def sql(self, alias: str = "a") -> tuple[str, list]:
        """`` WHERE ...`` (or "") on annotations ``alias`` and its parameters."""
        where, params = [], []
        for column, ids in (("code_id", self.code_ids), ("coder_id", self.coder_ids),
                            ("document_id", self.document_ids)):
            if ids is not None:
                where.append(f"{alias}.{column} IN (SELECT value FROM json_each(?))")
                params.append("[" + ",".join(map(str, sorted(ids))) + "]")
        return (" WHERE " + " AND ".join(where) if where else ""), params


def codes_by_id(conn: sqlite3.Connection) -> dict[int, Code]:
    rows = conn.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position, id")
    return {row[0]: Code(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8])) for row in rows}


def resolve_scope(conn: sqlite3.Connection, codes: Sequence[str] = (), coders: Sequence[str] = (),
                  documents: Sequence[str] = (), where: Sequence[str] = (), sub_codes: bool = True) -> Scope:
    by_id = codes_by_id(conn)
    code_ids = None
    if codes:
        chosen = {code_id(by_id, name) for name in codes}
        code_ids = frozenset(with_descendants(by_id, chosen) if sub_codes else chosen)
    coder_ids = frozenset(coder_id(conn, name) for name in coders) if coders else None
    doc_ids = None
    if documents:
        doc_ids = frozenset(document(conn, ref) for ref in documents)
    if where:
        selected = frozenset(document_ids(conn, parse(where)))
        doc_ids = selected if doc_ids is None else doc_ids & selected
    return Scope(code_ids, coder_ids, doc_ids)


def code_id(by_id: dict[int, Code], ref: str) -> int:
    """A code by its path (``Parent > Child``), its name when only one code has it, or its UUID."""
    paths = {cid: code_path(by_id, cid) for cid in by_id}
    for matches in ([c for c, p in paths.items() if p == ref], [c for c, code in by_id.items() if code.name == ref],
                    [c for c, code in by_id.items() if code.uuid == ref]):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(sorted(paths[c] for c in matches))
            raise NotFoundError(f'More than one code is named "{shown(ref)}" ({listed}); give its path.')
    raise NotFoundError(unknown("code", ref, sorted(paths.values(), key=str.casefold)))


def with_descendants(by_id: dict[int, Code], chosen: set[int]) -> set[int]:
    children: dict[Optional[int], list[int]] = {}
    for code in by_id.values():
        children.setdefault(code.parent_id, []).append(code.id)
    out, todo = set(), list(chosen)
    while todo:
        current = todo.pop()
        if current not in out:
            out.add(current)
            todo.extend(children.get(current, ()))
    return out


def coder_id(conn: sqlite3.Connection, name: str) -> int:
    """A coder by exact name; else ``gold`` (any case) or ``@gold`` is the gold layer, found by its UUID.
    A real coder called "Gold" is thus selected by its name; ``@gold`` always means the layer."""
    gold = gold_coder_row(conn)
    if gold is not None and name.casefold() == GOLD_ALIAS:
        return gold.id
    row = conn.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    if gold is not None and name.casefold() == GOLD_NAME:
        return gold.id
    known = [n for (n,) in conn.execute("SELECT name FROM coders ORDER BY name")]
    if gold is not None and GOLD_NAME not in known:
        known.append(GOLD_NAME)
    raise NotFoundError(unknown("coder", name, known))


def document(conn: sqlite3.Connection, ref: str) -> int:
    try:
        return document_id(conn, ref)
    except NotFoundError:
        if conn.execute("SELECT 1 FROM documents WHERE name = ? OR uuid = ?", (ref, ref)).fetchone():
            raise  # the name exists, so the core's message says why it is not one document
        known = [n for (n,) in conn.execute("SELECT name FROM documents ORDER BY id")]
        raise NotFoundError(unknown("document", ref, known, list_all=len(known) <= 20)) from None


def unknown(what: str, ref: str, known: Sequence[str], list_all: bool = True) -> str:
    if not known:
        return f'There is no {what} "{shown(ref)}": the project has no {what}s.'
    close = closest_name(ref, known)
    hint = f' Did you mean "{shown(close)}"?' if close else ""
    listed = f" The {what}s are: {', '.join(shown(k) for k in known)}." if list_all else ""
    return f'There is no {what} "{shown(ref)}".{hint}{listed}'
