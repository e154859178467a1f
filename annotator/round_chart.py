"""The trend across rounds as a chart: per reliability round its overall uα and α (the figures of
:data:`annotator.trend_data.TREND_OVERALL`) as points joined by a line, each with its bootstrap
interval as a bar. Calibration and retest rounds are not points of it: they compare coders with gold
or with themselves, not with each other (:mod:`annotator.trend_data`). :func:`draw_trend` draws on any
matplotlib ``Axes`` (the app's, in its palette); :func:`trend_svg` draws on white with the Agg canvas and
returns SVG for the HTML page.

matplotlib is imported inside :func:`trend_svg` only, so the command line loads it when a page is
written, never for ``--help``; no pyplot, no global backend: the figure owns its canvas.
"""
from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from typing import Optional

from .report.text import heading
from .trend_data import TREND_OVERALL, of_kind

MARKERS = ("o", "s", "^")
LABEL_WIDTH = 14         # characters of a round's name on one line under the x axis (longer names wrap)
SPREAD = 0.12            # how far apart, along x, one round's series are drawn (so their bars do not hide each other)


@dataclass(frozen=True)
class TrendSeries:
    key: str                                   # the figure's key in the report ("u_alpha")
    label: str                                 # its label ("uα"; "α (nominal) (excl.)" where uncoded text is left out)
    values: tuple[Optional[float], ...]        # per round; None where undefined or not reported
    intervals: tuple[Optional[tuple[float, float]], ...]   # per round; None without an interval


def series_rounds(rows) -> list:
    """The rows the series are made of (and the chart's x axis): the reliability rounds'."""
    return of_kind(rows, "reliability")


def trend_series(rows) -> list[TrendSeries]:
    """One series per overall figure of the trend, in the report's order, with a value per reliability round."""
    labels: dict[str, str] = {}
    by_round = []
    for row in series_rounds(rows):
        figures = {f.key: f for f in (row.report.overall if row.report is not None else ()) if f.key in TREND_OVERALL}
        labels.update((key, heading(f)) for key, f in figures.items())   # the excluded α says so
        by_round.append(figures)
    return [TrendSeries(key, labels[key], tuple(_value(r.get(key)) for r in by_round),
                        tuple(_interval(r.get(key)) for r in by_round))
            for key in TREND_OVERALL if key in labels]


def _value(figure) -> Optional[float]:
    return None if figure is None or figure.value is None or math.isnan(figure.value) else float(figure.value)


def _interval(figure) -> Optional[tuple[float, float]]:
    ci = None if figure is None else figure.ci
    return None if ci is None or ci.low is None or ci.high is None else (float(ci.low), float(ci.high))


def draw_trend(axes, names: list[str], series: list[TrendSeries], ink: str = "black",
               colours: Optional[list[str]] = None) -> None:
    """Points and interval bars per series on ``axes``, rounds along x in the order made; ``ink`` for text and axes,
    ``colours`` one per series (default matplotlib's C0, C1…; the app passes ones legible on its palette).
    Each series' points are the artist with gid ``trend-KEY`` and its bars ``trend-KEY-ci``; long names wrap."""
    middle = (len(series) - 1) / 2
    for i, s in enumerate(series):
        shift, colour = (i - middle) * SPREAD, colours[i] if colours else f"C{i}"
        points = [(x + shift, v) for x, v in enumerate(s.values) if v is not None]
        line, = axes.plot([x for x, _ in points], [v for _, v in points], marker=MARKERS[i % len(MARKERS)],
                          color=colour, label=s.label, linewidth=1)
        line.set_gid(f"trend-{s.key}")
        bars = [(x + shift, ci) for x, ci in enumerate(s.intervals) if ci is not None]
        if bars:
            axes.vlines([x for x, _ in bars], [lo for _, (lo, _) in bars], [hi for _, (_, hi) in bars],
                        color=colour, linewidth=1.5, alpha=0.7).set_gid(f"trend-{s.key}-ci")
    axes.set_xticks(range(len(names)), [textwrap.fill(n, LABEL_WIDTH, break_long_words=False) for n in names],
                    color=ink)
    axes.set_xlim(-0.5, len(names) - 0.5)
    axes.set_ylabel("agreement (95% CI)", color=ink)
    axes.tick_params(colors=ink)
    for spine in axes.spines.values():
        spine.set_color(ink)
    if series:
        axes.legend(frameon=False, labelcolor=ink)


def trend_svg(rows) -> str:
    """The chart of ``rows``' reliability rounds (:func:`annotator.trend_data.trend`) as an ``<svg>`` element, drawn
    with Agg ("" without any)."""
    rows = series_rounds(rows)
    if not rows:
        return ""
    import matplotlib  # heavy: only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "annotator round trend"}):
        figure = Figure(figsize=(max(4.0, 1.2 * len(rows) + 2), 3.2), layout="constrained")
        FigureCanvasAgg(figure)
        draw_trend(figure.add_subplot(), [row.round.name for row in rows], trend_series(rows))
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]
