"""How good a coder's model is, measured on the coder's own data: a split BY DOCUMENT (sentences
of one document are alike, so a sentence split would flatter the model), precision, recall and F1
per code on the held-out documents (a span model's by exact span), and a learning curve (F1
against training examples).

Figures a split cannot give are ``None``, never 0: precision without any predicted positive,
recall without any held-out positive, F1 when there is neither (F1 = 2tp / (2tp + fp + fn)).
With fewer than two coded documents nothing is held out and every figure is ``None``.
"""
from __future__ import annotations

import random
from typing import Iterable, Mapping, Optional, Sequence

TEST_SHARE = 0.2
CURVE = (0.25, 0.5, 0.75, 1.0)   # shares of the training part the learning curve trains on


def split_documents(document_ids: Iterable[int], seed: int, test_share: float = TEST_SHARE
                    ) -> tuple[frozenset[int], frozenset[int]]:
    """(training, held-out) document ids: a seeded shuffle, ``test_share`` of them held out
    (rounded, at least one and at most all but one when there are two or more; none for a share of 0)."""
    ids = sorted(set(document_ids))
    random.Random(seed).shuffle(ids)
    held = 0 if len(ids) < 2 or not test_share else min(len(ids) - 1, max(1, round(len(ids) * test_share)))
    return frozenset(ids[held:]), frozenset(ids[:held])


def prefix_sizes(count: int, shares: Sequence[float]) -> list[int]:
    """How many training examples each point of the learning curve uses (distinct, at least one)."""
    return sorted({max(1, round(count * share)) for share in shares}) if count else []


def figures(truth: Sequence[Mapping[str, float]], predicted: Sequence[Mapping[str, float]], labels: Iterable[str],
            thresholds: Mapping[str, float]) -> dict[str, dict[str, Optional[float]]]:
    """Per label: precision, recall, F1 at its threshold, over the examples where it is known."""
    return {label: _figures(truth, predicted, label, thresholds[label]) for label in labels}


def _figures(truth, predicted, label: str, threshold: float) -> dict[str, Optional[float]]:
    tp = fp = fn = 0
    for cats, scores in zip(truth, predicted):
        if label not in cats:
            continue
        said, is_ = scores.get(label, 0.0) >= threshold, cats[label] >= 0.5
        tp, fp, fn = tp + (said and is_), fp + (said and not is_), fn + (is_ and not said)
    return {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn), "f1": _ratio(2 * tp, 2 * tp + fp + fn)}


def span_figures(truth: Sequence[Iterable[tuple[int, int, str]]], predicted: Sequence[Iterable[tuple]],
                 labels: Iterable[str]) -> dict[str, dict[str, Optional[float]]]:
    """A span model's per label: precision, recall, F1 of its spans by exact match (same start, end and
    label) against the coder's, sentence by sentence (``predicted``: (start, end, label, ...) per sentence)."""
    true = {(i, start, end, label) for i, spans in enumerate(truth) for start, end, label in spans}
    said = {(i, found[0], found[1], found[2]) for i, spans in enumerate(predicted) for found in spans}
    result = {}
    for label in labels:
        tp = sum(1 for span in said & true if span[3] == label)
        fp, fn = sum(1 for span in said if span[3] == label) - tp, sum(1 for span in true if span[3] == label) - tp
        result[label] = {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                         "f1": _ratio(2 * tp, 2 * tp + fp + fn)}
    return result


def counts(truth: Iterable[Mapping[str, float]], labels: Iterable[str]) -> dict[str, dict[str, int]]:
    """Per label: how many positive and negative examples."""
    result = {label: {"positive": 0, "negative": 0} for label in labels}
    for cats in truth:
        for label, value in cats.items():
            if label in result:
                result[label]["positive" if value >= 0.5 else "negative"] += 1
    return result


def _ratio(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None
