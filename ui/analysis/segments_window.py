"""Tools › Coded Segments…: every coded segment with its context, filtered, sorted, side by side.

The filters (codes with their sub-codes, coders and gold, attribute conditions, text, memo,
context) become a :class:`Request`; a ``BackgroundJob`` reads it on its own ``Project``
(:func:`segment_fill.retrieve`), so the window never freezes, and a bar with Cancel appears
when reading takes longer than 0.2 s. A change of filter, or of the project
(``session.changed``), reads again after a short pause; the sort, the current row and the
scroll position are kept, and the table is left alone when nothing it shows changed.
A click or Enter on a row shows the passage in the coding window, selected.
Export writes exactly the table shown (:mod:`segment_export`), in a worker too.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis.scope import Scope

from ..shared.jobs import BackgroundJob
from ..shared.session import touches_scheme
from . import segment_columns as sc
from .background_fill import BackgroundFill
from .filled_window import FilledWindow
from .segment_export import kind_of, write_table
from .segment_fill import Request, Retrieved, retrieve
from .segment_filters import FilterPanel, ScopeNote, SearchFields
from .segment_model import ROW_ROLE, SegmentDelegate, SegmentTableModel
from .text_link import show_span

# Shares of the table's width when its columns change (then the user's widths are kept);
# the coders' columns when comparing get CODER_EMS average characters, attributes ATTRIBUTE_EMS.
_SHARES = {"Document": 12, "Coder": 7, "Code": 12, "Left context": 22, "Segment": 26, "Passage": 26,
           "Right context": 22, "Memo": 10}
_MIN_EMS = {"Left context": 16, "Segment": 18, "Passage": 18, "Right context": 16}
ATTRIBUTE_EMS = 12
CODER_EMS = 18


class SegmentsWindow(FilledWindow):
    span_shown = Signal(int, int, int)   # document id, start, end (code points) shown in the coding window

    def __init__(self, session, text_view=None, parent=None, reader: Callable = retrieve):
        super().__init__(parent, Qt.Window)
        self.session, self.text_view, self._reader = session, text_view, reader
        self.setObjectName("segmentsWindow")
        self.setWindowTitle(f"Coded Segments — {session.project.name}")
        self.export_job: Optional[BackgroundJob] = None
        self.retrieved: Optional[Retrieved] = None
        self._export_target: tuple = (None, 0)
        self._build()
        self._reload_filters()
        self._connect()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.filters = FilterPanel()
        self.fields = SearchFields()
        self.scope_note = ScopeNote()
        self.model = SegmentTableModel(self)
        self.table = self._table()
        self.status = QLabel()
        self.status.setObjectName("segmentStatus")
        self.status.setWordWrap(True)
        self.filling = BackgroundFill(self, "segment", self.status, _reading_text,
                                      "Reading the segments stopped unexpectedly")
        self.busy, self.cancel_button = self.filling.busy, self.filling.cancel_button
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("segmentExportButton")
        self.export_button.setToolTip("Write the table as shown (filtered, sorted) to CSV, Excel or HTML")
        self.export_button.setAutoDefault(False)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.scope_note)
        box.addWidget(self.fields)
        box.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        for widget, stretch in ((self.busy, 0), (self.cancel_button, 0), (self.status, 1), (self.export_button, 0)):
            bottom.addWidget(widget, stretch)
        box.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(self.filters)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.fontMetrics().averageCharWidth() * 30, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _table(self) -> QTableView:
        view = QTableView()
        view.setObjectName("segmentTable")
        view.setModel(self.model)
        view.setItemDelegate(SegmentDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        # Uniform rows: fixed heights, never measured from the contents (100,000 rows stay quick).
        view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        view.setSortingEnabled(True)
        return view

    def _connect(self) -> None:
        self.filling.pause.timeout.connect(self.fill)
        self.filling.finished.connect(self._on_filled)
        self.filling.failed.connect(self._on_fill_failed)
        self.filters.changed.connect(self.filling.pause.start)
        self.fields.changed.connect(self.filling.pause.start)
        self.scope_note.cleared.connect(self.fill)
        self.fields.compare_toggled.connect(lambda _on: self._show(self.retrieved))
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(lambda: self.export())
        self.table.clicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)
        self.session.changed.connect(self._on_session_changed)

    # ------------------------------------------------------------------ reading
    def request(self) -> Request:
        names = self.filters.coders.chosen()
        ids = {c.name: c.id for c in self.session.project.coders()}
        return Request(self.filters.codes.chosen_ids(), frozenset(ids[n] for n in names if n in ids),
                       tuple(n for n in names if n in ids), self.fields.conditions(), self.fields.text_pattern(),
                       self.fields.memo_pattern(), self.fields.context.value(), self.scope_note.document_ids)

    def show_scope(self, scope: Scope, caption: str) -> BackgroundJob:
        """Show exactly the segments of ``scope`` (a crosstab cell's): its codes and coders ticked
        (all for ``None``), only its documents (named by ``caption`` above the table), no other filter."""
        project = self.session.project
        codes = [c.id for c in project.codes()]
        self.filters.codes.set_chosen(codes if scope.code_ids is None else scope.code_ids)
        self.filters.coders.set_chosen([c.name for c in project.coders()
                                        if scope.coder_ids is None or c.id in scope.coder_ids])
        self.fields.reset()
        self.scope_note.restrict(scope.document_ids, caption)
        return self.fill()

    def fill(self) -> BackgroundJob:
        """Read what the filters ask for in a worker thread (a reading under way is abandoned)."""
        request, reader = self.request(), self._reader
        return self.filling.run(self.session.project.path, lambda project, progress, cancelled:
                                reader(project, request, progress, cancelled))

    def cancel(self) -> None:
        if self.filling.abandon():
            self.status.setText("Cancelled: the table shows the previous reading." if self.retrieved
                                else "Cancelled.")

    def _on_filled(self, result: Retrieved) -> None:
        self._show(result)
        self.filled.emit()

    def _on_fill_failed(self, message: str) -> None:
        self.retrieved = None
        self.model.set_rows([], [])
        self.status.setText(message)
        self.fill_failed.emit(message)

    # ------------------------------------------------------------------ showing
    @property
    def compare(self) -> bool:
        return self.fields.compare.isChecked()

    def _columns_and_rows(self, result: Retrieved):
        keys = sc.attribute_keys(result.segments)
        if self.compare:
            return sc.passage_columns(result.request.coders, keys), result.passages
        return sc.segment_columns(keys), result.segments

    def _show(self, result: Optional[Retrieved]) -> None:
        if result is None:
            return
        columns, rows = self._columns_and_rows(result)
        same = [c.header for c in columns] == [c.header for c in self.model.columns()]
        if same and self.retrieved is not None and rows == self.model.natural_rows():
            self.retrieved = result     # nothing shown changed: keep the table as it is
            self._show_summary()
            return
        self.retrieved = result
        self._replace_rows(columns, rows, same)
        self._show_summary()

    def _replace_rows(self, columns, rows, same_columns: bool) -> None:
        scroll = self.table.verticalScrollBar().value()
        current = self.table.currentIndex()
        keep = _identity(self.model.row(current.row())) if current.isValid() else None
        header, order = self.model.sort_state()
        self.model.set_rows(columns, rows, header, order)
        sorted_by = self.model.sort_state()
        bar = self.table.horizontalHeader()
        bar.blockSignals(True)
        bar.setSortIndicator([c.header for c in columns].index(sorted_by[0]) if sorted_by[0] else -1, sorted_by[1])
        bar.blockSignals(False)
        if not same_columns:
            self._size_columns(columns)
        if keep is not None:
            self._select(keep)
        self.table.verticalScrollBar().setValue(scroll)

    def _select(self, identity) -> None:
        for row, item in enumerate(self.model.rows()):
            if _identity(item) == identity:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def _size_columns(self, columns) -> None:
        """Share the visible width among the text columns after the coders' (when comparing, so they
        are in view); never measured from the contents."""
        em = self.fontMetrics().averageCharWidth()
        shares = [_SHARES.get(c.header, 0) if c.kind != "coder" else 0 for c in columns]
        coders = sum(c.kind == "coder" for c in columns)
        free = (self.table.viewport().width() - self.table.verticalScrollBar().sizeHint().width()
                - coders * em * CODER_EMS)
        for i, (column, share) in enumerate(zip(columns, shares)):
            width = share * free // sum(shares) if share else em * (CODER_EMS if column.kind == "coder"
                                                                   else ATTRIBUTE_EMS)
            self.table.setColumnWidth(i, max(width, em * _MIN_EMS.get(column.header, 6)))

    def _show_summary(self) -> None:
        result = self.retrieved
        if result is None:
            return
        request = result.request
        if not request.code_ids or not request.coder_ids:
            self.status.setText("Tick at least one code and one coder." if not request.code_ids
                                else "Tick at least one coder (or gold).")
            return
        segments, documents = len(result.segments), len({s.document_id for s in result.segments})
        text = f"{segments:,} segment{'' if segments == 1 else 's'} in {documents:,} document" \
               f"{'' if documents == 1 else 's'}"
        if self.compare:
            text = f"{len(result.passages):,} passages ({text})"
        self.status.setText(text + ". Click a row to show it in the coding window.")

    # ------------------------------------------------------------------ going to the text
    def _on_table_activated(self, index) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.show_in_text(row.document_id, row.start, row.end)

    def show_in_text(self, document_id: int, start: int, end: int) -> None:
        """Show the document in the coding window with ``start .. end`` (code points) selected."""
        show_span(self.session, self.text_view, document_id, start, end)
        self.span_shown.emit(document_id, start, end)

    # ------------------------------------------------------------------ exporting
    def export(self, path=None) -> Optional[BackgroundJob]:
        """Write the table shown to ``path`` (asked with a save dialog if not given)."""
        path = self.export_path(path, "segments")
        if path is None:
            return None
        if kind_of(path) is None:
            self._export_failed(f"{path.name} does not end in .csv, .xlsx or .html, so it was not written.")
            return None
        columns, rows, title, caption = self.model.columns(), self.model.rows(), self.windowTitle(), self.describe()
        job = BackgroundJob(self.session.project.path, lambda *_: write_table(path, columns, rows, title, caption),
                            name="segmentExportThread", unexpected="The export stopped unexpectedly")
        job.finished.connect(self._on_export_job_finished)
        job.failed.connect(self._export_failed)
        self.export_job, self._export_target = job, (path, len(rows))
        self.export_button.setEnabled(False)
        self.status.setText(f"Writing {path.name}…")
        job.start()
        return job

    def _on_export_job_finished(self, notes: list) -> None:
        (path, count), self.export_job = self._export_target, None
        self.export_button.setEnabled(True)
        self.status.setText(" ".join([f"Wrote {count:,} rows to {path}.", *notes]))
        self.exported.emit(path)

    def _export_failed(self, message: str) -> None:
        self.export_job = None
        self.export_button.setEnabled(True)
        self.status.setText(message)
        self.export_failed.emit(message)

    def describe(self) -> str:
        """The filters behind the table, in words (the HTML export's caption)."""
        request = self.retrieved.request if self.retrieved else self.request()
        names = {c.id: self.session.project.code_path(c.id) for c in self.session.project.codes()}
        codes = "all" if set(names) <= request.code_ids else ", ".join(
            names[i] for i in names if i in request.code_ids) or "none"
        parts = [f"{self.model.rowCount():,} rows", f"codes: {codes}", f"coders: {', '.join(request.coders) or 'none'}"]
        parts += [self.scope_note.caption] if request.document_ids is not None else []
        parts += [f"documents where {'; '.join(request.where)}"] if request.where else []
        parts += [f"text contains “{request.text}”"] if request.text else []
        parts += [f"memo contains “{request.memo}”"] if request.memo else []
        sorted_by = self.model.sort_state()[0]
        parts += [f"context {request.context} characters", f"sorted by {sorted_by}" if sorted_by else ""]
        return " · ".join(p for p in parts if p)

    # ------------------------------------------------------------------ the project changes
    def _on_session_changed(self, change) -> None:
        if touches_scheme(change):
            self._reload_filters()
        self.filling.mark_stale()


def _reading_text(count) -> str:
    return f"Reading the coded segments… {count:,} so far" if count else "Reading the coded segments…"


def _identity(row) -> tuple:
    return (row.document_id, row.start, row.end, getattr(row, "coder", None), getattr(row, "code_path", None))


def show_coded_segments(window) -> SegmentsWindow:
    """Show (creating once) the coded-segments window of a main window."""
    return bring_up(coded_segments_window(window))


def coded_segments_window(window) -> SegmentsWindow:
    """The coded-segments window of a main window (created once, not shown)."""
    existing = window.findChild(SegmentsWindow, "segmentsWindow")
    if existing is None:
        existing = SegmentsWindow(window.session, window.text_view, parent=window)
        existing.resize(1200, 760)
    return existing


def bring_up(view: QWidget) -> QWidget:
    view.show()
    view.raise_()
    view.activateWindow()
    return view
