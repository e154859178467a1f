"""The spaCy side of a span model (``annotator train --kind span``): a ``spancat`` on
``spacy.blank(lang)``, trained on CPU, deterministic for a seed; serialised like the sentence
classifier (:func:`.classifier.to_bytes`).

It reads sentences and finds spans inside them: its ngram suggester offers every run of as many
tokens as the coder's spans had (at most ``MAX_TOKENS``), and the model scores each run per code.
No vectors: the component embeds its own ``Tok2Vec`` (hashed words, prefixes, suffixes, shapes),
lighter than spaCy's default (width 64 and depth 2, not 96 and 4): on 2,000 coded phrases it
found them as well (held-out F1 0.98) in half the time (``benchmarks/bench_spancat.py``). Offsets
come from its docs, so the text is given as it is (lower-casing can change a text's length).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .classifier import fit

PIPE = "spancat"
MAX_TOKENS = 12        # the longest run of tokens the suggester offers
PIPE_BATCH = 256
LEARN_RATE = 0.001     # Adam, spaCy's default
WIDTH, DEPTH = 64, 2   # of the Tok2Vec

Found = tuple[int, int, str, float]     # start, end (code points in the text), label, score

_EMBED = {"@architectures": "spacy.MultiHashEmbed.v2", "width": WIDTH, "rows": [5000, 1000, 2500, 1000],
          "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False}
_ENCODE = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": WIDTH, "depth": DEPTH, "window_size": 1,
           "maxout_pieces": 3}
_MODEL = {"@architectures": "spacy.SpanCategorizer.v1",
          "tok2vec": {"@architectures": "spacy.Tok2Vec.v2", "embed": _EMBED, "encode": _ENCODE},
          "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 128},
          "scorer": {"@layers": "spacy.LinearLogistic.v1"}}


def new_pipeline(language: str, labels: Sequence[str], sizes: Sequence[int]):
    """A blank pipeline of ``language`` with an untrained span categoriser for ``labels``, offered
    runs of ``sizes`` tokens (those above ``MAX_TOKENS`` left out; one token if none is left)."""
    import spacy

    nlp = spacy.blank(language)
    kept = sorted({size for size in sizes if 0 < size <= MAX_TOKENS}) or [1]
    config = {"model": _MODEL, "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": kept}}
    spancat: Any = nlp.add_pipe(PIPE, config=config)
    for label in labels:
        spancat.add_label(label)
    return nlp


def token_counts(language: str, texts: Iterable[str]) -> list[int]:
    """How many tokens each text has (to size the suggester from the coder's spans)."""
    import spacy

    nlp = spacy.blank(language)
    return [len(doc) for doc in nlp.pipe(texts)]


def train(nlp, items: Sequence[tuple[str, Sequence[tuple[int, int, str]]]], seed: int, epochs: int,
          step: Callable[[int], None]) -> None:
    """Train ``nlp`` on ``(sentence, spans)`` pairs (spans: start, end, label inside the sentence)
    from a fresh start; ``step(n)`` after each batch of ``n`` sentences (it may raise to stop)."""
    fit(nlp, [(text, {"spans": {"sc": list(spans)}}) for text, spans in items], seed, epochs, step, LEARN_RATE)


def found(nlp, texts: Iterable[str], thresholds: Mapping[str, float]) -> Iterator[list[Found]]:
    """Per text, the spans of the labels in ``thresholds`` scoring at least their threshold; of
    overlapping spans of one label only the best scoring (the coder is offered one span, not its variants)."""
    spancat = nlp.get_pipe(PIPE)
    spancat.cfg["threshold"] = min(thresholds.values(), default=1.0)
    for doc in nlp.pipe(texts, batch_size=PIPE_BATCH):
        group = doc.spans[spancat.key]
        scored = [(float(score), span.start_char, span.end_char, span.label_)
                  for span, score in zip(group, group.attrs["scores"])]
        yield _best_apart([s for s in scored if s[3] in thresholds and s[0] >= thresholds[s[3]]])


def labels(nlp) -> tuple[str, ...]:
    return tuple(nlp.get_pipe(PIPE).labels)


def _best_apart(scored: list[tuple[float, int, int, str]]) -> list[Found]:
    """Highest score first, each span kept unless a kept span of its label overlaps it; in text order."""
    kept: list[Found] = []
    for score, start, end, label in sorted(scored, key=lambda s: (-s[0], s[1], s[2], s[3])):
        if all(label != other or end <= a or b <= start for a, b, other, _ in kept):
            kept.append((start, end, label, score))
    return sorted(kept)
