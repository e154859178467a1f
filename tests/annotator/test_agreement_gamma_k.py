"""γ-k per code (annotator.agreement.gamma, gamma_cat) by hand and against pygamma's definition.

Source: Mathet (2017), "The agreement measure γcat, a complement to γ focused on categorization of a
continuum", Computational Linguistics 43(3):661–681, §4.2 (γ-cat, and γ-k per category), as
pygamma-agreement 0.5.9 implements it (github.com/bootphon/pygamma-agreement, commit 44587ef, MIT
licence): ``Alignment.gamma_k_disorder`` in pygamma_agreement/alignment.py (which pairs count, their
weights) and ``GammaResults.gamma_k`` in pygamma_agreement/continuum.py (observed on the best
alignment, expected as the mean over the chance continua's best alignments). ``_pygamma_sums`` below
transcribes that loop, without pygamma's "experimental" term for units aligned with ∅ (weight Δ∅,
disorder Δ∅², not in the paper; left out of γ-cat too). pygamma-agreement is not installed here
(its cvxopt is GPL), so the figures are checked by hand and against that transcription applied to
the alignments, observed and chance, that the same random stream gives.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import gamma_continuum

from annotator.agreement import gamma, gamma_documents
from annotator.agreement.gamma_alignment import Continua, best_alignment
from annotator.agreement.gamma_dissimilarity import Dissimilarity, Units
from annotator.agreement.gamma_sampler import fit, sample


def _pygamma_sums(alignment, category, alpha: float) -> tuple[float, float]:
    """Σ w·d_cat and Σ w of pygamma 0.5.9's ``Alignment.gamma_k_disorder`` (``category=None``: γ-cat);
    ``alignment`` holds unitary alignments as tuples of ``(start, end, code)`` or ``None`` per coder."""
    total_disorder = total_weight = 0.0
    for units in alignment:
        nv = sum(u is not None for u in units)
        weight_base = 0 if nv < 2 else 1 / (nv - 1)
        for i, unit1 in enumerate(units):
            for unit2 in units[i + 1:]:
                if category is not None and ((unit1 is None or unit1[2] != category)
                                             and (unit2 is None or unit2[2] != category)):
                    continue
                if unit1 is None or unit2 is None:
                    continue  # pygamma's experimental unaligned term: left out
                d_pos = ((abs(unit1[0] - unit2[0]) + abs(unit1[1] - unit2[1]))
                         / (unit1[1] - unit1[0] + unit2[1] - unit2[0])) ** 2
                weight = weight_base * max(0.0, 1 - alpha * d_pos)
                total_disorder += (unit1[2] != unit2[2]) * weight
                total_weight += weight
    return total_disorder, total_weight


def _as_tuples(result) -> list[tuple]:
    return [tuple(None if u is None else (u.start, u.end, u.label) for u in a.units) for a in result.alignment]


def test_a_pair_of_two_codes_counts_for_both_by_hand():
    # Aligned: (a, a) at 0-10 and (b, a) at 20-30, same places (d_pos = 0, weight 1 each). γ-cat's observed
    # disorder is (0 + 1)/2; γ-k(a) takes both pairs, 1/2; γ-k(b) only the second, 1/1.
    result = gamma(40, {"x": [(0, 10, "a"), (20, 30, "b")], "y": [(0, 10, "a"), (20, 30, "a")]}, n_samples=5)
    assert result.gamma_cat.observed == pytest.approx(0.5)
    assert result.gamma_k["a"].observed == pytest.approx(0.5)
    assert result.gamma_k["b"].observed == pytest.approx(1.0)
    assert (result.gamma_k["a"].n_units, result.gamma_k["b"].n_units) == (3, 1)


def test_weights_are_the_pairing_confidence_over_n_v_minus_one_by_hand():
    # One unitary alignment of three units (n_v = 3, base weight 1/2): x, y at 0-10 (code a), z at 0-12 (b).
    # d_pos(x, z) = d_pos(y, z) = (2/22)² = 1/121; with α = 3 their weight is (1 − 3/121)/2, x-y's is 1/2.
    result = gamma(20, {"x": [(0, 10, "a")], "y": [(0, 10, "a")], "z": [(0, 12, "b")]}, alpha=3, n_samples=3)
    w = (1 - 3 / 121) / 2
    assert result.gamma_k["a"].observed == pytest.approx(2 * w / (0.5 + 2 * w))
    assert result.gamma_k["b"].observed == pytest.approx(1.0)
    assert result.gamma_cat.observed == pytest.approx(result.gamma_k["a"].observed)


@pytest.mark.parametrize("name,alpha", [("AlexPaulSuzan.csv", 3.0), ("3by100.csv", 3.0), ("3by100.csv", 1.0)])
def test_observed_disorder_is_pygamma_s_loop_on_the_best_alignment(name, alpha):
    by_coder = gamma_continuum(name)
    length = max(end for spans in by_coder.values() for _, end, _ in spans)
    result = gamma(length, by_coder, alpha=alpha, n_samples=1)
    for code, found in result.gamma_k.items():
        disorder, weight = _pygamma_sums(_as_tuples(result), code, alpha)
        if weight:
            assert found.observed == pytest.approx(disorder / weight, rel=1e-12)
        else:
            assert found.value is None and "aligned with another coder's unit with any" in found.reason


def _chance_alignments(by_coder: dict, n_samples: int, seed: int) -> list[list[tuple]]:
    """The best alignments of the chance continua ``gamma(seed=seed)`` draws for a single document:
    the first stream of ``SeedSequence(seed)``, pygamma's statistical sampler fitted to the text."""
    labels = sorted({c for spans in by_coder.values() for _, _, c in spans})
    rows = [np.array(sorted((s, e, labels.index(c)) for s, e, c in spans), dtype=float).reshape(-1, 3)
            for spans in by_coder.values()]
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    which, coder, start, end, cat = sample(fit(rows, len(labels)), len(rows), n_samples, rng)
    out = []
    for j in range(n_samples):
        mine = which == j
        units = Units(start[mine], end[mine], cat[mine].astype(np.int64))
        continua = Continua(len(rows), 1, np.zeros(int(mine.sum()), np.int64), coder[mine].astype(np.int64), units)
        best = best_alignment(continua, Dissimilarity())
        out.append([tuple(None if r < 0 else (units.start[r], units.end[r], labels[units.cat[r]]) for r in row)
                    for row in best.rows])
    return out


def test_expected_disorder_is_the_mean_over_the_chance_continua_where_it_is_defined():
    # A rare code ("r", one span) is aligned in some chance continua and not in others: its expected disorder
    # is the mean over the continua where some pair holds it (pygamma would count the others as 1).
    by_coder = {"x": [(0, 10, "a"), (12, 20, "b"), (30, 41, "a"), (50, 58, "r")],
                "y": [(1, 10, "a"), (12, 22, "a"), (31, 40, "b")],
                "z": [(0, 9, "b"), (13, 20, "b"), (30, 40, "a"), (49, 57, "a")]}
    result = gamma(60, by_coder, n_samples=12, seed=5)
    chance = _chance_alignments(by_coder, 12, 5)
    undefined_somewhere = False
    for code, found in result.gamma_k.items():
        ratios = []
        for alignment in chance:
            disorder, weight = _pygamma_sums(alignment, code, 1.0)
            if weight > 0:
                ratios.append(disorder / weight)
        undefined_somewhere |= len(ratios) < len(chance)
        assert found.expected == pytest.approx(np.mean(ratios), rel=1e-9)
        assert found.value == pytest.approx(1 - found.observed / found.expected)
    assert undefined_somewhere  # the test reaches a chance continuum without any pair of some code
    cat = [d / w for d, w in (_pygamma_sums(a, None, 1.0) for a in chance) if w > 0]
    assert result.gamma_cat.expected == pytest.approx(np.mean(cat), rel=1e-9)


def test_identical_coders_give_one_per_code():
    spans = [(0, 10, "a"), (15, 30, "b"), (40, 41, "a")]
    result = gamma(50, {"x": spans, "y": list(spans)}, n_samples=4)
    assert {code: r.value for code, r in result.gamma_k.items()} == {"a": 1.0, "b": 1.0}
    assert result.gamma_k["a"].observed == 0.0


def test_undefined_per_code_says_why():
    # "c" is marked by x alone: no pair holds it (pygamma's loop would return disorder 0, so γ-k = 1).
    alone = gamma(100, {"x": [(0, 10, "a"), (60, 70, "c")], "y": [(0, 10, "b")]}, n_samples=30)
    assert alone.gamma_k["c"].value is None and "aligned" in alone.gamma_k["c"].reason
    assert alone.gamma_k["a"].value is not None
    # One chance continuum (seed 0) where no unit of code "3" is aligned: undefined, its observed disorder kept.
    few = gamma(60, gamma_continuum("AlexPaulSuzan.csv"), alpha=3, n_samples=1, seed=0).gamma_k["3"]
    assert few.value is None and "in the chance continua" in few.reason and few.observed == pytest.approx(1.0)
    one_coder = gamma(10, {"x": [(0, 5, "a")]})
    assert one_coder.gamma_k["a"].value is None and "fewer than two coders" in one_coder.gamma_k["a"].reason


def test_documents_list_their_own_codes_and_pool_the_sums():
    docs = {"a": (60, gamma_continuum("AlexPaulSuzan.csv")),
            "b": (30, {"x": [(0, 10, "1"), (12, 20, "q")], "y": [(1, 10, "1")], "z": [(0, 9, "q")]}),
            "c": (30, {"x": [(0, 10, "only here")]})}
    result = gamma_documents(docs, n_samples=6, seed=2)
    assert result.by_document["a"] == gamma(60, docs["a"][1], n_samples=6, seed=2)  # its codes only
    assert set(result.by_document["b"].gamma_k) == {"1", "q"}
    assert set(result.by_document["c"].gamma_k) == {"only here"}
    pooled = result.pooled.gamma_k
    assert "no coder used this code" in pooled["only here"].reason  # c is left out of the pool (one coder)
    sums = [_pygamma_sums(_as_tuples(result.by_document[d]), "1", 1.0) for d in ("a", "b")]
    assert pooled["1"].observed == pytest.approx(sum(d for d, _ in sums) / sum(w for _, w in sums))
    assert pooled["1"].n_units == 3 + 2 and pooled["1"].n_documents == 2


def test_gamma_k_says_how_many_of_its_code_s_spans_were_aligned():
    """A code one coder used eight times and the other once: γ-k is 1 (the one aligned pair agrees), and it
    carries that only 2 of the code's 9 spans stand behind it; a code whose spans are all aligned says nothing."""
    ana = [(s, s + 20, "claim") for s in (0, 100, 200, 300, 400, 500, 600, 700)] + [(850, 870, "attack")]
    ben = [(0, 20, "claim"), (850, 870, "attack")]
    result = gamma(1000, {"Ana": ana, "Ben": ben}, seed=1)
    claim, attack = result.gamma_k["claim"], result.gamma_k["attack"]
    assert claim.value == 1.0 and claim.n_units == 9 and claim.coverage == pytest.approx(2 / 9)
    assert "γ-k rests on 2 of the code's 9 spans; the other 7 were aligned with no span of another coder" \
        in claim.warnings[-1]
    assert attack.value == 1.0 and attack.coverage == 1.0 and not any("γ-k rests" in w for w in attack.warnings)


def test_a_code_no_span_of_which_was_aligned_has_coverage_0_and_is_undefined():
    result = gamma(1000, {"Ana": [(0, 20, "claim"), (500, 520, "attack")], "Ben": [(0, 20, "claim")]}, seed=1)
    attack = result.gamma_k["attack"]
    assert attack.value is None and attack.coverage == 0.0 and "aligned" in attack.reason
