"""suite2p plane folder + behavioural event log + soma/dendrite pairing table -> `SessionRecording`.

The folder holds suite2p's outputs: F.npy and Fneu.npy (ROIs x frames), iscell.npy (ROIs x 2), stat.npy (one dict
per ROI) and ops.npy (settings; `fs` is the frame rate). Fluorescence is neuropil-corrected as suite2p does,
F - neucoeff * Fneu (ops `neucoeff`, default 0.7). stat.npy and ops.npy are pickled: read only trusted folders.
The pairing table (CSV/Parquet) lists every neuron to analyse: neuron, soma_roi, dendrite_roi (-1: none), role.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from neuroai.bci import schemas
from neuroai.bci.recordings import checks
from neuroai.bci.recordings.data_config import SUITE2P_FILES
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.events import angle_per_frame, read_events, trials_from_events
from neuroai.bci.recordings.session import SessionRecording
from neuroai.bci.recordings.tabular import read_side_table

PAIRING_COLUMNS = {"neuron": "number", "soma_roi": "number", "dendrite_roi": "number", "role": "text"}
DEFAULT_NEUCOEFF = 0.7  # suite2p's default neuropil coefficient


def _load(folder: Path, name: str) -> np.ndarray:
    path = folder / name
    if not path.is_file():
        raise RecordingError(path, "<file>", f"not found; a suite2p folder needs {list(SUITE2P_FILES)}")
    try:
        return np.load(path, allow_pickle=name in ("stat.npy", "ops.npy"))
    except (ValueError, OSError) as err:
        raise RecordingError(path, "<file>", f"not a readable .npy file ({err})") from err


def _ops(folder: Path) -> dict:
    ops = _load(folder, "ops.npy")
    ops = ops.item() if ops.dtype == object and ops.shape == () else None
    path = folder / "ops.npy"
    if not isinstance(ops, dict) or "fs" not in ops:
        raise RecordingError(path, "fs", "expected a pickled dict with the frame rate 'fs'")
    if not np.isfinite(ops["fs"]) or ops["fs"] <= 0:
        raise RecordingError(path, "fs", f"expected a positive frame rate, got {ops['fs']}")
    return ops


def _pairing(path: str | os.PathLike, n_rois: int, iscell: np.ndarray, folder: Path) -> pd.DataFrame:
    """Long ROI table (roi, neuron, compartment, role) from the pairing table, checked against the ROI count."""
    pairs = read_side_table(path, PAIRING_COLUMNS)
    checks.allowed(pairs["role"], schemas.ROLES, path, "role")
    for column in ("neuron", "soma_roi"):
        values = pairs[column].to_numpy(float)
        if not np.isfinite(values).all() or (values != np.round(values)).any():
            raise RecordingError(path, column, "expected whole numbers on every row (missing ROI pair?)")
    dendrite = pairs["dendrite_roi"].fillna(-1).to_numpy(float)
    if pairs["neuron"].duplicated().any():
        raise RecordingError(path, "neuron", f"neuron(s) {pairs.loc[pairs['neuron'].duplicated(), 'neuron'].tolist()} "
                                             "listed twice")
    rois = pd.concat([
        pd.DataFrame({"roi": pairs["soma_roi"], "neuron": pairs["neuron"], "compartment": "soma",
                      "role": pairs["role"]}),
        pd.DataFrame({"roi": dendrite, "neuron": pairs["neuron"], "compartment": "dendrite",
                      "role": pairs["role"]})[dendrite >= 0]], ignore_index=True).astype({"roi": int, "neuron": int})
    bad = rois[(rois["roi"] < 0) | (rois["roi"] >= n_rois)]
    if len(bad):
        raise RecordingError(path, f"{bad['compartment'].iloc[0]}_roi", f"ROI index {int(bad['roi'].iloc[0])} of "
                                                                          f"neuron {int(bad['neuron'].iloc[0])} is "
                                                                          f"not in 0..{n_rois - 1} ({folder})")
    if rois["roi"].duplicated().any():
        raise RecordingError(path, "soma_roi/dendrite_roi", f"ROI(s) {rois.loc[rois['roi'].duplicated(), 'roi'].tolist()}"
                                                            " paired more than once")
    somas = rois.loc[rois["compartment"] == "soma", "roi"].to_numpy()
    not_cells = somas[iscell[somas, 0] == 0]
    if not_cells.size:
        raise RecordingError(path, "soma_roi", f"ROI(s) {not_cells.tolist()[:10]} are not cells in "
                                               f"{folder / 'iscell.npy'}")
    return rois


def read_session_suite2p(folder: str | os.PathLike, events: str | os.PathLike, pairing: str | os.PathLike,
                         expected_rate_hz: float | None = None) -> SessionRecording:
    """Read and check one suite2p session; `expected_rate_hz` (from the config) must match ops['fs']."""
    folder = Path(folder)
    f, fneu, iscell, stat = (_load(folder, name) for name in SUITE2P_FILES[:4])
    ops = _ops(folder)
    for name, array in {"F.npy": f, "Fneu.npy": fneu}.items():
        if array.ndim != 2:
            raise RecordingError(folder / name, "<array>", f"expected ROIs x frames, got shape {array.shape}")
        checks.finite(array, folder / name, "<array>")
    if fneu.shape != f.shape:
        raise RecordingError(folder / "Fneu.npy", "<array>", f"unequal lengths: shape {fneu.shape}, F.npy has "
                                                             f"{f.shape}")
    n_rois, n_frames = f.shape
    checks.same_length({"F.npy rows": n_rois, "iscell.npy rows": len(iscell), "stat.npy entries": len(stat)},
                       folder)
    if "nframes" in ops:
        checks.same_length({"F.npy columns": n_frames, "ops.npy nframes": int(ops["nframes"])}, folder)
    rate = float(ops["fs"])
    if expected_rate_hz is not None:
        checks.same_rate(rate, expected_rate_hz, folder / "ops.npy", "fs", "the config (frame_rate_hz)")
    rois = _pairing(pairing, n_rois, np.asarray(iscell).reshape(n_rois, -1), folder)
    corrected = f - ops.get("neucoeff", DEFAULT_NEUCOEFF) * fneu
    frame_times = np.arange(n_frames) / rate
    log = read_events(events)
    return SessionRecording(source=str(folder), behaviour_source=str(events), rois=rois[["neuron", "compartment", "role"]],
                            fluorescence=corrected[rois["roi"].to_numpy()].T.astype(np.float32),
                            frame_times=frame_times, frame_rate_hz=rate, trials=trials_from_events(log, events),
                            angle_deg=angle_per_frame(log, frame_times, rate, events))
