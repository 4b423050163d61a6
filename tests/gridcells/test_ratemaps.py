import numpy as np

from neuroai.gridcells.ratemaps import rate_maps, shuffled_rate_maps, smooth


def test_rate_map_of_a_position_tuned_unit():
    rng = np.random.default_rng(0)
    pos = rng.uniform(0, 1, size=(20000, 2))
    act = np.stack([pos[:, 0], 1 - pos[:, 1]], axis=1)
    maps = rate_maps(pos, act, 1.0, 10, 1, 0.0)
    assert maps.shape == (2, 10, 10)
    assert np.allclose(maps[0, :, 0], np.linspace(0.05, 0.95, 10), atol=0.02)  # [x, y] indexing
    assert np.allclose(maps[1, 0, :], np.linspace(0.95, 0.05, 10), atol=0.02)


def test_unvisited_bins_are_nan_and_stay_nan_after_smoothing():
    pos = np.array([[0.05, 0.05], [0.15, 0.05], [0.15, 0.05]])
    maps = rate_maps(pos, np.ones((3, 1)), 1.0, 10, 2, 1.0)
    assert np.isfinite(maps[0]).sum() == 1
    m = np.ones((1, 6, 6))
    m[0, 2, 2] = np.nan
    s = smooth(m, 1.0)
    assert np.isnan(s[0, 2, 2]) and np.allclose(s[0][np.isfinite(s[0])], 1.0)


def test_shuffle_destroys_spatial_tuning_but_keeps_activity_values():
    rng = np.random.default_rng(1)
    pos = rng.uniform(0, 1, size=(5000, 2))
    act = pos[:, :1] ** 2
    real = rate_maps(pos, act, 1.0, 8, 1, 0.0)
    null = shuffled_rate_maps(pos, act, 1.0, 8, 1, 0.0, n_shuffles=5, min_shift=500, rng=rng)
    assert null.shape == (5, 1, 8, 8)
    assert np.nanstd(real) > 3 * np.nanmean([np.nanstd(m) for m in null])
    assert np.isclose(np.nanmean(null), np.nanmean(real), rtol=0.3)
