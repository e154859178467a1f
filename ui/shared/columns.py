"""How the read-only tables of the agreement and adjudication windows share out their width.

Every column is measured once, when its rows are set (never sized to contents on each paint:
``Interactive``, so the reader can still drag it). A table of long text ends in a column that
takes what is left (``Stretch``: notes, the disagreeing passage). A table of figures keeps every
column at its width, numbers beside their names, and leaves the rest of a wide window blank;
when the window is too narrow for it, its name column (a code, a document) gives up width,
elided in the middle (``02-oppo…tary.txt``, the whole name in the tooltip), before the table
needs a horizontal scroll bar. The confusion matrix does neither. A long heading is written on
two lines at its parenthesis, and a cell may hold several lines (a coder's spans, one a line,
so no position is cut off).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QTableView, QTreeView


def two_lines(heading: str) -> str:
    """``α (uncoded as value)`` -> ``α`` over ``(uncoded as value)``, so a number's column is not
    as wide as its heading's words."""
    head, paren, rest = heading.partition(" (")
    return f"{head}\n({rest}" if paren else heading


def fit_columns(view: QTableView | QTreeView, stretch: Optional[int] = None, shrink: Optional[int] = None,
                caps: Optional[dict[int, int]] = None) -> None:
    """Each column as wide as its contents (column ``c`` at most ``caps[c]`` pixels); ``stretch``
    takes the rest of the width, or ``shrink`` gives up width when the table does not fit."""
    header = header_of(view)
    header.setStretchLastSection(False)
    columns = view.model().columnCount()
    gap = view.fontMetrics().averageCharWidth()     # between a right-aligned number and the next text
    for column in range(columns):
        header.setSectionResizeMode(column, QHeaderView.Interactive)
        width = max(view.sizeHintForColumn(column), heading_width(header, column)) + gap
        view.setColumnWidth(column, min(width, (caps or {}).get(column, width)))
    if stretch is not None and 0 <= stretch < columns:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    if shrink is not None and 0 <= shrink < columns:
        (view.findChild(ShrinkToFit) or ShrinkToFit(view)).follow(shrink)


def header_of(view: QTableView | QTreeView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


class ShrinkToFit(QObject):
    """Keeps one column at its measured width, less whatever the table lacks to fit its viewport
    (never below 12 characters), each time the viewport is resized."""

    def __init__(self, view: QTableView | QTreeView):
        super().__init__(view)
        self._view, self._column, self._natural = view, 0, 0
        view.viewport().installEventFilter(self)

    def follow(self, column: int) -> None:
        self._column, self._natural = column, header_of(self._view).sectionSize(column)
        self.apply()

    def apply(self) -> None:
        header = header_of(self._view)
        others = header.length() - header.sectionSize(self._column)
        least = self._view.fontMetrics().averageCharWidth() * 12
        room = self._view.viewport().width() - others
        header.resizeSection(self._column, min(self._natural, max(room, least)))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Resize:
            self.apply()
        return False


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


class RowHeight(QStyledItemDelegate):
    """Rows of a tree as tall as a table's (text and 8 pixels), so the tabs of one window match."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))
