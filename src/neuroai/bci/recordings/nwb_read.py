"""NWB session file (DANDI layout, see `nwb_layout`) -> `SessionRecording`, checking every field it uses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from hdmf.build.errors import ConstructError
from pynwb import NWBHDF5IO, NWBFile, TimeSeries

from neuroai.bci.recordings import checks
from neuroai.bci.recordings import nwb_layout as layout
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.session import ANGLE_RANGE_DEG, TRIAL_COLUMNS, TRIAL_TIME_COLUMNS, SessionRecording

# What h5py and pynwb / hdmf raise on opening and reading a file that is not valid NWB: not HDF5 or truncated, a
# missing NWB version, a broken cached specification, a missing required field or an attribute of the wrong type.
READ_ERRORS = (OSError, ValueError, TypeError, KeyError, AttributeError, ConstructError)


def _unreadable(path: object, err: Exception) -> RecordingError:
    """The error for a file pynwb cannot read; a ConstructError names the object that failed."""
    if isinstance(err, ConstructError) and len(err.args) == 2:
        field = err.args[0].path.removeprefix("root").lstrip("/") or "<file>"
        return RecordingError(path, field, f"not a valid NWB object: {err.args[1]}")
    return RecordingError(path, "<file>", f"not a readable NWB file ({type(err).__name__}: {err})")


@contextmanager
def _opened(path: str | os.PathLike) -> Iterator[NWBFile]:
    """The NWB file at `path`, open for reading; what h5py or pynwb cannot read is a RecordingError naming it."""
    if not Path(path).is_file():
        raise RecordingError(path, "<file>", "not found")
    with ExitStack() as stack:
        try:
            nwb = stack.enter_context(NWBHDF5IO(str(path), "r")).read()
        except READ_ERRORS as err:
            raise _unreadable(path, err) from err
        try:
            yield nwb
        except OSError as err:  # h5py: a dataset whose data cannot be read
            raise _unreadable(path, err) from err


def _timing(series: TimeSeries, source: object) -> tuple[np.ndarray, float]:
    """Sample times and rate of a series, from its timestamps or its starting time and rate."""
    if series.timestamps is not None:
        field = f"{series.name}.timestamps"
        times = checks.real(series.get_timestamps(), source, field).astype(float)
        return times, checks.rate_from_timestamps(times, source, field)
    rate = checks.positive_rate(series.rate, source, f"{series.name}.rate")
    checks.number(series.starting_time, source, f"{series.name}.starting_time")
    return np.asarray(series.get_timestamps(), float), rate


def _module(nwb: NWBFile, name: str, source: object):
    if name not in nwb.processing:
        raise RecordingError(source, f"processing/{name}", f"missing; the file has {sorted(nwb.processing)}")
    return nwb.processing[name]


def _rows(series: TimeSeries, n_rois: int, source: object) -> np.ndarray:
    """PlaneSegmentation rows of a series' ROIs: whole numbers within the table."""
    field = f"{series.name}.rois"
    return checks.within(checks.whole(series.rois.data[:], source, field), 0, n_rois - 1, source, field)


def _data(series: TimeSeries, n_frames: int, source: object) -> np.ndarray:
    """Frames x ROIs data of one series: real numbers, one column per ROI."""
    data = checks.real(series.data[:], source, f"{series.name}.data").reshape(n_frames, -1)
    if data.shape[1] != len(series.rois.data):
        raise RecordingError(source, f"{series.name}.data", f"{data.shape[1]} columns but {len(series.rois.data)} "
                                                            "ROIs in 'rois'")
    return data.astype(np.float32)


def _fluorescence(nwb: NWBFile, source: object) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, float, object]:
    """ROI table (neuron, compartment, role), frames x ROIs fluorescence, frame times, rate, imaging plane."""
    ophys = _module(nwb, layout.OPHYS_MODULE, source)
    field = f"processing/{layout.OPHYS_MODULE}/{layout.FLUORESCENCE}"
    if layout.FLUORESCENCE not in ophys.data_interfaces or not ophys[layout.FLUORESCENCE].roi_response_series:
        raise RecordingError(source, field, "missing or empty; expected RoiResponseSeries of raw fluorescence")
    series = list(ophys[layout.FLUORESCENCE].roi_response_series.values())
    segmentation = series[0].rois.table
    if any(s.rois.table is not segmentation for s in series):
        raise RecordingError(source, field, "the ROI response series refer to different plane segmentations")
    missing = [c for c in layout.ROI_COLUMNS if c not in segmentation.colnames]
    if missing:
        raise RecordingError(source, f"{segmentation.name}.{missing[0]}", f"missing PlaneSegmentation column(s) "
                                                                          f"{missing}; they pair somas with dendrites")
    n_frames = checks.same_length({s.name: len(s.data) for s in series}, source)
    if n_frames == 0:
        raise RecordingError(source, f"{series[0].name}.data", "no frames; expected at least one")
    times, rate = _timing(series[0], source)
    for s in series[1:]:
        checks.same_rate(_timing(s, source)[1], rate, source, f"{s.name}.rate", f"series '{series[0].name}'")
    rows = np.concatenate([_rows(s, len(segmentation), source) for s in series])
    if len(rows) == 0:
        raise RecordingError(source, field, "no ROIs; expected at least one")
    if len(np.unique(rows)) < len(rows):
        raise RecordingError(source, field, "an ROI appears in more than one series or twice in one")
    rois = pd.DataFrame({c: np.asarray(segmentation[c].data[:])[rows] for c in layout.ROI_COLUMNS})
    rois["neuron"] = checks.whole(rois["neuron"].to_numpy(), source, f"{segmentation.name}.neuron")
    f = np.concatenate([_data(s, n_frames, source) for s in series], axis=1)
    return rois, f, times, rate, segmentation.imaging_plane


def _angle(nwb: NWBFile, source: object) -> tuple[np.ndarray, float]:
    behaviour = _module(nwb, layout.BEHAVIOR_MODULE, source)
    name = f"processing/{layout.BEHAVIOR_MODULE}/{layout.ANGLE_SERIES}"
    found = [obj for obj in behaviour.all_children()
             if isinstance(obj, TimeSeries) and obj.name == layout.ANGLE_SERIES]
    if not found:
        raise RecordingError(source, name, "missing; expected a TimeSeries of the grating angle (deg), one sample "
                                           "per frame")
    angle = checks.within(found[0].data[:], *ANGLE_RANGE_DEG, source, f"{layout.ANGLE_SERIES}.data")
    if angle.ndim != 1:
        raise RecordingError(source, f"{layout.ANGLE_SERIES}.data", f"expected one angle per frame, got shape "
                                                                     f"{angle.shape}")
    return angle.astype(np.float32), _timing(found[0], source)[1]


def _trials(nwb: NWBFile, source: object) -> pd.DataFrame:
    if nwb.trials is None or len(nwb.trials) == 0:
        raise RecordingError(source, "intervals/trials", "missing or empty; expected the BCI trials table")
    missing = [c for c in TRIAL_COLUMNS if c != "trial" and c not in nwb.trials.colnames + ("start_time",
                                                                                            "stop_time")]
    if missing:
        raise RecordingError(source, f"trials.{missing[0]}", f"missing trials column(s) {missing}")
    table = nwb.trials.to_dataframe()
    for column in (*TRIAL_TIME_COLUMNS, "reward_time"):
        checks.real(table[column], source, f"trials.{column}")
    return table.rename_axis("trial").reset_index()[list(TRIAL_COLUMNS)]


def _declared_rate(plane: object, source: object) -> float | None:
    """ImagingPlane.imaging_rate when the file declares one (NaN or absent: not declared)."""
    rate = plane.imaging_rate  # a float or None: pynwb refuses other types
    if rate is None or np.isnan(rate):
        return None
    return checks.positive_rate(rate, source, "ImagingPlane.imaging_rate")


def read_session_nwb(path: str | os.PathLike, expected_rate_hz: float | None = None) -> SessionRecording:
    """Read and check one session file; `expected_rate_hz` (from the config) must match the file's frame rate."""
    with _opened(path) as nwb:
        rois, f, times, rate, plane = _fluorescence(nwb, path)
        angle, angle_rate = _angle(nwb, path)
        trials = _trials(nwb, path)
        imaging_rate = _declared_rate(plane, path)
    checks.finite(f, path, "Fluorescence.data")
    checks.same_length({"Fluorescence": len(f), layout.ANGLE_SERIES: len(angle)}, path)
    checks.same_rate(angle_rate, rate, path, f"{layout.ANGLE_SERIES}.rate", "the fluorescence")
    if imaging_rate is not None:  # the declared rate, once checked, is exact
        checks.same_rate(rate, imaging_rate, path, "Fluorescence.rate", "ImagingPlane.imaging_rate")
        rate = imaging_rate
    if expected_rate_hz is not None:
        checks.same_rate(rate, expected_rate_hz, path, "Fluorescence.rate", "the config (frame_rate_hz)")
    return SessionRecording(source=str(path), behaviour_source=str(path), rois=rois, fluorescence=f,
                            frame_times=times, frame_rate_hz=rate, trials=trials, angle_deg=angle)
