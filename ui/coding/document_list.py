"""The documents dock's list: the project's documents, the chosen attribute columns (shown right
after the name) and this coder's status; click a header to sort, drop files to import. The name
column is frozen (``frozen_names.py``): the other columns scroll sideways under it.

Rows may be selected several at a time (Ctrl/Shift+click, Shift+arrows) for the attribute
editor; only a plain click or arrow key opens a document (``document_chosen``). The document
open in the text view is bold, and the list follows it (``show_document``) without announcing
anything. Sorting, filtering and changing columns never open another document: they run
``quietly`` and then put the current row back on the open document.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from ..shared.document_model import DocumentListModel
from .document_rows import DocumentRows
from .frozen_names import FrozenNames

_EXTENDING = Qt.ControlModifier | Qt.ShiftModifier | Qt.MetaModifier
NAME_CHARS = (14, 22)      # the name column's width in characters when it fits itself: least, most


class DocumentList(QTreeView):
    """The documents; files dropped on it are imported."""

    files_dropped = Signal(list)
    document_chosen = Signal(int)      # the user made a row current with a plain click or key

    def __init__(self, model: DocumentListModel, parent=None):
        super().__init__(parent)
        self.names: Optional[FrozenNames] = None
        self.setObjectName("documentList")
        self.setAccessibleName("Documents")
        self.setAccessibleDescription("The project's documents with your status. Drop text files here to import them.")
        self.rows = DocumentRows(model, self)
        self.setModel(self.rows)
        self._shown: Optional[int] = None
        self._quiet = False
        self._extending = False
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setToolTip("Drop text files or folders here to import them.")
        self._set_up_header()
        self.selectionModel().currentRowChanged.connect(self._on_selection_current_row_changed)
        self.activated.connect(self._on_activated)
        model.columnsInserted.connect(self._on_model_columns_inserted)
        self.names = FrozenNames(self)      # the name column stays in view when the others scroll

    def _set_up_header(self) -> None:
        # Fixed widths, never ResizeToContents: that measures every row, and a corpus may have thousands.
        header, em = self.header(), self.fontMetrics().averageCharWidth()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setMinimumSectionSize(em * 4)
        bold = self.font()
        bold.setBold(True)                          # the open document's row is bold
        wide = QFontMetrics(bold).horizontalAdvance
        self._name_width = em * NAME_CHARS[1]          # the name column fits the dock until the user sizes it
        self._status_width = wide("in progress (999)") + em * 3
        for column, width in enumerate((self._name_width, wide("999,999") + em * 2, self._status_width)):
            header.resizeSection(column, width)
        header.sectionResized.connect(self._on_header_section_resized)
        header.setSortIndicatorClearable(True)      # a third click goes back to import order
        header.setSortIndicator(-1, Qt.AscendingOrder)
        self.setSortingEnabled(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_name_column()

    def _fit_name_column(self) -> None:
        """The name column takes the room the other columns leave, within ``NAME_CHARS``, so a
        narrow dock shows the status too; once the user drags its edge, it stays as they left it."""
        header, em = self.header(), self.fontMetrics().averageCharWidth()
        if self._name_width is None or header.count() < 2:
            return
        last = header.logicalIndex(header.count() - 1)        # it stretches: count its own width
        others = sum(header.sectionSize(c) for c in range(1, header.count()) if c != last) + self._status_width
        width = max(em * NAME_CHARS[0], min(em * NAME_CHARS[1], self.viewport().width() - others))
        if width != header.sectionSize(0):
            self._name_width = width
            header.resizeSection(0, width)

    def _on_header_section_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0 and new != self._name_width:
            self._name_width = None                           # the user's width from now on

    def _on_model_columns_inserted(self, _parent, first: int, last: int) -> None:
        """Attribute columns are shown right after the name (the model keeps them last)."""
        header, em = self.header(), self.fontMetrics().averageCharWidth()
        fixed = len(DocumentListModel.COLUMNS)
        for column in range(first, last + 1):
            header.resizeSection(column, em * 14)
            header.moveSection(header.visualIndex(column), 1 + column - fixed)

    def scrollTo(self, index, hint=QAbstractItemView.EnsureVisible) -> None:  # noqa: N802 (Qt's name)
        """Up or down to ``index``; sideways only for a cell beyond the names, which never scroll
        away (a click on a name keeps the attribute columns where they were)."""
        sideways = self.horizontalScrollBar().value()
        super().scrollTo(index, hint)
        if index.column() == 0:
            self.horizontalScrollBar().setValue(sideways)

    def updateGeometries(self) -> None:  # noqa: N802 (Qt's name)
        super().updateGeometries()
        if self.names is not None:      # made once __init__ has set the model up
            self.names.place()

    def show_column(self, column: int) -> None:
        """Scroll sideways until ``column`` (one just chosen) is in view, right of the names."""
        header, bar = self.header(), self.horizontalScrollBar()
        left = header.sectionPosition(column)
        bar.setValue(min(max(bar.value(), left + header.sectionSize(column) - self.viewport().width()),
                         left - self.names.width()))

    # ------------------------------------------------------------------ the open document
    def show_document(self, document_id: Optional[int]) -> None:
        """Make the row of the open document current and the only one selected (no row if the
        filter hides it), without announcing a choice."""
        self._shown = document_id
        row = self.rows.row_of(document_id)
        with self.quietly():
            if row < 0:
                self.selectionModel().clear()
            elif self.currentIndex().row() != row or len(self.selectionModel().selectedRows()) != 1:
                flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
                self.selectionModel().setCurrentIndex(self.rows.index(row, 0), flags)
        if row >= 0:
            self.scrollTo(self.rows.index(row, 0))

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Changes of the current row inside are not the user's choice of a document."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def set_conditions(self, conditions: list) -> None:
        """Filter by ``conditions`` (all must hold); the open document stays open."""
        with self.quietly():
            self.rows.set_conditions(conditions)
        self.show_document(self._shown)

    def refilter(self) -> None:
        """Attribute values changed: filter again, keeping the open document open."""
        with self.quietly():
            self.rows.refilter()
        self.show_document(self._shown)

    def selected_document_ids(self) -> list[int]:
        """The selected documents, top to bottom."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [doc for doc in map(self.rows.document_id, rows) if doc is not None]

    def _on_selection_current_row_changed(self, current: QModelIndex, _previous) -> None:
        if not (self._quiet or self._extending) and current.isValid():
            self._choose(current.row())

    def _on_activated(self, index: QModelIndex) -> None:
        self._choose(index.row())     # Enter on the focused row, e.g. after Ctrl+arrows moved the focus

    def _choose(self, row: int) -> None:
        document_id = self.rows.document_id(row)
        if document_id is not None and document_id != self._shown:
            self._shown = document_id
            self.document_chosen.emit(document_id)

    # A Ctrl/Shift click or key extends the selection and moves the focus, but keeps the document.
    def mousePressEvent(self, event) -> None:
        self.pressed(event, super().mousePressEvent, self.indexAt)

    def pressed(self, event, press, index_at) -> None:
        """A press on the list or on its frozen names: ``press`` is the view's own handling."""
        with self._extending_if(event.modifiers()):
            press(event)
        index = index_at(event.position().toPoint())
        if index.isValid() and not event.modifiers() & _EXTENDING and event.button() == Qt.LeftButton:
            self._choose(index.row())    # a plain click on the focused row, which a Ctrl+click left unopened

    def keyPressEvent(self, event) -> None:
        with self._extending_if(event.modifiers()):
            super().keyPressEvent(event)

    @contextmanager
    def _extending_if(self, modifiers) -> Iterator[None]:
        self._extending = bool(modifiers & _EXTENDING)
        try:
            yield
        finally:
            self._extending = False

    # ------------------------------------------------------------------ dropping files
    @staticmethod
    def _local_paths(event) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = self._local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()
