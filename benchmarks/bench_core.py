"""Core speed: import and CSV export, as ratios against plain baselines measured in the same run.

    python benchmarks/bench_core.py [--quick]

Prints figures; asserts nothing (these machines are shared and noisy; compare ratios).
Targets from issue 2: import of a 10 MB corpus of 1,000 texts at most 3x plain sqlite_utils
inserts; CSV export of 1,000,000 annotations at most 2x the same query written with the csv
module, with peak memory under 300 MB.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from annotator import Project

WORDS = ("crime fallen third since took office minister promised reform budget cuts unfair "
         "families deserve better opposition claims evidence shows Ünïcode “quoted” — 😊").split()


def make_corpus(folder: Path, count: int, size: int) -> None:
    rng = random.Random(1)
    for i in range(count):
        words = []
        while sum(len(w) + 1 for w in words) < size:
            words.append(rng.choice(WORDS))
        (folder / f"text{i:04}.txt").write_text(f"Text {i}. " + " ".join(words) + "\n", encoding="utf-8")


def bench_import(work: Path, count: int) -> None:
    corpus = work / "corpus"
    corpus.mkdir()
    make_corpus(corpus, count, 10_000)
    files = sorted(corpus.iterdir())

    start = time.perf_counter()
    db = sqlite_utils.Database(work / "baseline.db")
    db["documents"].insert_all({"name": f.name, "text": f.read_text("utf-8")} for f in files)
    db.close()
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    with Project.create(work / "import.annot") as project:
        results = project.import_files([corpus])
    ours = time.perf_counter() - start
    assert sum(r.status == "imported" for r in results) == count
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"import {count} texts ({megabytes:.1f} MB): sqlite_utils {baseline:.3f}s, annotator {ours:.3f}s, "
          f"ratio {ours / baseline:.2f}x (target <= 3x)")


def make_annotations(path: Path, documents: int, annotations: int) -> None:
    with Project.create(path) as project:
        rng = random.Random(2)
        with project.batch():
            for i in range(documents):
                project.import_text(f"Document {i}. " + " ".join(rng.choice(WORDS) for _ in range(1500)), f"d{i}.txt")
            for name in ("Ana", "Ben", "Cleo"):
                project.add_coder(name)
        lengths = [d.length for d in project.document_summaries()]
        doc_ids = [d.id for d in project.document_summaries()]
        rows = []
        for n in range(annotations):
            k = n % documents
            start = rng.randrange(0, lengths[k] - 60)
            rows.append((f"u{n}", doc_ids[k], 1 + n % 3, 1 + n % 4, start, start + rng.randrange(1, 60),
                         "memo" if n % 10 == 0 else None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        with project.store.write() as conn:
            conn.executemany('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, '
                             "created, modified) VALUES (?,?,?,?,?,?,?,?,?)", rows)


BASELINE_SQL = ('SELECT d.name, d.sha256, c.name, k.name, k.name, a.start, a."end", '
                'substr(d.text, a.start + 1, a."end" - a.start), a.memo, a.created, a.modified, d.uuid, c.uuid, '
                'k.uuid, a.uuid FROM annotations a JOIN documents d ON d.id = a.document_id '
                'JOIN coders c ON c.id = a.coder_id JOIN codes k ON k.id = a.code_id '
                'ORDER BY a.document_id, a.start, a."end", c.name, k.name, a.memo, a.id')


def child_export(mode: str, project_path: str, out: str) -> None:
    start = time.perf_counter()
    if mode == "baseline":
        conn = sqlite3.connect(project_path)
        with open(out, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            for row in conn.execute(BASELINE_SQL):
                writer.writerow(row)
    else:
        from annotator.formats.csv_export import export_csv

        with Project.open(project_path) as project:
            export_csv(project, Path(out))
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.6f} {peak_mb:.1f}")


def bench_export(work: Path, annotations: int) -> None:
    path = work / "export.annot"
    make_annotations(path, 1000, annotations)
    figures = {}
    for mode in ("baseline", "annotator"):
        out = subprocess.run([sys.executable, __file__, "--child", mode, str(path), str(work / f"{mode}.csv")],
                             capture_output=True, text=True, check=True).stdout.split()
        figures[mode] = (float(out[0]), float(out[1]))
    (base_t, base_mb), (ours_t, ours_mb) = figures["baseline"], figures["annotator"]
    print(f"export {annotations:,} annotations to CSV: csv module {base_t:.2f}s ({base_mb:.0f} MB peak), "
          f"annotator {ours_t:.2f}s ({ours_mb:.0f} MB peak), ratio {ours_t / base_t:.2f}x "
          f"(target <= 2x, peak < 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        child_export(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bench_import(work, 100 if args.quick else 1000)
        bench_export(work, 20_000 if args.quick else 1_000_000)


if __name__ == "__main__":
    main()
