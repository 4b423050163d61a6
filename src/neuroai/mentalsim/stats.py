"""Metrics per system with bootstrap confidence intervals over conditions and training seeds, contrasts against the
best model, each model's standing between the baselines, and the model-recovery confusion matrix.

Every statistic is rebuilt from per-condition sums, and all systems share one matrix of bootstrap resample counts
(and one draw of seed resamples), so contrasts between systems are paired over the same resampled sets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from neuroai.mentalsim.baselines import HEURISTICS
from neuroai.mentalsim.schemas import PAIR_SUMS

HIGHER_IS_BETTER = {"occluded_position_r": True, "occluded_position_rmse": False, "interception_r": True,
                    "interception_rmse": False, "predictivity_occluded": True, "predictivity_whole_trial": True,
                    "predictivity_occluded_partial": True, "consistency": True}
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


def _ci(values: np.ndarray, level: float) -> dict[str, float]:
    """Percentile interval of bootstrap values, as the tables' `ci_low` and `ci_high` columns."""
    tail = 100 * (1 - level) / 2
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return {"ci_low": float(low), "ci_high": float(high)}


def over_replicates(per_replicate: Mapping[int, np.ndarray], uniform: np.ndarray) -> np.ndarray:
    """Mean over training seeds of a metric (1 + n_boot,): row 0 over all seeds, row b over a resample of the seeds
    (indices from `uniform` (n_boot, max seeds), shared by every system so contrasts stay paired)."""
    stacked = np.stack([per_replicate[r] for r in sorted(per_replicate)])  # (seeds, 1 + n_boot)
    n = len(stacked)
    picks = (uniform[:, :n] * n).astype(int)  # (n_boot, seeds)
    boot = stacked[picks, np.arange(1, stacked.shape[1])[:, None]].mean(1)
    return np.concatenate([[stacked[:, 0].mean()], boot])


def replicate_values(decoding: pd.DataFrame, sums: pd.DataFrame, models: list[str],
                     weights: np.ndarray) -> dict[tuple[str, str], dict[int, np.ndarray]]:
    """{(system, metric): {seed: (1 + n_boot,) values}}; the reference population counts as seed 0 only."""
    reference = decoding[decoding["system"].str.startswith("reference")]
    out: dict[tuple[str, str], dict[int, np.ndarray]] = {}
    for rep in sorted(decoding["replicate"].unique()):
        dec = decoding[decoding["replicate"] == rep]
        values = decoding_metrics(dec, weights)
        for (system, epoch), (_, scores) in unit_predictivity(sums[sums["replicate"] == rep], weights).items():
            values[system, f"predictivity_{epoch}"] = np.nanmedian(scores, axis=1)
        present = [m for m in models if m in set(dec["system"])]
        consistency = consistency_metrics(dec if rep == 0 else pd.concat([dec, reference]), present, weights)
        values.update({k: v for k, v in consistency.items() if rep == 0 or k[0] != "reference"})
        for key, v in values.items():
            out.setdefault(key, {})[int(rep)] = v
    return out


def _contrasts(values: Mapping[tuple[str, str], np.ndarray], models: Mapping[str, Any],
               level: float) -> list[dict]:
    contrasts = []
    for metric, higher in HIGHER_IS_BETTER.items():
        scored = {s: v for (s, m), v in values.items() if m == metric and s in models and np.isfinite(v[0])}
        if len(scored) < 2:
            continue
        best = (max if higher else min)(scored, key=lambda s: scored[s][0])
        rows = []
        for other in sorted(set(scored) - {best}):
            diff = scored[best] - scored[other]
            rows.append({"metric": metric, "best": best, "other": other, "difference": float(diff[0]),
                         **_ci(diff[1:], level),
                         "p_bootstrap": _p_two_sided(diff[1:])})
        holm = multipletests([r["p_bootstrap"] for r in rows], method="holm")[1]
        contrasts += [{**r, "p_holm": float(h)} for r, h in zip(rows, holm, strict=True)]
    return contrasts


def _p_two_sided(boot: np.ndarray) -> float:
    boot = boot[np.isfinite(boot)]
    return min(1.0, 2 * min(np.mean(boot <= 0), np.mean(boot >= 0)) + 1 / (len(boot) + 1))


def standing(values: Mapping[tuple[str, str], np.ndarray], models: Mapping[str, Any], level: float) -> pd.DataFrame:
    """Where each model lies between the random and oracle baselines (fraction of the way, per predictivity metric),
    and its difference from each no-simulation heuristic, with bootstrap CIs."""
    rows = []
    for metric in ("predictivity_occluded", "predictivity_whole_trial"):
        if ("random", metric) not in values or ("oracle", metric) not in values:
            continue
        floor, top = values["random", metric], values["oracle", metric]
        for model in (m for m in models if (m, metric) in values):
            score = values[model, metric]
            versus = {"random_to_oracle": (score - floor) / (top - floor)}
            versus |= {h: score - values[h, metric] for h in HEURISTICS if (h, metric) in values}
            for name, v in versus.items():
                rows.append({"system": model, "metric": metric, "versus": name, "value": float(v[0]),
                             **_ci(v[1:], level)})
    return pd.DataFrame(rows, columns=["system", "metric", "versus", "value", "ci_low", "ci_high"])


def recovery_table(sums: pd.DataFrame, weights: np.ndarray, uniform: np.ndarray, level: float,
                   among: Sequence[str] | None = None) -> pd.DataFrame:
    """Per generating system and candidate: occluded-epoch predictivity (mean over the candidate's seeds) and the
    fraction of bootstrap resamples in which the candidate ranks first among `among` (all candidates if None; NaN
    for candidates outside it): the confusion matrix of model recovery."""
    rows = []
    for generator, frame in sums.groupby("generator", sort=True):
        per_candidate = {}
        for rep, part in frame.groupby("replicate"):
            for (system, _), (_, scores) in unit_predictivity(part, weights).items():
                per_candidate.setdefault(system, {})[int(rep)] = np.nanmedian(scores, axis=1)
        names = sorted(per_candidate)
        scores = np.stack([over_replicates(per_candidate[n], uniform) for n in names])  # (candidates, 1 + n_boot)
        competing = np.array([among is None or n in among for n in names])
        top = np.argmax(np.where(np.isfinite(scores) & competing[:, None], scores, -np.inf), axis=0)
        for i, name in enumerate(names):
            rows.append({"generator": generator, "candidate": name, "predictivity": float(scores[i, 0]),
                         **_ci(scores[i, 1:], level),
                         "ranked_first": float(np.mean(top[1:] == i)) if competing[i] else np.nan})
    return pd.DataFrame(rows)


def summarise(decoding: pd.DataFrame, sums: pd.DataFrame, recovery: pd.DataFrame, task_reference: pd.DataFrame,
              models: Mapping[str, Any], evaluation: Mapping[str, Any],
              rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The study's statistics tables, by name (schemas.STATS_TABLE_NAMES): bootstrap resamples are over conditions
    and, for trained models, over training seeds. `recovery` and `task_reference` are RECOVERY_SUMS tables."""
    n_cond = int(decoding["condition"].max()) + 1
    n_boot, level = evaluation["n_bootstrap"], evaluation["ci_level"]
    weights = np.vstack([np.ones(n_cond), bootstrap_counts(rng, n_cond, n_boot)])
    n_seeds = int(max(decoding["replicate"].max(), recovery["replicate"].max() if len(recovery) else 0)) + 1
    uniform = rng.random((n_boot, n_seeds))
    per_rep = replicate_values(decoding, sums, list(models), weights)
    values = {key: over_replicates(reps, uniform) for key, reps in per_rep.items()}
    estimates = pd.DataFrame([
        {"system": s, "metric": m, "estimate": float(v[0]), **_ci(v[1:], level), "n_conditions": n_cond,
         "n_seeds": len(per_rep[s, m])}
        for (s, m), v in sorted(values.items())])
    units = []
    for rep in sorted(sums["replicate"].unique()):
        for (s, e), (ids, scores) in sorted(unit_predictivity(sums[sums["replicate"] == rep], weights[:1]).items()):
            units.append(pd.DataFrame({"system": s, "replicate": np.int32(rep), "epoch": e, "unit": ids.astype(np.int32),
                                       "predictivity": scores[0]}))
    return {"estimates": estimates, "contrasts": pd.DataFrame(_contrasts(values, models, level)),
            "unit_predictivity": pd.concat(units, ignore_index=True), "standing": standing(values, models, level),
            "recovery": recovery_table(recovery, weights, uniform, level),
            "task_reference": recovery_table(task_reference, weights, uniform, level, among=list(models))}
