"""Spatial autocorrelogram and the standard grid score, vectorised over units.

Grid score (Sargolini et al. 2006; Langston et al. 2010): correlate an annulus of the autocorrelogram (central peak
excluded, six nearest peaks included) with itself rotated by 30, 60, 90, 120 and 150 degrees;
score = min(r60, r120) - max(r30, r90, r150), maximised over the annulus' outer radius (Langston et al. 2010).
scipy's FFT convolution and `ndimage.rotate` do the heavy lifting; the Pearson-per-lag normalisation is hand-written
because no library offers a masked (NaN-aware) autocorrelogram.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

ANGLES = (30, 60, 90, 120, 150)


def autocorrelogram(maps: np.ndarray, min_overlap: int = 20) -> np.ndarray:
    """Pearson autocorrelogram of each rate map (units, n, n) -> (units, 2n-1, 2n-1); NaN bins are ignored.

    Each lag's value is the correlation over the bins that overlap at that lag (NaN where fewer than
    `min_overlap` bins overlap).
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3 or maps.shape[1] != maps.shape[2]:
        raise ValueError(f"rate maps must have shape (units, n, n), got {maps.shape}")
    valid = np.isfinite(maps)
    x = np.where(valid, maps, 0.0)
    m = valid.astype(float)

    def corr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return signal.fftconvolve(a, b[:, ::-1, ::-1], mode="full", axes=(1, 2))

    n = np.rint(corr(m, m))
    sx, sy = corr(x, m), corr(m, x)
    sxx, syy, sxy = corr(x * x, m), corr(m, x * x), corr(x, x)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = n * sxy - sx * sy
        var = (n * sxx - sx**2) * (n * syy - sy**2)
        ac = cov / np.sqrt(np.clip(var, 0, None))
    ac[(n < min_overlap) | ~np.isfinite(ac)] = np.nan
    flat = np.nanstd(np.where(valid, maps, np.nan).reshape(len(maps), -1), axis=1) <= 1e-9 * (
        1.0 + np.nanmax(np.abs(np.where(valid, maps, np.nan)).reshape(len(maps), -1), axis=1))
    ac[flat] = np.nan  # a flat map has no autocorrelation (FFT round-off would otherwise invent one)
    return ac


def _radius_grid(size: int) -> np.ndarray:
    c = (size - 1) / 2
    yy, xx = np.mgrid[:size, :size]
    return np.hypot(yy - c, xx - c)


def central_peak_radius(acorrs: np.ndarray, threshold: float = 0.1) -> np.ndarray:
    """Per unit: radius (bins) where the radially averaged autocorrelogram first drops below `threshold`."""
    r = np.rint(_radius_grid(acorrs.shape[-1])).astype(int)
    r_max = acorrs.shape[-1] // 2
    flat = np.where(np.isfinite(acorrs), acorrs, 0.0).reshape(len(acorrs), -1)
    counts = np.bincount(r.ravel(), minlength=r_max + 1)[: r_max + 1]
    sums = np.stack([np.bincount(r.ravel(), weights=row, minlength=r_max + 1)[: r_max + 1] for row in flat]) \
        if len(flat) else np.zeros((0, r_max + 1))
    profile = sums / counts
    below = profile < threshold
    below[:, -1] = True
    return np.maximum(np.argmax(below, axis=1), 2)


def grid_scores(acorrs: np.ndarray, n_outer: int = 8) -> np.ndarray:
    """Standard grid score of each autocorrelogram (units, m, m), max over `n_outer` annulus outer radii.

    The annulus' inner radius is each unit's central-peak radius; outer radii run from inner + 3 bins to 90 %
    of the autocorrelogram's half-width.
    """
    acorrs = np.asarray(acorrs, dtype=float)
    if len(acorrs) == 0:
        return np.zeros(0)
    size = acorrs.shape[-1]
    radius = _radius_grid(size)
    filled = np.where(np.isfinite(acorrs), acorrs, 0.0)
    rotated = np.stack([ndimage.rotate(filled, a, axes=(1, 2), reshape=False, order=1) for a in ANGLES])
    inner = central_peak_radius(acorrs)
    r_limit = 0.9 * (size // 2)
    scores = np.full(len(acorrs), np.nan)
    for r_in in np.unique(inner):  # few distinct inner radii: loop over them, vectorised over units and radii
        units = np.flatnonzero(inner == r_in)
        outers = np.linspace(r_in + 3, max(r_limit, r_in + 3), n_outer)
        masks = (radius[None] >= r_in) & (radius[None] <= outers[:, None, None])  # (radii, m, m)
        best = _annulus_scores(filled[units], rotated[:, units], masks)
        scores[units] = best
    return scores


def grid_score(rate_map: np.ndarray) -> float:
    """Standard grid score of one rate map (n, n); NaN bins are ignored, a flat map has none (NaN)."""
    return float(grid_scores(autocorrelogram(np.asarray(rate_map, dtype=float)[None]))[0])


def _annulus_scores(base: np.ndarray, rotated: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Max over masks of min(r60, r120) - max(r30, r90, r150); base (u, m, m), rotated (5, u, m, m).

    NaN for a unit whose annulus is flat at every radius."""
    w = masks.astype(float)  # (k, m, m)
    n = w.sum(axis=(1, 2))  # (k,)

    def moments(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean = np.einsum("...ij,kij->...k", a, w) / n
        sq = np.einsum("...ij,kij->...k", a * a, w) / n
        return mean, sq

    mb, sb = moments(base)  # (u, k)
    mr, sr = moments(rotated)  # (5, u, k)
    cross = np.einsum("uij,auij,kij->auk", base, rotated, w) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (cross - mb * mr) / np.sqrt((sb - mb**2) * (sr - mr**2))
    r30, r60, r90, r120, r150 = r
    score = np.minimum(r60, r120) - np.maximum(np.maximum(r30, r90), r150)
    undefined = np.isnan(score).all(axis=1)  # a flat annulus has no correlation: no score, not a zero score
    return np.where(undefined, np.nan, np.nanmax(np.where(np.isnan(score), -np.inf, score), axis=1))


def grid_geometry(acorrs: np.ndarray, n_peaks: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Grid spacing (bins) and orientation (degrees in [0, 60)) from each autocorrelogram's nearest peaks.

    Peaks are positive local maxima (3 x 3 neighbourhood) outside the central peak; spacing is the median distance
    of the `n_peaks` nearest ones, orientation the circular mean of their angles modulo 60 degrees.
    NaN where fewer than 3 peaks are found.
    """
    acorrs = np.asarray(acorrs, dtype=float)
    size = acorrs.shape[-1]
    c = (size - 1) / 2
    filled = np.where(np.isfinite(acorrs), acorrs, -np.inf)
    is_peak = (filled == ndimage.maximum_filter(filled, size=(1, 3, 3), mode="constant", cval=-np.inf)) & (filled > 0)
    inner = central_peak_radius(acorrs)
    radius = _radius_grid(size)
    spacing = np.full(len(acorrs), np.nan)
    orientation = np.full(len(acorrs), np.nan)
    for u in range(len(acorrs)):  # peak sets differ in size per unit; few peaks each, so this loop is cheap
        xs, ys = np.nonzero(is_peak[u] & (radius > inner[u]))  # maps are indexed [x, y]
        if len(xs) < 3:
            continue
        d = np.hypot(xs - c, ys - c)
        nearest = np.argsort(d)[:n_peaks]
        spacing[u] = np.median(d[nearest])
        angles = np.arctan2(ys[nearest] - c, xs[nearest] - c)
        orientation[u] = np.degrees(np.angle(np.exp(6j * angles).mean())) / 6 % 60.0
    return spacing, orientation
