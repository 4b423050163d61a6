"""Recurrent path integrator: velocities in, a normalised non-negative population code out (no position readout).

Schaeffer et al. (NeurIPS 2023, Fig. 3c) feed 2-D velocities to an RNN with a Norm-ReLU non-linearity and start every
walk from one shared state g_0 (learned here). Two recurrences:

- `velocity_gated` (default): g_t = f(W(v_t) g_{t-1}) with W(v) = W_0 + v_x W_x + v_y W_y. The paper makes W(v) the
  output of an MLP; we keep its first-order (linear in v) form, which has 3 N^2 weights instead of an MLP emitting
  N^2 numbers per step. W_0 starts at the identity and W_x, W_y as Gaussian matrices scaled by `velocity_gain`, so the
  untrained code already moves with every step. In our CPU runs this form learned periodic maps within a few thousand
  steps where the MLP form and the additive RNN did not.
- `exponential`: g_t = f(exp(v_x A_x + v_y A_y) g_{t-1}), the issue-14 form of a path integrator: zero velocity
  leaves the code where it is (up to Norm-ReLU's 1e-6 epsilon), and because Norm-ReLU is invariant to positive scaling, splitting a step into
  sub-steps changes the code only where an intermediate state has negative components for the ReLU to clip.
  A_x, A_y start as Gaussian matrices scaled by `velocity_gain`, so that to first order the untrained network is the
  gated one with W_0 = I. One matrix exponential per distinct step: a batch of permutations of one walk holds only
  that walk's T steps.
- `additive`: the vanilla RNN g_t = f(W g_{t-1} + U v_t + b).

f is Norm-ReLU (ReLU, then division by the L2 norm, so every code lies on the unit sphere); the `relu_units` ablation
uses a plain ReLU.
"""

from __future__ import annotations

import math

import torch
from torch import nn

RECURRENCES = ("velocity_gated", "exponential", "additive")


def matrix_exp(x: torch.Tensor, order: int = 10) -> torch.Tensor:
    """exp of each matrix in x (..., n, n) by scaling and squaring around a Taylor series of `order` terms.

    Written here because the backward pass of torch.linalg.matrix_exp costs an exponential of a 2n x 2n block
    matrix per input (3.5x slower for the 20 32 x 32 steps of a default batch); this one differentiates through
    plain matrix products. The scaling brings every matrix to a row-sum norm <= 1, where 10 terms leave a relative
    error near float32 round-off (checked against torch.linalg.matrix_exp in the tests).
    """
    norm = float(x.detach().abs().sum(-1).max()) if x.numel() else 0.0
    squarings = max(0, math.ceil(math.log2(norm))) if norm > 0 else 0
    x = x / 2**squarings
    term, total = x, torch.eye(x.shape[-1], dtype=x.dtype, device=x.device).expand_as(x) + x
    for k in range(2, order + 1):  # a fixed, short series: no loop over data
        term = term @ x / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def norm_relu(h: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """ReLU, then scale each population vector to unit L2 norm."""
    r = torch.relu(h)
    return r / (r.norm(dim=-1, keepdim=True) + eps)


class PathIntegrator(nn.Module):
    """RNN over 2-D velocities with Norm-ReLU (or ReLU) units and an exponential, velocity-gated or additive
    recurrence."""

    def __init__(self, n_units: int, normalise: bool, generator: torch.Generator,
                 recurrence: str = "velocity_gated", velocity_gain: float = 1.0) -> None:
        super().__init__()
        if recurrence not in RECURRENCES:
            raise ValueError(f"model.recurrence must be one of {RECURRENCES}, got {recurrence!r}")
        self.normalise, self.recurrence = normalise, recurrence
        self.start = nn.Parameter(torch.empty(n_units))
        with torch.no_grad():
            nn.init.uniform_(self.start, 0.0, 1.0, generator=generator)
        if recurrence in ("velocity_gated", "exponential"):
            gates = torch.randn(2, n_units, n_units, generator=generator) * velocity_gain / n_units**0.5
            if recurrence == "velocity_gated":
                self.gates = nn.Parameter(torch.cat([torch.eye(n_units)[None], gates]))  # W_0, W_x, W_y
            else:
                self.generators = nn.Parameter(gates)  # A_x, A_y
        else:
            self.recurrent = nn.Linear(n_units, n_units)
            self.input = nn.Linear(2, n_units, bias=False)
            with torch.no_grad():
                nn.init.orthogonal_(self.recurrent.weight, generator=generator)
                self.recurrent.bias.zero_()
                nn.init.normal_(self.input.weight, std=velocity_gain, generator=generator)

    def nonlinearity(self, h: torch.Tensor) -> torch.Tensor:
        return norm_relu(h) if self.normalise else torch.relu(h)

    def initial_state(self, batch: int) -> torch.Tensor:
        return self.nonlinearity(self.start).expand(batch, -1)

    def forward(self, velocities: torch.Tensor) -> torch.Tensor:
        """Codes (batch, time, units) after each velocity step of `velocities` (batch, time, 2).

        The recurrence is inherently sequential in time; everything within a step is vectorised over the batch.
        """
        g = self.initial_state(velocities.shape[0])
        if self.recurrence == "exponential":
            steps, which = torch.unique(velocities.reshape(-1, 2), dim=0, return_inverse=True)
            transition = matrix_exp(torch.einsum("sk,kij->sij", steps, self.generators))
            which = which.reshape(velocities.shape[:2])
        elif self.recurrence == "velocity_gated":
            mix = torch.cat([torch.ones_like(velocities[..., :1]), velocities], dim=-1)  # weights of W_0, W_x, W_y
        else:
            drive = self.input(velocities)
        codes = []
        for t in range(velocities.shape[1]):
            if self.recurrence == "exponential":
                h = torch.einsum("bij,bj->bi", transition[which[:, t]], g)
            elif self.recurrence == "velocity_gated":
                per_gate = g[None] @ self.gates.transpose(1, 2)  # (3, batch, units): W_k g for each k
                h = torch.einsum("bk,kbi->bi", mix[:, t], per_gate)
            else:
                h = self.recurrent(g) + drive[:, t]
            g = self.nonlinearity(h)
            codes.append(g)
        return torch.stack(codes, dim=1)
