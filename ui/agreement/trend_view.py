"""The trend across rounds in the Agreement window (its Trend… button): a table of each round's overall
uα and α with their 95% intervals, and the chart of :mod:`annotator.round_chart` in the window's palette.
The rounds are reported on a worker (:func:`annotator.rounds.trend`, one bootstrap seed for all, shown).

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
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget  # noqa: E402

from annotator.round_chart import draw_trend, trend_series  # noqa: E402
from annotator.trend_data import trend  # noqa: E402

from ..shared.jobs import BackgroundJob  # noqa: E402


class TrendWindow(QWidget):
    """The rounds' table and chart; ``rows`` are the last :func:`trend` rows shown."""

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
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("trendTable")
        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 14)
        for widget in (self.note, self.table, self.canvas):
            layout.addWidget(widget)

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
        series = trend_series(rows)
        self.note.setText(note if rows else "No rounds yet; make one with `annotator round new`.")
        self.table.setColumnCount(2 + len(series))
        self.table.setHorizontalHeaderLabels(["Round", "Codebook", *[s.label for s in series]])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.round.name, f"v{row.round.scheme_version}", *[_cell(s, r) for s in series]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.reason or text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._draw()
        self.shown.emit(rows)

    def _draw(self) -> None:
        self.figure.clear()
        ink = self.palette().color(QPalette.Text).name()
        self.figure.set_facecolor(self.palette().color(QPalette.Window).name())
        axes = self.figure.add_subplot()
        axes.set_facecolor(self.palette().color(QPalette.Base).name())
        draw_trend(axes, [row.round.name for row in self.rows or ()], trend_series(self.rows or ()), ink)
        self.canvas.draw_idle()


def _cell(series, index: int) -> str:
    value, ci = series.values[index], series.intervals[index]
    if value is None:
        return "—"
    return f"{value:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
