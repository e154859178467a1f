"""Does a span categoriser help over the sentence classifier (issue 15, method 3)? Two synthetic
corpora, one coder, the same documents split by document (seed stated), both models trained on
the training part and asked for spans on the held-out part:

(a) sentence codes: every sentence holding a marker word is coded whole;
(b) phrase codes: a 2-4 token phrase ("unfair tax" variants) is coded inside a longer sentence,
    while "unfair", "tax", "taxes", "burden" also occur loose in the filler.

    python benchmarks/bench_spancat.py [--spans 2000] [--sentences 20] [--epochs 10] [--seed 0]

The sentence model is the product's recipe (:mod:`annotator.assist.examples` labels the sentences,
:mod:`annotator.assist.classifier` trains and scores; a sentence at 0.5 or more is a suggested
span). The span model is spaCy's ``spancat`` on ``spacy.blank("en")`` (CPU, no vectors: its model
embeds its own ``Tok2Vec``), trained on the same sentences (the coder's spans as ``doc.spans``),
its ngram suggester sized from the training spans' token lengths, suggestions at 0.5 or more with
overlapping ones of a code reduced to the best scoring. Figures per span: precision, recall and F1
by exact match and by overlap (a suggestion counts when it overlaps a true span of its code, a
true span is found when a suggestion overlaps it), and the share of suggested characters outside
true spans (what the coder must trim). Times are against ``nlp.pipe`` (blank + sentencizer, what
the text services run) over the same texts, in the same run. Last, the product's whole
``train_model(kind=...)`` (learning curve and final model; its held-out F1 is per sentence for a
sentence model, per exact span for a span model) and ``predict`` on the phrase corpus in a project.
Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

from annotator import Project
from annotator.assist import classifier
from annotator.assist.examples import CoderRows, document_examples
from annotator.assist.model import predict, train_model
from annotator.assist.quality import TEST_SHARE, split_documents
from annotator.nlp import get_services

FILLER = ("the minister promised reform budget cuts are unfair to families who deserve better opposition claims "
          "evidence shows otherwise crime has fallen since we took office they lied about tax taxes burden "
          "schools hospitals workers voters election campaign policy government council local national report "
          "week year people children parents teachers doctors nurses police roads trains housing rents energy "
          "prices wages jobs growth debt plan vote party leader speech house members").split()
MARKER = "zorblat"
PHRASES = ("unfair tax", "unfair taxes", "unfair tax burden", "this unfair tax", "grossly unfair taxes",
           "this unfair tax burden", "grossly unfair tax rises")
RATE = 0.3          # share of sentences that carry a code
CODE = "code"
THRESHOLD = 0.5
SPAN_MODEL = {"@architectures": "spacy.SpanCategorizer.v1",
              "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 128},
              "scorer": {"@layers": "spacy.LinearLogistic.v1"}}
TOK2VEC = {"@architectures": "spacy.Tok2Vec.v2"}
EMBED = {"@architectures": "spacy.MultiHashEmbed.v2", "rows": [5000, 1000, 2500, 1000],
         "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False}
ENCODE = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "window_size": 1, "maxout_pieces": 3}
Truth = dict[int, list[tuple[int, int]]]      # document index -> true spans


# ------------------------------------------------------------------------------------------ corpora
def sentence(rng: random.Random, kind: str) -> tuple[str, list[tuple[int, int]]]:
    """A sentence and its coded spans (sentence offsets): whole for (a), the phrase for (b)."""
    words = [rng.choice(FILLER) for _ in range(rng.randint(10, 20))]
    if rng.random() >= RATE:
        return " ".join(words).capitalize() + ".", []
    at = rng.randrange(1, len(words))
    inserted = MARKER if kind == "sentence" else rng.choice(PHRASES)
    text = " ".join(words[:at] + [inserted] + words[at:]).capitalize() + "."
    if kind == "sentence":
        return text, [(0, len(text))]
    start = len(" ".join(words[:at])) + 1
    return text, [(start, start + len(inserted))]


def corpus(kind: str, documents: int, per_document: int, seed: int) -> tuple[list[str], Truth]:
    rng = random.Random(seed)
    texts, truth = [], {}
    for i in range(documents):
        parts, spans, pos = [], [], 0
        for _ in range(per_document):
            text, coded = sentence(rng, kind)
            parts.append(text)
            spans += [(pos + s, pos + e) for s, e in coded]
            pos += len(text) + 1
        texts.append(" ".join(parts) + "\n")
        truth[i] = spans
    return texts, truth


# ------------------------------------------------------------------------------------------ models
Timed = tuple[list, tuple[float, float], float, list[int]]   # found, (training wall, CPU), predicting, sizes


def sentence_model(texts, truth, train_ids, test_ids, epochs, seed, services) -> Timed:
    started, cpu = time.perf_counter(), time.process_time()
    rows = CoderRows(1, annotations={i: [(s, e, CODE) for s, e in truth[i]] for i in train_ids})
    examples = [example for i in sorted(train_ids)
                for example in document_examples(i, texts[i], services.sentences(texts[i]), rows, (CODE,))]
    nlp = classifier.new_pipeline("en", (CODE,))
    classifier.train(nlp, [(e.text, e.cats) for e in examples], seed, epochs, lambda n: None)
    trained, cpu = time.perf_counter(), time.process_time() - cpu
    units = [(i, s, e) for i in sorted(test_ids) for s, e in services.sentences(texts[i])]
    scored = classifier.scores(nlp, (texts[i][s:e] for i, s, e in units))
    found = [(i, s, e) for (i, s, e), score in zip(units, scored) if score[CODE] >= THRESHOLD]
    return found, (trained - started, cpu), time.perf_counter() - trained, []


def span_model(texts, truth, train_ids, test_ids, epochs, seed, services, width=0, depth=0
               ) -> Timed:
    import spacy
    from spacy.training import Example
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Adam

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    started, cpu = time.perf_counter(), time.process_time()
    gold = [(texts[i][s:e], [(a - s, b - s) for a, b in truth[i] if s <= a and b <= e])
            for i in sorted(train_ids) for s, e in services.sentences(texts[i])]
    sizes = sorted({len(nlp.make_doc(text[a:b])) for text, spans in gold for a, b in spans})
    config = {"suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": sizes}, "threshold": THRESHOLD}
    if width:   # a lighter Tok2Vec than spaCy's default (width 96, depth 4)
        config["model"] = {**SPAN_MODEL, "tok2vec": {**TOK2VEC, "embed": {**EMBED, "width": width},
                                                     "encode": {**ENCODE, "width": width, "depth": depth}}}
    spancat = nlp.add_pipe("spancat", config=config)
    spancat.add_label(CODE)
    examples = [Example.from_dict(nlp.make_doc(text), {"spans": {"sc": [(a, b, CODE) for a, b in spans]}})
                for text, spans in gold]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.001))
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(examples)
        for batch in minibatch(examples, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, losses={})
    trained, cpu = time.perf_counter(), time.process_time() - cpu
    units = [(i, s, e) for i in sorted(test_ids) for s, e in services.sentences(texts[i])]
    found = []
    for (i, s, _), doc in zip(units, nlp.pipe((texts[i][s:e] for i, s, e in units), batch_size=256)):
        spans = doc.spans["sc"]
        candidates = [(float(spans.attrs["scores"][k]), s + span.start_char, s + span.end_char)
                      for k, span in enumerate(spans)]
        found += [(i, a, b) for _, a, b in best_apart(candidates)]
    return found, (trained - started, cpu), time.perf_counter() - trained, sizes


def best_apart(candidates: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The best scoring of overlapping suggestions (greedy, highest score first)."""
    kept: list[tuple[float, int, int]] = []
    for score, a, b in sorted(candidates, reverse=True):
        if all(b <= c or d <= a for _, c, d in kept):
            kept.append((score, a, b))
    return kept


# ------------------------------------------------------------------------------------------ figures
def span_figures(found: Sequence[tuple[int, int, int]], truth: Truth, test_ids) -> dict[str, float]:
    true = [(i, s, e) for i in test_ids for s, e in truth[i]]
    hits = set(found) & set(true)
    overlapping = [f for f in found if any(overlaps(f, t) for t in true if t[0] == f[0])]
    reached = [t for t in true if any(overlaps(f, t) for f in found if f[0] == t[0])]
    outside = sum(outside_chars(f, truth[f[0]]) for f in found)
    return {"exact": prf(len(hits), len(found), len(true)),
            "overlap": (ratio(len(overlapping), len(found)), ratio(len(reached), len(true)),
                        f1(ratio(len(overlapping), len(found)), ratio(len(reached), len(true)))),
            "outside": ratio(outside, sum(e - s for _, s, e in found)), "found": len(found), "true": len(true)}


def overlaps(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def outside_chars(found: tuple[int, int, int], spans: list[tuple[int, int]]) -> int:
    _, s, e = found
    return (e - s) - sum(max(0, min(e, b) - max(s, a)) for a, b in spans)


def prf(tp: int, found: int, true: int) -> tuple[float, float, float]:
    p, r = ratio(tp, found), ratio(tp, true)
    return p, r, f1(p, r)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def pipe_time(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    started = time.perf_counter()
    sum(1 for _ in nlp.pipe(texts, batch_size=64))
    return time.perf_counter() - started


def show(name: str, figures: dict, train_time: tuple[float, float], predict_time: float, train_pipe: float,
         test_pipe: float, extra: str = "") -> None:
    (p, r, f), (op, orr, of) = figures["exact"], figures["overlap"]
    print(f"  {name:<13} exact P {p:.3f} R {r:.3f} F1 {f:.3f} | overlap P {op:.3f} R {orr:.3f} F1 {of:.3f} | "
          f"outside {figures['outside']:.1%} | {figures['found']} suggested of {figures['true']} true{extra}")
    print(f"  {'':<13} training {train_time[0]:.1f} s, CPU {train_time[1]:.1f} s "
          f"({train_time[0] / train_pipe:.0f}x nlp.pipe of the training texts), "
          f"predicting {predict_time:.2f} s ({predict_time / test_pipe:.1f}x nlp.pipe of the held-out texts)")


def run(kind: str, args, services) -> None:
    documents = round(args.spans / (args.sentences * RATE) / (1 - TEST_SHARE))
    texts, truth = corpus(kind, documents, args.sentences, args.seed)
    train_ids, test_ids = split_documents(range(documents), args.seed)
    coded = sum(len(truth[i]) for i in train_ids)
    train_pipe = pipe_time([texts[i] for i in sorted(train_ids)])
    test_pipe = pipe_time([texts[i] for i in sorted(test_ids)])
    print(f"({'a' if kind == 'sentence' else 'b'}) {kind} codes: {documents} documents of {args.sentences} sentences, "
          f"{coded} coded spans in {len(train_ids)} training documents, {len(test_ids)} held out "
          f"(seed {args.seed}, sentence model {args.epochs} epochs); nlp.pipe {train_pipe:.2f} s / {test_pipe:.2f} s")
    found, train_time, predict_time, _ = sentence_model(texts, truth, train_ids, test_ids, args.epochs, args.seed,
                                                     services)
    show("sentence", span_figures(found, truth, test_ids), train_time, predict_time, train_pipe, test_pipe)
    for width, depth in ((0, 0), (args.width, args.depth)) if args.width else ((0, 0),):
        found, train_time, predict_time, sizes = span_model(texts, truth, train_ids, test_ids, args.span_epochs,
                                                            args.seed, services, width, depth)
        name = f"spancat {width}x{depth}" if width else "spancat 96x4"
        show(name, span_figures(found, truth, test_ids), train_time, predict_time, train_pipe, test_pipe,
             f"; ngram sizes {sizes}, {args.span_epochs} epochs")


def product(args) -> None:
    """The whole ``train_model(kind="span")`` (learning curve and final model) and ``predict`` over
    every document, on the phrase corpus in a project (the training documents coded)."""
    documents = round(args.spans / (args.sentences * RATE) / (1 - TEST_SHARE))
    texts, truth = corpus("phrase", documents, args.sentences, args.seed)
    train_ids, _ = split_documents(range(documents), args.seed)
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "b.annot") as project:
        project.add_coder("Ana")
        project.add_code(CODE)
        with project.batch():
            for i, text in enumerate(texts):
                doc_id = project.import_text(text, f"d{i:04}.txt").document_id
                for start, end in truth[i] if i in train_ids else []:
                    project.annotate(doc_id, start, end, CODE, "Ana")
        conn, services, coder = project.store.conn, project.text_services(), project.coder("Ana").id
        for kind in ("sentence", "span"):
            started, cpu = time.perf_counter(), time.process_time()
            model = train_model(conn, services, coder, kind=kind)
            trained, cpu = time.perf_counter(), time.process_time() - cpu
            found = predict(conn, services, model)
            predicted = time.perf_counter() - trained
            f1 = model.metrics["codes"][project.code(CODE).uuid]["f1"]
            print(f"  train_model(kind={kind!r}, {model.metrics['epochs']} epochs) {trained - started:.1f} s, "
                  f"CPU {cpu:.1f} s (held-out F1 {f1:.3f} per {kind}), "
                  f"predict over {documents} documents {predicted:.1f} s ({len(found.spans)} suggestions)")


def main(argv: Sequence[str] | None = None, runner: Callable = run) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=2000, help="coded spans in the training documents (about)")
    parser.add_argument("--sentences", type=int, default=20, help="sentences per document")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--span-epochs", type=int, default=3, help="epochs of the span model")
    parser.add_argument("--width", type=int, default=0, help="also a span model with this Tok2Vec width")
    parser.add_argument("--depth", type=int, default=2, help="... and this depth")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("sentence", "phrase", "product"), default=None)
    args = parser.parse_args(argv)
    services = get_services("en")
    services.sentences("Warm up.")
    for kind in ("sentence", "phrase"):
        if args.only in (None, kind):
            runner(kind, args, services)
    if args.only in (None, "product"):
        print(f"the product's recipe on the phrase corpus, {args.spans} coded spans:")
        product(args)


if __name__ == "__main__":
    main()
