"""A session's behavioural event log (time_s, event, value) -> trials table in seconds and the angle per frame.

Times are seconds from the first imaging frame. Each trial logs, in order, `trial_start` (grey screen),
`grating_on`, `task_end` (exclusive end of the task period), one outcome (`hit` or `miss`), `reward` (hits only)
and `trial_end`; `angle` rows give the grating angle (deg, in `value`, 0 to 90) shown from that time on (0 before
the first). Rows are in time order.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from neuroai.bci.recordings import checks
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.session import ANGLE_RANGE_DEG, TRIAL_COLUMNS, to_frames
from neuroai.bci.recordings.tabular import read_side_table

EVENT_COLUMNS = {"time_s": "number", "event": "text", "value": "number"}
TRIAL_EVENTS = {"trial_start": "start_time", "grating_on": "grating_onset_time", "task_end": "task_end_time",
                "trial_end": "stop_time"}
EVENTS = (*TRIAL_EVENTS, "hit", "miss", "reward", "angle")


def read_events(path: str | os.PathLike) -> pd.DataFrame:
    """The event log, checked: known event names, finite times in time order, and on every `angle` row a value
    within ANGLE_RANGE_DEG (other rows' values are not used)."""
    log = read_side_table(path, EVENT_COLUMNS)
    checks.allowed(log["event"], EVENTS, path, "event")
    checks.increasing(log["time_s"].to_numpy(), path, "time_s", strict=False)
    angles = log["value"].where(log["event"] == "angle", ANGLE_RANGE_DEG[0])  # keeps the row numbers
    checks.within(angles.to_numpy(), *ANGLE_RANGE_DEG, path, "value (angle rows, deg)")
    return log


def trials_from_events(log: pd.DataFrame, source: object) -> pd.DataFrame:
    """Trials table (TRIAL_COLUMNS, seconds): the k-th event of each kind belongs to the k-th trial."""
    times = {name: log.loc[log["event"] == name, "time_s"].to_numpy(float) for name in EVENTS}
    n = len(times["trial_start"])
    outcomes = log[log["event"].isin(["hit", "miss"])]
    counts = {**{name: len(times[name]) for name in TRIAL_EVENTS}, "hit+miss": len(outcomes)}
    if n == 0 or any(c != n for c in counts.values()):
        raise RecordingError(source, "event", f"every trial needs one of each trial event; counts {counts}")
    trials = pd.DataFrame({"trial": np.arange(n), **{col: times[name] for name, col in TRIAL_EVENTS.items()},
                           "outcome": outcomes["event"].to_numpy(str), "outcome_time": outcomes["time_s"].to_numpy()})
    hit = trials["outcome"] == "hit"
    if len(times["reward"]) != hit.sum():
        raise RecordingError(source, "event", f"{len(times['reward'])} reward events for {int(hit.sum())} hits; "
                                              "expected one reward per hit")
    trials["reward_time"] = np.nan
    trials.loc[hit, "reward_time"] = times["reward"]
    return trials[list(TRIAL_COLUMNS)]


def angle_per_frame(log: pd.DataFrame, frame_times: np.ndarray, rate: float, source: object) -> np.ndarray:
    """Grating angle at every frame: the last `angle` event at or before it (0 before the first)."""
    rows = log[log["event"] == "angle"]
    at = to_frames(rows["time_s"].to_numpy(float), frame_times, rate, source, "time_s (angle rows)")
    index = np.searchsorted(at, np.arange(len(frame_times)), side="right") - 1
    values = np.append(rows["value"].to_numpy(np.float32), np.float32(0))
    return values[index]  # index -1 picks the appended 0
