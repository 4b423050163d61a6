"""One imaging session as a reader delivers it, its checks, and the conversion of a mouse's sessions into the
canonical tables of `neuroai.bci.schemas`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from neuroai.bci import schemas
from neuroai.bci.recordings import checks
from neuroai.bci.recordings.errors import RecordingError

# Trial times in seconds, as in an NWB trials table: start = trial onset (grey screen), stop = end of the outcome
# period (exclusive), grating onset, end of the task period (exclusive), outcome (hit: target reached; miss:
# time-out start) and reward (NaN on misses).
TRIAL_TIME_COLUMNS = ("start_time", "grating_onset_time", "task_end_time", "outcome_time", "stop_time")
TRIAL_COLUMNS = ("trial", *TRIAL_TIME_COLUMNS, "outcome", "reward_time")
ANGLE_RANGE_DEG = (0.0, 90.0)  # the grating turns from 0 deg to the 90 deg target (see decoder.grating_angle)


@dataclass(frozen=True)
class SessionRecording:
    """What every reader returns for one session; `mouse_tables` numbers and checks it within its mouse."""

    source: str                # file or folder read (named in every error)
    behaviour_source: str      # where the trials and angle came from (the same file for NWB)
    rois: pd.DataFrame         # neuron, compartment, role: one row per column of `fluorescence`
    fluorescence: np.ndarray   # frames x ROIs
    frame_times: np.ndarray    # s, one per frame, strictly increasing
    frame_rate_hz: float
    trials: pd.DataFrame       # TRIAL_COLUMNS
    angle_deg: np.ndarray      # grating angle shown at each frame


def check_rois(rois: pd.DataFrame, source: object) -> None:
    """Known roles and compartments, one soma per neuron, at most one dendrite, and a dendrite for every
    P+ / P- target neuron (the study is about their dendrites)."""
    checks.allowed(rois["compartment"], schemas.COMPARTMENTS, source, "compartment")
    checks.allowed(rois["role"], schemas.ROLES, source, "role")
    counts = rois.groupby(["neuron", "compartment"]).size().unstack(fill_value=0).reindex(
        columns=list(schemas.COMPARTMENTS), fill_value=0)
    problems = {"has no soma ROI (missing ROI pair)": counts["soma"] == 0,
                "has more than one soma ROI": counts["soma"] > 1,
                "has more than one dendrite ROI": counts["dendrite"] > 1}
    roles = rois.groupby("neuron")["role"]
    problems["has ROIs with different roles"] = roles.nunique() > 1
    targets = roles.first().isin(["P+", "P-"])
    problems["is a P+/P- target without a dendrite ROI (missing ROI pair)"] = targets & (counts["dendrite"] == 0)
    for what, bad in problems.items():
        if bad.any():
            raise RecordingError(source, "neuron", f"neuron(s) {bad[bad].index.tolist()[:10]} {what}")


def to_frames(times: np.ndarray, frame_times: np.ndarray, rate: float, source: object, field: str) -> np.ndarray:
    """Index of the imaging frame starting nearest to each time; one past the last frame is allowed (exclusive
    ends). A time more than half a frame from any frame is an error (wrong file or frame-rate mismatch)."""
    onsets = np.append(frame_times, frame_times[-1] + 1.0 / rate)
    right = np.clip(np.searchsorted(onsets, times), 1, len(onsets) - 1)
    nearest = right - ((times - onsets[right - 1]) < (onsets[right] - times))
    off = np.abs(onsets[nearest] - times) > 0.5 / rate
    if off.any():
        t = times[np.argmax(off)]
        raise RecordingError(source, field, f"time {t:g} s lies outside the imaging frames ({onsets[0]:g} to "
                                            f"{onsets[-1]:g} s at {rate:g} Hz): wrong file or frame-rate mismatch")
    return nearest


def trial_frames(rec: SessionRecording) -> pd.DataFrame:
    """The trials of `rec` in frames (TRIALS columns plus `block_start_frame`), checked for order and outcome."""
    t, source = rec.trials, rec.behaviour_source
    checks.allowed(t["outcome"], schemas.OUTCOMES, source, "trials.outcome")
    hit = (t["outcome"] == "hit").to_numpy()
    frames = {}
    for column in TRIAL_TIME_COLUMNS:
        seconds = checks.finite(t[column].to_numpy(float), source, f"trials.{column}")
        frames[column] = to_frames(seconds, rec.frame_times, rec.frame_rate_hz, source, f"trials.{column}")
    reward = t["reward_time"].to_numpy(float)
    checks.finite(reward[hit], source, "trials.reward_time (hit trials)")
    reward_frame = np.full(len(t), -1)
    reward_frame[hit] = to_frames(reward[hit], rec.frame_times, rec.frame_rate_hz, source, "trials.reward_time")
    checks.increasing(t["start_time"].to_numpy(float), source, "trials.start_time")
    order = [("start_time", "grating_onset_time"), ("grating_onset_time", "task_end_time"),
             ("task_end_time", "stop_time"), ("grating_onset_time", "outcome_time"), ("outcome_time", "stop_time")]
    for early, late in order:
        bad = frames[early] > frames[late]
        if bad.any():
            raise RecordingError(source, f"trials.{late}", f"trial {int(t['trial'].iloc[np.argmax(bad)])}: "
                                                           f"{late} comes before {early}")
    if (frames["stop_time"][:-1] > frames["start_time"][1:]).any():
        raise RecordingError(source, "trials.stop_time", "trials overlap: a trial stops after the next one starts")
    if (reward_frame[hit] < frames["outcome_time"][hit]).any():
        raise RecordingError(source, "trials.reward_time", "a reward comes before its trial's outcome")
    return pd.DataFrame({
        "trial": t["trial"].to_numpy(), "block_start_frame": frames["start_time"],
        "start_frame": frames["grating_onset_time"], "task_end_frame": frames["task_end_time"],
        "outcome": t["outcome"].to_numpy(str), "outcome_frame": frames["outcome_time"],
        "reward_frame": reward_frame, "end_frame": frames["stop_time"]})


def frame_trials(trials: pd.DataFrame, n_frames: int) -> np.ndarray:
    """Trial id of every frame (-1 outside trials); trials cover [block_start_frame, end_frame)."""
    frame = np.arange(n_frames)
    index = np.searchsorted(trials["block_start_frame"].to_numpy(), frame, side="right") - 1
    inside = (index >= 0) & (frame < trials["end_frame"].to_numpy()[np.maximum(index, 0)])
    return np.where(inside, trials["trial"].to_numpy()[np.maximum(index, 0)], -1)


def _session_tables(rec: SessionRecording, session: int, day: int, roi_order: np.ndarray) -> dict[str, dict]:
    f = checks.finite(np.asarray(rec.fluorescence, np.float32), rec.source, "fluorescence")[:, roi_order]
    n_frames, n_rois = f.shape
    checks.same_length({"fluorescence": n_frames, "frame_times": len(rec.frame_times),
                        "angle_deg": len(rec.angle_deg)}, rec.source)
    angle = checks.finite(np.asarray(rec.angle_deg, np.float32), rec.behaviour_source, "angle_deg")
    trials = trial_frames(rec)
    return {
        "sessions": {"session": [session], "day": [day], "frame_rate_hz": [rec.frame_rate_hz], "n_frames": [n_frames]},
        "traces": {"session": np.full(f.size, session, np.int16),
                   "roi": np.repeat(np.arange(n_rois, dtype=np.int32), n_frames),
                   "frame": np.tile(np.arange(n_frames, dtype=np.int32), n_rois), "fluorescence": f.T.ravel()},
        "frames": {"session": np.full(n_frames, session, np.int16), "frame": np.arange(n_frames, dtype=np.int32),
                   "trial": frame_trials(trials, n_frames), "angle_deg": angle},
        "trials": trials.drop(columns="block_start_frame").assign(session=session).to_dict("list"),
    }


def canonical_rois(rec: SessionRecording) -> tuple[pd.DataFrame, np.ndarray]:
    """ROI table numbered somas first, then dendrites, each by neuron; and the matching column order of `rec`."""
    check_rois(rec.rois, rec.source)
    compartment = rec.rois["compartment"].map({c: i for i, c in enumerate(schemas.COMPARTMENTS)}).to_numpy()
    order = np.lexsort((rec.rois["neuron"].to_numpy(), compartment))
    rois = rec.rois.iloc[order][["neuron", "compartment", "role"]].reset_index(drop=True)
    return rois.assign(roi=np.arange(len(rois)))[["roi", "neuron", "compartment", "role"]], order


def mouse_tables(sessions: Sequence[tuple[int, SessionRecording]]) -> dict[str, pd.DataFrame]:
    """Canonical tables of one mouse from its (day, session) pairs, typed as `read_recording` returns them;
    sessions are numbered 0.. in day order. Every session must image the same neurons, compartments and roles."""
    ordered = sorted(sessions, key=lambda pair: pair[0])
    days = [day for day, _ in ordered]
    if len(set(days)) < len(days):
        raise RecordingError(ordered[0][1].source, "day", f"two sessions of one mouse share a day: {days}")
    rois, parts = None, []
    for index, (day, rec) in enumerate(ordered):
        these, order = canonical_rois(rec)
        if rois is None:
            rois = these
        elif not these.equals(rois):
            raise RecordingError(rec.source, "rois", f"the imaged neurons, compartments or roles differ from the "
                                                     f"first session ({ordered[0][1].source})")
        parts.append(_session_tables(rec, index, day, order))
    columns = {name: {k: np.concatenate([np.asarray(p[name][k]) for p in parts]) for k in parts[0][name]}
               for name in ("sessions", "traces", "frames", "trials")}
    columns["rois"] = {k: rois[k].to_numpy() for k in rois.columns}
    typed = {}
    for name, schema in schemas.RECORDING_TABLES.items():  # type and range check before anything is written
        try:
            typed[name] = pa.table([pa.array(columns[name][f.name], type=f.type) for f in schema],
                                   schema=schema).to_pandas()
        except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
            raise RecordingError(ordered[0][1].source, name, f"does not fit the canonical schema: {err}") from err
    return typed
