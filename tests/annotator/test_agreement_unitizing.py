"""Unitizing measures: the uα family (2016) and the older αU (1995/2004).

Published numbers for αU come from Krippendorff (1995) and Krippendorff (2004, p. 254) as encoded
in DKPro Statistics' tests. For the uα family the one published three-coder example, Krippendorff
(2019, Fig. 12.11), is read from its transcription in quallmer's tests (the book itself was not
available); the family is also tested against a second implementation's test value and against
a direct, loop-by-loop transcription of the formulas in agreement-measures.md §4.2 on random data.
"""

import warnings
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    AgreementDataError,
    AgreementWarning,
    alpha_u_2004,
    alpha_u_2004_by_code,
    alpha_u_2004_documents,
    unitized_alpha,
    unitized_alpha_documents,
)

# ---------------------------------------------------------------- αU (1995/2004), DKPro/INCEpTION


def krippendorff_2004_p254():
    """Krippendorff (2004, p. 254): continuum 150..450, two observers, codes c and k (DKPro's encoding)."""
    def spans(units):
        return [(begin - 150, begin - 150 + length, code) for begin, length, code in units]

    i = spans([(225, 70, "c"), (370, 30, "c"), (180, 60, "k"), (300, 50, "k")])
    j = spans([(220, 80, "c"), (355, 20, "c"), (400, 20, "c"), (180, 60, "k"), (300, 50, "k")])
    return 300, {"i": i, "j": j}


def test_alpha_u_2004_krippendorff_2004_p254():
    # Krippendorff (2004, p. 254), values as asserted by DKPro's Krippendorff2004Test:
    # overall .8591 (±.0005); c: D_o = .0144, D_e = .0532, αU = .7286; k: D_o = 0, D_e = .0490, αU = 1.
    length, spans = krippendorff_2004_p254()
    assert alpha_u_2004(length, spans).value == pytest.approx(0.8591, abs=5e-4)
    by_code = alpha_u_2004_by_code(length, spans)
    assert by_code["c"].observed == pytest.approx(0.0144, abs=1e-4)
    assert by_code["c"].expected == pytest.approx(0.0532, abs=1e-4)
    assert by_code["c"].value == pytest.approx(0.7286, abs=1e-4)
    assert by_code["k"].observed == 0 and by_code["k"].expected == pytest.approx(0.0490, abs=1e-4)
    assert by_code["k"].value == pytest.approx(1.0)


def krippendorff_1995_p57(stretch=1):
    """Krippendorff (1995, p. 57): four pairs of observers (A..D) on a 24-unit continuum."""
    first = [(2, 8, "A"), (14, 6, "A"), (0, 18, "B"), (2, 6, "C"), (10, 2, "C"), (14, 4, "C"), (20, 2, "C"),
             (0, 2, "D"), (2, 8, "D"), (10, 4, "D"), (14, 6, "D"), (20, 4, "D")]
    second = [(4, 4, "A"), (15, 2, "A"), (0, 2, "B"), (2, 1, "B"), (3, 1, "B"), (4, 1, "B"), (5, 1, "B"), (6, 3, "B"),
              (9, 1, "B"), (0, 2, "C"), (4, 4, "C"), (10, 4, "C"), (16, 2, "C"), (20, 2, "C"), (0, 4, "D"), (4, 4, "D"),
              (8, 7, "D"), (15, 2, "D"), (17, 7, "D")]

    def scale(units):
        return [(b * stretch, (b + n) * stretch, c) for b, n, c in units]

    return 24 * stretch, {"first": scale(first), "second": scale(second)}


def test_alpha_u_2004_krippendorff_1995_observed_disagreements():
    # Krippendorff (1995): D_o = .03125 (A), 2.26736 (B), .02777 (C), .38715 (D).
    by_code = alpha_u_2004_by_code(*krippendorff_1995_p57())
    for code, d_o in {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}.items():
        assert by_code[code].observed == pytest.approx(d_o, abs=1e-5)


def test_alpha_u_2004_krippendorff_1995_alphas_on_a_fine_grid():
    # Krippendorff (1995) used a continuous model; the discrete D_e approaches it when the
    # continuum is stretched (DKPro stretches by 50,000 and allows .02): .553, -.926, .679, .066.
    by_code = alpha_u_2004_by_code(*krippendorff_1995_p57(stretch=50_000))
    for code, alpha in {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}.items():
        assert by_code[code].value == pytest.approx(alpha, abs=0.02)


def test_alpha_u_2004_dkpro_example():
    # Not published: DKPro's own UnitizingAgreementTest (D_o .9100, D_e .5351, αU -.7003).
    result = alpha_u_2004_by_code(10, {"r0": [(1, 9, "A")], "r1": [(2, 3, "A"), (4, 5, "A"), (6, 7, "A")]})["A"]
    assert (result.observed, result.expected, result.value) == pytest.approx((0.9100, 0.5351, -0.7003), abs=1e-4)


def test_alpha_u_2004_single_unit_and_empty_study():
    # DKPro: one unit by one of three raters gives 0.0 (D_o = D_e); an empty study gives NaN: ours is undefined.
    assert alpha_u_2004(20, {"a": [(0, 1, "X")], "b": [], "c": []}).value == pytest.approx(0.0)
    empty = alpha_u_2004(20, {"a": [], "b": [], "c": []})
    assert empty.value is None and empty.reason.startswith("undefined, because")


def test_alpha_u_2004_span_without_a_code_is_not_a_unit_as_in_inception():
    # INCEpTION's AgreementMeasureTestSuite_ImplBase.twoWithoutLabelTest on the text "test": user1 marks
    # [0,1) and [1,2) with no label and [3,4) "A"; user2 [0,1) and [2,3) with no label and [3,4) "B".
    # KrippendorffAlphaUnitizingAgreementMeasureTest.testTwoWithoutLabel_noExcludeIncomplete expects 0.0:
    # INCEpTION adds an unlabelled span as a unit of category null, DKPro's UnitizingAnnotationStudy.createUnit
    # leaves null out of the categories and findNextUnit(units, rater, category) never returns it, so such a
    # span is part of the gap for every category (dkpro-statistics, KrippendorffAlphaUnitizingAgreement).
    spans = {"user1": [(0, 1, None), (1, 2, None), (3, 4, "A")], "user2": [(0, 1, None), (2, 3, None), (3, 4, "B")]}
    with pytest.warns(AgreementWarning, match="without a code"):
        result = alpha_u_2004(4, spans)
    assert result.value == pytest.approx(0.0, abs=1e-12) and result.n_coders == 2
    with pytest.warns(AgreementWarning, match="without a code"):
        by_code = alpha_u_2004_by_code(4, spans)
    assert set(by_code) == {"A", "B"}


def test_alpha_u_2004_documents_pool_sums_not_means():
    length, spans = krippendorff_2004_p254()
    result = alpha_u_2004_documents({"p254": (length, spans),
                                     "agree": (1000, {"i": [(0, 10, "c")], "j": [(0, 10, "c")]})})
    assert result.by_document["p254"].overall.value == pytest.approx(alpha_u_2004(length, spans).value)
    assert result.pooled.overall.n_units == 1300 and result.pooled.overall.value is not None


# ---------------------------------------------------------------- uα family (2016)


def test_u_alpha_zeljkobekcic_example():
    # Not a published number: the test value (.56 ± .01) of zeljkobekcic/KrippendorffUnitizedAlpha,
    # an independent uα implementation; its inclusive offsets are converted to half-open ones.
    spans = {"c1": [(3, 15, "k"), (22, 53, "k")], "c2": [(3, 10, "k"), (22, 53, "k")], "c3": [(22, 46, "k")]}
    result = unitized_alpha(56, spans)
    assert result.u_alpha.value == pytest.approx(0.56, abs=0.01)
    assert result.bar_u_alpha.value == pytest.approx(result.u_alpha.value)  # one code: uα = |uα


def krippendorff_2019_fig_12_11():
    """Krippendorff (2019), *Content Analysis*, 4th ed., Fig. 12.11, p. 340: observers Alex, Paul and
    Suzan on a continuum of 60 with values 1..7. Spans as transcribed in the R package quallmer,
    tests/testthat/test-alpha_u.R (``make_book_example``; cran/quallmer and SeraphineM/quallmer on
    GitHub), which gives 1-based inclusive ``start``/``end``; a half-open span is ``(start - 1, end)``."""
    def half_open(rows):
        return [(start - 1, end, value) for start, end, value in rows]

    alex = [(1, 7, "1"), (8, 13, "2"), (31, 32, "5"), (33, 37, "6"), (38, 44, "6"), (45, 60, "7")]
    paul = [(1, 7, "1"), (8, 13, "3"), (14, 21, "5"), (33, 44, "6")]
    suzan = [(1, 7, "1"), (8, 13, "4"), (14, 21, "5"), (33, 37, "6"), (38, 41, "6"), (42, 44, "6")]
    return 60, {"Alex": half_open(alex), "Paul": half_open(paul), "Suzan": half_open(suzan)}


def test_u_alpha_family_krippendorff_2019_fig_12_11():
    # Published: uα ≈ .510, |uα ≈ .413, cuα ≈ .724 (quallmer's test comments). The book rounds |uα
    # (computed .4136) by about .0006, hence the tolerance there. Only the default "mass"
    # self-pairing gives .724 for cuα ("pairwise" .7256, "union" .7284).
    result = unitized_alpha(*krippendorff_2019_fig_12_11())
    assert round(result.u_alpha.value, 3) == 0.510
    assert result.bar_u_alpha.value == pytest.approx(0.413, abs=0.001)
    assert round(result.cu_alpha.value, 3) == 0.724
    # quallmer's per-value checks: 1, 5, 6 agree fully, 2, 3, 4 not at all; 7 never meets
    # coded text (coverage 0, so (7)uα is undefined here); 8 of the 18 characters valued 5 count.
    k = result.k_u_alpha
    assert all(k[v].value == pytest.approx(1.0) for v in "156")
    assert all(k[v].value == pytest.approx(0.0, abs=1e-12) for v in "234")
    assert k["7"].value is None and k["7"].coverage == 0.0
    assert k["5"].coverage == pytest.approx(8 / 18)


def test_u_alpha_perfect_agreement_is_one():
    spans = [(0, 5, "a"), (9, 15, "b")]
    result = unitized_alpha(20, {"x": spans, "y": spans})
    assert result.u_alpha.value == pytest.approx(1.0) and result.cu_alpha.value == pytest.approx(1.0)
    assert result.k_u_alpha["a"].value == pytest.approx(1.0) and result.cu_alpha.coverage == pytest.approx(11 / 20)


def test_u_alpha_nothing_coded_is_undefined_with_reason():
    result = unitized_alpha(50, {"x": [], "y": []})
    for member in (result.u_alpha, result.bar_u_alpha, result.cu_alpha):
        assert member.value is None and member.reason == "undefined, because no coder coded anything"


def test_u_alpha_with_a_single_coder_is_undefined():
    result = unitized_alpha(50, {"x": [(0, 10, "a")]})
    assert result.u_alpha.value is None and "fewer than two coders" in result.u_alpha.reason


def test_bar_u_alpha_undefined_when_nothing_left_uncoded():
    result = unitized_alpha(10, {"x": [(0, 10, "a")], "y": [(0, 4, "a"), (4, 10, "b")]})
    assert result.bar_u_alpha.value is None and "uncoded" in result.bar_u_alpha.reason


def test_cu_alpha_undefined_when_coded_text_never_meets():
    result = unitized_alpha(30, {"x": [(0, 5, "a")], "y": [(10, 15, "b")]})
    assert result.cu_alpha.value is None and result.u_alpha.value is not None


def test_same_code_overlaps_are_merged_and_zero_length_dropped_with_warnings():
    with pytest.warns(AgreementWarning) as caught:
        messy = unitized_alpha(30, {"x": [(0, 6, "a"), (4, 10, "a"), (12, 12, "b")], "y": [(0, 10, "a")]})
    texts = " ".join(str(w.message) for w in caught)
    assert "merged" in texts and "zero-length" in texts and len(messy.warnings) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clean = unitized_alpha(30, {"x": [(0, 10, "a")], "y": [(0, 10, "a")]})
    assert messy.u_alpha.value == pytest.approx(clean.u_alpha.value)


def test_overlapping_different_codes_are_refused_with_a_clear_error():
    with pytest.raises(AgreementDataError, match="overlapping spans of different codes"):
        unitized_alpha(30, {"x": [(0, 6, "a"), (4, 10, "b")], "y": [(0, 10, "a")]})


def test_spans_outside_the_text_are_refused():
    with pytest.raises(AgreementDataError, match="outside"):
        unitized_alpha(10, {"x": [(5, 12, "a")], "y": []})


# --- a direct transcription of agreement-measures.md §4.2, loop by loop, as the reference -----


def _partition(length, spans):
    out, cursor = [], 0
    for start, end, code in sorted(spans):
        if start > cursor:
            out.append((cursor, start, None))
        out.append((start, end, code))
        cursor = end
    if cursor < length:
        out.append((cursor, length, None))
    return out


def _reference_stats(length, spans_by_coder, variant):
    parts = [_partition(length, spans) for spans in spans_by_coder.values()]
    m = len(parts)
    ell, s, p = defaultdict(float), defaultdict(float), defaultdict(float)
    for i, gi in enumerate(parts):
        for g0, g1, gv in gi:
            s[gv] += (g1 - g0) ** 2 if gv is not None else g1 - g0
            xs, covered = [], set()
            for j, hj in enumerate(parts):
                if j == i:
                    continue
                x = 0
                for h0, h1, hv in hj:
                    inter = max(0, min(g1, h1) - max(g0, h0))
                    ell[gv, hv] += inter / (m - 1)
                    if hv is not None and inter:
                        x += inter
                        covered |= set(range(max(g0, h0), min(g1, h1)))
                xs.append(x)
            if gv is not None:
                p[gv] += {
                    "pairwise": sum(x * x for x in xs) / (m - 1),
                    "union": len(covered) ** 2,
                    "mass": (sum(xs) / (m - 1)) ** 2,
                }[variant]
    return ell, s, p, m * length


def _ratio(num, den):
    return None if den < 1e-9 else 1 - num / den


def _reference_family(stats):
    ell, s, p, tot = stats
    values = {c for c, _ in ell} | {k for _, k in ell} | set(s) | {None}
    codes = sorted(v for v in values if v is not None)
    l_ = {c: sum(ell[c, k] for k in values) for c in values}
    den = tot**2 - sum(s.values())
    eps = {(c, k): tot * (l_[c] * l_[k] - (s[c] if c == k else 0)) / den for c in values for k in values}
    u = _ratio(tot - sum(ell[c, c] for c in values), tot - sum(eps[c, c] for c in values))
    bar = _ratio(sum(ell[None, k] for k in codes), sum(eps[None, k] for k in codes))
    ls = {c: sum(ell[c, k] for k in codes) for c in codes}
    ts, pt = sum(ls.values()), sum(p.values())
    if ts == 0 or ts - pt / ts <= 1e-9 * max(1.0, ts):  # exactly 0 can round to ±1e-15
        return u, bar, None, {k: None for k in codes}
    es = {(c, k): (ls[c] * ls[k] - (p[c] if c == k else 0)) / (ts - pt / ts) for c in codes for k in codes}
    cu = _ratio(ts - sum(ell[c, c] for c in codes), ts - sum(es[c, c] for c in codes))
    ek = {k: sum(es[c, k] for c in codes) for k in codes}
    kk = {k: None if ls[k] == 0 else _ratio(ek[k] / ls[k] * (ls[k] - ell[k, k]), ek[k] - es[k, k]) for k in codes}
    return u, bar, cu, kk


def _merge_stats(stats):
    out = [defaultdict(float), defaultdict(float), defaultdict(float), 0]
    for one in stats:
        for target, source in zip(out[:3], one[:3]):
            for key, value in source.items():
                target[key] += value
        out[3] += one[3]
    return out


@st.composite
def unitized_documents(draw):
    n_coders = draw(st.integers(2, 4))
    docs = []
    for _ in range(draw(st.integers(1, 3))):
        length = draw(st.integers(4, 30))
        spans_by_coder = {}
        for c in range(n_coders):
            cuts = sorted(set(draw(st.lists(st.integers(1, length - 1), max_size=6))) | {0, length})
            codes = draw(st.lists(st.sampled_from([None, "a", "b", "c"]),
                                  min_size=len(cuts) - 1, max_size=len(cuts) - 1))
            spans_by_coder[f"coder{c}"] = [(a, b, code) for a, b, code in zip(cuts, cuts[1:], codes)
                                           if code is not None]
        if n_coders > 2 and draw(st.booleans()):  # this coder did not unitize this document
            del spans_by_coder[f"coder{draw(st.integers(0, n_coders - 1))}"]
        docs.append((length, spans_by_coder))
    return docs


def _close(ours, expected):
    if expected is None or ours.value is None:
        return expected is None and ours.value is None
    return ours.value == pytest.approx(expected, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(unitized_documents(), st.sampled_from(["pairwise", "union", "mass"]))
def test_u_alpha_family_matches_direct_transcription(docs, variant):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = unitized_alpha_documents(docs, cu_pairable=variant).pooled
    stats = _merge_stats([_reference_stats(n, s, variant) for n, s in docs])
    if not any(v for (c, _), v in stats[0].items() if c is not None):
        assert ours.u_alpha.value is None  # nothing coded
        return
    u, bar, cu, kk = _reference_family(stats)
    assert _close(ours.u_alpha, u) and _close(ours.bar_u_alpha, bar) and _close(ours.cu_alpha, cu)
    for code, value in kk.items():
        assert _close(ours.k_u_alpha[code], value)


def test_documents_are_pooled_not_averaged_and_drilled_down():
    short = (10, {"x": [(0, 5, "a")], "y": [(5, 10, "a")]})
    long = (1000, {"x": [(0, 400, "a"), (500, 900, "b")], "y": [(0, 400, "a"), (500, 900, "b")]})
    result = unitized_alpha_documents({"short": short, "long": long})
    per_doc = [result.by_document[d].u_alpha.value for d in ("short", "long")]
    assert result.pooled.u_alpha.value > sum(per_doc) / 2  # the long, agreeing document dominates
    assert result.by_document["long"].u_alpha.value == pytest.approx(unitized_alpha(*long).u_alpha.value)
    assert result.pooled.u_alpha.n_documents == 2 and result.pooled.u_alpha.n_units == 1010


@st.composite
def one_text(draw):
    """One text of 4..30 characters, 2..4 coders who each partition it into coded and uncoded runs."""
    length = draw(st.integers(4, 30))
    out = {}
    for c in range(draw(st.integers(2, 4))):
        cuts = sorted(set(draw(st.lists(st.integers(1, length - 1), max_size=6))) | {0, length})
        codes = draw(st.lists(st.sampled_from([None, "a", "b", "c"]), min_size=len(cuts) - 1, max_size=len(cuts) - 1))
        out[f"coder{c}"] = [(a, b, code) for a, b, code in zip(cuts, cuts[1:], codes) if code is not None]
    return length, out


@settings(max_examples=200, deadline=None)
@given(one_text())
def test_a_coder_who_coded_nothing_leaves_cu_alpha_and_k_u_alpha_unchanged(text):
    # Such a coder adds only uncoded text, which cuα and (k)uα exclude (agreement-measures.md §4.2.5).
    length, spans = text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = unitized_alpha(length, spans)
        after = unitized_alpha(length, {**spans, "silent": []})
    assert _close(after.cu_alpha, before.cu_alpha.value)
    for code, member in before.k_u_alpha.items():
        assert _close(after.k_u_alpha[code], member.value), code


@settings(max_examples=200, deadline=None)
@given(unitized_documents())
def test_cu_alpha_is_at_most_one_and_defined_whenever_two_codes_meet(docs):
    # With the default self-pairing the expected disagreement is positive as soon as two codes
    # have coded text that overlaps other coders' coded text, so cuα never needs the "undefined"
    # escape that the other variants take when their expected disagreement is 0 or negative.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = unitized_alpha_documents(docs)
    for member in (result.pooled, *result.by_document.values()):
        values = [member.cu_alpha.value, *(k.value for k in member.k_u_alpha.values())]
        assert all(v is None or v <= 1 + 1e-12 for v in values)
        if sum((k.coverage or 0) > 0 for k in member.k_u_alpha.values()) >= 2:
            assert member.cu_alpha.value is not None, member.cu_alpha.reason


def test_cu_alpha_variants_with_four_coders_two_of_whom_coded_nothing():
    # Two coders give the same 4 characters different codes; two coded nothing. Under "pairwise"
    # and "union" the expected disagreement of cuα turns negative (α would exceed 1): undefined.
    # Under "mass" it is the plain two-value disagreement, cuα = 0.
    spans = {"w": [], "x": [], "y": [(0, 4, "a")], "z": [(0, 4, "b")]}
    for variant in ("pairwise", "union"):
        result = unitized_alpha(4, spans, cu_pairable=variant).cu_alpha
        assert result.value is None and variant in result.reason
    assert unitized_alpha(4, spans, cu_pairable="mass").cu_alpha.value == pytest.approx(0.0)


# --- αU against a transcription of DKPro's pairwise sweep (KrippendorffAlphaUnitizingAgreement) ---


def _dkpro_distance(b1, l1, unit1, b2, l2, unit2):
    begin_diff, length_diff = b1 - b2, l1 - l2
    if unit1 and unit2 and -l1 < begin_diff < l2:
        return begin_diff**2 + (begin_diff + length_diff) ** 2
    if unit1 and not unit2 and -length_diff >= begin_diff >= 0:
        return l1 * l1
    if not unit1 and unit2 and -length_diff <= begin_diff <= 0:
        return l2 * l2
    return 0


def _dkpro_alpha_u(length, spans_by_coder, code):
    parts = [[(s, e, v == code) for s, e, v in _partition(length, [x for x in spans if x[2] == code])]
             for spans in spans_by_coder.values()]
    r = len(parts)
    d_o = 0.0
    for i in range(r):
        for j in range(i + 1, r):
            for s1, e1, u1 in parts[i]:
                for s2, e2, u2 in parts[j]:
                    if min(e1, e2) > max(s1, s2):
                        d_o += _dkpro_distance(s1, e1 - s1, u1, s2, e2 - s2, u2)
    d_o = 2 * d_o / (r * (r - 1) * length * length)
    units = [e - s for p in parts for s, e, u in p if u]
    gaps = [e - s for p in parts for s, e, u in p if not u]
    n_c, sq = len(units), sum(lu * (lu - 1) for lu in units)
    total = sum((n_c - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3 + lu * lu * sum(g - lu + 1 for g in gaps if g >= lu)
                for lu in units)
    d_e = (2 / length) * total / (r * length * (r * length - 1) - sq)
    return d_o, d_e


@settings(max_examples=80, deadline=None)
@given(unitized_documents())
def test_alpha_u_2004_matches_transcription_of_dkpro(docs):
    length, spans = docs[0]
    if len(spans) < 2:
        return
    ours = alpha_u_2004_by_code(length, spans)
    for code, result in ours.items():
        d_o, d_e = _dkpro_alpha_u(length, spans, code)
        assert (result.observed == pytest.approx(d_o, abs=1e-12)
                and result.expected == pytest.approx(d_e, rel=1e-9, abs=1e-15))
