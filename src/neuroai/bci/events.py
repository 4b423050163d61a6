"""Trial-aligned signals: peri-event averages and the paper's 2 s error-increase / error-decrease epochs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from neuroai.bci.schemas import EPOCH_DEFINITIONS, PRIMARY_EPOCH_DEFINITION


def peri_event(signal: np.ndarray, events: np.ndarray, lags: np.ndarray) -> tuple[np.ndarray, int]:
    """Mean of `signal` (neurons x time) at `events + lags` (events within bounds only): neurons x lags."""
    events = np.asarray(events, dtype=int)
    ok = (events + lags.min() >= 0) & (events + lags.max() < signal.shape[1])
    if not ok.any():
        return np.full((signal.shape[0], len(lags)), np.nan), 0
    index = events[ok, None] + lags[None, :]                                  # events x lags
    return signal[:, index].mean(axis=1), int(ok.sum())


def window_means(signal: np.ndarray, labels: np.ndarray, n_windows: int) -> np.ndarray:
    """Mean of `signal` (neurons x time) over frames of each window label 0..n_windows-1 (-1: ignored)."""
    keep = labels >= 0
    onehot = sparse.csr_matrix((np.ones(keep.sum()), (np.flatnonzero(keep), labels[keep])),
                               shape=(signal.shape[1], n_windows))
    counts = np.asarray(onehot.sum(axis=0)).ravel()
    return (onehot.T @ signal.T).T / np.maximum(counts, 1)


def error_epochs(trials: pd.DataFrame, angle: np.ndarray, window: int,
                 definition: str = PRIMARY_EPOCH_DEFINITION) -> tuple[np.ndarray, np.ndarray]:
    """Cut each trial's task period into consecutive `window`-frame epochs and label each by the direction of the
    task error E = 90 - angle (deg from the target); return (epoch index per frame, -1 outside; label per epoch:
    "decrease", "increase", "flat" or "" where the definition gives none).

    Definitions (`EPOCH_DEFINITIONS`):
      binned_mean  the paper's Methods, fixed before results were seen: "the error was averaged in 2 s windows",
                   each window labelled by whether that average fell or rose from the trial's previous window (the
                   first window of a trial has no previous one and stays unlabelled);
      endpoints    E at the window's last frame minus E at its first frame;
      slope        sign of the least-squares slope of E over the window's frames.
    """
    if definition not in EPOCH_DEFINITIONS:
        raise ValueError(f"unknown error-epoch definition {definition!r}; expected one of {EPOCH_DEFINITIONS}")
    starts, ends = trials["start_frame"].to_numpy(), trials["task_end_frame"].to_numpy()
    per_trial = (ends - starts) // window
    index_in_trial = np.arange(per_trial.sum()) - np.repeat(np.cumsum(per_trial) - per_trial, per_trial)
    first = np.repeat(starts, per_trial) + window * index_in_trial
    labels = np.full(len(angle), -1)
    frame_index = first[:, None] + np.arange(window)[None, :]
    labels[frame_index.ravel()] = np.repeat(np.arange(len(first)), window)
    error = 90.0 - np.asarray(angle, float)[frame_index]                       # epochs x frames
    if definition == "binned_mean":
        means = error.mean(axis=1)
        change = np.where(index_in_trial > 0, means - np.roll(means, 1), np.nan)
    elif definition == "endpoints":
        change = error[:, -1] - error[:, 0]
    else:
        t = np.arange(window) - (window - 1) / 2
        change = error @ t / max((t**2).sum(), 1e-12)
    names = np.select([change < 0, change > 0, change == 0], ["decrease", "increase", "flat"], "")
    return labels, names.astype(object)
