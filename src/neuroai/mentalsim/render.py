"""Low-resolution grayscale video of ball positions (frame units -> pixels), occluder drawn over the ball."""

from __future__ import annotations

import numpy as np


def pixel_centres(pixels: int, frame_units: float) -> np.ndarray:
    """Centre of each pixel row/column in frame units (row index grows with y: plot with origin='lower')."""
    return (np.arange(pixels) + 0.5) * frame_units / pixels


def render_balls(x: np.ndarray, y: np.ndarray, radius: np.ndarray | float, pixels: int,
                 frame_units: float) -> np.ndarray:
    """Frames (..., pixels, pixels) in [0, 1] with a Gaussian blob (s.d. = radius) per ball.

    `x`, `y` have shape (..., n_balls); overlapping balls take the brighter value. The blob is separable, so
    a frame is an outer product of two 1-D profiles: no loop over pixels, frames or balls.
    """
    centres = pixel_centres(pixels, frame_units)
    radius = np.broadcast_to(np.asarray(radius, dtype=np.float64), np.shape(x))
    gx = np.exp(-0.5 * ((centres - x[..., None]) / radius[..., None]) ** 2)  # (..., balls, px)
    gy = np.exp(-0.5 * ((centres - y[..., None]) / radius[..., None]) ** 2)
    return np.einsum("...by,...bx->...byx", gy, gx).max(axis=-3)


def occluder_mask(pixels: int, frame_units: float, occluder_start: float) -> np.ndarray:
    """Boolean (pixels, pixels) mask of the columns whose centre lies behind the occluder."""
    columns = pixel_centres(pixels, frame_units) >= occluder_start
    return np.broadcast_to(columns[None, :], (pixels, pixels))


def to_uint8(frames: np.ndarray) -> np.ndarray:
    return np.round(np.clip(frames, 0.0, 1.0) * 255).astype(np.uint8)


def render_pong(x: np.ndarray, y: np.ndarray, task, occluded: bool) -> np.ndarray:
    """uint8 frames (n, pixels, pixels) of single-ball positions; with `occluded`, the grey occluder hides the ball."""
    frames = render_balls(x[:, None], y[:, None], task["ball_radius"], task["pixels"], task["frame_units"])
    if occluded:
        mask = occluder_mask(task["pixels"], task["frame_units"], task["occluder_start"])
        frames = np.where(mask, task["occluder_intensity"], frames)
    return to_uint8(frames)
