"""The hits of a search as a table: Document | Left | Hit | Right.

The model holds the core's ``Hits`` (16 bytes a hit) and makes each row's record when the view
asks for it, so half a million hits open at once. Contexts are shown on one line (a line break
as ⏎); the left context is right-aligned and elided on its left (``ContextDelegate``) so the hits
line up in one column, as in a concordance.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyledItemDelegate

from annotator.search import Hit, one_line

from ..shared.span_text import span_range

_Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.UserRole + 20         # (document id, start, end) in code points
DOCUMENT, LEFT, HIT, RIGHT = range(4)


class HitTableModel(QAbstractTableModel):
    COLUMNS = ("Document", "Left", "Hit", "Right")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits: list = []
        self._last: tuple[int, Optional[Hit]] = (-1, None)   # the row the view asked for last

    def set_hits(self, hits) -> None:
        """Show ``hits`` (the core's ``Hits``, or any sequence of ``Hit``)."""
        self.beginResetModel()
        self._hits, self._last = hits, (-1, None)
        self.endResetModel()

    def hits(self):
        """The hits shown (what ``set_hits`` was given)."""
        return self._hits

    def hit(self, row: int) -> Optional[Hit]:
        if not 0 <= row < len(self._hits):
            return None
        if self._last[0] != row:
            self._last = (row, self._hits[row])
        return self._last[1]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.TextAlignmentRole:
                return int((Qt.AlignRight if section == LEFT else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        column = index.column()
        if role == Qt.DisplayRole:
            return (hit.document, one_line(hit.left), one_line(hit.text), one_line(hit.right))[column]
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column == LEFT else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.FontRole and column == HIT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole:
            return f"{hit.document}, characters {span_range(hit.start, hit.end)}\n…{hit.left}{hit.text}{hit.right}…"
        if role == HIT_ROLE:
            return hit.document_id, hit.start, hit.end
        return None


class ContextDelegate(QStyledItemDelegate):
    """Elides the left context on its left, so the words next to the hit stay visible."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideLeft
