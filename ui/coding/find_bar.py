"""Find in the current document (Ctrl+F): a bar under the text with the number of matches."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Find in the current document: Enter for next, Shift+Enter for previous, Esc closes."""

    closed = Signal()

    def __init__(self, text_view, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = text_view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Find:"))
        self.edit = QLineEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText("Text to find")
        layout.addWidget(self.edit, 1)
        self.hits = QLabel()
        layout.addWidget(self.hits)
        for text, tip, slot in (("↑", "Previous match (Shift+Enter)", self.previous),
                                ("↓", "Next match (Enter)", self.next), ("✕", "Close (Esc)", self.close_bar)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(slot)
            layout.addWidget(button)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.returnPressed.connect(self.next)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ShiftModifier:
            self.previous()
        else:
            super().keyPressEvent(event)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self._view.clear_find()
        self.hide()
        self.closed.emit()

    def next(self) -> None:
        if self.edit.text():
            self._view.find_next()

    def previous(self) -> None:
        if self.edit.text():
            self._view.find_previous()

    def _on_edit_text_changed(self, text: str) -> None:
        if not text:
            self._view.clear_find()
            self.hits.setText("")
            return
        count = self._view.find(text)
        self.hits.setText("no matches" if count == 0 else f"{count} match{'es' if count != 1 else ''}")
