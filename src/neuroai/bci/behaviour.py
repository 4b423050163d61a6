"""Behaviour per session from the trials table: accuracy (hit rate), time to target and rewards per minute."""

from __future__ import annotations

import pandas as pd


def session_behaviour(trials: pd.DataFrame, frame_rate_hz: pd.Series) -> pd.DataFrame:
    """One row per session; `frame_rate_hz` is indexed by session."""
    fr = trials["session"].map(frame_rate_hz)
    t = trials.assign(hit=trials["outcome"].eq("hit"),
                      time_to_target_s=(trials["outcome_frame"] - trials["start_frame"]) / fr,
                      duration_min=(trials["end_frame"] - trials["start_frame"]) / fr / 60.0)
    per = t.groupby("session").agg(n_trials=("trial", "size"), hits=("hit", "sum"), minutes=("duration_min", "sum"))
    per["hit_rate"] = per["hits"] / per["n_trials"]
    per["rewards_per_min"] = per["hits"] / per["minutes"]
    per["time_to_target_s"] = t[t["hit"]].groupby("session")["time_to_target_s"].median()
    return per.reset_index()[["session", "n_trials", "hit_rate", "time_to_target_s", "rewards_per_min"]]
