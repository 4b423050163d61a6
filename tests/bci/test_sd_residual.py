"""The paper's SD residual on synthetic GCaMP traces whose events, and dendritic amplifications, are planted."""

import numpy as np
import pytest
from oasis.functions import GetSn, estimate_time_constant
from scipy.signal import find_peaks, peak_widths
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from neuroai.bci import gcamp
from neuroai.bci.dff import delta_f_over_f
from neuroai.bci.sd_residual import (Events, ar1_decay, coincident_pairs, curved_sd_residuals, detect_events,
                                     fit_model_aic,
                                     infer_spikes, noise_sd, sd_residuals, session_sd_events, spike_rate)

FR, DECAY_S, AMPLITUDE, NOISE = 15.46, 0.4, 0.4, 0.08
N_FRAMES, N_EVENTS = 20_000, 120


def imaged(drive: np.ndarray, g: np.random.Generator) -> np.ndarray:
    """dF/F (rows x frames) of calcium driven by `drive` (frames x rows), as the simulation's microscope images it."""
    ca = gcamp.calcium(drive, 1 / FR, DECAY_S, np.zeros(drive.shape[1]))
    f = gcamp.fluorescence(ca, np.full(drive.shape[1], 100.0), np.arange(len(drive)) / FR, AMPLITUDE, NOISE, 7200.0,
                           g.standard_normal(drive.shape))
    return delta_f_over_f(f.T, FR, 120.0, 10.0)


def planted_times(g: np.random.Generator, n: int = N_EVENTS, gap_s: float = 2.0) -> np.ndarray:
    """`n` event frames at least `gap_s` apart (so each planted event is one event to find)."""
    gap = int(gap_s * FR)
    spare = N_FRAMES - 100 - n * gap
    return 50 + np.sort(g.choice(spare, n, replace=False)) + gap * np.arange(n)


def nearest_planted(frames: np.ndarray, planted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest planted event to each frame and its distance in frames."""
    right = np.clip(np.searchsorted(planted, frames), 0, len(planted) - 1)
    left = np.clip(right - 1, 0, len(planted) - 1)
    best = np.where(np.abs(planted[left] - frames) <= np.abs(planted[right] - frames), left, right)
    return best, np.abs(planted[best] - frames)


def test_oasis_events_recover_planted_spikes_and_their_size():
    g = np.random.default_rng(0)
    n = 6
    drive, truth = np.zeros((N_FRAMES, n)), []
    for i in range(n):
        t, k = planted_times(g), g.integers(1, 5, N_EVENTS)
        drive[t, i] = k
        truth.append((t, k))
    events = detect_events(spike_rate(infer_spikes(imaged(drive, g), FR), FR), FR)
    for i, (t, k) in enumerate(truth):
        mine = events.trace == i
        which, distance = nearest_planted(events.frame[mine], t)
        found = distance <= 2
        assert found.mean() > 0.95                                    # few events where nothing was planted
        assert len(np.unique(which[found])) / len(t) > 0.95           # nearly every planted event found
        # a magnitude grows with the spikes in the event (1..4): the paper's height x width is a size measure
        assert spearmanr(k[which[found]], events.magnitude[mine][found]).statistic > 0.85


def test_noise_and_decay_are_estimated_from_each_trace():
    g = np.random.default_rng(1)
    drive = g.poisson(0.02, (N_FRAMES, 4)).astype(float)
    dff = imaged(drive, g)
    sn = noise_sd(dff)
    assert np.allclose(sn, [GetSn(row) for row in dff], rtol=1e-9)           # OASIS's estimates, all rows at once
    decay = ar1_decay(dff, sn, FR)
    assert np.allclose(decay, [estimate_time_constant(row, 1, s)[0] for row, s in zip(dff, sn, strict=True)])
    # the autocovariance estimate runs long (spike energy inflates the high-frequency noise estimate), not far off
    tau = -1 / (FR * np.log(decay))
    assert np.all((tau > DECAY_S) & (tau < 1.6 * DECAY_S))


def planted_pairs(g: np.random.Generator, n: int, boost: np.ndarray | None):
    """Soma and dendrite dF/F of `n` neurons whose events are coincident by construction: the dendrite gets a
    back-propagated 0.8 x the somatic spikes, plus `boost[i]` extra (dendrite-specific) on event i of each neuron."""
    soma, dend, planted = np.zeros((N_FRAMES, n)), np.zeros((N_FRAMES, n)), []
    for i in range(n):
        t, k = planted_times(g), g.integers(1, 5, N_EVENTS).astype(float)
        extra = np.zeros(N_EVENTS) if boost is None else boost[i]
        soma[t, i] = k
        dend[t, i] = 0.8 * k + extra
        planted.append((t, k, extra))
    return imaged(soma, g), imaged(dend, g), planted


def matched(table, planted):
    """Planted spikes, boost and recovered residual of every recovered event."""
    rows = []
    for i, (t, k, extra) in enumerate(planted):
        mine = table[table["neuron"] == i]
        which, distance = nearest_planted(mine["frame"].to_numpy(), t)
        ok = distance <= 2
        rows.append(np.column_stack([k[which[ok]], extra[which[ok]], mine["sd_residual"].to_numpy()[ok],
                                     mine["soma_magnitude"].to_numpy()[ok]]))
    return np.vstack(rows).T


def test_sd_residual_recovers_a_planted_dendritic_amplification_in_sign_and_rank():
    g = np.random.default_rng(2)
    n = 8
    chosen = g.random((n, N_EVENTS)) < 0.3
    boost = np.where(chosen, g.choice([0.5, 1.0, 1.5, 2.0], (n, N_EVENTS)), 0.0)
    soma, dend, planted = planted_pairs(g, n, boost)
    table, *_ = session_sd_events(soma, dend, FR)
    spikes, extra, z, _ = matched(table, planted)
    assert len(z) > 0.85 * n * N_EVENTS                               # nearly every planted pair is coincident
    assert z[extra > 0].mean() > 0.5 > 0 > z[extra == 0].mean()       # sign: amplified events lie above the line
    assert roc_auc_score(extra > 0, z) > 0.9
    assert spearmanr(extra[extra > 0], z[extra > 0]).statistic > 0.7  # rank: more amplification, larger residual


def test_without_planted_amplification_no_subset_of_events_stands_out():
    g = np.random.default_rng(3)
    n = 8
    soma, dend, planted = planted_pairs(g, n, None)
    table, *_ = session_sd_events(soma, dend, FR)
    assert abs(table["sd_residual"].mean()) < 1e-9                    # z-scored per neuron
    spikes, _, z, _ = matched(table, planted)
    # the subset that the previous test amplified, and every spike count, sit at zero on average
    marked = np.random.default_rng(4).random(len(z)) < 0.3
    assert abs(z[marked].mean()) < 0.15 and abs(roc_auc_score(marked, z) - 0.5) < 0.06
    for k in range(1, 5):
        assert abs(z[spikes == k].mean()) < 0.3


def test_residual_is_uncorrelated_with_somatic_magnitude_by_construction():
    g = np.random.default_rng(5)
    n = 5
    boost = np.where(g.random((n, N_EVENTS)) < 0.3, 1.0, 0.0)
    table, *_ = session_sd_events(*planted_pairs(g, n, boost)[:2], FR)
    for _, one in table.groupby("neuron"):
        assert abs(np.corrcoef(one["dendrite_magnitude"], one["soma_magnitude"])[0, 1]) > 0.5   # they covary...
        assert abs(np.corrcoef(one["sd_residual"], one["soma_magnitude"])[0, 1]) < 1e-8      # ...the residual not


def test_one_line_per_neuron_as_if_fitted_one_neuron_at_a_time():
    g = np.random.default_rng(6)
    group = g.integers(0, 6, 400)                                    # neurons 0-5; 6 has two events, 7 none
    x = g.gamma(2.0, 1.0, 400)
    y = 0.2 + g.uniform(0.3, 1.5, 6)[group] * x + 0.3 * g.standard_normal(400)
    fit = sd_residuals(np.r_[group, [6, 6]], np.r_[x, [1.0, 2.0]], np.r_[y, [1.0, 1.0]], 8, min_events=5)
    for k in range(6):
        one = group == k
        slope, intercept = np.polyfit(x[one], y[one], 1)
        residual = y[one] - (intercept + slope * x[one])
        assert np.isclose(fit.slope[k], slope) and np.isclose(fit.intercept[k], intercept)
        assert np.allclose(fit.sd_residual[:400][one], (residual - residual.mean()) / residual.std(ddof=1))
    assert np.isnan(fit.slope[6]) and np.isnan(fit.sd_residual[-2:]).all()         # 2 events: no line
    assert np.isnan(fit.slope[7]) and fit.n_events[7] == 0


def test_peak_search_over_joined_rows_equals_a_search_per_row():
    g = np.random.default_rng(7)
    rate = np.maximum(0, g.standard_normal((5, 300)).cumsum(axis=1) * 0.1)
    rate[:, 0], rate[:, -1] = 3.0, 2.0                               # peaks at the very edges of rows
    events = detect_events(rate, FR)
    for i, row in enumerate(rate):
        padded = np.r_[0.0, 0.0, row, 0.0, 0.0]
        peaks, props = find_peaks(padded, height=np.finfo(float).tiny)
        mine = events.trace == i
        assert np.array_equal(events.frame[mine], peaks - 2)
        assert np.allclose(events.height[mine], props["peak_heights"])
        assert np.allclose(events.width_s[mine], peak_widths(padded, peaks, rel_height=0.5)[0] / FR)


def naive_pairs(soma: Events, dend: Events, window: int) -> set[tuple[int, int]]:
    """Mutual nearest neighbours within `window`, one event at a time."""
    pairs = set()
    for a in range(len(soma.frame)):
        same = np.flatnonzero(dend.trace == soma.trace[a])
        if not len(same):
            continue
        b = same[np.argmin(np.abs(dend.frame[same] - soma.frame[a]))]
        back = np.flatnonzero(soma.trace == dend.trace[b])
        if back[np.argmin(np.abs(soma.frame[back] - dend.frame[b]))] == a and abs(dend.frame[b] - soma.frame[a]) \
                <= window:
            pairs.add((a, int(b)))
    return pairs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_coincidence_matching_never_crosses_neurons_and_equals_a_naive_search(seed):
    g = np.random.default_rng(seed)

    def events(k):
        trace = np.sort(g.integers(0, 4, k))
        frame = np.concatenate([np.sort(g.choice(500, (trace == i).sum(), replace=False)) for i in range(4)])
        return Events(trace, frame, np.ones(k), np.ones(k))

    soma, dend = events(60), events(50)
    si, di = coincident_pairs(soma, dend, 8, 500)
    assert set(zip(si.tolist(), di.tolist(), strict=True)) == naive_pairs(soma, dend, 8)
    assert np.all(soma.trace[si] == dend.trace[di]) and np.all(np.abs(soma.frame[si] - dend.frame[di]) <= 8)
    assert len(set(si.tolist())) == len(si) and len(set(di.tolist())) == len(di)   # one-to-one


def _fits(kind: str, seed: int, groups: int = 40, per_group: int = 60) -> dict:
    g = np.random.default_rng(seed)
    group = np.repeat(np.arange(groups), per_group)
    x = g.gamma(3.0, 1.0, len(group))
    truth = {"linear": 0.5 + 1.2 * x, "exponential": 0.5 * np.exp(0.5 * x), "logarithmic": 2.0 + 1.5 * np.log(x)}
    y = truth[kind] + g.normal(0, 0.3, len(group))
    return fit_model_aic(group, x, y, groups)


@pytest.mark.parametrize("kind", ["linear", "exponential", "logarithmic"])
def test_the_generating_model_has_the_lowest_aic(kind):
    aic = _fits(kind, seed=0)
    best = np.array(list(aic))[np.argmin(np.vstack(list(aic.values())), axis=0)]
    assert (best == kind).mean() > 0.9


def test_the_exponential_fit_matches_a_general_optimiser():
    from scipy.optimize import curve_fit
    g = np.random.default_rng(1)
    x = g.gamma(3.0, 1.0, 80)
    y = 0.5 * np.exp(0.4 * x) + g.normal(0, 0.3, 80)
    params, _ = curve_fit(lambda v, a, b: a * np.exp(b * v), x, y, p0=(1.0, 0.1))
    rss = np.sum((y - params[0] * np.exp(params[1] * x)) ** 2)
    aic = fit_model_aic(np.zeros(80, int), x, y, 1)["exponential"][0]
    assert abs(aic - (80 * np.log(rss / 80) + 6)) < 1e-3


def role_epoch_events(g: np.random.Generator, power: float, amplification: float = 0.0, per_cell: int = 4000):
    """Event magnitudes of 4 P+ and 4 P- neurons in error-decrease and -increase epochs: somatic events are larger
    for P+ in decrease epochs and for P- in increase epochs (as the task makes them); dendritic size = soma^power,
    times exp(+-amplification) for the planted role-signed signal. Returns group, soma, dendrite, role sign, epoch."""
    group, soma, sign, epoch = [], [], [], []
    for neuron in range(8):
        role = 1 if neuron < 4 else -1
        for name, shift in (("decrease", 0.3), ("increase", -0.3)):
            group.append(np.full(per_cell, neuron))
            soma.append(np.exp(g.normal(role * shift, 0.6, per_cell)))
            sign.append(np.full(per_cell, role))
            epoch.append(np.full(per_cell, name))
    group, soma, sign, epoch = map(np.concatenate, (group, soma, sign, epoch))
    planted = amplification * sign * np.where(epoch == "decrease", 0.5, -0.5)
    dendrite = soma**power * np.exp(planted + g.normal(0, 0.2, len(soma)))
    return group, soma, dendrite, sign, epoch


def separability(z: np.ndarray, sign: np.ndarray, epoch: np.ndarray) -> float:
    """(P+ minus P-) of the mean residual in decrease minus increase epochs."""
    def role(s):
        return z[(sign == s) & (epoch == "decrease")].mean() - z[(sign == s) & (epoch == "increase")].mean()
    return role(1) - role(-1)


@pytest.mark.parametrize("power", [0.7, 1.5])
def test_a_curved_relation_leaks_a_role_signed_residual_through_the_line_and_not_the_curved_fit(power):
    """No dendritic signal is planted, but somatic event size differs by role across epochs: the line's residual
    inherits the curvature as a role-signed separability, the curved control's does not."""
    group, soma, dendrite, sign, epoch = role_epoch_events(np.random.default_rng(3), power)
    line = separability(sd_residuals(group, soma, dendrite, 8).sd_residual, sign, epoch)
    curved = separability(curved_sd_residuals(group, soma, dendrite, 8), sign, epoch)
    assert abs(line) > 0.2                      # s.e. of a separability here: 0.03
    assert abs(curved) < 0.06


def test_the_curved_fit_recovers_a_planted_role_signed_amplification():
    group, soma, dendrite, sign, epoch = role_epoch_events(np.random.default_rng(4), 1.5, amplification=0.2)
    null = role_epoch_events(np.random.default_rng(4), 1.5)
    planted = separability(curved_sd_residuals(group, soma, dendrite, 8), sign, epoch)
    none = separability(curved_sd_residuals(*null[:3], 8), *null[3:])
    assert planted > 1.0 and abs(none) < 0.06     # 0.2 in log units: one s.d. of the 0.2 log-noise


def test_the_curved_fit_needs_enough_events_per_neuron():
    group, soma, dendrite, *_ = role_epoch_events(np.random.default_rng(5), 1.0, per_cell=3)
    z = curved_sd_residuals(group, soma, dendrite, 9, min_events=7)      # group 8 has no events
    assert np.isnan(z).all()                                             # 6 events per neuron < 7
    assert np.isfinite(curved_sd_residuals(group, soma, dendrite, 9, min_events=5)).all()
