"""Opening projects: start screen, errors in plain words, the first coder, settings that persist."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QPushButton

from annotator import Project
from ui.shared import dialogs
from ui.start.start_screen import StartScreen, recent_projects


@pytest.fixture
def message_boxes(monkeypatch):
    """Message boxes are recorded instead of blocking the test."""
    shown = []

    def fake_exec(box):
        shown.append(box.text())
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_opening_a_file_that_is_not_a_project_shows_a_plain_message(manager, message_boxes, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n", encoding="utf-8")
    assert manager.open(notes) is None
    assert len(message_boxes) == 1
    message = message_boxes[0]
    assert "notes.txt" in message and "not an annotator project" in message and "Traceback" not in message
    assert manager.windows == []


def test_opening_a_missing_file_shows_a_message(manager, message_boxes, tmp_path):
    assert manager.open(tmp_path / "gone.annot") is None
    assert message_boxes and "Traceback" not in message_boxes[0]


def test_opening_a_project_remembers_it_and_the_window_geometry(manager, qtbot, sample_path):
    window = manager.open(sample_path, coder="Ana")
    assert window is not None and window.isVisible()
    assert recent_projects()[0] == sample_path.resolve()
    window.resize(QSize(700, 500))
    window.close()
    assert QSettings().value("mainWindow/geometry") is not None
    again = manager.open(sample_path, coder="Ana")
    assert again.size() == QSize(700, 500)
    assert again.session.coder_id == again.project.coder("Ana").id


def test_opening_a_project_loads_its_text_services_off_the_gui_thread(manager, qtbot, sample_path, monkeypatch):
    import annotator.nlp as nlp

    monkeypatch.setattr(nlp, "_services", {})          # as in a fresh process: nothing loaded yet
    window = manager.open(sample_path, coder="Ana")
    job = window.text_services_job
    assert job.thread.objectName() == "textServicesThread"
    failures = []
    job.failed.connect(failures.append)
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    loaded = nlp._services[("en", None)]
    assert failures == [] and window.project.text_services() is loaded   # the window's first use: the same


def test_a_project_without_coders_asks_who_is_coding(manager, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "new.annot"
    Project.create(path).close()
    asked = []
    monkeypatch.setattr(dialogs, "ask_coder_name", lambda parent, existing, first=False: asked.append(first) or "Zoe")
    window = manager.open(path)
    assert asked == [True]
    assert window.project.coder(window.session.coder_id).name == "Zoe"
    assert window.coder_selector.currentText() == "Zoe"
    assert "No documents yet" in window.findChild(QPlainTextEdit, "textView").placeholderText()


def test_coding_as_a_placeholder_name_asks_first(manager, qtbot, monkeypatch, sample_path):
    window = manager.open(sample_path, coder="Coder")
    qtbot.waitUntil(window.isActiveWindow)        # shortcuts go to the active window
    view = window.findChild(QPlainTextEdit, "textView")
    answers = [QMessageBox.No, QMessageBox.Yes]
    questions = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: questions.append(args[2]) or answers.pop(0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Home, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(view, Qt.Key_1)                      # refused: nothing coded
    assert window.project.annotations(coder="Coder") == [], questions
    assert questions
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)                  # confirmed
    qtbot.keyClick(view, Qt.Key_2)                      # asked once per coder
    assert len(questions) == 2 and "placeholder" in questions[0]
    assert len(window.project.annotations(coder="Coder")) == 2


def test_start_screen_lists_recent_projects_and_opens_the_sample(manager, qtbot, sample_path):
    from ui.start.start_screen import remember_project

    remember_project(sample_path)
    screen = manager.show_start_screen()
    assert isinstance(screen, StartScreen)
    assert screen.recent_list.item(0).data(Qt.UserRole) == str(sample_path.resolve())
    button = screen.findChild(QPushButton, "sampleProjectButton")
    button.click()                                       # a fresh copy in the (test) data folder
    assert len(manager.windows) == 1
    window = manager.windows[0]
    assert window.project.name == "Sample study" and str(window.project.path) != str(sample_path)


def test_coder_name_dialog_refuses_taken_names_and_flags_placeholders(qtbot):
    dialog = dialogs.CoderNameDialog(["Ana", "\u00c5sa"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "ana")
    assert not ok.isEnabled() and "already" in dialog.problem.text()
    dialog.name_edit.setText("A\u030asa")          # "Åsa" decomposed: the same name (as `coders --add` counts it)
    assert not ok.isEnabled() and "already" in dialog.problem.text()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Coder")
    assert ok.isEnabled() and "placeholder" in dialog.problem.text()
    assert dialogs.is_placeholder_name("  coder ") and not dialogs.is_placeholder_name("Ana Silva")


_RUN_APP = """
import json, sys
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication
QStandardPaths.setTestModeEnabled(True)
QSettings.setDefaultFormat(QSettings.IniFormat)
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[2])
from ui import app as app_module
from ui.app import WindowManager
opened = []
original = WindowManager.open
def open_and_quit(self, path="", coder=None, ask_coder=True):
    window = original(self, path, coder="Ana")
    QTimer.singleShot(0, lambda: (opened.append(window.windowTitle()), window.close(), QApplication.quit()))
    return window
WindowManager.open = open_and_quit
status = app_module.run_app(sys.argv[1])
print(json.dumps({"status": status, "opened": opened, "organisation": QApplication.organizationName()}))
"""


def test_run_app_opens_the_window_and_returns_when_it_quits(sample_path, tmp_path):
    # In its own process: once QApplication.exec() has returned, Qt runs no more timers in that
    # process, which would break every later test that waits for one.
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from ui import app as app_module

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _RUN_APP, str(sample_path), str(tmp_path / "settings")],
                          capture_output=True, text=True, env=env, cwd=root, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    assert result["opened"] and result["opened"][0].endswith("Sample study — Annotator")
    assert result["organisation"] == app_module.ORGANISATION
