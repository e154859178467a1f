"""A wrapping row of coders to tick, shared by the agreement and adjudication windows.

Items carry the coder's name in ``Qt.UserRole``; ticks survive a reload, and coders new to
the list are ticked unless they are the gold (consensus) layer or set aside (a retest round's
re-coding). The row is laid out again at every width (``Adjust``: laid out once at its first,
narrow width, the coders stood in a column) and is as tall as its lines of coders, up to
three, so a tick is never cut off or left alone at the top of an empty box.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

GOLD_TIP = "The adjudicated (gold) layer: tick it to compare a coder with the consensus."
ASIDE_TIP = "A retest round's re-coding of a coder's documents: tick it to include it."
MAX_LINES = 3


class CoderTicks(QListWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Coders to compare")
        self.setFlow(QListWidget.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.Adjust)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the lines the coders take at this width (at most ``MAX_LINES``); a list set to
        one coder a line (``setWrapping(False)``) keeps the height its window gave it."""
        if not self.isWrapping():
            return
        self.doItemsLayout()
        rects = [self.visualItemRect(self.item(i)) for i in range(self.count())]
        lines = sorted({r.top() for r in rects})[:MAX_LINES]
        if lines:
            content = max(r.bottom() + 1 for r in rects if r.top() in lines) - lines[0]
        else:
            content = self.fontMetrics().height() + 4
        self.setFixedHeight(content + 2 * self.spacing() + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height()) if self.isWrapping() else hint

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

    def reload(self, coders, gold=None, include_gold: bool = True, aside=()) -> None:
        """List ``coders`` (records), keeping ticks; ``gold`` is listed (unticked, marked as the
        consensus) only if ``include_gold``; the coders ``aside`` (records) are listed unticked."""
        aside_ids = {c.id for c in aside}
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
            unticked = is_gold or coder.id in aside_ids
            item.setCheckState(Qt.Checked if ticked.get(coder.name, not unticked) else Qt.Unchecked)
            if is_gold or coder.id in aside_ids:
                item.setToolTip(GOLD_TIP if is_gold else ASIDE_TIP)
            self.addItem(item)
        self.blockSignals(False)
        self._fit_height()
