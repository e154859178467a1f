"""A model per coder (issue 15, method 3): train on the coder's own sentences, measure it on
held-out documents, suggest codes for the sentences the coder has not coded, store it.

:func:`train_model` reads only the coder's rows (:mod:`.examples`), splits the coded documents
(seed, ``test_share``), trains on growing shares of the training part for the learning curve (the
last point, the whole training part, gives the held-out precision, recall and F1 per code), then
trains the model it returns on all the coder's examples with the same recipe: the figures describe
the recipe on 80% of the data, the stored model has learnt from all of it. A model is of a ``kind``:
"sentence" (:mod:`.classifier`, suggests whole sentences) or "span" (:mod:`.spancat`, suggests the
runs of tokens inside them that look like the coder's spans: for codes given to short phrases),
stored as ``metrics["kind"]`` in the same ``models`` table and predicting the same spans. :func:`predict` returns
plain ``(document_id, start, end, code_id, score)`` spans; writing them as suggestions is the
suggestion commands' job. :func:`save_model` inserts one ``models`` row in its own transaction:
training is not an edit of the coding, so it is not undoable (an unused model only takes space).
"""
from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Optional, Sequence

from annotator.changes import read_meta
from annotator.clock import now
from annotator.errors import AnnotatorError, NotFoundError
from annotator.whole_numbers import MAX_SEED

from . import classifier, spancat
from .examples import CoderRows, Example, Places, TrainingData, read_coder_rows, texts, training_data
from .quality import CURVE, TEST_SHARE, counts, figures, prefix_sizes, span_figures, split_documents
from .ticks import Ticks

KINDS = ("sentence", "span")   # a sentence classifier, or a span categoriser for codes given to short phrases
EPOCHS = 10              # a sentence model's passes over its examples
SPAN_SENTENCES = 6000    # a span model makes as many passes as reach this many sentences (at most EPOCHS)
THRESHOLD = 0.5          # the score a code needs to be suggested, unless set per code
DOCUMENTS_PER_BATCH = 64  # documents whose uncoded sentences are scored together
TRAINING_CANCELLED = "Training was cancelled; no model was made."
PREDICTION_CANCELLED = "Suggesting was cancelled; nothing was suggested."

SuggestedSpan = tuple[int, int, int, int, float]   # document id, start, end, code id, score


class Predictions(NamedTuple):
    version: str
    spans: list[SuggestedSpan]


@dataclass
class TrainedModel:
    """A trained classifier of one coder. ``metrics``: JSON-ready figures (see :func:`train_model`);
    ``thresholds``: per code UUID, the score needed to suggest it (missing: ``THRESHOLD``)."""

    version: str
    coder_id: int
    created: str
    scheme_version: int
    seed: int
    metrics: dict[str, Any]
    thresholds: dict[str, float]
    data: bytes = field(repr=False)
    _nlp: Any = field(default=None, repr=False, compare=False)

    @property
    def kind(self) -> str:
        """"sentence" or "span" (models stored before span models existed are sentence models)."""
        return self.metrics.get("kind", "sentence")

    def pipeline(self):
        if self._nlp is None:
            self._nlp = classifier.from_bytes(self.data)
        return self._nlp


def train_model(conn: sqlite3.Connection, services, coder_id: int, *, seed: int = 0,
                test_share: float = TEST_SHARE, epochs: Optional[int] = None, curve: Sequence[float] = CURVE,
                thresholds: Optional[Mapping[int, float]] = None, kind: str = "sentence",
                progress: Optional[Callable[[float], None]] = None,
                cancelled: Optional[Callable[[], bool]] = None) -> TrainedModel:
    """Train ``coder_id``'s model of ``kind`` on their own coding (``services``: the project's
    ``TextServices``); ``epochs``: :func:`default_epochs` if None. Raises ``Cancelled`` once
    ``cancelled()`` is true, and nothing is stored either way."""
    _check_settings(seed, test_share, epochs, curve, kind)
    ticks = Ticks(progress, cancelled, TRAINING_CANCELLED)
    ticks.stage(0.0, 0.1, _count_documents(conn, coder_id))
    data = training_data(conn, services, coder_id, step=ticks.advance, spans=kind == "span")
    epochs = default_epochs(kind, len(data.examples)) if epochs is None else epochs
    by_uuid = _thresholds_by_uuid(conn, thresholds or {}, data.labels)
    train_part, test_part = _split(data, seed, test_share)
    sizes = prefix_sizes(len(train_part), curve) if test_part else []
    ticks.stage(0.1, 1.0, epochs * (sum(sizes) + len(data.examples)))
    recipe = _Recipe(kind, services.language, data.labels, seed, epochs)
    learning = [_curve_point(recipe, train_part[:size], test_part, ticks, by_uuid) for size in sizes]
    nlp = _trained(recipe, data.examples, ticks)
    metrics = _metrics(data, test_part, learning, recipe, test_share)
    blob = classifier.to_bytes(nlp)
    created = now()
    return TrainedModel(_version(created, blob), coder_id, created, int(read_meta(conn, "scheme_version") or 0),
                        seed, metrics, by_uuid, blob, nlp)


def predict(conn: sqlite3.Connection, services, model: TrainedModel, document_ids: Optional[Iterable[int]] = None,
            *, thresholds: Optional[Mapping[int, float]] = None, min_f1: float = 0.0,
            progress: Optional[Callable[[float], None]] = None,
            cancelled: Optional[Callable[[], bool]] = None) -> Predictions:
    """The codes ``model`` suggests for its coder's uncoded sentences in ``document_ids`` (all
    documents if None): a sentence none of the coder's annotations overlaps, a code whose score
    reaches its threshold, whose held-out F1 is at least ``min_f1`` (a code without a measured F1
    passes only ``min_f1 == 0``), that is still codable, and that the coder has not rejected there."""
    _check_share(min_f1, "The minimum F1")
    wanted = _wanted_codes(conn, model, thresholds or {}, min_f1)
    ids = _documents(conn, document_ids)
    rows = read_coder_rows(conn, model.coder_id)
    ticks = Ticks(progress, cancelled, PREDICTION_CANCELLED)
    ticks.stage(0.0, 1.0, len(ids))
    spans: list[SuggestedSpan] = []
    for start in range(0, len(ids), DOCUMENTS_PER_BATCH):
        candidates = _candidates(conn, services, rows, ids[start:start + DOCUMENTS_PER_BATCH], ticks)
        suggested = _suggested_spans if model.kind == "span" else _suggested
        spans += suggested(model.pipeline(), candidates, wanted) if wanted else []
    return Predictions(model.version, spans)


def save_model(store, model: TrainedModel) -> None:
    """Insert ``model`` into the ``models`` table (``store``: the project's ``Store``), in one transaction."""
    with store.write() as conn:
        conn.execute("INSERT INTO models(version, coder_id, created, scheme_version, seed, metrics, thresholds, model) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (model.version, model.coder_id, model.created, model.scheme_version, model.seed,
                      json.dumps(model.metrics, sort_keys=True), json.dumps(model.thresholds, sort_keys=True),
                      model.data))


def load_model(conn: sqlite3.Connection, coder_id: int) -> Optional[TrainedModel]:
    """The newest stored model of ``coder_id``, or None if they have none."""
    row = conn.execute("SELECT version, coder_id, created, scheme_version, seed, metrics, thresholds, model "
                       "FROM models WHERE coder_id = ? ORDER BY created DESC, id DESC LIMIT 1", (coder_id,)).fetchone()
    if row is None:
        return None
    version, coder, created, scheme_version, seed, metrics, stored_thresholds, blob = row
    return TrainedModel(version, coder, created, scheme_version, seed, json.loads(metrics),
                        json.loads(stored_thresholds), bytes(blob))


# ---------------------------------------------------------------------------------------- training
def _split(data: TrainingData, seed: int, test_share: float) -> tuple[list[Example], list[Example]]:
    """The training part (shuffled by ``seed``, so curve prefixes mix documents) and the held-out part."""
    train_ids, _ = split_documents({example.document_id for example in data.examples}, seed, test_share)
    train = [example for example in data.examples if example.document_id in train_ids]
    random.Random(seed).shuffle(train)
    return train, [example for example in data.examples if example.document_id not in train_ids]


def default_epochs(kind: str, examples: int) -> int:
    """``EPOCHS`` for a sentence model; for a span model (some 30 times slower per sentence) as many as
    reach ``SPAN_SENTENCES`` sentences, 1 to ``EPOCHS``: one pass over 2,000 coded phrases in 6,700
    sentences found them with held-out F1 0.98 (benchmarks/bench_spancat.py), a few hundred need more."""
    return EPOCHS if kind == "sentence" else min(EPOCHS, max(1, -(-SPAN_SENTENCES // max(1, examples))))


class _Recipe(NamedTuple):
    kind: str
    language: str
    labels: tuple[str, ...]
    seed: int
    epochs: int


def _trained(recipe: _Recipe, examples: Sequence[Example], ticks: Ticks):
    if recipe.kind == "span":
        return _trained_spans(recipe, examples, ticks)
    nlp = classifier.new_pipeline(recipe.language, recipe.labels)
    classifier.train(nlp, [(e.text, e.cats) for e in examples], recipe.seed, recipe.epochs, ticks.advance)
    return nlp


def _trained_spans(recipe: _Recipe, examples: Sequence[Example], ticks: Ticks):
    """A span categoriser offered runs of as many tokens as the coder's spans in ``examples`` had."""
    coded = [e.text[start:end] for e in examples for start, end, _ in e.spans]
    nlp = spancat.new_pipeline(recipe.language, recipe.labels, spancat.token_counts(recipe.language, coded))
    spancat.train(nlp, [(e.text, e.spans) for e in examples], recipe.seed, recipe.epochs, ticks.advance)
    return nlp


def _curve_point(recipe: _Recipe, train, test, ticks, thresholds) -> dict[str, Any]:
    nlp = _trained(recipe, train, ticks)
    wanted = {label: thresholds.get(label, THRESHOLD) for label in recipe.labels}
    if recipe.kind == "span":
        found = list(spancat.found(nlp, (e.text for e in test), wanted))
        return {"examples": len(train), "codes": span_figures([e.spans for e in test], found, recipe.labels)}
    predicted = list(classifier.scores(nlp, (example.text for example in test)))
    return {"examples": len(train), "codes": figures([e.cats for e in test], predicted, recipe.labels, wanted)}


def _metrics(data: TrainingData, test: Sequence[Example], learning: list[dict[str, Any]], recipe: _Recipe,
             test_share: float) -> dict[str, Any]:
    """JSON-ready: the settings, and per code UUID the example counts and held-out figures."""
    held_out = learning[-1]["codes"] if learning else {}
    totals, tested = counts((e.cats for e in data.examples), data.labels), counts((e.cats for e in test), data.labels)
    codes = {label: {**totals[label], "held_out": tested[label],
                     **held_out.get(label, {"precision": None, "recall": None, "f1": None})} for label in data.labels}
    return {"kind": recipe.kind, "seed": recipe.seed, "test_share": test_share, "epochs": recipe.epochs,
            "language": recipe.language,
            "documents": len({e.document_id for e in data.examples}),
            "held_out_documents": len({e.document_id for e in test}), "examples": len(data.examples),
            "codes": codes, "curve": learning}


def _version(created: str, blob: bytes) -> str:
    stamp = created.replace("-", "").replace(":", "")
    return f"{stamp}-{hashlib.sha256(blob).hexdigest()[:10]}"


def _count_documents(conn: sqlite3.Connection, coder_id: int) -> int:
    query = "SELECT count(DISTINCT document_id) FROM annotations WHERE coder_id = ?"
    return conn.execute(query, (coder_id,)).fetchone()[0]


# -------------------------------------------------------------------------------------- prediction
@dataclass(frozen=True)
class _Candidate:
    document_id: int
    start: int
    end: int
    text: str
    rejected: frozenset[str]


def _candidates(conn, services, rows: CoderRows, ids: Sequence[int], ticks: Ticks) -> list[_Candidate]:
    """The uncoded sentences of ``ids``, with the codes the coder rejected on each."""
    found = []
    for document_id, text in texts(conn, ids):
        places = Places(text, services.sentences(text))
        coded = places.touched(rows.annotations.get(document_id, []))
        _, _, rejected = places.marks([], rows.rejections.get(document_id, []))
        found += [_Candidate(document_id, start, end, text[start:end], frozenset(rejected[i]))
                  for i, (start, end) in enumerate(places.sentences) if i not in coded]
        ticks.advance()
    return found


def _suggested(nlp, candidates: Sequence[_Candidate], wanted: Mapping[str, tuple[int, float]]) -> list[SuggestedSpan]:
    spans = []
    for candidate, scores in zip(candidates, classifier.scores(nlp, (c.text for c in candidates))):
        for label, (code_id, threshold) in wanted.items():
            score = scores.get(label, 0.0)
            if score >= threshold and label not in candidate.rejected:
                spans.append((candidate.document_id, candidate.start, candidate.end, code_id, score))
    return spans


def _suggested_spans(nlp, candidates: Sequence[_Candidate], wanted: Mapping[str, tuple[int, float]]
                     ) -> list[SuggestedSpan]:
    """A span model's: the spans it finds in each candidate sentence, for codes not rejected there."""
    thresholds = {label: threshold for label, (_, threshold) in wanted.items()}
    spans = []
    for candidate, found in zip(candidates, spancat.found(nlp, (c.text for c in candidates), thresholds)):
        spans += [(candidate.document_id, candidate.start + start, candidate.start + end, wanted[label][0], score)
                  for start, end, label, score in found if label not in candidate.rejected]
    return spans


def _wanted_codes(conn, model: TrainedModel, thresholds: Mapping[int, float], min_f1: float
                  ) -> dict[str, tuple[int, float]]:
    """Per label that may be suggested: its code id now and its threshold."""
    codable = dict(conn.execute("SELECT uuid, id FROM codes WHERE codable"))
    by_uuid = {**model.thresholds, **_thresholds_by_uuid(conn, thresholds, codable)}
    wanted = {}
    for label, code in model.metrics.get("codes", {}).items():
        if label in codable and passes_min_f1(code, min_f1):
            wanted[label] = (codable[label], by_uuid.get(label, THRESHOLD))
    return wanted


def passes_min_f1(figures: Mapping[str, Any], min_f1: float) -> bool:
    """Whether a code with these held-out ``figures`` (``metrics["codes"][uuid]``) may be suggested at
    ``min_f1``: one without a measured F1 only at 0. The app says which codes a minimum leaves out by it."""
    f1 = figures.get("f1")
    return min_f1 == 0 or (f1 is not None and f1 >= min_f1)


def _thresholds_by_uuid(conn, thresholds: Mapping[int, float], labels: Iterable[str]) -> dict[str, float]:
    """Thresholds given by code id, keyed by code UUID (only for ``labels``)."""
    for value in thresholds.values():
        _check_share(value, "A threshold")
    uuids = dict(conn.execute("SELECT id, uuid FROM codes"))
    unknown = [code_id for code_id in thresholds if code_id not in uuids]
    if unknown:
        raise NotFoundError(f"There is no code {unknown[0]} in this project.")
    wanted = set(labels)
    return {uuids[code_id]: float(value) for code_id, value in thresholds.items() if uuids[code_id] in wanted}


def _documents(conn: sqlite3.Connection, document_ids: Optional[Iterable[int]]) -> list[int]:
    known = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
    if document_ids is None:
        return known
    ids = list(dict.fromkeys(document_ids))
    missing = set(ids) - set(known)
    if missing:
        raise NotFoundError(f"There is no document {min(missing)} in this project.")
    return ids


def _check_settings(seed: int, test_share: float, epochs: Optional[int], curve: Sequence[float], kind: str) -> None:
    if kind not in KINDS:
        raise AnnotatorError(f"A model is of kind {' or '.join(KINDS)}, not {kind!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise AnnotatorError(f"The seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}.")
    if not 0 <= test_share < 1:
        raise AnnotatorError(f"The held-out share must be at least 0 and below 1, not {test_share!r}.")
    if epochs is not None and (not isinstance(epochs, int) or epochs < 1):
        raise AnnotatorError(f"Training needs at least one pass over the examples, not {epochs!r}.")
    if not curve or any(not 0 < share <= 1 for share in curve):
        raise AnnotatorError("The learning curve's shares must lie above 0 and at most 1.")


def _check_share(value: float, what: str) -> None:
    if not 0 <= value <= 1:
        raise AnnotatorError(f"{what} must lie between 0 and 1, not {value!r}.")
