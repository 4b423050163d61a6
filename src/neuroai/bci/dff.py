"""dF/F0 with F0 = a running low percentile of fluorescence (paper: 10th percentile of a 120 s window)."""

from __future__ import annotations

import numpy as np
from scipy.interpolate import interp1d
from scipy.ndimage import percentile_filter


def _rowwise_percentile_filter(x: np.ndarray, percentile: float, width: int) -> np.ndarray:
    """percentile_filter(x, size=(1, width), mode="nearest"), exactly, through scipy's fast 1-D path.

    scipy filters 1-D input in O(n log width) but 2-D input in O(n width); every row is edge-padded to its own
    windows and the rows are filtered as one 1-D array, so no window ever reaches into a neighbouring row.
    """
    left = width // 2
    padded = np.pad(x, ((0, 0), (left, width - 1 - left)), mode="edge")
    flat = percentile_filter(padded.ravel(), percentile, size=width, mode="nearest")
    return flat.reshape(padded.shape)[:, left : left + x.shape[1]]


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
    width = min(max(1, int(round(window_s * frame_rate_hz / block))), n_blocks)
    smooth = _rowwise_percentile_filter(block_q, percentile, width)
    if n_blocks == 1:
        return np.repeat(smooth, n_frames, axis=1)
    centres = (np.arange(n_blocks) + 0.5) * block
    return interp1d(centres, smooth, axis=1, bounds_error=False, fill_value=(smooth[:, 0], smooth[:, -1]),
                    assume_sorted=True)(np.arange(n_frames))


def delta_f_over_f(f: np.ndarray, frame_rate_hz: float, window_s: float, percentile: float) -> np.ndarray:
    """(F - F0) / F0 per ROI (rois x time)."""
    f0 = running_baseline(f, frame_rate_hz, window_s, percentile)
    return (f - f0) / f0
