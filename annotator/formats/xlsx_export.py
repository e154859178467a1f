"""Excel workbook (.xlsx): sheets ``segments`` (one row per annotation, the CSV columns with the
``attr:KEY`` attribute columns and ``suggested_by``, numbers as numbers),
``codes`` and ``documents`` (with their attributes as extra columns).

Every text cell is written as a string cell, never a formula, and, unless ``raw``, a cell that
starts like a formula (``= + - @``, tab, CR, LF) also gets a leading apostrophe, as in the CSV
export. Excel limits a cell to 32,767 characters and forbids most C0 control characters: such
cells are shortened or get U+FFFD, and the export's notes say how many.
"""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

from ..outputs import atomic_output, neutralise
from ..selection import DocumentCache, attribute_keys, code_paths, document_table, select, suggested_methods
from ..steps import NO_STEPS, Steps
from .csv_export import CSV_COLUMNS, SUGGESTED_COLUMNS, attribute_columns
from .spans import ExportReport

MAX_CELL = 32_767


def export_xlsx(project, out: Path, coders=None, codes=None, raw: bool = False,
                steps: Steps = NO_STEPS) -> ExportReport:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        sheets = _Sheets(book, raw)
        count = _segments(sheets, project, coders, codes, steps)
        _codes(sheets, project)
        _documents(sheets, project)
        with atomic_output(Path(out), "wb") as stream:
            book.save(stream)
            steps.check()
    except BaseException:
        _discard(book)
        raise
    return ExportReport(count, "annotations", sheets.notes())


class _Sheets:
    """Rows into the workbook's write-only sheets, cells cleaned as Excel needs them."""

    def __init__(self, book, raw: bool):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        self.book, self.raw = book, raw
        self.cell, self.illegal = WriteOnlyCell, ILLEGAL_CHARACTERS_RE
        self.problems = {"shortened": 0, "replaced": 0}

    def sheet(self, title: str):
        return self.book.create_sheet(title)

    def row(self, sheet, values) -> None:
        cells = []
        for value in values:
            value = self.cell_value(value)
            cell = self.cell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)

    def cell_value(self, value):
        if not isinstance(value, str):
            return value
        value = value if self.raw else neutralise(value)
        if self.illegal.search(value):
            value = self.illegal.sub("\ufffd", value)
            self.problems["replaced"] += 1
        if len(value) > MAX_CELL:
            value = value[:MAX_CELL - 1] + "\u2026"
            self.problems["shortened"] += 1
        return value

    def notes(self) -> list[str]:
        notes = []
        if self.problems["shortened"]:
            notes.append(f"{self.problems['shortened']} cells were longer than Excel's {MAX_CELL:,} characters and "
                         "were shortened (the offsets still refer to the full text).")
        if self.problems["replaced"]:
            notes.append(f"{self.problems['replaced']} cells held control characters Excel cannot store; they were "
                         "replaced with \ufffd.")
        return notes


def _segments(sheets: _Sheets, project, coders, codes, steps: Steps) -> int:
    paths = code_paths(project)
    segments = sheets.sheet("segments")
    attr_keys = attribute_keys(project, coders, codes)
    sheets.row(segments, CSV_COLUMNS + attribute_columns(attr_keys) + SUGGESTED_COLUMNS)
    suggested = suggested_methods(project)
    docs = DocumentCache(project)
    selected = select(project, coders, codes)
    count = 0
    for doc_id, spans in steps.each(selected.items(), len(selected)):
        name, sha, doc_uuid, text = docs.get(doc_id)
        for s in spans:
            sheets.row(segments, [name, sha, s.coder, s.code, paths[s.code_id], s.start, s.end, text[s.start:s.end],
                                  s.memo, s.created, s.modified, doc_uuid, s.coder_uuid, s.code_uuid, s.uuid,
                                  *(_plain(docs.attributes.get(key)) for key in attr_keys),
                                  suggested.get(s.uuid)])
            count += 1
    return count


def _codes(sheets: _Sheets, project) -> None:
    paths = code_paths(project)
    codes_sheet = sheets.sheet("codes")
    sheets.row(codes_sheet, ["name", "code_path", "color", "description", "codable", "shortcut", "uuid",
                             "parent_uuid"])
    by_id = {code.id: code for code in project.codes()}
    for code in by_id.values():
        parent = by_id.get(code.parent_id)
        sheets.row(codes_sheet, [code.name, paths[code.id], code.color, code.description, code.codable,
                                 code.shortcut, code.uuid, parent.uuid if parent else None])


def _documents(sheets: _Sheets, project) -> None:
    documents = document_table(project)
    attributes = [d[8] for d in documents]
    keys = sorted({key for attrs in attributes for key in attrs})
    docs_sheet = sheets.sheet("documents")
    sheets.row(docs_sheet, ["name", "sha256", "length", "language", "source_path", "source_type", "imported_at",
                            "uuid", *keys])
    for doc, attrs in zip(documents, attributes):
        sheets.row(docs_sheet, [*doc[:8], *(_plain(attrs.get(key)) for key in keys)])


def _discard(book) -> None:
    """After a failure or Cancel: finish the write-only sheets here (not in the garbage
    collector, which would report their open generators) and remove the temporary files
    openpyxl keeps for them until the program ends."""
    from openpyxl.utils.exceptions import WorkbookAlreadySaved

    for sheet in book.worksheets:
        with contextlib.suppress(WorkbookAlreadySaved):  # save() got far enough to finish it
            sheet.close()
        writer = getattr(sheet, "_writer", None)  # openpyxl's own: it has no public way to drop a sheet
        if writer is not None:
            with contextlib.suppress(AttributeError, OSError, ValueError):
                writer.cleanup()


def _plain(value):
    return value if value is None or isinstance(value, (str, int, float, bool)) else json.dumps(value)
