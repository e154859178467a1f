"""A spreadsheet corpus (.csv, .xlsx): one document per row.

The user names the text column and the name column; without them a column called ``text``
(``content``, ``body``) and one called ``name`` (``title``, ``document``) are used if present.
Every other non-empty cell becomes a document attribute (``{"outlet": "Daily Post", ...}``),
kept as text (dates as ISO 8601). Rows with an empty text cell are reported, not imported.
CSV: any encoding textio reads; the delimiter (comma, semicolon or tab) is the one the header
line uses most; quoted cells may hold line breaks. XLSX: the first sheet, cached values (not formulas), read-only.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Optional

from ..attribute_rules import key_problem
from ..errors import RefusedFileError
from ..textio import decode_bytes, nfc
from .safety import MAX_FILE_BYTES, read_bytes, read_office_file

TEXT_NAMES = ("text", "content", "body", "article")
NAME_NAMES = ("name", "title", "document", "headline", "id")


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row number in the sheet (the header is row 1)
    name: str
    text: str
    attributes: dict = field(default_factory=dict)


def read_rows(path: Path, text_column: Optional[str] = None, name_column: Optional[str] = None) -> list[Row]:
    suffix = path.suffix.lower()
    table = _csv_table(path) if suffix == ".csv" else _xlsx_table(path)
    if not table:
        raise RefusedFileError(f"{path.name} is empty.")
    header = [str(cell or "").strip() for cell in table[0]]
    if text_column is None and _is_codings_export(header):
        raise RefusedFileError(f"{path.name} is an annotator export of codings (one row per coded passage), not a "
                               "corpus; to import its passages as documents, name the text column (--text-column).")
    text_at = _text_column(path, header, text_column)
    name_at = _column(path, header, name_column, NAME_NAMES)
    keys = _attribute_names(path, header, (text_at, name_at))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = list(cells) + [None] * (len(header) - len(cells))
        if all(_cell(c) == "" for c in cells):
            continue
        text = _cell(cells[text_at]) if text_at < len(cells) else ""
        name = _cell(cells[name_at]).strip() if name_at is not None else ""
        attributes = {keys[i]: _cell(value) for i, value in enumerate(cells[:len(header)])
                      if i in keys and _cell(value) != ""}
        rows.append(Row(number, name or f"{path.name} row {number}", text, attributes))
    return rows


def _attribute_names(path: Path, header: list[str], taken: tuple) -> dict[int, str]:
    """Column index → attribute name for the columns that become attributes (an unnamed one is
    "column N"); a name the attribute rule refuses, or two columns of one name, refuse the file."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if i in taken:
            continue
        keys[i] = name or f"column {i + 1}"
        if problem := key_problem(keys[i]):
            raise RefusedFileError(f"{path.name}: column {i + 1} ({keys[i]!r}) cannot be an attribute: {problem}; "
                                   "rename it.")
        if (first := seen.setdefault(nfc(keys[i]), i)) != i:
            raise RefusedFileError(f"{path.name}: columns {first + 1} and {i + 1} are both called {keys[i]!r}; "
                                   "rename one.")
    return keys


def _is_codings_export(header: list[str]) -> bool:
    """The header of our own CSV/XLSX export (its identifying columns), which a guess would
    otherwise read as a corpus of coded passages."""
    return {"start", "end", "code", "coder", "annotation_uuid"} <= set(header)


def read_header(path: Path, rows: int = 3) -> tuple[list[str], list[list[str]]]:
    """The header row and the first ``rows`` rows as text, for choosing the columns."""
    table = _csv_table(path) if path.suffix.lower() == ".csv" else _xlsx_table(path)
    if not table:
        raise RefusedFileError(f"{path.name} is empty.")
    header = [str(cell or "").strip() for cell in table[0]]
    return header, [[_cell(c) for c in row] for row in table[1:1 + rows]]


def read_table(path: Path) -> list[list[str]]:
    """Every row of a .csv or .xlsx (the first sheet) as text cells, the header first."""
    table = _csv_table(path) if path.suffix.lower() == ".csv" else _xlsx_table(path)
    return [[_cell(c) for c in row] for row in table]


def _text_column(path, header, wanted) -> int:
    found = _column(path, header, wanted, TEXT_NAMES)
    if found is None:
        raise RefusedFileError(f"{path.name} is a spreadsheet: say which column holds the text with --text-column "
                               f"(its columns: {', '.join(header)}).")
    return found


def _column(path, header, wanted, defaults) -> Optional[int]:
    folded = [h.casefold() for h in header]
    if wanted:
        if wanted.casefold() in folded:
            return folded.index(wanted.casefold())
        if wanted.isdigit() and 1 <= int(wanted) <= len(header):
            return int(wanted) - 1
        raise RefusedFileError(f"{path.name} has no column {wanted!r} (its columns: {', '.join(header)}).")
    for name in defaults:
        if name in folded:
            return folded.index(name)
    return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime) and value.time() == time(0) and value.tzinfo is None:
        return value.date().isoformat()  # Excel keeps every date as a datetime
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_table(path: Path) -> list[list[str]]:
    text = decode_bytes(read_bytes(path), path.name).text
    header = text[:65536].split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # the header's commonest; ties go to the comma
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise RefusedFileError(f"{path.name} is not a readable CSV file ({error}).") from None
    finally:
        csv.field_size_limit(old_limit)


def _xlsx_table(path: Path) -> list[tuple]:
    data = read_office_file(path, "Excel workbook", "xl/workbook.xml")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [row for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as error:
        raise RefusedFileError(f"{path.name} could not be read as an Excel workbook ({error}).") from None
