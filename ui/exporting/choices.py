"""Which coders and which codes an export takes.

``CoderChoice``: every coder, the gold layer alone (when the project has one), or the coders
ticked. ``CodeChoice``: every code, or the codes ticked in the code tree, where ticking or
unticking a code does the same to its sub-codes (each can still be changed on its own after).
Both return row ids, or ``None`` for "all", as ``annotator.exporting.export`` takes them.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from annotator.segments import gold_coder

from ..shared.coder_ticks import CoderTicks


def _radio(text: str, name: str, group: QButtonGroup) -> QRadioButton:
    button = QRadioButton(text)
    button.setObjectName(name)
    group.addButton(button)
    return button


class CoderChoice(QGroupBox):
    changed = Signal()

    def __init__(self, project, parent=None):
        super().__init__("Coders", parent)
        self.setObjectName("exportCoders")
        coders, self.gold = project.coders(), gold_coder(project)
        self._ids = {coder.name: coder.id for coder in coders}
        group = QButtonGroup(self)
        gold_too = ", gold included" if self.gold is not None else ""
        self.all_button = _radio(f"&All coders ({len(coders)}{gold_too})", "allCodersButton", group)
        self.gold_button = _radio("Only the &gold layer (consensus)", "goldOnlyButton", group)
        self.gold_button.setToolTip("The adjudicated consensus built in Tools › Adjudicate")
        self.chosen_button = _radio("C&hosen coders:", "chosenCodersButton", group)
        self.ticks = CoderTicks("exportCoderTicks")
        self.ticks.setAccessibleName("Coders to export")
        self.ticks.reload(coders, self.gold)
        self.ticks.setFlow(QListWidget.TopToBottom)     # one coder a line: a row of them would hide some
        self.ticks.setWrapping(False)
        row = max(self.ticks.sizeHintForRow(0), self.fontMetrics().height())
        self.ticks.setFixedHeight(min(max(len(coders), 1), 5) * (row + 2 * self.ticks.spacing())
                                  + 2 * self.ticks.frameWidth())
        layout = QVBoxLayout(self)
        for widget in (self.all_button, self.gold_button, self.chosen_button, self.ticks):
            layout.addWidget(widget)
        self.gold_button.setVisible(self.gold is not None)
        self.all_button.setChecked(True)
        group.buttonToggled.connect(self._update)
        self.ticks.itemChanged.connect(self._update)
        self._update()

    def chosen(self) -> Optional[list[int]]:
        """Coder ids, or None for every coder (the gold layer included)."""
        if self.gold_button.isChecked():
            return [self.gold.id]
        if self.chosen_button.isChecked():
            return [self._ids[name] for name in self.ticks.chosen()]
        return None

    def choose(self, names) -> None:
        """Tick exactly these coders and choose "Chosen coders"."""
        self.ticks.set_chosen(names)
        self.chosen_button.setChecked(True)
        self._update()

    def _update(self, *_args) -> None:
        self.ticks.setEnabled(self.chosen_button.isChecked())
        self.changed.emit()


class CodeChoice(QGroupBox):
    changed = Signal()

    def __init__(self, project, parent=None):
        super().__init__("Codes", parent)
        self.setObjectName("exportCodes")
        codes = project.codes()
        group = QButtonGroup(self)
        self.all_button = _radio(f"All &codes ({len(codes)})", "allCodesButton", group)
        self.chosen_button = _radio("Chosen codes:", "chosenCodesButton", group)
        self.tree = QTreeWidget()
        self.tree.setObjectName("exportCodeTree")
        self.tree.setAccessibleName("Codes to export")
        self.tree.setHeaderHidden(True)
        self._fill(codes)
        layout = QVBoxLayout(self)
        for widget in (self.all_button, self.chosen_button):
            layout.addWidget(widget)
        layout.addWidget(self.tree, 1)
        hint = QLabel("Ticking or unticking a code does the same to its sub-codes.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.all_button.setChecked(True)
        group.buttonToggled.connect(self._update)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self._update()

    def _fill(self, codes) -> None:
        children: dict[Optional[int], list] = {}
        for code in codes:       # in the codebook's order
            children.setdefault(code.parent_id, []).append(code)
        stack = [(self.tree, code) for code in reversed(children.get(None, []))]
        while stack:
            parent, code = stack.pop()
            item = QTreeWidgetItem(parent, [code.name])
            item.setData(0, Qt.UserRole, code.id)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(0, Qt.Checked)
            if not code.codable:
                item.setToolTip(0, "A group: ticking it ticks its sub-codes")
            stack += [(item, child) for child in reversed(children.get(code.id, []))]
        self.tree.expandAll()

    def items(self) -> list[QTreeWidgetItem]:
        found, stack = [], [self.tree.topLevelItem(i) for i in reversed(range(self.tree.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            found.append(item)
            stack += [item.child(i) for i in reversed(range(item.childCount()))]
        return found

    def chosen(self) -> Optional[list[int]]:
        """Code ids, or None for every code."""
        if not self.chosen_button.isChecked():
            return None
        return [item.data(0, Qt.UserRole) for item in self.items() if item.checkState(0) == Qt.Checked]

    def set_checked(self, code_id: int, checked: bool) -> None:
        """Tick or untick one code (and so its sub-codes), as a click does."""
        item = next(item for item in self.items() if item.data(0, Qt.UserRole) == code_id)
        item.setCheckState(0, Qt.Checked if checked else Qt.Unchecked)

    def _on_tree_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        self.tree.blockSignals(True)
        stack = [item.child(i) for i in range(item.childCount())]
        while stack:
            child = stack.pop()
            child.setCheckState(0, item.checkState(0))
            stack += [child.child(i) for i in range(child.childCount())]
        self.tree.blockSignals(False)
        self.tree.viewport().update()
        self.changed.emit()

    def _update(self, *_args) -> None:
        self.tree.setEnabled(self.chosen_button.isChecked())
        self.changed.emit()


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width (QTreeView alone elides)."""

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        width = view.columnWidth(index.column()) - 2 * view.style().pixelMetric(QStyle.PM_FocusFrameHMargin) - 4
        text = index.data(Qt.DisplayRole) or ""
        bounds = option.fontMetrics.boundingRect(0, 0, max(width, 40), 100_000, Qt.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), bounds.height() + 4))


class FormatList(QTreeWidget):
    """One row per format: its name (bold), the file it writes and what it holds, word-wrapped;
    ``rows`` are ``(key, suffix, description)``, an empty suffix meaning a folder. The first is chosen."""

    COLUMNS = ("Name", "Writes", "What it holds")

    def __init__(self, name: str, rows, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Formats")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(self.COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        for key, suffix, description in rows:
            item = QTreeWidgetItem(self, [key, suffix or "a folder", description])
            item.setData(0, Qt.UserRole, key)
            item.setToolTip(2, description)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setTextElideMode(Qt.ElideNone)
        header = self.header()
        header.setStretchLastSection(True)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.sectionResized.connect(self.scheduleDelayedItemsLayout)
        self.setCurrentItem(self.topLevelItem(0))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()    # the last column's width changed: wrap again

    def keys(self) -> list[str]:
        return [self.topLevelItem(i).data(0, Qt.UserRole) for i in range(self.topLevelItemCount())]

    def current_key(self) -> str:
        return self.currentItem().data(0, Qt.UserRole)

    def choose(self, key: str) -> None:
        item = self.topLevelItem(self.keys().index(key))
        self.setCurrentItem(item)
        self.scrollToItem(item)
