"""NWB session file (DANDI layout, see `nwb_layout`) -> `SessionRecording`, checking every field it uses."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
from pynwb import NWBHDF5IO, NWBFile, TimeSeries

from neuroai.bci.recordings import checks
from neuroai.bci.recordings import nwb_layout as layout
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.session import TRIAL_COLUMNS, SessionRecording


def _timing(series: TimeSeries, source: object) -> tuple[np.ndarray, float]:
    """Sample times and rate of a series, from its timestamps or its starting time and rate."""
    field = f"{series.name}.timestamps"
    if series.timestamps is not None:
        times = np.asarray(series.get_timestamps(), float)
        return times, checks.rate_from_timestamps(times, source, field)
    if not series.rate or not np.isfinite(series.rate) or series.rate <= 0:
        raise RecordingError(source, f"{series.name}.rate", f"expected a positive frame rate, got {series.rate}")
    return np.asarray(series.get_timestamps(), float), float(series.rate)


def _module(nwb: NWBFile, name: str, source: object):
    if name not in nwb.processing:
        raise RecordingError(source, f"processing/{name}", f"missing; the file has {sorted(nwb.processing)}")
    return nwb.processing[name]


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
    times, rate = _timing(series[0], source)
    for s in series[1:]:
        checks.same_rate(_timing(s, source)[1], rate, source, f"{s.name}.rate", f"series '{series[0].name}'")
    for s in series:
        width = s.data.shape[1] if len(s.data.shape) > 1 else 1
        if width != len(s.rois.data):
            raise RecordingError(source, f"{s.name}.data", f"{width} columns but {len(s.rois.data)} ROIs in 'rois'")
    rows = np.concatenate([np.asarray(s.rois.data[:], int) for s in series])
    if len(np.unique(rows)) < len(rows):
        raise RecordingError(source, field, "an ROI appears in more than one series or twice in one")
    rois = pd.DataFrame({c: np.asarray(segmentation[c].data[:])[rows] for c in layout.ROI_COLUMNS})
    rois["neuron"] = rois["neuron"].astype(np.int64)
    f = np.concatenate([np.asarray(s.data[:], np.float32).reshape(n_frames, -1) for s in series], axis=1)
    return rois, f, times, rate, segmentation.imaging_plane


def _angle(nwb: NWBFile, source: object) -> tuple[np.ndarray, float]:
    behaviour = _module(nwb, layout.BEHAVIOR_MODULE, source)
    found = [obj for obj in behaviour.all_children()
             if isinstance(obj, TimeSeries) and obj.name == layout.ANGLE_SERIES]
    if not found:
        raise RecordingError(source, f"processing/{layout.BEHAVIOR_MODULE}/{layout.ANGLE_SERIES}",
                             "missing; expected a TimeSeries of the grating angle (deg), one sample per frame")
    return np.asarray(found[0].data[:], np.float32), _timing(found[0], source)[1]


def _trials(nwb: NWBFile, source: object) -> pd.DataFrame:
    if nwb.trials is None or len(nwb.trials) == 0:
        raise RecordingError(source, "intervals/trials", "missing or empty; expected the BCI trials table")
    missing = [c for c in TRIAL_COLUMNS if c != "trial" and c not in nwb.trials.colnames + ("start_time",
                                                                                            "stop_time")]
    if missing:
        raise RecordingError(source, f"trials.{missing[0]}", f"missing trials column(s) {missing}")
    table = nwb.trials.to_dataframe()
    return table.rename_axis("trial").reset_index()[list(TRIAL_COLUMNS)]


def read_session_nwb(path: str | os.PathLike, expected_rate_hz: float | None = None) -> SessionRecording:
    """Read and check one session file; `expected_rate_hz` (from the config) must match the file's frame rate."""
    with NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        rois, f, times, rate, plane = _fluorescence(nwb, path)
        angle, angle_rate = _angle(nwb, path)
        trials = _trials(nwb, path)
        imaging_rate = plane.imaging_rate
    checks.finite(f, path, "Fluorescence.data")
    checks.same_length({"Fluorescence": len(f), layout.ANGLE_SERIES: len(angle)}, path)
    checks.same_rate(angle_rate, rate, path, f"{layout.ANGLE_SERIES}.rate", "the fluorescence")
    if imaging_rate is not None and np.isfinite(imaging_rate):  # the declared rate, once checked, is exact
        checks.same_rate(rate, imaging_rate, path, "Fluorescence.rate", "ImagingPlane.imaging_rate")
        rate = float(imaging_rate)
    if expected_rate_hz is not None:
        checks.same_rate(rate, expected_rate_hz, path, "Fluorescence.rate", "the config (frame_rate_hz)")
    return SessionRecording(source=str(path), behaviour_source=str(path), rois=rois, fluorescence=f,
                            frame_times=times, frame_rate_hz=rate, trials=trials, angle_deg=angle)
