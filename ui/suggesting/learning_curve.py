"""The learning curve of a coder's model: held-out F1 (0 to 1; a span model's by exact span) against the
number of training sentences, one line per code in the code's colour, drawn with matplotlib in the
widget's palette (light or dark).

Each point is a model trained on a share of the training part and measured on the held-out
documents; a point without an F1 (``None``) is a gap in the line. Codes sharing a colour get
distinct markers and line styles. matplotlib (QtAgg, no pyplot) is imported here and by the Code
Frequencies chart only, so opening the coding window never loads it.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Optional

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402 (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from .quality_figures import CodeNames  # noqa: E402

MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINE_STYLES = ("-", "--", ":", "-.")
F1_AXIS = {"sentence": "Held-out F1", "span": "Held-out F1 (exact spans)"}


@dataclass(frozen=True)
class Curve:
    name: str
    colour: str
    f1: tuple[Optional[float], ...]


@dataclass(frozen=True)
class CurveData:
    sizes: tuple[int, ...]      # training sentences at each point
    curves: tuple[Curve, ...]   # one per code, by name
    kind: str = "sentence"      # the model's: a span model's F1 is by exact span


def curve_data(metrics: Mapping[str, Any], names: CodeNames, kind: str = "sentence") -> CurveData:
    points = metrics.get("curve", [])
    labels = sorted(metrics.get("codes", {}), key=lambda uuid: names.of_uuid(uuid)[0].casefold())
    curves = (Curve(*names.of_uuid(uuid), tuple(point["codes"].get(uuid, {}).get("f1") for point in points))
              for uuid in labels)
    return CurveData(tuple(point["examples"] for point in points), tuple(curves), kind)


def draw(figure: Figure, data: CurveData, palette: QPalette) -> None:
    text, grid = palette.color(QPalette.Text).name(), palette.color(QPalette.Mid).name()
    figure.clear()
    figure.set_facecolor(palette.color(QPalette.Window).name())
    axes = figure.add_subplot()
    axes.set_facecolor(palette.color(QPalette.Base).name())
    if not data.sizes:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "No learning curve: nothing was held out", ha="center", va="center", color=text,
                  transform=axes.transAxes)
        return
    seen: Counter = Counter()
    for curve in data.curves:
        k = seen[curve.colour.lower()]
        seen[curve.colour.lower()] += 1
        axes.plot(data.sizes, [math.nan if v is None else v for v in curve.f1], color=curve.colour,
                  marker=MARKERS[k % len(MARKERS)], linestyle=LINE_STYLES[k % len(LINE_STYLES)], label=curve.name)
    _label(axes, F1_AXIS[data.kind], text, grid)


def _label(axes, f1_axis: str, text: str, grid: str) -> None:
    axes.set_xlabel("Training sentences", color=text)
    axes.set_ylabel(f1_axis, color=text)
    axes.set_ylim(0, 1.05)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(color=grid, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(colors=text)
    for spine in axes.spines.values():
        spine.set_color(grid)
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    for label in legend.get_texts():
        label.set_color(text)


class LearningCurveView(QWidget):
    """The chart on screen; redrawn when the palette changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("learningCurve")
        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 14)
        self.data: Optional[CurveData] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def show_data(self, data: CurveData) -> None:
        self.data = data
        self._redraw()

    def _redraw(self) -> None:
        if self.data is not None:
            draw(self.figure, self.data, self.palette())
            self.canvas.draw_idle()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            self._redraw()

