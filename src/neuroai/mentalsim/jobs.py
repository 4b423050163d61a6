"""The Mental-Pong study's jobs, one per rule (see neuroai.common.jobs): each reads its named inputs, computes,
writes. Every job's params carry the global `seed` (where it draws) and only the config parts its outputs depend on."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.common.atomic import atomic_path
from neuroai.common.figures import draw_figures
from neuroai.common.jobs import Job
from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.seeding import int_seed, rng
from neuroai.common.tables import read_table, write_table
from neuroai.common.torch_state import deterministic_torch, load_state, save_state
from neuroai.mentalsim import schemas
from neuroai.mentalsim.baselines import baseline_states
from neuroai.mentalsim.claims import evaluate, paper_like_models
from neuroai.mentalsim.decoding import decode, population_states, predictivity_sums, state_matrix
from neuroai.mentalsim.figures import FIGURES
from neuroai.mentalsim.networks import Encoder
from neuroai.mentalsim.noise_ceiling import rowwise_pearson, spearman_brown
from neuroai.mentalsim.pong import condition_steps, sample_conditions, trajectories
from neuroai.mentalsim.pretraining_set import pretraining_clips
from neuroai.mentalsim.recordings import read_conditions, read_neural
from neuroai.mentalsim.recovery import recovery_population
from neuroai.mentalsim.render import render_pong
from neuroai.mentalsim.rollout import held_latent_states, latent_states, pad_videos, pixel_states
from neuroai.mentalsim.stats import summarise
from neuroai.mentalsim.summary import write_summary
from neuroai.mentalsim.synthetic_population import simulate_population
from neuroai.mentalsim.task_rnn import task_rnn_states, train_task_rnn
from neuroai.mentalsim.training import pretrain_encoder, train_latent_dynamics, train_pixel_model

log = logging.getLogger(__name__)
STUDY = schemas.STUDY


def _save_npz(path: str | Path, **arrays: np.ndarray) -> None:
    with atomic_path(path) as tmp:
        np.savez_compressed(tmp, **arrays)


def stimuli(job: Job) -> None:
    """Condition set (sampled, or a lab's with real recordings), latent trajectories and both video versions.
    params: seed, task, conditions; input `recorded_conditions` with a lab's recordings."""
    task = job.params["task"]
    if "recorded_conditions" in job.input:
        conditions = read_conditions(job.input["recorded_conditions"], task)
    else:
        cfg = job.params["conditions"]
        conditions = sample_conditions(rng(job.params["seed"], STUDY, "conditions", cfg, task), task, cfg["n"],
                                       cfg["n_bounce"])
    latents = trajectories(conditions, task)
    log.info("%d conditions (%d bounce), %d frames", len(conditions), int((conditions["n_bounce"] > 0).sum()),
             len(latents))
    x, y = latents["x"].to_numpy(), latents["y"].to_numpy()
    _save_npz(job.output["videos"], occluded=render_pong(x, y, task, occluded=True),
              visible=render_pong(x, y, task, occluded=False))
    write_table(conditions, job.output["conditions"], schemas.CONDITIONS)
    write_table(latents, job.output["latents"], schemas.LATENTS)


def pretraining_set(job: Job) -> None:
    """The unoccluded pretraining corpus. params: seed, task, pretraining_set."""
    corpus, task = job.params["pretraining_set"], job.params["task"]
    clips = pretraining_clips(rng(job.params["seed"], STUDY, "pretraining_set", corpus, task), corpus, task)
    log.info("pretraining corpus: %s uint8", clips.shape)
    _save_npz(job.output["clips"], clips=clips)


def reference(job: Job) -> None:
    """The reference population: simulated from the latents, or a lab's recordings validated and copied.
    params: seed, task, synthetic_reference; input `recorded_neural` with a lab's recordings."""
    conditions = read_table(job.input["conditions"], schemas.CONDITIONS)
    if "recorded_neural" in job.input:
        neural = read_neural(job.input["recorded_neural"], conditions)
        units = pd.DataFrame({"unit": np.sort(neural["unit"].unique()).astype(np.int32)})
        wide = [neural.pivot(index="unit", columns=["condition", "step"], values=v).to_numpy()
                for v in ("rate_half1", "rate_half2")]
        units["split_half_r"] = rowwise_pearson(*wide)
        units["reliability"] = spearman_brown(units["split_half_r"].to_numpy())
        units["kept"] = True
    else:
        ref, task = job.params["synthetic_reference"], job.params["task"]
        latents = read_table(job.input["latents"], schemas.LATENTS)
        neural, units = simulate_population(latents, conditions, rng(job.params["seed"], STUDY, "reference", ref, task),
                                            ref, task["step_s"])
        log.info("synthetic population: %d of %d units reliable", int(units["kept"].sum()), len(units))
    write_table(neural, job.output["neural"], schemas.NEURAL)
    write_table(units, job.output["units"], schemas.UNITS)


def _torch_seed(seed: int, *keys: Any) -> int:
    return int_seed(seed, STUDY, *keys)


def encoder(job: Job) -> None:
    """Pretrain one self-supervised encoder at one training seed (wildcard `replicate`).
    params: seed, spec, architecture, training, pixels."""
    name, spec, arch, training = job.wildcards["encoder"], job.params["spec"], job.params["architecture"], \
        job.params["training"]
    replicate = int(job.wildcards["replicate"])
    clips = np.load(job.input["clips"])["clips"]
    net, curve = pretrain_encoder(clips, spec, arch, training, job.params["pixels"],
                                  _torch_seed(job.params["seed"], "encoder", name, replicate, spec, arch, training))
    save_state(job.output["weights"], net.state_dict())
    write_table(curve, job.output["curve"], schemas.TRAINING_CURVE)


def _states_table(name: str, states: torch.Tensor, conditions: pd.DataFrame) -> pd.DataFrame:
    """Flatten padded (C, T, dim) states to one row per real (condition, step)."""
    c_idx, steps = condition_steps(conditions["t_end"].to_numpy())
    values = states.numpy().astype(np.float32)[c_idx, steps]
    return pd.DataFrame({"system": name, "condition": conditions["condition"].to_numpy()[c_idx].astype(np.int32),
                         "step": steps.astype(np.int32), "state": list(values)})


def model(job: Job) -> None:
    """Train one model class at one training seed (wildcard `replicate`) on the pretraining corpus, then record its
    states on the condition set.
    params: seed, spec, architecture, training, pixels; input `encoder` for a latent-space class."""
    name, spec, arch, training = job.wildcards["model"], job.params["spec"], job.params["architecture"], \
        job.params["training"]
    pixels = job.params["pixels"]
    conditions = read_table(job.input["conditions"], schemas.CONDITIONS)
    frames = torch.as_tensor(pad_videos(np.load(job.input["videos"])["occluded"], conditions),
                             dtype=torch.float32) / 255
    t_occ = torch.as_tensor(conditions["t_occ"].to_numpy())
    key = _torch_seed(job.params["seed"], "model", name, int(job.wildcards["replicate"]), spec, arch, training)
    curve = pd.DataFrame({"stage": pd.Series(dtype=str), "step": pd.Series(dtype=np.int32),
                          "loss": pd.Series(dtype=np.float64)})
    if spec["class"] in ("pixel_future", "end_to_end"):
        clips = np.load(job.input["clips"])["clips"]
        net, curve = train_pixel_model(clips, arch, training, pixels, spec["class"] == "pixel_future", key)
        states, weights = pixel_states(net, frames, t_occ), net.state_dict()
    else:
        deterministic_torch(training["threads"], key)
        enc = Encoder(pixels, arch["latent_dim"])
        enc.load_state_dict(load_state(job.input["encoder"]))
        enc.eval()
        if spec["class"] == "latent_future":
            clips = np.load(job.input["clips"])["clips"]
            dynamics, curve = train_latent_dynamics(clips, enc, arch, training, key)
            states, weights = latent_states(enc, dynamics, frames, t_occ), dynamics.state_dict()
        else:  # no_dynamics
            states, weights = held_latent_states(enc, frames, t_occ), enc.state_dict()
    save_state(job.output["weights"], weights)
    write_table(curve, job.output["curve"], schemas.TRAINING_CURVE)
    write_table(_states_table(name, states, conditions), job.output["states"], schemas.STATES)


def _stimulus_tables(job: Job) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_table(job.input["latents"], schemas.LATENTS), read_table(job.input["conditions"], schemas.CONDITIONS)


def baseline(job: Job) -> None:
    """The states of one baseline (see neuroai.mentalsim.baselines). params: random (seed and dim, random only)."""
    name, latents, conditions = job.wildcards["baseline"], *_stimulus_tables(job)
    spec = job.params["random"]
    draws = rng(spec["seed"], STUDY, "baseline", name, spec["dim"]) if spec else None
    write_table(baseline_states(name, latents, conditions, draws, spec.get("dim", 0)), job.output["states"],
                schemas.STATES)


def _with_replicate(table: pd.DataFrame, replicate: int) -> pd.DataFrame:
    table.insert(1, "replicate", np.int32(replicate))
    return table


def evaluate_model(job: Job) -> None:
    """Decoding of the hidden ball and neural-predictivity sums of one system at one seed (input `oracle`: the
    controls of the partial epoch). params: evaluation."""
    name, replicate, evaluation = job.wildcards["system"], int(job.wildcards["replicate"]), job.params["evaluation"]
    states = read_table(job.input["states"], schemas.STATES)
    latents, conditions = _stimulus_tables(job)
    neural = read_table(job.input["neural"], schemas.NEURAL)
    write_table(_with_replicate(decode(name, states, latents, conditions, evaluation), replicate),
                job.output["decoding"], schemas.DECODING)
    oracle = read_table(job.input["oracle"], schemas.STATES)  # controls of the partial epoch
    write_table(_with_replicate(predictivity_sums(name, states, latents, neural, evaluation, controls=oracle),
                                replicate), job.output["predictivity"], schemas.PREDICTIVITY_SUMS)


def reference_decoding(job: Job) -> None:
    """The same decoders applied to the reference population (all trials and each half). params: evaluation."""
    latents, conditions = _stimulus_tables(job)
    neural = read_table(job.input["neural"], schemas.NEURAL)
    tables = [decode(system, states, latents, conditions, job.params["evaluation"])
              for system, states in population_states(neural).items()]
    write_table(_with_replicate(pd.concat(tables, ignore_index=True), 0), job.output["decoding"], schemas.DECODING)


def task_rnn(job: Job) -> None:
    """Train one task-trained reference network (wildcard `generator`: its objective) on its own sampled
    conditions, and record its hidden states on the evaluation set. params: seed, task, spec."""
    objective, task, spec = job.wildcards["generator"], job.params["task"], job.params["spec"]
    train = spec["train_conditions"]
    training_set = sample_conditions(rng(job.params["seed"], STUDY, "task_rnn_conditions", train, task), task,
                                     train["n"], train["n_bounce"])
    net, reduction, curve = train_task_rnn(training_set, task, spec, objective,
                                           _torch_seed(job.params["seed"], "task_rnn", objective, spec, task))
    conditions = read_table(job.input["conditions"], schemas.CONDITIONS)
    save_state(job.output["weights"], net.state_dict() | {k: torch.as_tensor(v) for k, v in reduction.items()})
    write_table(curve, job.output["curve"], schemas.TRAINING_CURVE)
    states = task_rnn_states(net, reduction, conditions, task)
    write_table(_states_table(f"task_rnn_{objective}", states, conditions), job.output["states"], schemas.STATES)


def recovery_reference(job: Job) -> None:
    """A population generated from one system's states (a model's seed 0, or a task-trained network; wildcard
    `generator`). params: seed, step_s, synthetic_reference, model_recovery."""
    name, p = job.wildcards["generator"], job.params
    latents, conditions = _stimulus_tables(job)
    states = state_matrix(read_table(job.input["states"], schemas.STATES), latents)
    draws = rng(p["seed"], STUDY, "recovery", name, p["synthetic_reference"], p["model_recovery"])
    neural = recovery_population(states, latents, conditions, draws, p["synthetic_reference"], p["model_recovery"],
                                 p["step_s"])
    log.info("recovery population from %s: %d reliable units", name, neural["unit"].nunique())
    write_table(neural, job.output["neural"], schemas.NEURAL)


def _replicate_of(path: str) -> int:
    """The training seed of a `.../seed{N}/states.parquet` path; 0 for a baseline's."""
    folder = Path(path).parent.name
    return int(folder.removeprefix("seed")) if folder.startswith("seed") else 0


def recovery_evaluate(job: Job) -> None:
    """Occluded-epoch predictivity sums of every candidate's states (input `candidates`) on one generated population
    (wildcard `generator`). params: evaluation."""
    latents = read_table(job.input["latents"], schemas.LATENTS)
    neural = read_table(job.input["neural"], schemas.NEURAL)
    tables = []
    for path in job.input["candidates"]:
        states = read_table(path, schemas.STATES)
        sums = predictivity_sums(states["system"].iloc[0], states, latents, neural, job.params["evaluation"],
                                 epochs=("occluded",))
        tables.append(_with_replicate(sums, _replicate_of(path)))
    table = pd.concat(tables, ignore_index=True)
    table.insert(0, "generator", job.wildcards["generator"])
    write_table(table, job.output["predictivity"], schemas.RECOVERY_SUMS)


def statistics(job: Job) -> None:
    """Bootstrap estimates, contrasts, standing against the baselines, model recovery, per-unit predictivity, the
    claims, the key-statistics page and summary.md. params: seed, models, encoders, evaluation, reference,
    min_ranked_first, task_min_ranked_first."""
    ms = job.params
    dec = pd.concat([read_table(p, schemas.DECODING) for p in job.input["decoding"]], ignore_index=True)
    sums = pd.concat([read_table(p, schemas.PREDICTIVITY_SUMS) for p in job.input["predictivity"]], ignore_index=True)
    recovery, task_reference = (pd.concat([read_table(p, schemas.RECOVERY_SUMS) for p in job.input[name]],
                                          ignore_index=True) for name in ("recovery", "task_reference"))
    tables = summarise(dec, sums, recovery, task_reference, ms["models"], ms["evaluation"],
                       rng(ms["seed"], STUDY, "bootstrap", ms["evaluation"]))
    for name, schema in schemas.STATS_TABLES.items():
        write_table(tables[name], job.output[name], schema)
    claims = evaluate(tables, ms)
    write_claims(STUDY, claims, job.output["claims"])
    write_key_statistics(job.output["key_statistics"], schemas.TITLE, claims, {
        "Estimates (95 % bootstrap CIs over conditions and training seeds)": tables["estimates"],
        "Contrasts against the best model": tables["contrasts"],
        "Standing between the random and oracle baselines": tables["standing"],
        "Model recovery (populations generated from each class's own states)": tables["recovery"],
        "Task-trained networks' populations (simulate, endpoint)": tables["task_reference"]})
    write_summary(job.output["summary"], tables, ms, read_table(job.input["units"], schemas.UNITS))


def figures(job: Job) -> None:
    """Every Mental-Pong figure. params: style, task, models, encoders, task_min_ranked_first."""
    latents, conditions = _stimulus_tables(job)
    data = {"videos": np.load(job.input["videos"])["occluded"], "conditions": conditions, "latents": latents,
            "estimates": read_table(job.input["estimates"], schemas.ESTIMATES),
            "recovery": read_table(job.input["recovery"], schemas.RECOVERY),
            "task_reference": read_table(job.input["task_reference"], schemas.TASK_REFERENCE), "task": job.params["task"],
            "models": job.params["models"], "task_min_ranked_first": job.params["task_min_ranked_first"],
            "paper_like": paper_like_models(job.params)}
    draw_figures(FIGURES, data, job.output, job.params["style"])
