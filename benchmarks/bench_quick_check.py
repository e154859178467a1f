"""What checking a project file costs: the damage check run before the first write of a session
and before package, merge and export (SQLite's ``PRAGMA quick_check``, then every document's
text against its SHA-256 and every stored text for UTF-8: ``store.check_file``) on a generated
project of about 200 MB, against reading the same file from start to end, in the same run.

    python benchmarks/bench_quick_check.py [--megabytes 200] [--keep FOLDER]

Prints the file size, the times (quick_check alone, the whole check) and the ratio, with the file
in the operating system's cache (warm) and, where ``posix_fadvise`` can drop it from there, read
from the disk (cold).
Asserts nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from annotator import Project
from annotator.store import Store, quick_check

WORDS = "Crime has fallen by a third since we took office, and they lied about the buses. "
STAMP = "2026-05-01T10:00:00.000Z"


def build(path: Path, megabytes: int) -> None:
    """Documents of 40,000 characters with 25 annotations each, until the file is big enough."""
    text_length, per_document = 40_000, 25
    documents = megabytes * 1_000_000 // (text_length + per_document * 160)
    Project.create(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO coders(uuid, name) VALUES (?, 'Ana')", (str(uuid.uuid4()),))
        codes = [r[0] for r in conn.execute("SELECT id FROM codes WHERE codable")]
        for i in range(documents):
            text = f"Document {i}. " + (WORDS * (text_length // len(WORDS) + 1))[:text_length]
            doc = conn.execute("INSERT INTO documents(uuid, name, text, sha256, length, language, imported_at) "
                               "VALUES (?, ?, ?, ?, ?, 'en', ?)", (str(uuid.uuid4()), f"d{i}.txt", text,
                                                                     hashlib.sha256(text.encode()).hexdigest(),
                                                                     len(text), STAMP)).lastrowid
            conn.executemany('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, '
                             "created, modified) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                             [(str(uuid.uuid4()), doc, codes[k % len(codes)], k * 100, k * 100 + 40,
                               "memo" if k % 5 == 0 else None, STAMP, STAMP) for k in range(per_document)])
    conn.close()


def time_quick_check(path: Path) -> float:
    """SQLite's quick_check alone."""
    store = Store.open(path)
    try:
        start = time.perf_counter()
        assert quick_check(store.conn) is None
        return time.perf_counter() - start
    finally:
        store.close()


def time_check(path: Path) -> float:
    """The whole damage check (``Store.check_intact``)."""
    store = Store.open(path)
    try:
        start = time.perf_counter()
        store.check_intact()
        return time.perf_counter() - start
    finally:
        store.close()


def time_full_read(path: Path) -> float:
    start = time.perf_counter()
    with open(path, "rb", buffering=0) as handle:
        while handle.read(1 << 20):
            pass
    return time.perf_counter() - start


def evict(path: Path) -> bool:
    """Ask the OS to drop the file from its cache; False where that is not possible."""
    if not hasattr(os, "posix_fadvise"):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return True


def cold(measure, path: Path) -> float:
    evict(path)
    return measure(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the project in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        path = folder / "big.annot"
        if not path.exists():
            build(path, args.megabytes)
        size = path.stat().st_size / 1e6
        print(f"project file: {size:.0f} MB")
        if evict(path):
            report("cold", *(min(cold(measure, path) for _ in range(3))
                             for measure in (time_full_read, time_quick_check, time_check)))
        time_full_read(path)
        report("warm", *(min(measure(path) for _ in range(3))
                         for measure in (time_full_read, time_quick_check, time_check)))


def report(label: str, read: float, quick: float, check: float) -> None:
    print(f"{label}  full read of the file: {read:.3f} s   quick_check: {quick:.3f} s ({quick / read:.1f}x)   "
          f"whole check: {check:.3f} s ({check / read:.1f}x)")


if __name__ == "__main__":
    main()
