"""Analysis of one mouse's recording, seeing only what a real recording gives: fluorescence, angle and trials."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.bci.behaviour import session_behaviour
from neuroai.bci.dff import delta_f_over_f
from neuroai.bci.events import error_epochs, peri_event, window_means
from neuroai.bci.residual import dendritic_residuals, network_components

EVENTS = {"reward": "hit", "error": "miss"}


def learning_phase(n_sessions: int, early_fraction: float) -> np.ndarray:
    """'early' for the first, 'late' for the last `early_fraction` of sessions, 'middle' between."""
    k = max(1, int(round(n_sessions * early_fraction)))
    index = np.arange(n_sessions)
    return np.select([index < k, index >= n_sessions - k], ["early", "late"], "middle")


def session_matrix(traces: pd.DataFrame, n_rois: int, n_frames: int) -> np.ndarray:
    """Fluorescence of one session as rois x frames, whatever the row order of the long table."""
    f = np.full((n_rois, n_frames), np.nan)
    f[traces["roi"].to_numpy(), traces["frame"].to_numpy()] = traces["fluorescence"].to_numpy()
    return f


def by_session(table: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Rows of each session, as slices of `table`. Tables written session by session are already grouped, so this
    costs one pass over the session column instead of pandas' groupby hashing of every row (~25 M trace rows a
    mouse); any other row order is stable-sorted first."""
    codes = table["session"].to_numpy()
    if len(codes) == 0:
        return {}
    if not (codes[:-1] <= codes[1:]).all():
        table = table.iloc[np.argsort(codes, kind="stable")]
        codes = table["session"].to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    stops = np.r_[starts[1:], len(codes)]
    return {codes[a]: table.iloc[a:b] for a, b in zip(starts, stops, strict=True)}


def interval_mask(starts: pd.Series, ends: pd.Series, n_frames: int) -> np.ndarray:
    """Boolean mask of frames inside any [start, end) interval."""
    edges = np.zeros(n_frames + 1, int)
    np.add.at(edges, starts.to_numpy(), 1)
    np.add.at(edges, ends.to_numpy(), -1)
    return np.cumsum(edges)[:-1] > 0


def _pairs(rois: pd.DataFrame) -> pd.DataFrame:
    """Neurons with both a soma and a dendrite ROI: columns neuron, role, soma_roi, dendrite_roi."""
    wide = rois.pivot(index="neuron", columns="compartment", values="roi")
    roles = rois.drop_duplicates("neuron").set_index("neuron")["role"]
    return wide.dropna().astype(int).rename(columns={"soma": "soma_roi", "dendrite": "dendrite_roi"}).join(
        roles).reset_index()


def analyse_session(f: np.ndarray, rois: pd.DataFrame, angle: np.ndarray, trials: pd.DataFrame, fr: float,
                    cfg: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-neuron summary and peri-event residuals (long) for one session."""
    pairs = _pairs(rois)
    dff = delta_f_over_f(f, fr, cfg["dff_window_s"], cfg["dff_percentile"])
    soma, dend = dff[pairs["soma_roi"]], dff[pairs["dendrite_roi"]]
    network = dff[rois.loc[(rois["compartment"] == "soma") & (rois["role"] == "P0"), "roi"]]
    fit = dendritic_residuals(dend, soma, network_components(network, cfg["residual_pcs"]),
                              cfg["residual_folds"], cfg["ridge_alphas"])
    in_task = interval_mask(trials["start_frame"], trials["task_end_frame"], f.shape[1])
    labels, direction = error_epochs(trials, angle, int(round(2.0 * fr)))
    epochs = window_means(fit.residual, labels, len(direction))
    window = np.arange(int(round(cfg["outcome_window_s"] * fr)))
    row = pairs[["neuron", "role"]].assign(
        soma_dff=soma[:, in_task].mean(axis=1), residual_cv_r2=fit.cv_r2,
        residual_error_decrease=epochs[:, direction > 0].mean(axis=1) if (direction > 0).any() else np.nan,
        residual_error_increase=epochs[:, direction < 0].mean(axis=1) if (direction < 0).any() else np.nan)
    lo, hi = (int(round(s * fr)) for s in cfg["peri_window_s"])
    lags, peri = np.arange(lo, hi + 1), []
    for event, outcome in EVENTS.items():
        frames = trials.loc[trials["outcome"] == outcome, "outcome_frame"].to_numpy()
        row[f"residual_{event}"] = peri_event(fit.residual, frames, window)[0].mean(axis=1)
        mean, count = peri_event(fit.residual, frames, lags)
        peri.append(pd.DataFrame({"neuron": np.repeat(pairs["neuron"].to_numpy(), len(lags)),
                                  "role": np.repeat(pairs["role"].to_numpy(), len(lags)), "event": event,
                                  "lag_s": np.tile(lags / fr, len(pairs)), "residual": mean.ravel(),
                                  "n_events": count}))
    return row, pd.concat(peri, ignore_index=True)


def analyse_mouse(rec: Mapping[str, pd.DataFrame], cfg: Mapping[str, Any], condition: str,
                  mouse: str) -> dict[str, pd.DataFrame]:
    """Behaviour, per neuron-session summaries and phase-averaged peri-event residuals of one mouse."""
    sessions = rec["sessions"].sort_values("session").reset_index(drop=True)
    phase = dict(zip(sessions["session"], learning_phase(len(sessions), cfg["early_fraction"])))
    n_rois = int(rec["rois"]["roi"].max()) + 1
    traces_by, frames_by, trials_by = (by_session(rec[name]) for name in ("traces", "frames", "trials"))
    rows, peris = [], []
    for s in sessions.itertuples():  # one regression per session; everything inside is vectorised
        f = session_matrix(traces_by[s.session], n_rois, s.n_frames)
        angle = frames_by[s.session].sort_values("frame")["angle_deg"].to_numpy(float)
        row, peri = analyse_session(f, rec["rois"], angle, trials_by[s.session], s.frame_rate_hz, cfg)
        rows.append(row.assign(session=s.session, day=s.day))
        peris.append(peri.assign(phase=phase[s.session]))
    subject = {"condition": condition, "mouse": mouse}
    behaviour = session_behaviour(rec["trials"], sessions.set_index("session")["frame_rate_hz"]).merge(
        sessions[["session", "day"]], on="session").assign(**subject)
    peri = pd.concat(peris, ignore_index=True)
    peri["weighted"] = peri["residual"] * peri["n_events"]
    peri = peri.groupby(["neuron", "role", "phase", "event", "lag_s"], as_index=False)[
        ["weighted", "n_events"]].sum()
    peri["residual"] = peri["weighted"] / peri["n_events"].where(peri["n_events"] > 0)
    return {"behaviour": behaviour, "neuron_sessions": pd.concat(rows, ignore_index=True).assign(**subject),
            "peri_event": peri.drop(columns="weighted").assign(**subject)}
