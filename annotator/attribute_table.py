"""``attributes --import`` and ``--export``: document attributes as a table (CSV or XLSX).

The table has a ``document`` column (a document's name, or its id as ``--set`` takes it) and one
column per attribute. Header cells are trimmed. A cell that starts with an apostrophe is text,
kept exactly as written after it (Excel's convention): the export writes one before every text
that would otherwise read as something else (a formula, a number, a date, true/false, spaces at
either end, an empty text, a leading apostrophe), so an export imported again gives every value
back exactly, and no cell starts like a formula. Empty cells change nothing, so a null value is
not carried. A table is refused whole, naming the rows or columns, if a row names no document
(or one an earlier row named) or two columns are one attribute. The export writes a document by
its id where two documents share its name, and numbers as numbers.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .attribute_rules import DOCUMENT_COLUMN, check_key, key_problem
from .attribute_values import DATE, Reading, cell, kind, parse_value
from .attributes import (
    SetDocumentAttributes,
    all_attributes,
    kept_as_text,
    kinds_by_key,
    name_form,
    unlike_the_others,
)
from .changes import ChangeKind, Group
from .display import shown
from .errors import AnnotatorError
from .formats.spreadsheet import read_table
from .formats.tables import write_csv, write_xlsx
from .outputs import neutralise
from .textio import nfc

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class TableImport:
    command: Group
    documents: int
    warnings: list[str]


@dataclass(frozen=True)
class _Table:
    keys: list[str]
    rows: list[tuple[int, str, list[str]]]  # (row number in the file, document cell, the attribute cells)


def import_table(conn, path: Path) -> TableImport:
    """One command setting the attributes a table gives (empty cells change nothing); the whole
    file is refused, naming the rows, if any row matches no document (or one twice)."""
    table = _read(path)
    targets = _match_rows(conn, path, table.rows)
    values = [[(key, _reading(text)) for key, text in zip(table.keys, cells) if text.strip()]
              for _, _, cells in table.rows]
    warnings = _warnings([name for _, name, _ in table.rows], values, kinds_by_key(conn))
    commands = [SetDocumentAttributes(doc, {key: reading.value for key, reading in row})
                for doc, row in zip(targets, values) if row]
    return TableImport(Group(commands, "Import document attributes", ChangeKind.DOCUMENTS), len(commands), warnings)


def _reading(text: str) -> Reading:
    """A cell as a value: after an apostrophe, the text as written."""
    return Reading(text[1:], "") if text.startswith("'") else parse_value(text)


def _unmarked(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _marked(value, raw: bool):
    """A value as the export writes it: text that would read otherwise gets an apostrophe."""
    if raw or not isinstance(value, str):
        return value
    return "'" + value if value == "" or _name(value, False) != value or parse_value(value) != (value, "") else value


def _name(text: str, raw: bool) -> str:
    """A header or document cell as the export writes it (not read as a value)."""
    return text if raw or not (text.startswith("'") or neutralise(text) != text) else "'" + text


def _read(path: Path) -> _Table:
    cells = read_table(path)
    header = [_unmarked(h.strip()) for h in (cells[0] if cells else [])]
    at = _document_column(path, header)
    columns = [i for i in range(len(header)) if i != at and (header[i] or _has_values(cells, i))]
    keys = [_key(path, header[i] or f"column {i + 1}", i) for i in columns]
    _no_twice(path, [nfc(key) for key in keys], [i + 1 for i in columns], lambda key: f"called {shown(key)!r}")
    rows = [(number, _unmarked(_at(row, at)), [_at(row, i) for i in columns])
            for number, row in enumerate(cells[1:], start=2) if any(c.strip() for c in row)]
    return _Table(keys, rows)


def _document_column(path: Path, header: list[str]) -> int:
    found = [i for i, h in enumerate(header) if nfc(h).casefold() == DOCUMENT_COLUMN]
    if not found:
        raise AnnotatorError(f"{shown(path.name)} has no {DOCUMENT_COLUMN!r} column naming the documents.")
    _no_twice(path, [DOCUMENT_COLUMN] * len(found), [i + 1 for i in found], lambda _: "the document column")
    return found[0]


def _no_twice(path: Path, names: list[str], numbers: list[int], what: Callable[[str], str]) -> None:
    """Refuse two columns of one name: the table says nothing of which would win."""
    for index, name in enumerate(names):
        if name in names[:index]:
            raise AnnotatorError(f"{shown(path.name)} was not imported (nothing was changed): columns "
                                 f"{numbers[names.index(name)]} and {numbers[index]} are both {what(name)}.")


def _key(path: Path, key: str, index: int) -> str:
    try:
        return check_key(key)
    except AnnotatorError as error:
        raise AnnotatorError(f"{shown(path.name)}, column {index + 1}: {error}") from None


def _has_values(cells: list[list[str]], index: int) -> bool:
    return any(_at(row, index).strip() for row in cells[1:])


def _at(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _match_rows(conn, path: Path, rows: list[tuple[int, str, list[str]]]) -> list[int]:
    """The document of each row: by name (compared after NFC), else by id; refused whole,
    naming the rows, if a row names none, two, or one an earlier row named."""
    by_name: dict[str, list[int]] = {}
    for doc, name in conn.execute("SELECT id, name FROM documents"):
        by_name.setdefault(nfc(name), []).append(doc)
    ids = {doc for docs in by_name.values() for doc in docs}
    targets, problems, seen = [], [], set()
    for number, written, _ in rows:
        doc, problem = _document(written, by_name, ids)
        problem = problem or ("a document an earlier row named" if doc in seen else "")
        if problem:
            problems.append(f"row {number} {shown(written)!r}: {problem}")
        seen.add(doc)
        targets.append(doc)
    if problems:
        raise AnnotatorError(f"{shown(path.name)} was not imported (nothing was changed): {'; '.join(problems)}.")
    return targets


def _document(cell: str, by_name: dict[str, list[int]], ids: set[int]) -> tuple[int, str]:
    """A row's document (0 if none) and what is wrong with the cell ("" if nothing): the name
    as written, else trimmed, else an id."""
    named = by_name.get(nfc(cell)) or by_name.get(nfc(cell.strip()), [])
    cell = cell.strip()
    as_id = int(cell) if cell.isdigit() and int(cell) in ids else None
    if len(named) > 1:
        return 0, f"{len(named)} documents have this name (write the id of the one meant)"
    if named and as_id is not None and as_id != named[0]:
        return 0, f"it is the name of document {named[0]} and the id of document {as_id}"
    if named or as_id is not None:
        return (named[0] if named else as_id), ""  # type: ignore[return-value]
    return 0, "no document of the project has this name or id"


def _warnings(names: list[str], values: list[list[tuple[str, Reading]]], stored: dict[str, set[str]]) -> list[str]:
    """Cells kept as text that look like numbers or dates, and text in a column of dates."""
    dated = {key for row in values for key, reading in row if kind(reading.value) == DATE}
    warnings = []
    for name, row in zip(names, values):
        for key, (value, note) in row:
            kinds = stored.get(name_form(key), set()) | ({DATE} if key in dated else set())
            warning = kept_as_text(name, key, cell(value), note) if note else unlike_the_others(name, key, value, kinds)
            warnings += [warning] if warning else []
    return warnings


def export_table(conn, path: Path, raw: bool = False) -> tuple[int, list[str]]:
    """Write ``document`` and one column per attribute (sorted) as CSV or XLSX (by the suffix);
    return the number of rows and the notes on cells Excel could not hold."""
    if path.suffix.lower() not in SUFFIXES:
        raise AnnotatorError(f"{shown(path.name)}: attributes are exported as .csv or .xlsx; give one of those.")
    documents = all_attributes(conn)
    keys = sorted({key for _, _, attributes in documents for key in attributes})
    shared = Counter(nfc(name) for _, name, _ in documents)
    rows = [[str(doc) if shared[nfc(name)] > 1 else _name(name, raw),
             *(_marked(attributes.get(key), raw) for key in keys)] for doc, name, attributes in documents]
    header = [DOCUMENT_COLUMN, *(_name(key, raw) for key in keys)]
    notes = [f"the attribute {shown(key)!r} (stored by an older version) cannot be imported again under that "
             f"name: {problem}; rename it" for key in keys if (problem := key_problem(key))]
    if path.suffix.lower() == ".xlsx":
        return len(rows), notes + write_xlsx(path, "attributes", header, rows, raw=True)
    return write_csv(path, header, rows, raw=True), notes
