"""How much of the coding window the docks take: the text is what the window is for.

- **Defaults, relative to the window.** The first time (no layout remembered) the docks on the
  left (Documents, Codes) take ``LEFT_SHARE`` of the window's width and those on the right (Code
  Definition) ``RIGHT_SHARE``, each at most a comfortable number of characters; the Annotations
  dock ``BOTTOM_SHARE`` of the height, at most nine lines. At 1024 px the text gets about 56 %.
- **The text keeps at least half the width.** Whenever the window is shown or resized (a small
  screen, a layout remembered from a larger one), side docks that would leave the text less than
  ``MIN_TEXT_SHARE`` of the window shrink, in proportion to their widths, until it has that.
  Dragging a dock's edge inside the window is the user's choice and is left alone until then.
- **Remembered.** Dock sizes are part of the window state ``window_settings`` saves and restores.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

LEFT_SHARE, RIGHT_SHARE, BOTTOM_SHARE = 0.25, 0.18, 0.25
LEFT_CHARS, RIGHT_CHARS, BOTTOM_LINES = 54, 40, 9
MIN_TEXT_SHARE = 0.5


def side_docks(window, area) -> list[QDockWidget]:
    """The docks shown in ``area`` of ``window`` (not floating)."""
    return [d for d in window.findChildren(QDockWidget)
            if d.parent() is window and window.dockWidgetArea(d) == area and d.isVisible() and not d.isFloating()]


def apply_default_sizes(window) -> None:
    em, line = window.fontMetrics().averageCharWidth(), window.fontMetrics().height()
    width, height = window.width(), window.height()
    for area, share, chars in ((Qt.LeftDockWidgetArea, LEFT_SHARE, LEFT_CHARS),
                               (Qt.RightDockWidgetArea, RIGHT_SHARE, RIGHT_CHARS)):
        docks = side_docks(window, area)
        if docks:
            window.resizeDocks(docks[:1], [int(min(em * chars, width * share))], Qt.Horizontal)
    bottom = side_docks(window, Qt.BottomDockWidgetArea)
    if bottom:
        window.resizeDocks(bottom[:1], [int(min(line * BOTTOM_LINES, height * BOTTOM_SHARE))], Qt.Vertical)


def keep_text_wide(window) -> None:
    """Shrink the side docks, in proportion, until the text has ``MIN_TEXT_SHARE`` of the width."""
    central = window.centralWidget()
    missing = MIN_TEXT_SHARE * window.width() - central.width()
    sides = [docks[0] for docks in (side_docks(window, Qt.LeftDockWidgetArea),
                                    side_docks(window, Qt.RightDockWidgetArea)) if docks]
    widths = [d.width() for d in sides]
    if missing <= 1 or not sum(widths):
        return
    window.resizeDocks(sides, [max(1, int(w - missing * w / sum(widths))) for w in widths], Qt.Horizontal)


class DockSizes(QObject):
    """Applies the defaults on the first show (if asked) and keeps the text wide on every resize."""

    def __init__(self, window, defaults: bool):
        super().__init__(window)
        self._window, self._defaults = window, defaults
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._window and event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            if self._defaults and event.type() == QEvent.Type.Show:
                self._defaults = False
                apply_default_sizes(self._window)      # leave the text more than half by design
            else:
                keep_text_wide(self._window)
        return False
