"""Contrast between colours as WCAG 2.2 defines it, and a colour moved until it has enough.

``contrast_ratio`` is (L1 + 0.05) / (L2 + 0.05) of the two relative luminances (WCAG 2.2,
"contrast ratio" and "relative luminance", with the sRGB transfer function); 4.5 is the minimum
for text, 3 for graphics such as lines and outlines (success criterion 1.4.11). The coding
window computes its marks' colours with these, so a check in a test is the same arithmetic.
"""
from __future__ import annotations

from PySide6.QtGui import QColor

GRAPHICS = 3.0   # WCAG 1.4.11: lines, outlines, marks that carry meaning
TEXT = 4.5       # WCAG 1.4.3: text


def relative_luminance(colour: QColor) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((relative_luminance(QColor(a)), relative_luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(under: QColor, over: QColor, alpha: float) -> QColor:
    """``over`` at opacity ``alpha`` composited onto the opaque ``under``."""
    def channel(a: int, b: int) -> int:
        return round(a * (1 - alpha) + b * alpha)
    return QColor(channel(under.red(), over.red()), channel(under.green(), over.green()),
                  channel(under.blue(), over.blue()))


def legible(colour: QColor, base: QColor, ratio: float = GRAPHICS) -> QColor:
    """``colour``, darkened on a light ``base`` or lightened on a dark one just enough (in steps of
    5 %) to reach ``ratio`` against it; keeps its hue as long as it can."""
    towards = QColor("black") if relative_luminance(base) > 0.18 else QColor("white")
    for step in range(21):
        moved = mix(QColor(colour), towards, step / 20)
        if contrast_ratio(moved, base) >= ratio:
            return moved
    return towards


def behind_text(fill: QColor, text: QColor, base: QColor, ratio: float = TEXT) -> QColor:
    """``fill`` moved towards ``base`` (in steps of 5 %) until ``text`` on it has ``ratio``: a
    stack of strong code colours never makes the text on it unreadable."""
    for step in range(21):
        moved = mix(QColor(fill), QColor(base), step / 20)
        if contrast_ratio(moved, text) >= ratio:
            return moved
    return QColor(base)
