"""One sweep point run in one process: simulate and analyse all its mice, then one summary row per condition."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.bci import stats
from neuroai.bci.analysis import analyse_mouse
from neuroai.bci.design import mouse_name, mouse_stream, simulation_params
from neuroai.bci.recording import as_frames, recording_tables
from neuroai.bci.simulate import simulate_mouse
from neuroai.bci.sweeps import point_name


def run_point(seed: int, bci: Mapping[str, Any], point: Mapping[str, Any], sweep_name: str) -> pd.DataFrame:
    """Simulate and analyse every condition and mouse of one point; one summary row per condition."""
    behaviour, neurons = [], []
    for condition in bci["conditions"]:
        for m in range(bci["mice_per_condition"]):
            stream = mouse_stream(seed, condition, m, simulation_params(bci))
            recording = recording_tables(simulate_mouse(bci, condition, stream), bci["frame_rate_hz"])
            tables = analyse_mouse(as_frames(recording), bci["analysis"], condition, mouse_name(m), seed,
                                   paper_methods=False)
            behaviour.append(tables["behaviour"])
            neurons.append(tables["neuron_sessions"])
    slopes = stats.learning_slopes(pd.concat(behaviour)).set_index("condition")
    contrasts = stats.role_contrasts(pd.concat(neurons)).query("measure == 'reward'").set_index("condition")
    names = sorted(point)
    axes = {"x_param": names[0], "x_value": float(point[names[0]]),
            "y_param": names[1] if len(names) > 1 else None,
            "y_value": float(point[names[1]]) if len(names) > 1 else np.nan}
    rows = []
    for condition in bci["conditions"]:
        s, c = slopes.loc[condition], contrasts.loc[condition] if condition in contrasts.index else None
        rows.append({"sweep": sweep_name, "point": point_name(point), "parameters": json.dumps(point, sort_keys=True),
                     **axes, "condition": condition, "n_target_neurons": 2 * int(np.mean(bci["group_sizes"])),
                     "slope": s["estimate"], "slope_ci_low": s["ci_low"], "slope_ci_high": s["ci_high"],
                     "slope_p": s["p_value"],
                     "reward_contrast": np.nan if c is None else c["estimate"],
                     "reward_contrast_ci_low": np.nan if c is None else c["ci_low"],
                     "reward_contrast_ci_high": np.nan if c is None else c["ci_high"]})
    return pd.DataFrame(rows)
