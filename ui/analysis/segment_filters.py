"""The filters of the coded-segments window: the code tree and the coders (a side panel), and
the text, memo, attribute and context fields with the Compare coders switch (a bar).

Codes: ticking or unticking a code does the same to all its sub-codes in one click; a
sub-code can then be unticked on its own, and the parent's own segments stay in while the
parent is ticked. What is ticked is exactly what is shown. New codes arrive ticked.
Coders: the project's coders and the gold layer; gold starts unticked, as in the other
windows, since it repeats what the coders agreed on.
"""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis.retrieval import DEFAULT_CONTEXT

from ..shared.coder_ticks import CoderTicks

WHERE_TIP = ("Only documents whose attributes match, written like --where on the command line: KEY=VALUE, "
             "or with !=, <, <=, >, >=. Separate several with ; (all must hold). Press Enter to apply.")
WHERE_PLACEHOLDER = "all; or only those whose attributes match, e.g. outlet=Daily; date>=2024-01-01"


def split_conditions(text: str) -> tuple:
    """The ``--where`` conditions of a Documents field (separated by ``;``)."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


class CodeTicks(QTreeWidget):
    """The code tree with a check box per code; items hold the code's id in ``Qt.UserRole``."""

    changed = Signal()

    def __init__(self, name: str = "segmentCodes", parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Codes to show")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.itemChanged.connect(self._on_item_changed)

    def _items(self) -> list[QTreeWidgetItem]:
        out, todo = [], [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while todo:
            item = todo.pop(0)
            out.append(item)
            todo[:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def reload(self, codes) -> None:
        """Show the code tree (``records.Code`` list), keeping ticks; new codes are ticked."""
        ticked = {item.data(0, Qt.UserRole): item.checkState(0) == Qt.Checked for item in self._items()}
        self.blockSignals(True)
        self.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for code in codes:
            parent = items.get(code.parent_id)
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self)
            item.setText(0, code.name)
            item.setData(0, Qt.UserRole, code.id)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(0, Qt.Checked if ticked.get(code.id, True) else Qt.Unchecked)
            items[code.id] = item
        self.setRootIsDecorated(any(code.parent_id is not None for code in codes))
        self.expandAll()
        self.blockSignals(False)

    def chosen_ids(self) -> frozenset:
        return frozenset(item.data(0, Qt.UserRole) for item in self._items() if item.checkState(0) == Qt.Checked)

    def set_chosen(self, ids) -> None:
        """Tick exactly the codes ``ids`` (sub-codes are not added)."""
        self.blockSignals(True)
        for item in self._items():
            item.setCheckState(0, Qt.Checked if item.data(0, Qt.UserRole) in ids else Qt.Unchecked)
        self.blockSignals(False)
        self.changed.emit()

    def set_all(self, on: bool) -> None:
        self.set_chosen({item.data(0, Qt.UserRole) for item in self._items()} if on else set())

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        state, todo = item.checkState(0), [item.child(i) for i in range(item.childCount())]
        self.blockSignals(True)
        while todo:
            child = todo.pop()
            child.setCheckState(0, state)
            todo.extend(child.child(i) for i in range(child.childCount()))
        self.blockSignals(False)
        self.changed.emit()


class FilterPanel(QWidget):
    """Codes and coders, one above the other (object names ``{prefix}Codes``, ``{prefix}Coders``)."""

    changed = Signal()

    def __init__(self, prefix: str = "segment", parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(QLabel("<b>Codes</b>"), 1)
        self.codes = CodeTicks(f"{prefix}Codes")
        for text, on in (("All", True), ("None", False)):
            button = QPushButton(text)
            button.setObjectName(f"codes{text}Button")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, on=on: self.codes.set_all(on))
            heading.addWidget(button)
        layout.addLayout(heading)
        layout.addWidget(self.codes, 3)
        layout.addWidget(QLabel("<b>Coders</b>"))
        self.coders = CoderTicks(f"{prefix}Coders")
        self.coders.setAccessibleName("Coders to show")
        self.coders.setFlow(QListView.TopToBottom)
        self.coders.setWrapping(False)
        self.coders.setMinimumHeight(self.fontMetrics().height() * 4)
        self.coders.setMaximumHeight(16_777_215)
        layout.addWidget(self.coders, 1)
        self.codes.changed.connect(self.changed)
        self.coders.itemChanged.connect(lambda _item: self.changed.emit())


class SearchFields(QWidget):
    """Text and memo contains, attribute conditions, context length, Compare coders."""

    changed = Signal()              # a field changed (the window waits a moment before reading)
    compare_toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = self.field(layout, 0, 0, "&Text:", "segmentTextFilter", "contains…",
                                "Only segments whose text contains this (ignoring case)")
        self.memo = self.field(layout, 0, 2, "&Memo:", "segmentMemoFilter", "contains…",
                                "Only segments whose memo contains this (ignoring case)")
        self.where = self.field(layout, 1, 0, "&Documents:", "segmentWhere", WHERE_PLACEHOLDER, WHERE_TIP, span=5)
        self.text.textChanged.connect(self.changed)
        self.memo.textChanged.connect(self.changed)
        self.where.editingFinished.connect(self.changed)
        self.context = QSpinBox()
        self.context.setObjectName("segmentContext")
        self.context.setRange(0, 2_000)
        self.context.setValue(DEFAULT_CONTEXT)
        self.context.setSuffix(" characters")
        self.context.setToolTip("How many characters of the text before and after each segment to show")
        self.context.valueChanged.connect(self.changed)
        caption = QLabel("C&ontext:")
        caption.setBuddy(self.context)
        layout.addWidget(caption, 0, 4)
        layout.addWidget(self.context, 0, 5)
        self.compare = QCheckBox("Com&pare coders")
        self.compare.setObjectName("compareSwitch")
        self.compare.setToolTip("One row per passage (a run of segments that overlap, across coders and codes), "
                                "with a column per ticked coder showing the codes each gave there")
        self.compare.toggled.connect(self.compare_toggled)
        layout.addWidget(self.compare, 1, 6)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)

    @staticmethod
    def field(layout, row: int, column: int, label: str, name: str, placeholder: str, tip: str,
               span: int = 1) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tip)
        edit.setClearButtonEnabled(True)
        caption = QLabel(label)
        caption.setBuddy(edit)
        layout.addWidget(caption, row, column)
        layout.addWidget(edit, row, column + 1, 1, span)
        return edit

    def reset(self) -> None:
        """No text, memo or attribute condition, one segment per row (one ``changed`` at most: none)."""
        self.blockSignals(True)
        for edit in (self.text, self.memo, self.where):
            edit.clear()
        self.compare.setChecked(False)
        self.blockSignals(False)

    def conditions(self) -> tuple:
        return split_conditions(self.where.text())

    def text_pattern(self) -> Optional[str]:
        return self.text.text() if self.text.text().strip() else None

    def memo_pattern(self) -> Optional[str]:
        return self.memo.text() if self.memo.text().strip() else None


class ScopeNote(QWidget):
    """Above the table while it shows only some documents (a crosstab cell's): what they are, and
    a button that shows all documents again. Hidden otherwise."""

    cleared = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("segmentScopeNote")
        self.document_ids: Optional[frozenset] = None
        self.caption = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        button = QPushButton("Show &All Documents")
        button.setObjectName("segmentScopeClear")
        button.setAutoDefault(False)
        button.clicked.connect(self.clear)
        layout.addWidget(self.label, 1)
        layout.addWidget(button)
        self.hide()

    def restrict(self, document_ids: Optional[frozenset], caption: str) -> None:
        self.document_ids, self.caption = document_ids, caption
        self.label.setText(f"<b>Only {escape(caption)}</b>")
        self.setVisible(document_ids is not None)

    def clear(self) -> None:
        self.restrict(None, "")
        self.cleared.emit()
