"""Noise-corrected predictivity on data with a known answer."""

import numpy as np
import pytest

from neuroai.mentalsim.noise_ceiling import (
    bootstrap_counts,
    corrected_predictivity,
    pair_sums,
    pearson_from_sums,
    rowwise_pearson,
    spearman_brown,
)


def halves(rng, signal, noise_sd):
    """Two independent noisy split-half averages of the same signal (units, samples)."""
    return (signal + rng.normal(scale=noise_sd, size=signal.shape),
            signal + rng.normal(scale=noise_sd, size=signal.shape))


def test_spearman_brown_matches_the_analytic_reliability():
    rng = np.random.default_rng(0)
    signal = rng.normal(size=(1, 200_000))
    y1, y2 = halves(rng, signal, 1.0)  # each half: signal variance 1, noise variance 1
    assert rowwise_pearson(y1, y2)[0] == pytest.approx(0.5, abs=0.01)
    assert spearman_brown(rowwise_pearson(y1, y2))[0] == pytest.approx(1 / (1 + 0.5), abs=0.01)


@pytest.mark.parametrize("rho", [1.0, 0.7, 0.3])
def test_corrected_predictivity_recovers_the_true_correlation(rho):
    rng = np.random.default_rng(1)
    units, samples = 40, 20_000
    signal = rng.normal(size=(units, samples))
    noise_sd = np.linspace(0.5, 2.0, units)[:, None]  # units differ in reliability
    y1, y2 = halves(rng, signal, noise_sd)
    pred = rho * signal + np.sqrt(1 - rho**2) * rng.normal(size=signal.shape)  # deterministic model
    raw = rowwise_pearson(pred, (y1 + y2) / 2)
    corrected = corrected_predictivity(raw, rowwise_pearson(pred, pred), rowwise_pearson(y1, y2))
    np.testing.assert_allclose(corrected, rho, atol=0.03)
    assert (raw < rho - 0.05).any()  # the correction was needed


def test_correlations_from_condition_sums_match_numpy_and_resample():
    rng = np.random.default_rng(2)
    groups = np.repeat(np.arange(10), 7)
    a, b = rng.normal(size=70), rng.normal(size=70)
    sums = pair_sums(a, b, groups, 10)  # (10, 5)
    n = np.bincount(groups).astype(float)
    assert pearson_from_sums(n.sum(), sums.sum(0)) == pytest.approx(np.corrcoef(a, b)[0, 1])
    weights = bootstrap_counts(np.random.default_rng(3), 10, 5)
    assert (weights.sum(1) == 10).all()
    keep = np.repeat(weights[0], 7).astype(int)
    expected = np.corrcoef(np.repeat(a, keep), np.repeat(b, keep))[0, 1]
    assert pearson_from_sums(weights @ n, weights @ sums)[0] == pytest.approx(expected)


def test_unreliable_data_give_nan_not_an_inflated_score():
    assert np.isnan(corrected_predictivity(np.array([0.2]), np.array([1.0]), np.array([-0.1])))[0]
