"""Search speed: ``Project.search`` over 1,000 documents (10 MB) against Python's ``re.finditer``
over the same texts read with one SELECT, in the same run.

    python benchmarks/bench_search.py [--documents 1000] [--size 10000] [--repeat 5]

The baseline keeps each match's span; the search keeps each hit's document and span, from which
its record (text, 60 characters of context either side) is made when read; the time to read
them all is printed too. Prints the best of ``--repeat`` runs and the
ratio for a rare word, a common word, a very common one and a regular expression (target:
at most 2x). Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from annotator import Project

# Words drawn with Zipf-like weights (the k-th word 1/k as often as the first), as in prose.
WORDS = ("the of and to a in that is minister promised reform budget cuts unfair families deserve better "
         "opposition claims evidence shows since took office fallen third crime Ünïcode “quoted” — 😊").split()
WEIGHTS = [1 / (k + 1) for k in range(len(WORDS))]
QUERIES = (("rare word", "referendum", {}), ("common word", "crime", {"whole_word": True}),
           ("the commonest word", "the", {}), ("regular expression", r"cut\w*|reform(?:s|ed)?", {"regex": True}))


def build(path: Path, documents: int, size: int) -> float:
    rng = random.Random(7)
    with Project.create(path) as project:
        with project.batch():
            for i in range(documents):
                words = rng.choices(WORDS, WEIGHTS, k=size // 5)
                if i % 10 == 0:
                    words[rng.randrange(len(words))] = "referendum"
                project.import_text(f"Document {i}.\n" + " ".join(words) + "\n", f"d{i:04}.txt")
        return project.counts()["characters"] / 1e6


def baseline(project: Project, pattern: str, options: dict) -> tuple[float, int]:
    source = pattern if options.get("regex") else re.escape(pattern)
    if options.get("whole_word"):
        source = rf"(?<!\w)(?:{source})(?!\w)"
    compiled = re.compile(source, re.IGNORECASE)
    start = time.perf_counter()
    spans = []
    for (text,) in project.store.conn.execute("SELECT text FROM documents ORDER BY id"):
        spans += [m.span() for m in compiled.finditer(text)]
    return time.perf_counter() - start, len(spans)


def ours(project: Project, pattern: str, options: dict) -> tuple[float, int]:
    start = time.perf_counter()
    hits = project.search(pattern, **options)
    return time.perf_counter() - start, len(hits)


def read_all(project: Project, pattern: str, options: dict) -> float:
    """The search, then every hit's text and context read (what --json or the app's table shows)."""
    start = time.perf_counter()
    for hit in project.search(pattern, **options):
        hit.left, hit.text, hit.right
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--size", type=int, default=10_000, help="characters per document")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search.annot"
        megabytes = build(path, args.documents, args.size)
        print(f"{args.documents:,} documents, {megabytes:.1f} million characters; best of {args.repeat} runs")
        with Project.open(path) as project:
            for label, pattern, options in QUERIES:
                runs = [(baseline(project, pattern, options), ours(project, pattern, options))
                        for _ in range(args.repeat)]   # interleaved, so both see the same load
                plain, found = min(r[0] for r in runs), min(r[1] for r in runs)
                assert plain[1] == found[1]
                print(f"{label:>18} ({pattern!r}, {found[1]:,} hits): re.finditer {plain[0] * 1000:.0f} ms, "
                      f"search {found[0] * 1000:.0f} ms, ratio {found[0] / plain[0]:.2f}x (target <= 2x); "
                      f"with every context read {read_all(project, pattern, options) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
