"""Fourier periods, orientations and phases of known lattices; the public single-map grid score."""

import numpy as np
import pytest

from neuroai.gridcells.gridscore import autocorrelogram, grid_score, grid_scores
from neuroai.gridcells.periodicity import fourier_geometry, lattice_phases, phase_resultant

BOX, N_BINS = 2.0, 40


@pytest.mark.parametrize("spacing_bins", [7.0, 12.0, 20.0])
@pytest.mark.parametrize("orientation", [0.0, 17.0, 41.0])
def test_fourier_geometry_recovers_spacing_and_orientation(hexagonal, spacing_bins, orientation):
    maps = np.stack([hexagonal(spacing_bins=spacing_bins, orientation_deg=orientation, phase=(3.0, 5.0))])
    spacing, found, peak = fourier_geometry(maps, BOX)
    assert spacing[0] == pytest.approx(spacing_bins * BOX / N_BINS, rel=0.05)
    assert min(abs(found[0] - orientation), 60 - abs(found[0] - orientation)) <= 3.0
    assert 0.1 < peak[0] <= 0.5


def test_a_flat_map_has_no_period_and_noise_a_small_peak(hexagonal):
    rng = np.random.default_rng(0)
    maps = np.stack([np.ones((N_BINS, N_BINS)), rng.normal(size=(N_BINS, N_BINS)), hexagonal()])
    spacing, _, peak = fourier_geometry(maps, BOX)
    assert np.isnan(spacing[0]) and np.isnan(peak[0])
    assert peak[1] < peak[2] / 5


def test_unvisited_bins_do_not_move_the_period(hexagonal):
    full = hexagonal(spacing_bins=10.0)
    holed = full.copy()
    holed[5:15, 20:32] = np.nan
    spacing, _, _ = fourier_geometry(np.stack([full, holed]), BOX)
    assert spacing[1] == pytest.approx(spacing[0], rel=0.05)


def test_lattice_phases_follow_shifted_copies_and_their_spread(hexagonal):
    shifts = [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0)]
    maps = np.stack([hexagonal(spacing_bins=10.0, phase=s) for s in shifts])
    phases = lattice_phases(maps, BOX, 10.0 * BOX / N_BINS, 0.0)
    steps = np.diff(phases[:, 0]) % 1.0
    assert steps[0] == pytest.approx(steps[1], abs=0.02) and steps[0] > 0.05  # equal shifts, equal phase steps
    assert phase_resultant(np.zeros((5, 2))) == pytest.approx(1.0)
    assert phase_resultant(np.column_stack([np.arange(5) / 5, np.arange(5) / 5])) == pytest.approx(0.0, abs=1e-9)


def test_grid_score_of_one_map_equals_the_stack_version(hexagonal, square):
    maps = np.stack([hexagonal(spacing_bins=9.0, orientation_deg=12.0), square()])
    stacked = grid_scores(autocorrelogram(maps))
    assert [grid_score(m) for m in maps] == pytest.approx(list(stacked))
    assert np.isnan(grid_score(np.ones((N_BINS, N_BINS))))


def test_a_single_broad_field_has_no_period():
    x, y = np.meshgrid(np.arange(N_BINS), np.arange(N_BINS), indexing="ij")
    field = np.exp(-((x - 12.0) ** 2 + (y - 25.0) ** 2) / (2 * 12.0**2))
    spacing, _, peak = fourier_geometry(field[None], BOX)
    assert np.isnan(spacing[0]) and np.isnan(peak[0])
