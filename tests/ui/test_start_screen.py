"""The start screen's recent projects (issue 14, item 12): when each last changed, its documents and
annotations, a missing file marked (and kept until removed), a damaged or foreign file saying so;
read off the GUI thread, read-only, and the file left byte for byte as it was."""
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from annotator import Project
from annotator.migrations import SCHEMA_VERSION
from ui.start import recent_list
from ui.start.recent_details import MISSING, OLDER, UNFINISHED, read_details
from ui.start.recent_list import DETAILS_ROLE, PATH_ROLE
from ui.start.start_screen import StartScreen, forget_project, recent_projects, remember_project


def fingerprint(*paths: Path) -> list:
    return [(hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) if p.exists() else None
            for p in paths]


def shown(screen) -> dict:
    """Stem -> (details, the line a screen reader reads) once every line has its details."""
    items = [screen.recent_list.item(i) for i in range(screen.recent_list.count())]
    return {Path(i.data(PATH_ROLE)).stem: (i.data(DETAILS_ROLE), i.data(Qt.AccessibleTextRole)) for i in items}


def open_screen(qtbot) -> StartScreen:
    screen = StartScreen()
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: all(d is not None for d, _ in shown(screen).values()))
    return screen


def set_user_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_recent_projects_show_the_last_change_the_counts_and_a_missing_file(qtbot, qt_settings, sample_path,
                                                                            tmp_path):
    foreign = tmp_path / "notes.annot"
    foreign.write_bytes(b"these are my notes, not a project\n" * 10)
    gone = tmp_path / "gone.annot"
    for path in (gone, foreign, sample_path):
        remember_project(path)
    screen = open_screen(qtbot)
    lines = shown(screen)
    assert list(lines) == ["s", "notes", "gone"]                 # newest first; the missing one kept
    with Project.open(sample_path) as project:
        counts = project.count_documents(), project.count_annotations()
    details, line = lines["s"]
    assert (details.documents, details.annotations) == counts and counts[0] == 6 and counts[1] > 100
    assert details.modified == sample_path.stat().st_mtime and not details.missing and not details.problem
    assert "changed today" in line and f"{counts[0]} documents" in line and f"{counts[1]:,} annotations" in line
    details, line = lines["gone"]
    assert details.missing and MISSING in line and "⚠" in line
    details, line = lines["notes"]
    assert "not an annotator project" in details.problem and "⚠" in line
    assert recent_projects() == [sample_path.resolve(), foreign.resolve(), gone.resolve()]


def test_reading_a_recent_project_leaves_it_byte_for_byte_as_it_was(sample_path, tmp_path):
    newer, older = tmp_path / "newer.annot", tmp_path / "older.annot"
    for copy, version in ((newer, SCHEMA_VERSION + 1), (older, SCHEMA_VERSION - 1)):
        copy.write_bytes(sample_path.read_bytes())
        set_user_version(copy, version)
    interrupted = tmp_path / "interrupted.annot"
    interrupted.write_bytes(sample_path.read_bytes())
    subprocess.run([sys.executable, "-c", (        # a writer that stops mid-transaction leaves a hot journal
        "import os, sqlite3\n"
        f"conn = sqlite3.connect({str(interrupted)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 1'); conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"UPDATE documents SET attributes = '{\\\"x\\\": \\\"' || hex(randomblob(2000)) || '\\\"}'\")\n"
        "os._exit(0)\n")], check=True)
    journal = Path(f"{interrupted}-journal")
    assert journal.stat().st_size > 0
    files = (sample_path, newer, older, interrupted, journal)
    before = fingerprint(*files)
    found = {p.stem: read_details(p) for p in (sample_path, newer, older, interrupted)}
    assert fingerprint(*files) == before and not Path(f"{sample_path}-journal").exists()
    assert found["s"].documents == 6
    assert "newer version" in found["newer"].problem and found["newer"].documents is None
    assert found["older"].note == OLDER and found["interrupted"].note == UNFINISHED
    assert found["interrupted"].documents is None


def test_the_details_are_read_off_the_gui_thread(qtbot, qt_settings, sample_path, monkeypatch):
    """A slow drive holds up its own line, never the screen."""
    release, readers = threading.Event(), []

    def slow_read(path):
        readers.append(threading.current_thread())
        release.wait(10)
        return read_details(path)

    monkeypatch.setattr(recent_list, "read_details", slow_read)
    remember_project(sample_path)
    screen = StartScreen()                                     # returns while the file is being read
    qtbot.addWidget(screen)
    details, line = shown(screen)["s"]
    assert details is None and line.endswith("reading…") and screen.open_recent_button.isEnabled()
    with qtbot.waitSignal(screen.recent_list.details_shown, timeout=10000) as blocker:
        release.set()
    assert blocker.args == [str(sample_path.resolve())]
    assert readers and readers[0] is not threading.main_thread()
    assert shown(screen)["s"][0].documents == 6


def test_a_missing_project_is_removed_from_the_list_only_when_asked(qtbot, qt_settings, sample_path, tmp_path):
    gone = tmp_path / "gone.annot"
    remember_project(gone)
    remember_project(sample_path)
    screen = open_screen(qtbot)
    assert recent_projects() == [sample_path.resolve(), gone.resolve()]     # not dropped for being missing
    screen.recent_list.setCurrentRow(1)
    screen.recent_list.setFocus()
    qtbot.keyClick(screen.recent_list, Qt.Key_Delete)
    assert recent_projects() == [sample_path.resolve()] and screen.recent_list.count() == 1
    forget_project(sample_path)
    assert recent_projects() == []
