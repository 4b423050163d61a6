"""Task-trained recurrent networks as a second reference family (Rajalingham, Piccato & Jazayeri 2022 style).

The synthetic population is built from the ball's true state, so any system that encodes the ball scores well on
it. These references are not: a small GRU sees the occluded Mental-Pong videos (reduced to their leading principal
components) and is trained on its own sampled conditions, never the evaluation set, with one of two objectives:

* `simulate` ("vis-sim-mov"): report the ball's position at every step, visible or hidden, and the interception
  point from occluder onset on: a network that must simulate the hidden ball;
* `endpoint` ("mov"): report only the interception point from occluder onset on: nothing forces it to track the
  ball behind the occluder.

Its hidden states on the evaluation conditions become a population exactly as in model recovery (leading PCs,
sparse mixing into units, Poisson spikes, DMFC-like nuisance signals). Which model class best predicts the
simulating network's population, and whether that differs from the endpoint network's, is then a test whose
answer the reference does not contain by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from neuroai.common.torch_state import deterministic_torch
from neuroai.mentalsim.pong import trajectories
from neuroai.mentalsim.render import render_pong
from neuroai.mentalsim.rollout import pad_videos
from neuroai.mentalsim.training import fit

OBJECTIVES = ("simulate", "endpoint")


class TaskRNN(nn.Module):
    """GRU on frame principal components; a linear read-out of (ball x, ball y, interception y) / frame size."""

    def __init__(self, n_inputs: int, units: int):
        super().__init__()
        self.gru = nn.GRU(n_inputs, units, batch_first=True)
        self.readout = nn.Linear(units, 3)

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden, _ = self.gru(inputs)
        return hidden, self.readout(hidden)


def task_batch(conditions: pd.DataFrame, task: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Padded occluded videos (C, T, P*P) in [0, 1], targets (C, T, 3) in frame units / frame size, and masks
    (C, T) of real steps and of steps from occluder onset."""
    latents = trajectories(conditions, task)
    videos = pad_videos(render_pong(latents["x"].to_numpy(), latents["y"].to_numpy(), task, occluded=True),
                        conditions)
    n, steps = videos.shape[:2]
    t_end, t_occ = conditions["t_end"].to_numpy(), conditions["t_occ"].to_numpy()
    step = np.arange(steps)[None, :]
    xy = pad_videos(latents[["x", "y"]].to_numpy(), conditions)
    final = np.broadcast_to(conditions["final_y"].to_numpy()[:, None, None], (n, steps, 1))
    return {"frames": videos.reshape(n, steps, -1).astype(np.float32) / 255,
            "targets": (np.concatenate([xy, final], axis=-1) / task["frame_units"]).astype(np.float32),
            "real": step < t_end[:, None], "after_occlusion": (step >= t_occ[:, None]) & (step < t_end[:, None])}


def frame_components(frames: np.ndarray, real: np.ndarray, n_components: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean (P*P,), components (P*P, k)) of the training frames' real steps, for the input reduction."""
    flat = frames[real]
    mean = flat.mean(0)
    _, _, vt = np.linalg.svd(flat - mean, full_matrices=False)
    return mean, vt[:n_components].T


def objective_loss(outputs: torch.Tensor, targets: torch.Tensor, real: torch.Tensor, after: torch.Tensor,
                   objective: str) -> torch.Tensor:
    """Mean squared error of the supervised outputs: the interception point from occluder onset for both
    objectives, and the ball position at every real step for `simulate`."""
    endpoint = ((outputs[..., 2] - targets[..., 2]) ** 2 * after).sum() / after.sum()
    if objective == "endpoint":
        return endpoint
    if objective != "simulate":
        raise ValueError(f"unknown task-RNN objective {objective!r}; expected one of {OBJECTIVES}")
    position = (((outputs[..., :2] - targets[..., :2]) ** 2).sum(-1) * real).sum() / real.sum()
    return endpoint + position


def train_task_rnn(conditions: pd.DataFrame, task: Mapping[str, Any], spec: Mapping[str, Any], objective: str,
                   seed: int) -> tuple[TaskRNN, dict[str, np.ndarray], pd.DataFrame]:
    """Train one network on `conditions`; returns it, its input reduction (mean, components) and the loss curve.
    spec: units, input_components, steps, batch, learning_rate, threads."""
    generator = deterministic_torch(spec["threads"], seed)
    data = task_batch(conditions, task)
    mean, components = frame_components(data["frames"], data["real"], spec["input_components"])
    inputs = torch.as_tensor((data["frames"] - mean) @ components)
    targets = torch.as_tensor(data["targets"])
    real = torch.as_tensor(data["real"], dtype=torch.float32)
    after = torch.as_tensor(data["after_occlusion"], dtype=torch.float32)
    net = TaskRNN(inputs.shape[-1], spec["units"])

    def loss_fn(pick: torch.Tensor, _: torch.Generator) -> torch.Tensor:
        return objective_loss(net(inputs[pick])[1], targets[pick], real[pick], after[pick], objective)

    # `fit` draws batches from its first argument: here the condition indices.
    training = {"steps": spec["steps"], "batch_clips": spec["batch"], "learning_rate": spec["learning_rate"]}
    curve = fit(loss_fn, net.parameters(), torch.arange(len(inputs)), training, generator, f"task_rnn_{objective}")
    return net, {"mean": mean, "components": components}, curve


@torch.no_grad()
def task_rnn_states(net: TaskRNN, reduction: Mapping[str, np.ndarray], conditions: pd.DataFrame,
                    task: Mapping[str, Any]) -> torch.Tensor:
    """Hidden states (C, T, units) of a trained network on `conditions` (padded past each condition's end)."""
    frames = task_batch(conditions, task)["frames"]
    inputs = torch.as_tensor((frames - reduction["mean"]) @ reduction["components"])
    return net(inputs)[0]
