"""Fit of the free learning-speed constant to control quantities only (issue 13, item 6; rule `bci_calibrate`).

Objective, written before the fit: choose `plasticity.learning_rate` from the configured grid so that control mice
reach the paper's control late-training accuracy (`target_late_accuracy`; LED-control mice, last 6 days: 0.71,
ED Fig. 15c), i.e. minimise |mean over calibration mice of last-`late_sessions` accuracy - target|. Only
control mice are simulated; dendrite inhibition and scalar broadcast are then predictions.

The calibration mice have their own random streams, keyed by (seed, study, 'calibrate', mouse, the simulation's
parameters without the learning rate): every grid value sees the same mice (common random numbers), so the
objective's differences between grid values are not noise between mice.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.bci.schemas import STUDY
from neuroai.bci.simulate import simulate_mouse
from neuroai.common.seeding import rng

CONDITION = "control"


def _accuracy_by_session(bci: Mapping[str, Any], stream: np.random.Generator) -> np.ndarray:
    """Hit fraction of every session of one simulated control mouse."""
    sessions = simulate_mouse(bci, CONDITION, stream)["sessions"]
    return np.array([np.mean([t["outcome"] == "hit" for t in s["trials"]]) for s in sessions])


def with_learning_rate(simulation: Mapping[str, Any], learning_rate: float | None) -> dict[str, Any]:
    """A copy of the simulation parameters with `plasticity.learning_rate` set (None: left out)."""
    out = copy.deepcopy(dict(simulation))
    out["plasticity"].pop("learning_rate", None)
    if learning_rate is not None:
        out["plasticity"]["learning_rate"] = float(learning_rate)
    return out


def uses_calibration(bci: Mapping[str, Any], sweep: Mapping[str, Any] | None = None) -> bool:
    """Whether simulated mice take their learning rate from the calibration: it is enabled and, for a sweep point,
    the sweep does not set the learning rate itself."""
    if not bci["calibration"]["enabled"]:
        return False
    if sweep is None:
        return True
    overrides = sweep.get("overrides", {}).get("plasticity", {})
    return "plasticity.learning_rate" not in sweep["parameters"] and "learning_rate" not in overrides


def fit_learning_rate(seed: int, simulation: Mapping[str, Any], settings: Mapping[str, Any]) -> pd.DataFrame:
    """One row per grid value: day-1 and late accuracy of the calibration mice, the objective and which value is
    chosen (the smallest objective; the first on a tie). `settings`: the config's `bci.calibration`."""
    key = with_learning_rate(simulation, None)
    late = settings["late_sessions"]
    rows = []
    for value in settings["learning_rates"]:
        accuracy = np.array([_accuracy_by_session(with_learning_rate(simulation, value),
                                                  rng(seed, STUDY, "calibrate", m, key))
                             for m in range(settings["mice"])])
        late_accuracy = float(accuracy[:, -late:].mean())
        rows.append({"learning_rate": float(value), "n_mice": settings["mice"],
                     "day1_accuracy": float(accuracy[:, 0].mean()), "late_accuracy": late_accuracy,
                     "target_late_accuracy": settings["target_late_accuracy"],
                     "objective": abs(late_accuracy - settings["target_late_accuracy"])})
    table = pd.DataFrame(rows)
    table["chosen"] = np.arange(len(table)) == int(table["objective"].to_numpy().argmin())
    return table


def chosen_learning_rate(table: pd.DataFrame) -> float:
    """The learning rate a calibration table chose."""
    return float(table.loc[table["chosen"], "learning_rate"].iloc[0])
