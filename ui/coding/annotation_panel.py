"""The annotations panel: this document's visible annotations in text order.

Clicking a row makes it the session's current annotation (the text view scrolls to it);
the memo column is edited in place; Delete removes the selected annotations; the context
menu re-codes, edits the memo or deletes. Every change goes through a command.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from annotator.commands import DeleteAnnotation, UpdateAnnotation

from ..shared.models import AnnotationTableModel


class AnnotationTable(QTableView):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self._session = session
        self.setObjectName("annotationTable")
        self.setAccessibleName("Annotations")
        self.setAccessibleDescription("This document's annotations in text order: code, coder, text and memo.")
        self.annotation_model = AnnotationTableModel(session, self)
        self.setModel(self.annotation_model)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        # No AnyKeyPressed: digits are code shortcuts here too.
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        # Delete is the main window's Edit › Delete Annotation (one action, no ambiguity).
        self.clicked.connect(self._on_row_clicked)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.annotation_model.modelReset.connect(self._reselect_current)
        self.annotation_model.rowsInserted.connect(self._reselect_current)
        session.annotation_selected.connect(self._on_session_annotation_selected)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setColumnWidth(3, max(self.viewport().width() // 4, self.fontMetrics().averageCharWidth() * 8))

    def selected_uuids(self) -> list[str]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.annotation_model.annotation(row).uuid for row in rows]

    def delete_selected(self) -> None:
        uuids = self.selected_uuids() or ([self._session.annotation_uuid] if self._session.annotation_uuid else [])
        own = [u for u in uuids if self._is_own(u)]
        if not uuids:
            self._session.error_raised.emit("Select an annotation first (click it in the text or in this list).")
            return
        if not own:
            self._session.error_raised.emit("You can delete only your own annotations.")
            return
        if len(own) == 1:
            self._session.push(DeleteAnnotation(own[0]))
            return
        stack = self._session.undo_stack
        stack.beginMacro(f"Delete {len(own)} annotations")
        try:
            for uuid in own:
                self._session.push(DeleteAnnotation(uuid))
        finally:
            stack.endMacro()

    def edit_memo(self, uuid: str) -> None:
        row = self.annotation_model.row_of(uuid)
        if row >= 0:
            index = self.annotation_model.index(row, AnnotationTableModel.MEMO)
            self.setCurrentIndex(index)
            self.edit(index)

    def _is_own(self, uuid: str) -> bool:
        row = self.annotation_model.row_of(uuid)
        annotation = self.annotation_model.annotation(row)
        return annotation is not None and annotation.coder_id == self._session.coder_id

    # selection sync with the session
    def _on_row_clicked(self, index) -> None:
        annotation = self.annotation_model.annotation(index.row())
        if annotation is not None:
            self._session.select_annotation("")  # re-clicking the same row scrolls the text again
            self._session.select_annotation(annotation.uuid)

    def _on_current_row_changed(self, current, _previous) -> None:
        annotation = self.annotation_model.annotation(current.row())
        if annotation is not None and self.hasFocus():
            self._session.select_annotation(annotation.uuid)

    def _on_session_annotation_selected(self, uuid: str) -> None:
        row = self.annotation_model.row_of(uuid) if uuid else -1
        if row < 0:
            self.clearSelection()   # Delete must not act on a row the coder no longer sees as chosen
            return
        index = self.annotation_model.index(row, 0)
        if self.selectionModel().currentIndex().row() != row:
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.scrollTo(index)

    def _reselect_current(self, *_args) -> None:
        if self._session.annotation_uuid:
            self._on_session_annotation_selected(self._session.annotation_uuid)

    # context menu
    def contextMenuEvent(self, event) -> None:
        index = self.indexAt(event.pos())
        annotation = self.annotation_model.annotation(index.row()) if index.isValid() else None
        if annotation is None:
            return
        menu = QMenu(self)
        own = annotation.coder_id == self._session.coder_id
        recode = menu.addMenu("Re-code as")
        recode.setEnabled(own)
        project = self._session.project
        for code in project.codes():
            if not code.codable:
                continue
            action = recode.addAction(project.code_path(code) + (f"\t{code.shortcut}" if code.shortcut else ""))
            action.setEnabled(code.id != annotation.code_id)
            action.triggered.connect(lambda _checked=False, c=code.id, u=annotation.uuid: self._recode(u, c))
        memo = menu.addAction("Edit memo…")
        memo.setEnabled(own)
        memo.triggered.connect(lambda: self.edit_memo(annotation.uuid))
        menu.addSeparator()
        delete = menu.addAction("Delete annotation")
        delete.setShortcut(QKeySequence(QKeySequence.Delete))
        delete.setEnabled(own)
        delete.triggered.connect(self.delete_selected)
        menu.exec(event.globalPos())

    def _recode(self, uuid: str, code_id: int) -> None:
        annotation = self._session.project.annotation(uuid)
        self._session.push(UpdateAnnotation(uuid, code_id, annotation.start, annotation.end, annotation.memo,
                                            label="Re-code annotation"))
