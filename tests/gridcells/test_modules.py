import numpy as np
import pytest

from neuroai.gridcells.modules import discover_modules


def test_two_spacing_clusters_give_two_modules_with_their_ratio():
    rng = np.random.default_rng(0)
    spacings = np.concatenate([rng.normal(0.30, 0.01, 20), rng.normal(0.45, 0.015, 15)])
    labels, means = discover_modules(spacings, max_modules=4, min_units_per_module=3, seed=0)
    assert len(means) == 2
    assert np.bincount(labels).tolist() == [20, 15]
    assert means[1] / means[0] == pytest.approx(1.5, rel=0.05)


def test_one_cluster_gives_one_module():
    spacings = np.random.default_rng(1).normal(0.3, 0.01, 30)
    labels, means = discover_modules(spacings, max_modules=4, min_units_per_module=3, seed=0)
    assert len(means) == 1 and (labels == 0).all()


def test_too_few_spacings():
    labels, means = discover_modules(np.array([0.3]), 4, 3, 0)
    assert labels.tolist() == [0] and means.tolist() == [0.3]
    assert len(discover_modules(np.array([]), 4, 3, 0)[1]) == 0


def test_near_identical_periods_from_binned_spacings_stay_one_module():
    spacings = np.repeat([1.0, 1.05, 1.1], [12, 10, 8])  # one module read off an autocorrelogram with 5 cm bins
    _, means = discover_modules(spacings, max_modules=4, min_units_per_module=3, seed=0, min_period_ratio=1.2)
    assert len(means) == 1
    _, means = discover_modules(spacings, max_modules=4, min_units_per_module=3, seed=0, min_period_ratio=1.0)
    assert len(means) > 1  # what the mixture alone reports
