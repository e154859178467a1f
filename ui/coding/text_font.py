"""View › Font…: the document text's font, chosen in Qt's font dialog and remembered.

The family and style are remembered in ``QSettings`` (``view/textFont``) when chosen; the size
is the zoom level, remembered with the window (``view/textPointSize``), so Zoom In/Out and
Actual Size keep the family. Only the text view uses it: lists and menus keep the system font.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFontDialog

KEY = "view/textFont"


def ask_font(parent, current: QFont) -> Optional[QFont]:
    """The font chosen in the dialog, or None if it was cancelled."""
    ok, font = QFontDialog.getFont(current, parent, "Font of the Text")
    return QFont(font) if ok else None


def remember_font(font: QFont) -> None:
    QSettings().setValue(KEY, font.toString())


def remembered_font(size: float) -> Optional[QFont]:
    """The font last chosen, at ``size`` points; None if none was (or it cannot be read)."""
    described = QSettings().value(KEY, "")
    font = QFont()
    if not isinstance(described, str) or not described or not font.fromString(described):
        return None
    font.setPointSizeF(size)
    return font
