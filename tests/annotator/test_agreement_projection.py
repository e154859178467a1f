"""Projections onto characters and units, NVivo's per-code comparison, span F1, per-code uα and
the document bootstrap."""

import warnings

import numpy as np
import pytest

from annotator.agreement import (
    AgreementDataError,
    bootstrap_alpha,
    cohen_kappa,
    krippendorff_alpha,
    per_code_agreement,
    per_code_agreement_documents,
    project_documents,
    project_spans,
    scott_pi,
    span_f1,
    u_alpha_by_code,
    unitized_alpha,
)

# Krippendorff (1995, p. 57) compares pairs of observers after "digitizing" their unitizations
# into 24 one-unit cells; the kappa/pi/alpha values below are those of that comparison (as
# asserted in DKPro Statistics' Krippendorff1995Test).
BERTHA_BILL = {"Bertha": [(2, 10, "1"), (14, 20, "1")], "Bill": [(4, 8, "1"), (15, 17, "1")]}
JOHN_JILL = {"John": [(0, 18, "1")],
             "Jill": [(0, 2, "1"), (2, 3, "1"), (3, 4, "1"), (4, 5, "1"), (5, 6, "1"), (6, 9, "1"), (9, 10, "1")]}
GERRET_GILL = {"Gerret": [(2, 8, "1"), (10, 12, "1"), (14, 18, "1"), (20, 22, "1")],
               "Gill": [(0, 2, "1"), (4, 8, "1"), (10, 14, "1"), (16, 18, "1"), (20, 22, "1")]}


@pytest.mark.parametrize(
    "spans, kappa, pi",
    [(BERTHA_BILL, 0.385, 0.314), (JOHN_JILL, 0.385, 0.314), (GERRET_GILL, 0.314, 0.314)],
)
def test_character_projection_krippendorff_1995_digitized(spans, kappa, pi):
    matrix = project_spans(24, spans).matrix
    assert cohen_kappa(matrix).value == pytest.approx(kappa, abs=5e-4)
    assert scott_pi(matrix).value == pytest.approx(pi, abs=5e-4)


def test_character_projection_alpha_krippendorff_1995_bertha_bill():
    assert krippendorff_alpha(project_spans(24, BERTHA_BILL).matrix).value == pytest.approx(0.329, abs=5e-4)


def test_everything_coded_gives_undefined_kappa_krippendorff_1995_heather_hill():
    # Krippendorff (1995), pair D: both observers code the whole continuum; kappa and pi undefined.
    spans = {"Heather": [(0, 2, "1"), (2, 10, "1"), (10, 14, "1"), (14, 20, "1"), (20, 24, "1")],
             "Hill": [(0, 4, "1"), (4, 8, "1"), (8, 15, "1"), (15, 17, "1"), (17, 24, "1")]}
    matrix = project_spans(24, spans).matrix
    assert cohen_kappa(matrix).value is None and scott_pi(matrix).value is None


def test_uncoded_text_modes():
    spans = {"a": [(2, 6, "x")], "b": [(4, 8, "y")]}
    as_none = project_spans(10, spans)
    assert as_none.labels == ("(uncoded)", "x", "y") and as_none.matrix.shape == (2, 10)
    excluded = project_spans(10, spans, uncoded="exclude")
    assert excluded.matrix.shape == (2, 6)  # characters 2..7, which someone coded
    missing = project_spans(10, spans, uncoded="missing")
    assert np.isnan(missing.matrix[0, 0]) and missing.matrix[0, 2] == 1
    # Uncoded-as-agreement inflates alpha (agreement-measures.md §7.2):
    assert krippendorff_alpha(as_none.matrix).value > krippendorff_alpha(excluded.matrix).value


def test_projection_onto_tokens_snaps_spans_to_units():
    tokens = [(0, 3), (4, 9), (10, 12), (13, 20)]
    spans = {"a": [(1, 9, "x"), (13, 15, "y"), (15, 20, "x")], "b": [(5, 8, "x")]}
    matrix = project_spans(20, spans, units=tokens).matrix
    # token 4 is touched by y (2 chars) and x (5 chars): the code covering most characters wins.
    assert matrix.tolist() == [[1, 1, 0, 1], [0, 1, 0, 0]]


def test_projection_of_several_documents_needs_units_per_document():
    docs = {"d1": (10, {"a": [(0, 5, "x")], "b": [(0, 5, "x")]}), "d2": (6, {"a": [], "b": [(0, 6, "x")]})}
    assert project_documents(docs).matrix.shape == (2, 16)
    units = {"d1": [(0, 5), (5, 10)], "d2": [(0, 6)]}
    assert project_documents(docs, units=units).matrix.tolist() == [[1, 0, 0], [1, 0, 1]]


def test_projection_refuses_overlapping_codes_of_one_coder():
    with pytest.raises(AgreementDataError, match="different codes"):
        project_spans(10, {"a": [(0, 5, "x"), (3, 8, "y")], "b": []})


def test_nvivo_per_code_kappa_is_cohen_on_the_2x2_character_table():
    # No NVivo-published worked example was found; NVivo's definition is Cohen's kappa on the
    # per-code 2x2 character table, so Krippendorff's (1995) digitized pair A gives .385 again.
    result = per_code_agreement(24, BERTHA_BILL)["1"]
    assert result.kappa.value == pytest.approx(0.385, abs=5e-4)
    assert result.percent.value == pytest.approx(16 / 24)
    assert (result.both, result.only_first, result.only_second, result.neither) == (6, 8, 0, 10)


def test_nvivo_per_code_allows_multi_label_and_pools_documents():
    doc = (20, {"a": [(0, 10, "x"), (5, 15, "y")], "b": [(0, 10, "x"), (5, 12, "y")]})
    result = per_code_agreement_documents({"d1": doc, "d2": (100, {"a": [], "b": [(0, 50, "x")]})})
    assert result.by_document["d1"]["x"].kappa.value == pytest.approx(1.0)
    pooled = result.pooled["x"]
    assert pooled.kappa.n_units == 120 and pooled.both == 10 and pooled.only_second == 50


def test_nvivo_per_code_needs_two_coders():
    with pytest.raises(AgreementDataError, match="exactly two"):
        per_code_agreement(10, {"a": [], "b": [], "c": []})


def test_span_f1_exact_equals_dice():
    # Hand-computed (no published example): 1 of 2 and 1 of 3 spans identical: 2*1/(2+3) = .4.
    a, b = [(0, 5, "x"), (6, 9, "y")], [(0, 5, "x"), (6, 10, "y"), (20, 22, "x")]
    result = span_f1(a, b)
    assert result.value == pytest.approx(0.4) and result.observed == pytest.approx(1 / 3) and result.expected == 0.5


def test_span_f1_overlap_is_lenient_and_code_sensitive():
    a, b = [(0, 5, "x"), (6, 9, "y")], [(0, 5, "x"), (6, 10, "y"), (20, 22, "x"), (0, 9, "z")]
    result = span_f1(a, b, match="overlap")
    assert result.expected == 1.0 and result.observed == 0.5
    assert result.value == pytest.approx(2 * 0.5 / 1.5)


def test_span_f1_pools_documents_and_handles_empty():
    assert span_f1([("d1", 0, 5, "x")], [("d2", 0, 5, "x")]).value == 0.0
    assert span_f1([], []).value is None


def test_u_alpha_by_code_allows_overlapping_codes():
    spans = {"a": [(0, 10, "x"), (5, 15, "y")], "b": [(0, 9, "x"), (6, 15, "y")]}
    result = u_alpha_by_code(30, spans)
    only_x = {c: [s for s in v if s[2] == "x"] for c, v in spans.items()}
    assert result["x"].value == pytest.approx(unitized_alpha(30, only_x).u_alpha.value)
    assert set(result) == {"x", "y"}


def _documents(n=12):
    rng = np.random.default_rng(5)
    docs = {}
    for d in range(n):
        start = int(rng.integers(0, 40))
        docs[d] = (100, {"a": [(start, start + 30, "x"), (70, 90, "y")],
                         "b": [(start + 2, start + 30, "x"), (72, 90, "y" if d % 3 else "x")]})
    return docs


def test_bootstrap_is_reproducible_and_reports_its_seed():
    first = bootstrap_alpha(_documents(), n_resamples=300, seed=11)
    again = bootstrap_alpha(_documents(), n_resamples=300, seed=11)
    assert (first.low, first.high) == (again.low, again.high) and first.seed == 11
    assert first.low <= first.estimate.value <= first.high
    unseeded = bootstrap_alpha(_documents(), n_resamples=50)
    assert isinstance(unseeded.seed, int)
    redo = bootstrap_alpha(_documents(), n_resamples=50, seed=unseeded.seed)
    assert (redo.low, redo.high) == (unseeded.low, unseeded.high)


def test_bootstrap_estimate_is_the_pooled_value():
    from annotator.agreement import unitized_alpha_documents

    result = bootstrap_alpha(_documents(), measure="cu_alpha", n_resamples=100, seed=2)
    assert result.estimate.value == pytest.approx(unitized_alpha_documents(_documents()).pooled.cu_alpha.value)


def test_bootstrap_for_predefined_units_resamples_matrices():
    matrices = [[[1, 2, 3, 1], [1, 2, 3, 2]], [[1, 1, 2], [1, 1, 2]], [[3, 3], [3, 1]]]
    result = bootstrap_alpha(matrices, measure="krippendorff_alpha", n_resamples=200, seed=4)
    pooled = krippendorff_alpha(np.hstack([np.array(m) for m in matrices]))
    assert result.estimate.value == pytest.approx(pooled.value)
    assert result.low <= result.high


def test_bootstrap_refuses_unknown_measures():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(AgreementDataError):
            bootstrap_alpha(_documents(), measure="gamma")
