"""suite2p plane folder + behavioural event log + soma/dendrite pairing table -> `SessionRecording`.

The folder holds suite2p's outputs: F.npy and Fneu.npy (ROIs x frames), iscell.npy (ROIs x 2: is a cell 0/1,
probability), stat.npy (one entry per ROI) and ops.npy (settings; `fs` is the frame rate). Fluorescence is
neuropil-corrected as suite2p does, F - c * Fneu, with c from ops `extraction.neuropil_coefficient` (suite2p 1.x)
or `neucoeff` (0.x), else suite2p's default 0.7 (with a warning).
No user file is unpickled freely: of stat.npy only the header (its length) is read, and ops.npy is rebuilt by an
unpickler that can make nothing but numpy arrays, numbers, text, dates and containers (OPS_GLOBALS).
The pairing table (CSV/Parquet) lists every neuron to analyse: neuron, soma_roi, dendrite_roi (-1: none), role.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import tokenize
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from neuroai.bci import schemas
from neuroai.bci.recordings import checks
from neuroai.bci.recordings.data_config import SUITE2P_FILES
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.events import angle_per_frame, read_events, trials_from_events
from neuroai.bci.recordings.session import SessionRecording
from neuroai.bci.recordings.tabular import read_side_table

log = logging.getLogger(__name__)

PAIRING_COLUMNS = {"neuron": "number", "soma_roi": "number", "dendrite_roi": "number", "role": "text"}
NO_DENDRITE = -1
DEFAULT_NEUCOEFF = 0.7  # suite2p's default neuropil coefficient
NPY_ERRORS = (ValueError, OSError, EOFError, tokenize.TokenError)  # numpy's .npy parser on a malformed file
UNPICKLE_ERRORS = (pickle.UnpicklingError, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError,
                   AttributeError,
                   MemoryError)  # MemoryError: an array shape the pickle makes up
# The only globals ops.npy may name: numpy's array / dtype / scalar rebuilders and the datetime values suite2p
# stores (`date_proc`). Dicts, lists, tuples, str, bytes, int, float, bool and None need no global.
OPS_GLOBALS = {("numpy", "ndarray"), ("numpy", "dtype"), ("numpy._core.multiarray", "_reconstruct"),
               ("numpy._core.multiarray", "scalar"), ("builtins", "set"), ("builtins", "frozenset"),
               ("builtins", "complex"), *(("datetime", name) for name in ("date", "time", "datetime", "timedelta",
                                                                         "timezone"))}


class _OpsUnpickler(pickle.Unpickler):
    """Rebuilds only OPS_GLOBALS, so unpickling runs no code a file names."""

    def find_class(self, module: str, name: str):
        if module.startswith("numpy.core."):  # written by numpy 1.x
            module = "numpy._core." + module.removeprefix("numpy.core.")
        if (module, name) not in OPS_GLOBALS:
            raise pickle.UnpicklingError(f"refused to load global '{module}.{name}' (ops.npy may hold only numpy "
                                         "arrays, numbers, text, dates and containers)")
        return super().find_class(module, name)


def _existing(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise RecordingError(path, "<file>", f"not found; a suite2p folder needs {list(SUITE2P_FILES)}")
    return path


def _header(file: BinaryIO, path: Path) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype from the header of an open .npy file, leaving `file` at the data."""
    try:
        version = np.lib.format.read_magic(file)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, dtype = read(file)
    except NPY_ERRORS as err:
        raise RecordingError(path, "<file>", f"not a readable .npy file ({err})") from err
    return shape, dtype


def _array(folder: Path, name: str) -> np.ndarray:
    """A plain array from folder/name, never unpickled, its size checked against the file's before reading."""
    path = _existing(folder, name)
    with path.open("rb") as file:
        shape, dtype = _header(file, path)
        if dtype.hasobject:
            raise RecordingError(path, "<array>", "holds pickled objects; expected a plain array of numbers")
        promised, held = math.prod(shape) * dtype.itemsize, path.stat().st_size - file.tell()
        if held < promised:
            raise RecordingError(path, "<file>", f"truncated: the header promises {promised} bytes of data, the "
                                                 f"file holds {held}")
        file.seek(0)
        try:
            return np.lib.format.read_array(file, allow_pickle=False)
        except NPY_ERRORS as err:
            raise RecordingError(path, "<file>", f"not a readable .npy array ({err})") from err


def _traces(folder: Path, name: str) -> np.ndarray:
    """F.npy or Fneu.npy: finite real numbers, ROIs x frames, at least one of each."""
    path = folder / name
    traces = checks.real(_array(folder, name), path, "<array>")
    if traces.ndim != 2 or 0 in traces.shape:
        raise RecordingError(path, "<array>", f"expected ROIs x frames, at least one of each; got shape "
                                              f"{traces.shape}")
    return checks.finite(traces, path, "<array>")


def _is_cell(folder: Path, n_rois: int) -> np.ndarray:
    """Column 0 of iscell.npy as booleans, one per ROI."""
    path = folder / "iscell.npy"
    iscell = checks.real(_array(folder, "iscell.npy"), path, "<array>", kinds="b" + checks.REAL_KINDS)
    if iscell.ndim != 2 or iscell.shape[1] == 0:
        raise RecordingError(path, "<array>", f"expected ROIs x (is cell, probability); got shape {iscell.shape}")
    checks.same_length({"F.npy rows": n_rois, "iscell.npy rows": len(iscell)}, folder)
    flags = checks.finite(iscell[:, 0].astype(float), path, "column 0 (is cell)")
    other = flags[~np.isin(flags, (0, 1))]
    if other.size:
        raise RecordingError(path, "column 0 (is cell)", f"expected 0 or 1, got {other[0]:g}")
    return flags == 1


def _check_stat(folder: Path, n_rois: int) -> None:
    """stat.npy lists one entry per ROI; only its header is read (its pickled contents never are)."""
    path = _existing(folder, "stat.npy")
    with path.open("rb") as file:
        shape, _ = _header(file, path)
    if len(shape) != 1:
        raise RecordingError(path, "<array>", f"expected one entry per ROI; got shape {shape}")
    checks.same_length({"F.npy rows": n_rois, "stat.npy entries": shape[0]}, folder)


def _ops(folder: Path) -> dict:
    """ops.npy's settings dict, rebuilt by _OpsUnpickler."""
    path = _existing(folder, "ops.npy")
    with path.open("rb") as file:
        shape, dtype = _header(file, path)
        if shape != () or not dtype.hasobject:
            raise RecordingError(path, "<array>", f"expected suite2p's pickled settings dict; got an array of "
                                                  f"shape {shape}, dtype {dtype}")
        try:
            ops = _OpsUnpickler(file).load()
        except UNPICKLE_ERRORS as err:
            raise RecordingError(path, "<pickle>", f"not a safe, readable pickle: {err}") from err
    ops = ops.item() if isinstance(ops, np.ndarray) and ops.shape == () else ops
    if not isinstance(ops, dict):
        raise RecordingError(path, "<pickle>", f"expected suite2p's settings dict, got {type(ops).__name__}")
    return ops


def _neuropil_coefficient(ops: dict, path: Path) -> float:
    """c of F - c * Fneu, in [0, 1]: suite2p 1.x's or 0.x's key (equal if both are there), else the default."""
    extraction = ops.get("extraction")
    values = {"extraction.neuropil_coefficient": extraction.get("neuropil_coefficient")  # suite2p 1.x
              if isinstance(extraction, dict) else None, "neucoeff": ops.get("neucoeff")}  # suite2p 0.x
    found = {key: checks.number(value, path, key) for key, value in values.items() if value is not None}
    if not found:
        log.warning("%s: no neuropil coefficient (%s); using suite2p's default %g", path, " or ".join(values),
                    DEFAULT_NEUCOEFF)
        return DEFAULT_NEUCOEFF
    if len(set(found.values())) > 1:
        raise RecordingError(path, "/".join(found), f"two different neuropil coefficients {found}")
    key, value = next(iter(found.items()))
    if not 0 <= value <= 1:
        raise RecordingError(path, key, f"expected a neuropil coefficient in [0, 1], got {value:g}")
    return value


def _pairs(path: str | os.PathLike) -> pd.DataFrame:
    """The pairing table with whole-number neuron and ROI columns (blank dendrite_roi: none)."""
    pairs = read_side_table(path, PAIRING_COLUMNS)
    checks.allowed(pairs["role"], schemas.ROLES, path, "role")
    for column in ("neuron", "soma_roi"):
        blank = pairs[column].isna().to_numpy()
        if blank.any():
            raise RecordingError(path, column, f"blank on row {int(np.argmax(blank))}; expected a whole number "
                                               "on every row (missing ROI pair?)")
    numbers = {c: checks.whole(pairs[c].to_numpy(), path, c) for c in ("neuron", "soma_roi")}
    numbers["dendrite_roi"] = checks.whole(pairs["dendrite_roi"].fillna(NO_DENDRITE).to_numpy(), path,
                                           "dendrite_roi")
    if pairs["neuron"].duplicated().any():
        raise RecordingError(path, "neuron", f"neuron(s) {pairs.loc[pairs['neuron'].duplicated(), 'neuron'].tolist()} "
                                             "listed twice")
    return pd.DataFrame({**numbers, "role": pairs["role"]})


def _rois(path: str | os.PathLike, n_rois: int, is_cell: np.ndarray, folder: Path) -> pd.DataFrame:
    """Long ROI table (roi, neuron, compartment, role) from the pairing table, checked against the folder."""
    pairs = _pairs(path)
    dendrites = pairs[pairs["dendrite_roi"] != NO_DENDRITE]
    rois = pd.concat([
        pd.DataFrame({"roi": pairs["soma_roi"], "neuron": pairs["neuron"], "compartment": "soma",
                      "role": pairs["role"]}),
        pd.DataFrame({"roi": dendrites["dendrite_roi"], "neuron": dendrites["neuron"], "compartment": "dendrite",
                      "role": dendrites["role"]})], ignore_index=True)
    bad = rois[(rois["roi"] < 0) | (rois["roi"] >= n_rois)]
    if len(bad):
        raise RecordingError(path, f"{bad['compartment'].iloc[0]}_roi", f"ROI index {int(bad['roi'].iloc[0])} of "
                                                                          f"neuron {int(bad['neuron'].iloc[0])} is "
                                                                          f"not in 0..{n_rois - 1} ({folder})")
    if rois["roi"].duplicated().any():
        raise RecordingError(path, "soma_roi/dendrite_roi", f"ROI(s) {rois.loc[rois['roi'].duplicated(), 'roi'].tolist()}"
                                                            " paired more than once")
    somas = rois.loc[rois["compartment"] == "soma", "roi"].to_numpy()
    not_cells = somas[~is_cell[somas]]
    if not_cells.size:
        raise RecordingError(path, "soma_roi", f"ROI(s) {not_cells.tolist()[:10]} are not cells in "
                                               f"{folder / 'iscell.npy'}")
    return rois


def _settings(folder: Path, n_frames: int, expected_rate_hz: float | None) -> tuple[float, float]:
    """Frame rate (Hz) and neuropil coefficient from ops.npy, checked against F.npy and the config."""
    ops, path = _ops(folder), folder / "ops.npy"
    if "fs" not in ops:
        raise RecordingError(path, "fs", "missing; expected the frame rate (Hz)")
    rate = checks.positive_rate(ops["fs"], path, "fs")
    if expected_rate_hz is not None:
        checks.same_rate(rate, expected_rate_hz, path, "fs", "the config (frame_rate_hz)")
    if "nframes" in ops:
        checks.same_length({"F.npy columns": n_frames,
                            "ops.npy nframes": checks.number(ops["nframes"], path, "nframes")}, folder)
    return rate, _neuropil_coefficient(ops, path)


def read_session_suite2p(folder: str | os.PathLike, events: str | os.PathLike, pairing: str | os.PathLike,
                         expected_rate_hz: float | None = None) -> SessionRecording:
    """Read and check one suite2p session; `expected_rate_hz` (from the config) must match ops['fs']."""
    folder = Path(folder)
    f, fneu = _traces(folder, "F.npy"), _traces(folder, "Fneu.npy")
    if fneu.shape != f.shape:
        raise RecordingError(folder / "Fneu.npy", "<array>", f"unequal lengths: shape {fneu.shape}, F.npy has "
                                                             f"{f.shape}")
    n_rois, n_frames = f.shape
    is_cell = _is_cell(folder, n_rois)
    _check_stat(folder, n_rois)
    rate, neucoeff = _settings(folder, n_frames, expected_rate_hz)
    rois = _rois(pairing, n_rois, is_cell, folder)
    corrected = f - neucoeff * fneu
    frame_times = np.arange(n_frames) / rate
    event_log = read_events(events)
    return SessionRecording(source=str(folder), behaviour_source=str(events),
                            rois=rois[["neuron", "compartment", "role"]],
                            fluorescence=corrected[rois["roi"].to_numpy()].T.astype(np.float32),
                            frame_times=frame_times, frame_rate_hz=rate,
                            trials=trials_from_events(event_log, events),
                            angle_deg=angle_per_frame(event_log, frame_times, rate, events))
