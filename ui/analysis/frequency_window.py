"""Tools › Code Frequencies…: codes by documents, coders, attribute values or dates, counted as
``annotator crosstab`` counts them, with the unit stated above the table, counts or row or
column percentages, and a chart (grouped bars, or lines over time) that can be saved for a paper.

A click or Enter on a cell opens the Coded Segments window showing exactly the segments the
cell counts (``Crosstab.cell_scope``: the row's code and its sub-codes, the coders, the
column's documents). Counting runs in a worker (:mod:`count_window`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QPushButton, QSplitter, QTableView

from annotator.analysis.count_tables import write_crosstab
from annotator.analysis.crosstab import Crosstab
from annotator.analysis.describe import crosstab_title
from annotator.analysis.scope import Scope
from annotator.errors import AnnotatorError
from annotator.formats.html_table import write_html

from ..shared.cells import PAYLOAD_ROLE, CellTableModel
from ..shared.jobs import BackgroundJob
from .count_fill import FrequencyRequest, count_frequencies
from .count_window import CountWindow
from .frequency_chart import FORMATS, ChartData, ChartView, chart_data, chart_format, save_chart
from .frequency_choices import FrequencyChoices
from .frequency_model import COUNT_NAMES, frequency_rows, header_tips, shown, shown_values
from .segments_window import bring_up, coded_segments_window

OpenSegments = Callable[[Scope, str], object]
COLUMN_EMS = 28


class FrequencyWindow(CountWindow):
    chart_saved = Signal(object)       # the path written
    chart_failed = Signal(str)

    PREFIX = "frequency"
    TITLE = "Code Frequencies"
    BUSY = "Counting the codes"

    def __init__(self, session, text_view=None, parent=None, open_segments: Optional[OpenSegments] = None):
        super().__init__(session, text_view, parent)
        self._open_segments = open_segments
        self.picker = FrequencyChoices()
        self.model = CellTableModel(parent=self)
        self.table = self._table()
        self.chart = ChartView()
        self.save_chart_button = QPushButton("Save &Chart…")
        self.save_chart_button.setObjectName("frequencySaveChart")
        self.save_chart_button.setToolTip("Save the chart for a paper: PNG (300 dpi), SVG or PDF, on white")
        self.save_chart_button.setAutoDefault(False)
        body = QSplitter(Qt.Vertical)
        body.addWidget(self.table)
        body.addWidget(self.chart)
        body.setSizes([1, 1])
        self.assemble(self.picker, body, (self.picker.chart_label, self.picker.chart, self.save_chart_button))
        self.picker.reload_columns(session.project.attributes_of_documents())
        self.picker.changed.connect(self.filling.pause.start)
        self.picker.display_changed.connect(self.show_counted)
        self.save_chart_button.clicked.connect(lambda: self.save_chart())
        self.table.clicked.connect(self._on_cell_activated)
        self.table.activated.connect(self._on_cell_activated)

    def _table(self) -> QTableView:
        view = QTableView()
        view.setObjectName("crosstabTable")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectItems)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setWordWrap(False)
        view.horizontalHeader().setTextElideMode(Qt.ElideRight)
        return view

    # ------------------------------------------------------------------ counting
    def request(self) -> FrequencyRequest:
        return FrequencyRequest(self.choices(self.picker.conditions()), self.picker.spec(),
                                self.picker.count.currentData())

    def fill(self) -> BackgroundJob:
        request = self.request()
        return self.filling.run(self.session.project.path, lambda project, progress, cancelled:
                                count_frequencies(project, request, progress, cancelled))

    @property
    def crosstab(self) -> Optional[Crosstab]:
        return self.counted.table if self.counted is not None else None

    def show_counted(self) -> None:
        table, show = self.crosstab, self.picker.shown_as.currentData()
        self.save_chart_button.setEnabled(table is not None)
        if table is None:
            self.model.set_rows([], [])
            self.unit_label.clear()
            self.chart.show_data(ChartData("bars", (), (), ""))
            return
        self.model.set_rows(table.labels, frequency_rows(table, show), table.rows, header_tips(table))
        self._size_columns(table.labels)
        self.unit_label.setText(self.describe())
        self.chart.show_data(self.chart_data())
        self.status.setText(self.empty_note() or " ".join(
            [*table.columns.warnings, "Click a cell to read its segments."]))

    def _size_columns(self, labels) -> None:
        """Wide enough for each column's name (up to COLUMN_EMS; the tooltip has it whole)."""
        metrics = self.table.horizontalHeader().fontMetrics()
        em = metrics.averageCharWidth()
        for column, label in enumerate(labels):
            self.table.setColumnWidth(column, min(max(metrics.horizontalAdvance(label) + 3 * em, 9 * em),
                                                  COLUMN_EMS * em))

    def describe(self) -> str:
        """The unit in words (the line above the table, the HTML export's caption)."""
        table, show = self.crosstab, self.picker.shown_as.currentData()
        request = self.counted.request
        title = crosstab_title(table.count, table.columns.spec, request.choices.coders)
        if show != "counts" and table.count != "per1000":
            title += f" Shown as {'row' if show == 'row' else 'column'} percentages."
        if request.choices.where:
            title += f" Documents where {'; '.join(request.choices.where)}."
        return title

    def chart_data(self):
        table, show = self.crosstab, self.picker.shown_as.currentData()
        colours = {c.id: c.color for c in self.session.project.codes()}
        percent = show != "counts" and table.count != "per1000"
        ylabel = f"% of the {'row' if show == 'row' else 'column'}" if percent else COUNT_NAMES[table.count]
        return chart_data(self.picker.chart.currentData(), table.labels, table.rows,
                          [colours.get(code, "#999999") for code in table.code_ids], shown_values(table, show),
                          ylabel.capitalize(), whole=not percent and table.count != "per1000",
                          spec=table.columns.spec, subtitle=self.describe())

    # ------------------------------------------------------------------ a cell's segments
    def _on_cell_activated(self, index) -> None:
        cell = index.data(PAYLOAD_ROLE)
        if cell is not None:
            self.open_cell(*cell)

    def open_cell(self, row: int, column: int):
        """Open the Coded Segments window on exactly the cell's segments."""
        table = self.crosstab
        scope = table.cell_scope(row, column)
        documents = len(scope.document_ids or ())
        caption = (f"the {documents:,} document{'' if documents == 1 else 's'} of the cell "
                   f"{table.rows[row]} × {table.labels[column]}")
        return self._open_segments(scope, caption) if self._open_segments else None

    # ------------------------------------------------------------------ files
    def write_table(self, path: Path, kind: str) -> list[str]:
        table = self.crosstab
        if kind != "html":
            return write_crosstab(path, table, kind)
        percent = self.picker.shown_as.currentData() != "counts" and table.count != "per1000"
        values = shown_values(table, self.picker.shown_as.currentData())
        write_html(path, self.windowTitle(), ["Code", *table.labels],
                   ([code, *(shown(v, percent) for v in row)] for code, row in zip(table.rows, values)),
                   self.describe())
        return []

    def save_chart(self, path=None) -> Optional[Path]:
        """Save the chart (asked with a save dialog if ``path`` is not given); the path, or None."""
        if self.crosstab is None:
            return None
        path = Path(path) if path is not None else self._ask_chart_path()
        if path is None:
            return None
        try:
            if chart_format(path) is None:
                raise AnnotatorError(f"{path.name} does not end in .png, .svg or .pdf, so it was not written.")
            save_chart(path, self.chart_data())
        except AnnotatorError as error:
            self.status.setText(str(error))
            self.chart_failed.emit(str(error))
            return None
        self.status.setText(f"Saved the chart to {path}.")
        self.chart_saved.emit(path)
        return path

    def _ask_chart_path(self) -> Optional[Path]:
        project = self.session.project
        suggested = Path(project.path).with_name(f"{project.name} code frequencies.png")
        chosen, selected = QFileDialog.getSaveFileName(self, "Save the chart", str(suggested),
                                                       ";;".join(text for _, text in FORMATS))
        if not chosen:
            return None
        path = Path(chosen)
        if chart_format(path) is None:
            path = path.with_name(path.name + "." + next((k for k, text in FORMATS if text == selected), "png"))
        return path

    def documents_changed(self) -> None:
        self.picker.reload_columns(self.session.project.attributes_of_documents())


def show_code_frequencies(window) -> FrequencyWindow:
    """Show (creating once) the Code Frequencies window of a main window; its cells open the
    main window's Coded Segments window."""
    existing = window.findChild(FrequencyWindow, "frequencyWindow")
    if existing is None:
        existing = FrequencyWindow(window.session, window.text_view, parent=window,
                                   open_segments=lambda scope, caption: open_scope(window, scope, caption))
        existing.resize(1200, 800)
    return bring_up(existing)


def open_scope(window, scope: Scope, caption: str):
    """The main window's Coded Segments window, showing exactly ``scope``."""
    segments = coded_segments_window(window)
    segments.show_scope(scope, caption)
    return bring_up(segments)
