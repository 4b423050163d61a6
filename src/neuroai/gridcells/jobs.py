"""The grid-cell study's jobs, one per rule (see neuroai.common.jobs): each reads its named inputs, computes, writes.
Every job's params carry the global `seed` (where it draws) and only the config parts its outputs depend on."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.common.figures import draw_figures
from neuroai.common.jobs import Job
from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.seeding import int_seed, rng
from neuroai.common.tables import read_table, write_table
from neuroai.common.torch_state import deterministic_torch, load_state, save_state
from neuroai.gridcells import schemas
from neuroai.gridcells.claims import evaluate
from neuroai.gridcells.evaluate import evaluate_condition
from neuroai.gridcells.figures import FIGURES
from neuroai.gridcells.ideal_codes import best_codes, reference_codes, weighted_objective
from neuroai.gridcells.stats import ablation_contrasts, grid_fractions, module_table, seed_fractions
from neuroai.gridcells.summary import write_summary
from neuroai.gridcells.train import build_model, encode, permuted_batch, train
from neuroai.gridcells.trajectories import evaluation_walks, training_velocities

log = logging.getLogger(__name__)
STUDY = schemas.STUDY


def _int_seed(seed: int, *keys: Any) -> int:
    # 32 bits, as when these streams were first drawn: the published grid-cell runs reproduce bit for bit.
    return int_seed(seed, STUDY, *keys, bits=32)


def _seed_index(replicate: int | str) -> list[int]:
    """Key part of a seed index: none for seed 0 (the key it had before seeds existed), the index otherwise."""
    return [int(replicate)] if int(replicate) else []


def _sequences(df: pd.DataFrame, index: str, columns: Sequence[str]) -> np.ndarray:
    df = df.sort_values([index, "step"])
    n = df[index].nunique()
    return df[list(columns)].to_numpy().reshape(n, -1, len(columns))


def _training_sequences(path: str) -> np.ndarray:
    return _sequences(read_table(path, schemas.TRAIN_SEQUENCES), "sequence", ["dx", "dy"])


def trajectories(job: Job) -> None:
    """Training velocity sequences and evaluation walks (with positions). params: seed, trajectory, seq_len."""
    seed, traj, seq_len = job.params["seed"], job.params["trajectory"], job.params["seq_len"]
    seqs = training_velocities(traj, traj["train_sequences"], seq_len, rng(seed, STUDY, "train", traj))
    s, t = np.meshgrid(np.arange(len(seqs)), np.arange(seq_len), indexing="ij")
    write_table(pd.DataFrame({"sequence": s.ravel(), "step": t.ravel(), "dx": seqs[..., 0].ravel(),
                              "dy": seqs[..., 1].ravel()}), job.output["train"], schemas.TRAIN_SEQUENCES)
    disp, pos = evaluation_walks(traj, traj["eval_walks"], traj["eval_steps"], rng(seed, STUDY, "eval", traj))
    w, t = np.meshgrid(np.arange(len(disp)), np.arange(traj["eval_steps"]), indexing="ij")
    write_table(pd.DataFrame({"walk": w.ravel(), "step": t.ravel(), "dx": disp[..., 0].ravel(),
                              "dy": disp[..., 1].ravel(), "x": pos[..., 0].ravel(), "y": pos[..., 1].ravel()}),
                job.output["eval"], schemas.EVAL_WALKS)
    log.info("wrote %d training sequences of %d steps and %d evaluation walks of %d steps", len(seqs), seq_len,
             len(disp), traj["eval_steps"])


def train_network(job: Job) -> None:
    """Train one condition's network for one seed index (wildcard `replicate`); its weights and training curve.
    params: seed, terms (the condition's loss switches), model, training."""
    condition, model_cfg, training = job.wildcards["condition"], job.params["model"], job.params["training"]
    replicate = int(job.wildcards["replicate"])
    deterministic_torch(training["threads"])
    seed = _int_seed(job.params["seed"], condition, "train", model_cfg, training, *_seed_index(replicate))
    model, curve = train(_training_sequences(job.input["train"]), model_cfg, job.params["terms"], training, seed)
    save_state(job.output["model"], model.state_dict())
    write_table(curve.assign(condition=condition, seed=np.int32(replicate)), job.output["curve"],
                schemas.TRAINING_CURVE)


def score_reference_codes(job: Job) -> None:
    """Hand-built place and grid codes scored by the training losses on real training batches (no training).
    params: seed, n_units, training, reference_codes."""
    seed, training, ref = job.params["seed"], job.params["training"], job.params["reference_codes"]
    deterministic_torch(training["threads"])
    seqs = torch.as_tensor(_training_sequences(job.input["train"]))
    generator = torch.Generator().manual_seed(_int_seed(seed, "reference_codes", training, ref))
    batches = [torch.cumsum(permuted_batch(seqs, training["walks_per_batch"], training["permutations"], generator), 1)
               .reshape(-1, 2).numpy().astype(np.float64) for _ in range(ref["batches"])]
    table = reference_codes(batches, job.params["n_units"], training, ref,
                            rng(seed, STUDY, "reference_codes", "centres", ref))
    write_table(table, job.output["codes"], schemas.REFERENCE_CODES)
    log.info("best reference codes:\n%s", best_codes(table).to_string(index=False))


def evaluate_network(job: Job) -> None:
    """Rate maps, grid scores, Fourier periods, modules, the torus test, neural vs spatial distance and the shuffle
    null of one trained condition. params: seed, model, terms, threads, evaluation, box_size_m."""
    condition, evaluation, replicate = job.wildcards["condition"], job.params["evaluation"], job.wildcards["replicate"]
    deterministic_torch(job.params["threads"])
    model = build_model(job.params["model"], job.params["terms"], torch.Generator())
    model.load_state_dict(load_state(job.input["model"]))
    walks = read_table(job.input["eval"], schemas.EVAL_WALKS)
    disp = _sequences(walks, "walk", ["dx", "dy"]).astype(np.float32)
    pos = _sequences(walks, "walk", ["x", "y"])
    codes = encode(model.eval(), disp)
    result = evaluate_condition(pos, codes, evaluation, job.params["box_size_m"],
                                rng(job.params["seed"], STUDY, condition, "null", evaluation, *_seed_index(replicate)),
                                _int_seed(job.params["seed"], "modules"))
    for name, schema in (("units", schemas.UNITS), ("null", schemas.NULL_SCORES), ("topology", schemas.TOPOLOGY),
                         ("distances", schemas.DISTANCES)):
        write_table(result[name].assign(condition=condition, seed=np.int32(replicate)), job.output[name], schema)
    maps = result["maps"]
    u, x, y = np.meshgrid(*(np.arange(n) for n in maps.shape), indexing="ij")
    write_table(pd.DataFrame({"condition": condition, "unit": u.ravel(), "x_bin": x.ravel(), "y_bin": y.ravel(),
                              "rate": maps.ravel()}), job.output["maps"], schemas.RATE_MAPS)
    units = result["units"]
    log.info("%s seed %s: %d of %d units are grid cells (threshold %.3f), %d periodic, %d module(s)", condition,
             replicate, units["is_grid"].sum(), len(units), units["null_threshold"].iloc[0], units["is_periodic"].sum(),
             units.loc[units["module"] >= 0, "module"].nunique())


def _concat(paths: Sequence[str], schema) -> pd.DataFrame:
    return pd.concat([read_table(p, schema) for p in paths], ignore_index=True)


def statistics(job: Job) -> None:
    """Grid fractions vs chance, ablation contrasts against the reference (first) condition, modules, hand-built
    reference codes, the claims they decide, summary.md and the key-statistics page.
    params: seed, reference, evaluation, training."""
    ev, reference, training = job.params["evaluation"], job.params["reference"], job.params["training"]
    units = _concat(job.input["units"], schemas.UNITS)
    curves = _concat(job.input["curves"], schemas.TRAINING_CURVE)
    fractions = grid_fractions(units, ev["null_percentile"])
    seeds = seed_fractions(units, ev["null_percentile"])
    contrasts = ablation_contrasts(units, reference)
    modules = module_table(units, ev["n_bootstrap"], rng(job.params["seed"], STUDY, "module_ratios", ev))
    topology = _concat(job.input["topology"], schemas.TOPOLOGY)
    codes = read_table(job.input["reference_codes"], schemas.REFERENCE_CODES)
    best = best_codes(codes)
    last = curves[curves["condition"] == reference].sort_values("step").groupby("seed").tail(1)
    trained = float(weighted_objective(last["separation"], last["invariance"], last["capacity"], training).mean())
    claims = evaluate(fractions, seeds, contrasts, modules, reference, codes, trained)
    write_table(fractions, job.output["fractions"], schemas.FRACTIONS)
    write_table(seeds, job.output["seed_fractions"], schemas.SEED_FRACTIONS)
    write_table(contrasts, job.output["contrasts"], schemas.CONTRASTS)
    write_table(modules, job.output["modules"], schemas.MODULES)
    write_claims(STUDY, claims, job.output["claims"])
    write_key_statistics(job.output["key_statistics"], schemas.TITLE, claims, {
        "Grid cells per condition": fractions, "Grid cells per seed": seeds,
        f"Ablations against `{reference}`": contrasts, "Modules": modules,
        "Torus test of the largest module": topology, "Best hand-built codes": best})
    write_summary(job.output["summary"], claims, fractions, seeds, contrasts, modules, topology, curves, best,
                  reference, ev["null_percentile"])


def rate_map_array(maps: pd.DataFrame) -> np.ndarray:
    """(units, n_bins, n_bins) array back from a rate-map table of one condition."""
    maps = maps.sort_values(["unit", "x_bin", "y_bin"])
    n_units, n_bins = maps["unit"].nunique(), maps["x_bin"].nunique()
    return maps["rate"].to_numpy(dtype=float).reshape(n_units, n_bins, n_bins)


def figures(job: Job) -> None:
    """Every grid-cell figure. params: style, reference, evaluation, training."""
    data: Mapping[str, Any] = {
        "units": _concat(job.input["units"], schemas.UNITS),
        "null": _concat(job.input["null"], schemas.NULL_SCORES),
        "curves": _concat(job.input["curves"], schemas.TRAINING_CURVE),
        "maps": rate_map_array(read_table(job.input["maps"], schemas.RATE_MAPS)),
        "fractions": read_table(job.input["fractions"], schemas.FRACTIONS),
        "modules": read_table(job.input["modules"], schemas.MODULES),
        "topology": _concat(job.input["topology"], schemas.TOPOLOGY),
        "distances": _concat(job.input["distances"], schemas.DISTANCES),
        "best_codes": best_codes(read_table(job.input["reference_codes"], schemas.REFERENCE_CODES)),
        **{k: job.params[k] for k in ("reference", "evaluation", "training")},
    }
    draw_figures(FIGURES, data, job.output, job.params["style"])
