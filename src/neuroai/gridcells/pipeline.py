"""File-level steps of the grid-cell workflow; each Snakemake script calls exactly one of these."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.common.atomic import atomic_path
from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.seeding import rng
from neuroai.common.tables import read_table, write_table
from neuroai.gridcells import schemas
from neuroai.gridcells.claims import evaluate
from neuroai.gridcells.evaluate import evaluate_condition
from neuroai.gridcells.ideal_codes import reference_codes, weighted_objective
from neuroai.gridcells.model import PathIntegrator
from neuroai.gridcells.stats import ablation_contrasts, grid_fractions, module_table
from neuroai.gridcells.summary import write_summary
from neuroai.gridcells.train import build_model, encode, make_deterministic, permuted_batch, train
from neuroai.gridcells.trajectories import evaluation_walks, training_velocities

log = logging.getLogger(__name__)
Path = str | os.PathLike
STUDY = "gridcells"


def _int_seed(config: Mapping[str, Any], *keys: Any) -> int:
    return int(rng(config["seed"], STUDY, *keys).integers(2**32))


def make_trajectories(config: Mapping[str, Any], train_out: Path, eval_out: Path) -> None:
    """Training velocity sequences and evaluation walks (with positions) as Parquet tables."""
    gc = config[STUDY]
    traj, seq_len = gc["trajectory"], gc["model"]["seq_len"]
    seqs = training_velocities(traj, traj["train_sequences"], seq_len, rng(config["seed"], STUDY, "train", traj))
    s, t = np.meshgrid(np.arange(len(seqs)), np.arange(seq_len), indexing="ij")
    write_table(pd.DataFrame({"sequence": s.ravel(), "step": t.ravel(), "dx": seqs[..., 0].ravel(),
                              "dy": seqs[..., 1].ravel()}), train_out, schemas.TRAIN_SEQUENCES)
    disp, pos = evaluation_walks(traj, traj["eval_walks"], traj["eval_steps"], rng(config["seed"], STUDY, "eval", traj))
    w, t = np.meshgrid(np.arange(len(disp)), np.arange(traj["eval_steps"]), indexing="ij")
    write_table(pd.DataFrame({"walk": w.ravel(), "step": t.ravel(), "dx": disp[..., 0].ravel(),
                              "dy": disp[..., 1].ravel(), "x": pos[..., 0].ravel(), "y": pos[..., 1].ravel()}),
                eval_out, schemas.EVAL_WALKS)
    log.info("wrote %d training sequences of %d steps and %d evaluation walks of %d steps", len(seqs), seq_len,
             len(disp), traj["eval_steps"])


def _sequences(df: pd.DataFrame, index: str, columns: Sequence[str]) -> np.ndarray:
    df = df.sort_values([index, "step"])
    n = df[index].nunique()
    return df[list(columns)].to_numpy().reshape(n, -1, len(columns))


def train_condition(config: Mapping[str, Any], condition: str, train_path: Path, model_out: Path,
                    curve_out: Path) -> None:
    """Train one condition's network; save its weights and training curve."""
    gc = config[STUDY]
    if condition not in gc["conditions"]:
        raise ValueError(f"unknown gridcells condition '{condition}'; config has {sorted(gc['conditions'])}")
    make_deterministic(gc["training"]["threads"])
    seqs = _sequences(read_table(train_path, schemas.TRAIN_SEQUENCES), "sequence", ["dx", "dy"])
    seed = _int_seed(config, condition, "train", gc["model"], gc["training"])
    model, curve = train(seqs, gc["model"], gc["conditions"][condition], gc["training"], seed)
    with atomic_path(model_out) as tmp:
        torch.save(model.state_dict(), tmp)
    curve.insert(0, "condition", condition)
    write_table(curve, curve_out, schemas.TRAINING_CURVE)


def reference_code_files(config: Mapping[str, Any], train_path: Path, out: Path) -> None:
    """Hand-built place and grid codes scored by the training losses on real training batches (no training)."""
    gc = config[STUDY]
    make_deterministic(gc["training"]["threads"])
    seqs = torch.as_tensor(_sequences(read_table(train_path, schemas.TRAIN_SEQUENCES), "sequence", ["dx", "dy"]))
    ref, training = gc["reference_codes"], gc["training"]
    generator = torch.Generator().manual_seed(_int_seed(config, "reference_codes", training, ref))
    batches = [torch.cumsum(permuted_batch(seqs, training["walks_per_batch"], training["permutations"], generator), 1)
               .reshape(-1, 2).numpy().astype(np.float64) for _ in range(ref["batches"])]
    table = reference_codes(batches, gc["model"]["n_units"], training, ref,
                            rng(config["seed"], STUDY, "reference_codes", "centres", ref))
    write_table(table, out, schemas.REFERENCE_CODES)
    best = table.loc[table.groupby("code")["objective"].idxmin()]
    log.info("best reference codes:\n%s", best.to_string(index=False))


def load_model(config: Mapping[str, Any], condition: str, model_path: Path) -> PathIntegrator:
    gc = config[STUDY]
    model = build_model(gc["model"], gc["conditions"][condition], torch.Generator())
    model.load_state_dict(torch.load(model_path, weights_only=True))
    return model.eval()


def evaluate_files(config: Mapping[str, Any], condition: str, model_path: Path, eval_path: Path,
                   units_out: Path, null_out: Path, maps_out: Path) -> None:
    """Rate maps, grid scores, geometry and null of one trained condition."""
    gc = config[STUDY]
    make_deterministic(gc["training"]["threads"])
    walks = read_table(eval_path, schemas.EVAL_WALKS)
    disp = _sequences(walks, "walk", ["dx", "dy"]).astype(np.float32)
    pos = _sequences(walks, "walk", ["x", "y"])
    codes = encode(load_model(config, condition, model_path), disp)
    units, null, maps = evaluate_condition(pos, codes, gc["evaluation"], gc["trajectory"]["box_size_m"],
                                           rng(config["seed"], STUDY, condition, "null", gc["evaluation"]))
    for df in (units, null):
        df.insert(0, "condition", condition)
    write_table(units, units_out, schemas.UNITS)
    write_table(null, null_out, schemas.NULL_SCORES)
    u, x, y = np.meshgrid(*(np.arange(n) for n in maps.shape), indexing="ij")
    write_table(pd.DataFrame({"condition": condition, "unit": u.ravel(), "x_bin": x.ravel(), "y_bin": y.ravel(),
                              "rate": maps.ravel()}), maps_out, schemas.RATE_MAPS)
    log.info("%s: %d of %d units are grid cells (threshold %.3f)", condition, units["is_grid"].sum(), len(units),
             units["null_threshold"].iloc[0])


def statistics_files(config: Mapping[str, Any], units_paths: Sequence[Path], curve_paths: Sequence[Path],
                     reference_codes_path: Path, outputs: Mapping[str, Path]) -> None:
    """Grid fractions vs chance, ablation contrasts against the first condition, modules, hand-built reference codes,
    the claims they decide, summary.md and the report's key-statistics page; `outputs` maps fractions, contrasts,
    modules, claims, key_statistics and summary to paths."""
    gc = config[STUDY]
    units = pd.concat([read_table(p, schemas.UNITS) for p in units_paths], ignore_index=True)
    curves = pd.concat([read_table(p, schemas.TRAINING_CURVE) for p in curve_paths], ignore_index=True)
    ev = gc["evaluation"]
    reference = next(iter(gc["conditions"]))
    fractions = grid_fractions(units, ev["null_percentile"])
    contrasts = ablation_contrasts(units, reference)
    modules = module_table(units, ev["max_modules"], ev["min_units_per_module"], _int_seed(config, "modules"),
                           ev["min_period_ratio"])
    codes = read_table(reference_codes_path, schemas.REFERENCE_CODES)
    last = curves[curves["condition"] == reference].sort_values("step").iloc[-1]
    trained = float(weighted_objective(last["separation"], last["invariance"], gc["training"]))
    claims = evaluate(fractions, contrasts, modules, reference, codes, trained)
    write_table(fractions, outputs["fractions"], schemas.FRACTIONS)
    write_table(contrasts, outputs["contrasts"], schemas.CONTRASTS)
    write_table(modules, outputs["modules"], schemas.MODULES)
    write_claims(STUDY, claims, outputs["claims"])
    write_key_statistics(outputs["key_statistics"], STUDY, claims, {
        "Grid cells per condition": fractions, f"Ablations against `{reference}`": contrasts, "Modules": modules,
        "Best hand-built codes": _best_codes(codes)})
    write_summary(outputs["summary"], claims, fractions, contrasts, modules, curves, _best_codes(codes), reference,
                  ev["null_percentile"])


def _best_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """Lowest-objective place code and lowest-objective grid code per module count."""
    return codes.loc[codes.groupby(["code", "n_modules"])["objective"].idxmin()].reset_index(drop=True)


def rate_map_array(maps: pd.DataFrame) -> np.ndarray:
    """(units, n_bins, n_bins) array back from a rate-map table of one condition."""
    maps = maps.sort_values(["unit", "x_bin", "y_bin"])
    n_units, n_bins = maps["unit"].nunique(), maps["x_bin"].nunique()
    return maps["rate"].to_numpy(dtype=float).reshape(n_units, n_bins, n_bins)


def figure_files(style: Mapping[str, Any], config: Mapping[str, Any], units_paths: Sequence[Path],
                 null_paths: Sequence[Path], curve_paths: Sequence[Path], maps_path: Path, fractions_path: Path,
                 modules_path: Path, reference_codes_path: Path, outputs: Mapping[str, Path]) -> None:
    """All figures; `outputs` maps '<name>_pdf' / '<name>_png' to paths. Captions state the result as measured."""
    from neuroai.common.figures import apply_style, save_figure
    from neuroai.gridcells import figures

    used = apply_style(style)
    gc = config[STUDY]
    reference = next(iter(gc["conditions"]))
    units = pd.concat([read_table(p, schemas.UNITS) for p in units_paths], ignore_index=True)
    null = pd.concat([read_table(p, schemas.NULL_SCORES) for p in null_paths], ignore_index=True)
    curves = pd.concat([read_table(p, schemas.TRAINING_CURVE) for p in curve_paths], ignore_index=True)
    maps = rate_map_array(read_table(maps_path, schemas.RATE_MAPS))
    fractions = read_table(fractions_path, schemas.FRACTIONS)
    modules = read_table(modules_path, schemas.MODULES)
    best_codes = _best_codes(read_table(reference_codes_path, schemas.REFERENCE_CODES))
    ref = fractions[fractions["condition"] == reference].iloc[0]
    n_mod = int((modules["condition"] == reference).sum())
    pct = gc["evaluation"]["null_percentile"]
    module_note = (f"{n_mod} modules found" if n_mod >= 2 else
                   f"only {n_mod} module found: the paper's multiple modules are NOT reproduced by this small model")
    made = {
        "example_maps": (figures.example_maps(maps, units[units["condition"] == reference],
                                              gc["evaluation"]["example_units"]),
                         f"Highest-scoring units of '{reference}': rate maps (top) and autocorrelograms (bottom). "
                         f"{ref['n_grid']}/{ref['n_units']} units beat the shuffle null's {pct:g}th percentile."),
        "score_distributions": (figures.score_distributions(units, null),
                                "Grid scores of active units per condition (lines) vs the shuffled-rate-map null "
                                f"(grey); dashed: null {pct:g}th percentile."),
        "spacing_modules": (figures.spacing_modules(units, modules, reference),
                            f"Grid spacing of '{reference}' grid cells; dashed: module means ({module_note})."),
        "ablation": (figures.ablation_bars(fractions),
                     "Fraction of grid cells per condition (Wilson 95% CI); dashed: fraction expected by chance. "
                     + "; ".join(f"{r.condition}: {r.fraction_grid:.0%}" for r in fractions.itertuples())),
        "training_curves": (figures.training_curves(curves, reference, best_codes, gc["training"]),
                            "Self-supervised losses during training (terms switched off in an ablation are still "
                            "measured, not optimised; log scale). Right: separation + invariance objective of "
                            f"'{reference}' against the best hand-built place and multi-module grid codes scored by "
                            "the same losses (no training)."),
    }
    for name, (fig, caption) in made.items():
        save_figure(fig, outputs[f"{name}_pdf"], outputs[f"{name}_png"], dpi=used["dpi"], caption=caption)
