"""The Documents list's name column, frozen: drawn again over the list's left edge, so scrolling
sideways moves only the attribute and status columns and a row's name is always in view (the
technique of Qt's Frozen Column example).

It shares the list's model and selection model, so its rows, the current and selected rows, the
bold open document and the order are the list's own. It shows column 0 only, scrolls up and down
with the list, is as wide as the list's name column (resizing its header resizes that column),
and hands presses, drops, context menus and header clicks to the list, which decides what they
do. It never takes the keyboard focus: keys go to the list.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QFrame, QMenu, QTreeView


class FrozenNames(QTreeView):
    def __init__(self, owner: QTreeView):
        super().__init__(owner)
        self.owner = owner
        self._placing = False
        self.setObjectName("documentNames")
        self.setAccessibleName("Document names")
        self.setModel(owner.model())
        self.setSelectionModel(owner.selectionModel())
        self.setFocusPolicy(Qt.NoFocus)
        self.setFrameShape(QFrame.NoFrame)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(owner.alternatingRowColors())
        self.setSelectionMode(owner.selectionMode())
        self.setVerticalScrollMode(owner.verticalScrollMode())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setToolTip(owner.toolTip())
        self._set_up_header()
        self._follow_the_list()
        self._show_only_names()
        self.place()

    def _set_up_header(self) -> None:
        header, theirs = self.header(), self.owner.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(theirs.isSortIndicatorClearable())
        header.setSectionsClickable(True)
        header.setContextMenuPolicy(Qt.CustomContextMenu)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        header.sectionResized.connect(self._on_header_section_resized)
        header.customContextMenuRequested.connect(
            lambda at: theirs.customContextMenuRequested.emit(theirs.mapFromGlobal(header.mapToGlobal(at))))

    def _follow_the_list(self) -> None:
        owner, rows = self.owner, self.model()
        mine, theirs = self.verticalScrollBar(), owner.verticalScrollBar()
        theirs.valueChanged.connect(mine.setValue)
        mine.valueChanged.connect(theirs.setValue)                       # the wheel over the names
        theirs.rangeChanged.connect(lambda *_: mine.setValue(theirs.value()))
        owner.header().sectionResized.connect(self._on_list_section_resized)
        owner.header().sortIndicatorChanged.connect(self._show_sort_indicator)
        self.activated.connect(owner.activated.emit)
        for signal in (rows.columnsInserted, rows.columnsRemoved, rows.modelReset, rows.layoutChanged):
            signal.connect(self._show_only_names)

    # ------------------------------------------------------------------ keeping in step
    def _show_only_names(self, *_) -> None:
        for column in range(1, self.model().columnCount()):
            self.setColumnHidden(column, True)
        self._show_sort_indicator()
        self.place()

    def _show_sort_indicator(self, *_) -> None:
        theirs = self.owner.header()
        with QSignalBlocker(self.header()):
            self.header().setSortIndicator(theirs.sortIndicatorSection(), theirs.sortIndicatorOrder())
        self.header().viewport().update()

    def place(self) -> None:
        """Over the list's name column: its header cell and its cells, not the scroll bars. The
        list calls it whenever its geometry changes (``updateGeometries``)."""
        owner, viewport = self.owner, self.owner.viewport().geometry()
        above = owner.header().height() if not owner.isHeaderHidden() else 0
        width = min(owner.header().sectionSize(0), viewport.width() * 2 // 3)   # room for the others
        self.header().setFixedHeight(above)
        self._placing = True
        try:
            self.header().resizeSection(0, width)
        finally:
            self._placing = False
        self.setGeometry(viewport.x(), viewport.y() - above, width, viewport.height() + above)
        self.verticalScrollBar().setValue(owner.verticalScrollBar().value())
        self.raise_()

    def _on_header_sort_indicator_changed(self, section: int, order) -> None:
        self.owner.header().setSortIndicator(section, order)          # the list sorts

    def _on_list_section_resized(self, section: int, *_) -> None:
        if section == 0:
            self.place()

    def _on_header_section_resized(self, section: int, _old: int, new: int) -> None:
        if section == 0 and not self._placing:               # the user dragged the names' edge
            self.owner.header().resizeSection(0, new)       # the list's column follows, then place

    # ------------------------------------------------------------------ what the list decides
    def mousePressEvent(self, event) -> None:
        self.owner.setFocus(Qt.MouseFocusReason)
        self.owner.pressed(event, super().mousePressEvent, self.indexAt)

    def contextMenuEvent(self, event) -> None:
        if self.owner.contextMenuPolicy() == Qt.ActionsContextMenu and self.owner.actions():
            QMenu.exec(self.owner.actions(), event.globalPos(), None, self)

    def dragEnterEvent(self, event) -> None:
        self.owner.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        self.owner.dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        self.owner.dropEvent(event)

    def paintEvent(self, event) -> None:
        """The cells, then a line at the right edge where the scrolled columns pass under."""
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.Mid))
        x = self.viewport().width() - 1
        painter.drawLine(x, 0, x, self.viewport().height())
