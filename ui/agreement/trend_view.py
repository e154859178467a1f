"""The trend across rounds in the Agreement window (its Trend… button): a table of each reliability round's
overall uα and α with their 95% intervals and the chart of :mod:`annotator.round_chart` in the window's
palette (the trend proper), then a table of the calibration rounds (each coder against gold) and retest
rounds (a coder's intra-coder agreement), which are not points of the trend, and the codebook changes
between rounds (each with its reason and the disagreements it cites, as ``round trend`` writes them).
The rounds are reported on a worker (:func:`annotator.trend_data.trend`, one bootstrap seed for all, shown).

matplotlib (QtAgg, no pyplot) is imported here, and this module only when the button is first pressed.
"""
from __future__ import annotations

import secrets
from typing import Optional

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402 (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from PySide6.QtCore import Qt, Signal  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.report.text import heading, number  # noqa: E402
from annotator.round_chart import draw_trend, series_rounds, trend_series  # noqa: E402
from annotator.round_trend import changes_html  # noqa: E402
from annotator.trend_data import CALIBRATION_OVERALL, trend  # noqa: E402

from ..shared.contrast import legible  # noqa: E402
from ..shared.jobs import BackgroundJob  # noqa: E402

SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")   # matplotlib's C0-C2, made legible on the palette's Base
TABLE_ROWS = 6                                       # rows a table shows before it scrolls


class TrendWindow(QWidget):
    """The rounds' tables and chart; ``rows`` are the last :func:`trend` rows shown."""

    shown = Signal(object)    # the rows

    def __init__(self, session, bootstrap: int, parent=None):
        super().__init__(parent, Qt.Window)
        self.setObjectName("trendWindow")
        self.setWindowTitle(f"Agreement per round — {session.project.name}")
        self.session, self.bootstrap, self.rows = session, bootstrap, None
        self.job: Optional[BackgroundJob] = None
        layout = QVBoxLayout(self)
        self.note = QLabel("Computing each round's agreement…")
        self.note.setWordWrap(True)
        self.table = _table("trendTable")
        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 14)
        self.others_note = QLabel("Calibration rounds (each coder against gold) and retest rounds (a coder against "
                                  "their own earlier coding) are not points of the trend:")
        self.others_note.setWordWrap(True)
        self.others = _table("trendOtherTable")
        self.changes = QTextBrowser()
        self.changes.setObjectName("trendChanges")
        self.changes.setAccessibleName("Codebook changes between rounds")
        self.changes.setOpenLinks(False)
        self.changes.setMinimumHeight(self.fontMetrics().height() * 5)
        for widget in (self.note, self.table, self.canvas, self.others_note, self.others, self.changes):
            # the chart takes most of the room the tables leave, the codebook changes the rest
            layout.addWidget(widget, {id(self.canvas): 2, id(self.changes): 1}.get(id(widget), 0))

    def compute(self, seed: Optional[int] = None) -> BackgroundJob:
        seed, bootstrap = secrets.randbits(31) if seed is None else seed, self.bootstrap
        job = BackgroundJob(self.session.project.path, lambda project, *_: trend(project, bootstrap, seed),
                            name="trendThread", unexpected="The trend stopped unexpectedly")
        ci = f"95% CI: {bootstrap:,} bootstrap resamples of documents, seed {seed}, the same for every round."
        note = ci if bootstrap else "No intervals (bootstrap off)."
        # only the latest run is shown: an earlier one still running is cancelled, and its news ignored
        job.finished.connect(lambda rows: self.show_rows(rows, note) if self.job is job else None)
        job.failed.connect(lambda message: self.note.setText(message) if self.job is job else None)
        if self.job is not None:
            self.job.cancel()
        self.job = job
        self.note.setText("Computing each round's agreement…")
        job.start()
        return job

    def show_rows(self, rows, note: str) -> None:
        self.rows = rows
        series, reliability = trend_series(rows), series_rounds(rows)
        self.note.setText(note if rows else "No rounds yet; make one with `annotator round new`.")
        cells = [[row.round.name, f"v{row.round.scheme_version}", *[_cell(s, r) for s in series]]
                 for r, row in enumerate(reliability)]
        _fill(self.table, ["Reliability round", "Codebook", *[s.label for s in series]], cells,
              [row.reason for row in reliability])
        others = [line for row in rows if row.round.kind != "reliability" for line in _other_lines(row)]
        _fill(self.others, ["Round", "Kind", "Compared", "Codebook", *[label for _, label in OTHER_FIGURES]],
              [cells for cells, _ in others], [tip for _, tip in others])
        self.others_note.setVisible(bool(others))
        self.others.setVisible(bool(others))
        changes = "".join(changes_html(row) for row in rows)
        self.changes.setHtml(changes or "<p>No codebook changes between the rounds.</p>")
        self._draw()
        self.shown.emit(rows)

    def _draw(self) -> None:
        self.figure.clear()
        palette = self.palette()
        ink, base = palette.color(QPalette.Text).name(), palette.color(QPalette.Base)
        self.figure.set_facecolor(palette.color(QPalette.Window).name())
        axes = self.figure.add_subplot()
        axes.set_facecolor(base.name())
        rows = series_rounds(self.rows or ())
        draw_trend(axes, [row.round.name for row in rows], trend_series(rows), ink,
                   [legible(QColor(c), base).name() for c in SERIES_COLOURS])
        self.canvas.draw_idle()


# the figures of the calibration and retest table: (key, column label)
OTHER_FIGURES = (("u_alpha", "uα"), ("alpha_none", "α"), ("f1_exact", "Span F1 exact"),
                 ("f1_overlap", "Span F1 overlap"))
assert {key for key, _ in OTHER_FIGURES} == set(CALIBRATION_OVERALL)


def _table(name: str) -> QTableWidget:
    """A read-only table as tall as its rows (up to :data:`TABLE_ROWS`), without row numbers."""
    table = QTableWidget(0, 0)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    return table


def _fit_height(table: QTableWidget) -> None:
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), TABLE_ROWS)))
    scroll = table.horizontalScrollBar().sizeHint().height()    # room for it, should the columns not fit
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + scroll)


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]], tips: list[str]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tips[r] or text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    table.setCurrentItem(None)      # no cell looks chosen: the table is read, not edited
    _fit_height(table)


def _other_lines(row) -> list[tuple[list[str], str]]:
    """``(cells, tooltip)`` of a calibration round (a line per coder against gold) or a retest round."""
    r, version = row.round, f"v{row.round.scheme_version}"
    if row.calibration is not None:
        return [([r.name, r.kind, f"{s.coder} against {row.calibration.gold}", version,
                  *_figures(s.overall)], s.reason or _per_code(s)) for s in row.calibration.coders]
    compared = row.report.coders if row.report is not None else ()
    what = f"{compared[0]}: earlier against re-coding" if compared else "—"
    compares = row.report.round.compares if row.report is not None and row.report.round else ""
    return [([r.name, r.kind, what, version, *_figures(row.report.overall if row.report else ())],
             row.reason or compares)]


def _figures(figures) -> list[str]:
    by_key = {f.key: f for f in figures}
    return [number(by_key[key].value) if key in by_key else "—" for key, _ in OTHER_FIGURES]


def _per_code(score) -> str:
    """A calibration coder's per-code span F1 and α, one code a line."""
    return "\n".join(f"{c.path}: span F1 exact {number(c.f1['exact'].value)}, overlap {number(c.f1['overlap'].value)}"
                     + "".join(f"; {heading(f)} {number(f.value)}" for f in c.figures) for c in score.codes)


def _cell(series, index: int) -> str:
    value, ci = series.values[index], series.intervals[index]
    if value is None:
        return "—"
    return f"{value:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
