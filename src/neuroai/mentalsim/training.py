"""Deterministic CPU training of encoders and model classes on the unoccluded pretraining corpus only.

Model classes (Nayebi et al. 2023, scaled down; all share the same modules, optimiser, batch size and steps):

* `pixel_future`: encoder + GRU + decoder trained end to end to predict the next frame's pixels (FitVid/SVG-like).
* `latent_future`: a frozen, self-supervised pretrained encoder; the GRU predicts the next latent (pf models).
* `end_to_end`: encoder + GRU + decoder trained end to end to reconstruct the current frame: no future objective.
* `no_dynamics`: the frozen encoder alone; its last visible latent is carried through occlusion ("ID" control).

Encoder objectives: `time_contrastive` (InfoNCE with temporally close frames as positives, R3M-style: dynamic
pretraining) and `autoencoder` (single-frame reconstruction: static pretraining).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.nn import functional as F

from neuroai.common.torch_state import deterministic_torch
from neuroai.mentalsim.networks import Decoder, Dynamics, Encoder

log = logging.getLogger(__name__)


def as_frames(clips: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(clips, dtype=torch.float32) / 255.0


def fit(loss_fn, parameters, clips: torch.Tensor, training: Mapping[str, Any], generator: torch.Generator,
        stage: str) -> pd.DataFrame:
    """Adam on `loss_fn(batch)` for training['steps'] batches of random clips; returns the loss curve."""
    optimiser = torch.optim.Adam(parameters, lr=training["learning_rate"])
    rows = []
    for step in range(training["steps"]):
        batch = clips[torch.randint(len(clips), (training["batch_clips"],), generator=generator)]
        loss = loss_fn(batch, generator)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        rows.append((stage, step, loss.item()))
        if step % max(1, training["steps"] // 10) == 0:
            log.info("%s step %d loss %.5f", stage, step, rows[-1][2])
    return pd.DataFrame(rows, columns=["stage", "step", "loss"])


def info_nce(encoder: Encoder, batch: torch.Tensor, generator: torch.Generator, temperature: float,
             max_offset: int, min_negative_offset: int) -> torch.Tensor:
    """Time-contrastive loss: frame t of each clip must pick frame t+k of the same clip among the batch's positives
    and one frame per clip at least `min_negative_offset` steps from each anchor. The same-clip distant negatives
    stop clip identity (ball size, count, backdrop) from solving the loss without encoding motion."""
    n, steps = batch.shape[:2]
    t = torch.randint(steps - max_offset, (n,), generator=generator)
    k = torch.randint(1, max_offset + 1, (n,), generator=generator)
    distant = (torch.arange(steps)[None, :] - t[:, None]).abs() >= min_negative_offset
    t_neg = torch.multinomial(distant.float(), 1, generator=generator)[:, 0]
    rows = torch.arange(n)
    anchor = F.normalize(encoder(batch[rows, t]), dim=-1)
    keys = F.normalize(encoder(torch.cat([batch[rows, t + k], batch[rows, t_neg]])), dim=-1)
    return F.cross_entropy(anchor @ keys.T / temperature, rows)


def pretrain_encoder(clips: np.ndarray, spec: Mapping[str, Any], arch: Mapping[str, Any],
                     training: Mapping[str, Any], pixels: int, seed: int) -> tuple[Encoder, pd.DataFrame]:
    """Self-supervised encoder (objective spec['objective']) trained on the pretraining clips."""
    generator = deterministic_torch(training["threads"], seed)
    frames = as_frames(clips)
    encoder = Encoder(pixels, arch["latent_dim"])
    if spec["objective"] == "time_contrastive":
        params = list(encoder.parameters())

        def loss_fn(batch, gen):
            return info_nce(encoder, batch, gen, spec["temperature"], spec["max_offset"], spec["min_negative_offset"])
    else:  # autoencoder: reconstruct each frame through the latent
        decoder = Decoder(pixels, arch["latent_dim"])
        params = list(encoder.parameters()) + list(decoder.parameters())

        def loss_fn(batch, gen):
            return F.mse_loss(decoder(encoder(batch)), batch)
    curve = fit(loss_fn, params, frames, training, generator, f"encoder:{spec['objective']}")
    encoder.eval()
    return encoder, curve


class PixelModel(nn.Module):
    """Encoder + dynamics + decoder; `future` selects next-frame prediction or current-frame reconstruction."""

    def __init__(self, pixels: int, arch: Mapping[str, Any], future: bool):
        super().__init__()
        self.encoder = Encoder(pixels, arch["latent_dim"])
        self.dynamics = Dynamics(arch["latent_dim"], arch["hidden"])
        self.decoder = Decoder(pixels, arch["latent_dim"])
        self.future = future

    def loss(self, batch: torch.Tensor) -> torch.Tensor:
        _, out, _ = self.dynamics(self.encoder(batch))
        frames = self.decoder(out)
        if self.future:
            return F.mse_loss(frames[:, :-1], batch[:, 1:])
        return F.mse_loss(frames, batch)


def train_pixel_model(clips: np.ndarray, arch: Mapping[str, Any], training: Mapping[str, Any], pixels: int,
                      future: bool, seed: int) -> tuple[PixelModel, pd.DataFrame]:
    generator = deterministic_torch(training["threads"], seed)
    model = PixelModel(pixels, arch, future)
    stage = "pixel_future" if future else "end_to_end"
    curve = fit(lambda b, g: model.loss(b), list(model.parameters()), as_frames(clips), training, generator, stage)
    model.eval()
    return model, curve


def train_latent_dynamics(clips: np.ndarray, encoder: Encoder, arch: Mapping[str, Any],
                          training: Mapping[str, Any], seed: int) -> tuple[Dynamics, pd.DataFrame]:
    """GRU trained to predict the frozen encoder's next latent, standardised with the corpus statistics (latents
    are computed once: the encoder never changes)."""
    generator = deterministic_torch(training["threads"], seed)
    dynamics = Dynamics(arch["latent_dim"], arch["hidden"])
    with torch.no_grad():
        latents = dynamics.fit_standardisation(encoder(as_frames(clips)))

    def loss_fn(batch, gen):
        _, predicted, _ = dynamics(batch)
        return F.mse_loss(predicted[:, :-1], batch[:, 1:])
    curve = fit(loss_fn, list(dynamics.parameters()), latents, training, generator, "latent_future")
    dynamics.eval()
    return dynamics, curve
