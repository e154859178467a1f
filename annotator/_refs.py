"""How :class:`annotator.project.Project` turns refs into row ids and filters into SQL.

A ref is a record, a row id, a UUID or a name (for documents also a SHA-256; a name also
matches one stored in another Unicode form, compared after NFC); a name that two rows share is
refused rather than guessed, and a name that no row has is refused naming
the closest one (difflib), since a typo is the likeliest cause."""
from __future__ import annotations

import difflib
import sqlite3

from .errors import NotFoundError
from .textio import nfc

ROW_IDS = range(-2 ** 63, 2 ** 63)   # SQLite's INTEGER; a number outside it names no row
_HOW_TO_ADD = {"coder": "; add one with `annotator coders PROJECT --add NAME`."}   # nothing else adds one


def resolve(conn: sqlite3.Connection, table: str, what: str, ref, keys: tuple[str, ...]) -> int:
    """Turn a record, row id, UUID or name into a row id that exists."""
    if hasattr(ref, "id") and not isinstance(ref, (int, str)):
        ref = ref.id
    if isinstance(ref, bool) or not isinstance(ref, (int, str)):
        raise NotFoundError(f"A {what} must be given as a record, an id or a name, not {ref!r}.")
    if isinstance(ref, int):
        if ref in ROW_IDS and conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref,)).fetchone():
            return ref
    else:
        for key in keys:
            rows = conn.execute(f"SELECT id FROM {table} WHERE {key} = ? LIMIT 2", (ref,)).fetchall()
            if len(rows) == 1:
                return rows[0][0]
            if len(rows) > 1:
                raise NotFoundError(f"More than one {what} is named {ref!r}; use its id or UUID.")
        if "name" in keys and (found := _by_composed_name(conn, table, what, ref)) is not None:
            return found
    hint = closest(conn, table, ref, keys)
    if hint:
        raise NotFoundError(f"There is no {what} {ref!r} in this project. Did you mean {hint!r}?")
    raise NotFoundError(f"There is no {what} {ref!r} in this project" + _HOW_TO_ADD.get(what, "."))


def _by_composed_name(conn: sqlite3.Connection, table: str, what: str, ref: str):
    """The row whose name is ``ref`` written in another Unicode form (macOS file names are
    decomposed, typed names composed), or None."""
    form = nfc(ref)
    rows = [row_id for row_id, name in conn.execute(f"SELECT id, name FROM {table}") if nfc(name) == form]
    if len(rows) > 1:
        raise NotFoundError(f"More than one {what} is named {ref!r}; use its id or UUID.")
    return rows[0] if rows else None


def closest(conn: sqlite3.Connection, table: str, ref, keys: tuple[str, ...]) -> str:
    """The name closest to ``ref``, a name not found (case ignored), or "" if none is close."""
    if not isinstance(ref, str) or "name" not in keys:
        return ""
    return closest_name(ref, [name for (name,) in conn.execute(f"SELECT name FROM {table}")])


def closest_name(ref: str, names) -> str:
    """Of ``names``, the one closest to ``ref`` (case ignored, difflib), or "" if none is close:
    the one rule behind every "Did you mean ...?"."""
    folded = {name.casefold(): name for name in names}
    found = difflib.get_close_matches(ref.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else ""


def annotation_filter(project, document, coder, code) -> tuple[str, list]:
    """`` WHERE ...`` (or "") and its parameters for a document, coder(s) and code(s)."""
    where, params = [], []
    if document is not None:
        where.append("document_id = ?")
        params.append(project._document_id(document))
    for column, refs, resolve_ref in (("coder_id", coder, project._coder_id), ("code_id", code, project._code_id)):
        if refs is None:
            continue
        ids = [resolve_ref(r) for r in (refs if isinstance(refs, (list, tuple, set)) else [refs])]
        where.append(f"{column} IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    return (" WHERE " + " AND ".join(where) if where else ""), params
