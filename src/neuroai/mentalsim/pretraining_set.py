"""The self-supervised pretraining corpus: unoccluded dynamic scenes from a different bouncing world.

As in the paper's design, no model ever sees Mental-Pong while training: the corpus has walls on all four sides,
one or more balls of varied size, speed and direction, and no occluder. Half the clips (configurable) carry a
static grey backdrop bar drawn *behind* the balls, so a grey region is not novel at test time while nothing in
the corpus ever hides a ball.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from neuroai.mentalsim.pong import fold
from neuroai.mentalsim.render import pixel_centres, render_balls, to_uint8


def pretraining_clips(rng: np.random.Generator, corpus: Mapping[str, Any], task: Mapping[str, Any]) -> np.ndarray:
    """uint8 clips (n_clips, clip_steps, pixels, pixels)."""
    n, steps, balls = corpus["n_clips"], corpus["clip_steps"], corpus["max_balls"]
    size = task["frame_units"]
    radius = rng.uniform(*corpus["radius_range"], size=(n, balls))
    present = np.arange(balls)[None, :] < rng.integers(1, balls + 1, size=(n, 1))
    speed = rng.uniform(*corpus["speed_range"], size=(n, balls))
    heading = rng.uniform(-np.pi, np.pi, size=(n, balls))
    start = rng.uniform(radius[..., None], size - radius[..., None], size=(n, balls, 2))
    t = np.arange(steps)[None, :, None]  # (1, T, 1) against (n, 1, balls)
    x, _, _ = fold(start[:, None, :, 0] + (speed * np.cos(heading))[:, None] * t,
                   radius[:, None], size - radius[:, None])
    y, _, _ = fold(start[:, None, :, 1] + (speed * np.sin(heading))[:, None] * t,
                   radius[:, None], size - radius[:, None])
    far = 10 * size  # absent balls are drawn far outside the frame
    x, y = np.where(present[:, None], x, far), np.where(present[:, None], y, far)
    frames = render_balls(x, y, radius[:, None], task["pixels"], size)  # (n, T, px, px)
    centres = pixel_centres(task["pixels"], size)
    bar_start = rng.uniform(0.5 * size, size, size=n)
    has_bar = rng.random(n) < corpus["backdrop_probability"]
    bar = has_bar[:, None] & (centres[None, :] >= bar_start[:, None])  # (n, px) columns
    backdrop = np.where(bar[:, None, None, :], task["occluder_intensity"], 0.0)
    return to_uint8(np.maximum(frames, backdrop))
