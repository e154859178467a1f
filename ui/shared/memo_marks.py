"""The memo mark in the Documents list: a small note icon on a document that has a memo the
coder may see (their own; every coder's when the window shows other coders), and the start of
each memo in the row's tooltip. Read once through ``Project.memos`` and kept until a memo, the
coder or the layers change."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZE = 16


class MemoMarks:
    def __init__(self, session):
        self._session = session
        self._memos: Optional[dict[str, list[tuple[str, str]]]] = None   # document UUID -> (coder, text)
        self._icons: Optional[tuple[QIcon, QIcon]] = None   # the mark, and a blank that keeps names aligned

    def reset(self) -> None:
        self._memos = None

    def _visible(self) -> dict[str, list[tuple[str, str]]]:
        if self._memos is None:
            project, coder = self._session.project, self._session.coder_id
            names = {c.uuid: (c.id, c.name) for c in project.coders()}
            self._memos = {}
            for memo in project.memos("document"):
                coder_id, name = names.get(memo.coder_uuid, (None, "?"))
                if self._session.show_other_coders or coder_id == coder:
                    self._memos.setdefault(memo.target_uuid or "", []).append((name, memo.text))
        return self._memos

    def icon(self, document_uuid: str) -> Optional[QIcon]:
        """The mark on a document with a visible memo; a blank beside it on the others (none if no document has one)."""
        visible = self._visible()
        if not visible:
            return None
        if self._icons is None:
            blank = QPixmap(SIZE, SIZE)
            blank.fill(Qt.transparent)
            self._icons = memo_icon(QApplication.palette().color(QPalette.Text)), QIcon(blank)
        return self._icons[0] if document_uuid in visible else self._icons[1]

    def tip(self, document_uuid: str) -> str:
        """Lines to add to the row's tooltip: each visible memo's start (nothing without memos)."""
        return "".join(f"\nMemo ({name}): {_start(text)}" for name, text in self._visible().get(document_uuid, []))


def _start(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def memo_icon(colour: QColor) -> QIcon:
    """A sheet of paper with a folded corner and three lines, in the text colour."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(colour, 1.2))
    sheet = QPainterPath()
    sheet.moveTo(3.5, 1.5)
    sheet.lineTo(9.5, 1.5)
    sheet.lineTo(12.5, 4.5)
    sheet.lineTo(12.5, 14.5)
    sheet.lineTo(3.5, 14.5)
    sheet.closeSubpath()
    painter.drawPath(sheet)
    painter.drawPolyline([QPointF(9.5, 1.5), QPointF(9.5, 4.5), QPointF(12.5, 4.5)])
    for y in (7.0, 9.5, 12.0):
        painter.drawLine(QPointF(5.5, y), QPointF(10.5, y))
    painter.end()
    return QIcon(pixmap)
