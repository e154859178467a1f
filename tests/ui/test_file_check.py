"""The app checks a project file off the GUI thread right after opening it: a damaged file
is reported at once and never written; an intact one is not checked again on the first change."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator import store
from annotator.commands import AddAnnotation
from helpers import damage
from ui.app import WindowManager


@pytest.fixture
def manager(qt_settings, qtbot):
    manager = WindowManager()
    yield manager
    for window in list(manager.windows):
        window.close()


def opened(manager, qtbot, path, monkeypatch):
    """Open ``path`` as Ana; return the window once its file check has ended, and the checks
    the GUI thread ran itself."""
    on_gui_thread = []
    real = store.quick_check

    def spy(conn, schema="main"):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(schema)
        return real(conn, schema)

    monkeypatch.setattr(store, "quick_check", spy)
    window = manager.open(path, coder="Ana")
    with qtbot.waitSignal(window.file_check.finished, timeout=30000):
        pass
    return window, on_gui_thread


def add(window):
    project = window.session.project
    doc, ana, claim = project.documents()[0], project.coder("Ana"), project.code("claim")
    return window.session.push(AddAnnotation(doc.id, ana.id, claim.id, 0, 5))


def test_a_damaged_project_is_reported_on_opening_and_never_written(manager, qtbot, sample_path, monkeypatch):
    damage(sample_path)
    before = sample_path.read_bytes()
    window, on_gui_thread = opened(manager, qtbot, sample_path, monkeypatch)
    box = window.findChild(QMessageBox, "damagedProject")
    assert box is not None and box.isVisible()
    assert "s.annot is damaged (SQLite's check found:" in box.text() and "Save a Copy" in box.text()
    errors = []
    window.session.error_raised.connect(errors.append)
    assert add(window) is False and "is damaged" in errors[0]
    assert sample_path.read_bytes() == before and on_gui_thread == []
    box.close()


def test_an_intact_project_is_not_checked_again_on_the_gui_thread(manager, qtbot, sample_path, monkeypatch):
    window, on_gui_thread = opened(manager, qtbot, sample_path, monkeypatch)
    assert window.findChild(QMessageBox, "damagedProject") is None
    assert add(window) is True and on_gui_thread == []
