"""The table of hits: a concordance with uniform rows (nothing is measured per row, so half a
million hits open at once) whose hit column fits the first hits; choosing a row (click, arrow
keys, Enter) emits where the hit is."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .hit_model import DOCUMENT, HIT, HIT_ROLE, LEFT, RIGHT, ContextDelegate, HitTableModel

_WIDTHS = ((DOCUMENT, 18), (LEFT, 0), (HIT, 16), (RIGHT, 0))   # in average characters; 0: stretch


class HitTable(QTableView):
    hit_chosen = Signal(int, int, int)      # document id, start, end (code points)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("searchHits")
        self.setAccessibleName("Hits")
        self.hit_model = HitTableModel(self)
        self.setModel(self.hit_model)
        self.setItemDelegateForColumn(LEFT, ContextDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self._set_sizes()
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def _set_sizes(self) -> None:
        rows, columns = self.verticalHeader(), self.horizontalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.Fixed)       # uniform heights: nothing measured per row
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        columns.setHighlightSections(False)
        em = self.fontMetrics().averageCharWidth()
        for column, width in _WIDTHS:
            columns.setSectionResizeMode(column, QHeaderView.Interactive if width else QHeaderView.Stretch)
            if width:
                self.setColumnWidth(column, em * width)

    def set_hits(self, hits) -> None:
        self.hit_model.set_hits(hits)
        self._fit_hit_column()

    def _fit_hit_column(self) -> None:
        """As wide as the widest of the first 200 hits (6 to 30 characters), so the right
        context follows the hits closely."""
        em = self.fontMetrics().averageCharWidth()
        font = self.hit_model.index(0, HIT).data(Qt.FontRole)
        metrics = QFontMetrics(font) if font is not None else self.fontMetrics()
        widths = [metrics.horizontalAdvance(self.hit_model.index(row, HIT).data())
                  for row in range(min(200, self.hit_model.rowCount()))]
        self.setColumnWidth(HIT, max(6 * em, min(30 * em, max(widths, default=0) + 2 * em)))

    def choose(self, row: int) -> None:
        where = self.hit_model.index(row, 0).data(HIT_ROLE)
        if where is not None:
            self.hit_chosen.emit(*where)

    def _on_clicked(self, index) -> None:
        self.choose(index.row())

    def _on_current_row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.choose(current.row())
