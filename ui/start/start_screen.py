"""The start screen (no project given) and the recent-projects list kept in QSettings.

The list is what was remembered, as it was remembered: nothing here touches the disk on the GUI
thread (a path on a slow or absent drive would hold the screen up), and a file that is missing
today stays listed, marked as missing, until the user removes it or tries to open it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from .recent_list import PATH_ROLE, RecentList

RECENT_KEY = "recentProjects"
RECENT_LIMIT = 10


def recent_projects() -> list[Path]:
    """Recent project paths, newest first, as remembered (missing files included; no disk access)."""
    value = QSettings().value(RECENT_KEY, []) or []
    if isinstance(value, str):
        value = [value]
    return [Path(p) for p in value if p]


def remember_project(path: Path) -> None:
    path = Path(path).resolve()
    _save([path, *[p for p in recent_projects() if p != path]][:RECENT_LIMIT])


def forget_project(path: Path) -> None:
    gone = {Path(path), Path(path).absolute(), Path(path).resolve()}   # as given, and as remembered
    _save([p for p in recent_projects() if p not in gone])


def _save(paths: list[Path]) -> None:
    settings = QSettings()
    settings.setValue(RECENT_KEY, [str(p) for p in paths])
    settings.sync()


class StartScreen(QWidget):
    """Recent projects, New, Open and the sample project. Emits what the user chose."""

    open_requested = Signal(str)      # a path; "" means "show a file dialog"
    new_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.setWindowTitle("Annotator")
        layout = QVBoxLayout(self)
        title = QLabel("<h2>Annotator</h2>Code political and media texts: highlight a passage, give it a code, "
                       "compare coders.")
        title.setWordWrap(True)
        title.setTextFormat(Qt.RichText)
        layout.addWidget(title)
        caption = QLabel("Recent projects:")
        layout.addWidget(caption)
        self.recent_list = RecentList()
        caption.setBuddy(self.recent_list)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        self.recent_list.remove_requested.connect(self._on_recent_list_remove_requested)
        layout.addWidget(self.recent_list, 1)
        buttons = QHBoxLayout()
        for text, name, handler in (("&New project…", "newProjectButton", self.new_requested.emit),
                                    ("&Open…", "openProjectButton", lambda: self.open_requested.emit("")),
                                    ("Open the &sample project", "sampleProjectButton", self.sample_requested.emit)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        self.open_recent_button = QPushButton("Open &recent")
        self.open_recent_button.setObjectName("openRecentButton")
        self.open_recent_button.clicked.connect(self._open_current)
        buttons.insertWidget(0, self.open_recent_button)
        buttons.insertStretch(1)
        layout.addLayout(buttons)
        self.reload()
        font = self.fontMetrics()
        self.resize(font.averageCharWidth() * 100, font.height() * 28)

    def reload(self) -> None:
        self.recent_list.show_paths(recent_projects())
        has_recent = self.recent_list.count() > 0
        if has_recent:
            self.recent_list.setCurrentRow(0)
        else:
            self.recent_list.addItem(QListWidgetItem("No recent projects yet. Start with the sample project."))
            self.recent_list.item(0).setFlags(Qt.NoItemFlags)
        self.open_recent_button.setEnabled(has_recent)

    def _on_recent_list_item_activated(self, item: QListWidgetItem) -> None:
        if item.data(PATH_ROLE):
            self.open_requested.emit(item.data(PATH_ROLE))

    def _on_recent_list_remove_requested(self, path: str) -> None:
        forget_project(Path(path))
        self.reload()

    def _open_current(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None and item.data(PATH_ROLE):
            self.open_requested.emit(item.data(PATH_ROLE))
