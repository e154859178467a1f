"""The Documents list's filter row (Document › Filter Documents): conditions on attributes that
must all hold (``filter_condition.ConditionRow`` each), "N of M documents", Clear and close.

A condition whose value is empty is left out. The filter is a view: it changes nothing in the
project, is not undone and is not saved.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from annotator.where import Condition

from .filter_condition import ConditionRow, KeyFacts, key_facts


class FilterBar(QWidget):
    """Condition rows above the Documents list, "N of M documents", Clear, and a close button."""

    conditions_changed = Signal(list)
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("documentFilter")
        self.setAccessibleName("Filter documents")
        self._facts: dict[str, KeyFacts] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(6)
        layout.addLayout(self.rows_layout)
        self.empty_note = QLabel("No document has attributes yet: select documents and use "
                                 "Document › Edit Attributes…, or import a table of them.")
        self.empty_note.setWordWrap(True)
        layout.addWidget(self.empty_note)
        layout.addLayout(self._bottom_line())

    def _bottom_line(self) -> QHBoxLayout:
        line = QHBoxLayout()
        self.add_button = QPushButton("+ Condition")
        self.add_button.setObjectName("addCondition")
        self.add_button.setToolTip("Add a condition; documents must meet all of them")
        self.add_button.clicked.connect(lambda: self.add_condition())
        self.count_label = QLabel()
        self.count_label.setObjectName("filterCount")
        clear = QPushButton("Clear")
        clear.setToolTip("Remove every condition and show all documents")
        clear.clicked.connect(self.clear)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close the filter and show all documents (Esc)")
        close.setAccessibleName("Close the filter")
        close.clicked.connect(self.closed.emit)
        line.addWidget(self.add_button)
        line.addStretch(1)
        line.addWidget(self.count_label)
        line.addWidget(clear)
        line.addWidget(close)
        return line

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.closed.emit()
        else:
            super().keyPressEvent(event)

    # conditions
    def condition_rows(self) -> list[ConditionRow]:
        return [w for w in (self.rows_layout.itemAt(i).widget() for i in range(self.rows_layout.count()))
                if isinstance(w, ConditionRow)]

    def conditions(self) -> list[Condition]:
        return [c for row in self.condition_rows() for c in row.conditions()]

    def add_condition(self, key: str = "") -> ConditionRow | None:
        if not self._facts:
            return None
        row = ConditionRow(self._facts, key)
        row.changed.connect(self._announce)
        row.remove_requested.connect(lambda: self._remove(row))
        self.rows_layout.addWidget(row)
        row.key_combo.setFocus()
        self._announce()
        return row

    def clear(self) -> None:
        for row in self.condition_rows():
            self._remove(row, announce=False)
        self._announce()

    def _remove(self, row: ConditionRow, announce: bool = True) -> None:
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        if announce:
            self._announce()

    def _announce(self) -> None:
        self.conditions_changed.emit(self.conditions())

    # what the documents hold
    def set_attributes(self, attributes: list[dict]) -> None:
        """The documents' attributes (after every edit): keys and values offered."""
        self._facts = key_facts(attributes)
        for row in self.condition_rows():
            row.set_facts(self._facts)
        self.empty_note.setVisible(not self._facts)
        self.add_button.setEnabled(bool(self._facts))

    def show_count(self, shown: int, total: int, filtered: bool) -> None:
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{shown:,} of {total:,} {noun}" if filtered else f"all {total:,} {noun}")
