"""The Code Frequencies chart, drawn with matplotlib: grouped bars (one group per column, one bar
per code), or a line per code over time when the columns are years, months or weeks. Each code
is drawn in its own colour; the chart plots what the table shows (counts or percentages).

matplotlib is imported here only, so ``annotator --help``, the coding window and the other
analysis windows never load it; the backend is QtAgg, set explicitly (no pyplot and its global
figures: each chart owns its ``Figure``). On screen the chart takes the window's palette (light
or dark); a saved chart is drawn again on white in black, 7.5 x 4.5 inches, for a paper
(PNG at 300 dpi, SVG or PDF), written through :mod:`annotator.outputs` (never over a project).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402 (after choosing the backend)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from annotator.analysis.columns import NO_DATE  # noqa: E402
from annotator.outputs import atomic_output  # noqa: E402

TIME_KINDS = ("year", "month", "week")
CHART_KINDS = (("bars", "Grouped bars"), ("line", "Line over time"))
FORMATS = (("png", "PNG image, 300 dpi (*.png)"), ("svg", "SVG drawing (*.svg)"), ("pdf", "PDF document (*.pdf)"))
PAPER_SIZE = (7.5, 4.5)          # inches
MAX_TICKS = 40                   # more columns: label every k-th
LABEL_CHARACTERS = 22


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[Optional[float], ...]


@dataclass(frozen=True)
class ChartData:
    kind: str                    # "bars" or "line"
    labels: tuple[str, ...]      # the columns, along x
    series: tuple[Series, ...]   # one per code, in the table's order
    ylabel: str
    whole: bool = False          # whole numbers (counts): no ticks between them


@dataclass(frozen=True)
class Style:
    face: str
    axes: str
    text: str
    grid: str


PAPER = Style("#ffffff", "#ffffff", "#000000", "#cccccc")


def chart_format(path: Path) -> Optional[str]:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("png", "svg", "pdf") else None


def chart_data(kind: str, labels: Sequence[str], rows: Sequence[str], colours: Sequence[str],
               values: Sequence[Sequence[Optional[float]]], ylabel: str, whole: bool = False) -> ChartData:
    """A line over time leaves out the documents without a date (they are no point in time)."""
    keep = [i for i, label in enumerate(labels) if kind != "line" or label != NO_DATE]
    series = (Series(row, colour, tuple(line[i] for i in keep)) for row, colour, line in zip(rows, colours, values))
    return ChartData(kind, tuple(labels[i] for i in keep), tuple(series), ylabel, whole)


def style_of(palette: QPalette) -> Style:
    return Style(palette.color(QPalette.Window).name(), palette.color(QPalette.Base).name(),
                 palette.color(QPalette.Text).name(), palette.color(QPalette.Mid).name())


def draw(figure: Figure, data: ChartData, style: Style) -> None:
    figure.clear()
    figure.set_facecolor(style.face)
    axes = figure.add_subplot()
    axes.set_facecolor(style.axes)
    if not data.series or not data.labels:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "Nothing to draw", ha="center", va="center", color=style.text, transform=axes.transAxes)
        return
    (_bars if data.kind == "bars" else _lines)(axes, data)
    _label(axes, data, style)


def _bars(axes, data: ChartData) -> None:
    """One collection of rectangles per code (a ``Rectangle`` artist per bar, as ``axes.bar`` makes,
    takes seconds to draw for a thousand documents)."""
    width = 0.8 / len(data.series)
    for i, series in enumerate(data.series):
        left = [x - 0.4 + width * i for x in range(len(data.labels))]
        bars = [[(x, 0), (x, v), (x + width, v), (x + width, 0)] for x, v in zip(left, series.values) if v]
        axes.add_collection(PolyCollection(bars, facecolors=series.colour, edgecolors="none", label=series.name))
    axes.set_xlim(-0.6, len(data.labels) - 0.4)
    axes.autoscale_view(scalex=False)


def _lines(axes, data: ChartData) -> None:
    for series in data.series:
        axes.plot(range(len(data.labels)), _numbers(series.values), marker="o", label=series.name,
                  color=series.colour)


def _numbers(values: Sequence[Optional[float]]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _label(axes, data: ChartData, style: Style) -> None:
    step = max(1, math.ceil(len(data.labels) / MAX_TICKS))
    ticks = list(range(0, len(data.labels), step))
    names = [_short(data.labels[i]) for i in ticks]
    slanted = len(ticks) > 6 or any(len(name) > 10 for name in names)
    axes.set_xticks(ticks, names, rotation=30 if slanted else 0, ha="right" if slanted else "center")
    axes.set_ylabel(data.ylabel, color=style.text)
    axes.set_ylim(bottom=0)
    if data.whole:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color=style.grid, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(colors=style.text)
    for spine in axes.spines.values():
        spine.set_color(style.grid)
    columns = max(1, math.ceil(len(data.series) / 18))
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False, ncols=columns)
    for text in legend.get_texts():
        text.set_color(style.text)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"


def save_chart(path: Path, data: ChartData) -> None:
    """Draw the chart for a paper and write it in the format of ``path``'s suffix (png, svg, pdf)."""
    kind = chart_format(path)
    assert kind is not None, path
    figure = Figure(figsize=PAPER_SIZE, layout="constrained")
    draw(figure, data, PAPER)
    with atomic_output(path, "wb") as stream:
        figure.savefig(stream, format=kind, dpi=300, facecolor=PAPER.face)


class ChartView(QWidget):
    """The chart on screen, in the widget's palette; redrawn when the palette changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("frequencyChart")
        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 10)
        self.data: Optional[ChartData] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    @property
    def axes(self):
        return self.figure.axes[0] if self.figure.axes else None

    def show_data(self, data: ChartData) -> None:
        self.data = data
        self._redraw()

    def _redraw(self) -> None:
        if self.data is not None:
            draw(self.figure, self.data, style_of(self.palette()))
            self.canvas.draw_idle()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            self._redraw()
