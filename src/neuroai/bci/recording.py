"""Turn a simulated mouse into the canonical recording tables (see `schemas.py`), exactly what a real
two-photon BCI recording provides: ROI fluorescence, the grating angle per frame, and the trials."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neuroai.bci import schemas
from neuroai.bci.circuit import role_names
from neuroai.common.tables import read_table, write_table


def recording_tables(sim: Mapping[str, Any], frame_rate_hz: float) -> dict[str, Any]:
    """Canonical tables (as column dicts / DataFrames) from `simulate_mouse` output, with its ground truth."""
    roles = role_names(sim["circuit"].roles)
    n = len(roles)
    rois = pd.DataFrame({"roi": np.arange(2 * n), "neuron": np.tile(np.arange(n), 2),
                         "compartment": np.repeat(["soma", "dendrite"], n), "role": np.tile(roles, 2)})
    traces, frame_cols, trials, sessions, drives, weights = [], [], [], [], [], []
    for index, session in enumerate(sim["sessions"]):
        f = np.concatenate([session["frames"]["soma"], session["frames"]["dendrite"]], axis=1)  # time x rois
        t = len(f)
        traces.append({"session": np.full(f.size, index, np.int16), "roi": np.repeat(np.arange(2 * n), t),
                       "frame": np.tile(np.arange(t), 2 * n), "fluorescence": f.T.ravel()})
        frame_cols.append({"session": np.full(t, index, np.int16), "frame": np.arange(t),
                           "trial": session["frames"]["trial"], "angle_deg": session["frames"]["angle"]})
        trials.append(pd.DataFrame(session["trials"]).assign(session=index))
        sessions.append({"session": index, "day": index + 1, "frame_rate_hz": frame_rate_hz, "n_frames": t})
        w = session["teaching_weights"]                                   # trials x neurons
        drives.append({"session": np.full(t, index, np.int16), "frame": np.arange(t),
                       "drive": session["frames"]["teaching_drive"]})
        weights.append({"session": np.full(w.size, index, np.int16), "trial": np.repeat(np.arange(len(w)), n),
                        "neuron": np.tile(np.arange(n), len(w)), "weight": w.ravel()})

    def stack(parts):
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    return {"rois": rois, "sessions": pd.DataFrame(sessions), "traces": stack(traces), "frames": stack(frame_cols),
            "trials": pd.concat(trials, ignore_index=True), "teaching_drive": stack(drives),
            "teaching_weights": stack(weights)}


def as_frames(tables: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The same tables, each as a DataFrame (for analysing a recording in memory without writing it)."""
    return {name: t if isinstance(t, pd.DataFrame) else pd.DataFrame(t) for name, t in tables.items()}


def write_recording(tables: Mapping[str, Any], paths: Mapping[str, str | os.PathLike]) -> None:
    """Write each canonical table, and each ground-truth table `paths` names, to its path with its schema."""
    for name, schema in schemas.RECORDING_TABLES.items():
        write_table(tables[name], paths[name], schema)
    for name, schema in schemas.GROUND_TRUTH_TABLES.items():
        if name in paths:
            write_table(tables[name], paths[name], schema)


def read_recording(directory: str | os.PathLike, ground_truth: bool = False) -> dict[str, pd.DataFrame]:
    """Read and schema-check the canonical tables of one mouse from `directory/{table}.parquet` (and its ground-truth
    tables, written for simulated mice only)."""
    tables = {**schemas.RECORDING_TABLES, **(schemas.GROUND_TRUTH_TABLES if ground_truth else {})}
    return {name: read_table(Path(directory) / f"{name}.parquet", schema) for name, schema in tables.items()}
