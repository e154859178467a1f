"""How the whole coding window responds on a 1,000,000-character document with 10,000 annotations,
against the same window with 100 (issue 14: every interaction flat in the number of annotations).

    python benchmarks/bench_coding_window.py [--annotations 10000] [--baseline 100] [--repeat 5] [--big]

The window is driven as a user drives it: the project is opened through the app's own entry point
(``WindowManager.open``, what ``annotator open PROJECT`` calls), documents are switched with the
window's action, and keys are pressed with QTest on the window (a code key on a selection, Ctrl+Z,
Ctrl+Shift+Z, Delete, a code key on the current annotation to re-code it, Ctrl+Shift+Right to move
its end, a code key with Propagate After Coding on). Each figure is the time until the window is idle
again (pending events, painting included), the median of ``--repeat`` tries. Every document also has
as many annotations by a second coder, shown by View › Show Other Coders. Prints figures and the
ratio of the large project to the small one, measured in this run (never asserts on time).

``--big`` adds a 10 MB document (a year of a newspaper as one file, 10,000 annotations): open,
scroll to the end, a code key, undo.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import Project  # noqa: E402
from ui.app import WindowManager, make_application  # noqa: E402
from ui.shared.jobs import wait_for_jobs  # noqa: E402

WORDS = ("the minister said plan fair regions buses trains levy countryside opposition "
         "people deserve same taxes capital 😊 promised towns valleys 50% £3bn").split()
ACTIONS = ("open", "switch back to the document", "Show Other Coders", "hide other coders", "first code key",
           "code key", "undo", "redo", "delete", "re-code", "boundary move", "code key, Propagate After Coding on")


def make_text(rng: random.Random, length: int) -> str:
    paragraphs, total = [], 0
    while total < length:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))) + "."
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:length]


def make_project(path: Path, text: str, annotations: int, rng: random.Random) -> None:
    """A project with the long document (``annotations`` by Ana and as many by Ben) and a short one."""
    with Project.create(path) as project:
        with project.batch():
            project.import_text(text, "long.txt")
            project.import_text("A short second document to switch to.", "short.txt")
            for name in ("Ana", "Ben"):
                project.add_coder(name)
        document = next(d for d in project.document_summaries() if d.name == "long.txt")
        rows = []
        for n in range(2 * annotations):
            start = rng.randrange(0, len(text) - 300)
            rows.append((f"00000000-0000-4000-8000-{n:012d}", document.id, 1 + n % 2, 1 + n % 4, start,
                         start + rng.randint(20, 250), "memo" if n % 10 == 0 else None,
                         "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        with project.store.write() as conn:
            conn.executemany('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, '
                             "created, modified) VALUES (?,?,?,?,?,?,?,?,?)", rows)


def idle(app: QApplication) -> None:
    """Until nothing is pending: posted events, layout, painting."""
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()


def timed(app: QApplication, action) -> float:
    start = time.perf_counter()
    action()
    idle(app)
    return time.perf_counter() - start


class Driver:
    """One coding window, driven by keys."""

    def __init__(self, app, manager, path: Path):
        self.app, self.manager, self.path = app, manager, path
        self.window = None
        self.rng = random.Random(3)

    def open(self) -> float:
        def opening():
            self.window = self.manager.open(self.path, coder="Ana", ask_coder=False)
            self.window.resize(1280, 800)
        seconds = timed(self.app, opening)
        self.view = self.window.text_view
        return seconds

    def close(self) -> None:
        wait_for_jobs()
        self.window.close()
        idle(self.app)

    def key(self, key, modifiers=Qt.NoModifier, step: int = 0) -> float:
        """Seconds for one key press; with ``step`` the undo stack must move by that much (else the key
        did not do what is measured, and the figures would mean nothing)."""
        stack = self.window.session.undo_stack
        before = stack.index()
        seconds = timed(self.app, lambda: QTest.keyClick(self.view, key, modifiers))
        if step and stack.index() != before + step:
            raise RuntimeError(f"the key {QKeySequence(key | modifiers).toString()} did nothing")
        return seconds

    def select_words(self) -> None:
        start = self.rng.randrange(0, len(self.view.text) - 200)
        self.view.select_span(start, start + self.rng.randint(10, 120))
        self.view.setFocus()
        idle(self.app)

    def switch_back(self) -> float:
        self.key(Qt.Key_PageDown, Qt.ControlModifier)
        return self.key(Qt.Key_PageUp, Qt.ControlModifier)

    def toggle_others(self) -> float:
        """View › Show Other Coders, by its key (Ctrl+Shift+L)."""
        return self.key(Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)

    def code_key(self) -> float:
        self.select_words()
        return self.key(Qt.Key_1, step=1)

    def code_key_propagating(self) -> float:
        """A code key with Codes › Suggestions › Propagate After Coding on: the key returns before the
        worker looks for the other occurrences (its offers arrive later, their own undo step)."""
        option = self.window.suggestion_tools.keys.propagate_action
        option.setChecked(True)
        seconds = self.code_key()
        wait_for_jobs()
        idle(self.app)
        option.setChecked(False)
        return seconds

    def current(self) -> None:
        """Make a fresh annotation of Ana's the current one, the text cursor without a selection."""
        self.code_key()
        stack = self.window.session.undo_stack
        uuid = stack.command(stack.index() - 1)._command.uuid
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.window.session.select_annotation(uuid)
        idle(self.app)


def measure(app, manager, path: Path, repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in ACTIONS}
    for attempt in range(repeat):
        driver = Driver(app, manager, path)
        times["open"].append(driver.open())
        wait_for_jobs()        # the file check (and the tokenizer's warm-up, if any) end: a user reads first
        if attempt == 0:       # a fresh process: spaCy is not loaded yet unless the window warmed it
            times["first code key"].append(driver.code_key())
        for _ in range(2):
            times["switch back to the document"].append(driver.switch_back())
            times["Show Other Coders"].append(driver.toggle_others())
            times["hide other coders"].append(driver.toggle_others())
            times["code key"].append(driver.code_key())
            times["undo"].append(driver.key(Qt.Key_Z, Qt.ControlModifier, step=-1))
            times["redo"].append(driver.key(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier, step=1))
            driver.current()
            times["re-code"].append(driver.key(Qt.Key_2, step=1))
            times["boundary move"].append(driver.key(Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier, step=1))
            times["delete"].append(driver.key(Qt.Key_Delete, step=1))
            times["code key, Propagate After Coding on"].append(driver.code_key_propagating())
        driver.close()
    return {name: statistics.median(values) for name, values in times.items()}


def big_document(app, manager, path: Path) -> dict[str, float]:
    driver = Driver(app, manager, path)
    figures = {"open until idle": driver.open()}
    wait_for_jobs()
    bar = driver.view.verticalScrollBar()
    figures["scroll to the end"] = timed(app, lambda: bar.setValue(bar.maximum()))
    figures["first code key"] = driver.code_key()
    figures["a code key"] = driver.code_key()
    figures["undo"] = driver.key(Qt.Key_Z, Qt.ControlModifier, step=-1)
    driver.close()
    return figures


def isolated_settings(folder: Path) -> None:
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("AnnotatorBench")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(folder))


def child(path: Path, repeat: int, big: bool) -> None:
    """Measure in this fresh process (spaCy not imported yet) and print the figures as JSON."""
    app = make_application([])
    isolated_settings(path.parent / f"settings-{path.stem}")
    manager = WindowManager()
    figures = big_document(app, manager, path) if big else measure(app, manager, path, repeat)
    print(json.dumps(figures))


def in_child(path: Path, repeat: int, big: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(path), "--repeat", str(repeat)] + (["--big"] if big else [])
    output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also the 10 MB document")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.repeat, args.big)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = make_text(rng, 1_000_000)
        results = {}
        for n in (args.baseline, args.annotations):
            path = folder / f"p{n}.annot"
            make_project(path, text, n, rng)
            results[n] = in_child(path, args.repeat)
        small, large = results[args.baseline], results[args.annotations]
        print(f"1,000,000-character document; the annotations Ana's (shown), as many again Ben's (Show Other "
              f"Coders); median of {args.repeat} tries, each window in a fresh process")
        print(f"| action | {args.baseline:,} annotations | {args.annotations:,} annotations | ratio |")
        print("|---|---|---|---|")
        for name in ACTIONS:
            print(f"| {name} | {small[name] * 1e3:.0f} ms | {large[name] * 1e3:.0f} ms | "
                  f"{large[name] / small[name]:.2f}x |")
        if args.big:
            path = folder / "year.annot"
            make_project(path, make_text(rng, 10_000_000), 10_000, rng)
            print("\n10 MB document (a year of a newspaper), 10,000 annotations:")
            for name, seconds in in_child(path, 1, big=True).items():
                print(f"  {name:<20} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
