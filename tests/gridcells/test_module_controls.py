"""Positive and negative controls of the module analysis: hand-built codes through the same evaluation pipeline
(rate maps, grid scores against the shuffle null, autocorrelogram spacing, modules by clustering) as the networks."""

import numpy as np
import pytest

from neuroai.gridcells.evaluate import evaluate_condition
from neuroai.gridcells.ideal_codes import grid_code
from neuroai.gridcells.stats import module_table

BOX = 2.0
EVALUATION = {"n_bins": 40, "min_visits": 3, "smoothing_bins": 1.0, "n_shuffles": 5, "min_shift_samples": 200,
              "null_percentile": 95.0, "min_active_fraction": 0.01}


def _modules(periods, units_per_module=8, seed=0):
    rng = np.random.default_rng(seed)
    positions = rng.uniform(0.0, BOX, size=(200, 60, 2))
    codes = grid_code(positions.reshape(-1, 2), units_per_module * len(periods), periods, 0.15)
    units, _, _ = evaluate_condition(positions, codes.reshape(200, 60, -1), EVALUATION, BOX, rng)
    units["condition"] = "hand_built"
    return units, module_table(units, max_modules=4, min_units=3, seed=0, min_period_ratio=1.2)


def test_a_three_module_code_gives_three_modules_with_its_period_ratios():
    periods = 0.3 * 1.4 ** np.arange(3)
    units, modules = _modules(periods)
    assert units["is_grid"].mean() > 0.9
    assert len(modules) == 3
    np.testing.assert_allclose(modules["mean_spacing_m"], periods, rtol=0.1)
    assert modules["period_ratio"].dropna().to_numpy() == pytest.approx([1.4, 1.4], abs=0.15)


def test_a_one_module_code_gives_one_module():
    units, modules = _modules([0.5], units_per_module=24)
    assert units["is_grid"].mean() > 0.9
    assert len(modules) == 1 and modules["mean_spacing_m"].iloc[0] == pytest.approx(0.5, rel=0.1)
