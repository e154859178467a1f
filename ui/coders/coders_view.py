"""File › Coders' Progress: who has finished which document.

``CoderProgressModel`` is a table over ``annotator.packages.coder_progress``: one row per
document, one column per coder after the document's name; each cell says the status (not
started / in progress / done) and the coder's annotation count, tinted by status (the words
are always there, so colour is never the only cue). It refreshes from ``session.changed``:
an annotation change re-reads one document's row, anything else (a merge, its undo) the
whole table. ``show_coders_view(window)`` docks it in a main window.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from annotator.changes import ChangeKind
from annotator.records import Coder, DocumentSummary

_Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.UserRole + 10      # "not started", "in progress", "done"
COUNT_ROLE = Qt.UserRole + 11       # the coder's annotations in the document
DOCUMENT_ID_ROLE = Qt.UserRole + 12
TINTS = {"done": QColor(0, 158, 115, 70), "in progress": QColor(230, 159, 0, 70)}   # Okabe-Ito, translucent


class CoderProgressModel(QAbstractTableModel):
    """Documents x coders: status and annotation count per cell."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self._session = session
        self._coders: list[Coder] = []
        self._documents: list[DocumentSummary] = []
        self._cells: dict[tuple[int, int], tuple[str, int]] = {}    # (document id, coder id) -> status, count
        self.reload()

    # reading
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self._coders)

    def coders(self) -> list[Coder]:
        return list(self._coders)

    def cell(self, document_id: int, coder_id: int) -> tuple[str, int]:
        return self._cells.get((document_id, coder_id), ("not started", 0))

    def summary(self, coder: Coder) -> str:
        cells = [self.cell(d.id, coder.id) for d in self._documents]
        done = sum(s == "done" for s, _ in cells)
        started = sum(s == "in progress" for s, _ in cells)
        return f"{done} of {len(cells)} done, {started} in progress"

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return "Document" if role in (Qt.DisplayRole, Qt.ToolTipRole) else None
        coder = self._coders[section - 1]
        if role == Qt.DisplayRole:
            cells = [self.cell(d.id, coder.id) for d in self._documents]
            return f"{coder.name}\n{sum(s == 'done' for s, _ in cells)}/{len(cells)} done"
        if role == Qt.ToolTipRole:
            return f"{coder.name}: {self.summary(coder)}"
        return None

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._documents) \
                or not 0 <= index.column() < self.columnCount():
            return None
        document = self._documents[index.row()]
        if role == DOCUMENT_ID_ROLE:
            return document.id
        if index.column() == 0:
            return document.name if role in (Qt.DisplayRole, Qt.ToolTipRole) else None
        coder = self._coders[index.column() - 1]
        status, count = self.cell(document.id, coder.id)
        if role == Qt.DisplayRole:
            return status if status == "not started" else f"{status} ({count})"
        if role == STATUS_ROLE:
            return status
        if role == COUNT_ROLE:
            return count
        if role == Qt.ToolTipRole:
            return f"{coder.name} — {document.name}: {status}, {count} annotation{'s' if count != 1 else ''}"
        if role == Qt.BackgroundRole and status in TINTS:
            return TINTS[status]
        return None

    # refreshing
    def reload(self) -> None:
        """Re-read everything; keep the shape (and the view's selection) if it did not change."""
        from annotator.packages import coder_progress

        project = self._session.project
        coders, documents = project.coders(), project.document_summaries()
        cells = {(p.document.id, p.coder.id): (p.status, p.annotations) for p in coder_progress(project)}
        same_shape = ([c.id for c in coders] == [c.id for c in self._coders]
                      and [d.id for d in documents] == [d.id for d in self._documents])
        if not same_shape:
            self.beginResetModel()
        self._coders, self._documents, self._cells = coders, documents, cells
        if not same_shape:
            self.endResetModel()
            return
        if self._documents:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Horizontal, 0, self.columnCount() - 1)

    def refresh_document(self, document_id: Optional[int]) -> None:
        """Re-read one document's row (an annotation added, changed or deleted; marked done)."""
        row = next((r for r, d in enumerate(self._documents) if d.id == document_id), -1)
        if row < 0:
            return
        project = self._session.project
        for coder in self._coders:
            self._cells[(document_id, coder.id)] = (project.status(document_id, coder.id),
                                                    project.count_annotations(document=document_id, coder=coder.id))
        if self._coders:
            self.dataChanged.emit(self.index(row, 1), self.index(row, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Horizontal, 1, self.columnCount() - 1)


class CodersView(QWidget):
    """The progress table with a one-line summary per coder; double-click opens a document."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("codersView")
        self.session = session
        self.model = CoderProgressModel(session, self)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("codersSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setObjectName("codersTable")
        self.table.setAccessibleName("Each coder's status and annotation count per document")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setDefaultAlignment(Qt.AlignCenter)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        layout.addWidget(self.table, 1)
        hint = QLabel("Double-click a row to open the document. Statuses come from each coder's Mark Done "
                      "(Ctrl+D) or, once they have coded something, “in progress”.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self._dirty = False
        session.changed.connect(self._on_session_changed)
        self.model.modelReset.connect(self._update_summary)
        self.model.dataChanged.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self, *_args) -> None:
        coders = self.model.coders()
        if not coders or not self.model.rowCount():
            self.summary.setText("No coders or no documents yet.")
            return
        self.summary.setText(" &nbsp;·&nbsp; ".join(f"<b>{c.name}</b>: {self.model.summary(c)}" for c in coders))

    def refresh(self, document_id: Optional[int] = None) -> None:
        """Re-read one document (or, with None, everything) now if shown, else when next shown."""
        if not self.isVisible():
            self._dirty = True
        elif document_id is None:
            self.model.reload()
        else:
            self.model.refresh_document(document_id)

    def showEvent(self, event) -> None:
        if self._dirty:
            self._dirty = False
            self.model.reload()
        super().showEvent(event)

    def _on_session_changed(self, change) -> None:
        self.refresh(change.document_id if change.kind is ChangeKind.ANNOTATION else None)

    def _on_table_double_clicked(self, index) -> None:
        document_id = index.data(DOCUMENT_ID_ROLE)
        if document_id is not None:
            self.session.select_document(document_id)


def show_coders_view(window) -> QDockWidget:
    """Show (creating once) the coders' progress docked in ``window``; returns the dock."""
    dock = window.findChild(QDockWidget, "codersDock")
    if dock is None:
        dock = QDockWidget("Coders' Progress", window)
        dock.setObjectName("codersDock")
        view = CodersView(window.session)
        dock.setWidget(view)
        # Marking a document done is not an undoable Change: follow the action instead.
        window.done_action.triggered.connect(lambda *_: view.refresh(window.session.document_id))
        window.addDockWidget(Qt.RightDockWidgetArea, dock)
        dock.setFloating(True)
        em, line = window.fontMetrics().averageCharWidth(), window.fontMetrics().height()
        dock.resize(em * 100, line * 30)
    dock.widget().model.reload()
    dock.show()
    dock.raise_()
    return dock
