"""Excel workbook (.xlsx): sheets ``segments`` (one row per annotation, the CSV columns with the
``attr:KEY`` attribute columns, numbers as numbers),
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
from ..selection import DocumentCache, attribute_keys, code_paths, document_table, select
from .csv_export import CSV_COLUMNS, attribute_columns
from .spans import ExportReport

MAX_CELL = 32_767


def export_xlsx(project, out: Path, coders=None, codes=None, raw: bool = False) -> ExportReport:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.exceptions import WorkbookAlreadySaved

    book = Workbook(write_only=True)
    problems = {"shortened": 0, "replaced": 0}

    def row(sheet, values):
        cells = []
        for value in values:
            if isinstance(value, str):
                value = value if raw else neutralise(value)
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                    problems["replaced"] += 1
                if len(value) > MAX_CELL:
                    value = value[:MAX_CELL - 1] + "\u2026"
                    problems["shortened"] += 1
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)

    paths = code_paths(project)
    segments = book.create_sheet("segments")
    attr_keys = attribute_keys(project, coders, codes)
    row(segments, CSV_COLUMNS + attribute_columns(attr_keys))
    docs = DocumentCache(project)
    count = 0
    for doc_id, spans in select(project, coders, codes).items():
        name, sha, doc_uuid, text = docs.get(doc_id)
        for s in spans:
            row(segments, [name, sha, s.coder, s.code, paths[s.code_id], s.start, s.end, text[s.start:s.end],
                           s.memo, s.created, s.modified, doc_uuid, s.coder_uuid, s.code_uuid, s.uuid,
                           *(_plain(docs.attributes.get(key)) for key in attr_keys)])
            count += 1
    codes_sheet = book.create_sheet("codes")
    row(codes_sheet, ["name", "code_path", "color", "description", "codable", "shortcut", "uuid", "parent_uuid"])
    by_id = {code.id: code for code in project.codes()}
    for code in by_id.values():
        parent = by_id.get(code.parent_id)
        row(codes_sheet, [code.name, paths[code.id], code.color, code.description, code.codable, code.shortcut,
                          code.uuid, parent.uuid if parent else None])
    documents = document_table(project)
    attributes = [d[8] for d in documents]
    keys = sorted({key for attrs in attributes for key in attrs})
    docs_sheet = book.create_sheet("documents")
    row(docs_sheet, ["name", "sha256", "length", "language", "source_path", "source_type", "imported_at", "uuid",
                     *keys])
    for doc, attrs in zip(documents, attributes):
        row(docs_sheet, [*doc[:8], *(_plain(attrs.get(key)) for key in keys)])
    try:
        with atomic_output(Path(out), "wb") as stream:
            book.save(stream)
    except BaseException:
        with contextlib.suppress(WorkbookAlreadySaved):  # save() got far enough to finish them itself
            for sheet in book.worksheets:  # else finish the write-only sheets' files here, not in the GC
                sheet.close()
        raise
    notes = []
    if problems["shortened"]:
        notes.append(f"{problems['shortened']} cells were longer than Excel's {MAX_CELL:,} characters and were "
                     "shortened (the offsets still refer to the full text).")
    if problems["replaced"]:
        notes.append(f"{problems['replaced']} cells held control characters Excel cannot store; they were "
                     "replaced with \ufffd.")
    return ExportReport(count, "annotations", notes)


def _plain(value):
    return value if value is None or isinstance(value, (str, int, float, bool)) else json.dumps(value)
