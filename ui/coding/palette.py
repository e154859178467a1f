"""The code palette: the coding scheme as a tree of swatches, names and shortcut keys.

Clicking (or pressing Enter on) a codable code emits ``code_activated(code_id)``; the main
window turns that into "code the selection" or "re-code the current annotation".
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from ..shared.models import CODE_ID_ROLE, CodeTreeModel


class CodePalette(QTreeView):
    code_activated = Signal(int)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.setObjectName("codePalette")
        self.setAccessibleName("Codes")
        self.setAccessibleDescription("The coding scheme. Click a code, or press its key, to code the selection.")
        self.code_model = CodeTreeModel(project, self)
        self.setModel(self.code_model)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setRootIsDecorated(self._has_groups())
        self.expandAll()
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.clicked.connect(self._on_index_activated)

    def _has_groups(self) -> bool:
        return any(c.parent_id is not None for c in self.code_model.codes())

    def reload(self) -> None:
        self.code_model.reload()
        self.setRootIsDecorated(self._has_groups())
        self.expandAll()

    def show_code(self, code_id: int | None) -> None:
        """Highlight ``code_id`` in the tree (the current annotation's code)."""
        index = self.code_model.index_of(code_id) if code_id else QModelIndex()
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
        else:
            self.clearSelection()

    def current_code_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(CODE_ID_ROLE) if index.isValid() else None

    def _on_index_activated(self, index: QModelIndex) -> None:
        code = self.code_model.code(index.data(CODE_ID_ROLE))
        if code is not None and code.codable:
            self.code_activated.emit(code.id)

    def keyPressEvent(self, event) -> None:
        # Enter/Space code with the current row; not `activated`, which some platforms
        # also emit on a single click (that would code twice).
        if event.key() in (Qt.Key_Space, Qt.Key_Return, Qt.Key_Enter) and self.currentIndex().isValid():
            self._on_index_activated(self.currentIndex())
            return
        super().keyPressEvent(event)
