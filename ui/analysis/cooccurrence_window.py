"""Tools › Co-occurrence…: which codes go together in a unit (overlapping annotations,
sentences, paragraphs, documents, N tokens) or follow each other (within N sentences), counted
as ``annotator cooccurrence`` counts them, per coder, with the unit stated above the table.

The table is a heat map with the number in every cell (:mod:`cooccurrence_model`), counts or
the Jaccard / c-coefficient. A click or Enter on a cell lists the pairs or units behind it
(``Project.cooccurrence_pairs``: as many as the cell counts), read in a worker; a click on one
shows it in the coding window, selected.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QGridLayout, QSplitter, QTableView, QVBoxLayout, QWidget

from annotator.analysis.cooccurrence import Cooccurrence
from annotator.analysis.count_tables import write_cooccurrence
from annotator.analysis.describe import cooccurrence_title
from annotator.formats.html_table import write_html

from ..shared.cells import PAYLOAD_ROLE, CellTableModel
from ..shared.jobs import BackgroundJob
from .background_fill import BackgroundFill
from .cooccurrence_choices import CooccurrenceChoices
from .cooccurrence_model import cell_text, cell_value, heat_rows, pair_headers, pair_rows, row_headers
from .count_fill import CooccurrenceRequest, Listed, count_cooccurrence, documents_text, list_pairs
from .count_window import CountWindow
from .segments_window import bring_up
from .text_link import show_span


class CooccurrenceWindow(CountWindow):
    pairs_listed = Signal()
    span_shown = Signal(int, int, int)   # document id, start, end (code points) shown in the coding window

    PREFIX = "cooccurrence"
    TITLE = "Co-occurrence"
    BUSY = "Counting co-occurrences"

    def __init__(self, session, text_view=None, parent=None):
        super().__init__(session, text_view, parent)
        self.picker = CooccurrenceChoices()
        self.model = CellTableModel(parent=self)
        self.table = self._view("cooccurrenceTable", self.model, QAbstractItemView.SelectItems)
        self.table.horizontalHeader().setDefaultSectionSize(self.fontMetrics().averageCharWidth() * 8)
        self.pair_model = CellTableModel(parent=self)
        self.pairs = self._view("cooccurrencePairs", self.pair_model, QAbstractItemView.SelectRows)
        self.pairs.horizontalHeader().setStretchLastSection(True)
        self.pairs_label = self._label("PairsStatus")
        self.pairs_label.setText("Click a cell to list the pairs or units it counts.")
        self.listing = BackgroundFill(self, "cooccurrencePairs", self.pairs_label,
                                      lambda news: documents_text(news, "Listing"), "Listing stopped unexpectedly")
        self.listed: Optional[Listed] = None
        self.assemble(self.picker, self._body())
        self.picker.changed.connect(self.filling.pause.start)
        self.picker.display_changed.connect(self.show_counted)
        self.listing.finished.connect(self._on_listed)
        self.listing.failed.connect(self.pairs_label.setText)
        self.listing.cancel_button.clicked.connect(self.listing.abandon)
        for signal in (self.table.clicked, self.table.activated):
            signal.connect(self._on_cell_activated)
        for signal in (self.pairs.clicked, self.pairs.activated):
            signal.connect(self._on_pair_activated)

    @staticmethod
    def _view(name: str, model, behaviour) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(behaviour)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setWordWrap(False)
        return view

    def _body(self) -> QWidget:
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        bar = QGridLayout()
        bar.addWidget(self.listing.busy, 0, 0)
        bar.addWidget(self.listing.cancel_button, 0, 1)
        bar.addWidget(self.pairs_label, 0, 2)
        bar.setColumnStretch(2, 1)
        box.addLayout(bar)
        box.addWidget(self.pairs, 1)
        body = QSplitter(Qt.Vertical)
        body.addWidget(self.table)
        body.addWidget(lower)
        body.setSizes([3, 2])
        return body

    # ------------------------------------------------------------------ counting
    def request(self) -> CooccurrenceRequest:
        return CooccurrenceRequest(self.choices(self.picker.conditions()), self.picker.unit_spec())

    def fill(self) -> BackgroundJob:
        request = self.request()
        return self.filling.run(self.session.project.path, lambda project, progress, cancelled:
                                count_cooccurrence(project, request, progress, cancelled))

    @property
    def cooccurrence(self) -> Optional[Cooccurrence]:
        return self.counted.table if self.counted is not None else None

    def show_counted(self) -> None:
        table, show = self.cooccurrence, self.picker.shown_as.currentData()
        if table is None:
            self.model.set_rows([], [])
            self.unit_label.clear()
            return
        self.model.set_rows([str(i + 1) for i in range(len(table.codes))], heat_rows(table, show),
                            row_headers(table), list(table.codes))
        self.unit_label.setText(self.describe())
        self.status.setText(self.empty_note() or " ".join([*table.warnings, "Click a cell to list what it counts."]))
        if self.listed is not None:
            self._relist()

    def describe(self) -> str:
        request = self.counted.request
        title = cooccurrence_title(self.cooccurrence.unit, request.choices.coders)
        if request.choices.where:
            title += f" Documents where {'; '.join(request.choices.where)}."
        return title

    # ------------------------------------------------------------------ what a cell counts
    def _on_cell_activated(self, index) -> None:
        cell = index.data(PAYLOAD_ROLE)
        if cell is not None:
            self.list_cell(*cell)

    def list_cell(self, a: int, b: int) -> BackgroundJob:
        """List the pairs or units of the cell (row ``a``, column ``b``) in a worker."""
        table, request = self.cooccurrence, self.counted.request
        first, second = table.code_ids[a], table.code_ids[b]
        return self.listing.run(self.session.project.path, lambda project, progress, cancelled:
                                list_pairs(project, request, first, second, progress, cancelled))

    def _relist(self) -> None:
        """After a new count: list the same two codes again if the table still has them."""
        ids = self.cooccurrence.code_ids
        if self.listed.a in ids and self.listed.b in ids:
            self.list_cell(ids.index(self.listed.a), ids.index(self.listed.b))
        else:
            self.listed = None
            self.pair_model.set_rows([], [])
            self.pairs_label.setText("Click a cell to list the pairs or units it counts.")

    def _on_listed(self, listed: Listed) -> None:
        self.listed = listed
        table = self.cooccurrence
        self.pair_model.set_rows(pair_headers(listed, table), pair_rows(listed))
        em = self.fontMetrics().averageCharWidth()
        texts = self.pair_model.columnCount() - 2       # the columns after Document and Coder share the rest
        free = self.pairs.viewport().width() - em * 36
        for column, width in enumerate((em * 24, em * 12, *[free // max(texts, 1)] * (texts - 1))):
            self.pairs.setColumnWidth(column, max(width, em * 12))
        index = dict(zip(table.code_ids, table.codes))
        count = len(listed.items)
        self.pairs_label.setText(f"{index.get(listed.a, '?')} × {index.get(listed.b, '?')}: {count:,} listed "
                                 f"({listed.request.unit}). Click one to show it in the coding window.")
        self.pairs_listed.emit()

    def _on_pair_activated(self, index) -> None:
        item = index.data(PAYLOAD_ROLE)
        if item is not None:
            show_span(self.session, self.text_view, item.document_id, item.start, item.end)
            self.span_shown.emit(item.document_id, item.start, item.end)

    # ------------------------------------------------------------------ files
    def write_table(self, path: Path, kind: str) -> list[str]:
        table = self.cooccurrence
        if kind != "html":
            return write_cooccurrence(path, table, kind)
        show = self.picker.shown_as.currentData()
        size = range(len(table.codes))
        write_html(path, self.windowTitle(), ["Code", *table.codes],
                   ([code, *(cell_text(cell_value(table, show, a, b), show) for b in size)]
                    for a, code in enumerate(table.codes)), self.describe())
        return []

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.listing.abandon()
        super().closeEvent(event)


def show_cooccurrence(window) -> CooccurrenceWindow:
    """Show (creating once) the Co-occurrence window of a main window."""
    existing = window.findChild(CooccurrenceWindow, "cooccurrenceWindow")
    if existing is None:
        existing = CooccurrenceWindow(window.session, window.text_view, parent=window)
        existing.resize(1200, 800)
    return bring_up(existing)
