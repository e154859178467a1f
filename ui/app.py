"""Start the desktop app: ``run_app(path_or_None) -> exit status``.

With no path the start screen offers recent projects, New, Open and the sample project;
with a path the coding window opens directly. A file that cannot be opened (not a project,
damaged, from a newer version) is explained in a message box, never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication

from annotator.errors import AnnotatorError

from .shared import dialogs
from .shared.theme import follow_system_scheme, readable_font
from .start.start_screen import StartScreen, forget_project, remember_project

ORGANISATION = "Annotator"
ORGANISATION_DOMAIN = "annotator.invalid"
APPLICATION = "Annotator"


def make_application(argv: Optional[list] = None) -> QApplication:
    """The QApplication with names (for QSettings), palette and font; reused if it exists."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("annotator")
    app.setFont(readable_font())
    follow_system_scheme(app)
    return app


class WindowManager(QObject):
    """Owns the open windows: the start screen and one coding window per open project."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.windows: list = []
        self.start_screen: Optional[StartScreen] = None

    # entry points
    def show_start_screen(self) -> StartScreen:
        if self.start_screen is None:
            screen = StartScreen()
            screen.open_requested.connect(self.open)
            screen.new_requested.connect(self.new_project)
            screen.sample_requested.connect(self.open_sample)
            self.start_screen = screen
        self.start_screen.reload()
        self.start_screen.show()
        self.start_screen.raise_()
        return self.start_screen

    def open(self, path: str | Path = "", coder: Optional[str] = None, ask_coder: bool = True):
        """Open ``path`` (or ask for one) in a coding window; None if it could not be opened."""
        parent = self._dialog_parent()
        if not path:
            chosen = dialogs.choose_project_to_open(parent)
            if chosen is None:
                return None
            path = chosen
        return self._open_window(Path(path), parent, coder, ask_coder, create=False)

    def new_project(self):
        parent = self._dialog_parent()
        path = dialogs.choose_new_project_path(parent)
        return None if path is None else self._open_window(path, parent, None, True, create=True)

    def open_sample(self):
        from annotator.sample import ensure_demo_project

        try:
            path = ensure_demo_project()
        except AnnotatorError as error:
            dialogs.show_error(self._dialog_parent(), str(error))
            return None
        return self.open(path)

    # helpers
    def _dialog_parent(self):
        if self.windows:
            return self.windows[-1]
        return self.start_screen if self.start_screen is not None and self.start_screen.isVisible() else None

    def _open_window(self, path: Path, parent, coder, ask_coder: bool, create: bool):
        from annotator import Project

        from .coding.main_window import MainWindow
        from .coding.warm_up import warm_text_services
        from .shared.session import Session
        from .start.file_check import check_in_background

        for window in self.windows:
            if window.project.path.resolve() == path.resolve():
                window.raise_()
                window.activateWindow()
                return window
        try:
            project = Project.create(path) if create else Project.open(path)
        except AnnotatorError as error:
            if not create and not path.exists():
                forget_project(path)
            dialogs.show_error(parent, str(error), "Cannot open the project")
            return None
        except Exception as error:  # a bug or an OS problem: still plain words, no traceback
            dialogs.show_error(parent, f"{path.name} could not be opened ({type(error).__name__}: {error}).",
                               "Cannot open the project")
            return None
        session = Session(project)
        window = MainWindow(session, coder=coder, ask_coder=ask_coder)
        session.setParent(window)
        window.open_project_requested.connect(self.open)
        window.new_project_requested.connect(self.new_project)
        window.start_screen_requested.connect(self.show_start_screen)
        window.closed.connect(lambda w=window: self._on_window_closed(w))
        self.windows.append(window)
        remember_project(project.path)
        window.show()
        window.activateWindow()
        check_in_background(window)
        warm_text_services(window)
        if self.start_screen is not None:
            self.start_screen.close()
        return window

    def _on_window_closed(self, window) -> None:
        if window in self.windows:
            self.windows.remove(window)
            window.session.project.close()
            window.deleteLater()


def run_app(project_path=None) -> int:
    app = make_application()
    manager = WindowManager(app)
    if not project_path or manager.open(project_path) is None:
        manager.show_start_screen()
    return app.exec()
