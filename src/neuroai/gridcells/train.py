"""Train one condition's path integrator with the self-supervised losses only (never position labels).

Batches follow Schaeffer et al. (NeurIPS 2023, Fig. 3d): a few base walks, each re-ordered by several random
permutations of its steps, so all versions of a walk share start and end points and cross each other often.
Training is deterministic on CPU: fixed thread count, deterministic algorithms, and a torch.Generator seeded from
the study's keyed SeedSequence.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.gridcells.losses import (capacity_loss, conformal_loss, invariance_loss, pairwise_distances,
                                      sampled_pair_losses, separation_loss)
from neuroai.gridcells.model import PathIntegrator

log = logging.getLogger(__name__)


def permuted_batch(sequences: torch.Tensor, n_walks: int, n_permutations: int,
                   generator: torch.Generator) -> torch.Tensor:
    """(n_walks * n_permutations, T, 2) velocities: random base walks, each in n_permutations step orders."""
    base = sequences[torch.randint(len(sequences), (n_walks,), generator=generator)]  # (W, T, 2)
    steps = sequences.shape[1]
    order = torch.argsort(torch.rand(n_walks, n_permutations, steps, generator=generator), dim=-1)
    permuted = torch.gather(base[:, None].expand(-1, n_permutations, -1, -1), 2,
                            order[..., None].expand(-1, -1, -1, 2))
    return permuted.reshape(n_walks * n_permutations, steps, 2)


def batch_losses(model: PathIntegrator, velocities: torch.Tensor, training: Mapping[str, Any],
                 generator: torch.Generator) -> dict[str, torch.Tensor]:
    """Separation, invariance, capacity and conformal losses of one batch (all computed whatever the condition,
    for the curves). With `separation_pairs` > 0 the separation term is estimated on that many far pairs."""
    codes = model(velocities)
    points = codes.reshape(-1, codes.shape[-1])
    positions = torch.cumsum(velocities, dim=1).reshape(-1, 2)  # displacement from the shared start: no labels
    if training["separation_pairs"]:
        separation, invariance = sampled_pair_losses(positions, points, training["sigma_x"], training["sigma_g"],
                                                     training["sigma_inv"], training["separation_pairs"], generator)
    else:
        dx, dg = pairwise_distances(positions, points)
        separation = separation_loss(dx, dg, training["sigma_x"], training["sigma_g"])
        invariance = invariance_loss(dx, dg, training["sigma_inv"])
    return {"separation": separation, "invariance": invariance,
            "capacity": capacity_loss(points),
            "conformal": conformal_loss(codes, model.initial_state(len(velocities)), velocities)}


def build_model(model: Mapping[str, Any], terms: Mapping[str, bool], generator: torch.Generator) -> PathIntegrator:
    """The network of the `model` config; with `norm_relu` off its units are plain ReLU instead of Norm-ReLU."""
    return PathIntegrator(model["n_units"], normalise=terms["norm_relu"], generator=generator,
                          recurrence=model["recurrence"], velocity_gain=model["velocity_gain"])


def train(sequences: np.ndarray, model_config: Mapping[str, Any], terms: Mapping[str, bool],
          training: Mapping[str, Any], seed: int) -> tuple[PathIntegrator, pd.DataFrame]:
    """Train a model on velocity sequences (n, T, 2) with the loss terms switched on in `terms`.

    Each switched-on term enters with its `lambda_*` weight; the ablations drop separation, invariance, capacity or
    the conformal term, or replace Norm-ReLU by ReLU. Returns the model and its training curve (one row per logged
    step).
    """
    if not any(terms[t] for t in ("separation", "invariance")):
        raise ValueError("a condition needs the separation or the invariance loss switched on")
    generator = torch.Generator().manual_seed(seed)
    model = build_model(model_config, terms, generator)
    optimiser = torch.optim.Adam(model.parameters(), lr=training["learning_rate"])
    data = torch.as_tensor(sequences, dtype=torch.float32)
    weights = {"separation": training["lambda_separation"] * terms["separation"],
               "invariance": training["lambda_invariance"] * terms["invariance"],
               "capacity": training["lambda_capacity"] * terms["capacity"],
               "conformal": training["lambda_conformal"] * terms["conformal"]}
    rows = []
    for step in range(training["steps"] + 1):
        batch = permuted_batch(data, training["walks_per_batch"], training["permutations"], generator)
        losses = batch_losses(model, batch, training, generator)
        total = sum(weights[k] * v for k, v in losses.items())
        if step % training["log_every"] == 0 or step == training["steps"]:
            rows.append({"step": step, **{k: v.item() for k, v in losses.items()}, "total": float(total.detach())})
            log.info("step %d: %s", step, rows[-1])
        if step < training["steps"]:
            optimiser.zero_grad()
            total.backward()
            optimiser.step()
    return model, pd.DataFrame(rows)


def encode(model: PathIntegrator, velocities: np.ndarray, chunk: int = 250) -> np.ndarray:
    """Codes (walks, T, units) of a trained model for velocity sequences (walks, T, 2), `chunk` walks at a time
    (the exponential recurrence holds one transition matrix per distinct step)."""
    v = torch.as_tensor(velocities, dtype=torch.float32)
    with torch.no_grad():
        return torch.cat([model(v[i:i + chunk]) for i in range(0, len(v), chunk)]).numpy()
