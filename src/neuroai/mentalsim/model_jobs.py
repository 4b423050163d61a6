"""Snakemake jobs that train models (PyTorch): encoder pretraining, model training and rollout on the conditions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.common.atomic import atomic_path
from neuroai.common.seeding import rng
from neuroai.common.tables import read_table, write_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.networks import Encoder
from neuroai.mentalsim.pipeline import STUDY
from neuroai.mentalsim.pong import condition_steps
from neuroai.mentalsim.rollout import held_latent_states, latent_states, pad_videos, pixel_states
from neuroai.mentalsim.training import (
    make_deterministic,
    pretrain_encoder,
    train_latent_dynamics,
    train_pixel_model,
)


def save_torch(path: str | Path, state: Mapping[str, Any]) -> None:
    with atomic_path(path) as tmp:
        torch.save(dict(state), tmp)


def torch_seed(seed: int, *keys: Any) -> int:
    return int(rng(seed, STUDY, *keys).integers(2**62))


def run_encoder(name: str, ms: Mapping[str, Any], seed: int, clips_path: str, out: Mapping[str, str]) -> None:
    spec = ms["encoders"][name]
    clips = np.load(clips_path)["clips"]
    encoder, curve = pretrain_encoder(clips, spec, ms["architecture"], ms["training"], ms["task"]["pixels"],
                                      torch_seed(seed, "encoder", name, spec, ms["architecture"], ms["training"]))
    save_torch(out["weights"], encoder.state_dict())
    write_table(curve, out["curve"], schemas.TRAINING_CURVE)


def _states_table(name: str, states: torch.Tensor, conditions: pd.DataFrame) -> pd.DataFrame:
    """Flatten padded (C, T, dim) states to one row per real (condition, step)."""
    t_end = conditions["t_end"].to_numpy()
    c_idx, steps = condition_steps(t_end)
    values = states.numpy().astype(np.float32)[c_idx, steps]
    return pd.DataFrame({"system": name, "condition": conditions["condition"].to_numpy()[c_idx].astype(np.int32),
                         "step": steps.astype(np.int32), "state": list(values)})


def run_model(name: str, ms: Mapping[str, Any], seed: int, inp: Mapping[str, str], out: Mapping[str, str]) -> None:
    """Train one model class on the pretraining corpus, then record its states on the condition set."""
    spec, arch, training, pixels = ms["models"][name], ms["architecture"], ms["training"], ms["task"]["pixels"]
    conditions = read_table(inp["conditions"], schemas.CONDITIONS)
    frames = torch.as_tensor(pad_videos(np.load(inp["videos"])["occluded"], conditions), dtype=torch.float32) / 255
    t_occ = torch.as_tensor(conditions["t_occ"].to_numpy())
    key = torch_seed(seed, "model", name, spec, arch, training)
    curve = pd.DataFrame({"stage": pd.Series(dtype=str), "step": pd.Series(dtype=np.int32),
                          "loss": pd.Series(dtype=np.float64)})
    if spec["class"] in ("pixel_future", "end_to_end"):
        clips = np.load(inp["clips"])["clips"]
        model, curve = train_pixel_model(clips, arch, training, pixels, spec["class"] == "pixel_future", key)
        states, weights = pixel_states(model, frames, t_occ), model.state_dict()
    else:
        make_deterministic(training["threads"], key)
        encoder = Encoder(pixels, arch["latent_dim"])
        encoder.load_state_dict(torch.load(inp["encoder"]))
        encoder.eval()
        if spec["class"] == "latent_future":
            clips = np.load(inp["clips"])["clips"]
            dynamics, curve = train_latent_dynamics(clips, encoder, arch, training, key)
            states, weights = latent_states(encoder, dynamics, frames, t_occ), dynamics.state_dict()
        else:  # no_dynamics
            states, weights = held_latent_states(encoder, frames, t_occ), encoder.state_dict()
    save_torch(out["weights"], weights)
    write_table(curve, out["curve"], schemas.TRAINING_CURVE)
    write_table(_states_table(name, states, conditions), out["states"], schemas.STATES)
