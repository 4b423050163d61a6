"""Recurrent path integrator: velocities in, a normalised non-negative population code out (no position readout).

Architecture after Schaeffer et al. (NeurIPS 2023, Fig. 3c): g_t = f(W g_{t-1} + U v_t + b), starting from a learned
state g_0 that stands for the start of every walk. With the capacity constraint on, f is Norm-ReLU
(ReLU followed by division by the L2 norm, so every code lies on the unit sphere); the ablation without it uses a
plain ReLU.
"""

from __future__ import annotations

import torch
from torch import nn


def norm_relu(h: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """ReLU, then scale each population vector to unit L2 norm."""
    r = torch.relu(h)
    return r / (r.norm(dim=-1, keepdim=True) + eps)


class PathIntegrator(nn.Module):
    """Vanilla RNN over 2-D velocities with Norm-ReLU (or ReLU) units."""

    def __init__(self, n_units: int, normalise: bool, generator: torch.Generator) -> None:
        super().__init__()
        self.normalise = normalise
        self.recurrent = nn.Linear(n_units, n_units)
        self.input = nn.Linear(2, n_units, bias=False)
        self.start = nn.Parameter(torch.empty(n_units))
        with torch.no_grad():
            nn.init.orthogonal_(self.recurrent.weight, generator=generator)
            self.recurrent.bias.zero_()
            nn.init.normal_(self.input.weight, std=1.0, generator=generator)
            nn.init.uniform_(self.start, 0.0, 1.0, generator=generator)

    def nonlinearity(self, h: torch.Tensor) -> torch.Tensor:
        return norm_relu(h) if self.normalise else torch.relu(h)

    def forward(self, velocities: torch.Tensor) -> torch.Tensor:
        """Codes (batch, time, units) after each velocity step of `velocities` (batch, time, 2).

        The recurrence is inherently sequential in time; everything within a step is vectorised over the batch.
        """
        drive = self.input(velocities)  # (batch, time, units), all steps at once
        g = self.nonlinearity(self.start).expand(velocities.shape[0], -1)
        codes = []
        for t in range(velocities.shape[1]):
            g = self.nonlinearity(self.recurrent(g) + drive[:, t])
            codes.append(g)
        return torch.stack(codes, dim=1)
