"""The project file's damage check (SQLite's ``quick_check``, then every document's text
against its SHA-256: ``store.check_file``), run off the GUI thread right after a project
opens: on a large file read from disk it takes seconds. The result is handed to the
window's store, so the first change made in the window does not check again; a damaged file
is reported at once, and the core refuses every change to it (``Store.check_intact``). A
change made before the check ends checks the file itself, on the GUI thread.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.store import Damage, damaged_message

from ..shared.jobs import BackgroundJob


def _check(project, progress, cancelled) -> Optional[Damage]:
    return project.check_file()


def check_in_background(window) -> BackgroundJob:
    """Check ``window``'s project file on a worker thread; warn in the window if it is damaged."""
    job = BackgroundJob(window.project.path, _check, window, "fileCheckThread",
                        "The check of the project file stopped unexpectedly")
    job.finished.connect(lambda finding: _on_checked(window, finding))
    window.closed.connect(job.stop)
    window.file_check = job
    job.start()
    return job


def _on_checked(window, finding: Optional[Damage]) -> None:
    store = window.project.store
    store.record_check(finding)
    if finding is None or not window.isVisible():
        return
    box = QMessageBox(QMessageBox.Warning, "The project file is damaged",
                      damaged_message(store.path.name, finding, "no change will be saved to it"),
                      QMessageBox.Ok, window)
    box.setObjectName("damagedProject")
    box.setAttribute(Qt.WA_DeleteOnClose)
    window.damaged_message = box
    box.open()
