"""Fit of the free learning-speed constant to control quantities only (issue 13, item 6; rule `bci_calibrate`).

Each grid value is simulated by its own job (rule `bci_calibration_run`, one table of per-session accuracy), so the
grid runs on every core and a changed objective setting reruns no simulation.

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


def grid_point_accuracy(seed: int, simulation: Mapping[str, Any], learning_rate: float, mice: int) -> pd.DataFrame:
    """Hit fraction of every session of `mice` calibration control mice at one grid value: columns learning_rate,
    mouse, session, accuracy. Each mouse's stream is keyed without the learning rate (common random numbers)."""
    key = with_learning_rate(simulation, None)
    rows = []
    for m in range(mice):
        run = simulate_mouse(with_learning_rate(simulation, learning_rate), CONDITION,
                             rng(seed, STUDY, "calibrate", m, key))
        rows += [{"learning_rate": float(learning_rate), "mouse": m, "session": s,
                  "accuracy": float(np.mean([t["outcome"] == "hit" for t in session["trials"]]))}
                 for s, session in enumerate(run["sessions"])]
    return pd.DataFrame(rows)


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


def fit_learning_rate(runs: pd.DataFrame, settings: Mapping[str, Any]) -> pd.DataFrame:
    """One row per grid value (in the order of `settings['learning_rates']`): day-1 and late accuracy of the
    calibration mice (`runs`: grid_point_accuracy of every grid value), the objective and which value is chosen (the
    smallest objective; the first on a tie). `settings`: the config's `bci.calibration`."""
    late_from = runs["session"].max() + 1 - settings["late_sessions"]
    rows = []
    for value in settings["learning_rates"]:
        mine = runs[runs["learning_rate"] == float(value)]
        late_accuracy = float(mine.loc[mine["session"] >= late_from].groupby("mouse")["accuracy"].mean().mean())
        rows.append({"learning_rate": float(value), "n_mice": int(mine["mouse"].nunique()),
                     "day1_accuracy": float(mine.loc[mine["session"] == 0, "accuracy"].mean()),
                     "late_accuracy": late_accuracy, "target_late_accuracy": settings["target_late_accuracy"],
                     "objective": abs(late_accuracy - settings["target_late_accuracy"])})
    table = pd.DataFrame(rows)
    table["chosen"] = np.arange(len(table)) == int(table["objective"].to_numpy().argmin())
    return table


def chosen_learning_rate(table: pd.DataFrame) -> float:
    """The learning rate a calibration table chose."""
    return float(table.loc[table["chosen"], "learning_rate"].iloc[0])
