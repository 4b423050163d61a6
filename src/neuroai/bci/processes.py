"""First-order recursive filters along time, vectorised over channels, with state carried between segments.

scipy.signal.lfilter does the recursion in C; these wrappers only fix the AR(1) form and the carried state.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter


def ar1(drive: np.ndarray, decay: float, last: np.ndarray) -> np.ndarray:
    """y[t] = decay * y[t-1] + drive[t] along axis 0, with y[-1] = `last` (one value per column)."""
    y, _ = lfilter([1.0], [1.0, -decay], drive, axis=0, zi=(decay * np.asarray(last, dtype=float))[None, ...])
    return y


def ou(noise: np.ndarray, dt: float, tau: float, last: np.ndarray) -> np.ndarray:
    """Unit-variance Ornstein-Uhlenbeck samples (time x channels) from standard-normal `noise`."""
    decay = float(np.exp(-dt / tau))
    return ar1(np.sqrt(1.0 - decay**2) * noise, decay, last)


def leaky_trace(x: np.ndarray, dt: float, tau: float) -> np.ndarray:
    """Low-pass (eligibility) trace of `x` along axis 0 with time constant `tau`, starting from zero."""
    decay = float(np.exp(-dt / tau))
    return ar1((1.0 - decay) * x, decay, np.zeros(x.shape[1:]))


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x), overflow-safe."""
    return np.logaddexp(0.0, x)
