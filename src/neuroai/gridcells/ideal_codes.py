"""Hand-built place and grid codes scored by the same self-supervised losses as the networks, with no training.

This is the normative half of Schaeffer et al. (NeurIPS 2023): which code for space do separation and path
invariance, with the capacity loss, favour on the unit sphere? Each ideal code is a function of position alone, so it
path-integrates perfectly; what it pays in the invariance loss is its own change within sigma_inv. Scoring them on
the positions of real training batches tells whether a configuration is in the regime where multi-module grid codes
beat place codes, and how far a trained network's losses are from either. Written by hand: no library builds
idealised hexagonal population codes.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from neuroai.gridcells.losses import capacity_loss, invariance_loss, pairwise_distances, separation_loss

HEX_BASIS = np.array([[1.0, 0.0], [0.5, np.sqrt(3.0) / 2.0]])  # rows: the two unit lattice vectors at 60 degrees


def _unit_norm(activity: np.ndarray) -> np.ndarray:
    """Norm-ReLU of a non-negative population activity: each row scaled to unit L2 norm."""
    return activity / np.maximum(np.linalg.norm(activity, axis=1, keepdims=True), 1e-12)


def hexagonal_sq_distance(positions: np.ndarray, phases: np.ndarray, period: float) -> np.ndarray:
    """Squared distance (points, units) from each position to the nearest copy of each unit's lattice phase.

    Phases are in lattice coordinates [0, 1)^2. Any point of a 60-degree rhombic cell lies in one of its two
    equilateral triangles, so the nearest lattice point is one of the cell's four corners: four candidates suffice.
    """
    basis = period * HEX_BASIS
    offset = (positions @ np.linalg.inv(basis))[:, None, :] - phases[None]  # (points, units, 2)
    frac = offset - np.floor(offset)
    corners = np.array(list(itertools.product((0.0, -1.0), repeat=2)))  # (4, 2)
    cartesian = (frac[:, :, None, :] + corners) @ basis  # (points, units, 4, 2)
    return (cartesian**2).sum(-1).min(-1)


def grid_code(positions: np.ndarray, n_units: int, periods: Sequence[float], width_fraction: float) -> np.ndarray:
    """Unit-norm code of len(periods) hexagonal modules sharing the units equally; in each module the units' phases
    tile the lattice cell and their Gaussian bumps are width_fraction * period wide."""
    per_module = np.array_split(np.arange(n_units), len(periods))
    activity = np.empty((len(positions), n_units))
    for units, period in zip(per_module, periods):  # a handful of modules: the per-module work is vectorised
        side = int(np.ceil(np.sqrt(len(units))))
        phases = (np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), -1).reshape(-1, 2)
                  / side)[: len(units)]
        sq = hexagonal_sq_distance(positions, phases, period)
        activity[:, units] = np.exp(-sq / (2.0 * (width_fraction * period) ** 2))
    return _unit_norm(activity)


def place_code(positions: np.ndarray, centres: np.ndarray, width: float) -> np.ndarray:
    """Unit-norm code of Gaussian place fields (one per centre) of the given width."""
    sq = ((positions[:, None, :] - centres[None]) ** 2).sum(-1)
    return _unit_norm(np.exp(-sq / (2.0 * width**2)))


def weighted_objective(separation, invariance, capacity, training: Mapping[str, Any]):
    """The part of the full condition's training objective that hand-built codes are compared on (the conformal term
    is left out: it shapes how the network gets there, not which code is better)."""
    return (training["lambda_separation"] * separation + training["lambda_invariance"] * invariance
            + training["lambda_capacity"] * capacity)


def objective(position_batches: Sequence[np.ndarray], codes: Sequence[np.ndarray],
              training: Mapping[str, Any]) -> tuple[float, float, float, float, float]:
    """Mean separation, invariance and capacity over batches, their weighted objective, and that objective without
    the capacity term."""
    sep, inv, cap = [], [], []
    for pos, code in zip(position_batches, codes):
        code = torch.as_tensor(code)
        dx, dg = pairwise_distances(torch.as_tensor(pos), code)
        sep.append(float(separation_loss(dx, dg, training["sigma_x"], training["sigma_g"])))
        inv.append(float(invariance_loss(dx, dg, training["sigma_inv"])))
        cap.append(float(capacity_loss(code)))
    s, i, c = float(np.mean(sep)), float(np.mean(inv)), float(np.mean(cap))
    return s, i, c, weighted_objective(s, i, c, training), weighted_objective(s, i, 0.0, training)


def reference_codes(position_batches: Sequence[np.ndarray], n_units: int, training: Mapping[str, Any],
                    reference: Mapping[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Score every place code (field widths) and grid code (1..max_modules modules, periods in geometric steps of
    module_ratio from each base period, bump widths) of `reference` on the batches; one row per code."""
    points = np.concatenate(position_batches)
    centres = points[rng.choice(len(points), size=n_units, replace=False)]  # fields where the walks go
    rows = []
    for width in reference["place_widths_m"]:
        codes = [place_code(p, centres, width) for p in position_batches]
        rows.append(("place", 1, width, np.nan, *objective(position_batches, codes, training)))
    for n_modules, base, frac in itertools.product(range(1, reference["max_modules"] + 1),
                                                   reference["grid_periods_m"], reference["width_fractions"]):
        periods = base * reference["module_ratio"] ** np.arange(n_modules)
        codes = [grid_code(p, n_units, periods, frac) for p in position_batches]
        rows.append(("grid", n_modules, base, frac, *objective(position_batches, codes, training)))
    return pd.DataFrame(rows, columns=["code", "n_modules", "scale_m", "width_fraction", "separation", "invariance",
                                       "capacity", "objective", "objective_no_capacity"])


def best_place_and_grid(codes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Rows of the lowest-objective place code and the lowest-objective grid code with two or more modules."""
    place = codes[codes["code"] == "place"]
    grid = codes[(codes["code"] == "grid") & (codes["n_modules"] >= 2)]
    return place.loc[place["objective"].idxmin()], grid.loc[grid["objective"].idxmin()]


def best_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """Lowest-objective place code and lowest-objective grid code per module count."""
    return codes.loc[codes.groupby(["code", "n_modules"])["objective"].idxmin()].reset_index(drop=True)
