"""The paper's somato-dendritic (SD) residual: how much bigger or smaller a dendritic event is than its soma's
event predicts (Francioni et al. 2026, Methods "SD residual"; ED Fig. 5).

Steps, all on dF/F0 of one session:
1. event inference per ROI: the paper runs CASCADE (model Global_EXC_15Hz_smoothing200ms, a trained deep network
   that outputs a spike rate smoothed by a 200 ms Gaussian). CASCADE needs TensorFlow and its pretrained weights,
   so OASIS (Friedrich et al. 2017, `oasis-deconv`) stands in: thresholded AR(1) deconvolution with the noise
   level, baseline and decay estimated from each trace, then the same 200 ms Gaussian smoothing that defines the
   CASCADE model's output, so the peaks below are taken from a comparable spike-rate trace;
2. events = peaks of that trace (scipy.signal.find_peaks, as MATLAB findpeaks); magnitude = height x width, the
   width at half prominence (findpeaks' default width reference); a magnitude is proportional to the event's
   spike count (~0.94 x the area under the smoothed peak; OASIS's spikes are in dF/F-jump units, not the calibrated
   spikes of CASCADE, which only rescales every magnitude of a trace and leaves the z-scored residual unchanged);
3. a somatic and a dendritic event are coincident when their peaks lie within 500 ms (mutual nearest neighbours);
4. per neuron, an ordinary least-squares line of dendritic on somatic magnitude over its coincident events;
5. SD residual = each event's deviation from that line, z-scored per neuron. No network regressor enters: the
   network is used only afterwards, to predict or decode the residual.
The project's other residual (neuroai.bci.residual, dendrite ~ soma + network PCs on every frame) is unchanged.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from oasis.functions import deconvolve
from scipy.ndimage import gaussian_filter1d
from scipy.signal import find_peaks, peak_widths, welch

Z10 = 1.2815515655446004            # standard-normal 90th percentile: the 10th percentile of noise lies Z10 s.d. low


@dataclass(frozen=True)
class Events:
    """Peaks of many traces at once, as flat arrays (one entry per event, sorted by trace, then frame)."""

    trace: np.ndarray       # row of the trace the event belongs to
    frame: np.ndarray       # frame of the peak
    height: np.ndarray      # peak of the inferred spike rate (spikes/s)
    width_s: np.ndarray     # width at half prominence (s)

    @property
    def magnitude(self) -> np.ndarray:
        """The paper's event size: height x width (proportional to the event's number of spikes)."""
        return self.height * self.width_s


def noise_sd(y: np.ndarray) -> np.ndarray:
    """Noise s.d. of each row from the high-frequency power spectrum (OASIS's GetSn, 'mean', all rows at once)."""
    freqs, power = welch(y, axis=-1, nperseg=min(256, y.shape[-1]))
    band = (freqs > 0.25) & (freqs < 0.5)
    return np.sqrt(power[:, band].mean(axis=1) / 2.0)


def ar1_decay(y: np.ndarray, sn: np.ndarray, frame_rate_hz: float, lags: int = 10,
              decay_bounds_s: tuple[float, float] = (0.05, 5.0)) -> np.ndarray:
    """AR(1) coefficient of each row from its autocovariance, noise variance removed at lag 0.

    The same least-squares estimate as OASIS's estimate_time_constant(p=1), for all rows at once, and clipped to
    `decay_bounds_s` deterministically (OASIS jitters out-of-range roots with numpy's global random state).
    """
    t = y.shape[1]
    centred = y - y.mean(axis=1, keepdims=True)
    xc = np.stack([np.einsum("nt,nt->n", centred[:, k:], centred[:, : t - k]) for k in range(lags + 2)],
                  axis=1) / t
    design = xc[:, : lags + 1].copy()
    design[:, 0] -= sn**2
    g = (design * xc[:, 1:]).sum(axis=1) / np.maximum((design**2).sum(axis=1), 1e-300)
    lo, hi = (np.exp(-1.0 / (b * frame_rate_hz)) for b in decay_bounds_s)
    return np.clip(np.nan_to_num(g, nan=lo), lo, hi)


def infer_spikes(dff: np.ndarray, frame_rate_hz: float, decay_s: float | None = None, s_min_sn: float = 1.5,
                 lam: float = 0.0) -> np.ndarray:
    """OASIS spike inference (rows x time, dF/F units per frame) on every row of `dff`.

    Noise s.d., baseline and (unless `decay_s` is given) the AR(1) decay are estimated for all rows at once; the
    baseline is the 10th percentile of the trace plus Z10 noise s.d. (dF/F0's F0 is itself a 10th percentile, so
    the noise floor sits that far above it). The deconvolution is thresholded OASIS: jumps smaller than
    `s_min_sn` noise s.d. are not spikes; `lam` adds an L1 penalty, in noise s.d. (0: thresholding alone). NaN frames
    (missing in a recording) are read as baseline and give none.
    """
    y = np.asarray(dff, dtype=float)
    missing = np.isnan(y)
    if missing.any():
        fill = np.nanmedian(np.where(missing.all(axis=1, keepdims=True), 0.0, y), axis=1, keepdims=True)
        y = np.where(missing, fill, y)
    sn = noise_sd(y)
    baseline = np.percentile(y, 10.0, axis=1) + Z10 * sn
    g = (ar1_decay(y, sn, frame_rate_hz) if decay_s is None
         else np.full(len(y), np.exp(-1.0 / (decay_s * frame_rate_hz))))
    tau = -1.0 / (frame_rate_hz * np.log(g))
    spikes = np.zeros_like(y)
    # OASIS runs one trace at a time: its pool-merging algorithm is a sequential pass along time (each pool can
    # absorb its predecessors), the library offers no batched call, and in C it takes ~2 ms per 20,000 frames, so
    # this loop over ROIs costs far less than the vectorised steps around it.
    for i in range(len(y)):
        if sn[i] > 0:
            spikes[i] = deconvolve(y[i] - baseline[i], tau_d=float(tau[i]), framerate=frame_rate_hz, sn=float(sn[i]),
                                   penalty=None, lam=lam * float(sn[i]), s_min=s_min_sn * float(sn[i])).s
    spikes[missing] = 0.0
    return spikes


def spike_rate(spikes: np.ndarray, frame_rate_hz: float, smoothing_s: float = 0.2) -> np.ndarray:
    """Spikes per frame -> a spike rate (per s) smoothed by a Gaussian of s.d. `smoothing_s` (CASCADE's output)."""
    rate = np.asarray(spikes, float) * frame_rate_hz
    if smoothing_s <= 0:
        return rate
    return gaussian_filter1d(rate, smoothing_s * frame_rate_hz, axis=1, mode="constant")


def detect_events(rate: np.ndarray, frame_rate_hz: float, min_height: float = 0.0) -> Events:
    """Peaks of every row of a non-negative `rate` with their height and width at half prominence.

    All rows are searched in one find_peaks call: each row is padded with zeros and the rows are joined, so a peak
    can never borrow a neighbouring row's samples (the rate is >= 0 and the zeros bound every peak's extent).
    """
    n, t = rate.shape
    pad = 2
    joined = np.zeros((n, t + 2 * pad))
    joined[:, pad : pad + t] = np.maximum(rate, 0.0)
    flat = joined.ravel()
    peaks, props = find_peaks(flat, height=max(min_height, np.finfo(float).tiny))
    widths = peak_widths(flat, peaks, rel_height=0.5)[0] if len(peaks) else np.zeros(0)
    row, col = np.divmod(peaks, t + 2 * pad)
    return Events(trace=row, frame=col - pad, height=props["peak_heights"], width_s=widths / frame_rate_hz)


def _nearest(keys: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Index into sorted, non-empty `targets` of the nearest value to each of `keys` (ties: the earlier)."""
    right = np.clip(np.searchsorted(targets, keys), 0, len(targets) - 1)
    left = np.clip(right - 1, 0, len(targets) - 1)
    return np.where(np.abs(targets[left] - keys) <= np.abs(targets[right] - keys), left, right)


def coincident_pairs(soma: Events, dendrite: Events, window_frames: int, n_frames: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Indices (into soma, into dendrite) of coincident events: same row, peaks at most `window_frames` apart,
    each the other's nearest. Every row is matched at once: row r's frames are shifted by r x a stride longer than
    a session plus the window, so sorting and nearest-neighbour search never cross rows."""
    stride = n_frames + 2 * window_frames + 1
    s_key = soma.trace.astype(np.int64) * stride + soma.frame
    d_key = dendrite.trace.astype(np.int64) * stride + dendrite.frame
    s_order, d_order = np.argsort(s_key, kind="stable"), np.argsort(d_key, kind="stable")
    s_sorted, d_sorted = s_key[s_order], d_key[d_order]
    if len(d_sorted) == 0 or len(s_sorted) == 0:
        return np.zeros(0, int), np.zeros(0, int)
    d_of_s = _nearest(s_sorted, d_sorted)            # positions in the sorted arrays
    s_of_d = _nearest(d_sorted, s_sorted)
    mutual = s_of_d[d_of_s] == np.arange(len(s_sorted))
    close = np.abs(d_sorted[d_of_s] - s_sorted) <= window_frames
    keep = np.flatnonzero(mutual & close)
    return s_order[keep], d_order[d_of_s[keep]]


@dataclass(frozen=True)
class SDFit:
    """Per-group line dendrite = intercept + slope x soma, and each event's residual from it."""

    slope: np.ndarray         # per group (NaN: too few events or no spread in somatic magnitude)
    intercept: np.ndarray
    n_events: np.ndarray
    residual: np.ndarray      # per event, in magnitude units
    sd_residual: np.ndarray   # per event, z-scored within its group (NaN where the group has no fit)


def sd_residuals(group: np.ndarray, soma_magnitude: np.ndarray, dendrite_magnitude: np.ndarray, n_groups: int,
                 min_events: int = 5) -> SDFit:
    """Per group (neuron), the OLS line of dendritic on somatic magnitude and each event's z-scored residual.

    All groups are fitted at once from their sums (np.bincount); groups with fewer than `min_events` events get NaN.
    """
    g = np.asarray(group, int)
    x, y = np.asarray(soma_magnitude, float), np.asarray(dendrite_magnitude, float)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(g, weights=values, minlength=n_groups)

    n = np.bincount(g, minlength=n_groups).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx, my = total(x) / n, total(y) / n
        sxx = total((x - mx[g]) ** 2)
        sxy = total((x - mx[g]) * (y - my[g]))
        slope = np.where((n >= min_events) & (sxx > 0), sxy / sxx, np.nan)
        intercept = my - slope * mx
        residual = y - (intercept[g] + slope[g] * x)
        r = np.nan_to_num(residual)
        mean_r = total(r) / n
        sd_r = np.sqrt(total((r - mean_r[g]) ** 2) / (n - 1))
        z = np.where(sd_r[g] > 0, (residual - mean_r[g]) / sd_r[g], np.nan)
    return SDFit(slope=slope, intercept=intercept, n_events=n.astype(int), residual=residual, sd_residual=z)


def curved_sd_residuals(group: np.ndarray, soma_magnitude: np.ndarray, dendrite_magnitude: np.ndarray,
                        n_groups: int, min_events: int = 5, degree: int = 3) -> np.ndarray:
    """Per group, a polynomial of `degree` in log magnitudes (log dendritic on log somatic, the abscissa standardised
    per group) and each event's z-scored residual; NaN for groups with fewer than max(min_events, degree + 3)
    events. Not the paper's method: a control for curvature of the dendrite-soma relation, which a line leaves in
    the residual, where it becomes role-signed whenever somatic event size differs by role (as it does across
    error epochs). All groups are solved at once from group sums of the design's outer products."""
    g = np.asarray(group, int)
    x, y = np.log(np.asarray(soma_magnitude, float)), np.log(np.asarray(dendrite_magnitude, float))
    n = np.bincount(g, minlength=n_groups).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(g, weights=x, minlength=n_groups) / n
        spread = np.sqrt(np.bincount(g, weights=(x - mean[g]) ** 2, minlength=n_groups) / n)
        u = (x - mean[g]) / np.where(spread > 0, spread, 1.0)[g]
    design = u[:, None] ** np.arange(degree + 1)[None, :]                          # events x terms
    terms = degree + 1
    products = [design[:, i] * design[:, j] for i in range(terms) for j in range(terms)]
    gram = np.stack(_group_sums(g, n_groups, *products), axis=1).reshape(n_groups, terms, terms)
    moment = np.stack(_group_sums(g, n_groups, *(design * y[:, None]).T), axis=1)
    coef = np.einsum("gij,gj->gi", np.linalg.pinv(gram), moment)
    residual = y - np.einsum("ei,ei->e", design, coef[g])
    mean_r = np.bincount(g, weights=residual, minlength=n_groups) / np.maximum(n, 1)
    sd_r = np.sqrt(np.bincount(g, weights=(residual - mean_r[g]) ** 2, minlength=n_groups) / np.maximum(n - 1, 1))
    fitted = (n >= max(min_events, degree + 3)) & (spread > 0) & (sd_r > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(fitted[g], (residual - mean_r[g]) / sd_r[g], np.nan)


def session_sd_events(soma_dff: np.ndarray, dendrite_dff: np.ndarray, frame_rate_hz: float,
                      coincidence_s: float = 0.5, decay_s: float | None = None, s_min_sn: float = 1.5,
                      smoothing_s: float = 0.2, min_events: int = 5
                      ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Coincident soma-dendrite events of one session's neurons (row i of both arrays = neuron i), the somas'
    inferred spike rates (neurons x frames, what the network decoder reads) and every trace's number of events,
    coincident or not (2 x neurons: somas, then dendrites).

    Columns: neuron (row index), frame (somatic peak), dendrite_lag_s (dendritic minus somatic peak), soma_magnitude,
    dendrite_magnitude, fit_slope, fit_intercept, residual, sd_residual, curved_sd_residual (`curved_sd_residuals`,
    NaN where a neuron has too few events for it); neurons with too few coincident events for a line are left out. Somatic and dendritic traces go through one OASIS and peak search together.
    """
    n, t = soma_dff.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN rows of a recording: no events, no warning spam
        rate = spike_rate(infer_spikes(np.vstack([soma_dff, dendrite_dff]), frame_rate_hz, decay_s, s_min_sn),
                          frame_rate_hz, smoothing_s)
    events = detect_events(rate, frame_rate_hz)
    is_soma = events.trace < n
    soma = Events(*(a[is_soma] for a in (events.trace, events.frame, events.height, events.width_s)))
    dend = Events(events.trace[~is_soma] - n, *(a[~is_soma] for a in (events.frame, events.height, events.width_s)))
    si, di = coincident_pairs(soma, dend, int(round(coincidence_s * frame_rate_hz)), t)
    neuron = soma.trace[si]
    fit = sd_residuals(neuron, soma.magnitude[si], dend.magnitude[di], n, min_events)
    table = pd.DataFrame({
        "neuron": neuron, "frame": soma.frame[si], "dendrite_lag_s": (dend.frame[di] - soma.frame[si]) / frame_rate_hz,
        "soma_magnitude": soma.magnitude[si], "dendrite_magnitude": dend.magnitude[di],
        "fit_slope": fit.slope[neuron], "fit_intercept": fit.intercept[neuron], "residual": fit.residual,
        "sd_residual": fit.sd_residual,
        "curved_sd_residual": curved_sd_residuals(neuron, soma.magnitude[si], dend.magnitude[di], n, min_events)})
    counts = np.bincount(events.trace, minlength=2 * n).reshape(2, n)
    return table[np.isfinite(table["sd_residual"].to_numpy())].reset_index(drop=True), rate[:n], counts


def _group_sums(group: np.ndarray, n_groups: int, *values: np.ndarray) -> list[np.ndarray]:
    return [np.bincount(group, weights=v, minlength=n_groups) for v in values]


def _line_rss(group: np.ndarray, x: np.ndarray, y: np.ndarray, n_groups: int) -> np.ndarray:
    """Residual sum of squares of each group's OLS line y = a + b x (closed form from group sums)."""
    n, sx, sy, sxx, sxy, syy = _group_sums(group, n_groups, np.ones_like(x), x, y, x * x, x * y, y * y)
    with np.errstate(invalid="ignore", divide="ignore"):
        vxx, vxy, vyy = sxx - sx**2 / n, sxy - sx * sy / n, syy - sy**2 / n
        return np.where(vxx > 0, vyy - vxy**2 / vxx, np.nan)


def _exponential_rss(group: np.ndarray, x: np.ndarray, y: np.ndarray, n_groups: int) -> np.ndarray:
    """Residual sum of squares of each group's least-squares y = a exp(b x).

    For fixed b the best a is closed-form, leaving RSS(b) = sum y^2 - (sum y e^{bx})^2 / sum e^{2bx}; b is found
    per group by a grid over +-8 (x scaled by its group mean) refined three times around each group's best. Done
    here because no library fits thousands of small nonlinear models at once; the grid makes it deterministic."""
    (syy,) = _group_sums(group, n_groups, y * y)
    def rss(b: np.ndarray) -> np.ndarray:            # b: per group
        e = np.exp(np.clip(b[group] * x, -700, 700))
        sye, see = _group_sums(group, n_groups, y * e, e * e)
        return syy - sye**2 / np.maximum(see, 1e-300)
    best, best_rss = np.zeros(n_groups), rss(np.zeros(n_groups))
    for step, half_width in ((0.1, 80), (0.01, 10), (0.001, 10), (0.0001, 10)):
        centre = best.copy()
        for k in range(-half_width, half_width + 1):
            candidate = centre + k * step
            value = rss(candidate)
            better = value < best_rss
            best, best_rss = np.where(better, candidate, best), np.where(better, value, best_rss)
    return best_rss


def fit_model_aic(group: np.ndarray, soma_magnitude: np.ndarray, dendrite_magnitude: np.ndarray,
                  n_groups: int) -> dict[str, np.ndarray]:
    """AIC of three two-parameter fits of dendritic on somatic event magnitude per group (ED Fig. 5): linear
    (a + b x), exponential (a e^{bx}) and logarithmic (a + b ln x), Gaussian errors: n ln(RSS / n) + 2 x 3 (two
    coefficients and the noise variance). Magnitudes must be > 0. NaN for groups with fewer than 3 events."""
    g = np.asarray(group, int)
    x, y = np.asarray(soma_magnitude, float), np.asarray(dendrite_magnitude, float)
    n = np.bincount(g, minlength=n_groups).astype(float)
    mean_x = np.bincount(g, weights=x, minlength=n_groups) / np.maximum(n, 1)
    rss = {"linear": _line_rss(g, x, y, n_groups),
           "exponential": _exponential_rss(g, x / np.maximum(mean_x[g], 1e-300), y, n_groups),
           "logarithmic": _line_rss(g, np.log(x), y, n_groups)}
    with np.errstate(invalid="ignore", divide="ignore"):
        return {model: np.where(n >= 3, n * np.log(np.maximum(r, 1e-300) / n) + 6.0, np.nan)
                for model, r in rss.items()}
