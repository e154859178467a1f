"""What the text view draws that no code colour may be mistaken for: the selection, find hits and
the outline of other coders' annotations.

Code colours reach the text as fills (``highlighter.py``: the code's colour at 40 % over the
palette's Base, so every fill lies between Base and the colour). The marks here are chosen
against every fill a code colour can give, in both palettes, and their contrast is computed
(``ui/shared/contrast.py``, WCAG 2.2):

- **The selection** is inverted and neutral: near-black with white text on a light Base,
  near-white with black text on a dark one. No fill is that dark (light) or grey-and-strong, so a
  selected passage never looks coded, and it stays the same when the view loses focus.
- **Find hits** are boxed, not filled: a 2-pixel frame in the palette's Text colour around each
  hit in view (the current hit is also selected).
- **Other coders' annotations** (Show Other Coders) keep their lighter fill and get a dashed
  outline in the code's colour, moved until it has 3:1 contrast with Base (``contrast.legible``),
  so yellow on white or dark blue on a dark Base stay visible.
- **The coder's open suggestions** (``document_suggestions.py``) have no fill (they are not coded
  yet) and an outline of round dots in the code's colour, made legible the same way, 2.5 px (the
  current one 3.5 px) and spaced two widths apart, so they never read as another coder's dashes.
  The dots sit on a thin track of the Base colour, invisible on plain text, that keeps them
  visible on a fill of the same code.

They are painted over the viewport after the text (``TextView.paintEvent``), only for what is in
view; the highlighter's formats stay the only persistent highlight.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen

from ..shared.contrast import legible, relative_luminance

SELECTION_ON_LIGHT = ("#1f1f1f", "#ffffff")     # background, text
SELECTION_ON_DARK = ("#ececec", "#000000")
FIND_PEN_WIDTH = 2.0
OUTLINE_PEN_WIDTH = 1.5
SUGGESTION_PEN_WIDTH = 2.5        # round dots, two widths apart: never read as a dash
CURRENT_SUGGESTION_PEN_WIDTH = 3.5


def is_light(base: QColor) -> bool:
    return relative_luminance(QColor(base)) > 0.18


def selection_colours(base: QColor) -> tuple[QColor, QColor]:
    """The selection's background and text on ``base``."""
    background, text = SELECTION_ON_LIGHT if is_light(base) else SELECTION_ON_DARK
    return QColor(background), QColor(text)


def with_selection_colours(palette: QPalette) -> QPalette:
    """``palette`` with the inverted selection in every state (active, inactive)."""
    palette = QPalette(palette)
    background, text = selection_colours(palette.color(QPalette.ColorRole.Base))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, background)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
    return palette


def find_colour(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Text)


def outline_colour(code_colour: QColor, base: QColor) -> QColor:
    return legible(code_colour, base)


def suggestion_width(current: bool) -> float:
    return CURRENT_SUGGESTION_PEN_WIDTH if current else SUGGESTION_PEN_WIDTH


def paint_dots(painter: QPainter, rects: list[QRectF], colour: QColor, width: float, base: QColor) -> None:
    """Round dots around the rectangles of a span, on a track of ``base`` (see the module)."""
    if not rects:
        return
    path = QPainterPath()
    for rect in rects:
        path.addRect(rect.adjusted(width / 2, 0, -width / 2, 0))
    path = path.simplified()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    track = QPen(base, 1.0)
    track.setCosmetic(True)
    painter.setPen(track)
    painter.drawPath(path)
    dots = QPen(colour, width, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
    dots.setDashPattern([0.01, 2.0])
    dots.setCosmetic(True)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)     # round dots, not squares
    painter.setPen(dots)
    painter.drawPath(path)
    painter.restore()


def line_rects(view, start: int, end: int) -> list[QRectF]:
    """Viewport rectangles, one per laid-out line, covering UTF-16 positions ``start .. end``."""
    rects: list[QRectF] = []
    offset = view.contentOffset()
    block = view.document().findBlock(start)
    while block.isValid() and block.position() < end:
        if block.isVisible():
            top = view.blockBoundingGeometry(block).translated(offset).topLeft() + block.layout().position()
            rects.extend(_block_rects(block, start - block.position(), end - block.position(), top))
        block = block.next()
    return rects


def _block_rects(block, lo: int, hi: int, top) -> list[QRectF]:
    layout, rects = block.layout(), []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        first, last = max(lo, line.textStart()), min(hi, line.textStart() + line.textLength())
        if first >= last:
            continue
        x1, x2 = line.cursorToX(first)[0], line.cursorToX(last)[0]
        rects.append(QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height()).translated(top))
    return rects


def paint_boxes(painter: QPainter, rects: list[QRectF], colour: QColor, width: float,
                style=Qt.PenStyle.SolidLine) -> None:
    """One outline around the rectangles of a span (lines that touch share no inner edge)."""
    if not rects:
        return
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = width / 2
    path = QPainterPath()
    for rect in rects:
        path.addRect(rect.adjusted(inset, 0, -inset, 0))
    painter.drawPath(path.simplified())
