"""Coefficients for predefined units, tested against published worked examples.

Where a number below is not printed in the cited publication but taken from a second
implementation, the comment says so.
"""

import math

import numpy as np
import pytest

from annotator.agreement import (
    AgreementDataError,
    UndefinedAgreementError,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)

N = None

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", example C (also
# Krippendorff 2004, Content Analysis, p. 230; Gwet 2014 Handbook, 4th ed., p. 120):
# 4 observers x 12 units with missing values, values 1..5.
FOUR_BY_TWELVE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def table_to_matrix(table, labels=None):
    """A two-coder contingency table (rows coder A, columns coder B) as a 2 x N matrix."""
    labels = labels or list(range(1, len(table) + 1))
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [labels[i]] * count
            b += [labels[j]] * count
    return [a, b]


@pytest.mark.parametrize(
    "level, expected",
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_krippendorff_2011_example_c_all_metrics(level, expected):
    # Published values: Krippendorff (2011), section C: .743, .815, .849, .797.
    result = krippendorff_alpha(FOUR_BY_TWELVE, level)
    assert result.value == pytest.approx(expected, abs=5e-4)
    assert result.n_units == 11 and result.n_coders == 4


def test_alpha_example_c_observed_and_expected_disagreement():
    # Krippendorff (2004, p. 230): nominal D_o = .200, D_e = .779 (values as in DKPro's test).
    result = krippendorff_alpha(FOUR_BY_TWELVE)
    assert result.observed == pytest.approx(0.200, abs=1e-3)
    assert result.expected == pytest.approx(0.779, abs=1e-3)


def test_alpha_binary_two_coders_krippendorff_2011_example_a():
    # Krippendorff (2011) example A / Krippendorff (2004, p. 224): alpha = .095, 60% agreement.
    data = [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]]
    assert krippendorff_alpha(data).value == pytest.approx(0.095, abs=5e-4)
    assert percent_agreement(data).value == pytest.approx(0.600)


def test_alpha_nominal_letters_krippendorff_2004_p227():
    # Krippendorff (2004, p. 227): 2 coders, 12 units, values a/b/c: alpha = .734.
    data = [list("aabbbbbccccc"), list("abbbbbcccccc")]
    assert krippendorff_alpha(data).value == pytest.approx(0.734, abs=5e-4)


def test_alpha_accepts_numpy_with_nan_and_labels():
    as_array = np.array(FOUR_BY_TWELVE, dtype=float)
    letters = [[N if v is None else "abcde"[v - 1] for v in row] for row in FOUR_BY_TWELVE]
    assert krippendorff_alpha(as_array).value == pytest.approx(krippendorff_alpha(letters).value)


def test_alpha_ordinal_on_labels_follows_given_order():
    letters = [[N if v is None else "edcba"[v - 1] for v in row] for row in FOUR_BY_TWELVE]
    value = krippendorff_alpha(letters, "ordinal", categories=list("edcba")).value
    assert value == pytest.approx(0.815, abs=5e-4)


def test_alpha_interval_refuses_labels():
    with pytest.raises(AgreementDataError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")


@pytest.mark.parametrize("data", [[[1, 1, 1], [1, 1, 1]], [[1, N, N], [N, 2, N]], [[N, N], [N, N]]])
def test_alpha_degenerate_data_is_undefined_with_reason(data):
    result = krippendorff_alpha(data)
    assert result.value is None
    assert result.reason.startswith("undefined, because")
    with pytest.raises(UndefinedAgreementError, match="undefined"):
        float(result)


def test_float_of_defined_result():
    assert float(krippendorff_alpha(FOUR_BY_TWELVE)) == pytest.approx(0.7434, abs=1e-4)


# Cohen (1960), p. 45: 200 units, 3 categories: p_o = .70, p_c = .41, kappa = .492.
COHEN_1960_P45 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def test_cohen_kappa_cohen_1960_p45():
    result = cohen_kappa(table_to_matrix(COHEN_1960_P45))
    assert result.value == pytest.approx(0.492, abs=5e-4)
    assert result.observed == pytest.approx(0.70)
    assert result.expected == pytest.approx(0.41)


def test_cohen_kappa_cohen_1960_p37_chance_exceeds_observed():
    # Cohen (1960), p. 37: p_o = .29, p_c = .35, so kappa is negative.
    table = [[25, 12, 3], [13, 2, 15], [12, 16, 2]]
    result = cohen_kappa(table_to_matrix(table))
    assert result.observed == pytest.approx(0.29, abs=5e-3)
    assert result.expected == pytest.approx(0.35, abs=5e-3)
    assert result.value < 0


@pytest.mark.parametrize("weights, expected", [(None, 0.796), ("linear", 0.843), ("quadratic", 0.892)])
def test_weighted_kappa_gwet_2014_abstractors(weights, expected):
    # Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed.: 100 pregnant women classified by
    # two abstractors (Ectopic, AIU, NIU); kappa .796, linear .843, quadratic .892 (the values
    # of irrCAC's tests, Gwet's own package).
    labels = ["1 ectopic", "2 AIU", "3 NIU"]
    data = table_to_matrix([[13, 0, 0], [0, 20, 7], [0, 4, 56]], labels)
    assert cohen_kappa(data, weights).value == pytest.approx(expected, abs=5e-4)


def test_cohen_kappa_leaves_out_incomplete_units_with_warning():
    with pytest.warns(UserWarning, match="left out"):
        result = cohen_kappa([["a", "b", "a", None], ["a", "b", "b", "a"]])
    assert result.n_units == 3 and result.warnings


def test_cohen_kappa_refuses_three_coders():
    with pytest.raises(AgreementDataError, match="exactly two"):
        cohen_kappa([[1, 2], [1, 2], [1, 2]])


@pytest.mark.parametrize("table, kappa", [([[12, 9, 9], [9, 14, 9], [9, 9, 20]], 0.186),
                                          ([[12, 18, 18], [0, 14, 18], [0, 0, 20]], 0.258)])
def test_scott_pi_and_cohen_kappa_krippendorff_2004_p246(table, kappa):
    # Krippendorff (2004, p. 246): same agreement (46%), same pi (.186), different kappa.
    data = table_to_matrix(table, ["a", "b", "c"])
    assert percent_agreement(data).value == pytest.approx(0.460, abs=5e-4)
    assert scott_pi(data).value == pytest.approx(0.186, abs=5e-4)
    assert cohen_kappa(data).value == pytest.approx(kappa, abs=5e-4)


def test_kappa_and_pi_undefined_for_one_category():
    data = [["x"] * 5, ["x"] * 5]
    for measure in (cohen_kappa, scott_pi, fleiss_kappa, gwet_ac1):
        result = measure(data)
        assert result.value is None and "undefined, because" in result.reason


# Fleiss (1971), p. 379: 30 patients, 6 psychiatrists each (not always the same), 5 diagnoses.
FLEISS_1971 = [
    (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5), (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4), (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4), (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5), (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4), (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4), (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
]


def test_fleiss_kappa_fleiss_1971():
    # Fleiss (1971): P-bar = .556, P-bar_e = .220, kappa = .430.
    result = fleiss_kappa(np.array(FLEISS_1971).T)
    assert result.value == pytest.approx(0.430, abs=5e-4)
    assert result.observed == pytest.approx(0.5556, abs=1e-4)
    # Fleiss printed .2201 from proportions rounded to 3 places; exact is .21994.
    assert result.expected == pytest.approx(0.2201, abs=1e-3)
    assert result.n_units == 30 and result.n_coders == 6


def test_fleiss_kappa_refuses_varying_number_of_ratings():
    with pytest.raises(AgreementDataError, match="same number"):
        fleiss_kappa(FOUR_BY_TWELVE)


def test_gwet_ac1_gwet_2014_p120():
    # Gwet (2014), Handbook, 4th ed., p. 120 (same data as Krippendorff's example C):
    # p_a = .818, p_e = .190, AC1 = .775 (values reproduced by Gwet's irrCAC tests).
    result = gwet_ac1(FOUR_BY_TWELVE)
    assert result.value == pytest.approx(0.775, abs=5e-4)
    assert result.observed == pytest.approx(0.818, abs=5e-4)
    assert result.expected == pytest.approx(0.190, abs=5e-4)


def test_gwet_ac1_cohen_1960_p45():
    # Not a published number: DKPro Statistics 2.3's Gwet2008Test computed AC1 = .5760 for
    # Cohen's (1960) p. 45 table from Gwet's (2008) definition; used as a second implementation.
    assert gwet_ac1(table_to_matrix(COHEN_1960_P45)).value == pytest.approx(0.5760, abs=1e-4)


def test_percent_agreement_fleiss_and_multi_coder_convention():
    # Fleiss (1971): mean share of agreeing pairs P-bar = .556; Gwet (2014) p_a = .818 for example C.
    assert percent_agreement(np.array(FLEISS_1971).T).value == pytest.approx(0.5556, abs=1e-4)
    assert percent_agreement(FOUR_BY_TWELVE).value == pytest.approx(9 / 11)


def test_percent_agreement_undefined_without_pairs():
    assert percent_agreement([[1, N], [N, 2]]).value is None


def test_results_are_frozen():
    result = percent_agreement([[1, 2], [1, 2]])
    with pytest.raises(AttributeError):
        result.value = 0.5
    assert not math.isnan(result.value)


def test_agreement_modules_import_only_numpy_scipy_the_stdlib_and_errors():
    # Other engineers write the store concurrently: the measures must not depend on it, nor on Qt.
    import ast
    import pathlib
    import sys

    import annotator.agreement

    package = pathlib.Path(annotator.agreement.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                # scipy: γ's best alignment is scipy.optimize.milp (issue 16)
                allowed = top in ("numpy", "scipy", "__future__") or top in sys.stdlib_module_names
                allowed |= name.startswith("annotator.agreement") or name == "annotator.errors"
                assert allowed, f"{path.name} imports {name}"
