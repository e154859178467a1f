"""What the tests of the analysis windows (Code Frequencies, Co-occurrence, Coded Segments) share:
the coding window on a study, and waiting for a window to fill again after a change."""
from __future__ import annotations

from contextlib import contextmanager

from annotator import Project
from ui.shared.jobs import wait_for_jobs


@contextmanager
def coding_window(qtbot, path):
    """The coding window on the study at ``path``, coding as Ana; the study is closed afterwards."""
    from ui.coding.main_window import MainWindow
    from ui.shared.session import Session

    project = Project.open(path)
    window = MainWindow(Session(project), coder="Ana")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    wait_for_jobs()
    project.close()


def refilled(qtbot, view, change):
    """Do ``change`` and wait until ``view`` has filled again."""
    with qtbot.waitSignal(view.filled, timeout=20000):
        change()
