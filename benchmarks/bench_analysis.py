"""Analysis speed: ``segments``, ``crosstab`` and ``cooccurrence --unit overlap`` on 1,000
documents with 100,000 annotations, as ratios against reading the same annotations with one
SELECT into Python tuples (a plain table scan, no ORDER BY), measured in the same run.

    python benchmarks/bench_analysis.py [--documents 1000] [--annotations 100000] [--repeat 5]

Each figure is the best of ``--repeat`` runs, ours and the baseline in turn (the file is in the OS cache).
Target from issue 13: each within 3x its baseline. ``segments`` is printed against the issue's
baseline and, for comparison with earlier figures, against a heavier one (one SELECT joining
documents and coders, with the text), read as the command line reads it (:func:`read_segments`),
and end to end as ``segments --json`` builds its output (records, JSON text). Also prints
``--count per1000`` (spaCy tokenises every document once; later tables reuse the word counts) and
the spaCy units, which have no target. Asserts nothing (these machines are shared and noisy; compare ratios).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

from annotator import Project
from annotator.analysis.cooccurrence import cooccurrence
from annotator.analysis.crosstab import crosstab
from annotator.analysis.retrieval import read_segments
from annotator.analysis.scope import resolve_scope
from annotator.cli_analysis import segments_json

WORDS = ("crime fallen third since took office minister promised reform budget cuts unfair "
         "families deserve better opposition claims evidence shows Ünïcode “quoted” — 😊").split()
TUPLES_SQL = 'SELECT document_id, coder_id, code_id, start, "end" FROM annotations'  # unordered: a plain table scan
SEGMENTS_SQL = ('SELECT d.name, d.sha256, c.name, a.code_id, a.start, a."end", '
                'substr(d.text, a.start + 1, a."end" - a.start), a.memo FROM annotations a '
                'JOIN documents d ON d.id = a.document_id JOIN coders c ON c.id = a.coder_id '
                'ORDER BY a.document_id, a.start, a."end"')


def build(path: Path, documents: int, annotations: int) -> None:
    rng = random.Random(3)
    with Project.create(path) as project:
        with project.batch():
            for i in range(documents):
                sentences = (" ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 25))) for _ in range(80))
                project.import_text(f"Document {i}. " + ". ".join(sentences) + ".", f"d{i}.txt")
            for name in ("Ana", "Ben", "Cleo"):
                project.add_coder(name)
            for parent in project.codes():
                for k in range(3):
                    project.add_code(f"{parent.name} {k}", parent=parent)
        for i, doc in enumerate(project.document_summaries()):
            project.set_document_attributes(doc.id, {"outlet": f"outlet {i % 7}", "date": f"2024-{1 + i % 12:02d}-15"})
    conn = sqlite3.connect(path)
    with conn:
        lengths = dict(conn.execute("SELECT id, length FROM documents"))
        coders = [r[0] for r in conn.execute("SELECT id FROM coders")]
        codes = [r[0] for r in conn.execute("SELECT id FROM codes")]
        doc_ids = sorted(lengths)
        rows = []
        for n in range(annotations):
            doc = doc_ids[n % len(doc_ids)]
            start = rng.randrange(0, lengths[doc] - 200)
            rows.append((str(uuid.uuid4()), doc, rng.choice(coders), rng.choice(codes), start,
                         start + rng.randrange(10, 200), None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        conn.executemany('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, created, '
                         "modified) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    conn.close()


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(label: str, repeat: int, ours: Callable[[], object], baseline: Callable[[], object],
            target: str = "(target <= 3x)") -> None:
    """Run ours and the baseline in turn, ``repeat`` times, and print the best of each and their ratio
    (in turn, so that a busy moment of the shared machine does not fall on one side only)."""
    mine, theirs = [], []
    for _ in range(repeat):
        theirs.append(best(1, baseline))
        mine.append(best(1, ours))
    print(f"{label}: {min(mine):.3f}s, baseline {min(theirs):.3f}s, ratio {min(mine) / min(theirs):.2f}x {target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "analysis.annot"
        build(path, args.documents, args.annotations)
        with Project.open(path) as project:
            conn = project.store.conn
            scope = resolve_scope(conn)
            print(f"{args.documents:,} documents, {args.annotations:,} annotations, 3 coders, "
                  f"{len(project.codes())} codes (4 groups of 3)")
            tuples = lambda: list(conn.execute(TUPLES_SQL))  # noqa: E731
            segments = lambda: read_segments(conn, scope)  # noqa: E731
            compare("segments (all fields, context 60)", args.repeat, segments, tuples, "(target <= 3x)")
            compare("segments, against the heavier baseline", args.repeat, segments,
                    lambda: list(conn.execute(SEGMENTS_SQL)),
                    "(baseline: one SELECT joining documents and coders, with the text; no target)")
            compare("segments --json, records to JSON text", 1, lambda: segments_json(segments()), tuples,
                    "(no target: writes ~55 MB)")
            for columns in ("document", "coder", "month:date"):
                for count in ("segments", "documents", "characters"):
                    compare(f"crosstab --columns {columns} --count {count}", args.repeat,
                            lambda: crosstab(conn, scope, columns, count), tuples)
            compare("cooccurrence --unit overlap", args.repeat, lambda: cooccurrence(conn, scope, "overlap"), tuples)
            compare("crosstab --count per1000, first", 1, lambda: crosstab(conn, scope, count="per1000"), tuples,
                    "(no target)")
            compare("crosstab --count per1000, again", 1, lambda: crosstab(conn, scope, count="per1000"), tuples,
                    "(no target)")
            for unit in ("sentence", "paragraph", "window:5", "followed-by:1"):
                compare(f"cooccurrence --unit {unit}", 1, lambda: cooccurrence(conn, scope, unit), tuples,
                        "(no target)")

if __name__ == "__main__":
    main()
