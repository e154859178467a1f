"""The spaCy side: a ``textcat_multilabel`` on ``spacy.blank(lang)``, trained on CPU,
deterministic for a seed, scored in batches, serialised to bytes with its config.

The architecture is spaCy's linear bag of words (``spacy.TextCatBOW.v3``, hashed words): it
trains on 2,000 sentences in seconds on two cores, where the default ensemble (a CNN beside it)
takes minutes. Words, not word pairs: on a few hundred sentences pairs gave every chance pairing
of ordinary words a weight, and a marker word was found in held-out documents with F1 0.84, not
1.0. Sentences are lower-cased before they reach it (a sentence's first word is not a different
word), so offsets never come from its docs. spaCy is imported where it is used, as in
:mod:`annotator.nlp`.
"""
from __future__ import annotations

import random
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

PIPE = "textcat_multilabel"
FORMAT = 1             # of the serialised bytes: {"format", "config", "pipeline"}
HASH_ROWS = 2 ** 16    # rows of the bag-of-words table per label (hashed words): 256 KB of weights per code
BATCH = 32             # sentences per update once the compounding batch size has grown
PIPE_BATCH = 512       # sentences per batch when scoring
LEARN_RATE = 0.01      # Adam; spaCy's 0.001 needs far more steps than a coder's few thousand sentences

_MODEL = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 1,
          "no_output_layer": False, "length": HASH_ROWS}


def new_pipeline(language: str, labels: Sequence[str]):
    """A blank pipeline of ``language`` with an untrained multi-label classifier for ``labels``."""
    import spacy

    nlp = spacy.blank(language)
    textcat: Any = nlp.add_pipe(PIPE, config={"model": _MODEL})
    for label in labels:
        textcat.add_label(label)
    return nlp


def train(nlp, items: Sequence[tuple[str, Mapping[str, float]]], seed: int, epochs: int,
          step: Callable[[int], None]) -> None:
    """Train ``nlp`` on ``(text, cats)`` pairs from a fresh start; ``step(n)`` after each batch
    of ``n`` sentences (it may raise to stop). The same items, seed and epochs give the same weights."""
    fit(nlp, [(prepared(text), {"cats": dict(cats)}) for text, cats in items], seed, epochs, step, LEARN_RATE)


def fit(nlp, annotated: Sequence[tuple[str, dict]], seed: int, epochs: int, step: Callable[[int], None],
        learn_rate: float) -> None:
    """spaCy's training loop, seeded, for any pipeline: ``(text, gold)`` pairs as
    ``Example.from_dict`` reads them, shuffled by ``seed`` each epoch, compounding batches up to
    :data:`BATCH`; ``step(n)`` after each batch (it may raise to stop)."""
    from spacy.training import Example
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Adam

    fix_random_seed(seed)
    examples = [Example.from_dict(nlp.make_doc(text), gold) for text, gold in annotated]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(learn_rate))
    order = random.Random(seed)
    for _ in range(epochs):
        shuffled = list(examples)
        order.shuffle(shuffled)
        for batch in minibatch(shuffled, size=compounding(4.0, float(BATCH), 1.001)):
            nlp.update(batch, sgd=optimizer, losses={})
            step(len(batch))


def scores(nlp, texts: Iterable[str]) -> Iterator[dict[str, float]]:
    """Each text's score per label, 0..1, in order."""
    for doc in nlp.pipe((prepared(text) for text in texts), batch_size=PIPE_BATCH):
        yield {label: min(1.0, max(0.0, float(score))) for label, score in doc.cats.items()}


def labels(nlp) -> tuple[str, ...]:
    return tuple(nlp.get_pipe(PIPE).labels)


def prepared(text: str) -> str:
    """What the classifier reads of a sentence."""
    return text.lower()


def to_bytes(nlp) -> bytes:
    """The pipeline's weights and the config needed to build it again (spaCy's own recipe)."""
    return _srsly().msgpack_dumps({"format": FORMAT, "config": nlp.config.to_str(), "pipeline": nlp.to_bytes()})


def from_bytes(data: bytes):
    """The pipeline :func:`to_bytes` wrote."""
    from spacy.util import get_lang_class, load_config_from_str

    stored = _srsly().msgpack_loads(data)
    config = load_config_from_str(stored["config"])
    nlp = get_lang_class(config["nlp"]["lang"]).from_config(config)
    return nlp.from_bytes(stored["pipeline"])


def _srsly():
    """spaCy's serialiser (imported on use, like spaCy)."""
    import srsly  # type: ignore[import-untyped]

    return srsly
