"""Cross-checks against a second implementation (the ``krippendorff`` package) on random data."""

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.agreement import krippendorff_alpha


@st.composite
def reliability_data(draw):
    coders = draw(st.integers(2, 5))
    units = draw(st.integers(2, 40))
    values = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, 5.0, 8.0, np.nan]),
                           min_size=coders * units, max_size=coders * units))
    return np.array(values).reshape(coders, units)


def _reference(data, level):
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            return krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    except (ValueError, ZeroDivisionError):
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reliability_data(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_krippendorff_package(data, level):
    ours = krippendorff_alpha(data, level)
    theirs = _reference(data, level)
    if ours.value is None:
        assert theirs is None or not np.isfinite(theirs)
    else:
        assert theirs == pytest.approx(ours.value, abs=1e-9)


def test_alpha_matches_package_on_large_character_matrix():
    rng = np.random.default_rng(7)
    data = rng.integers(0, 6, size=(3, 200_000)).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(data).value == pytest.approx(theirs, abs=1e-9)
