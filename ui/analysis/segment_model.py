"""The coded-segments table model: rows (segments or passages) under :mod:`segment_columns`.

Built for 100,000 rows: ``data`` formats only the cells painted, the model sorts itself
(one key per row and column, computed once per fill and kept) instead of a proxy, and a sort
moves the selection and persistent indexes with their rows. Sorting starts from the order
the rows were read in (document, start), so ties keep it; column -1 restores it.
"""
from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyledItemDelegate

from .segment_columns import Column, shown

_Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.UserRole + 20      # the column's kind ("left", "focus", "right", "text")
ROW_ROLE = Qt.UserRole + 21       # the row's segment or passage
_TIP_LIMIT = 1_000


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._columns: list[Column] = []
        self._natural: list = []            # rows in the order read
        self._order: list[int] = []         # shown row -> index in _natural
        self._keys: dict[int, list] = {}    # column -> sort key of each row in _natural
        self._sorted: tuple[int, Qt.SortOrder] = (-1, Qt.AscendingOrder)
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ contents
    def set_rows(self, columns: Sequence[Column], rows: Sequence, sort_header: Optional[str] = None,
                 order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Show ``rows`` under ``columns``, sorted by the column headed ``sort_header`` (if any)."""
        self.beginResetModel()
        self._columns, self._natural, self._keys = list(columns), list(rows), {}
        headers = [c.header for c in self._columns]
        column = headers.index(sort_header) if sort_header in headers else -1
        self._sorted = (column, order)
        self._order = self._sorted_order(column, order)
        self.endResetModel()

    def columns(self) -> list[Column]:
        return list(self._columns)

    def rows(self) -> list:
        """The rows in the order shown."""
        return [self._natural[i] for i in self._order]

    def natural_rows(self) -> list:
        """The rows in the order they were read."""
        return list(self._natural)

    def row(self, row: int):
        return self._natural[self._order[row]]

    def sort_state(self) -> tuple[Optional[str], Qt.SortOrder]:
        column, order = self._sorted
        return (self._columns[column].header if 0 <= column < len(self._columns) else None), order

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.DisplayRole:
            return column.header
        if role == Qt.ToolTipRole:
            return column.tip or None
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        column, row = self._columns[index.column()], self.row(index.row())
        if role == Qt.DisplayRole:
            return shown(column.value(row))
        if role == Qt.ToolTipRole:
            return _tip(column.value(row))
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.kind == "left" else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.FontRole and column.kind == "focus":
            return self._bold
        if role == KIND_ROLE:
            return column.kind
        if role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        column = column if 0 <= column < len(self._columns) else -1
        if (column, order) == self._sorted:
            return
        self.layoutAboutToBeChanged.emit()
        before, self._sorted = self._order, (column, order)
        self._order = self._sorted_order(column, order)
        position = {natural: shown_row for shown_row, natural in enumerate(self._order)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(position[before[i.row()]], i.column()) for i in old])
        self.layoutChanged.emit()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        if column < 0:
            return list(range(len(self._natural)))
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [self._columns[column].sort(r) for r in self._natural]
        # sorted() keeps ties in reading order both ways (reverse=True is stable too)
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder)


def _tip(value) -> Optional[str]:
    text = "" if value is None else str(value)
    if not text:
        return None
    return text if len(text) <= _TIP_LIMIT else text[:_TIP_LIMIT - 1] + "…"


class SegmentDelegate(QStyledItemDelegate):
    """Elides the left context on the left, so the words next to the segment stay in view."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        if index.data(KIND_ROLE) == "left":
            option.textElideMode = Qt.ElideLeft
