"""Decoding trial outcome from the population vector of SD residuals (Francioni et al. 2026, Fig. 4; ED Figs 6, 11).

Each trial gives one window per decoder; its feature vector holds, per neuron, the mean z-scored SD residual of
that neuron's coincident events whose somatic peak falls in the window (0 for a neuron with no event there).
- `reward`: the 2 s after target reach (hits) vs the first 2 s of the timeout (misses);
- `pre_outcome`: the 2 s before target reach (hits) vs the 2 s before the end of the trial (misses).
Classifier: StandardScaler + linear SVM (hinge loss, C = 1, the value equivalent to MATLAB fitclinear's default
lambda = 1/n) with balanced class weights, cross-validated over folds that keep every window of a trial together
(stratified by class), scored by balanced accuracy of the pooled out-of-fold predictions. Chance is a label-shuffle
null through the same folds and pipeline. Every random choice draws from a numpy Generator passed in.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

# decoder -> (window of class 1, window of class 0)
DECODERS = {"reward": ("reward", "timeout"), "pre_outcome": ("pre_reach", "pre_end")}
WINDOWS = ("reward", "timeout", "pre_reach", "pre_end")


def outcome_windows(trials: pd.DataFrame, frame_rate_hz: float, window_s: float = 2.0) -> pd.DataFrame:
    """The four analysis windows of every trial as [start_frame, stop_frame), sorted by start.

    Hits: `reward` = the `window_s` from target reach on (from task_end_frame, the frame after the reaching frame)
    and `pre_reach` = the `window_s` up to and including the reaching frame. Misses: `timeout` = the first
    `window_s` of the timeout and `pre_end` = the last `window_s` of the task period. Post-outcome windows end by the
    trial's end and pre-outcome windows start no earlier than its grating onset, so no window reaches into another
    trial and the windows never overlap.
    """
    w = int(round(window_s * frame_rate_hz))
    hit = (trials["outcome"] == "hit").to_numpy()
    task_end = trials["task_end_frame"].to_numpy()
    post = pd.DataFrame({"trial": trials["trial"].to_numpy(), "window": np.where(hit, "reward", "timeout"),
                         "start_frame": task_end, "stop_frame": np.minimum(task_end + w, trials["end_frame"])})
    pre = pd.DataFrame({"trial": trials["trial"].to_numpy(), "window": np.where(hit, "pre_reach", "pre_end"),
                        "start_frame": np.maximum(task_end - w, trials["start_frame"]), "stop_frame": task_end})
    both = pd.concat([pre, post], ignore_index=True)
    return both.sort_values("start_frame", kind="stable").reset_index(drop=True)


def locate(frames: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Index of the window (sorted, non-overlapping [start, stop)) holding each frame; -1 outside every window."""
    index = np.searchsorted(starts, frames, side="right") - 1
    inside = (index >= 0) & (frames < np.asarray(stops)[np.maximum(index, 0)])
    return np.where(inside, index, -1)


def population_vectors(neuron: np.ndarray, frame: np.ndarray, value: np.ndarray, n_neurons: int,
                       starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """windows x neurons: mean `value` of each neuron's events inside each window, 0 where it has none."""
    where = locate(np.asarray(frame), np.asarray(starts), np.asarray(stops))
    ok = where >= 0
    sums = np.zeros((len(starts), n_neurons))
    counts = np.zeros((len(starts), n_neurons))
    np.add.at(sums, (where[ok], np.asarray(neuron)[ok]), np.asarray(value, float)[ok])
    np.add.at(counts, (where[ok], np.asarray(neuron)[ok]), 1.0)
    return np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)


def _group_labels(y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Unique groups, each one's (majority) label, each window's group index, and whether labels are constant
    within every group."""
    names, index = np.unique(groups, return_inverse=True)
    positives = np.bincount(index, weights=y, minlength=len(names))
    sizes = np.bincount(index, minlength=len(names))
    label = (positives * 2 >= sizes).astype(int)
    pure = bool(np.all((positives == 0) | (positives == sizes)))
    return names, label, index, pure


def stratified_group_folds(y: np.ndarray, groups: np.ndarray, n_splits: int, rng: np.random.Generator) -> np.ndarray:
    """Test fold (0..n_splits-1) of every window: whole groups are dealt to folds, each class's groups in random
    order, so no group is split and every fold gets its share of each class (what StratifiedGroupKFold does when
    labels are constant within groups, at a fraction of its cost, which matters once per label shuffle)."""
    _, label, index, _ = _group_labels(np.asarray(y, int), np.asarray(groups))
    order = np.concatenate([rng.permutation(np.flatnonzero(label == c)) for c in (0, 1)])
    fold_of_group = np.empty(len(label), int)
    fold_of_group[order] = np.arange(len(order)) % n_splits
    return fold_of_group[index]


def svm_pipeline(C: float = 1.0, seed: int = 0, primal: bool = False) -> Pipeline:
    """StandardScaler + linear SVM with balanced class weights: hinge loss solved in the dual, or (`primal`) the
    squared hinge solved in the primal, ~30x faster where windows far outnumber features."""
    svm = (LinearSVC(C=C, loss="squared_hinge", dual=False, class_weight="balanced", random_state=seed) if primal
           else LinearSVC(C=C, loss="hinge", dual=True, class_weight="balanced", max_iter=10_000, random_state=seed))
    return make_pipeline(StandardScaler(), svm)


def balanced_accuracy(y: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Balanced accuracy along the last axis (rows: label sets), both classes 0/1."""
    recall = [((predicted == c) & (y == c)).sum(axis=-1) / np.maximum((y == c).sum(axis=-1), 1) for c in (0, 1)]
    return (recall[0] + recall[1]) / 2.0


def out_of_fold_decisions(X: np.ndarray, y: np.ndarray, folds: np.ndarray, pipeline: Pipeline) -> np.ndarray:
    """Out-of-fold signed distances from the hyperplane of `pipeline` (a fresh clone fitted per fold; > 0 predicts
    class 1): the decoder on the real labels. A training fold holding one class gives +-1 for that class."""
    decision = np.empty(len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for f in np.unique(folds):
            test, train = folds == f, folds != f
            classes = np.unique(y[train])
            decision[test] = (clone(pipeline).fit(X[train], y[train]).decision_function(X[test])
                              if len(classes) > 1 else 2.0 * classes[0] - 1.0)
    return decision


def out_of_fold_predictions(X: np.ndarray, y: np.ndarray, folds: np.ndarray, pipeline: Pipeline) -> np.ndarray:
    """Out-of-fold class predictions of `pipeline` (0/1)."""
    return (out_of_fold_decisions(X, y, folds, pipeline) > 0).astype(int)


def _balanced_weights(labels: np.ndarray) -> np.ndarray:
    """class_weight='balanced' as per-sample weights, n / (2 n_class), for every row (label set) of `labels`."""
    counts = np.stack([(labels == c).sum(axis=1) for c in (0, 1)], axis=1)            # label sets x 2
    per_class = labels.shape[1] / (2.0 * np.maximum(counts, 1))
    return np.take_along_axis(per_class, labels, axis=1)


def stacked_out_of_fold_predictions(X: np.ndarray, labels: np.ndarray, folds: np.ndarray,
                                    pipeline: Pipeline) -> np.ndarray:
    """Out-of-fold predictions (label sets x windows) of `pipeline` for many label sets (the shuffles) at once.

    The same fit as `out_of_fold_predictions` per label set, solved as one problem per fold: the scaler sees no
    labels, so it is fitted once per fold; the linear SVMs of all label sets are one liblinear problem on a
    block-diagonal design (label set k's training windows use only feature block k, plus block k's own constant
    column standing in for LinearSVC's intercept, which liblinear also treats as a penalised feature of value
    intercept_scaling). Hinge losses and the squared norm add up over blocks, so the joint optimum is every label
    set's own optimum; balanced class weights become per-sample weights (n / (2 n_class), as sklearn computes them).
    One liblinear call per fold instead of one per shuffle and fold: 5-100x faster when there are more features than
    training windows, same predictions (tested). A training fold that holds a single class predicts that class.
    """
    scaler, svm = pipeline.steps[0][1], pipeline.steps[-1][1]
    params = svm.get_params()
    stacked = LinearSVC(C=params["C"], loss=params["loss"], dual=True, fit_intercept=False, tol=params["tol"],
                        max_iter=params["max_iter"], random_state=params["random_state"])
    n_sets = len(labels)
    predicted = np.empty(labels.shape, int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for f in np.unique(folds):
            test, train = folds == f, folds != f
            fitted = clone(scaler).fit(X[train])
            const = params["intercept_scaling"]
            train_x = np.hstack([fitted.transform(X[train]), np.full((train.sum(), 1), const)])
            test_x = np.hstack([fitted.transform(X[test]), np.full((test.sum(), 1), const)])
            y = labels[:, train]
            design = sparse.kron(sparse.identity(n_sets, format="csr"), sparse.csr_matrix(train_x), format="csr")
            stacked.fit(design, y.ravel(), sample_weight=_balanced_weights(y).ravel())
            weights = stacked.coef_.reshape(n_sets, -1)                               # label sets x (p + 1)
            predicted[:, test] = (test_x @ weights.T > 0).T.astype(int)
            single = y.min(axis=1) == y.max(axis=1)
            predicted[np.ix_(single, test)] = y[single, :1]
    return predicted


@dataclass(frozen=True)
class Decoding:
    accuracy: float          # balanced accuracy of the real labels (NaN: too few windows)
    shuffled: np.ndarray     # balanced accuracy of each label shuffle
    decision: np.ndarray     # out-of-fold distance from the hyperplane of every window, real labels (empty: none)
    n_folds: int
    n_positive: int          # windows of class 1
    n_negative: int          # windows of class 0

    @property
    def p_value(self) -> float:
        """One-sided permutation p: fraction of shuffles (and the real labels) at least as accurate."""
        if not np.isfinite(self.accuracy) or len(self.shuffled) == 0:
            return np.nan
        return float((1 + np.sum(self.shuffled >= self.accuracy)) / (1 + len(self.shuffled)))


def decode(X: np.ndarray, y: np.ndarray, groups: np.ndarray, rng: np.random.Generator, n_shuffles: int = 100,
           n_splits: int = 5, C: float = 1.0, min_per_class: int = 3, primal: bool = False) -> Decoding:
    """Grouped, stratified cross-validated linear-SVM decoding of binary `y` from X (windows x features), with a
    label-shuffle null. Shuffles permute the labels of whole groups when labels are constant within groups (else
    of windows). Needs `min_per_class` groups of each class; folds = min(n_splits, groups in the rarer class).
    `primal`: the squared-hinge SVM of `svm_pipeline`."""
    y, groups = np.asarray(y, int), np.asarray(groups)
    _, label, index, pure = _group_labels(y, groups)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    rarer = min(int(label.sum()), int(len(label) - label.sum()))
    if rarer < max(min_per_class, 2):
        return Decoding(np.nan, np.zeros(0), np.zeros(0), 0, n_pos, n_neg)
    k = min(n_splits, rarer)
    folds = stratified_group_folds(y, groups, k, rng)
    seed = int(rng.integers(2**31 - 1))
    shuffles = [rng.permutation(label)[index] if pure else rng.permutation(y) for _ in range(n_shuffles)]
    X, pipeline = np.asarray(X, float), svm_pipeline(C, seed, primal)
    decision = out_of_fold_decisions(X, y, folds, pipeline)
    accuracy = balanced_accuracy(y, (decision > 0).astype(int))
    shuffled = balanced_accuracy(np.vstack(shuffles), shuffle_predictions(X, np.vstack(shuffles), folds, pipeline)
                                 ) if n_shuffles else np.zeros(0)
    return Decoding(float(accuracy), shuffled, decision, k, n_pos, n_neg)


def shuffle_predictions(X: np.ndarray, labels: np.ndarray, folds: np.ndarray, pipeline: Pipeline) -> np.ndarray:
    """Out-of-fold predictions for many label sets, by whichever of two equal routes is faster: stacked (one
    liblinear problem per fold) while the training windows do not outnumber the features, where every label set's
    dual coordinate descent converges in few passes; one fit per label set otherwise, where a few slow label sets
    would make every block of the stacked problem pay their passes."""
    largest_train = len(folds) - np.bincount(folds).min()
    if largest_train <= X.shape[1]:
        return stacked_out_of_fold_predictions(X, labels, folds, pipeline)
    return np.vstack([out_of_fold_predictions(X, y, folds, pipeline) for y in labels])


def session_decoding(events: pd.DataFrame, trials: pd.DataFrame, n_neurons: int, frame_rate_hz: float,
                     rng: np.random.Generator, window_s: float = 2.0, n_shuffles: int = 100, n_splits: int = 5,
                     C: float = 1.0, min_per_class: int = 3) -> pd.DataFrame:
    """Both decoders on one session. `events`: neuron (0..n_neurons-1), frame, sd_residual. One row per decoder:
    decoder, accuracy, shuffle_mean, shuffle_p95, p_value, n_positive, n_negative, n_folds, n_shuffles, n_neurons."""
    windows = outcome_windows(trials, frame_rate_hz, window_s)
    X_all = population_vectors(events["neuron"].to_numpy(), events["frame"].to_numpy(),
                               events["sd_residual"].to_numpy(), n_neurons, windows["start_frame"].to_numpy(),
                               windows["stop_frame"].to_numpy())
    rows = []
    for (decoder, (positive, negative)), stream in zip(DECODERS.items(), rng.spawn(len(DECODERS)), strict=True):
        use = windows["window"].isin([positive, negative]).to_numpy()
        y = (windows.loc[use, "window"] == positive).to_numpy().astype(int)
        result = decode(X_all[use], y, windows.loc[use, "trial"].to_numpy(), stream, n_shuffles, n_splits, C,
                        min_per_class)
        has_null = len(result.shuffled) > 0
        rows.append({"decoder": decoder, "accuracy": result.accuracy,
                     "shuffle_mean": float(result.shuffled.mean()) if has_null else np.nan,
                     "shuffle_p95": float(np.percentile(result.shuffled, 95)) if has_null else np.nan,
                     "p_value": result.p_value, "n_positive": result.n_positive, "n_negative": result.n_negative,
                     "n_folds": result.n_folds, "n_shuffles": len(result.shuffled), "n_neurons": n_neurons})
    return pd.DataFrame(rows)
