"""Render the coding window offscreen on the sample project: light, dark and small.

    python tools/screenshots.py [--out docs/screenshots]

Writes light.png (1280x800), dark.png (1280x800, other coders shown), small.png (1024x700),
small-dark.png (1024x700, other coders shown), start.png (the start screen with three recent
projects), the tool windows, and trend.png / trend-dark.png (Trend… on four rounds, 1024x700). Settings and data go
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
        finally:
            project.close()
    return written


def render_windows(out: Path) -> list[Path]:
    """The start screen and the tool windows on the sample project, light, at 1280x800: start.png,
    agreement.png (Per code), adjudication.png (a few segments decided) and codebook.png."""
    from PySide6.QtCore import QSettings, QStandardPaths

    from annotator.sample import build_sample_project
    from ui.app import make_application
    from ui.shared.theme import apply_scheme

    QStandardPaths.setTestModeEnabled(True)
    app = make_application([sys.argv[0]])
    apply_scheme(app, "light")
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setDefaultFormat(QSettings.IniFormat)
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, folder)
        QSettings().clear()
        sample = Path(folder) / "sample.annot"
        build_sample_project(sample).close()
        written = [render_start_screen(out, Path(folder), sample)]
        written += render_tool_windows(out, sample)
        written += render_trend(out, app, sample, Path(folder))
    return written


def _code_package(path, coder: str, shift: int) -> None:
    from annotator import Project

    with Project.open(path) as package:
        for i, doc in enumerate(package.documents()):
            package.annotate(doc, 0, 12 + (i * shift) % 5, "claim", coder)
            package.annotate(doc, 20, 40 + shift, "attack", coder)
            package.set_status(doc, coder, "done")


def _four_rounds(project, folder: Path) -> None:
    """pilot and "main revised codebook" (reliability), training (Cara against gold), again (Ana re-tested)."""
    from annotator.adjudication import AcceptAnnotation
    from annotator.merging import merge
    from annotator.rounds import make_round

    for name, seed, coders in (("pilot", 4, ["Cleo", "Dev"]), ("main revised codebook", 5, ["Eli", "Fay"])):
        made = make_round(project, name, folder / name, coders, sample=3, seed=seed)   # new coders code afresh
        for coder, path in made.packages:
            _code_package(path, coder, 3 if coder == coders[1] else 0)
        merge(project, [path for _, path in made.packages])
        if name == "pilot":
            for a in project.annotations(coder="Ana")[:4]:
                project.apply(AcceptAnnotation(a.uuid))
            made = make_round(project, "training", folder / "training", ["Cara"], sample=1, seed=0,
                              kind="calibration")
            _code_package(made.packages[0][1], "Cara", 2)
            merge(project, [made.packages[0][1]])
    made = make_round(project, "again", folder / "again", ["Ana"], sample=2, seed=0, kind="retest")
    _code_package(made.packages[0][1], made.packages[0][0], 1)
    merge(project, [made.packages[0][1]])


def render_trend(out: Path, app, sample: Path, folder: Path) -> list[Path]:
    """The Trend… window on a copy of the sample project with four rounds, light and dark, 1024x700."""
    import shutil

    from annotator import Project
    from ui.agreement.trend_view import TrendWindow
    from ui.shared.session import Session
    from ui.shared.theme import apply_scheme

    shutil.copyfile(sample, folder / "rounds.annot")
    written = []
    with Project.open(folder / "rounds.annot") as project:
        (folder / "rounds").mkdir()
        _four_rounds(project, folder / "rounds")
        session = Session(project)
        for scheme, name in (("light", "trend.png"), ("dark", "trend-dark.png")):
            apply_scheme(app, scheme)
            window = TrendWindow(session, 1000)
            window.resize(1024, 700)
            window.show()
            done = []
            window.shown.connect(done.append)
            window.compute(seed=7)
            _settle(lambda: bool(done), seconds=120)
            written.append(_grab(window, out / name))
        apply_scheme(app, "light")
    return written


def render_start_screen(out: Path, folder: Path, sample: Path) -> Path:
    """Three recent copies of the sample project and one that has gone missing, under ~/."""
    import shutil

    from ui.start.recent_list import DETAILS_ROLE
    from ui.start.start_screen import StartScreen, remember_project

    studies = folder / "home" / "Documents" / "Studies"
    studies.mkdir(parents=True)
    for name in ("Regional press 2023.annot", "Budget debate.annot", "Party manifestos 2024.annot",
                 "Sample study.annot"):
        shutil.copyfile(sample, studies / name)
        remember_project(studies / name)
    (studies / "Regional press 2023.annot").unlink()          # shown as missing
    for name, days in (("Budget debate.annot", 1), ("Party manifestos 2024.annot", 40)):
        when = (studies / name).stat().st_mtime - days * 86400
        os.utime(studies / name, (when, when))
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(folder / "home")                 # folders show as ~/Documents/Studies
    try:
        screen = StartScreen()
        screen.show()
        _settle(lambda: all(screen.recent_list.item(i).data(DETAILS_ROLE) is not None
                            for i in range(screen.recent_list.count())))
        return _grab(screen, out / "start.png")
    finally:
        if old_home is not None:
            os.environ["HOME"] = old_home


def render_tool_windows(out: Path, sample: Path) -> list[Path]:
    from annotator import Project
    from ui.adjudication.adjudication_view import AdjudicationView
    from ui.agreement.agreement_window import AgreementWindow
    from ui.codebook.codebook_editor import CodebookEditor
    from ui.shared.session import Session

    project = Project.open(sample)
    try:
        session = Session(project)
        agreement = AgreementWindow(session)
        agreement.resize(1280, 800)
        agreement.show()
        done = []
        agreement.computed.connect(done.append)
        agreement.compute(seed=7)
        _settle(lambda: bool(done), seconds=60)
        agreement.tabs.setCurrentIndex(1)                      # Per code
        written = [_grab(agreement, out / "agreement.png")]
        session.select_document(project.documents()[0].id)
        adjudication = AdjudicationView(session)
        adjudication.resize(1280, 800)
        adjudication.show()
        adjudication.accept_all()
        adjudication.select_row(0)
        written.append(_grab(adjudication, out / "adjudication.png"))
        editor = CodebookEditor(session)
        editor.resize(1000, 640)
        editor.show()
        editor.select_code(project.codes()[0].uuid)
        written.append(_grab(editor, out / "codebook.png"))
        session.undo()                                         # the sample file stays as it was built
    finally:
        project.close()
    return written


def _settle(done=lambda: True, seconds: float = 10) -> None:
    """Process events until ``done()`` (or ``seconds`` pass), then a few more for the layout."""
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def _grab(widget, path: Path) -> Path:
    _settle()
    widget.grab().save(str(path))
    widget.close()
    widget.deleteLater()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    parser.add_argument("--only", choices=("coding", "windows"),
                        help="only the coding window's pictures, or only the start screen's and the tool windows'")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    paths = ([] if args.only == "windows" else render(args.out)) + ([] if args.only == "coding" else
                                                                    render_windows(args.out))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
