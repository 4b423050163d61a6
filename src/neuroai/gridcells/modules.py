"""Grid modules: clusters of grid spacing (Gaussian mixture on log spacing, number chosen by BIC)."""

from __future__ import annotations

import numpy as np
from sklearn.mixture import GaussianMixture


def _too_close(spacings: np.ndarray, labels: np.ndarray, min_period_ratio: float) -> bool:
    means = np.sort([spacings[labels == m].mean() for m in np.unique(labels)])
    return bool(len(means) > 1 and (means[1:] / means[:-1]).min() < min_period_ratio)


def discover_modules(spacings: np.ndarray, max_modules: int, min_units_per_module: int, seed: int,
                     min_period_ratio: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Module label per spacing (sorted by period, 0 = smallest) and each module's mean spacing.

    Fits mixtures of 1..max_modules Gaussians to log spacing and keeps the lowest-BIC fit whose every component has
    at least `min_units_per_module` members and whose successive module periods differ by at least
    `min_period_ratio` (spacings read off binned autocorrelograms take few distinct values, and a mixture would
    otherwise split one module into near-identical ones). With fewer than 2 * min_units_per_module spacings there is
    one module.
    """
    spacings = np.asarray(spacings, dtype=float)
    if len(spacings) < 2:
        return np.zeros(len(spacings), dtype=int), spacings.copy()
    logs = np.log(spacings)[:, None]
    best_labels, best_bic = np.zeros(len(spacings), dtype=int), np.inf
    upper = min(max_modules, len(spacings) // max(min_units_per_module, 1))
    for k in range(1, max(upper, 1) + 1):
        if k > 1 and np.unique(logs).size < k:
            break
        gm = GaussianMixture(n_components=k, random_state=seed, n_init=3).fit(logs)
        labels = gm.predict(logs)
        if k > 1 and (np.bincount(labels, minlength=k).min() < min_units_per_module
                      or _too_close(spacings, labels, min_period_ratio)):
            continue
        bic = gm.bic(logs)
        if bic < best_bic:
            best_bic, best_labels = bic, labels
    means = np.array([spacings[best_labels == m].mean() for m in np.unique(best_labels)])
    order = np.argsort(means)
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel[np.searchsorted(np.unique(best_labels), best_labels)], means[order]
