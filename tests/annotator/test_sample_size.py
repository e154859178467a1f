"""How many units to double-code: Krippendorff (2004, §11.4.2) and Lacy & Riffe (1996).

Sources. Krippendorff, K. (2004). *Content Analysis* (2nd ed.), §11.4.2, after Bloch & Kraemer
(1989, eq. 3.7): N = z² ((1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c)) − α_min) units,
z one-tailed at p, and m · N codings by m coders. His table, as ATLAS.ti's manual reproduces it
("Sample Size and Decision Rules", doc.atlasti.com/ManualWin.v22/ICA/
ICASampleSizeAndDecisionRules.html), counts the codings of two coders: 139 for p_c = 1/4,
α_min = .800, p = .050, and 81 for α_min = .667; "more than two coders: multiply z² by the number
of coders". Both figures are checked below.
Lacy, S. & Riffe, D. (1996). Sampling error and selecting intercoder reliability samples for
nominal content categories. *Journalism & Mass Communication Quarterly* 73(4), 963–973:
n = ((N − 1) SE² + PQN) / ((N − 1) SE² + PQ). Its worked case (assumed agreement 85%, minimum
80%, 95% one-tailed, SE = .05 / 1.64 ≈ .03) is the one the R package ICRhelpR hard-codes
(github.com/npjeschke/ICRhelpR, LacyRiffe.R: SE .03, P .85, Q .15). The expected numbers below
are worked by hand from those formulas (the arithmetic is in the comments); neither book's
table could be read here.
"""
import json
import math
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator import Project
from annotator.agreement import (
    AgreementDataError,
    explain,
    krippendorff_sample_size,
    lacy_riffe_sample_size,
    lacy_riffe_units,
    least_frequent_share,
)
from annotator.agreement.sample_size import MAX_UNITS
from annotator.cli import main
from annotator.errors import AnnotatorError


def test_z_is_the_one_tailed_normal_quantile():
    # statistics.NormalDist is an implementation independent of scipy's ndtri.
    result = krippendorff_sample_size(0.8, 0.5, 0.95)
    steps = dict(result.steps)
    assert steps["z"] == pytest.approx(NormalDist().inv_cdf(0.95), abs=1e-12) == pytest.approx(1.6449, abs=1e-4)
    assert steps["p"] == pytest.approx(0.05)


@pytest.mark.parametrize("alpha_min, p_c, confidence, exact, units", [
    # (1.8)(2.2) / (4 · .2 · .5 · .5) = 3.96 / .2 = 19.8;   1.644854² · (19.8 − .8) = 2.705543 · 19 = 51.4053
    (0.8, 0.5, 0.95, 51.4053, 52),
    # (1.8)(2.2) / (4 · .2 · .25 · .75) = 3.96 / .15 = 26.4; 2.705543 · (26.4 − .8) = 2.705543 · 25.6 = 69.2619
    (0.8, 0.25, 0.95, 69.2619, 70),
    # (1.8)(2.2) / (4 · .2 · .1 · .9) = 3.96 / .072 = 55;    2.326348² · (55 − .8) = 5.411894 · 54.2 = 293.3247
    (0.8, 0.1, 0.99, 293.3247, 294),
    # (1.9)(2.1) / (4 · .1 · .05 · .95) = 3.99 / .019 = 210; 1.281552² · (210 − .9) = 1.642374 · 209.1 = 343.4205
    (0.9, 0.05, 0.90, 343.4205, 344),
])
def test_krippendorff_worked_by_hand(alpha_min, p_c, confidence, exact, units):
    result = krippendorff_sample_size(alpha_min, p_c, confidence)
    assert result.exact == pytest.approx(exact, abs=1e-3)
    assert result.units == units
    assert result.values == math.ceil(2 * exact)
    assert dict(result.inputs) == {"alpha_min": alpha_min, "p_c": p_c, "confidence": confidence, "coders": 2}


@pytest.mark.parametrize("alpha_min, codings", [(0.800, 139), (0.667, 81)])
def test_krippendorff_reproduces_his_table_as_atlas_ti_prints_it(alpha_min, codings):
    # ATLAS.ti's manual: four equally used codes (p_c = 1/4), p = .05, two coders: 139 codings for α_min = .800,
    # 81 for α_min = .667. By hand: 2 · 2.705543 · (26.4 − .8) = 138.52; (1.667)(2.333) / (4 · .333 · .1875) =
    # 15.5720, 2 · 2.705543 · (15.5720 − .667) = 80.65.
    result = krippendorff_sample_size(alpha_min, 0.25, 0.95)
    assert result.values == codings
    assert result.units == math.ceil(codings / 2)


def test_more_coders_multiply_the_codings_not_the_units():
    two, three = krippendorff_sample_size(0.8, 0.25, 0.95), krippendorff_sample_size(0.8, 0.25, 0.95, coders=3)
    assert three.units == two.units == 70
    assert three.values == math.ceil(3 * 69.2619) == 208
    assert three.unit == "units coded by each of 3 coders"


def test_rarer_codes_stricter_alpha_and_more_confidence_need_more_units():
    base = krippendorff_sample_size(0.8, 0.2, 0.95).exact
    assert krippendorff_sample_size(0.8, 0.05, 0.95).exact > base
    assert krippendorff_sample_size(0.9, 0.2, 0.95).exact > base
    assert krippendorff_sample_size(0.8, 0.2, 0.99).exact > base


@pytest.mark.parametrize("population, exact", [
    # 99 · .03² = .0891;   (.0891 + .1275 · 100) / (.0891 + .1275) = 12.8391 / .2166 = 59.2756
    (100, 59.2756),
    # 999 · .0009 = .8991; (.8991 + 127.5) / (.8991 + .1275) = 128.3991 / 1.0266 = 125.0722
    (1000, 125.0722),
    # 9999 · .0009 = 8.9991; (8.9991 + 1275) / (8.9991 + .1275) = 1283.9991 / 9.1266 = 140.6876
    (10000, 140.6876),
])
def test_lacy_riffe_formula_on_their_worked_case(population, exact):
    # Assumed agreement 85%, SE .03: Lacy & Riffe's case as ICRhelpR's LacyRiffe.R computes it (it then rounds
    # to the nearest unit: 59, 125, 141; we round up).
    assert lacy_riffe_units(population, 0.85, 0.03) == pytest.approx(exact, abs=1e-4)


@pytest.mark.parametrize("population", [2, 7, 50, 250, 5000, 10**6])
@pytest.mark.parametrize("agreement, se", [(0.85, 0.03), (0.9, 0.0304), (0.95, 0.01), (0.6, 0.2)])
def test_lacy_riffe_agrees_with_its_finite_population_form(population, agreement, se):
    # The same n written as 1 + (N − 1) PQ / ((N − 1) SE² + PQ): one unit plus the corrected share of the rest.
    pq = agreement * (1 - agreement)
    other_form = 1 + (population - 1) * pq / ((population - 1) * se ** 2 + pq)
    n = lacy_riffe_units(population, agreement, se)
    assert n == pytest.approx(other_form, rel=1e-12)
    assert 1 <= n <= population


def test_lacy_riffe_sample_size_derives_se_from_the_gap_and_rounds_up():
    result = lacy_riffe_sample_size(1000, assumed=0.85, minimum=0.80, confidence=0.95, noun="documents")
    steps = dict(result.steps)
    assert steps["SE"] == pytest.approx(0.05 / NormalDist().inv_cdf(0.95), rel=1e-12)
    assert steps["P Q"] == pytest.approx(0.1275)
    assert result.exact == pytest.approx(lacy_riffe_units(1000, 0.85, steps["SE"]), rel=1e-12)
    assert result.units == math.ceil(result.exact) == 123  # 122.237 with SE .0304 (not the rounded .03)
    assert result.unit == "of 1,000 documents"
    assert lacy_riffe_sample_size(2).units == 2  # never more than the population


def test_explain_gives_the_answer_the_formula_and_the_numbers():
    lines = explain(krippendorff_sample_size(0.8, 0.25, 0.95, note="p_c estimated."))
    text = "\n".join(lines)
    assert lines[0] == "Krippendorff (2004, §11.4.2): at least 70 units coded by each of 2 coders"
    assert "(1 + α_min)(3 − α_min)" in text and "z = 1.6449" in text and "= 26.4" in text
    assert "69.262, rounded up to 70" in text and "139 codings by the 2 coders" in text
    assert lines[-1] == "  p_c estimated."
    lacy = explain(lacy_riffe_sample_size(1000))
    assert lacy[0] == "Lacy & Riffe (1996): at least 123 of 1,000 units" and "SE = 0.030398" in "\n".join(lacy)


@pytest.mark.parametrize("call, words", [
    (lambda: krippendorff_sample_size(1.0, 0.1), "smallest acceptable alpha"),
    (lambda: krippendorff_sample_size(0.0, 0.1), "smallest acceptable alpha"),
    (lambda: krippendorff_sample_size(0.8, 0.0), "p_c"),
    (lambda: krippendorff_sample_size(0.8, 0.51), "p_c"),
    (lambda: krippendorff_sample_size(0.8, float("nan")), "p_c"),
    (lambda: krippendorff_sample_size(0.8, 0.1, 0.5), "confidence"),
    (lambda: krippendorff_sample_size(0.8, 0.1, 1.0), "confidence"),
    (lambda: krippendorff_sample_size(0.8, 0.1, 0.95, coders=1), "2 coders"),
    (lambda: lacy_riffe_sample_size(1), "population"),
    (lambda: lacy_riffe_sample_size(10.5), "population"),
    (lambda: lacy_riffe_sample_size(100, assumed=0.8, minimum=0.85), "above the minimum"),
    (lambda: lacy_riffe_sample_size(100, assumed=1.0, minimum=0.85), "assumed agreement"),
    (lambda: lacy_riffe_units(100, 0.85, 0.0), "standard error"),
])
def test_bad_inputs_are_one_plain_sentence(call, words):
    with pytest.raises(AgreementDataError) as caught:
        call()
    message = str(caught.value)
    assert isinstance(caught.value, AnnotatorError)
    assert words in message and message.endswith(".") and "\n" not in message


@pytest.mark.parametrize("call, words", [
    (lambda: krippendorff_sample_size(0.8, 5e-324), "p_c = 4.94066e-324 is too small"),
    (lambda: krippendorff_sample_size(0.8, 1e-300), "p_c = 1e-300 is too small"),
    (lambda: krippendorff_sample_size(1 - 2**-53, 0.1), "too close to 1"),
    (lambda: krippendorff_sample_size(0.8, 1e-12, coders=10**6), "for 1,000,000 coders"),
    (lambda: krippendorff_sample_size(0.8, 0.1, coders=10**400), "at most"),
    (lambda: lacy_riffe_sample_size(10**400), "at most"),
])
def test_samples_no_study_could_code_are_one_plain_sentence(call, words):
    with pytest.raises(AgreementDataError) as caught:
        call()
    message = str(caught.value)
    assert words in message and message.endswith(".") and "\n" not in message


finite_shares = st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True)


@given(alpha_min=finite_shares, p_c=st.floats(min_value=0.0, max_value=0.5, exclude_min=True),
       confidence=st.floats(min_value=0.5, max_value=1.0, exclude_min=True, exclude_max=True),
       coders=st.integers(min_value=2, max_value=MAX_UNITS))
def test_krippendorff_answers_a_count_or_one_sentence(alpha_min, p_c, confidence, coders):
    try:
        result = krippendorff_sample_size(alpha_min, p_c, confidence, coders=coders)
    except AgreementDataError as refused:
        assert str(refused).endswith(f"more than {MAX_UNITS:,} units.")
        return
    assert 1 <= result.units <= MAX_UNITS and result.units <= result.values <= MAX_UNITS


@given(population=st.integers(min_value=2, max_value=MAX_UNITS), assumed=finite_shares, minimum=finite_shares,
       confidence=st.floats(min_value=0.5, max_value=1.0, exclude_min=True, exclude_max=True))
def test_lacy_riffe_answers_a_count_within_the_population(population, assumed, minimum, confidence):
    if not assumed > minimum:
        return
    result = lacy_riffe_sample_size(population, assumed, minimum, confidence)
    assert 1 <= result.units <= population and math.isfinite(result.exact)


def test_least_frequent_share_leaves_unused_codes_out():
    assert least_frequent_share({"claim": 30, "evidence": 10, "never": 0}) == ("evidence", 0.25)
    with pytest.raises(AgreementDataError, match="at least two codes"):
        least_frequent_share({"claim": 3, "never": 0})


def test_cli_prints_both_answers_with_their_reasoning(capsys):
    assert main(["sample-size", "--p-c", "0.25", "--population", "1000"]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff (2004, §11.4.2): at least 70 units coded by each of 2 coders" in out
    assert "139 codings by the 2 coders" in out
    assert "Lacy & Riffe (1996): at least 123 of 1,000 units" in out and "SE = 0.030398" in out


def test_cli_json_carries_inputs_and_steps(capsys):
    assert main(["sample-size", "--alpha-min", "0.9", "--p-c", "0.05", "--confidence", "0.9", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["krippendorff"]["units"] == 344 and data["krippendorff"]["inputs"]["p_c"] == 0.05
    assert data["krippendorff"]["values"] == 687
    assert data["krippendorff"]["steps"]["z"] == pytest.approx(1.28155, abs=1e-5)
    assert data["lacy_riffe"] is None


def test_cli_says_when_p_c_is_assumed(capsys):
    assert main(["sample-size"]) == 0
    out = capsys.readouterr().out
    assert "at least 147 units" in out and "p_c = 0.1 is assumed" in out and "--population" in out


def test_cli_counts_the_codings_of_the_coders_given(capsys):
    assert main(["sample-size", "--p-c", "0.25", "--coders", "3"]) == 0
    out = capsys.readouterr().out
    assert "at least 70 units coded by each of 3 coders" in out and "208 codings by the 3 coders" in out


@pytest.mark.parametrize("args", [["--alpha-min", "1.2"], ["--p-c", "0.6"], ["--confidence", "0.4"],
                                  ["--coders", "1"], ["--coders", "two"],
                                  ["--population", "1"], ["--population", "50", "--assumed", "0.7"],
                                  ["--p-c", "5e-324"], ["--p-c", "5e-324", "--json"], ["--p-c", "1e-300"],
                                  ["--coders", "1" + "0" * 400], ["--population", "1" + "0" * 400]])
def test_cli_bad_input_exits_1_with_one_sentence(args, capsys):
    assert main(["sample-size", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def sample_size_project(tmp_path):
    path = tmp_path / "round.annot"
    with Project.create(path) as project:
        coder = project.add_coder("Ana")
        first, second = (project.codes()[i] for i in (0, 1))
        for i in range(3):
            doc = project.import_text(f"Text {i}: crime has fallen by a third.\n", f"d{i}.txt").document_id
            project.annotate(doc, 0, 4, first.id, coder.id)
            if i == 0:
                project.annotate(doc, 8, 13, second.id, coder.id)
        rare = project.code_path(second.id)
    return path, rare


def test_cli_estimates_p_c_and_population_from_a_project_without_writing_it(sample_size_project, capsys):
    path, rare = sample_size_project
    before = path.read_bytes()
    assert main(["sample-size", str(path)]) == 0
    out = capsys.readouterr().out
    # p_c = 1 / 4 (one of four annotations): 70 units, as worked by hand above.
    assert "at least 70 units" in out and f"p_c = 0.25 estimated from round.annot: {rare!r}" in out
    assert "1 of 4 (all coders; unused codes left out)" in out
    assert "of 3 documents" in out
    assert path.read_bytes() == before
    assert main(["sample-size", str(path), "--p-c", "0.5", "--population", "40"]) == 0
    out = capsys.readouterr().out
    assert "at least 52 units" in out and "estimated" not in out and "of 40 units" in out


def test_cli_assumes_p_c_for_a_project_with_fewer_than_two_codes_in_use(tmp_path, capsys):
    # A new study's first pilot: nothing coded yet. README: "else 0.1 is assumed (said so)", as `round new` does.
    path = tmp_path / "new.annot"
    with Project.create(path) as project:
        project.import_text("Crime has fallen by a third.\n", "a.txt")
        project.import_text("The opposition is to blame.\n", "b.txt")
    assert main(["sample-size", str(path)]) == 0
    out = capsys.readouterr().out
    assert "at least 147 units" in out and "p_c = 0.1 is assumed: new.annot has fewer than two codes" in out
    assert "of 2 documents" in out
