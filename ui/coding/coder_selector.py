"""The current coder, always visible in the toolbar; the last entry adds a coder."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox

ADD_CODER = -1


class CoderSelector(QComboBox):
    coder_chosen = Signal(int)        # a coder id
    add_coder_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("coderSelector")
        self.setAccessibleName("Current coder")
        self.setToolTip("Who is coding. Your annotations are stored under this name.")
        self.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.activated.connect(self._on_activated)

    def reload(self, coders, current: Optional[int]) -> None:
        """List ``coders`` (records) and show ``current`` without emitting anything."""
        self.blockSignals(True)
        self.clear()
        for coder in coders:
            self.addItem(coder.name, coder.id)
        self.insertSeparator(self.count())
        self.addItem("Add coder…", ADD_CODER)
        self.setCurrentIndex(self.findData(current) if current is not None else -1)
        self.blockSignals(False)

    def show_coder(self, coder_id: int) -> None:
        index = self.findData(coder_id)
        if index >= 0:
            self.setCurrentIndex(index)

    def _on_activated(self, index: int) -> None:
        coder_id = self.itemData(index)
        if coder_id == ADD_CODER:
            self.add_coder_requested.emit()
        elif coder_id is not None:
            self.coder_chosen.emit(coder_id)
