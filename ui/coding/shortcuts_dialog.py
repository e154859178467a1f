"""Help › Keyboard Shortcuts: every action with a shortcut, read from the window's actions."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

MOUSE_HINTS = ("Mouse: drag to select, then press a code's key; hold Alt while selecting to keep exact "
               "characters. Double-click selects a word. Click an annotation to choose it (click again "
               "to cycle through overlapping ones); drag the start or end edge of the chosen annotation "
               "to move it (hold Alt for exact characters).")


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent=None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutsTable")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, text, keys in rows:
            if menu not in groups:
                group = QTreeWidgetItem(self.tree, [menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemIsEnabled)
                groups[menu] = group
            QTreeWidgetItem(groups[menu], [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        layout.addWidget(self.tree, 1)
        hints = QLabel(MOUSE_HINTS)
        hints.setWordWrap(True)
        layout.addWidget(hints)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        columns = self.tree.columnWidth(0) + self.tree.columnWidth(1) + metrics.averageCharWidth() * 8
        self.resize(max(metrics.averageCharWidth() * 78, columns), metrics.height() * 34)

    def rows(self) -> list[tuple[str, str, str]]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out += [(group.text(0), group.child(j).text(0), group.child(j).text(1)) for j in range(group.childCount())]
        return out
