"""How fast the text view opens and updates a 1,000,000-character document.

    python benchmarks/bench_text_view.py [--seed 1] [--adds 200]

Prints figures and ratios measured in this run (never asserts on time):
- opening the document with no annotations (baseline) and with 10,000 shown;
- the highlight update for one added annotation (the view's handling of ``session.changed``:
  index update plus re-highlighting the touched blocks) with 100 vs 10,000 existing
  annotations, against a baseline that re-highlights the same blocks with an empty index;
- the whole ``session.push`` (SQLite transaction included) for reference.
Target from issue #3: the per-add ratio within 1.5x and well under 16 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import Project  # noqa: E402
from annotator.commands import AddAnnotation  # noqa: E402
from ui.coding.text_view import TextView  # noqa: E402
from ui.shared.session import Session  # noqa: E402

WORDS = ("the minister said plan fair regions buses trains levy countryside opposition "
         "people deserve same taxes capital 😊 promised towns valleys").split()


def make_text(rng: random.Random, length: int = 1_000_000) -> str:
    paragraphs, total = [], 0
    while total < length:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))) + "."
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:length]


def add_annotations(project, document, coder, n, rng):
    text_len = len(document.text)
    codes = [c.id for c in project.codes()]
    with project.batch():
        for _ in range(n):
            start = rng.randrange(0, text_len - 300)
            project.annotate(document, start, start + rng.randint(20, 250), rng.choice(codes), coder)


def open_view(session, document) -> tuple[TextView, float]:
    view = TextView(session)
    view.resize(1000, 700)
    view.show()
    t0 = time.perf_counter()
    view.load_document(document)
    QApplication.processEvents()
    return view, time.perf_counter() - t0


def per_add(view, session, document, adds, rng) -> tuple[list[float], list[float], list[float]]:
    """Seconds for the view's update per add, for the baseline, and for the whole push."""
    project = session.project
    code = project.codes()[0].id
    handler, baseline, push = [], [], []
    empty_view_index = None
    for _ in range(adds):
        start = rng.randrange(0, len(document.text) - 300)
        end = start + rng.randint(20, 250)
        command = AddAnnotation(document.id, session.coder_id, code, start, end)
        session.changed.disconnect(view._on_session_changed)
        _, change = project.apply(command)
        session.changed.connect(view._on_session_changed)
        t0 = time.perf_counter()
        view._on_session_changed(change)
        handler.append(time.perf_counter() - t0)
        # baseline: the same blocks re-highlighted with nothing to paint
        full, view.highlighter.index = view.highlighter.index, empty_view_index or _empty()
        t0 = time.perf_counter()
        view.highlighter.rehighlight_range(start, end)
        baseline.append(time.perf_counter() - t0)
        view.highlighter.index = full
        view.highlighter.rehighlight_range(start, end)
        t0 = time.perf_counter()
        session.push(AddAnnotation(document.id, session.coder_id, code, start, end))
        push.append(time.perf_counter() - t0)
    return handler, baseline, push


def _empty():
    from annotator.spanindex import SpanIndex

    return SpanIndex()


def ms(values) -> str:
    p95 = sorted(values)[int(len(values) * .95)]
    return f"median {statistics.median(values) * 1e3:7.3f} ms  p95 {p95 * 1e3:7.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--adds", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "bench.annot")
        coder = project.add_coder("Ana")
        text = make_text(rng)
        docs = {}
        for n, suffix in ((0, ""), (100, " "), (10_000, "  ")):
            docs[n] = project.document(project.import_text(text + suffix, f"doc-{n}").document_id)
        t0 = time.perf_counter()
        for n in (100, 10_000):
            add_annotations(project, docs[n], coder, n, rng)
        print(f"document: {len(text):,} characters, {text.count(chr(10)) + 1:,} paragraphs "
              f"(setup {time.perf_counter() - t0:.1f} s)")
        session = Session(project)
        session.select_coder(coder.id)

        _, base_open = open_view(session, docs[0])
        view_big, big_open = open_view(session, docs[10_000])
        print(f"open, no annotations (baseline):     {base_open * 1e3:8.1f} ms")
        print(f"open, 10,000 annotations shown:      {big_open * 1e3:8.1f} ms   "
              f"ratio {big_open / base_open:.2f}x   ({view_big.highlighter.highlight_count:,} blocks highlighted)")

        results = {}
        for n in (100, 10_000):
            session.select_document(docs[n].id)
            view, _ = open_view(session, docs[n])
            results[n] = per_add(view, session, docs[n], args.adds, rng)
            view.close()
            view.deleteLater()
        for n, (handler, baseline, push) in results.items():
            print(f"add with {n:>6,} existing: highlight update {ms(handler)} | empty-index baseline "
                  f"{ms(baseline)} | whole push {ms(push)}")
        small, large = (statistics.median(results[n][0]) for n in (100, 10_000))
        base = statistics.median(results[10_000][1])
        print(f"ratio 10,000 / 100 existing (highlight update): {large / small:.2f}x  (target <= 1.5x)")
        print(f"highlight update with 10,000 vs empty-index baseline: {large / base:.2f}x; "
              f"{large * 1e3:.2f} ms of a 16 ms frame")
        project.close()
    del app


if __name__ == "__main__":
    main()
