"""Document › Edit Attributes…: the attributes of one or several documents as a table of
attribute | value, applied as one undo step.

For several documents, an attribute whose values differ (or that some lack) shows "(several
values)" and each document keeps its own value unless the cell is edited. Editing a name
renames the attribute in every selected document that has it, each keeping its value; Remove
takes it from all of them. Values are read as stored ones are (``attributes.parse_value``):
numbers, dates written in a common form become ISO dates, and a date whose day and month could
be either way round stays text, which the dialog says, naming the documents. OK applies one
``Group`` of ``SetDocumentAttributes`` patches, only for the documents that change: only the
keys edited are written, so keys another window or process stored meanwhile are kept.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.attribute_rules import check_key
from annotator.attributes import Value, cell, name_form
from annotator.changes import Group
from annotator.errors import AnnotatorError

from ..shared.ordering import natural_key
from .attribute_edits import Edit, edit_command, names_text, reading

SEVERAL = "(several values)"
_ORIGINAL = Qt.UserRole + 1        # on a name cell: the attribute's stored name (None: a new row)
_SEVERAL = Qt.UserRole + 2         # on a value cell: the documents' values differ
_EDITED = Qt.UserRole + 3          # on a value cell: the user changed it


class _SeveralDelegate(QStyledItemDelegate):
    """An empty value cell whose documents differ reads "(several values)", in grey italics."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.data(_SEVERAL) and not index.data(_EDITED) and not option.text:
            option.text = SEVERAL
            option.font.setItalic(True)
            option.palette.setColor(QPalette.Text, option.palette.color(QPalette.PlaceholderText))


class AttributeEditor(QDialog):
    """The attributes of ``documents`` (``(id, name, attributes)`` each) to edit."""

    def __init__(self, documents: list[tuple[int, str, dict]], parent=None):
        super().__init__(parent)
        self.setObjectName("attributeEditor")
        self._documents = documents
        self._removed: set[str] = set()
        self.change: Optional[Group] = None
        single = len(documents) == 1
        self.setWindowTitle(f"Attributes of {documents[0][1] if single else f'{len(documents)} documents'}")
        layout = QVBoxLayout(self)
        intro = QLabel("Double-click a value or a name to change it. Dates are kept as YYYY\u2011MM\u2011DD."
                       + ("" if single else " A change applies to every selected document; where the "
                          f"documents differ (\u201c{SEVERAL}\u201d) each keeps its own value unless you "
                          "edit it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._make_table())
        layout.addLayout(self._row_buttons())
        self.note = QLabel()
        self.note.setObjectName("attributeNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 70, line * 24)

    def _make_table(self) -> QTableWidget:
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("attributeTable")
        self.table.setAccessibleName("Attributes")
        self.table.setHorizontalHeaderLabels(["Attribute", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 22)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.table.setItemDelegateForColumn(1, _SeveralDelegate(self.table))
        keys = sorted({key for _, _, attributes in self._documents for key in attributes}, key=natural_key)
        for key in keys:
            self._add_row(key, self._values(key))
        self.table.itemChanged.connect(self._on_table_item_changed)
        return self.table

    def _row_buttons(self) -> QHBoxLayout:
        line = QHBoxLayout()
        add = QPushButton("&Add Attribute")
        add.setObjectName("addAttribute")
        add.clicked.connect(self._on_add_clicked)
        remove = QPushButton("&Remove Attribute")
        remove.setObjectName("removeAttribute")
        remove.setToolTip("Remove the selected attributes from every document here")
        remove.clicked.connect(self._on_remove_clicked)
        line.addWidget(add)
        line.addWidget(remove)
        line.addStretch(1)
        return line

    def _values(self, key: str) -> list[tuple[str, Value, bool]]:
        """(document name, value, has it) for every document."""
        return [(name, attributes.get(key), key in attributes) for _, name, attributes in self._documents]

    def _add_row(self, key: Optional[str], values: list[tuple[str, Value, bool]]) -> int:
        shown = {(has, cell(value)) for _, value, has in values}
        several = len(shown) > 1
        name = QTableWidgetItem(key or "")
        name.setData(_ORIGINAL, key)
        value = QTableWidgetItem("" if several or not values or key is None else cell(values[0][1]))
        value.setData(_SEVERAL, several)
        value.setData(_EDITED, key is None)
        if several:
            value.setToolTip(_spread(values))
        row = self.table.rowCount()
        with QSignalBlocker(self.table):
            self.table.insertRow(row)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, value)
        return row

    # ------------------------------------------------------------------ what the user does
    def row_of(self, key: str) -> int:
        return next((row for row in range(self.table.rowCount()) if self.table.item(row, 0).text() == key), -1)

    def set_value(self, key: str, text: str) -> None:
        self.table.item(self.row_of(key), 1).setText(text)

    def rename(self, key: str, new: str) -> None:
        self.table.item(self.row_of(key), 0).setText(new)

    def add_attribute(self, key: str = "", text: str = "") -> int:
        row = self._add_row(None, [])
        self.table.item(row, 0).setText(key)
        self.table.item(row, 1).setText(text)
        return row

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            original = self.table.item(row, 0).data(_ORIGINAL)
            if original is not None:
                self._removed.add(original)
            self.table.removeRow(row)
        self._update_note()

    def _on_add_clicked(self) -> None:
        row = self.add_attribute()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def _on_remove_clicked(self) -> None:
        self.remove_rows([index.row() for index in self.table.selectionModel().selectedRows()])

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1 and not item.data(_EDITED):
            with QSignalBlocker(self.table):
                item.setData(_EDITED, True)
        self._update_note()

    # ------------------------------------------------------------------ the result
    def edits(self) -> list[Edit]:
        """The rows as edits; a new or changed name that cannot be an attribute, or that another
        row has, is refused in one sentence (names stored already are left as they are)."""
        edits = []
        for row in range(self.table.rowCount()):
            name, value = self.table.item(row, 0), self.table.item(row, 1)
            original = name.data(_ORIGINAL)
            key = original if name.text() == original else name.text().strip()
            text = value.text() if value.data(_EDITED) else None
            if not key and original is None and not (text or "").strip():
                continue       # an added row left empty
            if not key:
                raise AnnotatorError("Every attribute needs a name.")
            edits.append(Edit(original, key if key == original else check_key(key), text))
        forms = [name_form(edit.key) for edit in edits]
        for edit, form in zip(edits, forms):
            if edit.key != edit.original and forms.count(form) > 1:
                raise AnnotatorError(f"There are two attributes called \u201c{edit.key}\u201d; rename or remove one.")
        return edits

    def command(self) -> Optional[Group]:
        """The undo step these edits make (None if they change nothing)."""
        return edit_command(self._documents, self.edits(), self._removed)

    def accept(self) -> None:
        """Close only if the table can be applied; ``change`` is then its undo step (or None)."""
        try:
            self.change = self.command()
        except AnnotatorError as error:
            self.note.setText(str(error))
            return
        super().accept()

    def _update_note(self) -> None:
        """How the typed values will be stored: dates recognised, and dates kept as text."""
        try:
            edits = self.edits()
        except AnnotatorError as error:
            self.note.setText(str(error))
            return
        names = names_text([name for _, name, _ in self._documents])
        self.note.setText(" ".join(reading(edit, names) for edit in edits if edit.value is not None).strip())


def _spread(values: list[tuple[str, Value, bool]], at_most: int = 12) -> str:
    """A tooltip: each document's value."""
    lines = [f"{name}: {cell(value) if has else '(none)'}" for name, value, has in values[:at_most]]
    if len(values) > at_most:
        lines.append(f"… and {len(values) - at_most} more")
    return "\n".join(lines)
