"""Cross-field checks of the `gridcells` config section (the schema checks each field on its own), and the
study's cost estimates (checked against the `limits:` section). Imports no torch: it runs at planning time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroai.common.config import ConfigError, Cost, product_cost

BATCH = "gridcells.training.walks_per_batch x gridcells.training.permutations x gridcells.model.seq_len"


def batch_positions(gc: Mapping[str, Any]) -> int:
    """Positions in one training batch: walks x step orders x steps (the losses compare every pair)."""
    return gc["training"]["walks_per_batch"] * gc["training"]["permutations"] * gc["model"]["seq_len"]


def eval_samples(gc: Mapping[str, Any]) -> int:
    """Samples of the evaluation walks, which the rate maps and the shuffle null are binned from."""
    return gc["trajectory"]["eval_walks"] * gc["trajectory"]["eval_steps"]


def training_runs(gc: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(condition, seed index) of every network to train: `seeds.reference` for the first condition,
    `seeds.ablations` for every other one."""
    names = list(gc["conditions"])
    return [(c, k) for i, c in enumerate(names)
            for k in range(gc["seeds"]["reference"] if i == 0 else gc["seeds"]["ablations"])]


def _check_conditions(gc: Mapping[str, Any]) -> None:
    """Each condition trains on the separation or the invariance loss (train.py refuses neither), and the capacity
    loss only on codes Norm-ReLU keeps on the unit sphere (with plain ReLU, -|mean g|^2 has no lower bound)."""
    for name, terms in gc["conditions"].items():
        if not (terms["separation"] or terms["invariance"]):
            raise ConfigError(f"config field 'gridcells.conditions.{name}': separation and invariance are both "
                              "off; a network needs at least one of them to learn a code")
        if terms["capacity"] and not terms["norm_relu"]:
            raise ConfigError(f"config field 'gridcells.conditions.{name}.capacity': the capacity loss needs "
                              "norm_relu: true (with plain ReLU units -|mean g|^2 is unbounded below)")


def _check_evaluation(gc: Mapping[str, Any]) -> None:
    """The shuffle null has room for its shifts, and the rate maps have samples to fill their bins."""
    ev, samples = gc["evaluation"], eval_samples(gc)
    if 2 * ev["min_shift_samples"] >= samples:
        raise ConfigError(f"config field 'gridcells.evaluation.min_shift_samples': {ev['min_shift_samples']} must "
                          f"be below half of the {samples} evaluation samples (gridcells.trajectory.eval_walks x "
                          "eval_steps), so that a shift between it and samples - it exists")
    needed = ev["n_bins"] ** 2 * ev["min_visits"]
    if samples < needed:
        raise ConfigError(f"config field 'gridcells.trajectory.eval_walks': {samples} evaluation samples "
                          f"(eval_walks x eval_steps) cannot visit gridcells.evaluation.n_bins^2 = "
                          f"{ev['n_bins'] ** 2} bins min_visits = {ev['min_visits']} times each (need {needed})")


def _check_reference_codes(gc: Mapping[str, Any]) -> None:
    """Hand-built codes place one field per unit at distinct batch positions, and give each module a unit."""
    n_units, ref = gc["model"]["n_units"], gc["reference_codes"]
    positions = ref["batches"] * batch_positions(gc)
    if positions < n_units:
        raise ConfigError(f"config field 'gridcells.reference_codes.batches': {positions} batch positions "
                          f"(batches x walks_per_batch x permutations x seq_len) cannot hold the {n_units} distinct "
                          "place-field centres of gridcells.model.n_units")
    if ref["max_modules"] > n_units:
        raise ConfigError(f"config field 'gridcells.reference_codes.max_modules': {ref['max_modules']} modules "
                          f"need at least as many units (gridcells.model.n_units is {n_units})")


def check_gridcells_config(gc: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the field when values are individually valid but jointly impossible."""
    _check_conditions(gc)
    _check_evaluation(gc)
    _check_reference_codes(gc)


def gridcells_costs(gc: Mapping[str, Any]) -> list[Cost]:
    """Training and reference-code work, evaluation samples and RatInABox walk steps of the study."""
    p, n_units, ref, traj = batch_positions(gc), gc["model"]["n_units"], gc["reference_codes"], gc["trajectory"]
    codes = len(ref["place_widths_m"]) + ref["max_modules"] * len(ref["grid_periods_m"]) * len(ref["width_fractions"])
    runs = ("training runs (gridcells.seeds.reference + (len(gridcells.conditions) - 1) x "
            "gridcells.seeds.ablations)", len(training_runs(gc)))
    walked = eval_samples(gc) + (traj["train_sequences"] * gc["model"]["seq_len"]
                                 if traj["train_source"] == "ratinabox" else 0)
    return [
        product_cost("gridcells_train_ops", "training operations", [
            runs,
            ("gridcells.training.steps", gc["training"]["steps"]),
            (f"batch positions P ({BATCH})", p),
            ("(P + gridcells.model.n_units^2)", p + n_units**2)]),
        product_cost("gridcells_reference_ops", "reference-code operations", [
            ("gridcells.reference_codes.batches", ref["batches"]),
            ("codes (len(gridcells.reference_codes.place_widths_m) + gridcells.reference_codes.max_modules x "
             "len(gridcells.reference_codes.grid_periods_m) x len(gridcells.reference_codes.width_fractions))", codes),
            ("batch positions P", p),
            ("(P + gridcells.model.n_units)", p + n_units)]),
        product_cost("gridcells_eval_samples", "evaluation unit-samples", [
            runs,
            ("(gridcells.evaluation.n_shuffles + 1)", gc["evaluation"]["n_shuffles"] + 1),
            ("samples (gridcells.trajectory.eval_walks x gridcells.trajectory.eval_steps)", eval_samples(gc)),
            ("gridcells.model.n_units", n_units)]),
        Cost("gridcells_walk_steps", walked, "RatInABox steps",
             "gridcells.trajectory.eval_walks x gridcells.trajectory.eval_steps (+ "
             "gridcells.trajectory.train_sequences x gridcells.model.seq_len when gridcells.trajectory.train_source "
             f"is ratinabox) = {walked}"),
    ]
