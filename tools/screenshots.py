"""Render the coding window offscreen on the sample project: light, dark and small.

    python tools/screenshots.py [--out docs/screenshots]

Writes light.png (1280x800), dark.png (1280x800, other coders shown), small.png (1024x700),
small-dark.png (1024x700, other coders shown) and start.png (the start screen with three recent
projects). Settings and data go
to temporary folders, so your own are untouched.
Look at the pictures before calling a screen done.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHOTS = (("light", "light", (1280, 800), False), ("dark", "dark", (1280, 800), True),
         ("small", "light", (1024, 700), False), ("small-dark", "dark", (1024, 700), True))


def render(out: Path) -> list[Path]:
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from annotator.sample import build_sample_project
    from ui.app import make_application
    from ui.coding.main_window import MainWindow
    from ui.shared.session import Session
    from ui.shared.theme import apply_scheme

    QStandardPaths.setTestModeEnabled(True)
    app = make_application([sys.argv[0]])
    written = []
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setDefaultFormat(QSettings.IniFormat)
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, folder)
        project = build_sample_project(Path(folder) / "sample.annot")
        try:
            for name, scheme, (width, height), others in SHOTS:
                QSettings().clear()
                apply_scheme(app, scheme)
                session = Session(project)
                window = MainWindow(session, coder="Ana")
                window.resize(width, height)        # the size it opens at: docks are sized to it
                window.show()
                session.set_show_other_coders(others)
                rows = window.annotation_table.annotation_model
                if rows.rowCount() > 2:
                    window.session.select_annotation(rows.annotation(2).uuid)
                window.text_view.verticalScrollBar().setValue(0)
                for _ in range(5):
                    QApplication.processEvents()
                path = out / f"{name}.png"
                window.grab().save(str(path))
                written.append(path)
                window.close()
                window.deleteLater()
                session.deleteLater()
                QApplication.processEvents()
            written.append(render_start_screen(out, Path(folder)))
        finally:
            project.close()
    return written


def render_start_screen(out: Path, folder: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    from ui.shared.theme import apply_scheme
    from ui.start.start_screen import StartScreen, remember_project

    apply_scheme(QApplication.instance(), "light")
    home = folder / "home"
    studies = home / "Documents" / "Studies"
    studies.mkdir(parents=True)
    names = ("Budget debate.annot", "Party manifestos 2024.annot", "Sample study.annot")
    for name in names:
        (studies / name).write_bytes(b"")      # listed only: recent projects must exist on disk
        remember_project(studies / name)
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)             # folders show as ~/Documents/Studies
    try:
        screen = StartScreen()
    finally:
        if old_home is not None:
            os.environ["HOME"] = old_home
    screen.show()
    for _ in range(5):
        QApplication.processEvents()
    path = out / "start.png"
    screen.grab().save(str(path))
    screen.close()
    screen.deleteLater()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in render(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
