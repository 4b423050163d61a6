"""GCaMP forward model: spike counts per frame -> calcium -> fluorescence as a two-photon microscope records it.

Calcium follows the standard AR(1) model of indicator kinetics (rise within one ~65 ms frame, exponential decay),
fluorescence is F0 * bleaching(t) * (1 + amplitude * calcium) plus Gaussian shot noise proportional to F0.
"""

from __future__ import annotations

import numpy as np

from neuroai.bci.processes import ar1


def calcium(spikes: np.ndarray, dt: float, decay_s: float, last: np.ndarray) -> np.ndarray:
    """Calcium (time x rois) from spike counts, continuing from the previous frame's calcium `last`."""
    return ar1(spikes, float(np.exp(-dt / decay_s)), last)


def fluorescence(ca: np.ndarray, f0: np.ndarray, frame_times_s: np.ndarray, amplitude: float, noise_sd: float,
                 bleaching_tau_s: float, noise: np.ndarray) -> np.ndarray:
    """Raw fluorescence (time x rois) from calcium, per-ROI resting F0, and standard-normal `noise`."""
    bleach = np.exp(-frame_times_s / bleaching_tau_s)[:, None]
    return f0 * (bleach * (1.0 + amplitude * ca) + noise_sd * noise)
