"""Canonical tables of one mouse -> one NWB file per session (DANDI layout, see `nwb_layout`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from hdmf.common import VectorData
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import BehavioralTimeSeries
from pynwb.epoch import TimeIntervals
from pynwb.file import Subject
from pynwb.ophys import Fluorescence, ImageSegmentation, OpticalChannel, PlaneSegmentation, RoiResponseSeries

from neuroai.bci.recordings import nwb_layout as layout
from neuroai.bci.recordings.session import check_rois
from neuroai.common.atomic import atomic_path

# Synthetic sessions have no calendar date; day d is dated this many days after an arbitrary origin.
DATE_ORIGIN = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)


def _placeholder_masks(n_rois: int) -> np.ndarray:
    """One pixel per ROI on a square grid: NWB requires masks, and the canonical tables carry no geometry."""
    side = int(np.ceil(np.sqrt(n_rois)))
    masks = np.zeros((n_rois, side, side), np.float32)
    masks.reshape(n_rois, -1)[np.arange(n_rois), np.arange(n_rois)] = 1.0
    return masks


def _imaging(nwb: NWBFile, rois: pd.DataFrame, rate: float) -> PlaneSegmentation:
    device = nwb.create_device(name="Microscope", description="two-photon microscope")
    channel = OpticalChannel(name="GreenChannel", description="GCaMP emission", emission_lambda=525.0)
    plane = nwb.create_imaging_plane(name="ImagingPlane", optical_channel=channel, imaging_rate=rate,
                                     description="layer 5 somas and their apical dendrites", device=device,
                                     excitation_lambda=920.0, indicator="jGCaMP7f", location="Primary motor area")
    columns = [VectorData(name="image_mask", description="placeholder one-pixel mask",
                          data=_placeholder_masks(len(rois))),
               VectorData(name="neuron", description="neuron id; a soma and its dendrite share it",
                          data=rois["neuron"].to_numpy(np.int32)),
               VectorData(name="compartment", description="soma or dendrite", data=rois["compartment"].tolist()),
               VectorData(name="role", description="BCI role: P+, P- (decoder targets) or P0 (network)",
                          data=rois["role"].tolist())]
    segmentation = PlaneSegmentation(name="PlaneSegmentation", description="soma and dendrite ROIs",
                                     imaging_plane=plane, id=rois["roi"].to_numpy(), columns=columns,
                                     colnames=[c.name for c in columns])
    ophys = nwb.create_processing_module(layout.OPHYS_MODULE, "two-photon imaging of somas and dendrites")
    ophys.add(ImageSegmentation(plane_segmentations=[segmentation]))
    return segmentation


def _fluorescence(nwb: NWBFile, segmentation: PlaneSegmentation, rois: pd.DataFrame, f: np.ndarray,
                  timing: dict) -> RoiResponseSeries:
    """RoiResponseSeries per ROI group (see nwb_layout.SERIES_GROUPS); returns the first, the time base of the rest."""
    container = Fluorescence()
    nwb.processing[layout.OPHYS_MODULE].add(container)
    series = []
    for name, (compartment, roles, description) in layout.SERIES_GROUPS.items():
        rows = np.flatnonzero((rois["compartment"] == compartment) & rois["role"].isin(roles))
        if rows.size:
            region = segmentation.create_roi_table_region(region=rows.tolist(), description=description)
            series.append(container.create_roi_response_series(
                name=name, description=f"raw fluorescence, {description}", data=f[:, rows], rois=region,
                unit="a.u.", **timing))
            timing = timing if "rate" in timing else {"timestamps": series[0]}  # later series link the first
    return series[0]


def _behaviour(nwb: NWBFile, frames: pd.DataFrame, trials: pd.DataFrame, rate: float, timing: dict) -> None:
    angle = TimeSeries(name=layout.ANGLE_SERIES, description="grating angle shown (90 deg = target)",
                       data=frames["angle_deg"].to_numpy(np.float32), unit="degrees", **timing)
    module = nwb.create_processing_module(layout.BEHAVIOR_MODULE, "BCI task feedback")
    module.add(BehavioralTimeSeries(time_series=[angle]))
    # a trial's block starts at its first frame (grey screen); trials with no frame of their own start at onset
    first = frames[frames["trial"] >= 0].groupby("trial")["frame"].min()
    block = trials["trial"].map(first).fillna(trials["start_frame"]).to_numpy(float)
    reward = np.where(trials["reward_frame"] >= 0, trials["reward_frame"], np.nan)
    seconds = {"start_time": block, "stop_time": trials["end_frame"], "grating_onset_time": trials["start_frame"],
               "task_end_time": trials["task_end_frame"], "outcome_time": trials["outcome_frame"],
               "reward_time": reward}
    data = {name: np.asarray(values, float) / rate for name, values in seconds.items()}
    data["outcome"] = trials["outcome"].tolist()
    descriptions = {"start_time": "trial onset, grey screen (s)", "stop_time": "end of the outcome period (s)",
                    **layout.TRIAL_EXTRA_COLUMNS}
    columns = [VectorData(name=name, description=descriptions[name], data=data[name]) for name in descriptions]
    nwb.trials = TimeIntervals(name="trials", description="BCI trials", id=trials["trial"].tolist(),
                               columns=columns, colnames=[c.name for c in columns])


def write_session_nwb(tables: Mapping[str, pd.DataFrame], session: int, path: str | os.PathLike, mouse: str,
                      condition: str, timestamps: bool = False) -> None:
    """Write session `session` of a mouse's canonical tables to `path` (atomically); with `timestamps`, frames
    carry explicit times (as many DANDI files do) instead of a starting time and rate."""
    check_rois(tables["rois"], "rois table")  # every ROI must land in one of the series groups
    info = tables["sessions"].set_index("session").loc[session]
    rate, day, n_frames = float(info["frame_rate_hz"]), int(info["day"]), int(info["n_frames"])
    rois = tables["rois"].sort_values("roi").reset_index(drop=True)
    traces = tables["traces"][tables["traces"]["session"] == session]
    f = np.zeros((n_frames, len(rois)), np.float32)
    f[traces["frame"].to_numpy(), traces["roi"].to_numpy()] = traces["fluorescence"].to_numpy()
    frames = tables["frames"][tables["frames"]["session"] == session].sort_values("frame")
    trials = tables["trials"][tables["trials"]["session"] == session].sort_values("trial")
    nwb = NWBFile(
        session_description=f"BCI task, {condition}, day {day}", identifier=f"neuroai-bci-{condition}-{mouse}-d{day}",
        session_start_time=DATE_ORIGIN + timedelta(days=day), session_id=f"day{day:02d}",
        experiment_description="Two-group BCI task with somatic and dendritic imaging (after Francioni et al., "
                               "Nature 2026)", institution="neuroai",
        lab="neuroai", keywords=["BCI", "two-photon", "dendrites", condition],
        subject=Subject(subject_id=mouse, species="Mus musculus", sex="U", age="P60D/P120D",
                        description=f"condition: {condition}"))
    segmentation = _imaging(nwb, rois, rate)
    timing = {"timestamps": np.arange(n_frames) / rate} if timestamps else {"rate": rate, "starting_time": 0.0}
    first = _fluorescence(nwb, segmentation, rois, f, timing)
    _behaviour(nwb, frames, trials, rate, {"timestamps": first} if timestamps else timing)
    with atomic_path(path) as tmp, NWBHDF5IO(str(tmp), "w") as io:
        io.write(nwb)


def write_mouse_nwb(tables: Mapping[str, pd.DataFrame], directory: str | os.PathLike, mouse: str,
                    condition: str, timestamps: bool = False) -> list[Path]:
    """One NWB file per session under `directory`; returns their paths in session order."""
    paths = []
    for session, day in tables["sessions"].sort_values("session")[["session", "day"]].itertuples(index=False):
        path = Path(directory) / layout.nwb_name(mouse, int(day))
        write_session_nwb(tables, int(session), path, mouse, condition, timestamps)
        paths.append(path)
    return paths
