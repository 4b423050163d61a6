"""Cross-validated linear read-outs from a system's states (decoding) and to neural responses (predictivity).

Folds are grouped by condition, so no test condition's time points are seen in training; the ridge penalty is
chosen per target inside each training fold (efficient leave-one-out), over the configured alpha grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from neuroai.mentalsim.noise_ceiling import pair_sums
from neuroai.mentalsim.schemas import PAIR_SUMS


def state_matrix(states: pd.DataFrame, keys: pd.DataFrame) -> np.ndarray:
    """(len(keys), dim) states at the (condition, step) rows of `keys`; fails naming a missing row."""
    index = pd.MultiIndex.from_frame(states[["condition", "step"]])
    where = index.get_indexer(pd.MultiIndex.from_frame(keys[["condition", "step"]]))
    if (where < 0).any():
        missing = keys.iloc[int(np.flatnonzero(where < 0)[0])]
        raise ValueError(f"states lack condition {missing['condition']} step {missing['step']}")
    return np.stack(states["state"].to_numpy()[where]).astype(np.float64)


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int,
                alphas: Sequence[float]) -> np.ndarray:
    """Held-out ridge predictions of every column of y (samples, targets) from x, folds grouped by condition."""
    predicted = np.zeros_like(y, dtype=np.float64)
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        model = make_pipeline(StandardScaler(), RidgeCV(alphas=alphas, alpha_per_target=y.shape[1] > 1))
        model.fit(x[train], y[train])
        predicted[test] = model.predict(x[test]).reshape(len(test), -1)
    return predicted


def decode(system: str, states: pd.DataFrame, latents: pd.DataFrame, conditions: pd.DataFrame,
           evaluation: Mapping[str, Any]) -> pd.DataFrame:
    """Occluded ball position (x, y at every occluded step) and interception point (at the last step)."""
    folds, alphas = evaluation["folds"], evaluation["ridge_alphas"]
    occluded = latents[latents["occluded"]].reset_index(drop=True)
    position = out_of_fold(state_matrix(states, occluded), occluded[["x", "y"]].to_numpy(),
                           occluded["condition"].to_numpy(), folds, alphas)
    last = pd.DataFrame({"condition": conditions["condition"], "step": conditions["t_end"] - 1})
    final = conditions["final_y"].to_numpy()[:, None]
    intercept = out_of_fold(state_matrix(states, last), final, last["condition"].to_numpy(), folds, alphas)
    parts = [pd.DataFrame({"target": f"occluded_{axis}", "condition": occluded["condition"],
                           "step": occluded["step"], "true": occluded[axis], "predicted": position[:, i]})
             for i, axis in enumerate(("x", "y"))]
    parts.append(pd.DataFrame({"target": "interception", "condition": last["condition"], "step": last["step"],
                               "true": final[:, 0], "predicted": intercept[:, 0]}))
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "system", system)
    return out


def neural_matrices(neural: pd.DataFrame, keys: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(samples, units) mean, half-1 and half-2 rates at the (condition, step) rows of `keys`."""
    wide = neural.pivot_table(index=["condition", "step"], columns="unit",
                              values=["rate", "rate_half1", "rate_half2"])
    rows = wide.reindex(pd.MultiIndex.from_frame(keys[["condition", "step"]]))
    return tuple(rows[name].to_numpy() for name in ("rate", "rate_half1", "rate_half2"))


# `occluded_partial`: the occluded epoch, scored on what a system adds beyond the ball's true state (the oracle
# baseline's features, `controls`): the prediction from system + controls minus the prediction from the controls
# alone, against the response minus the controls' prediction (all out of fold, same folds). The controls are linear
# in the ball state, so a system that encodes the ball nonlinearly can score here on a population with nonlinear
# ball tuning (the synthetic one has sigmoids and products): "beyond a linear read-out of the ball". Residualising the
# responses first and then predicting them out of fold would not do: a held-out residual anti-correlates with a fit
# to the other folds' residuals, so a system with nothing to add would score far below zero.
EPOCHS = ("occluded", "whole_trial", "occluded_partial")


def _scored_pairs(x: np.ndarray, y: np.ndarray, groups: np.ndarray, controls: np.ndarray | None,
                  evaluation: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(prediction, target), each (samples, 3 x units): out-of-fold predictions of y from x, and y; with controls,
    the unique part of the prediction from [controls, x] and the controls' residual of y."""
    folds, alphas = evaluation["folds"], evaluation["ridge_alphas"]
    if controls is None:
        return out_of_fold(x, y, groups, folds, alphas), y
    baseline = out_of_fold(controls, y, groups, folds, alphas)
    return out_of_fold(np.hstack([controls, x]), y, groups, folds, alphas) - baseline, y - baseline


def predictivity_sums(system: str, states: pd.DataFrame, latents: pd.DataFrame, neural: pd.DataFrame,
                      evaluation: Mapping[str, Any], epochs: Sequence[str] = EPOCHS,
                      controls: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per unit and condition sums for the noise-corrected predictivity, for each epoch of EPOCHS; the partial epoch
    needs `controls`, the oracle's states."""
    units = np.sort(neural["unit"].unique())
    n_cond = int(latents["condition"].max()) + 1
    tables = []
    for epoch in epochs:
        keys = (latents if epoch == "whole_trial" else latents[latents["occluded"]]).reset_index(drop=True)
        partial = epoch == "occluded_partial"
        if partial and controls is None:
            raise ValueError("the occluded_partial epoch needs the oracle's states as controls")
        groups = keys["condition"].to_numpy()
        predicted, target = _scored_pairs(state_matrix(states, keys), np.hstack(neural_matrices(neural, keys)), groups,
                                          state_matrix(controls, keys) if partial else None, evaluation)
        (p, p1, p2), (y, y1, y2) = np.split(predicted, 3, axis=1), np.split(target, 3, axis=1)
        sums = np.concatenate([pair_sums(p, y, groups, n_cond), pair_sums(p1, p2, groups, n_cond),
                               pair_sums(y1, y2, groups, n_cond)], axis=-1)  # (C, U, 15)
        counts = np.bincount(groups, minlength=n_cond).astype(np.float64)
        present = counts > 0
        c_idx, u_idx = np.nonzero(np.broadcast_to(present[:, None], (n_cond, len(units))))
        table = pd.DataFrame(sums[c_idx, u_idx], columns=PAIR_SUMS)
        table.insert(0, "n", counts[c_idx])
        table.insert(0, "condition", c_idx.astype(np.int32))
        table.insert(0, "unit", units[u_idx].astype(np.int32))
        table.insert(0, "epoch", epoch)
        table.insert(0, "system", system)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def population_states(neural: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The reference population as a 'system': its rate vectors (mean and each half) per condition and step."""
    out = {}
    for system, column in (("reference", "rate"), ("reference_half1", "rate_half1"),
                           ("reference_half2", "rate_half2")):
        wide = neural.pivot_table(index=["condition", "step"], columns="unit", values=column).sort_index()
        out[system] = pd.DataFrame({"system": system,
                                    "condition": wide.index.get_level_values(0).astype(np.int32),
                                    "step": wide.index.get_level_values(1).astype(np.int32),
                                    "state": list(wide.to_numpy(dtype=np.float32))})
    return out
