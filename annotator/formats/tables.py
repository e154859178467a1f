"""Any table (a header and rows of plain values) as CSV or as an XLSX sheet, written through
:mod:`annotator.outputs` with the same protections as the annotation exports: every text cell
that a spreadsheet would run as a formula is neutralised unless ``raw``; in XLSX, text cells are
string cells, control characters Excel cannot store become U+FFFD and cells longer than Excel's
limit are shortened (both counted in the returned notes)."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Iterable, Sequence

from ..outputs import CsvWriter, atomic_output, neutralise

MAX_CELL = 32_767


def plain(value):
    """A value as a spreadsheet cell: text, numbers and booleans as they are, anything else as JSON."""
    return value if value is None or isinstance(value, (str, int, float, bool)) else json.dumps(value,
                                                                                             ensure_ascii=False)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence], raw: bool = False) -> int:
    count = 0
    with atomic_output(Path(path), "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw)
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(value) for value in row])
            count += 1
    return count


class XlsxBook:
    """A write-only workbook whose sheets are filled row by row, then saved atomically."""

    def __init__(self, raw: bool = False):
        from openpyxl import Workbook
        self.book, self.raw = Workbook(write_only=True), raw
        self.shortened = self.replaced = 0

    def sheet(self, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> int:
        sheet, count = self.book.create_sheet(title), 0
        self.append(sheet, header)
        for row in rows:
            self.append(sheet, row)
            count += 1
        return count

    def append(self, sheet, values: Sequence) -> None:
        from openpyxl.cell import WriteOnlyCell
        cells = []
        for value in values:
            value = self._text(value) if isinstance(value, str) else plain(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)

    def _text(self, value: str) -> str:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        value = value if self.raw else neutralise(value)
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            self.replaced += 1
        if len(value) > MAX_CELL:
            value = value[:MAX_CELL - 1] + "\u2026"
            self.shortened += 1
        return value

    def save(self, path: Path) -> list[str]:
        """Write the book; the notes say what Excel's limits changed."""
        from openpyxl.utils.exceptions import WorkbookAlreadySaved
        try:
            with atomic_output(Path(path), "wb") as stream:
                self.book.save(stream)
        except BaseException:
            with contextlib.suppress(WorkbookAlreadySaved):  # save() got far enough to finish them itself
                for sheet in self.book.worksheets:  # else finish the write-only sheets' files here, not in the GC
                    sheet.close()
            raise
        return self.notes()

    def notes(self) -> list[str]:
        notes = []
        if self.shortened:
            notes.append(f"{self.shortened} cells were longer than Excel's {MAX_CELL:,} characters and were "
                         "shortened (the offsets still refer to the full text).")
        if self.replaced:
            notes.append(f"{self.replaced} cells held control characters Excel cannot store; they were "
                         "replaced with \ufffd.")
        return notes


def write_xlsx(path: Path, title: str, header: Sequence[str], rows: Iterable[Sequence], raw: bool = False) -> list[str]:
    book = XlsxBook(raw)
    book.sheet(title, header, rows)
    return book.save(path)
