"""How the read-only tables of the agreement and adjudication windows share out their width.

Every column is measured once, when its rows are set (never sized to contents on each paint:
``Interactive``, so the reader can still drag it), and one column per table takes what is left
(``Stretch``): the name column (a code, a document), or the long text at the end (notes, the
disagreeing passage). Numbers then stay beside their headers, and at 1024 pixels the long names
are elided in the middle (``02-oppo…tary.txt``, the whole name in the tooltip) before the table
needs a horizontal scroll bar. The confusion matrix stretches nothing: each column is as wide
as its code's name or count. A long heading is written on two lines at its parenthesis, and a
cell may hold several lines (a coder's spans, one a line, so no position is cut off).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QTreeView


def two_lines(heading: str) -> str:
    """``α (uncoded as value)`` -> ``α`` over ``(uncoded as value)``, so a number's column is not
    as wide as its heading's words."""
    head, paren, rest = heading.partition(" (")
    return f"{head}\n({rest}" if paren else heading


def fit_columns(view: QTableView | QTreeView, stretch: Optional[int], caps: Optional[dict[int, int]] = None) -> None:
    """Each column as wide as its contents (column ``c`` at most ``caps[c]`` pixels), ``stretch``
    taking the rest."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    header.setStretchLastSection(False)
    columns = view.model().columnCount()
    gap = view.fontMetrics().averageCharWidth()     # between a right-aligned number and the next text
    for column in range(columns):
        header.setSectionResizeMode(column, QHeaderView.Interactive)
        width = max(view.sizeHintForColumn(column), heading_width(header, column)) + gap
        view.setColumnWidth(column, min(width, (caps or {}).get(column, width)))
    if stretch is not None and 0 <= stretch < columns:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)


def heading_width(header: QHeaderView, column: int) -> int:
    """The heading's widest line and a margin each side. Qt's own measure also keeps room for the
    sort arrow in every column, which made the document table wider than a 1024-pixel window; the
    arrow is drawn in one column at a time, which elides its heading a little if it must."""
    text = str(header.model().headerData(column, Qt.Horizontal) or "")
    margin = header.style().pixelMetric(QStyle.PM_HeaderMargin, None, header)
    return header.fontMetrics().size(0, text).width() + 4 * margin


def fit_row_lines(view) -> None:
    """Rows whose cells hold several lines (a coder's spans, one a line, so no position is ever
    cut off) get the height for them; the rest keep the view's default. It counts newlines and
    measures no text, so it stays cheap on long tables; sorting keeps each row's height."""
    model, header = view.model(), view.verticalHeader()
    base, line = header.defaultSectionSize(), view.fontMetrics().lineSpacing()
    for row in range(model.rowCount()):
        lines = max((str(model.index(row, c).data() or "").count("\n") for c in range(model.columnCount())),
                    default=0)
        if lines:
            header.resizeSection(row, base + lines * line)
