"""The Suggestions dock's table: the current coder's suggestions in the open document, or in all.

Rows are :class:`annotator.suggestions.Suggestion` records in document order, every status: open
ones in full colour, accepted and rejected ones greyed (rejections stay visible, they are the
coder's negative examples). Only the current coder's are read. The table re-reads when a change
touches them (``session.touches_suggestions``), never on a code key elsewhere.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.suggestions import Suggestion

from ..shared.models import quote
from ..shared.session import touches_suggestions
from ..shared.span_text import span_range

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Document", "Code", "Text", "Score", "Method", "Status")
SUGGESTION_ROLE = Qt.UserRole + 1


class SuggestionModel(QAbstractTableModel):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self._session = session
        self.all_documents = False
        self._rows: list[Suggestion] = []
        self._known: set[tuple[int, int, int]] = set()
        self._texts: dict[int, str] = {}
        self._colours: dict[int, QColor] = {}

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        session = self._session
        self.beginResetModel()
        self._rows, self._texts = [], {}
        if session.coder_id is not None and (self.all_documents or session.document_id is not None):
            documents = None if self.all_documents else [session.document_id]
            self._rows = session.project.suggestions(session.coder_id, documents=documents)
        self._known = {(s.document_id, s.start, s.end) for s in self._rows}
        self._colours = {c.id: QColor(c.color) for c in session.project.codes()}
        self.endResetModel()

    def follow(self, change) -> bool:
        """Re-read if ``change`` may have touched the suggestions listed; True if so."""
        if touches_suggestions(change, self._known):
            self.reload()
            return True
        return False

    def suggestions(self) -> list[Suggestion]:
        return list(self._rows)

    def suggestion(self, row: int) -> Suggestion:
        return self._rows[row]

    def row_of(self, suggestion_id: int) -> Optional[int]:
        return next((i for i, s in enumerate(self._rows) if s.id == suggestion_id), None)

    def _text(self, suggestion: Suggestion) -> str:
        text = self._texts.get(suggestion.document_id)
        if text is None:
            text = self._texts[suggestion.document_id] = self._session.project.document(suggestion.document_id).text
        return text[suggestion.start:suggestion.end]

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        suggestion = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return self._cell(suggestion, index.column())
        if role == Qt.ToolTipRole:
            return f"{suggestion.code} at {span_range(suggestion.start, suggestion.end)} in {suggestion.document}"
        if role == Qt.ForegroundRole and suggestion.status != "open":
            return QApplication.palette().color(QPalette.Disabled, QPalette.Text)
        if role == Qt.DecorationRole and index.column() == 1:
            return self._colours.get(suggestion.code_id)
        if role == Qt.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == SUGGESTION_ROLE:
            return suggestion
        return None

    def _cell(self, suggestion: Suggestion, column: int) -> str:
        if column == 0:
            return suggestion.document
        if column == 1:
            return suggestion.code
        if column == 2:
            return quote(self._text(suggestion), 80)
        if column == 3:
            return f"{suggestion.score:.2f}"
        return suggestion.method if column == 4 else suggestion.status
