"""Document attributes (outlet, date, author...): the values, the undoable edit, a table in and out.

Attributes live in ``documents.attributes`` (a JSON object), where spreadsheet and ``.qdpx``
imports put them. A value is text, a number or a date; a date is stored as ISO ``YYYY-MM-DD``
text. Written dates are read with python-dateutil when they hold a four-digit year, a month and
a day and no time of day: ISO and other year-first forms as year-month-day, named months
("3 March 2024", "March 3, 2024", "Mon, 4 Mar 2024") as written, and numeric forms such as
03/04/2024 only when one reading is possible (13/03/2024); a day and month that could be
swapped stay text with a warning, since a file says nothing of its convention.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Optional, Union

from dateutil import parser as dateparser

from ._refs import resolve
from .changes import Change, ChangeKind, Group
from .display import shown
from .errors import AnnotatorError, NotFoundError
from .formats.spreadsheet import read_table
from .outputs import CsvWriter, atomic_output

Value = Union[str, int, float, bool, None]
DOCUMENT_COLUMN = "document"
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_DEFAULTS = (datetime(1, 1, 1, 0, 0), datetime(2, 2, 2, 1, 1))


@dataclass
class SetDocumentAttributes:
    """Replace one document's attributes with ``attributes``; the inverse writes back the stored
    JSON text exactly as it was."""

    document_id: int
    attributes: dict
    label: str = "Change document attributes"
    stored: Optional[str] = None  # the exact JSON text to write instead (set by an inverse)

    def apply(self, conn: sqlite3.Connection) -> tuple["SetDocumentAttributes", Change]:
        old = conn.execute("SELECT attributes FROM documents WHERE id = ?", (self.document_id,)).fetchone()
        if old is None:
            raise NotFoundError(f"There is no document {self.document_id} in this project.")
        new = self.stored if self.stored is not None else json.dumps(self.attributes, ensure_ascii=False)
        conn.execute("UPDATE documents SET attributes = ? WHERE id = ?", (new, self.document_id))
        inverse = SetDocumentAttributes(self.document_id, loads(old[0]), self.label, old[0])
        return inverse, Change(self.document_id, (), (), ChangeKind.DOCUMENTS)


def loads(stored: Optional[str]) -> dict:
    return json.loads(stored or "{}")


def all_attributes(conn: sqlite3.Connection) -> list[tuple[int, str, dict]]:
    """(id, name, attributes) of every document, by id."""
    return [(i, name, loads(raw)) for i, name, raw in
            conn.execute("SELECT id, name, attributes FROM documents ORDER BY id")]


def document_id(conn: sqlite3.Connection, ref: str) -> int:
    """A document given on the command line: its name (or UUID), else its id."""
    try:
        return resolve(conn, "documents", "document", ref, ("uuid", "name"))
    except NotFoundError:
        if not ref.isdigit():
            raise
        return resolve(conn, "documents", "document", int(ref), ())


# ----------------------------------------------------------------- values
def parse_value(text: str) -> tuple[Value, bool]:
    """``text`` as a number, an ISO date or text, and whether it is a date whose day and month
    could be swapped (kept as text)."""
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return (float(text) if "." in text else int(text)), False
    if not _YEAR.search(text):
        return text, False
    readings = {_date(text, first) for first in ((True, False), (False, False))}
    if len(readings) == 1 and None not in readings:
        return readings.pop(), False
    return text, len(readings) > 1 and None not in readings


def _date(text: str, order: tuple[bool, bool]) -> Optional[str]:
    """``text`` read as a whole date (day-first ``order[0]``), ISO; None if it is not one."""
    year_first = bool(re.match(r"\s*[0-9]{4}", text))
    dayfirst = order[0] and not year_first
    try:
        a, b = (dateparser.parse(text, default=d, dayfirst=dayfirst, yearfirst=year_first) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if a.date() != b.date() or a.time() == b.time():  # a part of the date missing, or a time of day given
        return None
    return a.date().isoformat()


def is_date(value: Value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def cell(value: Value) -> str:
    """A stored value as a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ----------------------------------------------------------------- the command line's edits
def assignment(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` split; a missing ``=`` or key is refused in one sentence."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise AnnotatorError(f"{text!r} is not KEY=VALUE; write e.g. outlet=Daily Post.")
    return check_key(key.strip()), value


def check_key(key: str) -> str:
    if key.casefold() == DOCUMENT_COLUMN:
        raise AnnotatorError(f"{key!r} cannot be an attribute: the {DOCUMENT_COLUMN} column names the document.")
    return key


def set_values(conn, ref: str, assignments: list[str]) -> tuple[SetDocumentAttributes, list[str]]:
    """The command setting ``KEY=VALUE`` on a document, and warnings about its values."""
    doc = document_id(conn, ref)
    attributes = dict(loads(conn.execute("SELECT attributes FROM documents WHERE id = ?", (doc,)).fetchone()[0]))
    warnings = []
    for key, text in map(assignment, assignments):
        attributes[key], ambiguous = parse_value(text)
        if ambiguous:
            warnings.append(_ambiguous(ref, key, text))
    return SetDocumentAttributes(doc, attributes, "Set document attributes"), warnings


def unset_values(conn, ref: str, keys: list[str]) -> SetDocumentAttributes:
    doc = document_id(conn, ref)
    attributes = dict(loads(conn.execute("SELECT attributes FROM documents WHERE id = ?", (doc,)).fetchone()[0]))
    for key in keys:
        if key not in attributes:
            raise AnnotatorError(f"Document {shown(ref)!r} has no attribute {shown(key)!r}; nothing was changed.")
        del attributes[key]
    return SetDocumentAttributes(doc, attributes, "Remove document attributes")


def _ambiguous(document: str, key: str, text: str) -> str:
    return (f"{document}: {key} {text!r} kept as text: its day and month could be either way round "
            "(write it as YYYY-MM-DD)")


# ----------------------------------------------------------------- a table in and out
@dataclass(frozen=True)
class TableImport:
    command: Group
    documents: int
    warnings: list[str]


def import_table(conn, path: Path) -> TableImport:
    """One command setting the attributes a table gives (empty cells change nothing); the whole
    file is refused, naming the rows, if any row matches no document (or one twice)."""
    header, rows = _table(path)
    targets = _match_rows(conn, path, [row[0] for row in rows])
    columns = [check_key(key) for key in header[1:]]
    values = [[(key, parse_value(c)) for key, c in zip(columns, row[1:]) if c.strip()] for row in rows]
    warnings = _date_warnings([row[0] for row in rows], values)
    commands = []
    for doc, row in zip(targets, values):
        old = loads(conn.execute("SELECT attributes FROM documents WHERE id = ?", (doc,)).fetchone()[0])
        commands.append(SetDocumentAttributes(doc, {**old, **{key: v for key, (v, _) in row}}))
    return TableImport(Group(commands, "Import document attributes", ChangeKind.DOCUMENTS), len(commands), warnings)


def _table(path: Path) -> tuple[list[str], list[list[str]]]:
    table = read_table(path)
    header = table[0] if table else []
    folded = [h.casefold() for h in header]
    if DOCUMENT_COLUMN not in folded:
        raise AnnotatorError(f"{shown(path.name)} has no {DOCUMENT_COLUMN!r} column naming the documents.")
    at = folded.index(DOCUMENT_COLUMN)
    order = [at] + [i for i, h in enumerate(header) if i != at and h]
    rows = [[row[i] if i < len(row) else "" for i in order] for row in table[1:] if any(c.strip() for c in row)]
    return [header[i] for i in order], rows


def _match_rows(conn, path: Path, names: list[str]) -> list[int]:
    ids: dict[str, list[int]] = {}
    for doc, name in conn.execute("SELECT id, name FROM documents"):
        ids.setdefault(name, []).append(doc)
    seen: set[str] = set()
    unmatched = []
    for number, name in enumerate(names, start=2):
        if len(ids.get(name.strip(), [])) != 1 or name.strip() in seen:
            unmatched.append(f"row {number} {name!r}")
        seen.add(name.strip())
    if unmatched:
        raise AnnotatorError(f"{shown(path.name)} was not imported (nothing was changed): these rows name no document "
                             f"of the project, or one an earlier row named: {shown(', '.join(unmatched))}.")
    return [ids[name.strip()][0] for name in names]


def _date_warnings(names: list[str], values: list[list]) -> list[str]:
    """A value kept as text in a column that holds dates, named with its document."""
    dated = {key for row in values for key, (v, _) in row if is_date(v)}
    warnings = []
    for name, row in zip(names, values):
        for key, (value, ambiguous) in row:
            if ambiguous:
                warnings.append(_ambiguous(name, key, value))
            elif key in dated and isinstance(value, str) and not is_date(value):
                warnings.append(f"{name}: {key} {value!r} is not a date this reads; kept as text")
    return warnings


def export_table(conn, path: Path, raw: bool = False) -> int:
    """Write ``document`` and one column per attribute (sorted); return the number of rows."""
    documents = all_attributes(conn)
    keys = sorted({key for _, _, attributes in documents for key in attributes})
    with atomic_output(path, "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw)
        writer.writerow([DOCUMENT_COLUMN, *keys])
        writer.writerows([name, *(cell(attributes.get(key)) for key in keys)] for _, name, attributes in documents)
    return len(documents)
