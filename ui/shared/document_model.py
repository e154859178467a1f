"""The Documents list's model: every document with its length, the current coder's status
and annotation count, and the attribute columns chosen; it sorts itself.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from annotator.attributes import Value, cell
from annotator.changes import ChangeKind
from annotator.commands import Change
from annotator.records import DocumentSummary

from .memo_marks import MemoMarks
from .models import DOCUMENT_ID_ROLE, _Index
from .ordering import natural_key, ordered, value_key
from .session import touches_annotations, touches_documents, touches_scheme


class DocumentListModel(QAbstractTableModel):
    """Documents with their length, the current coder's status and annotation count, and the
    attribute columns chosen (``set_attribute_columns``), values shown as stored.

    The model sorts itself (``sort``: one key per row, missing values last either way, the
    view's current and selected rows kept); the document open in the text view is bold. A
    filter sits on top in the coding window (``ui.coding.document_rows``).
    """

    COLUMNS = ("Document", "Length", "Your status")
    attributes_reloaded = Signal()     # attribute values re-read: keys and values may differ

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self._session = session
        self._rows: list[DocumentSummary] = []
        self._row: dict[int, int] = {}
        self._status: dict[int, tuple[str, int]] = {}
        self._attributes: dict[int, dict] = {}
        self._keys: list[str] = []
        self._sort_by: int | str = -1          # a fixed column, or an attribute key; -1: import order
        self._descending = False
        self._shown: Optional[int] = session.document_id
        self._memos = MemoMarks(session)
        self.reload()
        session.changed.connect(self._on_session_changed)
        session.coder_selected.connect(self._on_session_coder_selected)
        session.layers_toggled.connect(self._on_session_coder_selected)   # whose memos are marked
        session.document_selected.connect(self._on_session_document_selected)

    # reading

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS) + len(self._keys)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < self.columnCount():
            return None
        name = (self.COLUMNS + tuple(self._keys))[section]
        if role == Qt.DisplayRole:
            return name
        if role == Qt.ToolTipRole and section >= len(self.COLUMNS):
            return f"The attribute \"{name}\". Right-click the header to choose the columns shown."
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        document = self._rows[index.row()]
        column = index.column()
        if role == DOCUMENT_ID_ROLE:
            return document.id
        if role == Qt.DisplayRole:
            return self._display(document, column)
        if role == Qt.ToolTipRole:
            return self._tooltip(document)
        if role == Qt.DecorationRole and column == 0:
            return self._memos.icon(document.uuid)
        if role == Qt.FontRole and document.id == self._shown:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.TextAlignmentRole and (column == 1 or _is_number(self._value(document.id, column))):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def _display(self, document: DocumentSummary, column: int) -> str:
        if column == 0:
            return document.name
        if column == 1:
            return f"{document.length:,}"
        if column == 2:
            return self.status_text(document.id)
        return cell(self._value(document.id, column))

    def _tooltip(self, document: DocumentSummary) -> str:
        status, count = self._status_of(document.id)
        attributes = self._attributes.get(document.id, {})
        lines = [f"{key}: {cell(value)}" for key, value in sorted(attributes.items())[:12]]
        return "\n".join([document.name, f"{document.length:,} characters",
                          f"You: {status}, {count} annotation{'s' if count != 1 else ''}", *lines]) \
            + self._memos.tip(document.uuid)

    def _value(self, document_id: int, column: int) -> Value:
        if column < len(self.COLUMNS) or column >= self.columnCount():
            return None
        return self._attributes.get(document_id, {}).get(self._keys[column - len(self.COLUMNS)])

    def document_id(self, row: int) -> Optional[int]:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int:
        return self._row.get(document_id, -1)

    def name_of(self, document_id: int) -> str:
        row = self.row_of(document_id)
        return self._rows[row].name if row >= 0 else ""

    def document_ids(self) -> list[int]:
        """Every document, in the list's order."""
        return [d.id for d in self._rows]

    def attributes(self, document_id: int) -> dict:
        return dict(self._attributes.get(document_id, {}))

    def attribute_keys(self) -> list[str]:
        """Every key some document has, ignoring case in order."""
        return sorted({key for attributes in self._attributes.values() for key in attributes}, key=natural_key)

    def attribute_columns(self) -> list[str]:
        return list(self._keys)

    def status_text(self, document_id: int) -> str:
        status, count = self._status_of(document_id)
        return status if count == 0 else f"{status} ({count})"

    def _status_of(self, document_id: int) -> tuple[str, int]:
        if document_id not in self._status:
            self._status[document_id] = self._compute_status(document_id)
        return self._status[document_id]

    def _compute_status(self, document_id: int) -> tuple[str, int]:
        coder = self._session.coder_id
        if coder is None:
            return "", 0
        project = self._session.project
        return project.status(document_id, coder), project.count_annotations(document=document_id, coder=coder)

    # sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Order by ``column`` (-1: import order): names naturally, values by kind, missing last."""
        known = 0 <= column < self.columnCount()
        self._sort_by = -1 if not known else column if column < len(self.COLUMNS) \
            else self._keys[column - len(self.COLUMNS)]
        self._descending = known and order == Qt.DescendingOrder
        self._reorder()

    def sort_column(self) -> int:
        """The column sorted by (-1: none), e.g. to show the header's indicator."""
        if isinstance(self._sort_by, str):
            return len(self.COLUMNS) + self._keys.index(self._sort_by) if self._sort_by in self._keys else -1
        return self._sort_by

    def _sort_key(self) -> Callable[[DocumentSummary], Optional[tuple]]:
        by = self._sort_by
        if isinstance(by, str):
            return lambda d: value_key(self._attributes[d.id][by]) if by in self._attributes.get(d.id, {}) else None
        keys: dict[int, Callable[[DocumentSummary], tuple]] = {
            0: lambda d: natural_key(d.name), 1: lambda d: (d.length,),
            2: lambda d: (_STATUS_ORDER.get(self._status_of(d.id)[0], 3), self._status_of(d.id)[1])}
        return keys.get(by, lambda d: (d.id,))

    def _ordered(self, rows: list[DocumentSummary]) -> list[DocumentSummary]:
        if isinstance(self._sort_by, str) and self._sort_by not in self._keys:
            self._sort_by = -1
        return ordered(sorted(rows, key=lambda d: d.id), self._sort_key(), self._descending)

    def _reorder(self) -> None:
        """Sort the rows in place, moving the persistent indexes (current, selection) along."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._rows = self._ordered(self._rows)
        self._index_rows()
        self.changePersistentIndexList(persistent, [self.index(self._row[doc], index.column())
                                                    for doc, index in zip(ids, persistent)])
        self.layoutChanged.emit()

    def _index_rows(self) -> None:
        self._row = {d.id: row for row, d in enumerate(self._rows)}

    # refreshing
    def reload(self) -> None:
        """Re-read the document list (after an import)."""
        self.beginResetModel()
        self._attributes = self._session.project.attributes_of_documents()
        self._status.clear()
        self._memos.reset()
        self._rows = self._ordered(self._session.project.document_summaries())
        self._index_rows()
        self.endResetModel()
        self.attributes_reloaded.emit()

    def add_new_documents(self) -> list[int]:
        """Append documents that appeared since the last read (an import); return their ids."""
        new = [d for d in self._session.project.document_summaries() if d.id not in self._row]
        if new:
            self._attributes = self._session.project.attributes_of_documents()
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self._index_rows()
            self.endInsertRows()
            if self._sort_by != -1:
                self._reorder()
            self.attributes_reloaded.emit()
        return [d.id for d in new]

    def set_attribute_columns(self, keys: list[str]) -> None:
        """Show these attribute keys as columns after the fixed ones, in this order."""
        fixed = len(self.COLUMNS)
        if self._keys:
            self.beginRemoveColumns(QModelIndex(), fixed, fixed + len(self._keys) - 1)
            self._keys = []
            self.endRemoveColumns()
        if keys:
            self.beginInsertColumns(QModelIndex(), fixed, fixed + len(keys) - 1)
            self._keys = list(keys)
            self.endInsertColumns()
        if isinstance(self._sort_by, str) and self._sort_by not in self._keys:
            self._sort_by, self._descending = -1, False
            self._reorder()

    def refresh_document(self, document_id: int) -> None:
        self._status.pop(document_id, None)
        row = self.row_of(document_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2),
                                  [Qt.DisplayRole, Qt.ToolTipRole, Qt.DecorationRole])
        if self._sort_by == 2:
            self._reorder()

    def refresh_statuses(self) -> None:
        self._status.clear()
        self._memos.reset()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 2),
                                  [Qt.DisplayRole, Qt.ToolTipRole, Qt.DecorationRole])
        if self._sort_by == 2:
            self._reorder()

    def _reload_attributes(self) -> None:
        self._attributes = self._session.project.attributes_of_documents()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1),
                                  [Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole])
        if isinstance(self._sort_by, str):
            self._reorder()
        self.attributes_reloaded.emit()

    def _on_session_changed(self, change: Change) -> None:
        if change.kind is ChangeKind.MEMOS:
            self._memos.reset()
            if change.document_id is not None:
                self.refresh_document(change.document_id)
        elif touches_documents(change):
            self._reload_attributes()
        elif touches_scheme(change):
            self.refresh_statuses()      # deleting or merging codes can change the counts
        elif touches_annotations(change):
            self.refresh_document(change.document_id)

    def _on_session_coder_selected(self, _coder_id: int) -> None:
        self.refresh_statuses()

    def _on_session_document_selected(self, document_id: int) -> None:
        rows = [self.row_of(doc) for doc in (self._shown, document_id) if doc is not None]
        self._shown = document_id
        for row in (r for r in rows if r >= 0):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1), [Qt.FontRole])


_STATUS_ORDER = {"not started": 0, "in progress": 1, "done": 2}


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
