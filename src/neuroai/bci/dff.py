"""dF/F0 with F0 = a running low percentile of fluorescence (paper: 10th percentile of a 120 s window)."""

from __future__ import annotations

import numpy as np
from scipy.interpolate import interp1d
from scipy.ndimage import percentile_filter


def running_baseline(f: np.ndarray, frame_rate_hz: float, window_s: float, percentile: float) -> np.ndarray:
    """F0 (rois x time): the `percentile` of each ROI's fluorescence in a centred `window_s` window.

    Computed on ~1 s blocks and interpolated back to frames. scipy's percentile_filter at full frame resolution costs
    O(time x window) per ROI (minutes per session); on block percentiles it is block^2 times cheaper, the same
    decimation idea as suite2p's baseline, and the baseline varies far more slowly than a block.
    """
    n_rois, n_frames = f.shape
    block = max(1, int(round(frame_rate_hz)))
    n_blocks = -(-n_frames // block)
    padded = np.pad(f, ((0, 0), (0, n_blocks * block - n_frames)), mode="edge")
    block_q = np.percentile(padded.reshape(n_rois, n_blocks, block), percentile, axis=2)
    width = max(1, int(round(window_s * frame_rate_hz / block)))
    smooth = percentile_filter(block_q, percentile, size=(1, min(width, n_blocks)), mode="nearest")
    if n_blocks == 1:
        return np.repeat(smooth, n_frames, axis=1)
    centres = (np.arange(n_blocks) + 0.5) * block
    return interp1d(centres, smooth, axis=1, bounds_error=False, fill_value=(smooth[:, 0], smooth[:, -1]),
                    assume_sorted=True)(np.arange(n_frames))


def delta_f_over_f(f: np.ndarray, frame_rate_hz: float, window_s: float, percentile: float) -> np.ndarray:
    """(F - F0) / F0 per ROI (rois x time)."""
    f0 = running_baseline(f, frame_rate_hz, window_s, percentile)
    return (f - f0) / f0
