"""Synthetic rate maps with known geometry for the grid-cell tests."""

import numpy as np
import pytest


def lattice_map(n_bins: int, period_bins: float, angles_deg, orientation_deg: float = 0.0,
                phase=(0.0, 0.0)) -> np.ndarray:
    """Sum of plane waves with wave vectors at `angles_deg` (+ orientation); (n_bins, n_bins) indexed [x, y]."""
    x, y = np.meshgrid(np.arange(n_bins), np.arange(n_bins), indexing="ij")
    total = np.zeros((n_bins, n_bins))
    for a in angles_deg:
        t = np.deg2rad(a + orientation_deg)
        k = 2 * np.pi / period_bins
        total += np.cos(k * (np.cos(t) * (x - phase[0]) + np.sin(t) * (y - phase[1])))
    return total


@pytest.fixture
def hexagonal():
    """Ideal hexagonal grid: three plane waves 60 degrees apart; field spacing = period * 2 / sqrt(3)."""
    def make(n_bins=40, spacing_bins=10.0, orientation_deg=0.0, phase=(0.0, 0.0)):
        return lattice_map(n_bins, spacing_bins * np.sqrt(3) / 2, (0, 60, 120), orientation_deg + 30, phase)
    return make


@pytest.fixture
def square():
    def make(n_bins=40, spacing_bins=10.0):
        return lattice_map(n_bins, spacing_bins, (0, 90))
    return make
