"""The start screen's list of recent projects: each a name over a line of details.

The details (``recent_details.read_details``) are read on plain worker threads, one per file,
so one slow or hung drive delays only its own line; results come back through a queue that a
timer on the GUI thread empties (no Qt object is touched off the GUI thread, and a screen closed
meanwhile just never reads the queue again). Until its details arrive a line shows the folder
and "reading…". A missing file stays listed, marked, until the user removes it (Delete, or the
context menu): a drive that is not connected today is no reason to forget a project.
"""
from __future__ import annotations

import queue
import threading
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate

from ..shared.theme import is_dark
from .recent_details import RecentDetails, read_details, summary

PATH_ROLE = Qt.UserRole
DETAILS_ROLE = Qt.UserRole + 1          # the RecentDetails, once read
_WARNING = {False: "#a3211a", True: "#ff8a80"}


def folder_text(folder: Path) -> str:
    """The folder as a person reads it: ``~/Documents/Studies`` under the home folder."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


def details_line(path: Path, details) -> str:
    """The second line: the folder, then the details (or "reading…" until they come)."""
    return f"{folder_text(path.parent)} · " + (summary(details) if details is not None else "reading…")


class RecentDelegate(QStyledItemDelegate):
    """The name in bold over the details line in a quieter colour (a warning colour, with ⚠, for a
    missing or unreadable file: the sign says it without the colour)."""

    def sizeHint(self, option, index) -> QSize:
        height = option.fontMetrics.lineSpacing() * 2 + option.fontMetrics.height() // 2 + 4
        return QSize(super().sizeHint(option, index).width(), height)

    def paint(self, painter, option, index) -> None:
        if not index.data(PATH_ROLE):          # "No recent projects yet"
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.CE_ItemViewItem, option, painter, widget)
        path, details = Path(index.data(PATH_ROLE)), index.data(DETAILS_ROLE)
        selected = bool(option.state & QStyle.State_Selected)
        rect = option.rect.adjusted(6, 2, -6, -2)
        line = option.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        top = QRect(rect.left(), rect.top() + line // 4, rect.width(), line)
        painter.drawText(top, Qt.AlignLeft | Qt.AlignVCenter, painter.fontMetrics().elidedText(
            path.stem, Qt.ElideRight, rect.width()))
        painter.setFont(option.font)
        painter.setPen(self._quiet(option.palette, details, selected))
        text = option.fontMetrics.elidedText(details_line(path, details), Qt.ElideRight, rect.width())
        painter.drawText(top.translated(0, line), Qt.AlignLeft | Qt.AlignVCenter, text)
        painter.restore()

    @staticmethod
    def _quiet(palette: QPalette, details, selected: bool) -> QColor:
        if selected:
            return palette.color(QPalette.HighlightedText)
        if details is not None and (details.missing or details.problem):
            return QColor(_WARNING[is_dark(palette)])
        return palette.color(QPalette.PlaceholderText)


class RecentList(QListWidget):
    """Recent project paths, newest first, with their details read in the background."""

    details_shown = Signal(str)        # a path whose details are now shown
    remove_requested = Signal(str)     # the user asked to take a path off the list

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recentProjects")
        self.setAccessibleName("Recent projects")
        self.setItemDelegate(RecentDelegate(self))
        self.setUniformItemSizes(True)
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._generation = 0
        self._pending: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._on_timer_timeout)
        remove = QAction("Remove from List", self)
        remove.setShortcut(QKeySequence.Delete)
        remove.setShortcutContext(Qt.WidgetShortcut)
        remove.triggered.connect(self._remove_current)
        self.addAction(remove)
        self.setContextMenuPolicy(Qt.ActionsContextMenu)

    def show_paths(self, paths: list[Path]) -> None:
        """List ``paths`` and start reading their details (earlier reads are ignored when they end)."""
        self.clear()
        self._generation += 1
        self._pending = {str(p) for p in paths}
        for path in paths:
            item = QListWidgetItem(path.stem)
            item.setData(PATH_ROLE, str(path))
            self._describe(item, None)
            self.addItem(item)
            threading.Thread(target=self._read, args=(self._generation, path), name="recentDetails",
                             daemon=True).start()
        if paths:
            self._timer.start()

    def _read(self, generation: int, path: Path) -> None:     # on a worker thread: no Qt here
        self._results.put((generation, read_details(path)))

    def _on_timer_timeout(self) -> None:
        while True:
            try:
                generation, details = self._results.get_nowait()
            except queue.Empty:
                break
            if generation == self._generation:
                self._show(details)
        if not self._pending:
            self._timer.stop()

    def _show(self, details: RecentDetails) -> None:
        key = str(details.path)
        self._pending.discard(key)
        item = next((self.item(i) for i in range(self.count()) if self.item(i).data(PATH_ROLE) == key), None)
        if item is not None:
            self._describe(item, details)
            self.details_shown.emit(key)

    def _describe(self, item: QListWidgetItem, details) -> None:
        path = Path(item.data(PATH_ROLE))
        item.setData(DETAILS_ROLE, details)
        line = details_line(path, details)
        item.setToolTip(f"{path}\n{line}")
        item.setData(Qt.AccessibleTextRole, f"{path.stem}. {line}")

    def _remove_current(self) -> None:
        item = self.currentItem()
        if item is not None and item.data(PATH_ROLE):
            self.remove_requested.emit(item.data(PATH_ROLE))
