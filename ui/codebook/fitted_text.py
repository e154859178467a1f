"""A plain-text box as tall as its text (two lines when empty, eight at most, then it scrolls).

The codebook editor's examples, "use when" and "do not use when" are often empty or short:
boxes of a fixed share of the height took room the definition then lacked, which scrolled.
These boxes ask for the lines they hold (wrapped lines counted) and give the rest back.
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy

MIN_LINES, MAX_LINES = 2, 8


class FittedTextEdit(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Maximum)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self.updateGeometry())

    def lines(self) -> int:
        """The lines the text takes at this width (a plain-text layout measures its size in lines)."""
        return max(1, round(self.document().documentLayout().documentSize().height()))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        document = self.document().documentMargin() * 2
        return int(lines * self.fontMetrics().lineSpacing() + document + margins)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(min(max(self.lines(), MIN_LINES), MAX_LINES)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height_for(MIN_LINES))
