"""Model recovery: can the predictivity metric tell the model classes apart at all?

For each model class, a reference population is generated from that class's own states (training seed 0): its
states are standardised and reduced to their leading principal components, mixed into units exactly as the
synthetic DMFC-like population mixes the ball's latents (sparse random weights, one product term, a sigmoid,
Poisson spikes over trials, split halves), together with two DMFC-like nuisance signals every unit may carry: a
ramp in time from trial start and a transient after occluder onset. Every class's *other* seeds are then scored
against it with the study's own predictivity metric; the generating class should rank first. Where it does not,
the metric cannot separate the classes on this condition set, and the main claim is untestable for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.mentalsim.synthetic_population import population


def _standardise(values: np.ndarray) -> np.ndarray:
    scale = values.std(0)
    return (values - values.mean(0)) / np.where(scale > 0, scale, 1.0)


def nuisance_signals(keys: pd.DataFrame, conditions: pd.DataFrame, transient_tau_s: float,
                     step_s: float) -> np.ndarray:
    """(samples, 2) standardised time-from-start ramp and occluder-onset transient at the rows of `keys`."""
    t_occ = conditions.set_index("condition")["t_occ"].reindex(keys["condition"]).to_numpy()
    since = (keys["step"].to_numpy() - t_occ) * step_s
    transient = np.where(since >= 0, np.exp(-np.clip(since, 0, None) / transient_tau_s), 0.0)
    return _standardise(np.column_stack([keys["step"].to_numpy(np.float64), transient]))


def recovery_features(states: np.ndarray, keys: pd.DataFrame, conditions: pd.DataFrame, rec: Mapping[str, Any],
                      step_s: float) -> np.ndarray:
    """(samples, components + 2): unit-variance leading principal components of the states, then the nuisance
    signals scaled by rec['nuisance_weight']."""
    u, singular, _ = np.linalg.svd(_standardise(states), full_matrices=False)
    k = min(rec["components"], int((singular > 1e-8 * singular[0]).sum()))
    components = u[:, :k] * np.sqrt(len(states))
    nuisance = rec["nuisance_weight"] * nuisance_signals(keys, conditions, rec["transient_tau_s"], step_s)
    return np.column_stack([components, nuisance])


def recovery_population(states: np.ndarray, keys: pd.DataFrame, conditions: pd.DataFrame, rng: np.random.Generator,
                        ref: Mapping[str, Any], rec: Mapping[str, Any], step_s: float) -> pd.DataFrame:
    """A NEURAL-schema population generated from one model's states at the rows of `keys`."""
    neural, _ = population(recovery_features(states, keys, conditions, rec, step_s), keys, rng, ref, step_s)
    return neural
