"""Crosstabs and co-occurrence tables as files for R and spreadsheets, the same from the command
line and the app: a long CSV (one row per cell, with its counting unit) and an XLSX workbook
(crosstab: the wide table and the long one), through :mod:`annotator.formats.tables`."""
from __future__ import annotations

from pathlib import Path

from ..formats.tables import XlsxBook, write_csv, write_xlsx
from .cooccurrence import Cooccurrence
from .crosstab import Crosstab


def crosstab_long(table: Crosstab) -> tuple[list[str], list[list]]:
    """The tidy table: one row per cell, with the counting unit and the column's documents."""
    documents = table.documents
    return (["row", "column", "value", "count", "documents"],
            [[row, column, value, table.count, documents[column]] for row, column, value in table.cells()])


def write_crosstab(path: Path, table: Crosstab, kind: str = "csv", raw: bool = False) -> list[str]:
    """The long CSV, or (``kind`` xlsx) the wide sheet and the long one; returns Excel's notes."""
    header, rows = crosstab_long(table)
    if kind != "xlsx":
        write_csv(path, header, rows, raw)
        return []
    book = XlsxBook(raw)
    book.sheet("crosstab", [f"{table.count} by code \\ {table.columns.spec}", *table.labels],
               ([row, *values] for row, values in zip(table.rows, table.values)))
    book.sheet("long", header, rows)
    return book.save(path)


def cooccurrence_long(table: Cooccurrence) -> tuple[list[str], list[list]]:
    totals = dict(zip(table.codes, table.totals))
    return (["a", "b", "count", "jaccard", "unit", "a_units", "b_units"],
            [[a, b, n, j, table.unit, totals[a], totals[b]] for a, b, n, j in table.cells()])


def write_cooccurrence(path: Path, table: Cooccurrence, kind: str = "csv", raw: bool = False) -> list[str]:
    """The long table as CSV, or (``kind`` xlsx) as the one sheet of a workbook; returns Excel's notes."""
    header, rows = cooccurrence_long(table)
    if kind != "xlsx":
        write_csv(path, header, rows, raw)
        return []
    return write_xlsx(path, "cooccurrence", header, rows, raw)
