"""A synthetic DMFC-like reference population, clearly labelled synthetic.

Units have mixed, nonlinear selectivity to the ball's latent state, which they keep tracking while the ball is
occluded (as DMFC does, Rajalingham, Sohn & Jazayeri 2025): each unit's drive is a sparse random mix of the
standardised position, velocity, interception point and occlusion flag plus one random pairwise product; its rate
is a sigmoid of that drive. Spike counts are Poisson per 41-ms step over repeated trials, so split-half averages
give a noise ceiling; units whose Spearman-Brown split-half reliability falls below a threshold are dropped, like
the released `neural_responses_reliable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.mentalsim.noise_ceiling import rowwise_pearson, spearman_brown

FEATURES = ("x", "y", "vx", "vy", "final_y", "occluded")


def latent_features(latents: pd.DataFrame, conditions: pd.DataFrame) -> np.ndarray:
    """(samples, features) standardised latent variables the population is tuned to."""
    final_y = conditions.set_index("condition")["final_y"].reindex(latents["condition"]).to_numpy()
    raw = np.column_stack([latents[["x", "y", "vx", "vy"]].to_numpy(), final_y, latents["occluded"].to_numpy()])
    return (raw - raw.mean(0)) / np.where(raw.std(0) > 0, raw.std(0), 1.0)


def unit_rates(features: np.ndarray, rng: np.random.Generator, ref: Mapping[str, Any]) -> np.ndarray:
    """Mean rates (units, samples) in spikes/s."""
    n_units, k = ref["n_units"], features.shape[1]
    weights = rng.normal(size=(n_units, k)) * (rng.random((n_units, k)) < ref["selectivity_density"])
    pair = np.argsort(rng.random((n_units, k)), axis=1)[:, :2]  # one random pair of distinct variables per unit
    mixing = rng.normal(size=n_units) * ref["nonlinear_mixing"]
    bias = rng.normal(size=n_units)
    drive = weights @ features.T + mixing[:, None] * (features[:, pair[:, 0]] * features[:, pair[:, 1]]).T
    return ref["baseline_hz"] + ref["peak_hz"] / (1.0 + np.exp(-(drive + bias[:, None])))


def population(features: np.ndarray, keys: pd.DataFrame, rng: np.random.Generator, ref: Mapping[str, Any],
               step_s: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(neural table of reliable units, per-unit reliability table) of units tuned to `features` (samples, k) at
    the (condition, step) rows of `keys`, for the NEURAL and UNITS schemas."""
    rates = unit_rates(features, rng, ref)
    counts = rng.poisson(rates[None] * step_s, size=(ref["n_trials"],) + rates.shape)  # (trials, units, samples)
    half1 = counts[0::2].mean(0) / step_s
    half2 = counts[1::2].mean(0) / step_s
    mean = counts.mean(0) / step_s
    split_r = rowwise_pearson(half1, half2)
    reliability = spearman_brown(split_r)
    kept = reliability >= ref["min_reliability"]
    units = pd.DataFrame({"unit": np.arange(len(kept), dtype=np.int32), "split_half_r": split_r,
                          "reliability": reliability, "kept": kept})
    n_samples = rates.shape[1]
    ids = np.flatnonzero(kept)
    neural = pd.DataFrame({
        "unit": np.repeat(ids, n_samples).astype(np.int32),
        "condition": np.tile(keys["condition"].to_numpy(), len(ids)).astype(np.int32),
        "step": np.tile(keys["step"].to_numpy(), len(ids)).astype(np.int32),
        "rate": mean[kept].ravel(), "rate_half1": half1[kept].ravel(), "rate_half2": half2[kept].ravel(),
    })
    return neural, units


def simulate_population(latents: pd.DataFrame, conditions: pd.DataFrame, rng: np.random.Generator,
                        ref: Mapping[str, Any], step_s: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic reference: units tuned to the ball's true latent state (see the module docstring)."""
    return population(latent_features(latents, conditions), latents, rng, ref, step_s)
