"""Tools › Agreement…: the inter-coder agreement report of ``annotator.report`` in a window.

Choose the coders (default: everyone but the gold layer) and the unit, and the report is
computed in a worker thread with its own ``Project`` (SQLite connections belong to one
thread), behind a busy bar with Cancel, so the window never freezes. ``build_report`` has
no way to stop half-way: Cancel abandons the run at once and its result is thrown away
when it arrives; the job (``ui/jobs.py``) keeps itself alive until its thread ends.

Tabs: the overall figures (value, interval, Krippendorff's .800/.667 verdict for the alpha
family, n, and why a value is undefined), the code tree rolled up to groups, a heat map of
coder pairs (the number is written in every cell), the documents, the confusion matrix and
every disagreement, and assisted coding (annotations from accepted suggestions, and the overall
figures without them). "Compute γ" adds γ and γ-cat overall and per document, and γ-k to the code
tree; activating a disagreement shows it in the coding window's text, and selected ones can be
cited as the reason for codebook changes (``citing.py``).
The report exports as HTML, JSON or CSV exactly as ``annotator agreement`` writes them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.adjudication import gold_coder
from annotator.changes import ChangeKind
from annotator.errors import AnnotatorError
from annotator.report.measures import MAIN

from ..shared import cells
from ..shared.coder_ticks import CoderTicks
from ..shared.columns import RowHeight, fit_columns, fit_row_lines
from ..shared.jobs import BackgroundJob
from ..shared.theme import is_dark
from . import agreement_models as am
from .citing import DisagreementCiting
from .round_deleting import RoundDeleting

UNITS = (("char", "Characters"), ("token", "Tokens"), ("sentence", "Sentences"))
GAMMA_SAMPLES = 30   # as `annotator agreement --gamma`


class AgreementWindow(QWidget):
    """The agreement report window; ``report`` is the last one computed (or ``None``)."""

    computed = Signal(object)                 # the AgreementReport shown
    computation_failed = Signal(str)
    cancelled = Signal()
    span_requested = Signal(int, int, int)    # document id, start, end (code points)

    def __init__(self, session, text_view=None, compute: Optional[Callable] = None, parent=None):
        super().__init__(parent, Qt.Window)
        self.session, self.text_view = session, text_view
        self.setObjectName("agreementWindow")
        self.setWindowTitle(f"Agreement — {session.project.name}")
        self.report = None
        self.job: Optional[BackgroundJob] = None
        self._compute = compute
        self._stale = False
        self.trend_window = None
        self._build()
        self.reload_coders()
        session.changed.connect(self._on_session_changed)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Coders:"))
        self.coder_list = CoderTicks("coderList")
        self.coder_list.setToolTip("Tick at least two coders. The gold layer is left out unless you tick it.")
        controls.addWidget(self.coder_list, 1)
        controls.addWidget(QLabel("Round:"))
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.setToolTip("All coding, or one coding round alone: its documents, its coders and only the "
                                    "annotations its packages brought in.")
        self.round_combo.currentIndexChanged.connect(
            lambda: self.coder_list.setEnabled(self.round_combo.currentData() is None))
        controls.addWidget(self.round_combo)
        self.round_deleting = RoundDeleting(self.round_combo, self.session, self)   # its button: by Trend…
        controls.addWidget(QLabel("Unit:"))
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setToolTip("The unit of α, κ, AC1, percent agreement and the confusion matrix; "
                                   "uα and its family always use characters.")
        for key, text in UNITS:
            self.unit_combo.addItem(text, key)
        controls.addWidget(self.unit_combo)
        self.ci_check = QCheckBox("95% intervals")
        self.ci_check.setObjectName("bootstrapCheck")
        self.ci_check.setChecked(True)
        self.ci_check.setToolTip("Bootstrap intervals for α and uα (1,000 resamples of documents; the seed is shown)")
        controls.addWidget(self.ci_check)
        self.gamma_check = QCheckBox("Compute γ")
        self.gamma_check.setObjectName("gammaCheck")
        self.gamma_check.setToolTip(f"Add γ and γ-cat (Mathet et al.), all codes together, overall and per document, "
                                    f"and γ-k per code (Per code tab): {GAMMA_SAMPLES} chance continua per document, "
                                    "the seed shown. They take time "
                                    "(about a minute for 1,000 documents).")
        controls.addWidget(self.gamma_check)
        self.compute_button = QPushButton("&Compute")
        self.compute_button.setObjectName("computeButton")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(lambda: self.compute())
        controls.addWidget(self.compute_button)
        layout.addLayout(controls)

        status = QHBoxLayout()
        self.busy = QProgressBar()
        self.busy.setObjectName("agreementBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status_label = QLabel("Choose coders and press Compute.")
        self.status_label.setObjectName("agreementStatus")
        self.status_label.setWordWrap(True)
        status.addWidget(self.busy)
        status.addWidget(self.cancel_button)
        status.addWidget(self.status_label, 1)
        layout.addLayout(status)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("agreementTabs")
        self.overall_model = cells.CellTableModel(parent=self)
        self.code_model = cells.CellTreeModel(parent=self)
        self.heat_model = cells.CellTableModel(parent=self)
        self.document_model = cells.CellTableModel(parent=self)
        self.confusion_model = cells.CellTableModel(parent=self)
        self.disagreement_model = cells.CellTableModel(parent=self)
        self.overall_view = self._table(self.overall_model, "overallTable")
        self.overall_view.selectionModel().currentRowChanged.connect(self._on_overall_current_changed)
        self.explanation = QLabel()
        self.explanation.setObjectName("measureExplanation")
        self.explanation.setWordWrap(True)
        self.tabs.addTab(self._page(self.overall_view, self.explanation), "Overall")
        self.code_view = QTreeView()
        self.code_view.setObjectName("codeTree")
        self.code_view.setModel(self.code_model)
        self.code_view.setAlternatingRowColors(True)
        self.code_view.setUniformRowHeights(True)
        self.code_view.setItemDelegate(RowHeight(self.code_view))
        self.code_view.setTextElideMode(Qt.ElideMiddle)
        self.tabs.addTab(self._page(self.code_view, QLabel("Groups count their members as one code; hover a value "
                                                           "for its definition or why it is undefined.")), "Per code")
        self.tabs.addTab(self._pairs_page(), "Coder pairs")
        self.document_view = self._table(self.document_model, "documentTable", sortable=True)
        self.document_view.activated.connect(self._on_document_view_activated)
        self.tabs.addTab(self._page(self.document_view, QLabel("A drill-down: the overall figures pool the documents; "
                                                               "they are not the mean of these rows.")), "Per document")
        self.confusion_view = self._table(self.confusion_model, "confusionTable")
        self.confusion_note = QLabel()
        self.confusion_note.setWordWrap(True)
        self.tabs.addTab(self._page(self.confusion_view, self.confusion_note), "Confusion")
        self.disagreement_view = self._table(self.disagreement_model, "disagreementTable", sortable=True,
                                             elide=Qt.ElideRight)
        self.disagreement_view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.disagreement_view.activated.connect(self._on_disagreement_view_activated)
        self.disagreement_view.clicked.connect(self._on_disagreement_view_activated)
        reason = self.session.codebook_reason
        self.citing = DisagreementCiting(self.disagreement_view, reason, lambda: self.report, self)
        self.citing.connect_selection()
        self.citing.cited.connect(lambda text: self.status_label.setText(text))
        self.tabs.addTab(self._page(self.disagreement_view, QLabel("Click a row to show it in the coding window; "
                                                                   "select rows to cite them as the reason for "
                                                                   "codebook changes."), self.citing.button),
                         "Disagreements")
        self.tabs.addTab(self._assisted_page(), "Assisted coding")
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.threshold_label = QLabel()
        self.threshold_label.setWordWrap(True)
        self.threshold_label.setObjectName("thresholdNote")
        bottom.addWidget(self.threshold_label, 1)
        self.trend_button = QPushButton("&Trend…")
        self.trend_button.setObjectName("trendButton")
        self.trend_button.setToolTip("Every round's overall uα and α with their intervals, as a table and a chart")
        self.trend_button.clicked.connect(lambda: self.show_trend())
        bottom.addWidget(self.round_deleting.button)
        bottom.addWidget(self.trend_button)
        self.export_buttons = []
        for text, name, slot in (("Export &HTML…", "exportHtmlButton", self.export_html),
                                 ("Export &JSON…", "exportJsonButton", self.export_json),
                                 ("Export CS&V…", "exportCsvButton", self.export_csv)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, s=slot: s())
            bottom.addWidget(button)
            self.export_buttons.append(button)
        layout.addLayout(bottom)

    def show_trend(self, seed: Optional[int] = None):
        """The rounds' trend in a window of its own (one, computed again each time), with this window's intervals."""
        from .trend_view import TrendWindow  # loads matplotlib: only when asked

        if self.trend_window is None:
            self.trend_window = TrendWindow(self.session, 0, parent=self)
        self.trend_window.bootstrap = 1000 if self.ci_check.isChecked() else 0
        self.trend_window.show()
        self.trend_window.raise_()
        self.trend_window.compute(seed)
        return self.trend_window

    def _table(self, model, name: str, sortable: bool = False, elide=Qt.ElideMiddle) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        if sortable:
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(cells.SORT_ROLE)
            model = proxy
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.setTextElideMode(elide)     # names in the middle ("02-oppo…tary.txt"), passages at the end
        view.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)   # Qt's default is descending
        view.setSortingEnabled(sortable)
        return view

    @staticmethod
    def _page(view, note: QLabel, *beside: QWidget) -> QWidget:
        """The view, and under it the note (and any buttons ``beside`` it, on the right)."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(view, 1)
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(note, 1)
        for widget in beside:
            row.addWidget(widget)
        layout.addLayout(row)
        return page

    def _assisted_page(self) -> QWidget:
        """Each coder's annotations from accepted suggestions, and the overall figures without them."""
        page = QWidget()
        layout = QVBoxLayout(page)
        self.assisted_note = QLabel()
        self.assisted_note.setObjectName("assistedNote")
        self.assisted_note.setWordWrap(True)
        layout.addWidget(self.assisted_note)
        self.assisted_model = cells.CellTableModel(parent=self)
        self.comparison_model = cells.CellTableModel(parent=self)
        self.assisted_view = self._table(self.assisted_model, "assistedTable")
        self.comparison_view = self._table(self.comparison_model, "assistedComparisonTable")
        layout.addWidget(self.assisted_view, 1)
        layout.addWidget(self.comparison_view, 2)
        return page

    def _show_assistance(self, report) -> None:
        section = report.assistance
        self.assisted_note.setText(section.summary if section is not None else "")
        self.assisted_model.set_rows(am.ASSISTED_HEADERS, am.assisted_rows(report))
        self.comparison_model.set_rows(am.COMPARISON_HEADERS, am.comparison_rows(report))
        for view in (self.assisted_view, self.comparison_view):
            view.setVisible(bool(section and section.suggested))
            fit_columns(view)

    def _pairs_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel("Measure:"))
        self.pair_measure = QComboBox()
        self.pair_measure.setObjectName("pairMeasureCombo")
        self.pair_measure.currentIndexChanged.connect(self._fill_heat_map)
        row.addWidget(self.pair_measure)
        row.addStretch(1)
        layout.addLayout(row)
        self.heat_view = QTableView()
        self.heat_view.setObjectName("pairHeatMap")
        self.heat_view.setModel(self.heat_model)
        self.heat_view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.heat_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.heat_view.setShowGrid(True)
        self.heat_view.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.heat_view.horizontalHeader().setDefaultSectionSize(self.fontMetrics().averageCharWidth() * 14)
        self.heat_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
        layout.addWidget(self.heat_view, 1)
        legend = QLabel("Each cell is the value for the two coders, written out; the colour runs from dark purple "
                        "(0 or below) through green to yellow (1). Hover a cell for the number of documents.")
        legend.setWordWrap(True)
        layout.addWidget(legend)
        return page

    # ------------------------------------------------------------------ coders
    def reload_coders(self) -> None:
        """List the project's coders, keeping ticks; new coders are ticked unless they are gold."""
        project = self.session.project
        self.coder_list.reload(project.coders(), gold_coder(project), aside=project.retest_coders())
        self.reload_rounds()

    def reload_rounds(self) -> None:
        """List the project's rounds after "All coding", keeping the one chosen if it is still there."""
        chosen = self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        self.round_combo.addItem("All coding", None)
        for r in self.session.project.rounds():
            self.round_combo.addItem(f"{r.name} (codebook v{r.scheme_version})", r.name)
        self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(chosen)))
        self.round_combo.blockSignals(False)
        self.coder_list.setEnabled(self.round_combo.currentData() is None)
        self.round_deleting.update_enabled()

    def set_round(self, name: Optional[str]) -> None:
        self.round_combo.setCurrentIndex(self.round_combo.findData(name))

    def chosen_coders(self) -> list[str]:
        return self.coder_list.chosen()

    def set_coders(self, names) -> None:
        self.coder_list.set_chosen(names)

    def set_unit(self, unit: str) -> None:
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit))

    # ------------------------------------------------------------------ computing
    def options(self) -> dict:
        chosen_round = self.round_combo.currentData()
        return {"coders": None if chosen_round else self.chosen_coders(), "unit": self.unit_combo.currentData(),
                "bootstrap": 1000 if self.ci_check.isChecked() else 0, "round": chosen_round,
                "gamma_samples": GAMMA_SAMPLES if self.gamma_check.isChecked() else None}

    def compute(self, seed: Optional[int] = None) -> Optional[BackgroundJob]:
        """Start computing in a worker thread; returns the job (None if fewer than two coders)."""
        options = self.options()
        if options["round"] is None and len(options["coders"]) < 2:
            self.status_label.setText("Tick at least two coders to compare.")
            return None
        if self.job is not None:
            self.cancel()
        options["seed"] = seed
        if self._compute is None:
            from annotator.report import build_report

            self._compute = build_report
        compute = self._compute
        job = BackgroundJob(self.session.project.path, lambda project, *_: compute(project, **options),
                            name="agreementThread", unexpected="The computation stopped unexpectedly")
        job.finished.connect(self._on_job_done)
        job.failed.connect(self._on_job_failed)
        self.job = job
        self._set_busy(True)
        unit = self.unit_combo.currentText().lower()
        ci = f", {options['bootstrap']:,} bootstrap resamples" if options["bootstrap"] else ""
        ci += f", γ from {options['gamma_samples']} chance continua" if options["gamma_samples"] else ""
        who = f"round {options['round']!r}" if options["round"] else ", ".join(options["coders"])
        self.status_label.setText(f"Computing agreement of {who} ({unit}{ci})…")
        job.start()
        return job

    def cancel(self) -> None:
        if self.job is None:
            return
        # build_report cannot stop half-way: abandon the run; its result is thrown away.
        self.job.finished.disconnect(self._on_job_done)
        self.job.failed.disconnect(self._on_job_failed)
        self.job.cancel()
        self.job = None
        self._set_busy(False)
        self.status_label.setText("Cancelled." + (" The report shown is the previous one." if self.report else ""))
        self.cancelled.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.compute_button.setEnabled(not busy)

    def _on_job_done(self, report) -> None:
        if self.sender() is not self.job:
            return
        self.job = None
        self._set_busy(False)
        self.show_report(report)

    def _on_job_failed(self, message: str) -> None:
        if self.sender() is not self.job:
            return
        self.job = None
        self._set_busy(False)
        self.status_label.setText(message)
        self.computation_failed.emit(message)

    # ------------------------------------------------------------------ showing
    def show_report(self, report) -> None:
        self.report, self._stale = report, False
        dark = is_dark(self.palette())
        self.overall_model.set_rows(am.OVERALL_HEADERS, am.overall_rows(report, dark))
        self.code_model.set_rows(am.code_headers(report), am.code_rows(report))
        self.code_view.expandAll()
        self.pair_measure.blockSignals(True)
        self.pair_measure.clear()
        for key, label in am.pair_measures(report):
            self.pair_measure.addItem(label, key)
        self.pair_measure.setCurrentIndex(max(0, self.pair_measure.findData(MAIN)))
        self.pair_measure.blockSignals(False)
        self._fill_heat_map()
        self.document_model.set_rows(am.document_headers(report), am.document_rows(report),
                                     header_tips=am.document_header_tips(report))
        table = report.confusion
        self.confusion_model.set_rows(list(table.columns), am.confusion_rows(table, dark), row_headers=list(table.rows))
        self.confusion_view.verticalHeader().show()
        self.confusion_note.setText(f"{table.title}, in {table.unit}. {table.note}")
        self.disagreement_model.set_rows(am.disagreement_headers(report), am.disagreement_rows(report))
        self.threshold_label.setText(report.threshold_note)
        self._show_assistance(report)
        self._size_columns()
        for button in self.export_buttons:
            button.setEnabled(True)
        keys = [f.key for f in report.overall]
        self.overall_view.selectRow(keys.index(MAIN) if MAIN in keys else 0)   # the main figure
        self._show_summary()
        self.computed.emit(report)

    def _size_columns(self) -> None:
        """Measured once per report: the long text at the end takes the rest; a table of figures keeps
        its widths and, if the window is too narrow, its name column gives up width."""
        em = self.fontMetrics().averageCharWidth()
        fit_columns(self.overall_view, stretch=self.overall_model.columnCount() - 1)
        fit_columns(self.code_view, shrink=0)
        fit_columns(self.document_view, shrink=0)
        fit_columns(self.confusion_view)
        fit_columns(self.disagreement_view, stretch=self.disagreement_model.columnCount() - 1, caps={0: em * 28})
        fit_row_lines(self.disagreement_view)

    def _show_summary(self) -> None:
        r = self.report
        unit = dict(UNITS)[r.unit].lower()
        ci = f"bootstrap seed {r.seed}" if r.n_resamples else "no intervals"
        if r.gamma:
            ci += f" · γ: {r.gamma.n_samples} chance continua, seed {r.gamma.seed}"
        text = (f"{', '.join(r.coders)} · {len(r.documents)} document(s) · unit: {unit} · {ci} · "
                f"cuα variant: {r.cu_variant} · {len(r.disagreements)} disagreement(s)")
        self.status_label.setToolTip(r.cu_variant_note + (f"\n{r.gamma.sentence}" if r.gamma else ""))
        if r.round:
            text = r.round.sentence + "\n" + text
        if r.warnings:
            text += "\n⚠ " + "\n⚠ ".join(r.warnings)
        if self._stale:
            text = "The coding has changed since this report was computed: press Compute again.\n" + text
        self.status_label.setText(text)

    def _fill_heat_map(self, *_args) -> None:
        if self.report is None:
            return
        key = self.pair_measure.currentData() or MAIN
        self.heat_model.set_rows(list(self.report.coders), am.heat_rows(self.report, key),
                                 row_headers=list(self.report.coders))

    def _on_overall_current_changed(self, current, _previous) -> None:
        if self.report is None or not current.isValid():
            self.explanation.clear()
            return
        f = self.report.overall[current.row()]
        measure = f" — {f.measure}." if f.measure != f.label else ""
        lines = [f"<b>{f.label}</b>{measure or ' —'} {f.explanation}"]
        if f.variant:
            lines.append(f"Counting: {f.variant}.")
        if f.value is None:
            lines.append(f"Undefined, because {f.reason}")
        lines += [f"⚠ {w}" for w in f.warnings]
        from html import escape

        self.explanation.setText("<br>".join(escape(x).replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>")
                                             for x in lines))

    def _on_session_changed(self, change) -> None:
        relevant = change.kind in (ChangeKind.ANNOTATION, ChangeKind.ADJUDICATION, ChangeKind.BULK)
        if relevant and self.report is not None and not self._stale:
            self._stale = True
            self._show_summary()
        names = [c.name for c in self.session.project.coders()]
        if names != self.coder_list.names():
            self.reload_coders()
        elif change.kind in (ChangeKind.MERGE, ChangeKind.ROUNDS):   # a merge may bring a round's work; a round gone
            self.reload_rounds()

    # ------------------------------------------------------------------ going to a disagreement
    def _on_disagreement_view_activated(self, index) -> None:
        where = index.data(cells.PAYLOAD_ROLE)
        if where:
            self.show_in_text(*where)

    def _on_document_view_activated(self, index) -> None:
        document_id = self.document_view.model().index(index.row(), 0).data(cells.PAYLOAD_ROLE)
        if document_id is not None:
            self.session.select_document(document_id)

    def show_in_text(self, document_id: int, start: int, end: int) -> None:
        """Show the document in the coding window and select ``start .. end`` there."""
        self.session.select_document(document_id)
        if self.text_view is not None and self.text_view.document_id == document_id:
            self.text_view.select_span(start, end)
        self.span_requested.emit(document_id, start, end)

    # ------------------------------------------------------------------ exporting
    def _ask(self, title: str, suffix: str, folder: bool = False) -> Optional[Path]:
        base = str(Path(self.session.project.path).with_name(f"{self.session.project.name} agreement{suffix}"))
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, title, str(Path(base).parent))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, title, base, f"*{suffix}")
        return Path(chosen) if chosen else None

    def _export(self, path, title, suffix, write, folder=False) -> Optional[Path]:
        if self.report is None:
            return None
        path = Path(path) if path else self._ask(title, suffix, folder)
        if path is None:
            return None
        try:
            write(path)
        except (OSError, AnnotatorError) as error:
            self.status_label.setText(f"Could not write {path}: {error}")
            return None
        self.status_label.setText(f"Wrote {path}.")
        return path

    def export_html(self, path=None) -> Optional[Path]:
        from annotator.report import write_html

        return self._export(path, "Export the report as HTML", ".html", lambda p: write_html(self.report, p))

    def export_json(self, path=None) -> Optional[Path]:
        from annotator.outputs import write_text_atomically
        from annotator.report import as_json

        def write(p: Path) -> None:
            write_text_atomically(p, json.dumps(as_json(self.report), ensure_ascii=False, indent=2) + "\n")

        return self._export(path, "Export the report as JSON", ".json", write)

    def export_csv(self, folder=None) -> Optional[Path]:
        from annotator.report import write_csv

        return self._export(folder, "Folder for the CSV tables", "", lambda p: write_csv(self.report, p), folder=True)

    def closeEvent(self, event) -> None:
        if self.job is not None:
            self.cancel()
        super().closeEvent(event)


def show_agreement_window(window) -> AgreementWindow:
    """Show (creating once) the agreement window of a main window and start computing."""
    existing = window.findChild(AgreementWindow, "agreementWindow")
    if existing is None:
        existing = AgreementWindow(window.session, window.text_view, parent=window)
        existing.span_requested.connect(lambda *_: (window.raise_(), window.activateWindow()))
        existing.resize(1100, 720)
    existing.show()
    existing.raise_()
    existing.activateWindow()
    if existing.report is None and existing.job is None:
        existing.compute()
    return existing
