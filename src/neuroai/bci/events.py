"""Trial-aligned signals: peri-event averages and the paper's 2 s error-increase / error-decrease epochs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse


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


def error_epochs(trials: pd.DataFrame, angle: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Label each frame of the task periods with a 2 s epoch index; return (frame labels, epoch direction).

    Direction is +1 for error decrease (the grating turned toward the 90 deg target over the epoch), -1 for error
    increase, 0 for no net rotation. Frames outside complete epochs get label -1.
    """
    starts, ends = trials["start_frame"].to_numpy(), trials["task_end_frame"].to_numpy()
    per_trial = (ends - starts) // window
    index_in_trial = np.arange(per_trial.sum()) - np.repeat(np.cumsum(per_trial) - per_trial, per_trial)
    first = np.repeat(starts, per_trial) + window * index_in_trial
    labels = np.full(len(angle), -1)
    frame_index = first[:, None] + np.arange(window)[None, :]
    labels[frame_index.ravel()] = np.repeat(np.arange(len(first)), window)
    direction = np.sign(angle[first + window - 1] - angle[first]).astype(int)
    return labels, direction
