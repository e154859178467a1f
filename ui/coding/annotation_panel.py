"""The annotations panel: this document's visible annotations in text order.

Clicking a row makes it the session's current annotation (the text view scrolls to it);
a memo is written in a multi-line editor (double-click or F2 on the Memo cell, Edit › Edit
Memo, the context menu); Delete removes the selected annotations; the context menu re-codes,
edits the memo or deletes, and marks a gold annotation as an anchor (``anchor_menu.py``). Every
change goes through a command.

The table never sizes to its contents: that measures every row, tens of thousands on a long
document. Rows have one fixed height (a memo shows on one line, whole in its tooltip); the
Code and Coder columns are as wide as their longest name, measured from the names alone (up to
half the table for a very long code name); Text stretches and Memo takes a quarter. Tab leaves
the table (arrows move between cells).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyle, QStyleOptionViewItem, QTableView

from annotator.commands import DeleteAnnotation, UpdateAnnotation

from ..shared.models import AnnotationTableModel
from .anchor_menu import add_anchor_actions
from .annotation_memo import AnnotationMemoDialog

CODE, CODER = 0, 1


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
        self.setTabKeyNavigation(False)     # Tab goes on to the next widget; arrows move between cells
        self.memo_dialog: AnnotationMemoDialog | None = None
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self._fit_rows()
        self.annotation_model.names_changed.connect(self._fit_columns)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        # Delete is the main window's Edit › Delete Annotation (one action, no ambiguity).
        self.clicked.connect(self._on_row_clicked)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.annotation_model.modelReset.connect(self._reselect_current)
        self.annotation_model.rowsInserted.connect(self._reselect_current)
        session.annotation_selected.connect(self._on_session_annotation_selected)

    # sizes: from the names and the font, never from the rows
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit_rows()
            self._fit_columns()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self._cell_size("Ág", True).height())

    def _fit_columns(self) -> None:
        half = self.viewport().width() // 2
        model = self.annotation_model
        for column, names, swatch in ((CODE, model.code_names(), True), (CODER, model.coder_names(), False)):
            widths = [self._cell_size(name, swatch).width() for name in names]
            widths.append(self.horizontalHeader().sectionSizeFromContents(column).width())
            self.setColumnWidth(column, min(max(widths), max(half, widths[-1])))
        self.setColumnWidth(AnnotationTableModel.MEMO,
                            max(self.viewport().width() // 4, self.fontMetrics().averageCharWidth() * 8))

    def _cell_size(self, text: str, swatch: bool) -> QSize:
        """The size the delegate asks for a cell showing ``text`` (after a colour square if ``swatch``),
        as the style measures it, with the grid line."""
        option = QStyleOptionViewItem()
        option.initFrom(self)
        option.font, option.text = self.font(), text
        option.features = QStyleOptionViewItem.HasDisplay
        if swatch:
            option.features |= QStyleOptionViewItem.HasDecoration
            side = self.style().pixelMetric(QStyle.PM_SmallIconSize, None, self)
            option.decorationSize = QSize(side, side)
        size = self.style().sizeFromContents(QStyle.CT_ItemViewItem, option, QSize(), self)
        grid = 1 if self.showGrid() else 0
        return QSize(size.width() + grid, size.height() + grid)

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

    def edit(self, index, trigger=None, event=None):
        """Both of Qt's ``edit`` overloads come here: a memo is written in the multi-line
        :class:`AnnotationMemoDialog`, never in the cell."""
        if index.isValid() and index.column() == AnnotationTableModel.MEMO:
            if trigger is None or self.editTriggers() & trigger:
                self._open_memo(index)
            return False
        return super().edit(index) if trigger is None else super().edit(index, trigger, event)

    def _open_memo(self, index) -> None:
        annotation = self.annotation_model.annotation(index.row())
        if annotation is None or not self.annotation_model.flags(index) & Qt.ItemIsEditable:
            return
        passage = self.annotation_model.index(index.row(), 2).data()
        self.memo_dialog = AnnotationMemoDialog(self._session, annotation.uuid, passage, self.window())
        self.memo_dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.memo_dialog.open()

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
        if annotation is not None:
            self.menu_for(annotation).exec(event.globalPos())

    def menu_for(self, annotation) -> QMenu:
        """The context menu of one annotation's row."""
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
        add_anchor_actions(menu, self._session, annotation)
        return menu

    def _recode(self, uuid: str, code_id: int) -> None:
        annotation = self._session.project.annotation(uuid)
        self._session.push(UpdateAnnotation(uuid, code_id, annotation.start, annotation.end, annotation.memo,
                                            label="Re-code annotation"))
