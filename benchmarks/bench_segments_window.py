"""How fast Tools › Coded Segments… fills with 100,000 segments, against one SELECT of the same rows.

    python benchmarks/bench_segments_window.py [--annotations 100000]

Prints figures and ratios measured in this run (never asserts on time):
- baseline: one SELECT of the same rows (document, coder, code, offsets, the segment's text and
  both contexts cut by SQLite's substr, memo, attributes) into Python tuples;
- the window's fill, from ``fill()`` to ``filled`` (a worker opens the project, reads the segments
  with their context, groups the passages; the GUI thread puts 100,000 rows in the table);
- the longest the GUI thread was busy without processing events meanwhile (a 10 ms timer's
  worst gap), which is what a user feels;
- on the GUI thread: sorting by the left context (words read backwards), switching to Compare
  coders, and painting the table scrolled to the end.
Issue 13: the app's analysis windows fill off the GUI thread, with progress after 0.2 s.
"""
from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import make_annotations  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import Project  # noqa: E402
from ui.analysis.segments_window import SegmentsWindow  # noqa: E402
from ui.shared.jobs import wait_for_jobs  # noqa: E402
from ui.shared.session import Session  # noqa: E402

CONTEXT = 60
BASELINE_SQL = ('SELECT d.name, c.name, k.name, a.start, a."end", substr(d.text, a.start + 1, a."end" - a.start), '
                'substr(d.text, max(1, a.start - ? + 1), min(a.start, ?)), substr(d.text, a."end" + 1, ?), a.memo, '
                'd.attributes FROM annotations a JOIN documents d ON d.id = a.document_id '
                'JOIN coders c ON c.id = a.coder_id JOIN codes k ON k.id = a.code_id '
                'ORDER BY a.document_id, a.start, a."end", c.name, a.code_id, a.id')


def baseline(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    rows = conn.execute(BASELINE_SQL, (CONTEXT, CONTEXT, CONTEXT)).fetchall()
    conn.close()
    return time.perf_counter() - start, len(rows)


class Stalls:
    """The longest gap between ticks of a 10 ms timer: how long the GUI thread did not respond;
    and the longest full pass of Python's garbage collector (it holds every thread)."""

    def __init__(self):
        self.worst, self.gc_worst, self._last, self._gc_start = 0.0, 0.0, time.perf_counter(), 0.0
        self.timer = QTimer(interval=10, timeout=self._tick)
        self.timer.start()
        gc.callbacks.append(self._gc)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst, self._last = max(self.worst, now - self._last), now

    def _gc(self, phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._gc_start = time.perf_counter()
            else:
                self.gc_worst = max(self.gc_worst, time.perf_counter() - self._gc_start)

    def stop(self) -> None:
        self.timer.stop()
        gc.callbacks.remove(self._gc)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - start


def fill(view: SegmentsWindow) -> tuple[float, Stalls]:
    loop = QEventLoop()
    view.filled.connect(loop.quit)
    stalls = Stalls()
    start = time.perf_counter()
    view.fill()
    loop.exec()
    elapsed = time.perf_counter() - start
    stalls.stop()
    view.filled.disconnect(loop.quit)
    return elapsed, stalls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "segments.annot"
        make_annotations(path, 1000, args.annotations)
        with Project.open(path) as project:
            with project.batch():
                for i, document in enumerate(project.document_summaries()):
                    project.set_document_attributes(document.id, {"outlet": f"Outlet {i % 7}", "year": 2000 + i % 20})
            view = SegmentsWindow(Session(project))
            view.resize(1280, 800)
            view.show()
            QApplication.processEvents()
            wait_for_jobs()
            base = [baseline(path) for _ in range(args.runs)]
            ours = [fill(view) for _ in range(args.runs)]
            report(view, base, ours)
            view.close()
            wait_for_jobs()
    del app


def report(view: SegmentsWindow, base, ours) -> None:
    rows = base[0][1]
    assert view.model.rowCount() == rows, (view.model.rowCount(), rows)
    select, window = statistics.median(t for t, _ in base), statistics.median(t for t, _ in ours)
    stall, collector = max(s.worst for _, s in ours), max(s.gc_worst for _, s in ours)
    print(f"{rows:,} segments in 1,000 documents: one SELECT {select:.2f}s, window fill {window:.2f}s, "
          f"ratio {window / select:.2f}x; longest GUI-thread stall during a fill {stall * 1000:.0f} ms "
          f"(longest full garbage collection {collector * 1000:.0f} ms)")
    left = [c.header for c in view.model.columns()].index("Left context")
    sort = timed(lambda: view.table.sortByColumn(left, Qt.AscendingOrder))
    again = timed(lambda: view.table.sortByColumn(left, Qt.DescendingOrder))
    compare = timed(lambda: view.fields.compare.setChecked(True))
    paint = timed(lambda: (view.table.scrollToBottom(), view.table.viewport().repaint()))
    print(f"GUI thread: sort by left context {sort:.2f}s (again, keys kept: {again:.2f}s), "
          f"Compare coders {compare:.2f}s ({view.model.rowCount():,} passages), paint at the end {paint * 1000:.0f} ms")


if __name__ == "__main__":
    main()
