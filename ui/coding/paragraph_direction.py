"""Each paragraph aligned by its own direction: right-to-left paragraphs start at the right edge.

``QPlainTextEdit`` lays every block out with the document's one ``QTextOption``: its direction
may be automatic (Arabic and Hebrew runs are ordered right to left), but its alignment is one
for all, so a right-to-left paragraph was drawn against the left edge. ``QTextEdit`` aligns
per block, at the cost of its much slower layout of long texts.

:class:`DirectionalLayout` keeps the plain-text layout and, whenever a block's layout is asked
for (``blockBoundingRect``, the one virtual every caller goes through, which lays the block
out first), moves the lines of a block whose resolved direction (``QTextBlock.textDirection``:
its first strong character) is right to left against the right margin. Hit testing, the
cursor, selections and the highlights all read the lines' positions, so they follow.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QPlainTextDocumentLayout


class DirectionalLayout(QPlainTextDocumentLayout):
    def blockBoundingRect(self, block):  # noqa: N802 (Qt's name)
        rect = super().blockBoundingRect(block)
        if block.isValid() and block.textDirection() == Qt.LayoutDirection.RightToLeft:
            align_right(block.layout(), self.document().documentMargin())
        return rect


def align_right(layout, margin: float) -> None:
    """Move each line of ``layout`` so its text ends at the right margin."""
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        x = margin + max(0.0, line.width() - line.naturalTextWidth())
        if line.x() != x:
            line.setPosition(QPointF(x, line.y()))
