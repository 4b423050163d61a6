"""Does the rest of the network predict a dendrite's amplification? (Francioni et al. 2026, Fig. 2d-j; ED Figs 6-9)

Per target neuron and session, each of its coincident events is labelled amplified (SD residual > 0) or attenuated,
and a linear SVM (the outcome decoders' pipeline, neuroai.bci.svm_decoding) reads the mean inferred spike rate of
every other imaged neuron's soma over the `window_s` before the event (before the earlier of its somatic and
dendritic peaks, so the event's own activity is not in its features). As in the paper, a neuron-session is
significant when its decoder's confidence (out-of-fold distance from the hyperplane) correlates with the SD
residual (Pearson p < 0.05); the paper reports 61 % (chance 50 %) in the ~20 % of neurons that were.

Departures, and why: the paper used leave-one-out cross-validation with SMOTE on single events; here the folds keep
events of one `block_s` stretch of time together (the 2 s windows of neighbouring events overlap, so a split that
separates them rewards recognising the stretch), with balanced class weights in place of SMOTE; the SVM is the
squared-hinge one solved in the primal (`svm_pipeline(primal=True)`), because with ~450 events and 59 features one
hinge-loss dual fit took 90 ms and one primal fit 3.3 ms (a session: 99 s with 20 shuffles, 1 s now); and chance comes from a few label shuffles (`network_decoder_shuffles`) through the same
folds and pipeline. Every target neuron-session is reported, not only the significant ones: the accuracy among
neurons selected for significance is biased upward by the selection.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scipy.stats import pearsonr

from neuroai.bci.svm_decoding import decode


def preceding_activity(rate: np.ndarray, stop: np.ndarray, window: int) -> np.ndarray:
    """events x rows: mean of every row of `rate` (rows x frames) over the `window` frames before each `stop` frame
    (fewer at the start of the recording), from one cumulative sum."""
    cumulative = np.concatenate([np.zeros((len(rate), 1)), np.cumsum(rate, axis=1)], axis=1)
    stop = np.clip(np.asarray(stop, int), 0, rate.shape[1])
    start = np.maximum(stop - window, 0)
    return ((cumulative[:, stop] - cumulative[:, start]) / np.maximum(stop - start, 1)).T


def session_network_decoding(events: pd.DataFrame, soma_rate: np.ndarray, targets: np.ndarray, frame_rate_hz: float,
                             rng: np.random.Generator, window_s: float = 2.0, block_s: float = 10.0,
                             n_shuffles: int = 5, n_splits: int = 5, C: float = 1.0,
                             min_per_class: int = 3) -> pd.DataFrame:
    """One row per target neuron (`targets`: row indices into `soma_rate`) of one session. `events`: neuron, frame,
    dendrite_lag_s, sd_residual. Columns: neuron, accuracy, shuffle_mean, shuffle_p95, p_value, confidence_r,
    confidence_p, n_amplified, n_attenuated, n_folds, n_shuffles, n_features."""
    window, block = int(round(window_s * frame_rate_hz)), int(round(block_s * frame_rate_hz))
    onset = np.minimum(events["frame"].to_numpy(),
                       events["frame"].to_numpy() + np.round(events["dendrite_lag_s"].to_numpy() * frame_rate_hz))
    features = preceding_activity(soma_rate, onset, window)                      # all events x all neurons
    owner = events["neuron"].to_numpy()
    residual = events["sd_residual"].to_numpy()
    amplified = (residual > 0).astype(int)
    rows = []
    # One SVM problem per neuron: each has its own events, labels and folds, so there is nothing to batch.
    for neuron, stream in zip(targets, rng.spawn(len(targets)), strict=True):
        mine = owner == neuron
        others = np.delete(np.arange(len(soma_rate)), neuron)
        result = decode(features[np.ix_(mine, others)], amplified[mine], onset[mine] // block, stream, n_shuffles,
                        n_splits, C, min_per_class, primal=True)
        has_null = len(result.shuffled) > 0
        spread = len(result.decision) > 2 and np.ptp(result.decision) > 0
        r, p = pearsonr(result.decision, residual[mine]) if spread else (np.nan, np.nan)
        rows.append({"neuron": int(neuron), "accuracy": result.accuracy,
                     "shuffle_mean": float(result.shuffled.mean()) if has_null else np.nan,
                     "shuffle_p95": float(np.percentile(result.shuffled, 95)) if has_null else np.nan,
                     "p_value": result.p_value, "confidence_r": float(r), "confidence_p": float(p),
                     "n_amplified": result.n_positive, "n_attenuated": result.n_negative,
                     "n_folds": result.n_folds, "n_shuffles": len(result.shuffled), "n_features": len(others)})
    return pd.DataFrame(rows, columns=["neuron", "accuracy", "shuffle_mean", "shuffle_p95", "p_value", "confidence_r",
                                       "confidence_p", "n_amplified", "n_attenuated", "n_folds", "n_shuffles",
                                       "n_features"])
