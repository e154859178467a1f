"""Export exactly what the coded-segments table shows: its columns, its rows in their order
(filtered, sorted, segments or passages), as CSV, XLSX or HTML, written by the core's table
writers through :mod:`annotator.outputs` (never over a project; formula-like cells neutralised
in CSV and XLSX). Cells hold the texts as stored, line breaks included; attribute columns are
named ``attr:KEY`` as in every other export.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.formats.html_table import write_html
from annotator.formats.tables import write_csv, write_xlsx

from .segment_columns import Column

FORMATS = (("csv", "CSV for R and spreadsheets (*.csv)"), ("xlsx", "Excel workbook (*.xlsx)"),
           ("html", "Web page (*.html)"))


def kind_of(path: Path) -> Optional[str]:
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html"}.get(suffix, suffix) if suffix in ("csv", "xlsx", "html", "htm") else None


def ask_path(parent: QWidget, suggested: Path) -> Optional[Path]:
    """A save dialog offering the three formats; a name without a known suffix gets the chosen one."""
    filters = ";;".join(text for _, text in FORMATS)
    chosen, selected = QFileDialog.getSaveFileName(parent, "Export the table", str(suggested), filters)
    if not chosen:
        return None
    path = Path(chosen)
    if kind_of(path) is None:
        path = path.with_name(path.name + "." + next((k for k, text in FORMATS if text == selected), "csv"))
    return path


def header(columns: Sequence[Column]) -> list[str]:
    return [c.export_header or c.header for c in columns]


def write_table(path: Path, columns: Sequence[Column], rows: Sequence, title: str, caption: str) -> list[str]:
    """Write the table in the format of ``path``'s suffix; returns the notes (Excel's limits)."""
    values = ([column.value(row) for column in columns] for row in rows)
    kind = kind_of(path)
    if kind == "xlsx":
        return write_xlsx(path, "segments", header(columns), values)
    if kind == "html":
        write_html(path, title, header(columns), values, caption)
    else:
        write_csv(path, header(columns), values)
    return []
