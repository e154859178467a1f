"""Print the README's keyboard-shortcut table, read from the coding window's actions.

    python tools/shortcuts_table.py

Paste the output between the ``shortcuts`` markers in README.md; a test fails when they
differ. Code keys (1, 2, … from the coding scheme) are left out: they belong to each project.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def table() -> str:
    from PySide6.QtCore import QSettings, QStandardPaths

    from annotator import Project
    from ui.app import make_application
    from ui.coding.main_window import MainWindow
    from ui.shared.actions import markdown_table
    from ui.shared.session import Session

    QStandardPaths.setTestModeEnabled(True)
    make_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setDefaultFormat(QSettings.IniFormat)
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, folder)
        with Project.create(Path(folder) / "empty.annot") as project:
            window = MainWindow(Session(project), coder="Ana")
            text = markdown_table(window.shortcut_rows(codes=False))
            window.close()
            window.deleteLater()
    return text


if __name__ == "__main__":
    sys.stdout.write(table())
