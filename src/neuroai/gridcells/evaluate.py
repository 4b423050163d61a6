"""Evaluate one trained condition: rate maps, grid scores and Fourier periods against the shuffled-rate-map null,
modules, lattice phases, the torus test of the largest module and neural vs spatial distance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.gridcells.gridscore import autocorrelogram, grid_geometry, grid_scores
from neuroai.gridcells.modules import discover_modules
from neuroai.gridcells.periodicity import (fourier_geometry, lattice_phases, mean_orientation,
                                          neural_vs_spatial_distance)
from neuroai.gridcells.ratemaps import rate_maps, shuffled_rate_maps
from neuroai.gridcells.topology import TORUS, betti_numbers


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


def _null_threshold(null_values: np.ndarray, active: np.ndarray, percentile: float) -> float:
    """The `percentile` of the active units' null values (shuffles, units), pooled over units."""
    pooled = null_values[:, active]
    pooled = pooled[np.isfinite(pooled)]
    return float(np.percentile(pooled, percentile)) if pooled.size else np.nan


def assign_modules(units: pd.DataFrame, maps: np.ndarray, box_size: float, evaluation: Mapping[str, Any],
                   seed: int) -> pd.DataFrame:
    """Module label (-1: none) of every periodic unit, by clustering Fourier spacings, and each module member's
    lattice phases along the module's median spacing and orientation."""
    ev, units = evaluation, units.assign(module=np.int32(-1), phase_1=np.nan, phase_2=np.nan)
    periodic = units.index[units["is_periodic"]]
    if len(periodic) < ev["min_units_per_module"]:
        return units
    labels, _ = discover_modules(units.loc[periodic, "fourier_spacing_m"].to_numpy(), ev["max_modules"],
                                 ev["min_units_per_module"], seed, ev["min_period_ratio"])
    units.loc[periodic, "module"] = labels.astype(np.int32)
    for module in np.unique(labels):  # a handful of modules; each module's units are handled at once
        members = periodic[labels == module]
        orientation = mean_orientation(units.loc[members, "fourier_orientation_deg"])
        phases = lattice_phases(maps[units.loc[members, "unit"].to_numpy()], box_size,
                                float(units.loc[members, "fourier_spacing_m"].median()), orientation)
        units.loc[members, ["phase_1", "phase_2"]] = phases
    return units


def torus_test(units: pd.DataFrame, maps: np.ndarray, evaluation: Mapping[str, Any],
               rng: np.random.Generator) -> pd.DataFrame:
    """Betti numbers of the largest module's population vectors over rate-map bins (no rows without a module of
    at least `topology_components` units)."""
    sizes = units.loc[units["module"] >= 0, "module"].value_counts()
    columns = ["module", "n_units", *(f"{k}_{d}" for k in ("betti", "longest", "null_longest") for d in range(3)),
               "is_torus"]
    if sizes.empty or sizes.iloc[0] < evaluation["topology_components"]:
        return pd.DataFrame(columns=columns)
    module = int(sizes.index[0])
    members = units.loc[units["module"] == module, "unit"].to_numpy()
    betti, longest, null = betti_numbers(maps[members].reshape(len(members), -1).T,
                                         evaluation["topology_components"], evaluation["topology_points"], rng)
    return pd.DataFrame([[module, len(members), *betti, *longest, *null, tuple(betti) == TORUS]], columns=columns)


def evaluate_condition(positions: np.ndarray, codes: np.ndarray, evaluation: Mapping[str, Any],
                       box_size: float, rng: np.random.Generator, seed: int) -> dict[str, Any]:
    """Tables `units`, `null`, `topology`, `distances` and the rate maps `maps` of codes (walks, T, units) at
    positions (walks, T, 2).

    A unit is a grid cell when its grid score beats the `null_percentile` of the condition's pooled null (every
    unit's activity circularly shifted in time against position, `n_shuffles` times), and periodic when its
    Fourier peak does the same. Modules are clusters of the periodic units' Fourier spacings (`seed` for the mixture).
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
    fourier_spacing, fourier_orientation, peak = fourier_geometry(maps, box_size)

    null_maps = shuffled_rate_maps(pos, act, box_size, ev["n_bins"], ev["min_visits"], ev["smoothing_bins"],
                                   ev["n_shuffles"], ev["min_shift_samples"], rng)
    null_scores = np.stack([score_maps(m, active) for m in null_maps])  # (shuffles, units)
    null_peaks = fourier_geometry(null_maps.reshape(-1, *maps.shape[1:]), box_size)[2].reshape(len(null_maps), -1)
    threshold = _null_threshold(null_scores, active, ev["null_percentile"])
    peak_threshold = _null_threshold(null_peaks, active, ev["null_percentile"])
    units = pd.DataFrame({
        "unit": np.arange(len(maps), dtype=np.int32),
        "active": active,
        "grid_score": scores,
        "null_threshold": threshold,
        "is_grid": np.nan_to_num(scores, nan=-np.inf) > threshold,
        "spacing_m": spacing_bins * box_size / ev["n_bins"],
        "orientation_deg": orientation,
        "fourier_spacing_m": fourier_spacing,
        "fourier_orientation_deg": fourier_orientation,
        "spectral_peak": peak,
        "spectral_threshold": peak_threshold,
        "is_periodic": active & (np.nan_to_num(peak, nan=-np.inf) > peak_threshold),
        "mean_activity": act.mean(axis=0),
    })
    units = assign_modules(units, maps, box_size, ev, seed)
    shuffle, unit = np.meshgrid(np.arange(len(null_scores)), np.arange(len(maps)), indexing="ij")
    null = pd.DataFrame({"unit": unit.ravel().astype(np.int32), "shuffle": shuffle.ravel().astype(np.int32),
                         "grid_score": null_scores.ravel(), "spectral_peak": null_peaks.ravel()})
    centres, neural, pairs = neural_vs_spatial_distance(maps[active], box_size, ev["distance_bins"])
    distances = pd.DataFrame({"spatial_m": centres, "neural_distance": neural, "n_pairs": pairs.astype(np.int64)})
    return {"units": units, "null": null, "maps": maps, "topology": torus_test(units, maps, ev, rng),
            "distances": distances}
