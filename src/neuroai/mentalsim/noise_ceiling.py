"""Pearson correlations from sufficient statistics, Spearman-Brown, and the noise-corrected predictivity.

Predictivity follows the brainmodel_utils formula used by Nayebi et al. (2023):
    r(pred, y) / sqrt(SB(r(pred1, pred2)) * SB(r(y1, y2))),   SB(r) = 2r / (1 + r),
with y1, y2 the split-half averages and pred1, pred2 the predictions of maps fit to each half. Correlations are
rebuilt from per-condition sums (n, sum a, sum b, sum ab, sum a^2, sum b^2), so a bootstrap over conditions is a
matrix product of resample counts with those sums rather than a refit per resample.
"""

from __future__ import annotations

import numpy as np

SUM_NAMES = ("a", "b", "ab", "aa", "bb")


def rowwise_pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r between matching rows of two (rows, samples) arrays."""
    a = a - a.mean(-1, keepdims=True)
    b = b - b.mean(-1, keepdims=True)
    denom = np.sqrt((a * a).sum(-1) * (b * b).sum(-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, (a * b).sum(-1) / denom, np.nan)


def spearman_brown(r: np.ndarray) -> np.ndarray:
    """Reliability of the full data from the split-half correlation r."""
    r = np.asarray(r, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 2 * r / (1 + r)


def pair_sums(a: np.ndarray, b: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-group sums (n_groups, ..., 5) of a, b, ab, a^2, b^2 for arrays (samples, ...) grouped by `groups`."""
    stacked = np.stack([a, b, a * b, a * a, b * b], axis=-1)
    out = np.zeros((n_groups,) + stacked.shape[1:])
    np.add.at(out, groups, stacked)
    return out


def pearson_from_sums(n: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """Pearson r from totals n (...) and sums (..., 5) as produced by `pair_sums` (summed over groups)."""
    sa, sb, sab, saa, sbb = np.moveaxis(sums, -1, 0)
    cov = sab - sa * sb / n
    var = (saa - sa * sa / n) * (sbb - sb * sb / n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(var > 0, cov / np.sqrt(np.clip(var, 0, None)), np.nan)


def corrected_predictivity(r_pred_y: np.ndarray, r_pred_halves: np.ndarray, r_y_halves: np.ndarray) -> np.ndarray:
    """Noise-corrected correlation; NaN where either split-half reliability is not positive."""
    ceiling = spearman_brown(r_pred_halves) * spearman_brown(r_y_halves)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ceiling > 0, r_pred_y / np.sqrt(np.where(ceiling > 0, ceiling, 1.0)), np.nan)


def bootstrap_counts(rng: np.random.Generator, n_groups: int, n_boot: int) -> np.ndarray:
    """(n_boot, n_groups) resample counts of a nonparametric bootstrap over groups (conditions).

    Hand-written because the statistics here are rebuilt from per-condition sums: one matrix product per
    statistic covers every resample, which scipy.stats.bootstrap's per-resample callback cannot do.
    """
    return rng.multinomial(n_groups, np.full(n_groups, 1.0 / n_groups), size=n_boot).astype(np.float64)
