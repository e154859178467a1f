"""A wrapping row of coders to tick, shared by the agreement and adjudication windows.

Items carry the coder's name in ``Qt.UserRole``; ticks survive a reload, and coders new to
the list are ticked unless they are the gold (consensus) layer.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

GOLD_TIP = "The adjudicated (gold) layer: tick it to compare a coder with the consensus."


class CoderTicks(QListWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Coders to compare")
        self.setFlow(QListWidget.LeftToRight)
        self.setWrapping(True)
        self.setSpacing(2)
        self.setFixedHeight(self.fontMetrics().height() + 16)

    def names(self) -> list[str]:
        return [self.item(i).data(Qt.UserRole) for i in range(self.count())]

    def chosen(self) -> list[str]:
        return [self.item(i).data(Qt.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.Checked]

    def set_chosen(self, names) -> None:
        """Tick exactly ``names`` (no ``itemChanged`` per item)."""
        names = set(names)
        self.blockSignals(True)
        for i in range(self.count()):
            self.item(i).setCheckState(Qt.Checked if self.item(i).data(Qt.UserRole) in names else Qt.Unchecked)
        self.blockSignals(False)

    def reload(self, coders, gold=None, include_gold: bool = True) -> None:
        """List ``coders`` (records), keeping ticks; ``gold`` is listed (unticked, marked as the
        consensus) only if ``include_gold``."""
        ticked = {self.item(i).data(Qt.UserRole): self.item(i).checkState() == Qt.Checked
                  for i in range(self.count())}
        self.blockSignals(True)
        self.clear()
        for coder in coders:
            is_gold = gold is not None and coder.id == gold.id
            if is_gold and not include_gold:
                continue
            item = QListWidgetItem(f"{coder.name} (consensus)" if is_gold else coder.name)
            item.setData(Qt.UserRole, coder.name)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if ticked.get(coder.name, not is_gold) else Qt.Unchecked)
            if is_gold:
                item.setToolTip(GOLD_TIP)
            self.addItem(item)
        self.blockSignals(False)
