"""The self-supervised losses of Schaeffer et al. (NeurIPS 2023), on all pairs of (walk, time) points in a batch.

Spatial distances come from the network's own inputs: the displacement of each point from the walks' common start
is the cumulative sum of the velocities it was fed, so no position label is ever used.

- Separation: codes of positions farther apart than sigma_x should be far apart in code space,
  L_sep = mean over pairs with |x_i - x_j| > sigma_x of exp(-|g_i - g_j|^2 / (2 sigma_g^2)).
- Path invariance: codes of the same position reached along different paths (the batch holds permutations of each
  walk's steps, so they share start and end and cross often) should match,
  L_inv = mean over pairs i != j with |x_i - x_j| < sigma_inv of |g_i - g_j|^2.
- Conformal isometry: the code should move by the same amount per metre everywhere,
  L_conf = Var(r) / mean(r)^2 with r_t = |g_t - g_{t-1}| / |v_t|. The paper's term is Var(r); dividing by mean(r)^2
  makes it scale-free, because Var(r) alone is minimised by a code that does not move at all.
- Capacity: L_cap = -|mean over points of g|^2. With every code on the unit sphere (Norm-ReLU, `model.py`) the mean
  code is long only when many units are active at every position, so the term favours dense codes (grids, several
  modules) over sparse ones (place codes), which spend most units on zero at any one position.

Means rather than the paper's sums keep the weights' meaning independent of batch size. The pairwise terms cost
(points^2 x units); `sampled_pair_losses` cuts that for long sequences and large batches (see there).
"""

from __future__ import annotations

import torch


def pairwise_distances(positions: torch.Tensor, codes: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Spatial distances and squared code distances between all points; inputs (points, 2) and (points, units)."""
    dx = torch.cdist(positions, positions)
    sq = (codes * codes).sum(dim=1)
    dg = (sq[:, None] + sq[None, :] - 2.0 * codes @ codes.T).clamp_min(0.0)
    return dx, dg


def separation_loss(dx: torch.Tensor, dg: torch.Tensor, sigma_x: float, sigma_g: float) -> torch.Tensor:
    """Mean code similarity exp(-|dg|/2 sigma_g^2) over pairs more than sigma_x apart in space."""
    far = (dx > sigma_x).to(dg.dtype)
    return (far * torch.exp(-dg / (2.0 * sigma_g**2))).sum() / far.sum().clamp_min(1.0)


def invariance_loss(dx: torch.Tensor, dg: torch.Tensor, sigma_inv: float) -> torch.Tensor:
    """Mean squared code distance over distinct points less than sigma_inv apart in space."""
    near = (dx < sigma_inv).to(dg.dtype)
    near = near - torch.diag_embed(torch.diagonal(near))  # a point paired with itself carries no information
    return (near * dg).sum() / near.sum().clamp_min(1.0)


def capacity_loss(codes: torch.Tensor) -> torch.Tensor:
    """Minus the squared length of the mean code over all points; codes (points, units)."""
    return -codes.mean(dim=0).pow(2).sum()


def conformal_loss(codes: torch.Tensor, start: torch.Tensor, velocities: torch.Tensor) -> torch.Tensor:
    """Squared coefficient of variation of |g_t - g_{t-1}| / |v_t| over all steps of codes (batch, time, units),
    with `start` (batch, units) the code before the first step; steps with |v_t| = 0 are left out."""
    previous = torch.cat([start[:, None], codes[:, :-1]], dim=1)
    speed = velocities.norm(dim=-1)
    moving = speed > 0
    ratio = (codes - previous).norm(dim=-1)[moving] / speed[moving]
    return ratio.var() / ratio.mean().pow(2).clamp_min(1e-12)


def sampled_pair_losses(positions: torch.Tensor, codes: torch.Tensor, sigma_x: float, sigma_g: float,
                        sigma_inv: float, n_far: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Separation and invariance without the full code-distance matrix: positions (points, 2), codes (points, units).

    Spatial distances of all pairs are cheap (2-D, no gradient), so the pairs are classified exactly. Invariance is
    the exact mean over every near pair. Separation is the mean kernel over `n_far` far pairs drawn uniformly with
    replacement from all far pairs: an unbiased estimate of `separation_loss`, whose code distances and gradients are
    then computed for n_far pairs instead of points^2.
    """
    with torch.no_grad():
        dx = torch.triu(torch.cdist(positions, positions), diagonal=1)
        upper = torch.triu(torch.ones_like(dx, dtype=torch.bool), diagonal=1)
        far_i, far_j = torch.nonzero((dx > sigma_x) & upper, as_tuple=True)
        near_i, near_j = torch.nonzero((dx < sigma_inv) & upper, as_tuple=True)
        pick = torch.randint(len(far_i), (n_far,), generator=generator) if len(far_i) else far_i
    far_sq = (codes[far_i[pick]] - codes[far_j[pick]]).pow(2).sum(dim=1)
    near_sq = (codes[near_i] - codes[near_j]).pow(2).sum(dim=1)
    zero = codes.sum() * 0.0  # no pairs of a kind: a zero loss that keeps the graph
    return (torch.exp(-far_sq / (2.0 * sigma_g**2)).mean() if len(pick) else zero,
            near_sq.mean() if len(near_i) else zero)
