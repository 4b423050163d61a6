"""Small PyTorch modules shared by every model class, so classes differ in objective, not in capacity.

Encoder: three stride-2 convolutions and a linear map to a `latent_dim` vector. Dynamics: a GRU over latents
with a linear head (the paper's pf models use CTRNN/LSTM cores; a GRU is PyTorch's well-kept equivalent at this
scale). Decoder: the encoder mirrored with transposed convolutions.
"""

from __future__ import annotations

import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, pixels: int, latent_dim: int):
        super().__init__()
        side = pixels // 8
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(32, 32, 4, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(32 * side * side, latent_dim))

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """(..., P, P) frames in [0, 1] -> (..., latent_dim)."""
        lead = frames.shape[:-2]
        return self.net(frames.reshape(-1, 1, *frames.shape[-2:])).reshape(*lead, -1)


class Decoder(nn.Module):
    def __init__(self, pixels: int, latent_dim: int):
        super().__init__()
        self.side = pixels // 8
        self.fc = nn.Linear(latent_dim, 32 * self.side * self.side)
        self.net = nn.Sequential(
            nn.ReLU(), nn.ConvTranspose2d(32, 32, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(32, 16, 4, 2, 1),
            nn.ReLU(), nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Sigmoid())

    def forward(self, latents: torch.Tensor) -> torch.Tensor:
        """(..., latent_dim) -> (..., P, P) frames in [0, 1]."""
        lead = latents.shape[:-1]
        out = self.net(self.fc(latents).reshape(-1, 32, self.side, self.side))
        return out.reshape(*lead, *out.shape[-2:])


class Dynamics(nn.Module):
    """GRU core; `head` maps each state to the next latent (future predictors) or the current one (end-to-end).

    `standardise` maps a frozen encoder's latents to zero mean and unit variance per dimension (statistics of the
    pretraining corpus, kept as buffers), so latent predictors work at the same scale whatever their encoder.
    """

    def __init__(self, latent_dim: int, hidden: int):
        super().__init__()
        self.gru = nn.GRU(latent_dim, hidden, batch_first=True)
        self.head = nn.Linear(hidden, latent_dim)
        self.register_buffer("latent_mean", torch.zeros(latent_dim))
        self.register_buffer("latent_scale", torch.ones(latent_dim))

    def fit_standardisation(self, latents: torch.Tensor) -> torch.Tensor:
        """Set the buffers from latents (..., latent_dim) and return them standardised."""
        flat = latents.reshape(-1, latents.shape[-1])
        self.latent_mean.copy_(flat.mean(0))
        self.latent_scale.copy_(flat.std(0).clamp_min(1e-6))
        return self.standardise(latents)

    def standardise(self, latents: torch.Tensor) -> torch.Tensor:
        return (latents - self.latent_mean) / self.latent_scale

    def forward(self, latents: torch.Tensor, state: torch.Tensor | None = None):
        """(B, T, latent) -> (states (B, T, hidden), head outputs (B, T, latent), last state)."""
        states, last = self.gru(latents, state)
        return states, self.head(states), last
