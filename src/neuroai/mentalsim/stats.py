"""Metrics per system with bootstrap confidence intervals over conditions, and contrasts against the best model.

Every statistic is rebuilt from per-condition sums, and all systems share one matrix of bootstrap resample counts,
so contrasts between systems are paired over the same resampled condition sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from neuroai.mentalsim.noise_ceiling import (
    bootstrap_counts,
    corrected_predictivity,
    pearson_from_sums,
    spearman_brown,
)
from neuroai.mentalsim.schemas import PAIR_SUMS

HIGHER_IS_BETTER = {"occluded_position_r": True, "occluded_position_rmse": False, "interception_r": True,
                    "interception_rmse": False, "predictivity_occluded": True, "predictivity_whole_trial": True,
                    "consistency": True}
REFERENCE_HALVES = ("reference_half1", "reference_half2")


def _condition_sums(frame: pd.DataFrame, n_cond: int) -> np.ndarray:
    """(n_cond, 6) sums n, p, t, pt, pp, tt and squared error of predicted vs true per condition."""
    p, t = frame["predicted"].to_numpy(), frame["true"].to_numpy()
    values = np.column_stack([np.ones_like(p), p, t, p * t, p * p, t * t, (p - t) ** 2])
    out = np.zeros((n_cond, values.shape[1]))
    np.add.at(out, frame["condition"].to_numpy(), values)
    return out


def _r_and_rmse(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = totals[..., 0]
    return pearson_from_sums(n, totals[..., 1:6]), np.sqrt(totals[..., 6] / n)


def decoding_metrics(decoding: pd.DataFrame, weights: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    """{(system, metric): values}, row 0 the full-sample estimate and rows 1.. the bootstrap resamples."""
    n_cond = weights.shape[1]
    out = {}
    for system, frame in decoding.groupby("system", sort=True):
        by_target = {t: weights @ _condition_sums(f, n_cond) for t, f in frame.groupby("target")}
        r_x, _ = _r_and_rmse(by_target["occluded_x"])
        r_y, _ = _r_and_rmse(by_target["occluded_y"])
        both = by_target["occluded_x"] + by_target["occluded_y"]
        out[system, "occluded_position_r"] = (r_x + r_y) / 2
        out[system, "occluded_position_rmse"] = np.sqrt(both[:, 6] / both[:, 0])
        out[system, "interception_r"], out[system, "interception_rmse"] = _r_and_rmse(by_target["interception"])
    return out


def unit_predictivity(sums: pd.DataFrame, weights: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    """{(system, epoch): (unit ids, (1 + n_boot, units) noise-corrected predictivity per unit)}."""
    out = {}
    n_cond = weights.shape[1]
    for (system, epoch), frame in sums.groupby(["system", "epoch"], sort=True):
        units = np.sort(frame["unit"].unique())
        cube = np.zeros((n_cond, len(units), 1 + len(PAIR_SUMS)))
        cube[frame["condition"].to_numpy(), np.searchsorted(units, frame["unit"].to_numpy())] = \
            frame[["n"] + PAIR_SUMS].to_numpy()
        totals = np.einsum("bc,cuk->buk", weights, cube)
        n = totals[..., 0]
        r = [pearson_from_sums(n, totals[..., 1 + 5 * i: 6 + 5 * i]) for i in range(3)]
        out[system, epoch] = units, corrected_predictivity(*r)
    return out


def residual_errors(decoding: pd.DataFrame) -> pd.DataFrame:
    """Per-condition interception error with the true endpoint regressed out (one column per system)."""
    frame = decoding[decoding["target"] == "interception"]
    true = frame.pivot(index="condition", columns="system", values="true").iloc[:, 0].to_numpy()
    errors = frame.pivot(index="condition", columns="system", values="predicted").sub(true, axis=0)
    design = np.column_stack([np.ones_like(true), true])
    coef, *_ = np.linalg.lstsq(design, errors.to_numpy(), rcond=None)
    return pd.DataFrame(errors.to_numpy() - design @ coef, index=errors.index, columns=errors.columns)


def consistency_metrics(decoding: pd.DataFrame, models: list[str], weights: np.ndarray) -> dict:
    """Noise-corrected error-pattern consistency with the reference: r(model, ref) / sqrt(SB(r(ref1, ref2)))."""
    resid = residual_errors(decoding)
    ones = np.ones(len(resid))

    def r(a, b):
        return pearson_from_sums(weights @ ones, weights @ np.column_stack([a, b, a * b, a * a, b * b]))
    ceiling = spearman_brown(r(resid[REFERENCE_HALVES[0]].to_numpy(), resid[REFERENCE_HALVES[1]].to_numpy()))
    out = {("reference", "consistency_ceiling"): ceiling}
    with np.errstate(invalid="ignore"):
        for model in models:
            out[model, "consistency"] = r(resid[model].to_numpy(), resid["reference"].to_numpy()) / np.sqrt(ceiling)
    return out


def _ci(values: np.ndarray, level: float) -> tuple[float, float]:
    tail = 100 * (1 - level) / 2
    return tuple(float(v) for v in np.nanpercentile(values, [tail, 100 - tail]))


def summarise(decoding: pd.DataFrame, sums: pd.DataFrame, models: Mapping[str, Any], evaluation: Mapping[str, Any],
              rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(estimates, contrasts, per-unit predictivity) tables."""
    n_cond = int(decoding["condition"].max()) + 1
    weights = np.vstack([np.ones(n_cond), bootstrap_counts(rng, n_cond, evaluation["n_bootstrap"])])
    level = evaluation["ci_level"]
    values = decoding_metrics(decoding, weights)
    per_unit = unit_predictivity(sums, weights)
    for (system, epoch), (_, scores) in per_unit.items():
        values[system, f"predictivity_{epoch}"] = np.nanmedian(scores, axis=1)
    values.update(consistency_metrics(decoding, list(models), weights))
    estimates = pd.DataFrame([
        {"system": s, "metric": m, "estimate": float(v[0]), "ci_low": _ci(v[1:], level)[0],
         "ci_high": _ci(v[1:], level)[1], "n_conditions": n_cond} for (s, m), v in sorted(values.items())])
    contrasts = []
    for metric, higher in HIGHER_IS_BETTER.items():
        scored = {s: v for (s, m), v in values.items() if m == metric and s in models and np.isfinite(v[0])}
        if len(scored) < 2:
            continue
        best = (max if higher else min)(scored, key=lambda s: scored[s][0])
        rows = []
        for other in sorted(set(scored) - {best}):
            diff = scored[best] - scored[other]
            boot = diff[1:][np.isfinite(diff[1:])]
            p = min(1.0, 2 * min(np.mean(boot <= 0), np.mean(boot >= 0)) + 1 / (len(boot) + 1))
            rows.append({"metric": metric, "best": best, "other": other, "difference": float(diff[0]),
                         "ci_low": _ci(diff[1:], level)[0], "ci_high": _ci(diff[1:], level)[1], "p_bootstrap": p})
        holm = multipletests([r["p_bootstrap"] for r in rows], method="holm")[1]
        contrasts += [{**r, "p_holm": float(h)} for r, h in zip(rows, holm, strict=True)]
    units = pd.concat([pd.DataFrame({"system": s, "epoch": e, "unit": ids.astype(np.int32),
                                     "predictivity": scores[0]}) for (s, e), (ids, scores) in sorted(per_unit.items())],
                      ignore_index=True)
    return estimates, pd.DataFrame(contrasts), units
