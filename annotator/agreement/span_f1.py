"""Span-level F1 between two coders (the NLP convention; Hripcsak & Rothschild 2005)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from annotator.agreement.result import AgreementDataError, AgreementResult, Counts, undefined

MATCHES = ("exact", "overlap")
#: A span as given: ``(start, end, code)`` or ``(document, start, end, code)``.
Span = Sequence[Any]
_Key = tuple[Hashable, int, int, Hashable]


def _key(span: Span) -> _Key:
    """``(doc, start, end, code)`` from ``(start, end, code)`` or ``(doc, start, end, code)``."""
    if len(span) == 3:
        start, end, code = span
        return (None, start, end, code)
    if len(span) == 4:
        doc, start, end, code = span
        return (doc, start, end, code)
    raise AgreementDataError(f"A span is (start, end, code) or (document, start, end, code); got {span!r}.")


def _matched(spans: list[_Key], others: list[_Key]) -> int:
    """How many of ``spans`` share at least one character with a same-code span in ``others``."""
    by_group: dict[tuple[Hashable, Hashable], list[tuple[int, int]]] = {}
    for doc, start, end, code in others:
        by_group.setdefault((doc, code), []).append((start, end))
    hits = 0
    for doc, start, end, code in spans:
        group = by_group.get((doc, code))
        if group:
            starts, ends = np.array(group).T
            hits += bool(np.any((starts < end) & (ends > start)))
    return hits


def span_f1(spans_a: Iterable[Span], spans_b: Iterable[Span], match: str = "exact") -> AgreementResult:
    """F1 between two coders' spans, symmetric in the coders; ``observed`` is precision and
    ``expected`` recall with coder A as reference.

    * ``match="exact"``: a span matches when the other coder has a span with the same start,
      end and code (one-to-one, duplicates counted as a multiset). ``F1 = 2TP/(|A| + |B|)``,
      which equals the Holsti index and the Dice coefficient.
    * ``match="overlap"`` (lenient): a span of A counts as found when it shares at least one
      character with a span of the same code in B, and vice versa; recall = found A spans / |A|,
      precision = found B spans / |B|, F1 their harmonic mean. Not one-to-one: one long span
      can match several short ones.

    Spans are ``(start, end, code)`` (half-open) or ``(document, start, end, code)`` to pool
    several documents. Undefined when neither coder has a span.
    """
    if match not in MATCHES:
        raise AgreementDataError(f"match must be 'exact' or 'overlap'; got {match!r}.")
    a, b = [_key(s) for s in spans_a], [_key(s) for s in spans_b]
    measure, counts = f"span F1 ({match} match)", Counts(n_units=len(a) + len(b), n_coders=2, unit="spans")
    if not a and not b:
        return undefined(measure, "neither coder marked a span", counts)
    if match == "exact":
        tp = sum((Counter(a) & Counter(b)).values())
        precision, recall = (tp / len(b) if b else 0.0), (tp / len(a) if a else 0.0)
        return AgreementResult(2 * tp / (len(a) + len(b)), measure, observed=precision, expected=recall, **counts)
    recall = _matched(a, b) / len(a) if a else 0.0
    precision = _matched(b, a) / len(b) if b else 0.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return AgreementResult(f1, measure, observed=precision, expected=recall, **counts)
