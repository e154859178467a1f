"""Kappa-type coefficients and percent agreement for predefined units.

All take a coders x units matrix (nested lists with ``None`` or arrays with NaN for missing)
and return an :class:`AgreementResult` with ``observed = p_o`` and ``expected = p_e``;
``value = (p_o − p_e)/(1 − p_e)``, undefined when ``p_e = 1``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import replace

import numpy as np

from annotator.agreement._data import Labels, Matrix, encode
from annotator.agreement.result import (
    AgreementDataError,
    AgreementResult,
    Counts,
    ratio_result,
    undefined,
    warn_all,
)

_ONE_CATEGORY = "only one category occurs, so chance agreement is 1"


def _ratings(codes: np.ndarray) -> np.ndarray:
    """Number of values per unit (coders who rated it)."""
    return np.asarray(np.count_nonzero(codes >= 0, axis=0))


def _agreeing_pairs(codes: np.ndarray) -> np.ndarray:
    """Per unit, ``Σ_c n_uc (n_uc − 1)``: ordered pairs of coders who gave the same value.

    Built from coder pairs (O(m² N)), never from a units x values table, which for millions
    of characters and a few dozen values would take gigabytes."""
    out = np.zeros(codes.shape[1])
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            out += 2.0 * ((codes[i] == codes[j]) & (codes[i] >= 0))
    return out


def _value_totals(codes: np.ndarray, n_values: int, weight: np.ndarray | None = None) -> np.ndarray:
    """``Σ_u n_uc`` per value c (each rating weighted by ``weight[u]`` if given)."""
    out = np.zeros(n_values)
    for row in codes:
        ok = row >= 0
        out += np.bincount(row[ok], None if weight is None else weight[ok], minlength=n_values)
    return out


def _kappa(measure: str, p_o: float, p_e: float, counts: Counts) -> AgreementResult:
    result = ratio_result(measure, 1.0 - p_o, 1.0 - p_e, _ONE_CATEGORY, counts)
    return replace(result, observed=p_o, expected=p_e)


def _pair_agreement(codes: np.ndarray) -> tuple[float | None, int]:
    r = _ratings(codes)
    rated = r >= 2
    if not rated.any():
        return None, 0
    share = _agreeing_pairs(codes[:, rated]) / (r[rated] * (r[rated] - 1.0))
    return float(share.mean()), int(rated.sum())


def percent_agreement(matrix: Matrix) -> AgreementResult:
    """Raw (percent) agreement: the mean over units of the share of agreeing coder pairs.

    For unit u with ``r_u ≥ 2`` values, ``P_u = Σ_c n_uc (n_uc − 1) / (r_u (r_u − 1))``;
    the result is the mean of ``P_u`` (Fleiss 1971's P̄; DKPro ``PercentageAgreement``
    per item; Gwet 2014's ``p_a``). With two coders this is the share of units both coded
    identically. Units with fewer than two values are skipped. Reported as a proportion.
    """
    codes, labels = encode(matrix)
    value, n = _pair_agreement(codes)
    if value is None:
        counts = Counts(n_units=0, n_coders=codes.shape[0])
        return undefined("percent agreement", "no unit has values from two coders", counts)
    return AgreementResult(value, "percent agreement", n_units=n, n_coders=codes.shape[0], observed=value)


def _two_coders(matrix: Matrix, categories: Iterable[Hashable] | None,
                measure: str) -> tuple[np.ndarray, Labels, tuple[str, ...]]:
    codes, labels = encode(matrix, categories)
    if codes.shape[0] != 2:
        raise AgreementDataError(f"{measure} compares exactly two coders; got {codes.shape[0]}.")
    complete = (codes >= 0).all(axis=0)
    notes = []
    if not complete.all():
        notes.append(f"{measure}: {int((~complete).sum())} unit(s) without a value from both coders were left out.")
    return codes[:, complete], labels, warn_all(notes)


def _table(codes: np.ndarray, n_values: int) -> np.ndarray:
    pairs = np.bincount(codes[0] * n_values + codes[1], minlength=n_values * n_values)
    return pairs.reshape(n_values, n_values).astype(float)


def cohen_kappa(matrix: Matrix, weights: str | None = None, *,
                categories: Iterable[Hashable] | None = None) -> AgreementResult:
    """Cohen's kappa for two coders (Cohen 1960); weighted kappa (Cohen 1968) with ``weights``.

    ``p_o = Σ_c n_cc / N``, ``p_e = Σ_c (n_c· / N)(n_·c / N)``: each coder keeps their own
    marginals. Weighted: ``κ_w = 1 − Σ w_ck o_ck / Σ w_ck e_ck`` with disagreement weights
    ``w = |i − k|`` ("linear") or ``(i − k)²`` ("quadratic") on the category ranks (sorted
    labels, or the order of ``categories``), as in sklearn's ``cohen_kappa_score``. Units
    lacking a value from either coder are left out with a warning.
    """
    measure = "Cohen's kappa" + (f" ({weights} weights)" if weights else "")
    codes, labels, notes = _two_coders(matrix, categories, measure)
    counts = Counts(n_units=codes.shape[1], n_coders=2, warnings=notes)
    if codes.shape[1] == 0:
        return undefined(measure, "no unit was coded by both coders", counts)
    table = _table(codes, len(labels)) / codes.shape[1]
    ranks = np.arange(len(labels))
    w = {None: (ranks[:, None] != ranks[None, :]).astype(float), "linear": np.abs(np.subtract.outer(ranks, ranks)),
         "quadratic": np.subtract.outer(ranks, ranks) ** 2.0}.get(weights)
    if w is None:
        raise AgreementDataError(f"Unknown weights {weights!r}; use None, 'linear' or 'quadratic'.")
    expected = np.outer(table.sum(axis=1), table.sum(axis=0))
    d_o, d_e = float((w * table).sum()), float((w * expected).sum())
    result = ratio_result(measure, d_o, d_e, _ONE_CATEGORY, counts)
    return replace(result, observed=1 - d_o, expected=1 - d_e)


def scott_pi(matrix: Matrix, *, categories: Iterable[Hashable] | None = None) -> AgreementResult:
    """Scott's pi for two coders (Scott 1955): chance agreement from pooled marginals.

    ``p_o = Σ_c n_cc / N``, ``p_e = Σ_c ((n_c· + n_·c) / 2N)²``. Units lacking a value from
    either coder are left out with a warning.
    """
    codes, labels, notes = _two_coders(matrix, categories, "Scott's pi")
    counts = Counts(n_units=codes.shape[1], n_coders=2, warnings=notes)
    if codes.shape[1] == 0:
        return undefined("Scott's pi", "no unit was coded by both coders", counts)
    table = _table(codes, len(labels)) / codes.shape[1]
    pooled = (table.sum(axis=0) + table.sum(axis=1)) / 2.0
    return _kappa("Scott's pi", float(np.trace(table)), float((pooled**2).sum()), counts)


def fleiss_kappa(matrix: Matrix) -> AgreementResult:
    """Fleiss' kappa (Fleiss 1971), classic form: every unit has the same number n of ratings.

    ``P_i = (Σ_j n_ij² − n) / (n (n − 1))``, ``P̄ = mean P_i``, ``p_j = Σ_i n_ij / (N n)``,
    ``P̄_e = Σ_j p_j²``, ``κ = (P̄ − P̄_e) / (1 − P̄_e)``. The raters may differ between units.
    Data with a varying number of ratings per unit are refused (Gwet's generalisation is a
    different coefficient); units nobody rated are left out with a warning.
    """
    codes, labels = encode(matrix)
    r = _ratings(codes)
    notes = []
    if (r == 0).any():
        notes.append(f"Fleiss' kappa: {int((r == 0).sum())} unit(s) without any rating were left out.")
        codes, r = codes[:, r > 0], r[r > 0]
    if r.size and (r.min() != r.max() or r[0] < 2):
        raise AgreementDataError(
            "Fleiss' kappa needs the same number (at least 2) of ratings for every unit; "
            f"here units have between {int(r.min())} and {int(r.max())}. Use Krippendorff's alpha for missing ratings."
        )
    info = Counts(n_units=len(r), n_coders=int(r[0]) if r.size else 0, warnings=warn_all(notes))
    if not r.size:
        return undefined("Fleiss' kappa", "no unit was rated", info)
    p_bar, _ = _pair_agreement(codes)
    assert p_bar is not None  # every unit has two or more ratings (checked above)
    totals = _value_totals(codes, len(labels))
    p_j = totals / totals.sum()
    return _kappa("Fleiss' kappa", p_bar, float((p_j**2).sum()), info)


def gwet_ac1(matrix: Matrix, *, categories: Iterable[Hashable] | None = None) -> AgreementResult:
    """Gwet's AC1 (Gwet 2008, BJMSP 61:29–48; Gwet 2014, *Handbook of Inter-Rater Reliability*).

    ``p_a`` is the mean over units rated at least twice of the share of agreeing rater pairs;
    ``π_k`` is the mean over units rated at least once of the share of ratings in ``k``;
    ``p_e = Σ_k π_k (1 − π_k) / (q − 1)`` with ``q`` the number of categories (those that occur,
    or the length of ``categories``). Missing ratings are handled as in Gwet's irrCAC.
    """
    codes, labels = encode(matrix, categories)
    p_a, n = _pair_agreement(codes)
    info = Counts(n_units=n, n_coders=codes.shape[0])
    if p_a is None:
        return undefined("Gwet's AC1", "no unit has ratings from two coders", info)
    if len(labels) < 2:
        return undefined("Gwet's AC1", "only one category exists, so q − 1 = 0", info)
    r = _ratings(codes).astype(float)
    inverse = np.divide(1.0, r, out=np.zeros_like(r), where=r > 0)
    pi = _value_totals(codes, len(labels), inverse) / np.count_nonzero(r)  # mean over rated units of each unit's shares
    return _kappa("Gwet's AC1", p_a, float((pi * (1 - pi)).sum() / (len(labels) - 1)), info)
