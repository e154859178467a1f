"""Cross-checks of the kappa family against two further implementations on random data:
statsmodels (``cohens_kappa``, ``fleiss_kappa``) and nltk's ``AnnotationTask`` (Cohen's kappa,
Scott's pi, Krippendorff's alpha). Their worked examples are tested elsewhere; here hypothesis
looks for any data on which we and they disagree."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from nltk.metrics import agreement
from statsmodels.stats import inter_rater

from annotator.agreement import cohen_kappa, fleiss_kappa, krippendorff_alpha, scott_pi

CHECK = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def complete_data(draw, min_coders=2, max_coders=2):
    coders = draw(st.integers(min_coders, max_coders))
    units = draw(st.integers(3, 30))
    k = draw(st.integers(2, 4))
    values = draw(st.lists(st.integers(0, k - 1), min_size=coders * units, max_size=coders * units))
    return np.array(values).reshape(coders, units), k


def _nltk_task(data):
    triples = [(f"c{c}", f"u{u}", int(data[c, u])) for c in range(data.shape[0]) for u in range(data.shape[1])]
    return agreement.AnnotationTask(data=triples)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return float(function(*args, **kwargs))
        except ZeroDivisionError:
            return float("nan")


@CHECK
@given(complete_data(), st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_kappa_matches_statsmodels(sample, weights):
    data, k = sample
    ours = cohen_kappa(data, weights=weights, categories=list(range(k)))
    table = np.zeros((k, k))
    np.add.at(table, (data[0], data[1]), 1)
    theirs = _quiet(lambda: inter_rater.cohens_kappa(table, wt=weights or None).kappa)
    if ours.value is None:
        assert not np.isfinite(theirs) or theirs == pytest.approx(0.0, abs=1e-12)
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-9)


@CHECK
@given(complete_data())
def test_cohen_kappa_and_scott_pi_match_nltk(sample):
    data, _ = sample
    task = _nltk_task(data)
    for ours, theirs in ((cohen_kappa(data), _quiet(task.kappa)), (scott_pi(data), _quiet(task.pi))):
        assume(ours.value is not None and np.isfinite(theirs))
        assert ours.value == pytest.approx(theirs, abs=1e-9)


@CHECK
@given(complete_data(min_coders=2, max_coders=6))
def test_fleiss_kappa_matches_statsmodels(sample):
    data, _ = sample
    ours = fleiss_kappa(data)
    counts, _categories = inter_rater.aggregate_raters(data.T)
    theirs = _quiet(inter_rater.fleiss_kappa, counts, method="fleiss")
    assume(ours.value is not None and np.isfinite(theirs))
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@CHECK
@given(complete_data(min_coders=2, max_coders=5))
def test_nominal_alpha_matches_nltk(sample):
    data, _ = sample
    ours = krippendorff_alpha(data.astype(float), "nominal")
    theirs = _quiet(_nltk_task(data).alpha)
    assume(ours.value is not None and np.isfinite(theirs))
    assert ours.value == pytest.approx(theirs, abs=1e-9)
