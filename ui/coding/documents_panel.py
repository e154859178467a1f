"""The Documents dock: the list, its filter row, the attribute columns chosen (remembered per
project) and the attribute editor for the selected documents.

The coding window makes the actions (Document › Edit Attributes…, Filter Documents, Document
Columns) and hands them to ``set_context_actions`` for the list's context menu.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from ..shared.document_model import DocumentListModel
from .attribute_editor import AttributeEditor
from .document_filter import FilterBar
from .document_list import DocumentList
from .window_settings import remember_columns, remembered_columns


class DocumentsPanel(QWidget):
    """The filter row (hidden until wanted) above the Documents list."""

    filter_toggled = Signal(bool)      # the filter row was shown or closed

    def __init__(self, session, model: DocumentListModel, parent=None):
        super().__init__(parent)
        self.setObjectName("documentsPanel")
        self.session, self.model = session, model
        self.filter_bar = FilterBar()
        self.filter_bar.hide()
        self.document_list = DocumentList(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.document_list, 1)
        self.columns_menu = QMenu("Document &Columns", self)
        self.columns_menu.setObjectName("documentColumnsMenu")
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        header = self.document_list.header()
        header.setContextMenuPolicy(Qt.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda at: self.columns_menu.popup(header.mapToGlobal(at)))
        self._chosen = remembered_columns(session.project)
        self.filter_bar.conditions_changed.connect(self._on_filter_bar_conditions_changed)
        self.filter_bar.closed.connect(lambda: self.show_filter(False))
        model.attributes_reloaded.connect(self._on_model_attributes_reloaded)
        rows = self.document_list.rows
        for signal in (rows.rowsInserted, rows.rowsRemoved, rows.modelReset, rows.layoutChanged):
            signal.connect(self._update_count)
        self._on_model_attributes_reloaded()

    def set_context_actions(self, actions: list) -> None:
        self.document_list.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.document_list.addActions(actions + [self.columns_menu.menuAction()])

    # ------------------------------------------------------------------ columns
    def shown_columns(self) -> list[str]:
        return self.model.attribute_columns()

    def set_column_shown(self, key: str, shown: bool) -> None:
        """Show or hide the attribute ``key`` as a column; remembered for this project."""
        self._chosen = [k for k in self._chosen if k != key] + ([key] if shown else [])
        remember_columns(self.session.project, self._chosen)
        self._apply_columns()
        if key in self.model.attribute_columns():
            self.document_list.show_column(len(self.model.COLUMNS) + self.model.attribute_columns().index(key))

    def _apply_columns(self) -> None:
        present = set(self.model.attribute_keys())
        columns = [key for key in self._chosen if key in present]
        if columns == self.model.attribute_columns():
            return
        with self.document_list.quietly():
            self.model.set_attribute_columns(columns)
        header = self.document_list.header()
        with QSignalBlocker(header):
            header.setSortIndicator(self.model.sort_column(), header.sortIndicatorOrder())
        self.document_list.show_document(self.session.document_id)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        keys = self.model.attribute_keys()
        if not keys:
            self.columns_menu.addAction("No document has attributes yet").setEnabled(False)
        shown = set(self.model.attribute_columns())
        for key in keys:
            action = self.columns_menu.addAction(key)
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.toggled.connect(lambda on, k=key: self.set_column_shown(k, on))

    # ------------------------------------------------------------------ filter
    def show_filter(self, on: bool) -> None:
        """Show the filter row (with a first condition) and apply it, or close it: all documents."""
        if on and not self.filter_bar.condition_rows():
            self.filter_bar.add_condition()
        self.filter_bar.setVisible(on)
        self.document_list.set_conditions(self.filter_bar.conditions() if on else [])
        rows = self.filter_bar.condition_rows()
        if on and rows:
            rows[0].key_combo.setFocus()
        elif not on:
            self.document_list.setFocus()
        self._update_count()
        self.filter_toggled.emit(on)

    def _on_filter_bar_conditions_changed(self, conditions: list) -> None:
        if self.filter_bar.isVisible():
            self.document_list.set_conditions(conditions)

    def _update_count(self, *_args) -> None:
        rows = self.document_list.rows
        self.filter_bar.show_count(rows.rowCount(), self.model.rowCount(), rows.is_filtered())

    def _on_model_attributes_reloaded(self) -> None:
        self.filter_bar.set_attributes([self.model.attributes(doc) for doc in self.model.document_ids()])
        self._apply_columns()
        self.document_list.refilter()
        self._update_count()

    # ------------------------------------------------------------------ editing
    def edit_attributes(self) -> Optional[AttributeEditor]:
        """Open the attribute editor for the selected documents (or the open one)."""
        ids = self.document_list.selected_document_ids()
        if not ids and self.session.document_id is not None:
            ids = [self.session.document_id]
        if not ids:
            return None
        documents = [(doc, self.model.name_of(doc), self.model.attributes(doc)) for doc in ids]
        dialog = AttributeEditor(documents, self.window())
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_edit(dialog))
        dialog.open()
        return dialog

    def _apply_edit(self, dialog: AttributeEditor) -> None:
        if dialog.change is None or not self.session.push(dialog.change):
            return
        chosen = list(self._chosen)
        for edit in dialog.edits():          # a renamed column keeps its place; a new attribute is shown
            if edit.original in chosen and edit.key != edit.original:
                chosen[chosen.index(edit.original)] = edit.key
            elif edit.original is None and edit.key not in chosen:
                chosen.append(edit.key)
        if chosen != self._chosen:
            self._chosen = chosen
            remember_columns(self.session.project, chosen)
            self._apply_columns()
