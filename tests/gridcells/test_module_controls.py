"""Positive and negative controls of the paper's module analysis: hand-built codes through the same evaluation
pipeline as the networks (rate maps, Fourier periods against the shuffle null, modules by clustering periods, lattice
phases, torus test, period-ratio CIs)."""

import numpy as np
import pytest

from neuroai.gridcells.evaluate import evaluate_condition
from neuroai.gridcells.ideal_codes import grid_code, place_code
from neuroai.gridcells.stats import module_table

BOX = 2.0
EVALUATION = {"n_bins": 40, "min_visits": 3, "smoothing_bins": 1.0, "n_shuffles": 5, "min_shift_samples": 200,
              "null_percentile": 95.0, "min_active_fraction": 0.01, "max_modules": 4, "min_units_per_module": 3,
              "min_period_ratio": 1.2, "topology_components": 6, "topology_points": 200, "distance_bins": 10}


def _evaluate(code_of, seed=0):
    rng = np.random.default_rng(seed)
    positions = rng.uniform(0.0, BOX, size=(200, 60, 2))
    codes = code_of(positions.reshape(-1, 2), rng)
    result = evaluate_condition(positions, codes.reshape(200, 60, -1), EVALUATION, BOX, rng, seed)
    units = result["units"].assign(condition="hand_built", seed=0)
    return result, module_table(units, 500, np.random.default_rng(seed))


def test_a_three_module_code_gives_three_modules_with_its_period_ratios():
    periods = 0.4 * 1.4 ** np.arange(3)
    result, modules = _evaluate(lambda p, _: grid_code(p, 12 * len(periods), periods, 0.2))
    assert result["units"]["is_periodic"].all()
    assert len(modules) == 3
    np.testing.assert_allclose(modules["mean_spacing_m"], periods, rtol=0.05)
    ratios = modules.dropna(subset=["period_ratio"])
    assert ratios["period_ratio"].to_numpy() == pytest.approx([1.4, 1.4], abs=0.08)
    assert (ratios["ratio_ci_low"] <= ratios["period_ratio"]).all()
    assert (ratios["period_ratio"] <= ratios["ratio_ci_high"]).all()
    assert (modules["phase_resultant"] < 0.3).all()  # the hand-built phases tile each lattice cell
    assert tuple(result["topology"].iloc[0][["betti_0", "betti_1", "betti_2"]]) == (1, 2, 1)


def test_a_one_module_code_gives_one_module_on_a_torus():
    result, modules = _evaluate(lambda p, _: grid_code(p, 24, [0.5], 0.2))
    assert len(modules) == 1 and modules["mean_spacing_m"].iloc[0] == pytest.approx(0.5, rel=0.05)
    assert result["topology"].iloc[0]["is_torus"]


def test_a_place_code_is_no_torus_and_its_neural_distance_grows_with_distance():
    result, _ = _evaluate(lambda p, rng: place_code(p, rng.uniform(0.0, BOX, (24, 2)), 0.4))
    assert not result["topology"]["is_torus"].any()
    distance = result["distances"]["neural_distance"].to_numpy()
    assert distance[0] < distance[len(distance) // 2]


def test_noise_gives_about_the_null_s_share_of_periodic_units_and_no_module():
    result, modules = _evaluate(lambda p, rng: rng.random((len(p), 32)))
    assert result["units"]["is_periodic"].mean() <= 0.2
    assert modules.empty
