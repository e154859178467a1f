"""The Code Frequencies chart, drawn with matplotlib: grouped bars (one group per column, one bar
per code), or a line per code over time when the columns are years, months or weeks. Each code
is drawn in its own colour; the chart plots what the table shows (counts or percentages).

Over time, x is a real date axis: each period is drawn at its first day (a week at its Monday), so
gaps keep their length, and the line breaks over periods without documents (no point, not zero).
Codes sharing a colour get distinct line styles and markers (lines) or hatches (bars), so the
legend tells every series apart. Tick labels are thinned (and turned upright) to what the axes'
width holds, measured after layout, so they never overlap; the saved chart says what the columns
are (x title) and what was counted with which coders (its subtitle, the table's unit line).

matplotlib is imported here only, so ``annotator --help``, the coding window and the other
analysis windows never load it; the backend is QtAgg, set explicitly (no pyplot and its global
figures: each chart owns its ``Figure``). On screen the chart takes the window's palette (light
or dark); a saved chart is drawn again on white in black, 7.5 x 4.5 inches, for a paper
(PNG at 300 dpi, SVG or PDF), written through :mod:`annotator.outputs` (never over a project).
"""
from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional, Sequence

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402 (after choosing the backend)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from annotator.analysis.columns import NO_DATE, period_bounds  # noqa: E402
from annotator.analysis.describe import columns_words  # noqa: E402
from annotator.outputs import atomic_output  # noqa: E402

TIME_KINDS = ("year", "month", "week")
CHART_KINDS = (("bars", "Grouped bars"), ("line", "Line over time"))
FORMATS = (("png", "PNG image, 300 dpi (*.png)"), ("svg", "SVG drawing (*.svg)"), ("pdf", "PDF document (*.pdf)"))
PAPER_SIZE = (7.5, 4.5)          # inches
LABEL_CHARACTERS = 22
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")   # 4 styles x 7 markers (coprime): 28 distinct pairs
HATCHES = ("//", "..", "xx", "\\\\", "oo", "++", "--", "||", "**")   # then doubled: denser, still distinct
LABEL_GAP = 1.6                  # a label's slot, in label heights (upright) or in its width (level)
SUBTITLE_CHARACTERS = 110


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
    period: str = ""             # "year", "month" or "week" for a line over time: x is the periods' dates
    xlabel: str = ""             # what the columns are
    subtitle: str = ""           # what was counted, with which coders (drawn on the saved chart)


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
               values: Sequence[Sequence[Optional[float]]], ylabel: str, whole: bool = False,
               spec: str = "document", subtitle: str = "") -> ChartData:
    """A line over time leaves out the documents without a date (they are no point in time); columns
    that are not periods (a table still counted for earlier choices) are drawn as bars."""
    period = spec.partition(":")[0] if kind == "line" and spec.partition(":")[0] in TIME_KINDS else ""
    kind = "line" if period else "bars"
    keep = [i for i, label in enumerate(labels) if kind != "line" or label != NO_DATE]
    series = (Series(row, colour, tuple(line[i] for i in keep)) for row, colour, line in zip(rows, colours, values))
    return ChartData(kind, tuple(labels[i] for i in keep), tuple(series), ylabel, whole, period,
                     _x_title(spec, period), subtitle)


def _x_title(spec: str, period: str) -> str:
    words = columns_words(spec)
    words = words[:1].upper() + words[1:]
    return f"{words} (each at its first day)" if period else words


def repeats(series: Sequence[Series]) -> list[int]:
    """For each series, how many before it have its colour (0 for the first of a colour)."""
    seen: Counter = Counter()
    counts = []
    for one in series:
        counts.append(seen[one.colour.lower()])
        seen[one.colour.lower()] += 1
    return counts


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
    (_bars if data.kind == "bars" else _lines)(axes, data, style)
    _label(axes, data, style)
    _fit_ticks(axes, data)


def _bars(axes, data: ChartData, style: Style) -> None:
    """One collection of rectangles per code (a ``Rectangle`` artist per bar, as ``axes.bar`` makes,
    takes seconds to draw for a thousand documents)."""
    width = 0.8 / len(data.series)
    for i, (series, k) in enumerate(zip(data.series, repeats(data.series))):
        left = [x - 0.4 + width * i for x in range(len(data.labels))]
        bars = [[(x, 0), (x, v), (x + width, v), (x + width, 0)] for x, v in zip(left, series.values) if v]
        axes.add_collection(PolyCollection(bars, facecolors=series.colour, edgecolors="none", label=series.name,
                                           hatch=_hatch(k), hatchcolor=style.text))
    axes.set_xlim(-0.6, len(data.labels) - 0.4)
    axes.autoscale_view(scalex=False)


def _hatch(k: int) -> Optional[str]:
    """None for the first bars of a colour; the k-th repeat a hatch of its own (denser past the list)."""
    return HATCHES[(k - 1) % len(HATCHES)] * (1 + (k - 1) // len(HATCHES)) if k else None


def _lines(axes, data: ChartData, style: Style) -> None:
    bounds = [period_bounds(data.period, label) for label in data.labels]
    for series, k in zip(data.series, repeats(data.series)):
        x, y = _with_gaps(bounds, _numbers(series.values))
        axes.plot(x, y, marker=MARKERS[k % len(MARKERS)], linestyle=LINE_STYLES[k % len(LINE_STYLES)],
                  label=series.name, color=series.colour)
    (first, after_first), (last, after_last) = bounds[0], bounds[-1]
    axes.set_xlim(first - (after_first - first) / 2, last + (after_last - last) / 2)   # half a period either side


def _with_gaps(bounds: Sequence[tuple[date, date]], values: Sequence[float]) -> tuple[list, list]:
    """Each period at its first day; after a period whose next one is missing, a NaN at the missing
    one's first day, so the line breaks there."""
    x: list[date] = []
    y: list[float] = []
    for (start, end), value, following in zip(bounds, values, [*bounds[1:], None]):
        x.append(start)
        y.append(value)
        if following is not None and following[0] > end:
            x.append(end)
            y.append(math.nan)
    return x, y


def _numbers(values: Sequence[Optional[float]]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _label(axes, data: ChartData, style: Style) -> None:
    axes.set_xlabel(data.xlabel, color=style.text)
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


def _fit_ticks(axes, data: ChartData) -> None:
    """As many tick labels as the axes' width (known once the figure is laid out) holds apart."""
    axes.figure.draw_without_rendering()
    width = max(1.0, axes.get_window_extent().width)
    if data.period:
        slots = width / (_text_width(axes, "2024-12") * LABEL_GAP)
        locator = AutoDateLocator(minticks=2, maxticks=max(2, int(slots)))
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        return
    names = [_short(label) for label in data.labels]
    slot = width / len(names)
    widest = max(_text_width(axes, name) for name in sorted(names, key=len)[-5:])
    if widest * LABEL_GAP <= slot:
        axes.set_xticks(range(len(names)), names)
        return
    step = math.ceil(_tick_pixels(axes) * 1.2 * LABEL_GAP / slot)   # upright: a label is one line high
    ticks = range(0, len(names), step)
    axes.set_xticks(ticks, [names[i] for i in ticks], rotation=90, ha="center")


def _text_width(axes, text: str) -> float:
    """``text``'s width in pixels at the tick labels' size."""
    return TextPath((0, 0), text, size=_tick_pixels(axes)).get_extents().width


def _tick_pixels(axes) -> float:
    return FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points() * axes.figure.dpi / 72


def save_chart(path: Path, data: ChartData) -> None:
    """Draw the chart for a paper and write it in the format of ``path``'s suffix (png, svg, pdf)."""
    kind = chart_format(path)
    assert kind is not None, path
    figure = paper_figure(data)
    with atomic_output(path, "wb") as stream:
        figure.savefig(stream, format=kind, dpi=300, facecolor=PAPER.face)


def paper_figure(data: ChartData) -> Figure:
    """The chart on white, at the paper's size, with the unit line as its subtitle."""
    figure = Figure(figsize=PAPER_SIZE, layout="constrained")
    draw(figure, data, PAPER)
    if data.subtitle:
        figure.suptitle(textwrap.fill(data.subtitle, SUBTITLE_CHARACTERS), fontsize="small", color=PAPER.text)
    return figure


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
        self.canvas.mpl_connect("resize_event", lambda _event: self._redraw())

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
