"""Reference points for every score: systems built from the task itself, read out exactly like the models.

* `oracle`: the true latent variables the synthetic population is tuned to (ball position, velocity, interception
  point, occlusion flag) at every step: the most a linear read-out of the ball can give.
* `last_visible`: the ball's last visible position and velocity held through occlusion (no simulation at all).
* `straight_line`: the last visible position moved on at the last visible velocity, ignoring walls (dead
  reckoning without bounces).
* `random`: independent Gaussian features, `latent_dim` of them per step: the floor.

A model's standing is then where it lies between random and oracle, and whether it beats the two heuristics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from neuroai.mentalsim.synthetic_population import latent_features

BASELINES = ("oracle", "last_visible", "straight_line", "random")
HEURISTICS = ("last_visible", "straight_line")


def _last_visible(latents: pd.DataFrame, conditions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The latent row at each condition's last visible step, aligned to `latents`, and the steps since it."""
    t_occ = conditions.set_index("condition")["t_occ"].reindex(latents["condition"]).to_numpy()
    index = pd.MultiIndex.from_frame(latents[["condition", "step"]])
    source = pd.MultiIndex.from_arrays([latents["condition"], np.minimum(latents["step"], t_occ - 1)])
    held = latents.iloc[index.get_indexer(source)].reset_index(drop=True)
    return held, latents["step"].to_numpy() - held["step"].to_numpy()


def baseline_features(name: str, latents: pd.DataFrame, conditions: pd.DataFrame, rng: np.random.Generator,
                      dim: int) -> np.ndarray:
    """(len(latents), features) of baseline `name`; only `random` draws from rng."""
    occluded = latents["occluded"].to_numpy(dtype=np.float64)
    if name == "oracle":
        return latent_features(latents, conditions)
    if name == "random":
        return rng.standard_normal((len(latents), dim))
    held, elapsed = _last_visible(latents, conditions)
    position = held[["x", "y"]].to_numpy()
    velocity = held[["vx", "vy"]].to_numpy()
    if name == "straight_line":
        position = position + velocity * elapsed[:, None]
    elif name != "last_visible":
        raise ValueError(f"unknown baseline {name!r}; expected one of {BASELINES}")
    return np.column_stack([position, velocity, occluded])


def baseline_states(name: str, latents: pd.DataFrame, conditions: pd.DataFrame, rng: np.random.Generator,
                    dim: int) -> pd.DataFrame:
    """The baseline as a system's states table (STATES schema), one row per latent row."""
    values = baseline_features(name, latents, conditions, rng, dim).astype(np.float32)
    return pd.DataFrame({"system": name, "condition": latents["condition"].to_numpy(np.int32),
                         "step": latents["step"].to_numpy(np.int32), "state": list(values)})
