"""The BCI decoder of Francioni et al.: P+ minus P- activity -> grating angle, calibrated daily on a passive baseline.

Methods of the paper: control signal = mean dF/F0 of P+ minus mean of P-, averaged over the last 3 frames; threshold
set so that 50 % of 200 baseline windows of trial length would reach it; 0 deg = baseline minimum, 90 deg = threshold,
7 angles in 15 deg steps; on later days the threshold keeps day 1's z-score on the mirrored left half of the
baseline distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


@dataclass(frozen=True)
class Calibration:
    """Mapping of the smoothed control signal to the grating for one session."""

    floor: float       # control signal shown as 0 deg
    threshold: float   # control signal that reaches the 90 deg target
    z_score: float     # threshold's z-score on the mirrored baseline distribution


def control_signal(dff: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """Mean dF/F of P+ minus mean dF/F of P- per frame; `dff` is time x target neurons, roles +1 / -1."""
    return dff[:, roles > 0].mean(axis=1) - dff[:, roles < 0].mean(axis=1)


def smooth(signal: np.ndarray, frames: int, history: np.ndarray | None = None) -> np.ndarray:
    """Causal mean over the last `frames` frames, using `history` (earlier samples) to fill the first window."""
    past = np.asarray(history if history is not None else signal[:1].repeat(frames - 1))[-(frames - 1):]
    padded = np.concatenate([past, signal]) if frames > 1 else signal
    return sliding_window_view(padded, frames).mean(axis=1)


def mirrored_spread(signal: np.ndarray) -> tuple[float, float]:
    """Centre (median) and s.d. of the distribution made by mirroring its left half about the centre."""
    centre = float(np.median(signal))
    left = signal[signal <= centre]
    return centre, float(np.sqrt(np.mean((left - centre) ** 2)))


def calibrate(baseline: np.ndarray, window: int, n_windows: int, rng: np.random.Generator,
              day1_z: float | None = None) -> Calibration:
    """Calibrate on a smoothed baseline control signal.

    Day 1 (`day1_z` None): threshold = the value that half of `n_windows` random trial-length windows reach.
    Later days: the threshold with day 1's z-score on this baseline's mirrored distribution.
    """
    centre, spread = mirrored_spread(baseline)
    if day1_z is None:
        starts = rng.integers(0, len(baseline) - window + 1, size=n_windows)
        maxima = sliding_window_view(baseline, window)[starts].max(axis=1)
        threshold = float(np.quantile(maxima, 0.5))
        day1_z = (threshold - centre) / spread
    else:
        threshold = centre + day1_z * spread
    return Calibration(floor=float(baseline.min()), threshold=threshold, z_score=day1_z)


def grating_angle(smoothed: np.ndarray, cal: Calibration, steps: int) -> np.ndarray:
    """Displayed angle (deg): the control signal binned into `steps` equal steps from floor (0) to threshold (90)."""
    level = np.clip((smoothed - cal.floor) / (cal.threshold - cal.floor), 0.0, 1.0)
    return 90.0 / steps * np.floor(level * steps + 1e-9)
