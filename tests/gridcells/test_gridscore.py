import numpy as np
import pytest
from scipy import ndimage

from neuroai.gridcells.gridscore import autocorrelogram, grid_geometry, grid_scores


def scores(maps):
    return grid_scores(autocorrelogram(np.asarray(maps)))


@pytest.mark.parametrize("spacing", [7.0, 10.0, 14.0])
@pytest.mark.parametrize("orientation", [0.0, 17.0])
def test_ideal_hexagonal_map_scores_high(hexagonal, spacing, orientation):
    assert scores([hexagonal(spacing_bins=spacing, orientation_deg=orientation, phase=(3.0, 5.0))])[0] > 1.0


def test_square_lattice_scores_negative(square):
    assert scores([square(spacing_bins=s) for s in (7.0, 10.0, 14.0)]).max() < 0.0


def test_noise_scores_near_zero():
    rng = np.random.default_rng(0)
    noise = ndimage.gaussian_filter(rng.normal(size=(30, 40, 40)), sigma=(0, 1.5, 1.5))
    s = scores(noise)
    assert abs(np.median(s)) < 0.3
    assert np.percentile(s, 90) < 0.6


def test_hexagonal_beats_noise_and_square_in_one_batch(hexagonal, square):
    rng = np.random.default_rng(1)
    s = scores([hexagonal(), square(), rng.normal(size=(40, 40))])
    assert s[0] > s[2] > s[1]


def test_autocorrelogram_ignores_unvisited_bins(hexagonal):
    full = hexagonal()
    holed = full.copy()
    holed[:8, :8] = np.nan
    ac_full, ac_holed = autocorrelogram(np.stack([full, holed]))
    centre = ac_full.shape[0] // 2
    assert ac_holed[centre, centre] == pytest.approx(1.0)
    assert scores([holed])[0] > 1.0
    assert np.nanmax(np.abs(ac_full - ac_holed)) < 0.5


@pytest.mark.parametrize("spacing, orientation", [(8.0, 0.0), (12.0, 20.0)])
def test_geometry_recovers_spacing_and_orientation(hexagonal, spacing, orientation):
    sp, ori = grid_geometry(autocorrelogram(hexagonal(spacing_bins=spacing, orientation_deg=orientation)[None]))
    assert sp[0] == pytest.approx(spacing, rel=0.12)
    # The lattice built with +30 degrees has its nearest peaks at `orientation` (mod 60).
    assert min(abs(ori[0] - orientation) % 60, 60 - abs(ori[0] - orientation) % 60) < 6


def test_rejects_non_square_maps():
    with pytest.raises(ValueError, match="units, n, n"):
        autocorrelogram(np.zeros((2, 10, 12)))


def test_flat_map_has_no_score(hexagonal):
    s = scores([np.ones((40, 40)), hexagonal()])
    assert np.isnan(s[0]) and s[1] > 1.0
