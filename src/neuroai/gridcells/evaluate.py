"""Evaluate one trained condition: rate maps, grid scores, spacing/orientation and the shuffled-rate-map null."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.gridcells.gridscore import autocorrelogram, grid_geometry, grid_scores
from neuroai.gridcells.ratemaps import rate_maps, shuffled_rate_maps


def active_units(maps: np.ndarray, min_range: float) -> np.ndarray:
    """Units whose rate map varies by at least `min_range` (max - min over visited bins)."""
    flat = maps.reshape(len(maps), -1)
    finite = np.isfinite(flat).any(axis=1)
    span = np.where(finite, np.nanmax(np.where(np.isfinite(flat), flat, -np.inf), axis=1)
                    - np.nanmin(np.where(np.isfinite(flat), flat, np.inf), axis=1), 0.0)
    return span >= min_range


def score_maps(maps: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Grid score per map, NaN for silent (inactive) units and flat autocorrelograms."""
    scores = np.full(len(maps), np.nan)
    if active.any():
        scores[active] = grid_scores(autocorrelogram(maps[active]))
    return scores


def evaluate_condition(positions: np.ndarray, codes: np.ndarray, evaluation: Mapping[str, Any],
                       box_size: float, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Unit table, null table and rate maps for codes (walks, T, units) at positions (walks, T, 2).

    A unit is a grid cell when its score beats the `null_percentile` of the condition's pooled null (every unit's
    activity circularly shifted in time against position, `n_shuffles` times).
    """
    pos = positions.reshape(-1, 2)
    act = codes.reshape(len(pos), -1)
    ev = evaluation
    maps = rate_maps(pos, act, box_size, ev["n_bins"], ev["min_visits"], ev["smoothing_bins"])
    active = active_units(maps, ev["min_active_fraction"])
    scores = score_maps(maps, active)
    spacing_bins, orientation = np.full(len(maps), np.nan), np.full(len(maps), np.nan)
    if active.any():
        spacing_bins[active], orientation[active] = grid_geometry(autocorrelogram(maps[active]))

    null_maps = shuffled_rate_maps(pos, act, box_size, ev["n_bins"], ev["min_visits"], ev["smoothing_bins"],
                                   ev["n_shuffles"], ev["min_shift_samples"], rng)
    null_scores = np.stack([score_maps(m, active) for m in null_maps])  # (shuffles, units)
    pooled = null_scores[:, active]
    pooled = pooled[np.isfinite(pooled)]
    threshold = float(np.percentile(pooled, ev["null_percentile"])) if pooled.size else np.nan
    units = pd.DataFrame({
        "unit": np.arange(len(maps), dtype=np.int32),
        "active": active,
        "grid_score": scores,
        "null_threshold": threshold,
        "is_grid": np.nan_to_num(scores, nan=-np.inf) > threshold,
        "spacing_m": spacing_bins * box_size / ev["n_bins"],
        "orientation_deg": orientation,
        "mean_activity": act.mean(axis=0),
    })
    shuffle, unit = np.meshgrid(np.arange(len(null_scores)), np.arange(len(maps)), indexing="ij")
    null = pd.DataFrame({"unit": unit.ravel().astype(np.int32), "shuffle": shuffle.ravel().astype(np.int32),
                         "grid_score": null_scores.ravel()})
    return units, null, maps
