"""Hand-built reference codes: correct hexagonal geometry, and a loss ranking that follows the coding argument."""

import numpy as np
import pytest

from neuroai.gridcells.gridscore import autocorrelogram, grid_geometry, grid_scores
from neuroai.gridcells.ideal_codes import grid_code, hexagonal_sq_distance, place_code, reference_codes

TRAINING = {"sigma_x": 0.05, "sigma_g": 0.4, "sigma_inv": 0.02, "lambda_separation": 1.0, "lambda_invariance": 0.1,
            "lambda_capacity": 0.5}
REFERENCE = {"place_widths_m": [0.03, 0.06, 0.1], "grid_periods_m": [0.2, 0.3], "width_fractions": [0.12],
             "module_ratio": 1.4, "max_modules": 3}


def test_distance_is_zero_on_every_lattice_copy_of_a_phase_and_half_a_period_midway():
    period = 0.3
    lattice = period * np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2], [-2.0, 0.0], [1.5, -np.sqrt(3) / 2]])
    sq = hexagonal_sq_distance(lattice + 1e-9, np.zeros((1, 2)), period)
    np.testing.assert_allclose(sq, 0.0, atol=1e-12)
    assert hexagonal_sq_distance(np.array([[period / 2, 0.0]]), np.zeros((1, 2)), period)[0, 0] == pytest.approx(
        (period / 2) ** 2)


def test_grid_code_units_have_hexagonal_rate_maps_of_the_given_period():
    n_bins, side = 40, 1.0
    centres = (np.arange(n_bins) + 0.5) * side / n_bins
    xy = np.stack(np.meshgrid(centres, centres, indexing="ij"), -1).reshape(-1, 2)
    codes = grid_code(xy, n_units=9, periods=[0.3], width_fraction=0.15)
    np.testing.assert_allclose(np.linalg.norm(codes, axis=1), 1.0)
    maps = codes.T.reshape(9, n_bins, n_bins)
    acorr = autocorrelogram(maps)
    assert np.all(grid_scores(acorr) > 1.0)
    spacing_bins, _ = grid_geometry(acorr)
    np.testing.assert_allclose(spacing_bins * side / n_bins, 0.3, atol=0.03)


def _spread_batches(spread, n_batches=2, points=500, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(0.0, spread, size=(points, 2)) for _ in range(n_batches)]


def test_losses_favour_multi_module_grids_when_space_is_large_for_the_units():
    codes = reference_codes(_spread_batches(0.6), 24, TRAINING, REFERENCE, np.random.default_rng(1))
    best_grid = codes[(codes["code"] == "grid") & (codes["n_modules"] >= 2)]["objective"].min()
    assert best_grid < codes[codes["code"] == "place"]["objective"].min()
    assert best_grid < codes[(codes["code"] == "grid") & (codes["n_modules"] == 1)]["objective"].min()


def test_place_code_is_unit_norm_and_grid_advantage_grows_with_the_space_to_cover():
    np.testing.assert_allclose(place_code(np.zeros((1, 2)), np.zeros((3, 2)), 0.1), np.full((1, 3), 1 / np.sqrt(3)))

    def grid_advantage(spread):
        codes = reference_codes(_spread_batches(spread), 24, TRAINING, REFERENCE, np.random.default_rng(1))
        return (codes[codes["code"] == "place"]["objective"].min()
                - codes[(codes["code"] == "grid") & (codes["n_modules"] >= 2)]["objective"].min())

    assert grid_advantage(1.0) > grid_advantage(0.05) + 0.02
