"""A coder's model (issue 15): training on 2,000 coded sentences and predicting 1,000 documents
of ~80 sentences, each against spaCy's own ``nlp.pipe`` (the blank pipeline with the sentencizer,
what the project's text services run) over the same texts, measured in the same run.

    python benchmarks/bench_assist_model.py [--documents 1000] [--sentences 80] [--coded 2000]

Training is the whole ``train_model`` call: reading the coder's rows, sentences, the learning curve
(four trainings on shares of 80% of the examples) and the final model on all of them. Prediction is
the whole ``predict`` call: sentences of every document, the classifier over the uncoded ones.
Targets: each under a minute. Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from annotator import Project
from annotator.assist.model import predict, train_model

WORDS = ("the minister promised reform budget cuts are unfair to families who deserve better opposition "
         "claims evidence shows otherwise crime has fallen since we took office they lied about taxes "
         "schools hospitals workers voters election campaign policy government").split()
MARKERS = {"claim": "statistics", "attack": "liars"}


def sentence(rng: random.Random) -> tuple[str, list[str]]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    codes = [code for code in MARKERS if rng.random() < 0.2]
    for code in codes:
        words.insert(rng.randrange(1, len(words)), MARKERS[code])
    return " ".join(words).capitalize() + ".", codes


def build(path: Path, documents: int, per_document: int, coded: int) -> list[str]:
    rng = random.Random(11)
    texts = []
    with Project.create(path) as project:
        project.add_coder("Ana")
        with project.batch():
            for i in range(documents):
                parts, spans, pos = [], [], 0
                for _ in range(per_document):
                    text, codes = sentence(rng)
                    parts.append(text)
                    spans += [(pos, pos + len(text), code) for code in codes]
                    pos += len(text) + 1
                texts.append(" ".join(parts) + "\n")
                doc_id = project.import_text(texts[-1], f"d{i:04}.txt").document_id
                if i < coded // per_document:
                    for start, end, code in spans:
                        project.annotate(doc_id, start, end, code, "Ana")
    return texts


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def pipe_time(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    elapsed, _ = timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64)))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=80)
    parser.add_argument("--coded", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        texts = build(Path(tmp) / "bench.annot", args.documents, args.sentences, args.coded)
        with Project.open(Path(tmp) / "bench.annot") as project:
            conn, ana = project.store.conn, project.coder("Ana").id
            services = project.text_services()
            services.sentences("Warm up.")
            train_time, model = timed(lambda: train_model(conn, services, ana))
            coded_texts = texts[:args.coded // args.sentences]
            train_pipe = pipe_time(coded_texts)
            predict_time, found = timed(lambda: predict(conn, services, model))
            predict_pipe = pipe_time(texts)
    print(f"training on {model.metrics['examples']:,} sentences of {len(coded_texts)} documents: "
          f"{train_time:.1f} s; nlp.pipe over their texts {train_pipe:.2f} s; ratio {train_time / train_pipe:.0f}x "
          "(target: under a minute)")
    figures = {code: round(f["f1"], 3) for code, f in model.metrics["codes"].items() if f["f1"] is not None}
    print(f"held-out F1 per code: {sorted(figures.values())}")
    print(f"predicting {len(texts):,} documents ({len(found.spans):,} suggestions): {predict_time:.1f} s; "
          f"nlp.pipe over the same texts {predict_pipe:.1f} s; ratio {predict_time / predict_pipe:.1f}x "
          "(target: under a minute)")


if __name__ == "__main__":
    main()
