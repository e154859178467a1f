"""Merge speed: 3 coder packages of 1,000 documents and 100,000 annotations each, against a
plain ``INSERT ... SELECT`` of the same rows through ATTACHed databases, in the same run.

    python benchmarks/bench_merge.py [--documents 1000] [--annotations 100000] [--packages 3]

Prints both times and the ratio (target: at most 3x). Asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from annotator import Project
from annotator.merging import merge
from annotator.packages import make_package
from annotator.store import connect

CODERS = ("Ana", "Ben", "Cleo", "Dara", "Emil")


def build(folder: Path, documents: int, annotations: int, packages: int) -> tuple[Path, list[Path]]:
    lead_path = folder / "lead.annot"
    with Project.create(lead_path) as lead:
        with lead.batch():
            for i in range(documents):
                lead.import_text(f"Document {i}. " + "Crime has fallen by a third since we took office. " * 8,
                                 f"d{i}.txt")
        paths = []
        for coder in CODERS[:packages]:
            path = folder / f"{coder}.annot"
            make_package(lead, coder, path)
            paths.append(path)
    for path in paths:  # coders' work, written straight into the package files
        conn = sqlite3.connect(path)
        with conn:
            coder_id = conn.execute("SELECT id FROM coders").fetchone()[0]
            codes = [r[0] for r in conn.execute("SELECT id FROM codes WHERE codable")]
            stamp = "2026-05-01T10:00:00.000Z"
            conn.executemany(
                'INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, created, modified) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((str(uuid.uuid4()), 1 + i % documents, coder_id, codes[i % len(codes)], i % 300, i % 300 + 20,
                  "memo" if i % 10 == 0 else None, stamp, stamp) for i in range(annotations)))
        conn.close()
    return lead_path, paths


def baseline(lead: Path, paths: list[Path], order: str = "") -> float:
    """The same rows, all columns the files share (so no trigger fills a missing one)."""
    conn = connect(lead)
    names = [r[1] for r in conn.execute("PRAGMA table_info(annotations)") if r[1] != "id"]
    columns = ", ".join(f'"{c}"' for c in names)
    start = time.perf_counter()
    for n, path in enumerate(paths):
        conn.execute(f"ATTACH DATABASE ? AS p{n}", (path.resolve().as_uri() + "?mode=ro",))
    conn.execute("BEGIN IMMEDIATE")
    for n in range(len(paths)):
        conn.execute(f"INSERT INTO annotations ({columns}) SELECT {columns} FROM p{n}.annotations")
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def run_merge(lead: Path, paths: list[Path]) -> tuple[float, object]:
    with Project.open(lead) as project:
        start = time.perf_counter()
        report = merge(project, paths)
        return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        lead, paths = build(folder, args.documents, args.annotations, args.packages)
        print(f"setup: {args.packages} packages x {args.documents:,} documents x {args.annotations:,} annotations "
              f"({time.perf_counter() - t0:.1f} s)")
        shutil.copy(lead, folder / "base.annot")
        shutil.copy(lead, folder / "sorted.annot")
        shutil.copy(lead, folder / "merge.annot")
        plain = baseline(folder / "base.annot", paths)
        by_uuid = baseline(folder / "sorted.annot", paths, "ORDER BY uuid")
        merged, report = run_merge(folder / "merge.annot", paths)
        again, _ = run_merge(folder / "merge.annot", paths)
        added = sum(p.added for p in report.packages)
        print(f"plain INSERT ... SELECT through ATTACH: {plain:.2f} s")
        print(f"  the same, each package's rows sorted by UUID (index-friendly): {by_uuid:.2f} s")
        print(f"merge (checks, matching, report, undo data): {merged:.2f} s  ({added:,} annotations added)")
        print(f"ratio merge / plain: {merged / plain:.2f}x  (target <= 3x); "
              f"merge / sorted plain: {merged / by_uuid:.2f}x")
        print(f"re-merge of the same packages (all unchanged): {again:.2f} s")


if __name__ == "__main__":
    main()
