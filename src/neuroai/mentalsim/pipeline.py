"""Snakemake jobs that build the data: stimuli, pretraining corpus and reference population (numpy only)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neuroai.common.atomic import atomic_path
from neuroai.common.seeding import rng
from neuroai.common.tables import read_table, write_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.noise_ceiling import rowwise_pearson, spearman_brown
from neuroai.mentalsim.pong import sample_conditions, trajectories
from neuroai.mentalsim.pretraining_set import pretraining_clips
from neuroai.mentalsim.recordings import read_conditions, read_neural
from neuroai.mentalsim.render import render_pong
from neuroai.mentalsim.synthetic_population import simulate_population

log = logging.getLogger(__name__)
STUDY = "mentalsim"


def save_npz(path: str | Path, **arrays: np.ndarray) -> None:
    with atomic_path(path) as tmp:
        np.savez_compressed(tmp, **arrays)


def run_stimuli(ms: Mapping[str, Any], seed: int, out: Mapping[str, str]) -> None:
    """Condition set (sampled, or read with real recordings), latent trajectories and both video versions."""
    task = ms["task"]
    if ms["reference"]["source"] == "file":
        conditions = read_conditions(ms["reference"]["conditions_path"], task)
    else:
        cfg = ms["conditions"]
        conditions = sample_conditions(rng(seed, STUDY, "conditions", cfg, task), task, cfg["n"], cfg["n_bounce"])
    latents = trajectories(conditions, task)
    log.info("%d conditions (%d bounce), %d frames", len(conditions), int((conditions["n_bounce"] > 0).sum()),
             len(latents))
    x, y = latents["x"].to_numpy(), latents["y"].to_numpy()
    save_npz(out["videos"], occluded=render_pong(x, y, task, occluded=True),
             visible=render_pong(x, y, task, occluded=False))
    write_table(conditions, out["conditions"], schemas.CONDITIONS)
    write_table(latents, out["latents"], schemas.LATENTS)


def run_pretraining_set(ms: Mapping[str, Any], seed: int, out: str) -> None:
    corpus = ms["pretraining_set"]
    clips = pretraining_clips(rng(seed, STUDY, "pretraining_set", corpus, ms["task"]), corpus, ms["task"])
    log.info("pretraining corpus: %s uint8", clips.shape)
    save_npz(out, clips=clips)


def run_reference(ms: Mapping[str, Any], seed: int, inp: Mapping[str, str], out: Mapping[str, str]) -> None:
    """The reference population: simulated from the latents, or a lab's recordings validated and copied."""
    conditions = read_table(inp["conditions"], schemas.CONDITIONS)
    if ms["reference"]["source"] == "file":
        neural = read_neural(ms["reference"]["neural_path"], conditions)
        units = pd.DataFrame({"unit": np.sort(neural["unit"].unique()).astype(np.int32)})
        wide = [neural.pivot(index="unit", columns=["condition", "step"], values=v).to_numpy()
                for v in ("rate_half1", "rate_half2")]
        units["split_half_r"] = rowwise_pearson(*wide)
        units["reliability"] = spearman_brown(units["split_half_r"].to_numpy())
        units["kept"] = True
    else:
        ref = ms["synthetic_reference"]
        latents = read_table(inp["latents"], schemas.LATENTS)
        neural, units = simulate_population(latents, conditions, rng(seed, STUDY, "reference", ref, ms["task"]),
                                            ref, ms["task"]["step_s"])
        log.info("synthetic population: %d of %d units reliable", int(units["kept"].sum()), len(units))
    write_table(neural, out["neural"], schemas.NEURAL)
    write_table(units, out["units"], schemas.UNITS)
