"""Analysis of one mouse's recording, seeing only what a real recording gives: fluorescence, angle and trials.

Two dendritic measures sit side by side: the regression residual of every frame (neuroai.bci.residual, dendrite ~
soma + network PCs) and the paper's SD residual of coincident events (neuroai.bci.sd_residual), the latter also
decoded into trial outcome (neuroai.bci.svm_decoding) and predicted from the network
(neuroai.bci.network_decoding)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.bci.behaviour import session_behaviour
from neuroai.bci.dff import delta_f_over_f
from neuroai.bci.events import error_epochs, peri_event, window_means
from neuroai.bci.network_decoding import session_network_decoding
from neuroai.bci.residual import dendritic_residuals, network_components
from neuroai.bci.schemas import EPOCH_COLUMNS, STUDY
from neuroai.bci.sd_residual import session_sd_events
from neuroai.bci.svm_decoding import locate, outcome_windows, session_decoding
from neuroai.common.seeding import rng as keyed_rng

EVENTS = {"reward": "hit", "error": "miss"}
ERROR_EPOCH_S = 2.0          # the paper's error-increase / error-decrease epochs


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


def _row_correlation(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r of each row of `a` with the same row of `b` (NaN where a row has fewer than 3 values or is flat)."""
    if a.shape[1] < 3:
        return np.full(len(a), np.nan)
    a, b = a - a.mean(axis=1, keepdims=True), b - b.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a * b).sum(axis=1) / np.sqrt((a**2).sum(axis=1) * (b**2).sum(axis=1))


def teaching_matrix(drive: pd.DataFrame, weights: pd.DataFrame, frames: pd.DataFrame, neurons: np.ndarray
                    ) -> np.ndarray:
    """One session's ground-truth teaching input (`neurons` x frames): drive(frame) x weight(trial of the frame,
    neuron); 0 outside trials."""
    drive = drive.sort_values("frame")["drive"].to_numpy(float)
    trial = frames.sort_values("frame")["trial"].to_numpy()
    table = weights.pivot(index="trial", columns="neuron", values="weight")
    w = np.zeros((int(table.index.max()) + 2 if len(table) else 1, len(neurons)))
    if len(table):
        w[table.index.to_numpy() + 1] = table.reindex(columns=neurons).to_numpy(float)   # row 0: no trial
    return (w[trial + 1] * drive[:, None]).T


def analyse_session(dff: np.ndarray, rois: pd.DataFrame, angle: np.ndarray, trials: pd.DataFrame, fr: float,
                    cfg: Mapping[str, Any], teaching: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-neuron summary and peri-event residuals (long) for one session, from its dF/F (rois x frames);
    `teaching` (neurons x frames, a simulated mouse's ground truth) adds how the residual follows it."""
    pairs = _pairs(rois)
    soma, dend = dff[pairs["soma_roi"]], dff[pairs["dendrite_roi"]]
    network = dff[rois.loc[(rois["compartment"] == "soma") & (rois["role"] == "P0"), "roi"]]
    fit = dendritic_residuals(dend, soma, network_components(network, cfg["residual_pcs"]),
                              cfg["residual_folds"], cfg["ridge_alphas"])
    in_task = interval_mask(trials["start_frame"], trials["task_end_frame"], dff.shape[1])
    labels, direction = error_epochs(trials, angle, int(round(ERROR_EPOCH_S * fr)))
    epochs = window_means(fit.residual, labels, len(direction))
    decrease, increase = direction == "decrease", direction == "increase"
    window = np.arange(int(round(cfg["outcome_window_s"] * fr)))
    row = pairs[["neuron", "role"]].assign(
        soma_dff=soma[:, in_task].mean(axis=1), residual_cv_r2=fit.cv_r2,
        residual_error_decrease=epochs[:, decrease].mean(axis=1) if decrease.any() else np.nan,
        residual_error_increase=epochs[:, increase].mean(axis=1) if increase.any() else np.nan)
    truth = window_means(teaching, labels, len(direction)) if teaching is not None else None
    for name, chosen in (("decrease", decrease), ("increase", increase)):
        known = truth is not None and chosen.any()
        row[f"teaching_error_{name}"] = truth[:, chosen].mean(axis=1) if known else np.nan
        row[f"teaching_r_error_{name}"] = _row_correlation(epochs[:, chosen], truth[:, chosen]) if known else np.nan
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


def paper_session(dff: np.ndarray, rois: pd.DataFrame, angle: np.ndarray, trials: pd.DataFrame, fr: float,
                  settings: Mapping[str, Any], outcome_rng: np.random.Generator, network_rng: np.random.Generator,
                  teaching: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The paper's SD residual of every coincident event, with the trial, decoder window and error epoch it falls
    in (and the ground-truth teaching input at it, given `teaching`); both outcome decoders; the network decoder of
    every target neuron; and every neuron's somatic and dendritic event rates, for one session."""
    pairs = _pairs(rois)
    events, soma_rate, counts = session_sd_events(
        dff[pairs["soma_roi"]], dff[pairs["dendrite_roi"]], fr, coincidence_s=settings["coincidence_window_s"],
        decay_s=settings["event_decay_s"], s_min_sn=settings["event_threshold_sn"],
        smoothing_s=settings["event_smoothing_s"], min_events=settings["sd_min_events"])
    frame = events["frame"].to_numpy()
    by_start = trials.sort_values("start_frame")
    trial_at = locate(frame, by_start["start_frame"].to_numpy(), by_start["end_frame"].to_numpy())
    windows = outcome_windows(trials, fr, settings["decoder_window_s"])
    window_at = locate(frame, windows["start_frame"].to_numpy(), windows["stop_frame"].to_numpy())
    epochs = {}
    for definition, column in EPOCH_COLUMNS.items():
        labels, names = error_epochs(trials, angle, int(round(ERROR_EPOCH_S * fr)), definition)
        at = labels[frame]
        epochs[column] = np.where(at < 0, "", names[np.maximum(at, 0)] if len(names) else "")
    index = events["neuron"].to_numpy()
    table = events.drop(columns="neuron").assign(
        neuron=pairs["neuron"].to_numpy()[index], role=pairs["role"].to_numpy()[index],
        trial=np.where(trial_at >= 0, by_start["trial"].to_numpy()[np.maximum(trial_at, 0)], -1),
        window=np.where(window_at >= 0, windows["window"].to_numpy()[np.maximum(window_at, 0)], ""), **epochs,
        teaching=teaching[index, frame] if teaching is not None else np.nan)
    decoding = session_decoding(events, trials, len(pairs), fr, outcome_rng, window_s=settings["decoder_window_s"],
                                n_shuffles=settings["decoder_shuffles"], n_splits=settings["decoder_folds"],
                                C=settings["decoder_c"], min_per_class=settings["decoder_min_trials"])
    targets = np.flatnonzero(pairs["role"].isin(["P+", "P-"]).to_numpy())
    network = session_network_decoding(events, soma_rate, targets, fr, network_rng,
                                       window_s=settings["decoder_window_s"],
                                       block_s=settings["network_decoder_block_s"],
                                       n_shuffles=settings["network_decoder_shuffles"],
                                       n_splits=settings["decoder_folds"], C=settings["decoder_c"],
                                       min_per_class=settings["decoder_min_trials"])
    network = network.assign(role=pairs["role"].to_numpy()[network["neuron"].to_numpy()],
                             neuron=pairs["neuron"].to_numpy()[network["neuron"].to_numpy()])
    seconds = dff.shape[1] / fr
    rates = pairs[["neuron", "role"]].assign(soma_event_rate_hz=counts[0] / seconds,
                                             dendrite_event_rate_hz=counts[1] / seconds)
    decoding = decoding.rename(columns={"n_positive": "n_hit_windows", "n_negative": "n_miss_windows"})
    return table, decoding, network, rates


def analyse_mouse(rec: Mapping[str, pd.DataFrame], cfg: Mapping[str, Any], condition: str,
                  mouse: str, seed: int, paper_methods: bool = True) -> dict[str, pd.DataFrame]:
    """Behaviour, per neuron-session summaries, phase-averaged peri-event residuals, the paper's SD-residual events,
    outcome decoding, network decoding and event rates of one mouse (`cfg`: the `bci.analysis` section). The
    decoders' random streams are keyed by (seed, study, 'svm_decoding' or 'network_decoding', condition, mouse,
    session). `paper_methods=False` skips the SD residual and decoders (their tables are then absent), for callers
    that use only the other tables."""
    sessions = rec["sessions"].sort_values("session").reset_index(drop=True)
    phase = dict(zip(sessions["session"], learning_phase(len(sessions), cfg["early_fraction"])))
    n_rois = int(rec["rois"]["roi"].max()) + 1
    traces_by, frames_by, trials_by = (by_session(rec[name]) for name in ("traces", "frames", "trials"))
    truth = {name: by_session(rec[name]) for name in ("teaching_drive", "teaching_weights") if name in rec}
    neurons = _pairs(rec["rois"])["neuron"].to_numpy()
    rows, peris, sd_events, decoding, network, rates = [], [], [], [], [], []
    for s in sessions.itertuples():  # one regression per session; everything inside is vectorised
        f = session_matrix(traces_by[s.session], n_rois, s.n_frames)
        dff = delta_f_over_f(f, s.frame_rate_hz, cfg["dff_window_s"], cfg["dff_percentile"])
        angle = frames_by[s.session].sort_values("frame")["angle_deg"].to_numpy(float)
        trials = trials_by[s.session]
        teaching = teaching_matrix(truth["teaching_drive"][s.session], truth["teaching_weights"][s.session],
                                   frames_by[s.session], neurons) if truth else None
        row, peri = analyse_session(dff, rec["rois"], angle, trials, s.frame_rate_hz, cfg, teaching)
        rows.append(row.assign(session=s.session, day=s.day))
        peris.append(peri.assign(phase=phase[s.session]))
        if paper_methods:
            outcome_rng, network_rng = (keyed_rng(int(seed), STUDY, purpose, condition, mouse, int(s.session))
                                        for purpose in ("svm_decoding", "network_decoding"))
            events, decoded, predicted, rate = paper_session(dff, rec["rois"], angle, trials, s.frame_rate_hz, cfg,
                                                             outcome_rng, network_rng, teaching)
            session = {"session": s.session, "day": s.day, "phase": phase[s.session]}
            sd_events.append(events.assign(**session))
            decoding.append(decoded.assign(**session))
            network.append(predicted.assign(**session))
            rates.append(rate.assign(**session))
    subject = {"condition": condition, "mouse": mouse}
    behaviour = session_behaviour(rec["trials"], sessions.set_index("session")["frame_rate_hz"]).merge(
        sessions[["session", "day"]], on="session").assign(**subject)
    peri = pd.concat(peris, ignore_index=True)
    peri["weighted"] = peri["residual"] * peri["n_events"]
    peri = peri.groupby(["neuron", "role", "phase", "event", "lag_s"], as_index=False)[
        ["weighted", "n_events"]].sum()
    peri["residual"] = peri["weighted"] / peri["n_events"].where(peri["n_events"] > 0)
    tables = {"behaviour": behaviour, "neuron_sessions": pd.concat(rows, ignore_index=True).assign(**subject),
              "peri_event": peri.drop(columns="weighted").assign(**subject)}
    if paper_methods:
        tables["sd_events"] = pd.concat(sd_events, ignore_index=True).assign(**subject)
        tables["svm_decoding"] = pd.concat(decoding, ignore_index=True).assign(**subject)
        tables["network_decoding"] = pd.concat(network, ignore_index=True).assign(**subject)
        tables["event_rates"] = pd.concat(rates, ignore_index=True).assign(**subject)
    return tables
