"""Fixtures of the UI tests: settings in a temp dir, the sample project, its session and main window,
a blank project for the text view, and the app's window manager."""
from __future__ import annotations

import pytest


@pytest.fixture
def sample_path(tmp_path):
    """A fresh sample project file (closed), built from the bundled corpus."""
    from annotator.sample import build_sample_project

    path = tmp_path / "s.annot"
    build_sample_project(path).close()
    return path


@pytest.fixture
def sample_project(sample_path):
    from annotator import Project

    project = Project.open(sample_path)
    yield project
    project.close()


@pytest.fixture
def qt_settings(qapp, tmp_path_factory, monkeypatch):
    """QSettings and QStandardPaths in test locations, fresh for each test."""
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("AnnotatorTests")
    QCoreApplication.setApplicationName("AnnotatorTests")
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(folder))
    QSettings().clear()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    return folder


@pytest.fixture
def session(sample_project, qt_settings):
    from ui.shared.session import Session

    return Session(sample_project)


@pytest.fixture
def window(qtbot, session):
    """The real main window on the sample project, coding as Ana (blind: only her layer)."""
    from ui.coding.main_window import MainWindow

    window = MainWindow(session, coder="Ana")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    yield window
    if window.import_job is not None:
        window.import_job.cancel()
        window.import_job.thread.quit()
        window.import_job.thread.wait()


@pytest.fixture
def text_project(tmp_path):
    """A new, empty project (default scheme) for the text-view tests."""
    from annotator import Project

    project = Project.create(tmp_path / "p.annot")
    yield project
    project.close()


@pytest.fixture
def manager(qt_settings, qtbot):
    """The app's window manager; its windows and start screen are closed afterwards."""
    from ui.app import WindowManager

    manager = WindowManager()
    yield manager
    for window in list(manager.windows):
        window.close()
    if manager.start_screen is not None:
        manager.start_screen.close()
