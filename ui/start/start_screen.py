"""The start screen (no project given) and the recent-projects list kept in QSettings."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

RECENT_KEY = "recentProjects"
RECENT_LIMIT = 10


def recent_projects() -> list[Path]:
    """Recent project paths, newest first; files that no longer exist are dropped."""
    value = QSettings().value(RECENT_KEY, []) or []
    if isinstance(value, str):
        value = [value]
    paths = [Path(p) for p in value if p]
    existing = [p for p in paths if p.exists()]
    if len(existing) != len(paths):
        _save(existing)
    return existing


def remember_project(path: Path) -> None:
    path = Path(path).resolve()
    paths = [p for p in recent_projects() if p.resolve() != path]
    _save([path, *paths][:RECENT_LIMIT])


def forget_project(path: Path) -> None:
    path = Path(path).resolve()
    _save([p for p in recent_projects() if p.resolve() != path])


def _folder_text(folder: Path) -> str:
    """The folder as a person reads it: ``~/Documents/Studies`` under the home folder."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


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
        layout.addWidget(QLabel("Recent projects:"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentProjects")
        self.recent_list.setAccessibleName("Recent projects")
        self.recent_list.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.UserRole)))
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
        self.resize(font.averageCharWidth() * 80, font.height() * 24)

    def reload(self) -> None:
        self.recent_list.clear()
        for path in recent_projects():
            item = QListWidgetItem(f"{path.stem}    —    {_folder_text(path.parent)}")
            item.setData(Qt.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        has_recent = self.recent_list.count() > 0
        if has_recent:
            self.recent_list.setCurrentRow(0)
        else:
            self.recent_list.addItem(QListWidgetItem("No recent projects yet. Start with the sample project."))
            self.recent_list.item(0).setFlags(Qt.NoItemFlags)
        self.open_recent_button.setEnabled(has_recent)

    def _open_current(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None and item.data(Qt.UserRole):
            self.open_requested.emit(item.data(Qt.UserRole))
