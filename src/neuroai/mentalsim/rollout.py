"""Model states on the Mental-Pong condition set, following the paper's evaluation protocol.

Future predictors see the frames up to, but excluding, the first occluded frame, then roll out autonomously by
feeding back their own predictions (pixels or latents) until the paddle line. The end-to-end model has no
predictor, so it keeps receiving the actual (occluded) frames. The no-dynamics control carries the last visible
latent through occlusion. Every condition is stepped in one batch; the loop over time steps is the rollout itself.

Every class is read out from the same kind of space and size, as the paper's `dynamics` layer: the encoder latent
(`latent_dim`) the dynamics receives at each step, observed while the ball is visible and the model's own
simulated latent after (for pixel models, the latent of the frame they see or predicted).
"""

from __future__ import annotations

import numpy as np
import torch

from neuroai.mentalsim.networks import Dynamics, Encoder
from neuroai.mentalsim.training import PixelModel


def _visible(t: int, t_occ: torch.Tensor, ndim: int) -> torch.Tensor:
    return (t < t_occ).reshape(-1, *([1] * (ndim - 1)))


@torch.no_grad()
def pixel_states(model: PixelModel, frames: torch.Tensor, t_occ: torch.Tensor) -> torch.Tensor:
    """(C, T, latent) encoder latents of the frames the model sees; with model.future the occluded frames are
    replaced by the model's predictions."""
    states, state, predicted = [], None, frames[:, 0]
    for t in range(frames.shape[1]):
        seen = frames[:, t]
        if model.future:
            seen = torch.where(_visible(t, t_occ, seen.ndim), seen, predicted)
        z = model.encoder(seen)
        _, out, state = model.dynamics(z[:, None], state)
        predicted = model.decoder(out[:, 0])
        states.append(z)
    return torch.stack(states, 1)


@torch.no_grad()
def latent_states(encoder: Encoder, dynamics: Dynamics, frames: torch.Tensor, t_occ: torch.Tensor) -> torch.Tensor:
    """(C, T, latent) standardised latents of a latent future predictor: observed while visible, then its own
    rollout from the last visible latent."""
    observed = dynamics.standardise(encoder(frames))
    states, state, predicted = [], None, observed[:, 0]
    for t in range(frames.shape[1]):
        z = torch.where(_visible(t, t_occ, 2), observed[:, t], predicted)
        _, out, state = dynamics(z[:, None], state)
        predicted = out[:, 0]
        states.append(z)
    return torch.stack(states, 1)


@torch.no_grad()
def held_latent_states(encoder: Encoder, frames: torch.Tensor, t_occ: torch.Tensor) -> torch.Tensor:
    """(C, T, latent) encoder latents, the last visible one repeated through occlusion."""
    observed = encoder(frames)
    steps = torch.arange(frames.shape[1])[None, :]
    source = torch.minimum(steps, (t_occ - 1)[:, None])
    return torch.gather(observed, 1, source[..., None].expand(-1, -1, observed.shape[-1]))


def pad_videos(videos: np.ndarray, conditions) -> np.ndarray:
    """Videos stored flat (sum t_end, P, P) -> padded (C, max t_end, P, P); padding repeats the last frame."""
    t_end = conditions["t_end"].to_numpy()
    starts = np.concatenate([[0], np.cumsum(t_end)[:-1]])
    steps = np.arange(t_end.max())
    index = starts[:, None] + np.minimum(steps[None, :], t_end[:, None] - 1)
    return videos[index]
