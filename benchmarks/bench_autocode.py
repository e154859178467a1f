"""Auto-coding speed: ``Project.autocode`` of 10,000 hits against inserting the same rows with
plain sqlite-utils (``insert_all`` in one transaction), in the same run, on copies of the same project.

    python benchmarks/bench_autocode.py [--hits 10000] [--documents 1000] [--repeat 3]

The autocode time is the whole call: the search, the check of what the coder already has,
the one-transaction insert. Also printed: extending to sentences and paragraphs, running it
again (everything already there), and its undo (the inverse). Target: at most 3x. Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import sqlite_utils

from annotator import Project

FILLER = ("The minister promised reform. Budget cuts are unfair to families, who deserve better. "
          "The opposition claims the evidence shows otherwise.").split()
COLUMNS = ("uuid", "document_id", "coder_id", "code_id", "start", "end", "created", "modified")


def build(path: Path, hits: int, documents: int) -> None:
    rng = random.Random(3)
    per_document = hits // documents
    with Project.create(path) as project:
        with project.batch():
            for i in range(documents):
                words = [rng.choice(FILLER) for _ in range(per_document * 20)]
                for k in range(per_document):
                    words[k * 20 + rng.randrange(20)] = "crime"
                project.import_text(f"Document {i}.\n" + " ".join(words) + "\n", f"d{i:04}.txt")
        project.add_coder("Ana")


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def autocode(path: Path, extend: str = "hit"):
    with Project.open(path) as project:
        return timed(lambda: project.autocode("crime", "claim", "Ana", extend=extend))


def baseline(path: Path, rows: list[dict]) -> float:
    """One transaction (``db.atomic()``), as autocode's: without it sqlite-utils commits every
    100 rows, each commit a sync to disk, which would flatter the ratio several times over."""
    db = sqlite_utils.Database(path)

    def insert() -> None:
        with db.atomic():
            db["annotations"].insert_all(rows)

    elapsed, _ = timed(insert)
    db.close()
    return elapsed


def coded_rows(path: Path) -> list[dict]:
    """The rows autocode wrote, with new UUIDs, for the baseline to insert."""
    db = sqlite_utils.Database(path)
    rows = [{**{c: row[c] for c in COLUMNS}, "uuid": f"baseline-{n}"}
            for n, row in enumerate(db["annotations"].rows)]
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder / "base.annot", args.hits, args.documents)
        runs = []
        for n in range(args.repeat):   # interleaved on fresh copies, so both see the same load
            ours, plain = folder / f"ours{n}.annot", folder / f"plain{n}.annot"
            shutil.copy(folder / "base.annot", ours)
            shutil.copy(folder / "base.annot", plain)
            elapsed, result = autocode(ours)
            runs.append((elapsed, baseline(plain, coded_rows(ours)), result))
        ours_time, plain_time = min(r[0] for r in runs), min(r[1] for r in runs)
        result = runs[0][2]
        print(f"{args.documents:,} documents, {result.hits:,} hits; best of {args.repeat} runs")
        print(f"sqlite-utils insert_all of the same {result.added:,} rows in one transaction: "
              f"{plain_time * 1000:.0f} ms")
        print(f"autocode (search, check, insert): {ours_time * 1000:.0f} ms, ratio {ours_time / plain_time:.2f}x "
              f"(target <= 3x)")
        again, second = autocode(folder / "ours0.annot")
        print(f"again (all {second.already:,} already there): {again * 1000:.0f} ms")
        with Project.open(folder / "ours1.annot") as project:
            command = project.autocode_command("crime", "attack", "Ana")
            _, (inverse, _) = timed(lambda: project.apply(command))
            undo, _ = timed(lambda: project.apply(inverse))
        print(f"undo (delete the {result.added:,} rows, tombstones kept): {undo * 1000:.0f} ms")
        for extend in ("sentence", "paragraph"):
            shutil.copy(folder / "base.annot", folder / f"{extend}.annot")
            elapsed, extended = autocode(folder / f"{extend}.annot", extend)
            print(f"extended to the {extend}: {elapsed * 1000:.0f} ms ({extended.added:,} spans)")


if __name__ == "__main__":
    main()
