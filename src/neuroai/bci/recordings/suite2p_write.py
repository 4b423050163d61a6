"""Canonical tables of one session -> the suite2p input layout the reader expects (F.npy ... ops.npy, events.csv,
pairing.csv). Shows a lab the exact layout and lets the tests exercise the suite2p reader on generated files.

Fneu is written as zeros so that F - neucoeff * Fneu reproduces the canonical fluorescence exactly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from neuroai.bci.recordings.suite2p import PAIRING_COLUMNS


def session_events(frames: pd.DataFrame, trials: pd.DataFrame, rate: float) -> pd.DataFrame:
    """Event log (time_s, event, value) of one session from its canonical frames and trials tables."""
    first = frames[frames["trial"] >= 0].groupby("trial")["frame"].min()
    block = trials["trial"].map(first).fillna(trials["start_frame"])
    hits = trials[trials["outcome"] == "hit"]
    angle = frames.sort_values("frame")["angle_deg"].to_numpy()
    changes = np.flatnonzero(np.diff(angle, prepend=np.float32(0)) != 0)
    parts = [pd.DataFrame({"frame": values, "event": event})
             for event, values in {"trial_start": block, "grating_on": trials["start_frame"],
                                   "task_end": trials["task_end_frame"], "trial_end": trials["end_frame"],
                                   "reward": hits["reward_frame"]}.items()]
    parts.append(pd.DataFrame({"frame": trials["outcome_frame"], "event": trials["outcome"]}))
    parts.append(pd.DataFrame({"frame": changes, "event": "angle", "value": angle[changes]}))
    log = pd.concat(parts, ignore_index=True)
    log["time_s"] = log["frame"].to_numpy(float) / rate
    return log.sort_values("time_s", kind="stable")[["time_s", "event", "value"]]


def write_session_suite2p(tables: Mapping[str, pd.DataFrame], session: int, directory: str | os.PathLike) -> dict:
    """Write `directory`/plane0/*.npy, events.csv and pairing.csv; returns the paths for a config entry."""
    root = Path(directory)
    plane = root / "plane0"
    plane.mkdir(parents=True, exist_ok=True)
    info = tables["sessions"].set_index("session").loc[session]
    rate, n_frames = float(info["frame_rate_hz"]), int(info["n_frames"])
    rois = tables["rois"].sort_values("roi")
    traces = tables["traces"][tables["traces"]["session"] == session]
    f = np.zeros((len(rois), n_frames), np.float32)
    f[traces["roi"].to_numpy(), traces["frame"].to_numpy()] = traces["fluorescence"].to_numpy()
    np.save(plane / "F.npy", f)
    np.save(plane / "Fneu.npy", np.zeros_like(f))
    np.save(plane / "iscell.npy", np.column_stack([rois["compartment"] == "soma", np.ones(len(rois))]).astype(float))
    stat = np.empty(len(rois), dtype=object)
    stat[:] = [{"ypix": np.array([i]), "xpix": np.array([0]), "lam": np.ones(1)} for i in range(len(rois))]
    np.save(plane / "stat.npy", stat, allow_pickle=True)
    np.save(plane / "ops.npy", np.array({"fs": rate, "nframes": n_frames, "neucoeff": 0.7}, dtype=object),
            allow_pickle=True)
    wide = rois.pivot(index="neuron", columns="compartment", values="roi").reindex(columns=["soma", "dendrite"])
    pairing = wide.rename(columns={"soma": "soma_roi", "dendrite": "dendrite_roi"}).fillna(-1).astype(int)
    pairing = pairing.join(rois.drop_duplicates("neuron").set_index("neuron")["role"]).reset_index()
    pairing[list(PAIRING_COLUMNS)].to_csv(root / "pairing.csv", index=False)
    frames = tables["frames"][tables["frames"]["session"] == session]
    trials = tables["trials"][tables["trials"]["session"] == session]
    session_events(frames, trials, rate).to_csv(root / "events.csv", index=False)
    return {"path": str(plane), "events": str(root / "events.csv"), "pairing": str(root / "pairing.csv")}
