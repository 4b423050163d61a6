"""Outcome decoders from SD-residual population vectors: planted class differences, nulls and leakage."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import PredefinedSplit, cross_val_predict

from neuroai.bci.svm_decoding import (decode, locate, out_of_fold_predictions, outcome_windows, population_vectors,
                                      session_decoding, stacked_out_of_fold_predictions, stratified_group_folds,
                                      svm_pipeline)

N_TRIALS, N_NEURONS = 60, 80


def residual_vectors(g: np.random.Generator, y: np.ndarray, shift: float, n_signal: int = 8) -> np.ndarray:
    """Windows x neurons like the decoders see them: most neurons silent (0) in a window, z-scored residuals
    otherwise; the first `n_signal` neurons' residuals are shifted by `shift` in class-1 windows."""
    x = g.standard_normal((len(y), N_NEURONS))
    x[:, :n_signal] += shift * y[:, None]
    return np.where(g.random(x.shape) < 0.5, x, 0.0)


def labels(g: np.random.Generator, n: int = N_TRIALS, p: float = 0.5) -> np.ndarray:
    y = (np.arange(n) < round(p * n)).astype(int)
    return g.permutation(y)


def test_a_modest_planted_difference_is_decoded_clearly_above_chance():
    """Residuals of 12 of 80 neurons shifted by 1 s.d. in one class of 80 trials: about 70 % decodable, and above
    the shuffle's 95th percentile in (nearly) every data set."""
    accuracy, above, shuffle_mean = [], [], []
    for seed in range(6):
        g = np.random.default_rng(seed)
        y = labels(g, 80, p=0.4)                                     # unbalanced classes: balanced accuracy
        result = decode(residual_vectors(g, y, 1.0, 12), y, np.arange(80), np.random.default_rng(seed + 50),
                        n_shuffles=60)
        accuracy.append(result.accuracy)
        above.append(result.accuracy > np.percentile(result.shuffled, 95))
        shuffle_mean.append(result.shuffled.mean())
    assert np.mean(accuracy) > 0.65 and sum(above) >= 5
    assert np.all(np.abs(np.array(shuffle_mean) - 0.5) < 0.04)


def test_without_a_difference_accuracy_sits_in_its_shuffle_distribution():
    accuracy, shuffle_mean, p = [], [], []
    for seed in range(10):
        g = np.random.default_rng(100 + seed)
        y = labels(g)
        r = decode(residual_vectors(g, y, 0.0), y, np.arange(N_TRIALS), np.random.default_rng(seed), n_shuffles=40)
        accuracy.append(r.accuracy)
        shuffle_mean.append(r.shuffled.mean())
        p.append(r.p_value)
    assert abs(np.mean(accuracy) - 0.5) < 0.05
    assert np.all(np.abs(np.array(shuffle_mean) - 0.5) < 0.05)
    assert np.mean(np.array(p) < 0.05) <= 2 / 10                   # false positives at about the nominal rate


def test_grouping_by_trial_prevents_leakage_that_an_ungrouped_split_rewards():
    """Each trial gives 4 near-identical windows (its own random pattern plus a little noise) and its label is a coin
    flip: there is nothing to decode. An ungrouped split scores high by recognising trials it has seen; folds that
    keep a trial's windows together do not."""
    grouped, ungrouped = [], []
    for seed in range(6):
        g = np.random.default_rng(seed)
        trial_label = labels(g, 40)
        pattern = g.standard_normal((40, N_NEURONS))
        trial = np.repeat(np.arange(40), 4)
        X = pattern[trial] + 0.2 * g.standard_normal((len(trial), N_NEURONS))
        y = trial_label[trial]
        grouped.append(decode(X, y, trial, np.random.default_rng(seed + 9), n_shuffles=0).accuracy)
        ungrouped.append(decode(X, y, np.arange(len(y)), np.random.default_rng(seed + 9), n_shuffles=0).accuracy)
    assert np.all(np.array(ungrouped) > 0.85) and np.all(np.array(ungrouped) > np.array(grouped))
    assert abs(np.mean(grouped) - 0.5) < 0.07


@pytest.mark.parametrize("seed", [0, 1])
def test_folds_keep_every_group_whole_and_share_out_each_class(seed):
    g = np.random.default_rng(seed)
    groups = np.repeat(np.arange(37), g.integers(1, 4, 37))
    y = (g.random(37) < 0.35).astype(int)[groups]
    folds = stratified_group_folds(y, groups, 5, g)
    assert all(len(np.unique(folds[groups == k])) == 1 for k in np.unique(groups))
    for c in (0, 1):
        per_fold = np.bincount([folds[groups == k][0] for k in np.unique(groups[y == c])], minlength=5)
        assert per_fold.max() - per_fold.min() <= 1


def test_shuffles_fitted_together_give_the_pipelines_own_predictions():
    g = np.random.default_rng(4)
    y = labels(g, 40)
    X = residual_vectors(g, y, 0.5)
    folds = stratified_group_folds(y, np.arange(40), 5, g)
    pipeline = svm_pipeline(1.0, seed=7)
    reference = cross_val_predict(pipeline, X, y, cv=PredefinedSplit(folds))
    assert np.array_equal(out_of_fold_predictions(X, y, folds, pipeline), reference)
    sets = np.vstack([y] + [g.permutation(y) for _ in range(30)])
    one_by_one = np.vstack([out_of_fold_predictions(X, s, folds, pipeline) for s in sets])
    assert (stacked_out_of_fold_predictions(X, sets, folds, pipeline) == one_by_one).mean() > 0.995


def test_same_generator_same_result_and_too_few_trials_give_nan():
    g = np.random.default_rng(5)
    y = labels(g, 30)
    X = residual_vectors(g, y, 0.5)
    a, b = (decode(X, y, np.arange(30), np.random.default_rng(9), n_shuffles=20) for _ in range(2))
    assert a.accuracy == b.accuracy and np.array_equal(a.shuffled, b.shuffled)
    y_rare = np.r_[np.ones(2, int), np.zeros(28, int)]
    rare = decode(X, y_rare, np.arange(30), np.random.default_rng(9), min_per_class=3)
    assert np.isnan(rare.accuracy) and rare.n_positive == 2 and rare.n_negative == 28


def trials_table(g: np.random.Generator, n: int, fr: float) -> pd.DataFrame:
    """Back-to-back trials in the canonical layout: grey, task (hits end early), 3 s outcome period."""
    rows, offset = [], 100
    for k in range(n):
        hit = bool(g.random() < 0.5)
        start = offset + int(0.5 * fr)
        task = int(g.uniform(3, 28) * fr) if hit else int(28 * fr)
        end_task = start + task
        rows.append({"trial": k, "start_frame": start, "task_end_frame": end_task,
                     "outcome": "hit" if hit else "miss", "outcome_frame": end_task - 1 if hit else end_task,
                     "reward_frame": end_task - 1 + int(fr) if hit else -1, "end_frame": end_task + int(3 * fr)})
        offset = end_task + int(3 * fr)
    return pd.DataFrame(rows)


def test_windows_are_the_papers_two_seconds_around_each_outcome_and_never_overlap():
    fr = 15.46
    trials = trials_table(np.random.default_rng(6), 30, fr)
    windows = outcome_windows(trials, fr, 2.0)
    assert len(windows) == 2 * len(trials)
    assert np.all(windows["start_frame"].to_numpy()[1:] >= windows["stop_frame"].to_numpy()[:-1])
    assert np.all(windows["stop_frame"] - windows["start_frame"] == round(2 * fr))
    merged = windows.merge(trials, on="trial")
    post = merged["window"].isin(["reward", "timeout"])
    assert np.all(merged.loc[post, "start_frame_x"] == merged.loc[post, "task_end_frame"])
    assert np.all(merged.loc[~post, "stop_frame"] == merged.loc[~post, "task_end_frame"])
    assert set(merged.loc[merged["outcome"] == "hit", "window"]) == {"reward", "pre_reach"}
    frames = np.array([windows["start_frame"][3], windows["stop_frame"][3] - 1, windows["stop_frame"][3], 0])
    assert locate(frames, windows["start_frame"].to_numpy(), windows["stop_frame"].to_numpy()).tolist()[:2] == [3, 3]


def test_population_vector_is_the_mean_residual_per_neuron_and_zero_without_events():
    starts, stops = np.array([0, 10, 20]), np.array([5, 15, 25])
    X = population_vectors(np.array([0, 0, 2, 1, 1]), np.array([1, 3, 11, 7, 24]), np.array([1.0, 3.0, -1.0, 9.0, 4.0]),
                           3, starts, stops)
    assert np.allclose(X, [[2.0, 0, 0], [0, 0, -1.0], [0, 4.0, 0]])   # frame 7 is in no window


def test_session_decoders_read_the_right_windows():
    """Residuals of 10 neurons are planted high after reward only: the reward decoder finds it, the pre-outcome
    decoder (which sees the windows before the outcome) does not."""
    fr = 15.46
    g = np.random.default_rng(7)
    trials = trials_table(g, 60, fr)
    windows = outcome_windows(trials, fr, 2.0)
    rows = []
    for w in windows.itertuples():
        for neuron in range(N_NEURONS):
            if g.random() < 0.5:
                shift = 1.2 if (w.window == "reward" and neuron < 10) else 0.0
                rows.append((neuron, g.integers(w.start_frame, w.stop_frame), g.standard_normal() + shift))
    events = pd.DataFrame(rows, columns=["neuron", "frame", "sd_residual"])
    table = session_decoding(events, trials, N_NEURONS, fr, np.random.default_rng(8), n_shuffles=50).set_index(
        "decoder")
    assert table.loc["reward", "accuracy"] > table.loc["reward", "shuffle_p95"]
    assert table.loc["reward", "accuracy"] > 0.65
    assert abs(table.loc["pre_outcome", "accuracy"] - 0.5) < 0.15
    assert table["n_positive"].tolist() == [int((trials["outcome"] == "hit").sum())] * 2
