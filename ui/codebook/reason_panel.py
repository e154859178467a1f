"""The codebook editor's "Reason for these changes": a note and the disagreements cited, kept in the
change log with every edit made from the editor while they are filled (``session.codebook_reason``).
Disagreements are cited from the Agreement window's Disagreements tab."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
)

SHOWN_ROWS = 3
HINT = "No disagreement cited: cite them from Tools › Agreement…, Disagreements tab."


class ReasonPanel(QGroupBox):
    """Edits the session's :class:`~ui.shared.codebook_reason.CodebookReason`."""

    def __init__(self, reason, parent=None):
        super().__init__("Reason for these changes", parent)
        self.setObjectName("codebookReason")
        self.reason = reason
        self.because = QLineEdit()
        self.because.setObjectName("codebookBecause")
        self.because.setAccessibleName("Reason for these changes")
        self.because.setPlaceholderText("Why the codebook changes: kept in the change log with each edit made here")
        self.because.textEdited.connect(reason.set_because)
        self.cited = QListWidget()
        self.cited.setObjectName("codebookCited")
        self.cited.setAccessibleName("Cited disagreements")
        self.cited.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.cited.setTextElideMode(Qt.ElideRight)       # the whole of it in the tooltip
        self.cited.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.cited.setUniformItemSizes(True)
        self.cited.itemSelectionChanged.connect(self._update_enabled)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("codebookCitedHint")
        self.hint.setWordWrap(True)
        self.remove_button = _button("Remove", "codebookUnciteButton", "Stop citing the selected disagreements",
                                     self.remove_selected)
        self.clear_button = _button("Clear", "codebookClearReasonButton",
                                    "Clear the reason and the cited disagreements", reason.clear)
        row = QHBoxLayout()
        row.addWidget(self.because, 1)
        row.addWidget(self.remove_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.cited)
        layout.addWidget(self.hint)
        reason.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if self.because.text() != self.reason.because:
            self.because.setText(self.reason.because)
        self.cited.clear()
        for d in self.reason.cited:
            item = QListWidgetItem(f"{d.place()} — {d.who()}")
            item.setData(Qt.UserRole, d.id)
            item.setToolTip(f"{d.place()}\n{d.who()}\n“{d.text}”")
            self.cited.addItem(item)
        self.cited.setVisible(bool(self.reason.cited))
        rows = min(max(len(self.reason.cited), 1), SHOWN_ROWS)   # as tall as its rows, up to three, then it scrolls
        self.cited.setFixedHeight(rows * self.cited.sizeHintForRow(0) + 2 * self.cited.frameWidth()
                                  if self.reason.cited else 0)
        self.hint.setVisible(not self.reason.cited)
        self._update_enabled()

    def remove_selected(self) -> None:
        self.reason.uncite([item.data(Qt.UserRole) for item in self.cited.selectedItems()])

    def _update_enabled(self) -> None:
        self.remove_button.setEnabled(bool(self.cited.selectedItems()))
        self.clear_button.setEnabled(bool(self.reason.because or self.reason.cited))


def _button(text: str, name: str, tip: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button
