"""Rate maps (mean activity binned by true position), NaN-aware smoothing and the shuffled-rate-map null."""

from __future__ import annotations

import numpy as np
from scipy import ndimage, stats


def rate_maps(positions: np.ndarray, activity: np.ndarray, box_size: float, n_bins: int,
              min_visits: int, smoothing_bins: float) -> np.ndarray:
    """Mean activity per spatial bin for every unit: positions (samples, 2), activity (samples, units).

    Returns (units, n_bins, n_bins) indexed [x bin, y bin]; bins visited fewer than `min_visits` times are NaN.
    """
    edges = np.linspace(0.0, box_size, n_bins + 1)
    counts, _, _, _ = stats.binned_statistic_2d(positions[:, 0], positions[:, 1], None, "count", bins=[edges, edges])
    sums, _, _, _ = stats.binned_statistic_2d(positions[:, 0], positions[:, 1], list(activity.T), "sum",
                                              bins=[edges, edges])
    with np.errstate(invalid="ignore", divide="ignore"):
        maps = np.asarray(sums) / counts
    maps[:, counts < min_visits] = np.nan
    return smooth(maps, smoothing_bins)


def smooth(maps: np.ndarray, sigma_bins: float) -> np.ndarray:
    """Gaussian smoothing that ignores NaN bins (normalised convolution) and keeps them NaN."""
    if sigma_bins <= 0:
        return maps
    valid = np.isfinite(maps)
    filled = ndimage.gaussian_filter(np.where(valid, maps, 0.0), sigma=(0, sigma_bins, sigma_bins))
    weight = ndimage.gaussian_filter(valid.astype(float), sigma=(0, sigma_bins, sigma_bins))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = filled / weight
    out[~valid] = np.nan
    return out


def shuffled_rate_maps(positions: np.ndarray, activity: np.ndarray, box_size: float, n_bins: int,
                       min_visits: int, smoothing_bins: float, n_shuffles: int, min_shift: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Null rate maps: each unit's activity circularly shifted in time by a random lag >= min_shift samples.

    Returns (n_shuffles, units, n_bins, n_bins). One shift per (shuffle, unit), applied by fancy indexing.
    """
    n_samples, n_units = activity.shape
    if n_samples <= 2 * min_shift:
        raise ValueError(f"need more than {2 * min_shift} samples for shifts >= {min_shift}, got {n_samples}")
    shifts = rng.integers(min_shift, n_samples - min_shift, size=(n_shuffles, n_units))
    idx = (np.arange(n_samples)[None, :, None] - shifts[:, None, :]) % n_samples  # (shuffles, samples, units)
    shifted = activity[idx, np.arange(n_units)[None, None, :]]
    return np.stack([rate_maps(positions, s, box_size, n_bins, min_visits, smoothing_bins) for s in shifted])
