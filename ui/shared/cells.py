"""Read-only table cells and the Qt item models over them, shared by the agreement and adjudication rooms.

A :class:`Cell` carries its text, tooltip, alignment and colours, so one table model and one
tree model serve every read-only table. A number is always written in its cell: colour is
never the only cue. A column's header is aligned like its values: right over a column of
numbers (an "undefined" among them included), left over text; row headers are left-aligned.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

_Index = QModelIndex | QPersistentModelIndex
PAYLOAD_ROLE = Qt.UserRole + 10
SORT_ROLE = Qt.UserRole + 11

# Viridis (perceptually uniform, readable by colour-blind readers), the same in light and dark.
_VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


@dataclass(frozen=True)
class Cell:
    text: str
    tip: str = ""
    number: bool = False                 # right-aligned, and so is its column's header
    background: Optional[QColor] = None
    foreground: Optional[QColor] = None
    bold: bool = False
    italic: bool = False
    payload: object = None
    sort: object = None


def number(value: Optional[float], digits: int = 3) -> str:
    return "undefined" if value is None else f"{value:.{digits}f}"


def heat_colour(value: float) -> QColor:
    """Viridis colour for ``value`` in [0, 1] (clamped; negative alpha counts as 0)."""
    t = min(max(value, 0.0), 1.0) * (len(_VIRIDIS) - 1)
    i = min(int(t), len(_VIRIDIS) - 2)
    a, b, f = QColor(_VIRIDIS[i]), QColor(_VIRIDIS[i + 1]), t - i
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                           a.blueF() + (b.blueF() - a.blueF()) * f)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (relative luminance)."""
    lum = 0.2126 * background.redF() ** 2.2 + 0.7152 * background.greenF() ** 2.2 + 0.0722 * background.blueF() ** 2.2
    return QColor("#000000") if lum > 0.2 else QColor("#ffffff")


class CellTableModel(QAbstractTableModel):
    """A read-only table of :class:`Cell` rows with optional row headers."""

    def __init__(self, headers: Sequence[str] = (), rows: Sequence[Sequence[Cell]] = (),
                 row_headers: Optional[Sequence[str]] = None, header_tips: Sequence[str] = (), parent=None):
        super().__init__(parent)
        self._headers, self._rows, self._row_headers, self._tips = list(headers), [], None, []
        self.set_rows(headers, rows, row_headers, header_tips)

    def set_rows(self, headers, rows, row_headers=None, header_tips=()) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._row_headers = list(row_headers) if row_headers is not None else None
        self._tips = list(header_tips)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.DisplayRole:
                return self._headers[section]
            if role == Qt.ToolTipRole and section < len(self._tips):
                return self._tips[section] or None
            if role == Qt.TextAlignmentRole:
                return column_alignment(row[section] for row in self._rows if section < len(row))
        elif orientation == Qt.Vertical and 0 <= section < len(self._rows):
            if role == Qt.DisplayRole:
                return self._row_headers[section] if self._row_headers is not None else str(section + 1)
            if role == Qt.TextAlignmentRole:
                return LEFT
        return None

    def cell(self, row: int, column: int) -> Cell:
        return self._rows[row][column]

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._rows[index.row()]):
            return None
        return cell_data(self._rows[index.row()][index.column()], role)


LEFT = int(Qt.AlignLeft | Qt.AlignVCenter)
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)


def column_alignment(cells) -> int:
    """A heading's alignment: right over a column whose written cells are all numbers, else left;
    at the bottom, so one-line headings sit on the same line as the last line of two-line ones."""
    written = [c for c in cells if c.text]
    side = Qt.AlignRight if written and all(c.number for c in written) else Qt.AlignLeft
    return int(side | Qt.AlignBottom)


def cell_data(cell: Cell, role):
    if role == Qt.DisplayRole:
        return cell.text
    if role == Qt.ToolTipRole:
        return cell.tip or None
    if role == Qt.TextAlignmentRole:
        return RIGHT if cell.number else LEFT
    if role == Qt.BackgroundRole:
        return cell.background
    if role == Qt.ForegroundRole:
        return cell.foreground
    if role == Qt.FontRole and (cell.bold or cell.italic):
        font = QFont()
        font.setBold(cell.bold)
        font.setItalic(cell.italic)
        return font
    if role == Qt.AccessibleTextRole:
        return f"{cell.text}. {cell.tip}" if cell.tip else cell.text
    if role == PAYLOAD_ROLE:
        return cell.payload
    if role == SORT_ROLE:
        return cell.sort if cell.sort is not None else cell.text
    return None


class CellTreeModel(QAbstractItemModel):
    """A read-only tree of :class:`Cell` rows given in pre-order with their depth."""

    def __init__(self, headers: Sequence[str] = (), rows: Sequence[tuple[int, Sequence[Cell]]] = (), parent=None):
        super().__init__(parent)
        self.set_rows(headers, rows)

    def set_rows(self, headers, rows) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._cells: list[list[Cell]] = []
        self._parent: list[int] = []              # node -> parent node (-1 for top level)
        self._children: dict[int, list[int]] = {-1: []}
        stack: list[tuple[int, int]] = []         # (depth, node)
        for depth, cells in rows:
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack else -1
            node = len(self._cells)
            self._cells.append(list(cells))
            self._parent.append(parent)
            self._children[node] = []
            self._children[parent].append(node)
            stack.append((depth, node))
        self.endResetModel()

    def _node(self, index: _Index) -> int:
        return int(index.internalId()) - 1 if index.isValid() else -1

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        children = self._children.get(self._node(parent), [])
        if not (0 <= row < len(children) and 0 <= column < len(self._headers)):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._parent[self._node(index)]
        if up < 0:
            return QModelIndex()
        return self.createIndex(self._children[self._parent[up]].index(up), 0, up + 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._node(parent), []))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self._headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.DisplayRole:
            return self._headers[section]
        if role == Qt.TextAlignmentRole:
            return column_alignment(cells[section] for cells in self._cells if section < len(cells))
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        cells = self._cells[self._node(index)]
        return cell_data(cells[index.column()], role) if index.column() < len(cells) else None
